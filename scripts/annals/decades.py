"""Years grouped by calendar decade, for pages and navigation that must stay usable over decades."""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")


def decade(year: int) -> int:
    """The first year of the calendar decade: 2011 -> 2010."""
    return year // 10 * 10


def decade_label(years: Iterable[int]) -> str:
    """The years a group actually covers: 2011—2019年, or 2040年 for one year."""
    years = sorted(years)
    return f"{years[0]}年" if years[0] == years[-1] else f"{years[0]}—{years[-1]}年"


def by_decade(things: Iterable[T], year_of: Callable[[T], int]) -> list[tuple[int, list[T]]]:
    """Things grouped by the decade of their year, newest decade first, order kept within a decade."""
    groups: dict[int, list[T]] = defaultdict(list)
    for thing in things:
        groups[decade(year_of(thing))].append(thing)
    return [(start, groups[start]) for start in sorted(groups, reverse=True)]
