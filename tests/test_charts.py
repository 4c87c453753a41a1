"""Charts: gaps stay gaps, approximate values look approximate, text alternatives, same bytes."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import markdown
import pytest

from annals.render.chart_file import chart_file
from annals.render.chart_layout import NARROWEST_PLOT, lay_out
from annals.render.charts import APPROXIMATE_LEGEND, line_chart, sparkline
from annals.render.series import SeriesPoint

SVG = "{http://www.w3.org/2000/svg}"

LOANS = [
    SeriesPoint(2011, Decimal("6899000"), False, "689.9万元"),
    SeriesPoint(2012, Decimal("7000000"), True, "约700万元"),
    SeriesPoint(2014, Decimal("8120000"), False, "812万元"),
]
EXACT = [
    SeriesPoint(2011, Decimal("800"), False, "800人"),
    SeriesPoint(2012, Decimal("950"), False, "950人"),
]


def parse(markup: str) -> ET.Element:
    """The svg element that draws the series (role img), whether alone or in the chart's div."""
    root = ET.fromstring(markup)
    return root if root.tag == f"{SVG}svg" else next(e for e in root.iter(f"{SVG}svg") if e.get("role") == "img")


def number(length: str) -> float:
    """An SVG length in user units or percent, as a number."""
    return float(length.rstrip("%"))


def segments(root: ET.Element, kind: str) -> list[tuple[float, float, float, float]]:
    """Every straight segment of the chart's exact or approximate line, as (x1, y1, x2, y2)."""
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == f"annals-chart-{kind}"]
    return [tuple(number(line.get(a)) for a in ("x1", "y1", "x2", "y2")) for g in groups for line in g.iter(f"{SVG}line")]


def year_x(root: ET.Element) -> dict[int, float]:
    """Where each year sits on the x axis, read from its label."""
    return {int(t.text): number(t.get("x")) for t in root.iter(f"{SVG}text") if re.fullmatch(r"\d{4}", t.text or "")}


def circles(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}circle"))


def test_missing_year_is_a_gap_not_a_zero_nor_a_bridge():
    root = parse(line_chart("小额担保贴息贷款金额", "元", LOANS, ident="loans"))
    xs = year_x(root)
    assert sorted(xs) == [2011, 2012, 2013, 2014]
    gap = xs[2013]
    every = segments(root, "exact") + segments(root, "approximate")
    assert len(every) == 1  # 2011-2012 only; nothing joins 2012 to 2014
    assert all(not (min(x1, x2) < gap < max(x1, x2)) for x1, _, x2, _ in every)
    assert all(abs(number(c.get("cx")) - gap) > 1 for c in circles(root))
    missing = [t for t in root.iter(f"{SVG}text") if t.text == "无数据"]
    assert [number(t.get("x")) for t in missing] == [gap]


def test_approximate_point_is_hollow_and_its_segments_dashed():
    root = parse(line_chart("小额担保贴息贷款金额", "元", LOANS, ident="loans"))
    hollow = [c for c in circles(root) if c.get("class") == "annals-point-approximate"]
    filled = [c for c in circles(root) if c.get("class") == "annals-point-exact"]
    assert len(hollow) == 1 and len(filled) == 2
    assert "--md-default-bg-color" in hollow[0].get("style")
    assert all("--md-primary-fg-color" in c.get("style") for c in filled)
    assert segments(root, "exact") == []
    dashed = [g for g in root.iter(f"{SVG}g") if g.get("class") == "annals-chart-approximate"]
    assert len(dashed) == 1 and "stroke-dasharray" in dashed[0].get("style")
    approximate_x = number(hollow[0].get("cx"))
    assert segments(root, "approximate")[0][2] == approximate_x


def test_exact_series_has_solid_line_and_no_legend():
    svg = line_chart("达成就业意向的人数", "人", EXACT, ident="jobs")
    root = parse(svg)
    assert len(segments(root, "exact")) == 1 and segments(root, "approximate") == []
    assert "stroke-dasharray" not in svg
    assert APPROXIMATE_LEGEND not in svg
    assert APPROXIMATE_LEGEND in line_chart("小额担保贴息贷款金额", "元", LOANS, ident="loans")


def test_approximate_label_reads_as_approximate_even_without_qualifier_in_text():
    points = [SeriesPoint(2011, Decimal("98"), True, "98%"), SeriesPoint(2012, Decimal("97"), False, "97%")]
    labels = [t.text for t in parse(line_chart("合格率", "%", points, ident="rate")).iter(f"{SVG}text")]
    assert "98%（约）" in labels


def test_title_and_desc_state_the_series_in_chinese():
    root = parse(line_chart("小额担保贴息贷款金额", "元", LOANS, ident="loans"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-loans-title chart-loans-desc"
    assert root.find(f"{SVG}title").text == "小额担保贴息贷款金额（单位：元）"
    assert root.find(f"{SVG}desc").text == (
        "2011年：689.9万元；2012年：约700万元（约数）；2013年：无数据；2014年：812万元"
    )


def test_no_script_and_no_outside_reference():
    for svg in (line_chart("金额", "元", LOANS, ident="a"), sparkline(LOANS, "金额", "a")):
        assert "<script" not in svg.lower() and "javascript:" not in svg.lower()
        assert set(re.findall(r"https?://[^\"' )]*", svg)) == {"http://www.w3.org/2000/svg"}
        assert "href" not in svg and "url(" not in svg


def test_same_input_same_bytes_whatever_the_order():
    first = line_chart("小额担保贴息贷款金额", "元", LOANS, ident="loans")
    again = line_chart("小额担保贴息贷款金额", "元", list(reversed(LOANS)), ident="loans")
    assert first.encode() == again.encode()
    assert sparkline(LOANS, "金额", "loans") == sparkline(list(reversed(LOANS)), "金额", "loans")


def test_numbers_are_written_with_fixed_precision():
    svg = line_chart("金额", "元", [SeriesPoint(2010, Decimal("1") / 3, False, "0.33元"), *EXACT], ident="third")
    for name, value in re.findall(r' (x|y|x1|x2|y1|y2|cx|cy|r)="([^"]*)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d)?%?", value), (name, value)


def test_ids_derive_from_ident_and_differ_between_charts():
    ids = lambda svg: set(re.findall(r' id="([^"]+)"', svg))  # noqa: E731
    loans = ids(line_chart("金额", "元", LOANS, ident="loans"))
    jobs = ids(line_chart("人数", "人", EXACT, ident="jobs"))
    assert loans == {"chart-loans-box", "chart-loans", "chart-loans-title", "chart-loans-desc"}
    assert loans.isdisjoint(jobs)
    assert ids(sparkline(LOANS, "金额", "loans")) == {"spark-loans"}
    with pytest.raises(ValueError):
        line_chart("金额", "元", LOANS, ident='x" onload="alert(1)')


def test_large_values_tick_in_wan():
    root = ET.fromstring(line_chart("金额", "元", LOANS[:1], ident="loans"))
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("dy") == "0.35em"]
    assert ticks == ["0", "200万", "400万", "600万", "800万"]


def test_chart_fills_its_container_with_text_of_a_fixed_size_and_embeds_in_markdown():
    svg = line_chart("小额担保贴息贷款金额", "元", LOANS, ident="loans")
    root = parse(svg)
    assert root.get("width") == "100%" and root.get("viewBox") is None  # no scaling: a text's px size is its size
    assert "font-family:inherit" in root.get("style") and "var(--md-primary-fg-color" in svg
    sizes = [int(size) for size in re.findall(r"font-size:(\d+)px", svg)]
    assert sizes and min(sizes) >= 12
    assert "\n\n" not in svg and not re.search(r"^ {4}", svg, re.M)


def test_markdown_keeps_chart_and_sparkline_intact():
    chart = line_chart("小额担保贴息贷款金额", "元", LOANS, ident="loans")
    spark = sparkline(LOANS, "金额", "loans")
    page = f"# 示例\n\n{chart}\n| 指标 | 趋势 |\n| --- | --- |\n| 金额 | {spark} |\n"
    html = markdown.markdown(page, extensions=["tables", "attr_list"])
    assert chart.strip() in html and f"<td>{spark}</td>" in html
    assert "<p><div" not in html and "<p><svg" not in html


def test_text_is_escaped():
    root = parse(line_chart("A<B & C", "元", EXACT, ident="esc"))
    assert root.find(f"{SVG}title").text == "A<B & C（单位：元）"


def test_sparkline_states_the_series_on_one_line():
    svg = sparkline(LOANS, "小额担保贴息贷款金额", "loans")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == (
        "小额担保贴息贷款金额，2011年：689.9万元；2012年：约700万元（约数）；2013年：无数据；2014年：812万元"
    )
    assert "\n" not in svg and "|" not in svg
    lines = list(root.iter(f"{SVG}line"))
    assert len(lines) == 1 and "stroke-dasharray" in lines[0].get("style")
    assert len(circles(root)) == 3


def test_two_points_for_one_year_are_refused():
    with pytest.raises(ValueError):
        line_chart("金额", "元", [LOANS[0], LOANS[0]], ident="twice")


def thirty_years() -> list[SeriesPoint]:
    """A long series with gaps, approximate values and values that jump about."""
    points = []
    for year in range(1995, 2025):
        if year in (2001, 2002, 2015):
            continue
        value = Decimal((year * 7919) % 600 + 300) * 10000
        approximate = year % 7 == 0
        points.append(SeriesPoint(year, value, approximate, f"{value / 10000}{'余' if approximate else ''}万元"))
    return points


def overlapping(boxes: list[tuple]) -> list[tuple]:
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]]


@pytest.mark.parametrize("width", [NARROWEST_PLOT, 500, 1200])
def test_a_long_series_labels_what_fits_and_nothing_touches_at_any_width(width):
    layout = lay_out(thirty_years())
    labels = layout.years + layout.gaps + layout.values
    assert overlapping([label.box(Decimal(width)) for label in labels]) == []
    assert all(0 <= label.box(Decimal(width))[0] and label.box(Decimal(width))[1] <= width for label in labels)
    years = [label.text for label in layout.years]
    assert years[0] == "1995" and years[-1] == "2024" and 3 <= len(years) < 30
    values = {label.text for label in layout.values}
    latest, first = thirty_years()[-1], thirty_years()[0]
    highest = max(thirty_years(), key=lambda p: p.value)
    assert {latest.text, first.text, highest.text} <= values and len(values) < 27


def test_a_long_series_keeps_every_value_in_its_points_and_text_alternative():
    svg = line_chart("小额担保贴息贷款金额", "元", thirty_years(), ident="long")
    root = parse(svg)
    titles = [c.find(f"{SVG}title").text for c in circles(root)]
    assert len(titles) == 27 and "2024年：" + thirty_years()[-1].text in titles
    assert all(f"{p.year}年：" in root.find(f"{SVG}desc").text for p in thirty_years())
    assert "2001年：无数据" in root.find(f"{SVG}desc").text
    hollow = [c for c in circles(root) if c.get("class") == "annals-point-approximate"]
    assert len(hollow) == len([p for p in thirty_years() if p.approximate])


def test_the_chart_file_opens_on_its_own_with_title_unit_source_and_key():
    data = chart_file("小额担保贴息贷款金额", "元", LOANS, "济宁年鉴（2012）", "济宁市妇女联合会")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg" and root.get("width") == "720" and root.get("viewBox")
    shown = [t.text for t in root.iter(f"{SVG}text")]
    assert "小额担保贴息贷款金额" in shown and "单位：元" in shown and "来源：济宁年鉴（2012）" in shown
    assert APPROXIMATE_LEGEND in shown and "制图：济宁市妇女联合会" in shown
    assert b"var(" not in data and b"<script" not in data and b"href" not in data  # no theme, no script, no link
    assert len([c for c in root.iter(f"{SVG}circle") if c.get("class")]) == 3
    assert chart_file("小额担保贴息贷款金额", "元", list(reversed(LOANS)), "济宁年鉴（2012）", "济宁市妇女联合会") == data
