"""How a figure reads in Chinese: 689.9万元, 800余人, 98%以上."""
from __future__ import annotations

from decimal import Decimal

from ..schema import Figure

_BEFORE_NUMBER = {"近", "约"}
_AFTER_UNIT = {"以上"}


def number(value: Decimal, scaled: bool = False) -> str:
    """A decimal without exponent or padding; five digits and more grouped by thousands, unless scaled by 万 or 亿
    (15655.8万元 is how Chinese print writes it)."""
    written = format(value, "f")
    return written if scaled else grouped(written)


def grouped(written: str) -> str:
    """6899000 -> 6,899,000 and 12345.5 -> 12,345.5; four digits (1500, 2011) stay as they are, as in Chinese print."""
    sign, digits = ("-", written[1:]) if written.startswith("-") else ("", written)
    whole, dot, fraction = digits.partition(".")
    if len(whole) < 5 or not whole.isdigit():
        return written
    return f"{sign}{int(whole):,}{dot}{fraction}"


def figure_text(figure: Figure) -> str:
    """The figure as a reader expects to see it."""
    if figure.as_written:
        return figure.as_written
    qualifier = figure.qualifier or ""
    before = qualifier if qualifier in _BEFORE_NUMBER else ""
    after_unit = qualifier if qualifier in _AFTER_UNIT else ""
    after_number = qualifier if qualifier and not before and not after_unit else ""
    scaled = bool(figure.magnitude) or figure.unit[:1] in ("千", "万", "亿")
    return f"{before}{number(figure.value, scaled)}{figure.magnitude or ''}{after_number}{figure.unit}{after_unit}"
