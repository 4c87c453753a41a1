"""Where a chart's texts go: which years and values get a label, placed so that no two texts touch.

Every horizontal position is a share of the plot's width and every text has a fixed size in CSS px,
so the space between two texts only grows as the plot gets wider. A layout that fits the narrowest
plot therefore fits every wider one, and long series simply show fewer labels. Every value still
has its point, the point's own text and the table under the chart.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from .series import SeriesPoint

LABEL_SIZE = 14
TICK_SIZE = 13
PLOT_TOP = 30
PLOT_BOTTOM = 200
YEAR_BASELINE = PLOT_BOTTOM + 20
GAP_BASELINE = PLOT_BOTTOM + 37
HEIGHT = PLOT_BOTTOM + 46
NARROWEST_PLOT = 230  # CSS px: the plot beside its value axis on a 320 px wide screen
TEXT_GAP = 6  # the least room between two texts, in CSS px
DOT_RADIUS = Decimal("4.5")
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)
QUALIFIERS = ("余", "多", "以上", "近", "约")


@dataclass(frozen=True)
class Label:
    """A text at a share of the plot's width (0 to 1), anchored at its start, middle or end, on a baseline in px."""

    text: str
    share: Decimal
    anchor: str
    baseline: Decimal
    size: int

    def box(self, width: Decimal) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        """(left, right, top, bottom) in px on a plot this wide."""
        length = text_width(self.text, self.size)
        x = self.share * width
        left = {"start": x, "middle": x - length / 2, "end": x - length}[self.anchor]
        return left, left + length, self.baseline - self.size, self.baseline + Decimal(self.size) / 4


@dataclass(frozen=True)
class Layout:
    """A series placed on a plot: the value axis, the share of each year and the texts that fit."""

    series: list[SeriesPoint]
    top_value: Decimal
    step: Decimal
    years: list[Label]
    gaps: list[Label]
    values: list[Label]

    @property
    def approximate(self) -> bool:
        """True when a value is approximate: the chart then carries the key to hollow dots."""
        return any(p.approximate and p.value is not None for p in self.series)

    def share(self, index: int) -> Decimal:
        """The centre of a year's slot, as a share of the plot's width."""
        return (Decimal(index) + Decimal("0.5")) / len(self.series)

    def y(self, value: Decimal) -> Decimal:
        """The height of a value in px; zero sits on the bottom line."""
        return PLOT_BOTTOM - value / self.top_value * (PLOT_BOTTOM - PLOT_TOP)

    def ticks(self) -> list[tuple[Decimal, str]]:
        """Each grid line's value and its label, from zero up."""
        return [(self.step * i, tick_label(self.step * i, self.top_value)) for i in range(int(self.top_value / self.step) + 1)]


def lay_out(points: list[SeriesPoint], width: Decimal | int = NARROWEST_PLOT, texts: bool = True) -> Layout:
    """The texts of a chart of points that fit a plot of the given width (and so every wider one); texts=False: none."""
    series = by_year(points)
    top_value, step = axis(series)
    layout = Layout(series, top_value, step, [], [], [])
    if not texts:
        return layout
    placed = _Placed(Decimal(width))
    for index, point in enumerate(series):
        if point.value is not None:  # the dots are in the way of value labels
            x, y = layout.share(index) * placed.width, layout.y(point.value)
            placed.dots.append((x - DOT_RADIUS, x + DOT_RADIUS, y - DOT_RADIUS, y + DOT_RADIUS))
    layout.years.extend(_year_labels(layout, placed))
    layout.gaps.extend(_gap_labels(layout, placed))
    layout.values.extend(_value_labels(layout, placed))
    return layout


class _Placed:
    """The boxes taken so far on a plot of one width."""

    def __init__(self, width: Decimal):
        self.width = width
        self.boxes: list[tuple[Decimal, Decimal, Decimal, Decimal]] = []
        self.dots: list[tuple[Decimal, Decimal, Decimal, Decimal]] = []

    def fits(self, label: Label, over_dots: bool = False) -> bool:
        """True when the label stays inside and touches no other text (nor a dot, unless over_dots)."""
        left, right, top, bottom = label.box(self.width)
        if left < 0 or right > self.width or top < 0 or bottom > HEIGHT:
            return False
        clear = all(right + TEXT_GAP <= x0 or left >= x1 + TEXT_GAP or bottom <= y0 or top >= y1 for x0, x1, y0, y1 in self.boxes)
        return clear and (over_dots or all(right <= x0 or left >= x1 or bottom <= y0 or top >= y1 for x0, x1, y0, y1 in self.dots))

    def take(self, label: Label) -> Label:
        self.boxes.append(label.box(self.width))
        return label


def anchored(text: str, share: Decimal, baseline: Decimal, size: int, width: Decimal) -> Label:
    """A label centred on its share, or running inwards from it where centred would leave the plot."""
    half = text_width(text, size) / 2
    anchor = "start" if share * width < half else "end" if (1 - share) * width < half else "middle"
    return Label(text, share, anchor, baseline, size)


def _year_labels(layout: Layout, placed: _Placed) -> list[Label]:
    """The first and last year always; between them every year, or every 2nd, 5th, 10th... as room allows."""
    series, last = layout.series, len(layout.series) - 1
    ends: list[Label] = []
    for step in YEAR_STEPS:
        trial = _Placed(placed.width)
        trial.boxes = list(placed.boxes)
        ends = [trial.take(label) for label in (year_label(layout, 0, placed.width), year_label(layout, last, placed.width)) if trial.fits(label)]
        inner = [i for i in range(1, last) if series[i].year % step == 0]
        labels = [year_label(layout, i, placed.width) for i in inner]
        kept = [trial.take(label) for label in labels if trial.fits(label)]
        dropped = len(labels) - len(kept)
        if dropped == 0 or (dropped <= 2 and step > 1):  # a multiple crowded out by the first or last year
            placed.boxes = trial.boxes
            return sorted(ends + kept, key=lambda label: label.share)
    return ends


def year_label(layout: Layout, index: int, width: Decimal) -> Label:
    return anchored(str(layout.series[index].year), layout.share(index), Decimal(YEAR_BASELINE), TICK_SIZE, width)


def _gap_labels(layout: Layout, placed: _Placed) -> list[Label]:
    """无数据 under a labelled year without a figure, where it fits."""
    shown = {label.text for label in layout.years}
    labels = []
    for index, point in enumerate(layout.series):
        if point.value is None and str(point.year) in shown:
            label = anchored("无数据", layout.share(index), Decimal(GAP_BASELINE), TICK_SIZE, placed.width)
            if placed.fits(label):
                labels.append(placed.take(label))
    return labels


def _value_labels(layout: Layout, placed: _Placed) -> list[Label]:
    """Values as written: the latest, the first, the highest and the lowest first, then the rest from the latest back."""
    known = [i for i, p in enumerate(layout.series) if p.value is not None]
    if not known:
        return []
    highest = max(known, key=lambda i: (layout.series[i].value, i))
    lowest = min(known, key=lambda i: (layout.series[i].value, -i))
    key = list(dict.fromkeys([known[-1], known[0], highest, lowest]))
    order = key + [i for i in reversed(known) if i not in key]
    labels = []
    for index in order:
        # The key values are labelled even over a neighbour's dot (the halo keeps both readable); the rest only where free.
        label = _value_label(layout, placed, index, False) or (_value_label(layout, placed, index, True) if index in key else None)
        if label is not None:
            labels.append(placed.take(label))
    return sorted(labels, key=lambda label: label.share)


def _value_label(layout: Layout, placed: _Placed, index: int, over_dots: bool) -> Label | None:
    """Above the dot, below it, or a row further out: the first place that is free."""
    point = layout.series[index]
    y = layout.y(point.value)
    for baseline in (y - 9, y + 9 + LABEL_SIZE, y - 9 - LABEL_SIZE - 4, y + 9 + 2 * LABEL_SIZE + 4):
        if baseline - LABEL_SIZE < 2 or baseline + 4 > PLOT_BOTTOM - 2:
            continue
        label = anchored(value_text(point), layout.share(index), baseline, LABEL_SIZE, placed.width)
        if placed.fits(label, over_dots):
            return label
    return None


def value_text(point: SeriesPoint) -> str:
    """The value as written; an approximate value always reads as approximate."""
    if point.approximate and not any(q in point.text for q in QUALIFIERS):
        return f"{point.text}（约）"
    return point.text


def by_year(points: list[SeriesPoint]) -> list[SeriesPoint]:
    """Points sorted by year, with a gap point for every missing year in between."""
    if not points:
        raise ValueError("a chart needs at least one point")
    years: dict[int, SeriesPoint] = {}
    for point in points:
        if point.year in years:
            raise ValueError(f"two points for the year {point.year}")
        years[point.year] = point
    first, last = min(years), max(years)
    return [years.get(year, SeriesPoint(year, None, False, "")) for year in range(first, last + 1)]


def axis(series: list[SeriesPoint]) -> tuple[Decimal, Decimal]:
    """The top of the value axis and the tick step: round numbers, zero at the bottom."""
    largest = max((p.value for p in series if p.value is not None), default=Decimal(0))
    if largest <= 0:
        return Decimal(4), Decimal(1)
    step = nice_step(largest / 4)
    return (largest / step).to_integral_value(rounding=ROUND_CEILING) * step, step


def nice_step(raw: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least raw."""
    power = Decimal(10) ** raw.adjusted()
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if factor * power >= raw:
            return factor * power
    return Decimal(10) * power


def tick_label(value: Decimal, top_value: Decimal) -> str:
    """A tick value, in 万 or 亿 when the axis reaches that far: 600万, 1.5亿."""
    if value == 0:
        return "0"
    for threshold, divisor, suffix in ((Decimal(10) ** 8, Decimal(10) ** 8, "亿"), (Decimal(10) ** 5, Decimal(10) ** 4, "万")):
        if top_value >= threshold:
            return plain(value / divisor) + suffix
    return plain(value)


def plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros."""
    return format(value.normalize(), "f")


@functools.lru_cache(maxsize=8192)
def text_width(text: str, size: int) -> Decimal:
    """Roughly how wide a text runs: full width for Chinese, a little over half for digits and Latin letters."""
    ems = sum(Decimal(1) if ord(c) >= 0x2E80 or 0x2018 <= ord(c) <= 0x201F else Decimal("0.6") for c in text)
    return ems * size


def fmt(value: Decimal | int) -> str:
    """A coordinate with one decimal at most, always written the same way."""
    text = format(Decimal(value).quantize(Decimal("0.1")), "f")
    return text[:-2] if text.endswith(".0") else text


def round_up(length: Decimal | int, multiple: int) -> int:
    """A length rounded up to a whole multiple."""
    return int((Decimal(length) / multiple).to_integral_value(rounding=ROUND_CEILING) * multiple)
