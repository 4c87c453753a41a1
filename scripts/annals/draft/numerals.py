"""Chinese numerals to integers, strictly: 三八 and 十二五 are not numbers."""
from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10000, "亿": 100000000}
CHINESE_NUMERAL = "[零〇一二两三四五六七八九十百千万亿]+"
_WELL_FORMED = re.compile(
    r"^(?:(?:[一二两三四五六七八九]?千)?(?:零?[一二两三四五六七八九]?百)?(?:零?[一二两三四五六七八九]?十)?(?:零?[一二三四五六七八九])?)$"
)


def chinese_to_int(text: str) -> int | None:
    """The value of a well-formed Chinese numeral, or None (三八, 十二五, 一一)."""
    if not text:
        return None
    total, rest = 0, text
    for big, factor in (("亿", 10**8), ("万", 10**4)):
        if big in rest:
            head, _, rest = rest.partition(big)
            value = section_value(head) if head else 1
            if value is None or big in rest:
                return None
            total += value * factor
    if rest:
        value = section_value(rest)
        if value is None:
            return None
        total += value
    return total


def section_value(text: str) -> int | None:
    """The value of a numeral below 10000, if well formed."""
    if text == "两":
        return 2
    if not text or not _WELL_FORMED.match(text):
        return None
    total, digit = 0, None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[char]
            digit = None
    return total + (digit or 0)
