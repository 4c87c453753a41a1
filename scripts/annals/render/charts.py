"""Charts as inline SVG: series in, markup out; no script, no outside request, same bytes every time.

The line chart fills the width of the page: the value axis is a narrow SVG of fixed size and the
plot beside it places everything across by a share of its width (percentages) and everything
up and down in CSS px, so texts keep their size (never under 12 px) at any width and zoom.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .chart_layout import (
    DOT_RADIUS, HEIGHT, LABEL_SIZE, PLOT_BOTTOM, PLOT_TOP, TICK_SIZE, Label, Layout, by_year, fmt, lay_out, text_width,
)
from .series import SeriesPoint

PRIMARY = "var(--md-primary-fg-color, #b71c1c)"
TEXT = "var(--md-default-fg-color, #222)"
MUTED = "var(--md-default-fg-color--light, #666)"
GRID = "var(--md-default-fg-color--lightest, #ddd)"
BACKGROUND = "var(--md-default-bg-color, #fff)"
DASH = "stroke-dasharray:5 4"
APPROXIMATE_LEGEND = "空心点为约数（原文带“余”“多”“以上”“近”“约”）"
IDENT_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
# A halo in the background colour keeps a label readable where a line passes behind it.
HALO = "stroke-width:4px;stroke-linejoin:round;paint-order:stroke"

# Sparkline, in CSS pixels.
SPARK_WIDTH = 120
SPARK_HEIGHT = 32
SPARK_PAD = 4


def line_chart(title: str, unit: str, points: list[SeriesPoint], *, ident: str) -> str:
    """The chart of a series by year: its unit, the value axis, the plot and the key to approximate values."""
    ident = _checked_ident(ident)
    layout = lay_out(points)
    chart_id = f"chart-{ident}"
    parts = [
        f'<div class="annals-chart" id="{chart_id}-box">',
        f'<p class="annals-chart-unit">单位：{escape(unit)}</p>',
        '<div class="annals-chart-body">',
        value_axis(layout),
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="annals-chart-plot" width="100%" height="{HEIGHT}"'
        f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" style="font-family:inherit">',
        f'<title id="{chart_id}-title">{escape(title)}（单位：{escape(unit)}）</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(layout.series))}</desc>',
        *plot(layout, percent, Colours(PRIMARY, TEXT, MUTED, GRID, BACKGROUND)),
        "</svg>",
        "</div>",
    ]
    if layout.approximate:
        parts.append(legend_line())
    parts.append("</div>")
    return "\n".join(parts) + "\n"


@dataclass(frozen=True)
class Colours:
    """The colours a chart is drawn in: the theme's on a page, fixed ones in a file of its own."""

    primary: str
    text: str
    muted: str
    grid: str
    background: str


def percent(share: Decimal) -> str:
    """A share of the plot's width as an SVG length."""
    return f"{fmt(share * 100)}%"


def value_axis(layout: Layout) -> str:
    """The values of the grid lines, right-aligned in a column of their own beside the plot."""
    ticks = layout.ticks()
    width = max(text_width(label, TICK_SIZE) for _, label in ticks) + 8
    labels = [f'<text x="{fmt(width - 4)}" y="{fmt(layout.y(value))}" dy="0.35em">{escape(label)}</text>' for value, label in ticks]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="annals-chart-axis" width="{fmt(width)}" height="{HEIGHT}" aria-hidden="true">'
        f'<g style="fill:{MUTED};font-size:{TICK_SIZE}px;text-anchor:end">{"".join(labels)}</g></svg>'
    )


def plot(layout: Layout, across, colours: Colours) -> list[str]:
    """Grid, year labels, lines, dots and value labels; across turns a share of the width into an x coordinate."""
    grid = "".join(
        f'<line x1="{across(Decimal(0))}" x2="{across(Decimal(1))}" y1="{fmt(layout.y(value))}" y2="{fmt(layout.y(value))}"/>'
        for value, _ in layout.ticks()
    )
    return [
        f'<g style="stroke:{colours.grid};stroke-width:1">{grid}</g>',
        *texts(layout.years + layout.gaps, across, f"fill:{colours.muted};font-size:{TICK_SIZE}px"),
        *lines(layout, across, f"stroke:{colours.primary};stroke-width:2.5"),
        *markers(layout, across, colours),
        *texts(layout.values, across, f"fill:{colours.text};font-size:{LABEL_SIZE}px;stroke:{colours.background};{HALO}"),
    ]


def texts(labels: list[Label], across, style: str) -> list[str]:
    """Labels in one group, each anchored as laid out."""
    if not labels:
        return []
    items = [
        f'<text x="{across(label.share)}" y="{fmt(label.baseline)}" text-anchor="{label.anchor}">{escape(label.text)}</text>'
        for label in labels
    ]
    return [f'<g style="{style}">', *items, "</g>"]


def lines(layout: Layout, across, style: str) -> list[str]:
    """Segments between neighbouring years that both have a value; dashed when one is approximate."""
    solid, dashed = [], []
    series = layout.series
    for index in range(len(series) - 1):
        start, end = series[index], series[index + 1]
        if start.value is None or end.value is None:
            continue
        segment = (
            f'<line x1="{across(layout.share(index))}" y1="{fmt(layout.y(start.value))}"'
            f' x2="{across(layout.share(index + 1))}" y2="{fmt(layout.y(end.value))}"/>'
        )
        (dashed if start.approximate or end.approximate else solid).append(segment)
    groups = []
    if solid:
        groups.append(f'<g class="annals-chart-exact" style="{style}">{"".join(solid)}</g>')
    if dashed:
        groups.append(f'<g class="annals-chart-approximate" style="{style};{DASH}">{"".join(dashed)}</g>')
    return groups


def markers(layout: Layout, across, colours: Colours) -> list[str]:
    """A dot per value, filled when exact and hollow when approximate, each with its year and value as its own text."""
    dots = []
    for index, point in enumerate(layout.series):
        if point.value is None:
            continue
        fill = colours.background if point.approximate else colours.primary
        kind = "approximate" if point.approximate else "exact"
        dots.append(
            f'<circle class="annals-point-{kind}" cx="{across(layout.share(index))}" cy="{fmt(layout.y(point.value))}"'
            f' r="{fmt(DOT_RADIUS)}" style="fill:{fill}"><title>{point.year}年：{escape(spoken(point))}</title></circle>'
        )
    return [f'<g style="stroke:{colours.primary};stroke-width:2">', *dots, "</g>"] if dots else []


def legend_line() -> str:
    """The key to hollow dots and dashed lines, as a line of text that wraps on a narrow screen."""
    icon = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="28" height="12" aria-hidden="true" style="vertical-align:middle">'
        f'<line x1="2" y1="6" x2="26" y2="6" style="stroke:{PRIMARY};stroke-width:2.5;{DASH}"/>'
        f'<circle cx="14" cy="6" r="4" style="fill:{BACKGROUND};stroke:{PRIMARY};stroke-width:2"/></svg>'
    )
    return f'<p class="annals-chart-legend">{icon} {APPROXIMATE_LEGEND}</p>'


def sparkline(points: list[SeriesPoint], label: str, ident: str) -> str:
    """A small one-line SVG trend line for a table cell, with the series as its accessible name."""
    ident = _checked_ident(ident)
    layout = lay_out(points, texts=False)
    name = f"{label}，{describe(layout.series)}"

    def across(share: Decimal) -> str:
        return fmt(SPARK_PAD + share * (SPARK_WIDTH - 2 * SPARK_PAD))

    def down(value: Decimal) -> str:  # the chart's px heights squeezed into the sparkline's
        return fmt(SPARK_PAD + (layout.y(value) - PLOT_TOP) * (SPARK_HEIGHT - 2 * SPARK_PAD) / (PLOT_BOTTOM - PLOT_TOP))

    series = layout.series
    solid = [
        f'<line x1="{across(layout.share(i))}" y1="{down(series[i].value)}" x2="{across(layout.share(i + 1))}" y2="{down(series[i + 1].value)}"'
        + (f' style="{DASH}"' if series[i].approximate or series[i + 1].approximate else "") + "/>"
        for i in range(len(series) - 1) if series[i].value is not None and series[i + 1].value is not None
    ]
    dots = [
        f'<circle cx="{across(layout.share(i))}" cy="{down(p.value)}" r="2.5" style="fill:{BACKGROUND if p.approximate else PRIMARY}"/>'
        for i, p in enumerate(series) if p.value is not None
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="spark-{ident}" class="annals-sparkline"'
        f' viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}"'
        f' role="img" aria-label="{escape(name)}" style="vertical-align:middle;max-width:100%;height:auto">'
        f'<g style="stroke:{PRIMARY};stroke-width:1.5">{"".join(solid)}</g>'
        f'<g style="stroke:{PRIMARY};stroke-width:1.5">{"".join(dots)}</g></svg>'
    )


def describe(points: list[SeriesPoint]) -> str:
    """The series in words: 2011年：689.9万元；2012年：约700万元（约数）；2013年：无数据."""
    return "；".join(f"{p.year}年：{spoken(p)}" for p in by_year(points))


def spoken(point: SeriesPoint) -> str:
    """One year's value in words."""
    if point.value is None:
        return "无数据"
    return f"{point.text}（约数）" if point.approximate else point.text


def _checked_ident(ident: str) -> str:
    """An identifier that is safe inside an id attribute."""
    if not IDENT_PATTERN.match(ident):
        raise ValueError(f"chart ident must be letters, digits, '-' or '_', starting with a letter: {ident!r}")
    return ident


def escape(text: str) -> str:
    """Text safe inside SVG elements and attributes, and inside a Markdown table row."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("|", "&#124;")
    )
