"""Indicator pages and the statistics section in Chromium: phone and desktop, web and file://."""
from __future__ import annotations

import contextlib
import io
import urllib.parse
import zipfile
from pathlib import Path

import pytest

from annals.archive import build_archive
from annals.build import build_site
from browser import RequestLog, chromium, serve_folder
from conftest import copy_project

WIDTHS = (390, 1280)
PAGES = ("statistics/", "statistics/microcredit-amount/", "statistics/figures/", "programmes/chunlei-plan/")


def add_second_year(project: Path) -> None:
    """A copy of 2011 as 2012 with two values changed: every indicator gets two points."""
    text = (project / "records" / "work" / "2011.yml").read_text(encoding="utf-8")
    second = text.replace("year: 2011", "year: 2012", 1).replace("title: 2011年工作", "title: 2012年工作", 1)
    second = second.replace("value: 689.9\n", "value: 720.5\n", 1).replace("value: 2600\n", "value: 2900\n", 1)
    (project / "records" / "work" / "2012.yml").write_text(second, encoding="utf-8")


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("statistics") / "project")
    add_second_year(project)
    build_site(project, "public", out=io.StringIO())
    with contextlib.redirect_stdout(io.StringIO()):
        archive = build_archive(project)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(project / "unzipped")
    return project


@pytest.fixture(scope="module")
def browser():
    with chromium() as opened:
        yield opened


def charts_shown(page) -> list[dict]:
    """Size and text alternative of every chart on the page."""
    return page.eval_on_selector_all(
        "svg[role=img]",
        "nodes => nodes.map(n => ({w: n.getBoundingClientRect().width, h: n.getBoundingClientRect().height,"
        " label: n.getAttribute('aria-labelledby'), right: n.getBoundingClientRect().right}))",
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_statistics_pages_show_charts_and_tables_with_no_outside_request(two_years: Path, browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    with serve_folder(two_years / "site") as base:
        for path in PAGES:
            page = context.new_page()
            log = RequestLog(page)
            page.goto(base + path, wait_until="load")
            assert page.locator("h1").count() == 1, path
            assert page.locator("table").count() >= 1, path
            if path == "statistics/microcredit-amount/":
                (chart,) = charts_shown(page)
                assert chart["w"] > 200 and chart["h"] > 100 and chart["label"]
                assert chart["right"] <= width  # the chart shrinks to the phone's width
                assert "2012年：720.5万元" in page.locator("svg[role=img] desc").text_content()
            if path == "statistics/":
                assert len(charts_shown(page)) >= 20  # a trend line for every indicator
            assert log.foreign(base) == [], path
            assert log.console_errors == [], path
            page.close()
    context.close()


def test_the_table_of_every_figure_sorts_by_theme_and_year_by_keyboard(two_years: Path, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serve_folder(two_years / "site") as base:
        page.goto(base + "statistics/figures/", wait_until="load")
        def column(n: int) -> list[str]:
            return page.eval_on_selector_all("[data-sort-columns] table tbody tr", f"rows => rows.map(r => r.cells[{n}].textContent)")

        def years() -> list[str]:
            return column(0)

        def themes() -> list[str]:
            return column(1)
        assert years()[0] == "2012" and years()[-1] == "2011"
        page.locator("button.annals-sort", has_text="年份").focus()
        page.keyboard.press("Enter")
        assert years()[0] == "2011" and years()[-1] == "2012"
        assert page.locator("th[aria-sort=ascending]").inner_text().startswith("年份")
        page.locator("button.annals-sort", has_text="主题").click()
        shown = themes()
        runs = [theme for i, theme in enumerate(shown) if i == 0 or shown[i - 1] != theme]
        assert len(runs) == len(set(shown)) == 4  # each theme's rows now stand together
    page.close()


def test_statistics_pages_work_from_file_in_the_archive(two_years: Path, browser):
    top = next((two_years / "unzipped").iterdir())
    context = browser.new_context(viewport={"width": 390, "height": 900}, offline=True)
    refused: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else (refused.append(route.request.url), route.abort()))
    page = context.new_page()
    log = RequestLog(page)
    for path in ("statistics/index.html", "statistics/microcredit-amount.html", "statistics/downloads.html"):
        page.goto((top / "data" / path).as_uri(), wait_until="load")
        assert page.locator("h1").count() == 1, path
    assert len(charts_shown(page)) == 0  # the downloads page has no chart
    page.goto((top / "data" / "statistics" / "microcredit-amount.html").as_uri(), wait_until="load")
    assert len(charts_shown(page)) == 1
    csv = page.locator("a", has_text="表格（CSV）").get_attribute("href")
    assert (top / "data" / "statistics" / csv).resolve().is_file()
    page.goto((top / "data" / "statistics" / "figures.html").as_uri(), wait_until="load")
    links = page.eval_on_selector_all("[data-sort-columns] table a", "links => links.map(a => a.href)")
    assert links and all(link.startswith("file://") for link in links)
    for link in sorted({link.split("#")[0] for link in links}):  # every item and indicator it links to is in the archive
        assert Path(urllib.parse.unquote(urllib.parse.urlsplit(link).path)).is_file(), link
    assert refused == [] and log.console_errors == []
    context.close()
