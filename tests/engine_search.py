"""The project's search queries typed into either engine's search box; shared by tests and benchmark.

Each engine has its own search interface: Material's in the page, Zensical's in a
dialog inside a shadow root. Both are driven as a phone visitor with an input method
drives them, and scored by the same rule as tests/test_search_browser.py: the expected
page (or section) must be among the first five visible results.
"""
from __future__ import annotations

from dataclasses import dataclass

from browser import RequestLog, type_like_ime
from search_eval import TOP, load_queries, open_search
from search_eval import search as material_results

# The queries that name the page (or section) that answers them; both engines are scored on these.
QUERIES = [q for q in load_queries() if q.get("page")]


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


def search(page, query: dict) -> Outcome:
    """Type a query into Material's search and read the result links once they stop changing."""
    results, _ = material_results(page, str(query["query"]))
    return Outcome(query, list(dict.fromkeys(r["link"] for r in results)))
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
ZENSICAL_INPUT = "input[role=combobox]"
SETTLED_MS = 150
EMPTY_SETTLED_MS = 600

# Zensical's search dialog lives in the shadow root of a direct child of <body>.
_ZENSICAL_ROOT = "[...document.body.children].find(e => e.shadowRoot && e.shadowRoot.querySelector('input[role=combobox]')).shadowRoot"

# Counts renders of the dialog, so that a query's results can be told from the previous ones.
ZENSICAL_WATCH = """() => {
  if (window.annalsRenders !== undefined) return;
  window.annalsRenders = 0;
  window.annalsRenderedAt = performance.now();
  new MutationObserver(() => { window.annalsRenders++; window.annalsRenderedAt = performance.now(); })
    .observe(ROOT, { childList: true, subtree: true, characterData: true });
}""".replace("ROOT", _ZENSICAL_ROOT)

ZENSICAL_SETTLED = """([ms, emptyMs]) => {
  const shown = ROOT.querySelectorAll('ol[role=listbox] a[role=option]').length > 0;
  return performance.now() - window.annalsRenderedAt > (shown ? ms : emptyMs);
}""".replace("ROOT", _ZENSICAL_ROOT)

ZENSICAL_LINKS = """() => [...ROOT.querySelectorAll('ol[role=listbox] a[role=option]')]
  .map(a => { const u = new URL(a.href); return decodeURIComponent(u.pathname + u.hash); })""".replace("ROOT", _ZENSICAL_ROOT)


def open_zensical_search(page) -> None:
    """Open Zensical's search dialog as a visitor does and start watching its results."""
    page.locator("label.md-header__button[for=__search]").click()
    page.locator(ZENSICAL_INPUT).wait_for()
    page.evaluate(ZENSICAL_WATCH)


def search_zensical(page, query: dict) -> Outcome:
    """Type a query into Zensical's dialog and read the result links once they stop changing."""
    renders = page.evaluate("() => window.annalsRenders")
    type_like_ime(page, ZENSICAL_INPUT, query["query"])
    page.wait_for_function("n => window.annalsRenders > n", arg=renders)
    page.wait_for_function(ZENSICAL_SETTLED, arg=[SETTLED_MS, EMPTY_SETTLED_MS], polling=20)
    return Outcome(query, page.evaluate(ZENSICAL_LINKS))


DRIVERS = {"material": (open_search, search), "zensical": (open_zensical_search, search_zensical)}


def run_queries(browser, base: str, engine: str, queries: list[dict] = QUERIES, timeout_ms: int = 15_000) -> tuple[list[Outcome], RequestLog]:
    """Every query typed into one phone page of the site served at base; outcomes and the page's log."""
    opener, searcher = DRIVERS[engine]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    log = RequestLog(page)
    page.goto(base)
    opener(page)
    try:
        return [searcher(page, query) for query in queries], log
    finally:
        context.close()


def score(outcomes: list[Outcome]) -> tuple[int, int]:
    """Queries whose page is among the first five results, and all queries."""
    return sum(o.found for o in outcomes), len(outcomes)


__all__ = ["QUERIES", "TOP", "Outcome", "run_queries", "score"]
