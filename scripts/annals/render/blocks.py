"""Building blocks shared by every page: front matter, links, fact tables, citations."""
from __future__ import annotations

import html

import frontmatter

from ..model import Catalog, Mention, Record
from ..routes import item_path as item_anchor
from ..routes import page_path
from ..schema import UNITS, Figure
from .figures import figure_text
from .markdown import bullet_list, heading, link, table, text

GENERATED_MARK = "annals"
# Source lines repeat on every page: only the sources page should answer a search for them.
SEARCH_EXCLUDE = "{: data-search-exclude }"


def item_path(mention: Mention) -> str:
    return item_anchor(mention.year, mention.item.id)


def document(
    path: str,
    title: str,
    body: list[str],
    description: str = "",
    tags: list[str] | None = None,
    jsonld: dict | None = None,
) -> tuple[str, str]:
    """Front matter + body, in a fixed key order.

    The theme prints title, description and tags into HTML without escaping them,
    so they are stored as HTML text; JSON-LD is escaped by the template itself.
    """
    meta: dict = {"title": html.escape(title), "generated_by": GENERATED_MARK}
    if description:
        meta["description"] = html.escape(description)
    if tags:
        meta["tags"] = [html.escape(tag) for tag in tags]
    if jsonld:
        meta["jsonld"] = jsonld
    content = "\n\n".join(part for part in body if part)
    return path, frontmatter.dumps(frontmatter.Post(content, **meta), sort_keys=False) + "\n"


def describe(record: Record, fallback: str) -> str:
    """A one-line page description for link previews."""
    summary = getattr(record.model, "summary", None) or fallback
    first = summary.strip().split("\n")[0]
    return first if len(first) <= 120 else first[:119] + "…"


def ref(catalog: Catalog, kind: str, ident: str, current: str) -> str:
    """A link to another record by id (the organization counts as a unit)."""
    record = catalog.unit(ident) if kind == UNITS else catalog.get(kind, ident)
    if record is None:
        return "（未公开）"
    return link(short_name(record), page_path(record), current)


def short_name(record: Record) -> str:
    """How a record is named in links: short names for units, the outlet for sources."""
    if record.kind == "sources" and record.model.publication:
        return f"{record.name}（{record.model.publication}）"
    return getattr(record.model, "short_name", None) or record.name


def figures_table(figures: list[Figure]) -> str:
    if not figures:
        return ""
    rows = [[text(f.label), text(figure_text(f)) + internal_mark(f)] for f in figures]
    if any(f.note for f in figures):
        return table(["统计内容", "数字", "说明"], [row + [text(f.note or "")] for row, f in zip(rows, figures)])
    return table(["统计内容", "数字"], rows)


def aliases_block(obj) -> str:
    """Other names for search only: indexed by the site search, hidden from readers."""
    aliases = getattr(obj, "aliases", None) or []
    if not aliases:
        return ""
    words = " ".join(html.escape(a) for a in aliases)
    return f'<p class="annals-aliases" hidden>别名：{words}</p>'


def internal_mark(obj) -> str:
    return " <span class=\"annals-internal\">内部</span>" if getattr(obj, "visibility", "public") == "internal" else ""


def facts(pairs: list[tuple[str, str]]) -> str:
    """A two-column table of facts, leaving out the unknown ones."""
    rows = [[label, value] for label, value in pairs if value]
    return table(["项目", "内容"], rows) if rows else ""


def source_line(catalog: Catalog, record: Record, current: str) -> str:
    """The source link and a copyable GB/T 7714 citation of it."""
    ident = getattr(record.model, "source", None)
    source = catalog.get("sources", ident) if ident else None
    if source is None:
        return ""
    return f"资料来源：{ref(catalog, 'sources', ident, current)}\n{SEARCH_EXCLUDE}\n\n{citation_block(source)}"


def citation(source: Record) -> str:
    """A GB/T 7714-2015 reference: 责任者. 题名[类型]. 出版者, 出版年[引用日期]. 网址."""
    model = source.model
    marker = "EB/OL" if model.url else ("M" if model.kind == "年鉴条目" else "Z")
    parts = [f"{model.compiler}. " if model.compiler else "", f"{model.title}[{marker}]. "]
    where = ", ".join(x for x in (model.publisher, model.publication) if x)
    when = f"{model.published or ''}" + (f"[{model.accessed}]" if model.accessed else "")
    if where or when:
        parts.append(", ".join(x for x in (where, when) if x) + ". ")
    if model.url:
        parts.append(f"{model.url}.")
    return "".join(parts).strip()


def citation_block(*sources: Record) -> str:
    """Citations in a code block, which the theme gives a copy button."""
    if not sources:
        return ""
    reference = "\n".join(citation(s) for s in sources)
    fence = "`" * max(3, longest_run(reference, "`") + 1)
    return f"引用格式（GB/T 7714）：\n\n{fence} {{ .text data-search-exclude }}\n{reference}\n{fence}"


def all_sources_line(catalog: Catalog, current: str) -> str:
    """For pages drawn from many records: every source, linked and cited."""
    sources = catalog.of_kind("sources")
    if not sources:
        return ""
    links = "、".join(link(short_name(s), page_path(s), current) for s in sources)
    return f"资料来源：{links}\n{SEARCH_EXCLUDE}\n\n{citation_block(*sources)}"


def longest_run(value: str, char: str) -> int:
    """Length of the longest run of char in value."""
    best = current = 0
    for c in value:
        current = current + 1 if c == char else 0
        best = max(best, current)
    return best


def mentions_list(mentions: tuple[Mention, ...], current: str) -> str:
    entries = [
        f"{link(f'{m.year.model.year}年', page_path(m.year), current)} · {text(m.theme.title)} · {link(m.item.title, item_path(m), current)}"
        for m in mentions
    ]
    return bullet_list(entries)


def section(title: str, content: str, anchor: str | None = None, indexed: bool = True) -> str:
    """A level-2 section, or nothing when it would be empty.

    indexed=False keeps the section out of the search index (needs an anchor): for tables that
    repeat figures the search already finds where they were reported, so that the index, which
    the browser builds on every load, does not grow twice as fast as the records.
    """
    if not content:
        return ""
    shown = heading(2, title, anchor)
    if not indexed and anchor:
        shown = shown.replace(f"{{#{anchor}}}", f"{{#{anchor} data-search-exclude}}")
    return f"{shown}\n\n{content}"


def record_links(records: tuple[Record, ...], current: str) -> str:
    return bullet_list([link(r.name, page_path(r), current) for r in records])


def url_link(url: str) -> str:
    """A link whose target is a checked http(s)/mailto/tel URL."""
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{text(url)}]({safe})"


