"""Charts as inline SVG: series in, markup out; no script, no outside request, same bytes every time."""
from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal

from .series import SeriesPoint

PRIMARY = "var(--md-primary-fg-color, #e91e63)"
TEXT = "var(--md-default-fg-color, #222)"
MUTED = "var(--md-default-fg-color--light, #666)"
GRID = "var(--md-default-fg-color--lightest, #ddd)"
BACKGROUND = "var(--md-default-bg-color, #fff)"
DASH = "stroke-dasharray:5 4"
APPROXIMATE_LEGEND = "空心点为约数（原文带“余”“多”“以上”“近”“约”）"
QUALIFIERS = ("余", "多", "以上", "近", "约")
IDENT_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")

# Layout of the line chart, in viewBox units (the chart scales with its container).
LABEL_SIZE = 15
TICK_SIZE = 13
TITLE_SIZE = 16
ROW_GAP = 18  # a label's second choice of row, when the first would touch a neighbour
PLOT_TOP = 88
PLOT_BOTTOM = 262
HEIGHT = 310
LEGEND_HEIGHT = 28
MIN_WIDTH = 360
ONE_ROW_LIMIT = 440  # wider than this with labels side by side: let them take turns above and below
RIGHT_MARGIN = 12
LABEL_GAP = 10
SCALE_LIMIT = Decimal("1.25")  # widest on screen: 1.25 CSS px per viewBox unit

# Sparkline, in CSS pixels.
SPARK_WIDTH = 120
SPARK_HEIGHT = 32
SPARK_PAD = 4


def line_chart(title: str, unit: str, points: list[SeriesPoint], *, ident: str) -> str:
    """An inline SVG line chart of a series by year, in a div so Markdown keeps it as a raw block."""
    ident = _checked_ident(ident)
    series = _by_year(points)
    top_value, step = _axis(series)
    approximate = any(p.approximate and p.value is not None for p in series)
    tick_labels = [_tick_label(step * i, top_value) for i in range(int(top_value / step) + 1)]
    left = _round_up(10 + max(_text_width(t, TICK_SIZE) for t in tick_labels) + 8, 1)
    width = _chart_width(title, series, left, approximate)
    height = HEIGHT + (LEGEND_HEIGHT if approximate else 0)
    frame = _Frame(left, width - RIGHT_MARGIN, top_value, len(series))
    chart_id = f"chart-{ident}"
    lines = [
        '<div class="annals-chart">',
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" viewBox="0 0 {width} {height}"'
        f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f' style="display:block;width:100%;max-width:{_fmt(Decimal(width) * SCALE_LIMIT)}px;height:auto;'
        f'font-family:inherit">',
        f'<title id="{chart_id}-title">{_escape(title)}（单位：{_escape(unit)}）</title>',
        f'<desc id="{chart_id}-desc">{_escape(describe(series))}</desc>',
        f'<text x="10" y="24" style="fill:{TEXT};font-size:{TITLE_SIZE}px;font-weight:bold">{_escape(title)}</text>',
        f'<text x="10" y="46" style="fill:{MUTED};font-size:{TICK_SIZE}px">单位：{_escape(unit)}</text>',
        *_grid(frame, step, tick_labels, left),
        *_year_axis(frame, series),
        *_lines(frame, series, f"stroke:{PRIMARY};stroke-width:2.5;fill:none;stroke-linejoin:round"),
        *_markers(frame, series, radius="4.5"),
        *_point_labels(frame, series),
    ]
    if approximate:
        lines += _legend(height)
    lines += ["</svg>", "</div>"]
    return "\n".join(lines) + "\n"


def _chart_width(title: str, series: list[SeriesPoint], left: int, approximate: bool) -> int:
    """Room for every label side by side, or taking turns above and below when that runs too wide."""
    widest = max(_text_width(_label(p), LABEL_SIZE) for p in series) + LABEL_GAP
    staggered = left + widest * len(series) + RIGHT_MARGIN > ONE_ROW_LIMIT
    slot = max(widest / 2 if staggered else widest, _text_width("2000", TICK_SIZE) + LABEL_GAP)
    legend = _text_width(APPROXIMATE_LEGEND, TICK_SIZE) + 54 if approximate else 0
    width = max(left + slot * len(series) + RIGHT_MARGIN, MIN_WIDTH, _text_width(title, TITLE_SIZE) + 20, legend)
    return _round_up(width, 10)


def sparkline(points: list[SeriesPoint], label: str, ident: str) -> str:
    """A small one-line SVG trend line for a table cell, with the series as its accessible name."""
    ident = _checked_ident(ident)
    series = _by_year(points)
    top_value, _ = _axis(series)
    frame = _Frame(SPARK_PAD, SPARK_WIDTH - SPARK_PAD, top_value, len(series), SPARK_PAD, SPARK_HEIGHT - SPARK_PAD)
    name = f"{label}，{describe(series)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="spark-{ident}" class="annals-sparkline"'
        f' viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}"'
        f' role="img" aria-label="{_escape(name)}" style="vertical-align:middle;max-width:100%;height:auto">',
        *_lines(frame, series, f"stroke:{PRIMARY};stroke-width:1.5;fill:none;stroke-linejoin:round"),
        *_markers(frame, series, radius="2.5"),
        "</svg>",
    ]
    return "".join(parts)


def describe(points: list[SeriesPoint]) -> str:
    """The series in words: 2011年：689.9万元；2012年：约700万元（约数）；2013年：无数据."""
    return "；".join(f"{p.year}年：{_spoken(p)}" for p in _by_year(points))


def _spoken(point: SeriesPoint) -> str:
    """One year's value in words."""
    if point.value is None:
        return "无数据"
    return f"{point.text}（约数）" if point.approximate else point.text


class _Frame:
    """Maps years (by position) and values to viewBox coordinates."""

    def __init__(self, left, right, top_value, count, top=PLOT_TOP, bottom=PLOT_BOTTOM):
        self.left, self.right, self.top, self.bottom = Decimal(left), Decimal(right), Decimal(top), Decimal(bottom)
        self.top_value, self.count = top_value, count

    def x(self, index: int) -> Decimal:
        """The centre of a year's slot."""
        return self.left + (Decimal(index) + Decimal("0.5")) * (self.right - self.left) / self.count

    def y(self, value: Decimal) -> Decimal:
        """The height of a value; zero sits on the bottom line."""
        return self.bottom - value / self.top_value * (self.bottom - self.top)


def _grid(frame: _Frame, step: Decimal, tick_labels: list[str], left: int) -> list[str]:
    """Horizontal grid lines with their value labels on the left."""
    lines, labels = [], []
    for index, text in enumerate(tick_labels):
        y = _fmt(frame.y(step * index))
        lines.append(f"M{_fmt(frame.left)} {y}H{_fmt(frame.right)}")
        labels.append(f'<text x="{left - 8}" y="{y}" dy="0.35em">{_escape(text)}</text>')
    return [
        f'<path d="{"".join(lines)}" style="stroke:{GRID};stroke-width:1;fill:none"/>',
        f'<g style="fill:{MUTED};font-size:{TICK_SIZE}px;text-anchor:end">',
        *labels,
        "</g>",
    ]


def _year_axis(frame: _Frame, series: list[SeriesPoint]) -> list[str]:
    """Year labels under the plot; a year without a figure says so."""
    labels = []
    for index, point in enumerate(series):
        x = _fmt(frame.x(index))
        labels.append(f'<text x="{x}" y="{_fmt(frame.bottom + 21)}">{point.year}</text>')
        if point.value is None:
            labels.append(f'<text x="{x}" y="{_fmt(frame.bottom + 38)}">无数据</text>')
    return [f'<g style="fill:{MUTED};font-size:{TICK_SIZE}px;text-anchor:middle">', *labels, "</g>"]


def _lines(frame: _Frame, series: list[SeriesPoint], style: str) -> list[str]:
    """Segments between neighbouring years that both have a value; dashed when one is approximate."""
    solid, dashed = [], []
    for index in range(len(series) - 1):
        start, end = series[index], series[index + 1]
        if start.value is None or end.value is None:
            continue
        segment = (
            f"M{_fmt(frame.x(index))} {_fmt(frame.y(start.value))}"
            f"L{_fmt(frame.x(index + 1))} {_fmt(frame.y(end.value))}"
        )
        (dashed if start.approximate or end.approximate else solid).append(segment)
    paths = []
    if solid:
        paths.append(f'<path class="annals-chart-exact" d="{"".join(solid)}" style="{style}"/>')
    if dashed:
        paths.append(f'<path class="annals-chart-approximate" d="{"".join(dashed)}" style="{style};{DASH}"/>')
    return paths


def _markers(frame: _Frame, series: list[SeriesPoint], radius: str) -> list[str]:
    """A dot per value: filled when exact, hollow when approximate."""
    dots = []
    for index, point in enumerate(series):
        if point.value is None:
            continue
        fill = BACKGROUND if point.approximate else PRIMARY
        kind = "approximate" if point.approximate else "exact"
        dots.append(
            f'<circle class="annals-point-{kind}" cx="{_fmt(frame.x(index))}" cy="{_fmt(frame.y(point.value))}"'
            f' r="{radius}" style="fill:{fill}"/>'
        )
    if not dots:
        return []
    return [f'<g style="stroke:{PRIMARY};stroke-width:2">', *dots, "</g>"]


def _point_labels(frame: _Frame, series: list[SeriesPoint]) -> list[str]:
    """Each value as written, above its dot, or below or a row further out when that spot is taken."""
    taken: list[tuple[Decimal, Decimal, Decimal, Decimal]] = []
    labels = []
    for index, point in enumerate(series):
        if point.value is None:
            continue
        x, y = frame.x(index), frame.y(point.value)
        text = _label(point)
        half = _text_width(text, LABEL_SIZE) / 2
        x = min(max(x, frame.left + half), frame.right + RIGHT_MARGIN - half)  # kept inside the chart
        baseline = _free_baseline(frame, taken, x - half, x + half, y)
        taken.append((x - half, x + half, baseline - LABEL_SIZE, baseline + 4))
        labels.append(f'<text x="{_fmt(x)}" y="{_fmt(baseline)}">{_escape(text)}</text>')
    if not labels:
        return []
    # A halo in the background colour keeps a label readable where a line passes behind it.
    halo = f"stroke:{BACKGROUND};stroke-width:4px;stroke-linejoin:round;paint-order:stroke"
    return [f'<g style="fill:{TEXT};font-size:{LABEL_SIZE}px;text-anchor:middle;{halo}">', *labels, "</g>"]


def _free_baseline(frame: _Frame, taken: list, left: Decimal, right: Decimal, y: Decimal) -> Decimal:
    """The first of above, below, higher above, lower below where a label overlaps nothing."""
    candidates = [y - 11, y + 11 + LABEL_SIZE, y - 11 - ROW_GAP, y + 11 + LABEL_SIZE + ROW_GAP]
    for baseline in candidates:
        top, bottom = baseline - LABEL_SIZE, baseline + 4
        inside = top >= frame.top - 32 and bottom <= frame.bottom - 2
        clear = all(right < x0 or left > x1 or bottom < y0 or top > y1 for x0, x1, y0, y1 in taken)
        if inside and clear:
            return baseline
    return candidates[0]


def _legend(height: int) -> list[str]:
    """The key to hollow dots and dashed lines, under the chart."""
    y = height - 12
    return [
        f'<path d="M10 {y - 4}H34" style="stroke:{PRIMARY};stroke-width:2.5;fill:none;{DASH}"/>',
        f'<circle cx="22" cy="{y - 4}" r="4.5" style="fill:{BACKGROUND};stroke:{PRIMARY};stroke-width:2"/>',
        f'<text x="42" y="{y}" style="fill:{MUTED};font-size:{TICK_SIZE}px">{APPROXIMATE_LEGEND}</text>',
    ]


def _label(point: SeriesPoint) -> str:
    """The label drawn next to a point; an approximate value always reads as approximate."""
    if point.value is None:
        return ""
    if point.approximate and not any(q in point.text for q in QUALIFIERS):
        return f"{point.text}（约）"
    return point.text


def _by_year(points: list[SeriesPoint]) -> list[SeriesPoint]:
    """Points sorted by year, with a gap point for every missing year in between."""
    if not points:
        raise ValueError("a chart needs at least one point")
    by_year: dict[int, SeriesPoint] = {}
    for point in points:
        if point.year in by_year:
            raise ValueError(f"two points for the year {point.year}")
        by_year[point.year] = point
    first, last = min(by_year), max(by_year)
    return [by_year.get(year, SeriesPoint(year, None, False, "")) for year in range(first, last + 1)]


def _axis(series: list[SeriesPoint]) -> tuple[Decimal, Decimal]:
    """The top of the value axis and the tick step: round numbers, zero at the bottom."""
    largest = max((p.value for p in series if p.value is not None), default=Decimal(0))
    if largest <= 0:
        return Decimal(4), Decimal(1)
    step = _nice_step(largest / 4)
    return (largest / step).to_integral_value(rounding=ROUND_CEILING) * step, step


def _nice_step(raw: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least raw."""
    power = Decimal(10) ** raw.adjusted()
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if factor * power >= raw:
            return factor * power
    return Decimal(10) * power


def _tick_label(value: Decimal, top_value: Decimal) -> str:
    """A tick value, in 万 or 亿 when the axis reaches that far: 600万, 1.5亿."""
    if value == 0:
        return "0"
    for threshold, divisor, suffix in ((Decimal(10) ** 8, Decimal(10) ** 8, "亿"), (Decimal(10) ** 5, Decimal(10) ** 4, "万")):
        if top_value >= threshold:
            return _plain(value / divisor) + suffix
    return _plain(value)


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros."""
    return format(value.normalize(), "f")


def _fmt(value: Decimal) -> str:
    """A coordinate with one decimal at most, always written the same way."""
    text = format(Decimal(value).quantize(Decimal("0.1")), "f")
    return text[:-2] if text.endswith(".0") else text


def _round_up(length: Decimal | int, multiple: int) -> int:
    """A length rounded up to a whole multiple."""
    return int((Decimal(length) / multiple).to_integral_value(rounding=ROUND_CEILING) * multiple)


def _text_width(text: str, size: int) -> Decimal:
    """Roughly how wide a text runs: full width for Chinese, a little over half for digits."""
    ems = sum(Decimal(1) if ord(c) >= 0x2E80 or 0x2018 <= ord(c) <= 0x201F else Decimal("0.58") for c in text)
    return ems * size


def _checked_ident(ident: str) -> str:
    """An identifier that is safe inside an id attribute."""
    if not IDENT_PATTERN.match(ident):
        raise ValueError(f"chart ident must be letters, digits, '-' or '_', starting with a letter: {ident!r}")
    return ident


def _escape(text: str) -> str:
    """Text safe inside SVG elements and attributes, and inside a Markdown table row."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("|", "&#124;")
    )
