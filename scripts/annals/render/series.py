"""Figures as data: one point of an indicator's series, one row of the downloads."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SeriesPoint:
    """One year of an indicator; value None is a year without a figure (a gap, never zero)."""

    year: int
    value: Decimal | None  # normalised to the indicator's base unit: 689.9万元 -> 6899000
    approximate: bool  # the figure has a qualifier (余/多/以上/近/约)
    text: str  # the value as written, e.g. "800余人"


@dataclass(frozen=True)
class FigureRow:
    """One figure as one row of figures.csv, figures.xlsx and figures.json."""

    year: int
    theme: str
    item: str
    item_id: str
    page: str  # site-relative path of the item, e.g. "work/2011.html#microcredit-loans"
    label: str
    value: Decimal
    magnitude: str | None
    unit: str
    qualifier: str | None
    normalised: Decimal  # value times magnitude
    as_written: str
    indicator: str | None
    indicator_name: str | None
    internal: bool  # only ever true in the internal reference's downloads
