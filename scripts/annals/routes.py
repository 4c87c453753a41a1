"""Where every generated page and anchor lives: render, validate and search all read this."""
from __future__ import annotations

import re
from typing import Protocol

from .schema import DECLARED_KINDS, Kind

ORGANIZATION_ID = "organization"

HOME = "index.md"
TAGS = "tags.md"
ORGANIZATION = "organization/index.md"
WORK_INDEX = "work/index.md"
HONORS = "honors/index.md"
HONOR_LEVELS = "honors/levels.md"
SOURCES = "sources/index.md"
STATISTICS = "statistics/index.md"
ALL_FIGURES = "statistics/figures.md"
FIGURES_DECADE = re.compile(r"figures-(\d{4})s")  # the table of every figure of one decade, past one decade
DOWNLOADS = "statistics/downloads.md"
DATA_FOLDER = "data"  # downloads (CSV, xlsx, JSON) under docs/
CHART_FOLDER = "data/charts"  # each chart's own CSV and metadata

# Anchors of the year page's own headings: theme and item ids must not take them.
YEAR_FIGURES_ANCHOR, YEAR_FIGURES_TITLE = "all-figures", "全年数字汇总"
YEAR_PAGE_ANCHORS = {YEAR_FIGURES_ANCHOR: f"年度页的“{YEAR_FIGURES_TITLE}”"}
# Pages inside a kind's folder besides its records' pages: record ids must not take their names.
FOLDER_PAGES = {
    "statistics": {"index": "统计数据总页", "figures": "全部数字表", "downloads": "数据下载页"},
}
# Sections of a record's own page, each with a fixed anchor.
SECTION_ANCHORS = {
    "figures": "figures",
    "figures_by_year": "figures-by-year",
    "work": "work",
    "programmes": "programmes",
    "plans": "plans",
    "honors": "honors",
    "indicators": "indicators",
    "series": "series",
}

KIND_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in DECLARED_KINDS}


class Located(Protocol):
    kind: str
    id: str


def page_path(record: Located) -> str:
    """Where a record's page (or its section on a shared page) lives under docs/."""
    kind = KIND_BY_NAME[record.kind]
    if kind.folder:
        return f"{kind.folder}/{record.id}.md"
    if record.kind == "organization":
        return ORGANIZATION
    return f"{kind.page}#{record.id}"


def index_page(kind_name: str) -> str:
    """The page that lists every record of a kind."""
    kind = KIND_BY_NAME[kind_name]
    return f"{kind.folder}/index.md" if kind.folder else str(kind.page).split("#")[0]


def item_path(year: Located, item_id: str) -> str:
    """A work item's heading on its year page."""
    return f"{page_path(year)}#{item_id}"


def web_path(target: str) -> str:
    """A docs/ path as the public site serves it: work/2011.md#x -> work/2011/#x, a/index.md -> a/."""
    path, _, anchor = target.partition("#")
    if path.endswith("index.md"):
        path = path[: -len("index.md")]
    elif path.endswith(".md"):
        path = path[:-3] + "/"
    return path + (f"#{anchor}" if anchor else "")


def chart_stem(indicator_id: str) -> str:
    """The file name (without extension) of an indicator chart's own downloads."""
    return f"{CHART_FOLDER}/{indicator_id}"


def reserved_id(kind_name: str, ident: str) -> str | None:
    """What a record id would collide with, in Chinese, or None when it is free."""
    kind = KIND_BY_NAME.get(kind_name)
    if kind is None:
        return None
    if kind.folder == "statistics" and FIGURES_DECADE.fullmatch(ident):
        return f"statistics/{ident}.md（{ident[8:12]}年代的全部数字表）"
    if kind.folder:
        own = {"index": f"{kind.folder}/index.md（{kind.label}总页）"}
        own.update({name: f"{kind.folder}/{name}.md（{label}）" for name, label in FOLDER_PAGES.get(kind.folder, {}).items()})
        if kind.folder == "organization":
            own[ORGANIZATION_ID] = "records/organization.yml（机构概况）"
        return own.get(ident)
    if kind.page == HONORS and re.fullmatch(r"year-\d+", ident):
        return f"荣誉页上“{ident[5:]}年”标题的编号 #{ident}"
    return None


def figures_decade_page(decade: int) -> str:
    """The page of the table of every figure of one decade (when the records span more than one)."""
    return f"statistics/figures-{decade}s.md"


def year_anchor(year: int) -> str:
    """The anchor of a year's heading on the honors page."""
    return f"year-{year}"
