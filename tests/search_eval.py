"""Typing the query set into a site's search box and scoring what comes up.

Shared by the browser suite and scripts/benchmark.py: for each query, the visible result
links in order, their previews, and whether the section a link opens shows the query's fact.
"""
from __future__ import annotations

import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from browser import type_like_ime

QUERY_FILE = Path(__file__).parent / "search_queries.yml"
TOP = 5
SEARCH = "input.md-search__input"
SETTLED_MS = 120
EMPTY_SETTLED_MS = 600  # "nothing found" may be followed by a second, broader search
ALIAS_LABEL = "别名："
BOILERPLATE = ("引用格式（GB/T 7714）",)  # the citation label; the about page may speak of citations

# Counts renders of the search results, so that a query can wait for its own results.
WATCH_RESULTS = """() => {
  if (window.annalsRenders !== undefined) return;
  window.annalsRenders = 0;
  const result = document.querySelector('.md-search-result');
  new MutationObserver(() => { window.annalsRenders++; window.annalsRenderedAt = performance.now(); })
    .observe(result, { childList: true, subtree: true, characterData: true });
  document.querySelector('input.md-search__input')
    .addEventListener('input', () => { window.annalsTypedAt = performance.now(); window.annalsFirstAt = null; });
  new MutationObserver(() => {
    if (window.annalsFirstAt == null && document.querySelector('.md-search-result__item'))
      window.annalsFirstAt = performance.now();
  }).observe(result, { childList: true, subtree: true });
}"""

# True once the search index is loaded and the box waits for a query.
READY = "() => document.querySelector('.md-search-result__meta').textContent === '键入以开始搜索'"

# True once the results have not changed for a while (longer while they are empty).
SETTLED = """([ms, emptyMs]) => {
  const shown = document.querySelectorAll('.md-search-result__item').length > 0;
  return performance.now() - window.annalsRenderedAt > (shown ? ms : emptyMs);
}"""

# The visible results: link (path and anchor, decoded) and preview text, in order.
VISIBLE_RESULTS = """() => [...document.querySelectorAll('.md-search-result__list a.md-search-result__link')]
  .filter(a => !a.closest('details:not([open])'))
  .map(a => {
    const u = new URL(a.href);
    return { link: decodeURIComponent(u.pathname + u.hash), preview: a.innerText.replace(/\u200b/g, '') };
  })"""

# What a visitor reads where a link lands: the section under the heading with that id
# (up to the next heading of the same or a higher level), or for a link without an
# anchor, the top of the page above its first section heading.
SECTION_TEXTS = """() => {
  const article = document.querySelector('article');
  const visible = node => node.checkVisibility() ? node.innerText : '';
  let top = '';
  for (const node of article.children) {
    if (node.tagName === 'H2') break;
    top += '\\n' + visible(node);
  }
  const texts = { '': top };
  for (const heading of article.querySelectorAll('h2[id], h3[id], h4[id]')) {
    const level = Number(heading.tagName[1]);
    let text = heading.innerText;
    for (let node = heading.nextElementSibling; node; node = node.nextElementSibling) {
      if (/^H[1-6]$/.test(node.tagName) && Number(node.tagName[1]) <= level) break;
      text += '\\n' + visible(node);
    }
    texts[heading.id] = text;
  }
  return texts;
}"""

EMPTY_HELP = "() => [...document.querySelectorAll('.annals-search-help a')].map(a => a.textContent.trim())"


def load_queries() -> list[dict]:
    return yaml.safe_load(QUERY_FILE.read_text(encoding="utf-8"))


def squeeze(text: str) -> str:
    """Text without any white space, for comparing what a reader sees."""
    return "".join(text.split())


def facts_of(query: dict) -> list[str]:
    fact = query.get("fact")
    if fact is None:
        return []
    return [str(f) for f in fact] if isinstance(fact, list) else [str(fact)]


@dataclass
class Outcome:
    """What one query showed."""

    query: dict
    links: list[str]
    previews: list[str]
    holds: list[bool] = field(default_factory=list)  # per visible link: does it show the fact
    help_links: list[str] = field(default_factory=list)
    first_ms: float | None = None

    @property
    def answerable(self) -> bool:
        return bool(facts_of(self.query))

    @property
    def first(self) -> bool:
        return bool(self.holds[:1]) and self.holds[0]

    @property
    def top(self) -> bool:
        return any(self.holds[:TOP])

    @property
    def alias_previews(self) -> int:
        return sum(ALIAS_LABEL in p for p in self.previews)

    @property
    def boilerplate_previews(self) -> int:
        return sum(any(b in p for b in BOILERPLATE) for p in self.previews)

    def rank(self) -> int | None:
        return next((i for i, held in enumerate(self.holds, start=1) if held), None)

    def line(self) -> str:
        mark = "✓" if self.first else ("○" if self.top else "✗")
        facts = "／".join(facts_of(self.query)) or "（无结果）"
        first = self.links[0] if self.links else "—"
        return f"{mark} {self.query['query']} → {facts}：第 {self.rank() or '—'} 位；第一个结果 {first}"


class SectionReader:
    """Visible text of the sections that result links open, read once per page."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.pages: dict[str, dict[str, str]] = {}

    def text(self, link: str) -> str:
        path, _, anchor = link.partition("#")
        if path not in self.pages:
            self.page.goto(urllib.parse.urljoin(self.base, urllib.parse.quote(path.lstrip("/"))), wait_until="domcontentloaded")
            self.pages[path] = {key: squeeze(value) for key, value in self.page.evaluate(SECTION_TEXTS).items()}
        return self.pages[path].get(anchor, "")

    def holds(self, link: str, facts: list[str]) -> bool:
        section = self.text(link)
        return any(squeeze(fact) in section for fact in facts)

    def close(self) -> None:
        self.context.close()


def open_search(page) -> None:
    """Open the search as a visitor does, and wait until the index is ready."""
    page.locator("label.md-header__button[for=__search]").click()
    page.wait_for_function(READY)
    page.evaluate(WATCH_RESULTS)


def search(page, text: str) -> tuple[list[dict], float | None]:
    """Type a query; the visible results once they stop changing, and ms to the first one."""
    renders = page.evaluate("() => window.annalsRenders")
    type_like_ime(page, SEARCH, text)
    page.wait_for_function("n => window.annalsRenders > n", arg=renders)
    page.wait_for_function(SETTLED, arg=[SETTLED_MS, EMPTY_SETTLED_MS], polling=20)
    first = page.evaluate("() => window.annalsFirstAt == null ? null : window.annalsFirstAt - window.annalsTypedAt")
    return page.evaluate(VISIBLE_RESULTS), first


def evaluate(page, reader: SectionReader, queries: list[dict]) -> list[Outcome]:
    """Every query typed once into an open search; each result link checked for the fact."""
    outcomes = []
    for query in queries:
        results, first_ms = search(page, str(query["query"]))
        links = list(dict.fromkeys(r["link"] for r in results))  # a page heading and its section share one
        outcome = Outcome(query, links, [r["preview"] for r in results], first_ms=first_ms)
        facts = facts_of(query)
        outcome.holds = [reader.holds(link, facts) for link in links[:TOP]] if facts else []
        outcome.help_links = page.evaluate(EMPTY_HELP) if not links else []
        outcomes.append(outcome)
    return outcomes


@dataclass
class Scores:
    """Totals over a query set."""

    queries: int
    first: int
    top: int
    alias_previews: int
    boilerplate_previews: int
    empty_with_help: int
    unanswerable: int

    @property
    def first_share(self) -> float:
        return self.first / self.queries if self.queries else 0.0

    @property
    def top_share(self) -> float:
        return self.top / self.queries if self.queries else 0.0


def scores(outcomes: list[Outcome], style: str | None = None) -> Scores:
    chosen = [o for o in outcomes if style is None or o.query.get("style") == style]
    answerable = [o for o in chosen if o.answerable]
    unanswerable = [o for o in chosen if not o.answerable]
    return Scores(
        queries=len(answerable),
        first=sum(o.first for o in answerable),
        top=sum(o.top for o in answerable),
        alias_previews=sum(o.alias_previews for o in chosen),
        boilerplate_previews=sum(o.boilerplate_previews for o in chosen),
        empty_with_help=sum(not o.links and bool(o.help_links) for o in unanswerable),
        unanswerable=len(unanswerable),
    )


def report(outcomes: list[Outcome]) -> str:
    """One line per query, then the totals by style."""
    lines = [o.line() for o in outcomes]
    lines.append("")
    rows = [("全部", scores(outcomes)), ("访客写法", scores(outcomes, "visitor")), ("记录用词", scores(outcomes, "record"))]
    lines.append(row(["", "查询数", "第一个结果含答案", "前五个含答案", "预览含别名行", "预览含引用样板"]))
    for label, s in rows:
        lines.append(row([label, str(s.queries), f"{s.first}（{s.first_share:.0%}）", f"{s.top}（{s.top_share:.0%}）",
                          str(s.alias_previews), str(s.boilerplate_previews)]))
    total = scores(outcomes)
    lines.append(f"没有答案的查询：{total.unanswerable} 个，其中 {total.empty_with_help} 个显示了“没有找到”和站内导航")
    return "\n".join(lines)


def row(cells: list[str]) -> str:
    widths = [10, 8, 20, 16, 14, 14]
    return "".join(pad(c, w) for c, w in zip(cells, widths))


def pad(text: str, width: int) -> str:
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - shown, 1)


