"""Charts of thirty years in Chromium, on a phone and a desktop: no text touches another, none under 12 px, the width used."""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from annals.build import build_site
from browser import chromium, serve_folder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import multiyear  # noqa: E402

MIN_TEXT_PX = 12
MEASURE = """() => {
  const article = document.querySelector("article.md-content__inner");
  const style = getComputedStyle(article);
  const inner = article.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [...document.querySelectorAll(".annals-chart")].map(chart => {
    const texts = [...chart.querySelectorAll("svg text")].map(t => {
      const r = t.getBoundingClientRect(), box = t.ownerSVGElement.getBoundingClientRect();
      const scale = t.getScreenCTM().a;
      return {text: t.textContent, plot: t.ownerSVGElement.classList.contains("annals-chart-plot"), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5,
              px: parseFloat(getComputedStyle(t).fontSize) * scale};
    });
    return {width: chart.getBoundingClientRect().width, content: inner, texts, desc: chart.querySelector("desc").textContent,
            points: chart.querySelectorAll("circle[class^=annals-point]").length,
            titled: chart.querySelectorAll("circle[class^=annals-point] > title").length};
  });
}"""


@pytest.fixture(scope="module")
def thirty(tmp_path_factory) -> tuple[Path, list[str]]:
    """The generated thirty-year record, built; with its four longest series (by points drawn)."""
    project = tmp_path_factory.mktemp("charts") / "project"
    multiyear.generate(project, years=30)
    build_site(project, "public", out=io.StringIO())
    drawn = {page.stem: page.read_text(encoding="utf-8").count('class="annals-point-') for page in (project / "docs" / "statistics").glob("*.md")}
    longest = sorted(drawn, key=lambda name: (-drawn[name], name))[:4]
    assert drawn[longest[-1]] >= 20
    return project / "site", longest


def overlaps(texts: list[dict]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes intersect (a hair of antialiasing aside)."""
    return [
        (a["text"], b["text"])
        for i, a in enumerate(texts) for b in texts[i + 1:]
        if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5 and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_long_charts_keep_texts_apart_readable_and_as_wide_as_the_content(thirty, width):
    site, longest = thirty
    with chromium() as browser, serve_folder(site) as base:
        page = browser.new_page(viewport={"width": width, "height": 900})
        for name in longest:
            page.goto(f"{base}statistics/{name}/index.html")
            (chart,) = page.evaluate(MEASURE)
            texts = chart["texts"]
            assert len(texts) >= 8, name  # value axis, years, some values
            assert overlaps(texts) == [], name
            assert [t["text"] for t in texts if not t["inside"]] == [], name
            assert min(t["px"] for t in texts) >= MIN_TEXT_PX, name
            assert chart["width"] >= 0.95 * chart["content"], name
            assert chart["points"] == chart["titled"] >= 20, name  # every value keeps its dot and its own text
            years = [t["text"] for t in texts if t["plot"] and re.fullmatch(r"\d{4}", t["text"])]
            described = re.findall(r"(\d{4})年：", chart["desc"])
            assert years[0] == described[0] and years[-1] == described[-1] and len(described) >= 25, name
            table = page.locator("#series + .md-typeset__scrollwrap table, #series ~ .md-typeset__scrollwrap table").first
            assert table.locator("tbody tr").count() == len(described), name  # every year in the table below, gaps included
