"""An indicator's chart as an SVG file of its own, to put into a report: title, unit, source and key inside it.

Drawn with the same layout as the chart on the page, at a fixed width, in fixed colours and with
fonts that office programs have, since a file opened in WPS or PowerPoint knows nothing of the site's theme.
"""
from __future__ import annotations

from decimal import Decimal

from .chart_layout import HEIGHT, TICK_SIZE, fmt, lay_out, text_width
from .charts import APPROXIMATE_LEGEND, DASH, Colours, escape, plot
from .series import SeriesPoint

WIDTH = 720
MARGIN = 24
TITLE_SIZE = 18
FONTS = "'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','Source Han Sans SC','SimHei',sans-serif"
COLOURS = Colours("#b71c1c", "#212121", "#555555", "#dddddd", "#ffffff")


def chart_file(title: str, unit: str, points: list[SeriesPoint], source: str, site: str) -> bytes:
    """The whole chart as a standalone SVG document, UTF-8."""
    title_lines = wrapped(title, TITLE_SIZE, WIDTH - 2 * MARGIN)
    top = MARGIN + len(title_lines) * (TITLE_SIZE + 8) + 24  # title lines, then the unit line
    probe = lay_out(points, texts=False)  # the value axis only, to know its width
    axis_width = max(text_width(label, TICK_SIZE) for _, label in probe.ticks()) + 10
    plot_left = MARGIN + axis_width
    plot_width = Decimal(WIDTH - MARGIN) - plot_left
    layout = lay_out(points, plot_width)
    notes = ([APPROXIMATE_LEGEND] if layout.approximate else []) + [f"来源：{source}" if source else "", f"制图：{site}"]
    notes = [note for note in notes if note]
    height = top + HEIGHT + 8 + len(notes) * 22 + MARGIN

    def across(share: Decimal) -> str:
        return fmt(share * plot_width)

    ticks = "".join(
        f'<text x="{fmt(plot_left - 8)}" y="{fmt(top + layout.y(value))}" dy="0.35em">{escape(label)}</text>' for value, label in layout.ticks()
    )
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}"'
        f' role="img" font-family="{escape(FONTS)}">',
        f"<title>{escape(title)}（单位：{escape(unit)}）</title>",
        f'<rect width="{WIDTH}" height="{height}" fill="{COLOURS.background}"/>',
        *(
            f'<text x="{MARGIN}" y="{MARGIN + (i + 1) * (TITLE_SIZE + 8) - 8}" style="fill:{COLOURS.text};font-size:{TITLE_SIZE}px;font-weight:bold">{escape(line)}</text>'
            for i, line in enumerate(title_lines)
        ),
        f'<text x="{MARGIN}" y="{top - 12}" style="fill:{COLOURS.muted};font-size:{TICK_SIZE}px">单位：{escape(unit)}</text>',
        f'<g style="fill:{COLOURS.muted};font-size:{TICK_SIZE}px;text-anchor:end">{ticks}</g>',
        f'<g transform="translate({fmt(plot_left)} {top})">',
        *plot(layout, across, COLOURS),
        "</g>",
    ]
    y = top + HEIGHT + 8
    for note in notes:
        y += 22
        if note == APPROXIMATE_LEGEND:
            parts.append(
                f'<line x1="{MARGIN}" y1="{y - 5}" x2="{MARGIN + 24}" y2="{y - 5}" style="stroke:{COLOURS.primary};stroke-width:2.5;{DASH}"/>'
                f'<circle cx="{MARGIN + 12}" cy="{y - 5}" r="4" style="fill:{COLOURS.background};stroke:{COLOURS.primary};stroke-width:2"/>'
            )
        x = MARGIN + (32 if note == APPROXIMATE_LEGEND else 0)
        parts.append(f'<text x="{x}" y="{y}" style="fill:{COLOURS.muted};font-size:{TICK_SIZE}px">{escape(note)}</text>')
    parts.append("</svg>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def wrapped(text: str, size: int, width: int) -> list[str]:
    """A title cut into lines that fit the width."""
    lines, current = [], ""
    for char in text:
        if current and text_width(current + char, size) > width:
            lines.append(current)
            current = ""
        current += char
    return lines + [current] if current else lines
