"""Navigation and search dictionary derived from the catalog."""
from __future__ import annotations

import functools
import logging
import re

from ..decades import by_decade, decade_label
from ..model import Catalog
from ..routes import ALL_FIGURES, DOWNLOADS, STATISTICS, HOME, HONOR_LEVELS, HONORS, ORGANIZATION, SOURCES, TAGS, WORK_INDEX, index_page, page_path

# Material hands jieba only runs of Han characters, so only those can be words.
_HAN_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
DICT_FREQUENCY = 20000
MAX_WORD = 8  # longer names are left to jieba
RARE_WORD = 10  # jieba's count for a word below which it is no real word
# A section lists its record pages in the navigation only up to this many: with pruning,
# every page of a section carries its siblings' links, so larger sections link from their index page.
NAV_LIMIT = 40
# More years than this are listed in the navigation by decade: a phone's menu shows a
# handful of decades and, inside the one opened, its ten years at most.
YEARS_UNGROUPED = 10


def navigation(catalog: Catalog, extra_pages: list[str]) -> list:
    """Hierarchical navigation: one section per kind, pages inside it."""
    def pages(kind: str) -> list[str]:
        records = catalog.of_kind(kind)
        if len(records) > NAV_LIMIT:
            return []  # the section's index page lists them; every page stays small
        return [page_path(r) for r in records]

    nav: list = [
        {"首页": HOME},
        {"组织机构": [ORGANIZATION, *pages("departments")]},
        {"年度工作": [WORK_INDEX, *year_pages(catalog)]},
        {"规划和文件": [index_page("plans"), *pages("plans")]},
        {"工作品牌": [index_page("programmes"), *pages("programmes")]},
        {"统计数据": [STATISTICS, ALL_FIGURES, DOWNLOADS, *pages("indicators")]},
        {"荣誉": [HONORS, HONOR_LEVELS]},
        {"资料来源": SOURCES},
        {"标签": TAGS},
    ]
    return nav + sorted(extra_pages)


def year_pages(catalog: Catalog) -> list:
    """The year pages, newest first; past YEARS_UNGROUPED years, one group per decade (pruned when closed)."""
    years = catalog.years
    if len(years) <= YEARS_UNGROUPED:
        return [page_path(y) for y in years]
    return [
        {decade_label(y.model.year for y in group): [page_path(y) for y in group]}
        for _, group in by_decade(years, lambda y: y.model.year)
    ]


def search_terms(catalog: Catalog) -> list[str]:
    """Record words that jieba breaks into a word and stray pieces, to be kept whole.

    The search matches the beginning of indexed words, so 维权站 (维权/站) can be kept
    whole and 维权 still finds it; 济政发 (济/政发) too, since 政发 is no real word. But
    好儿媳 (好/儿媳) is left to jieba: kept whole, it would hide 儿媳 from the search.
    """
    return sorted(word for word in _candidate_words(catalog) if _kept_whole(word))


def _candidate_words(catalog: Catalog) -> set[str]:
    """Han runs of names, titles, document numbers and aliases of every record and item."""
    names: set[str] = set()
    for record in catalog.records:
        model = record.model
        for attribute in ("name", "short_name", "title", "doc_number"):
            names.add(getattr(model, attribute, None) or "")
        names.update(getattr(model, "aliases", []) or [])
        if record.kind == "work":
            for theme in model.themes:
                for item in theme.items:
                    names.update(item.aliases)
    return {run for name in names for run in _HAN_RUNS.findall(name) if 2 <= len(run) <= MAX_WORD}


@functools.lru_cache(maxsize=1)
def _segmenter():
    """A jieba segmenter of its own with jieba's main dictionary only: no global state read or changed."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    return segmenter


@functools.lru_cache(maxsize=None)
def _kept_whole(word: str) -> bool:
    """True when jieba's main dictionary cuts word into pieces and every piece after the first is stray."""
    segmenter = _segmenter()
    pieces = list(segmenter.cut(word))
    return len(pieces) > 1 and all(_stray(piece, segmenter.FREQ.get(piece) or 0) for piece in pieces[1:])


def _stray(piece: str, frequency: int) -> bool:
    """A single character, or two that jieba's dictionary hardly knows as a word."""
    return len(piece) == 1 or (len(piece) == 2 and frequency < RARE_WORD)


def user_dictionary(catalog: Catalog) -> str:
    """jieba user dictionary text: one 'word frequency' line per term."""
    return "".join(f"{word} {DICT_FREQUENCY}\n" for word in search_terms(catalog))
