"""Navigation and search dictionary derived from the catalog."""
from __future__ import annotations

import re

from ..model import Catalog
from .pages import page_path

_WORD_PIECES = re.compile(r"[\u4e00-\u9fa5a-zA-Z0-9]+")
DICT_FREQUENCY = 20000
MAX_WORD = 8  # longer names stay split so that their parts remain searchable


def navigation(catalog: Catalog, extra_pages: list[str]) -> list:
    """Hierarchical navigation: one section per kind, pages inside it."""
    def pages(kind: str) -> list[str]:
        return [page_path(r) for r in catalog.of_kind(kind)]

    nav: list = [
        {"首页": "index.md"},
        {"组织机构": ["organization/index.md", *pages("departments")]},
        {"年度工作": ["work/index.md", *pages("work")]},
        {"规划和文件": ["plans/index.md", *pages("plans")]},
        {"工作品牌": ["programmes/index.md", *pages("programmes")]},
        {"荣誉": ["honors/index.md", "honors/levels.md"]},
        {"资料来源": "sources/index.md"},
        {"标签": "tags.md"},
    ]
    return nav + sorted(extra_pages)


def search_terms(catalog: Catalog) -> list[str]:
    """Names, numbers and aliases that the search segmenter must keep whole."""
    terms: set[str] = set()
    for record in catalog.records:
        model = record.model
        for attribute in ("name", "short_name", "title", "doc_number"):
            terms.add(getattr(model, attribute, None) or "")
        terms.update(getattr(model, "aliases", []) or [])
        if record.kind == "work":
            for theme in model.themes:
                for item in theme.items:
                    terms.update(item.aliases)
    words: set[str] = set()
    for term in terms:
        pieces = _WORD_PIECES.findall(term)
        words.update(p for p in pieces if 2 <= len(p) <= MAX_WORD and not p.isdigit())
    return sorted(words)


def user_dictionary(catalog: Catalog) -> str:
    """jieba user dictionary text: one 'word frequency' line per term."""
    return "".join(f"{word} {DICT_FREQUENCY}\n" for word in search_terms(catalog))
