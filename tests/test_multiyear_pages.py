"""Pages that scale: the generated thirty-year record on a phone (390 px) and a desktop (1280 px)."""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from annals.build import build_site
from browser import RequestLog, chromium, serve_folder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import multiyear  # noqa: E402

YEARS = 30
LAST = 2011 + YEARS - 1
WIDTHS = (390, 1280)
PAGE_LIMIT = 300 * 1024  # bytes of HTML of the largest page at thirty years


@pytest.fixture(scope="module")
def thirty(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("thirty") / "project"
    multiyear.generate(project, years=YEARS)
    build_site(project, "public", out=io.StringIO())
    return project / "site"


@pytest.fixture(scope="module")
def browser():
    with chromium() as opened:
        yield opened


def test_no_page_is_larger_than_300_kb(thirty: Path):
    sizes = {p.relative_to(thirty).as_posix(): p.stat().st_size for p in thirty.rglob("*.html")}
    largest = max(sizes, key=sizes.get)
    assert len(sizes) > 100
    assert sizes[largest] <= PAGE_LIMIT, f"{largest}: {sizes[largest] / 1024:.0f} KB"


def test_every_figure_is_on_exactly_one_decade_page(thirty: Path):
    index = (thirty / "statistics/figures/index.html").read_text(encoding="utf-8")
    decades = sorted(set(re.findall(r'href="\.\./figures-(\d{4})s/"', index)))
    assert decades == ["2010", "2020", "2030", "2040"]
    total = int(re.search(r"全部(\d+)个数字", index).group(1))
    rows = 0
    for start in decades:
        page = (thirty / f"statistics/figures-{start}s/index.html").read_text(encoding="utf-8")
        body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        years = {int(y) for y in re.findall(r"<tr>\s*<td>(\d{4})</td>", body)}
        assert years and all(int(start) <= y < int(start) + 10 for y in years), start
        rows += body.count("<tr>")
    assert rows == total > 1000


@pytest.mark.parametrize("width", WIDTHS)
def test_year_navigation_is_grouped_by_decade(thirty: Path, browser, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    with serve_folder(thirty) as base:
        page.goto(base + "work/2027/", wait_until="load")
        if width < 1220:  # the navigation is in the drawer behind the menu button
            page.locator("label.md-header__button[for=__drawer]").click()
            page.wait_for_timeout(300)
        links = page.eval_on_selector_all(  # links, and the labels that open a section
            "nav.md-nav--primary .md-nav__link",
            "as => as.map(a => ({text: a.textContent.trim(), href: a.getAttribute('href')}))",
        )
        texts = [link["text"] for link in links]
        for label in ("2040年", "2030—2039年", "2020—2029年", "2011—2019年"):
            assert label in texts, (label, texts)
        year_links = [t for t in texts if re.fullmatch(r"\d{4}年工作", t)]
        assert "2027年工作" in year_links
        assert set(year_links) <= {f"{y}年工作" for y in range(2020, 2030)}, year_links  # only the open decade
        # a closed decade leads to its newest year, whose page opens that decade
        page.goto(base + "work/2027/", wait_until="load")
        target = next(link["href"] for link in links if link["text"] == "2011—2019年")
        page.goto(base + "work/2027/" + target, wait_until="load")
        assert page.locator("h1").inner_text().startswith("2019年工作")
        shown = page.eval_on_selector_all("nav.md-nav--primary a.md-nav__link", "as => as.map(a => a.textContent.trim())")
        assert {f"{y}年工作" for y in range(2011, 2020)} <= set(shown)
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_honors_page_jumps_to_any_year(thirty: Path, browser, width: int):
    page = browser.new_page(viewport={"width": width, "height": 844})
    log = RequestLog(page)
    with serve_folder(thirty) as base:
        page.goto(base + "honors/", wait_until="load")
        jump = page.locator("nav.annals-years")
        assert jump.bounding_box()["y"] < 844  # on the first screen
        assert jump.locator("a").count() == YEARS
        jump.locator("a", has_text="2015年").click()
        page.wait_for_timeout(200)
        box = page.locator("h2#year-2015").bounding_box()
        assert 0 <= box["y"] < 300, box
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert log.console_errors == []
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_table_of_every_figure_by_decade_fits_and_sorts(thirty: Path, browser, width: int):
    page = browser.new_page(viewport={"width": width, "height": 844})
    with serve_folder(thirty) as base:
        page.goto(base + "statistics/figures/", wait_until="load")
        page.locator("article a", has_text="2020—2029年").first.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text().startswith("全部数字：2020—2029年")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width  # only the table's region scrolls
        region = page.locator("[data-sort-columns]")
        assert region.bounding_box()["width"] <= width

        def years() -> list[str]:
            return page.eval_on_selector_all("[data-sort-columns] tbody tr", "rows => rows.map(r => r.cells[0].textContent)")
        assert years()[0] == "2029" and years()[-1] == "2020"
        page.locator("button.annals-sort", has_text="年份").click()
        assert years()[0] == "2020" and years()[-1] == "2029"
        later = page.locator("article a", has_text="2030—2039年")
        assert later.count() >= 1
    page.close()


def test_an_indicator_cannot_take_the_name_of_a_decade_page(tmp_path: Path):
    from annals.validate import check

    project = tmp_path / "project"
    multiyear.generate(project, years=2)
    source = project / "records/indicators/microcredit-amount.yml"
    source.rename(source.with_name("figures-2010s.yml"))
    _, problems = check(project)
    messages = [str(p) for p in problems]
    assert any("figures-2010s" in m and "statistics/figures-2010s.md" in m and "换一个名字" in m for m in messages), messages
