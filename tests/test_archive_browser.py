"""The offline archive in Chromium: unzipped, opened from file://, with the network blocked."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from browser import RequestLog, chromium, type_like_ime
from test_archive import TOP, archive_project, build_archive_of

SEARCH = "input.md-search__input"
RESULTS = "() => /\\d+ 个符合条件的结果/.test(document.querySelector('.md-search-result__meta')?.textContent || '')"
QUERIES = {
    "春蕾计划": "programmes/chunlei-plan.html",
    "济政发": "plans/children-development-plan-12th.html",
    "权益部": "organization/rights-dept.html",
}


def unzip_archive(tmp_path_factory, name: str) -> Path:
    """The archive of a project copy, unzipped as an archivist would; its top folder."""
    archive = build_archive_of(archive_project(tmp_path_factory.mktemp(name) / "project"))
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(target)
    return target / TOP


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    return unzip_archive(tmp_path_factory, "browser")


class OfflineBrowser:
    """Chromium with the network off: only file:// loads; everything else is refused and recorded."""

    def __init__(self, browser):
        self.refused: list[str] = []
        self.failed: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def _failed(self, request) -> None:
        # Leaving a page cancels what it still loads (ERR_ABORTED); a missing file is another error.
        if request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.url} {request.failure}")

    def page(self):
        """A new page with its requests and console errors recorded."""
        page = self.context.new_page()
        page.set_default_timeout(10_000)
        page.on("requestfailed", self._failed)
        return page, RequestLog(page)


@pytest.fixture
def offline():
    """An offline Chromium context for one test."""
    with chromium() as browser:
        yield OfflineBrowser(browser)


def pages_of(top: Path) -> list[Path]:
    """Every HTML file an archivist can open besides the entry: the 说明 and every site page."""
    return [top / "说明.html", *sorted((top / "data").rglob("*.html"))]


def test_the_network_guard_records_what_it_refuses(unzipped: Path, offline: OfflineBrowser):
    page, _ = offline.page()
    page.goto((unzipped / "说明.html").as_uri())
    page.evaluate("fetch('https://example.org/probe').catch(() => null)")
    page.wait_for_timeout(100)
    assert offline.refused == ["https://example.org/probe"]


def test_every_page_opens_from_file_with_no_network_and_no_errors(unzipped: Path, offline: OfflineBrowser):
    page, log = offline.page()
    page.goto((unzipped / "index.html").as_uri())
    page.wait_for_url("**/data/index.html")
    visited = [unzipped / "index.html"]
    for file in pages_of(unzipped):
        page.goto(file.as_uri(), wait_until="load")
        assert page.title() and page.locator("h1").count() >= 1, file
        visited.append(file)
    assert len(visited) == len(list(unzipped.rglob("*.html"))) > 40
    assert offline.refused == []
    assert log.foreign("file://") == []
    assert offline.failed == []
    assert log.console_errors == []


def wait_for_results(page, query: str) -> None:
    """Wait until search answers; fail with what it shows if it never does."""
    try:
        page.wait_for_function(RESULTS, timeout=10_000)
    except Exception:
        shown = page.locator(".md-search-result__meta").inner_text()
        pytest.fail(f"搜索“{query}”没有结果，页面显示：{shown}")


@pytest.mark.parametrize("start", ["data/index.html", "data/programmes/index.html"])
def test_search_finds_chinese_terms_offline(unzipped: Path, start: str, offline: OfflineBrowser):
    page, log = offline.page()
    page.goto((unzipped / start).as_uri())
    for query, expected in QUERIES.items():
        type_like_ime(page, SEARCH, query)
        wait_for_results(page, query)
        assert "正在初始化搜索引擎" not in page.locator(".md-search-result__meta").inner_text()
        links = [a.get_attribute("href") for a in page.locator(".md-search-result__item a").all()]
        assert any(f"/data/{expected}" in link for link in links), (query, links)
    page.locator(f'.md-search-result__item a[href*="{expected}"]').first.click()
    page.wait_for_url(f"**/data/{expected}*")
    assert offline.refused == []
    assert log.foreign("file://") == []
    assert log.console_errors == []
