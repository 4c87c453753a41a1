"""Chinese site search in Chromium: what visitors type finds the right page.

The site is built once into a project copy and served on 127.0.0.1. Queries come
from search_queries.yml and are typed as an input method types them, on a phone.
"""
from __future__ import annotations

import io
import json
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from annals.build import build_site
from browser import RequestLog, chromium, serve_folder, type_like_ime

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
RECORD_KINDS = {"organization", "departments", "plans", "programmes", "honors", "work", "sources"}
KINDS_WITH_ALIASES = RECORD_KINDS - {"sources"}
TOP = 5
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SEARCH = "input.md-search__input"
SETTLED_MS = 120
EMPTY_SETTLED_MS = 600  # "nothing found" may be followed by a second, broader search

# A hand-written page: its headings get anchors from the configured slugify.
GUIDE = """---
title: 使用说明
---

# 使用说明

## 搜索技巧

输入单位名称、文号或关键词即可，不必输入空格。

## 联系我们

请写信给市妇联办公室。
"""

# Counts renders of the search results, so that a test can wait for the latest query.
WATCH_RESULTS = """() => {
  if (window.annalsRenders !== undefined) return;
  window.annalsRenders = 0;
  const result = document.querySelector('.md-search-result');
  new MutationObserver(() => { window.annalsRenders++; window.annalsRenderedAt = performance.now(); })
    .observe(result, { childList: true, subtree: true, characterData: true });
}"""

# True once the results have not changed for a while (longer while they are empty).
SETTLED = """([ms, emptyMs]) => {
  const shown = document.querySelectorAll('.md-search-result__item').length > 0;
  return performance.now() - window.annalsRenderedAt > (shown ? ms : emptyMs);
}"""

VISIBLE_LINKS = """() => [...document.querySelectorAll('.md-search-result__list a.md-search-result__link')]
  .filter(a => !a.closest('details:not([open])'))
  .map(a => { const u = new URL(a.href); return decodeURIComponent(u.pathname + u.hash); })"""

# The visible text of a page, and of each section under a heading with an id.
VISIBLE_TEXT = """() => {
  const article = document.querySelector('article');
  const texts = { '': article.innerText };
  for (const heading of article.querySelectorAll('h2[id], h3[id]')) {
    const level = Number(heading.tagName[1]);
    let text = heading.innerText;
    for (let node = heading.nextElementSibling; node; node = node.nextElementSibling) {
      if (/^H[1-6]$/.test(node.tagName) && Number(node.tagName[1]) <= level) break;
      if (node.checkVisibility()) text += '\\n' + node.innerText;
    }
    texts[heading.id] = text;
  }
  return texts;
}"""


@dataclass
class Outcome:
    """What one query showed: the visible result links, in order."""

    query: dict
    links: list[str]

    @property
    def rank(self) -> int | None:
        """Position (from 1) of the first link to the expected page or section."""
        page = self.query["page"]
        for position, link in enumerate(self.links, start=1):
            if link == page or ("#" not in page and link.split("#")[0] == page):
                return position
        return None

    @property
    def found(self) -> bool:
        return self.rank is not None and self.rank <= TOP

    def line(self) -> str:
        return f"{self.query['query']}（{self.query['match']}）→ {self.query['page']}：第 {self.rank} 位；前 {TOP} 个：{self.links[:TOP]}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The default records and a hand-written page, built once into a project copy."""
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("search") / "project")
    (project / "docs" / "guide.md").write_text(GUIDE, encoding="utf-8")
    build_site(project, out=io.StringIO())
    return project / "site"


@pytest.fixture(scope="module")
def base(site: Path):
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def phone(browser, base: str):
    """One phone-sized page for every query, with its requests and console recorded."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log = RequestLog(page)
    page.goto(base)
    open_search(page)
    yield page, log
    context.close()


@pytest.fixture(scope="module")
def outcomes(phone) -> list[Outcome]:
    """Every query of the query file, typed into the phone's search box once."""
    page, _ = phone
    return [search(page, query) for query in QUERIES]


def open_search(page) -> None:
    """Open the search as a visitor does, and wait until the index is ready."""
    page.locator("label.md-header__button[for=__search]").click()
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent === '键入以开始搜索'")
    page.evaluate(WATCH_RESULTS)


def search(page, query: dict) -> Outcome:
    """Type a query and read the result links once they stop changing."""
    renders = page.evaluate("() => window.annalsRenders")
    type_like_ime(page, SEARCH, query["query"])
    page.wait_for_function("n => window.annalsRenders > n", arg=renders)
    page.wait_for_function(SETTLED, arg=[SETTLED_MS, EMPTY_SETTLED_MS], polling=20)
    return Outcome(query, page.evaluate(VISIBLE_LINKS))


def summary(outcomes: list[Outcome]) -> str:
    return "\n".join(o.line() for o in outcomes)


def test_queries_cover_every_record_kind_literally_and_by_alias():
    assert len(QUERIES) >= 40
    assert {q["match"] for q in QUERIES} == {"literal", "alias"}
    assert RECORD_KINDS <= {q["kind"] for q in QUERIES if q["match"] == "literal"}
    assert KINDS_WITH_ALIASES <= {q["kind"] for q in QUERIES if q["match"] == "alias"}
    assert len({q["query"] for q in QUERIES}) == len(QUERIES), "重复的搜索词"


def test_literal_queries_are_on_their_page_and_alias_queries_are_not(browser, base: str):
    """The query file's labels are true of the built pages: what a reader sees there."""
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    wrong = []
    for path in sorted({q["page"].split("#")[0] for q in QUERIES}):
        page.goto(urllib.parse.urljoin(base, path.lstrip("/")), wait_until="domcontentloaded")
        texts = {key: "".join(text.split()) for key, text in page.evaluate(VISIBLE_TEXT).items()}
        for query in (q for q in QUERIES if q["page"].split("#")[0] == path):
            anchor = query["page"].partition("#")[2]
            assert anchor in texts, f"{query['page']} 没有这个锚点"
            visible = query["query"] in texts[anchor]
            if visible != (query["match"] == "literal"):
                wrong.append(f"{query['query']}（标为 {query['match']}）在 {query['page']} 上{'可见' if visible else '不可见'}")
    context.close()
    assert not wrong, "\n".join(wrong)


def test_every_literal_query_finds_its_page_in_the_top_five(outcomes):
    missed = [o for o in outcomes if o.query["match"] == "literal" and not o.found]
    assert not missed, summary(missed)


def test_at_least_95_percent_of_all_queries_find_their_page(outcomes):
    found = [o for o in outcomes if o.found]
    missed = [o for o in outcomes if not o.found]
    assert len(found) >= 0.95 * len(outcomes), summary(missed)


def test_searching_causes_no_console_errors_and_no_request_to_another_host(outcomes, phone, base):
    _, log = phone
    assert log.console_errors == []
    assert log.foreign(base) == []
    assert any("/search/search_index.json" in url for url in log.requests)


def test_queries_without_chinese_still_work(phone):
    page, _ = phone
    outcome = search(page, {"query": "12338", "page": "/programmes/hotline-12338/", "match": "literal"})
    assert outcome.rank == 1, outcome.line()


def test_a_query_typed_in_pieces_updates_the_results(phone):
    """Each keystroke of an input method searches again; the last one wins."""
    page, _ = phone
    search(page, {"query": "维权", "page": "/", "match": "literal"})
    outcome = search(page, {"query": "维权热线", "page": "/programmes/hotline-12338/", "match": "literal"})
    assert outcome.rank == 1, outcome.line()


def test_aliases_are_indexed_but_hidden_from_readers(browser, base: str):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base + "programmes/microcredit-women-entrepreneurship/")
    aliases = page.locator("p.annals-aliases")
    assert aliases.count() == 1
    assert "小额贷款" in aliases.text_content()
    assert aliases.is_hidden()
    assert "别名" not in page.locator("article").inner_text()
    context.close()


def test_a_section_result_opens_its_section(browser, base: str):
    """On a desktop screen: the result for a work item links to its anchor, which exists."""
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    log = RequestLog(page)
    page.goto(base)
    page.locator(SEARCH).wait_for()
    type_like_ime(page, SEARCH, "结案率")
    link = page.locator("a.md-search-result__link[href*='#petitions']").first
    link.click()
    page.wait_for_url(lambda url: urllib.parse.urlsplit(url).path == "/work/2011/" and url.endswith("#petitions"))
    heading = page.locator("h3#petitions")
    assert heading.inner_text().startswith("信访案件办理")
    assert heading.is_visible()
    assert page.evaluate("() => document.getElementById('petitions').getBoundingClientRect().top") < 900
    assert log.console_errors == [] and log.foreign(base) == []
    context.close()


def test_hand_written_headings_get_readable_anchors_that_results_link_to(phone):
    page, _ = phone
    outcome = search(page, {"query": "搜索技巧", "page": "/guide/#搜索技巧", "match": "literal"})
    assert outcome.rank is not None and outcome.rank <= TOP, outcome.line()


def test_search_index_links_only_to_readable_anchors(site: Path):
    """No anchor like _1 or _2: those change whenever a heading is added above."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    anchors = [doc["location"].partition("#")[2] for doc in index["docs"]]
    unreadable = [a for a in anchors if a and (a.startswith("_") or a.isdigit())]
    assert unreadable == []


def test_dictionary_keeps_names_whole_only_where_their_parts_stay_searchable():
    """济政发 and 维权站 stay whole; 好儿媳 or 女律师 would hide 儿媳 and 律师, so jieba cuts them."""
    from annals.render.site import search_terms
    from annals.validate import check
    from conftest import ROOT

    catalog, problems = check(ROOT)
    assert problems == []
    terms = set(search_terms(catalog))
    assert {"济政发", "维权站", "文明岗"} <= terms
    assert not terms & {"好儿媳", "女律师", "女企业家", "十佳好女儿", "筑牢反腐倡廉防线", "省级文明机关"}
