"""Indicators: comparable units, normalised values and the checks that keep a series honest."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from .load import dotted
from .problems import Problem, quote
from .schema import Figure

MAGNITUDES = {None: Decimal(1), "千": Decimal(1_000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
# Measure words that count the same thing: 92名妇女 and 92人 are both people.
SAME_UNIT = {"名": "人", "位": "人"}
APPROXIMATE = {"余", "多", "以上", "近", "约"}


def base_unit(unit: str) -> tuple[Decimal, str]:
    """A unit split into its magnitude and base: 万元 -> (10000, 元), 名 -> (1, 人)."""
    unit = unit.strip()
    factor = Decimal(1)
    if len(unit) > 1 and unit[0] in ("千", "万", "亿"):
        factor, unit = MAGNITUDES[unit[0]], unit[1:]
    return factor, SAME_UNIT.get(unit, unit)


def normalised(figure: Figure) -> Decimal:
    """The figure's value in its base unit: 689.9万元 and 6899000元 give the same number."""
    factor, _ = base_unit(figure.unit)
    value = figure.value * MAGNITUDES[figure.magnitude] * factor
    return Decimal(plain(value))


def plain(value: Decimal) -> str:
    """A decimal written out in full, without exponent: 6899000, 15.56."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def comparable(figure_unit: str, indicator_unit: str) -> bool:
    """True when a figure's unit measures what its indicator's base unit measures."""
    return base_unit(figure_unit)[1] == base_unit(indicator_unit)[1]


def is_approximate(figure: Figure) -> bool:
    return figure.qualifier in APPROXIMATE


def year_figures(record) -> Iterator[tuple[tuple, Figure]]:
    """(location, figure) for every figure of a year of work."""
    for t, theme in enumerate(record.model.themes):
        for i, item in enumerate(theme.items):
            for f, figure in enumerate(item.figures):
                yield ("themes", t, "items", i, "figures", f), figure


def other_figures(record) -> Iterator[tuple[tuple, Figure]]:
    """(location, figure) for the figures of records that are not a year of work."""
    for f, figure in enumerate(getattr(record.model, "figures", []) or []):
        yield ("figures", f), figure


ANNIVERSARY_UNIT = "周年"


def check_anniversaries(records: list) -> Iterator[Problem]:
    """An anniversary (建党90周年) names an occasion; it is not a count, so it is no figure."""
    for record in records:
        located = year_figures(record) if record.kind == "work" else other_figures(record)
        for loc, figure in located:
            if figure.unit.strip() == ANNIVERSARY_UNIT:
                example = f"中国共产党成立{plain(figure.value)}周年"
                where = f"在这个事项上写 occasion，例如 occasion: {example}" if record.kind == "work" else f"把纪念的事件写进简介，例如“{example}”"
                yield Problem(
                    record.path, record.lines.get(loc + ("unit",), record.lines.get(loc, 1)), dotted(loc + ("unit",)),
                    f"{quote(plain(figure.value) + ANNIVERSARY_UNIT)}（{figure.label}）是纪念年数，不是统计数字，不能放在数字表里；"
                    f"请删除这个数字，{where}",
                )


def check_indicators(records: list) -> Iterator[Problem]:
    """Figures that name an indicator measure it in its unit, once a year, and only in a year of work."""
    indicators = {r.id: r for r in records if r.kind == "indicators"}
    seen: dict[tuple[int, str], tuple[str, int]] = {}
    for record in records:
        if record.kind != "work":
            yield from _outside_work(record)
            continue
        for loc, figure in year_figures(record):
            indicator = indicators.get(figure.indicator or "")
            if indicator is None:
                continue  # no indicator, or an unknown one (reported with the references)
            line = record.lines.get(loc + ("indicator",), record.lines.get(loc, 1))
            if not comparable(figure.unit, indicator.model.unit):
                yield _unit_problem(record, loc, figure, indicator)
            key = (record.model.year, indicator.id)
            if key in seen:
                path, first = seen[key]
                yield Problem(
                    record.path, line, dotted(loc + ("indicator",)),
                    f"统计指标 {quote(indicator.id)} 在 {record.model.year} 年已经用过（{path} 第 {first} 行）；"
                    "同一指标每年只能有一个数字，请删去其中一个，或改用别的指标",
                )
            else:
                seen[key] = (record.path, line)


def _unit_problem(record, loc: tuple, figure: Figure, indicator) -> Problem:
    expected = indicator.model.unit
    return Problem(
        record.path, record.lines.get(loc + ("unit",), 1), dotted(loc + ("unit",)),
        f"单位 {quote(figure.unit)} 与统计指标 {quote(indicator.id)}（{indicator.path}）的单位 {quote(expected)} 不能比较；"
        f"应为 {expected}（可配合 magnitude 写 千、万、亿），或换一个指标",
    )


def _outside_work(record) -> Iterator[Problem]:
    for loc, figure in other_figures(record):
        if figure.indicator:
            yield Problem(
                record.path, record.lines.get(loc + ("indicator",), 1), dotted(loc + ("indicator",)),
                f"只有年度工作（records/work/）里的数字可以关联统计指标，实际为 {quote(figure.indicator)}；请删除这一行",
            )
