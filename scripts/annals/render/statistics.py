"""Figures as data: indicator pages, the statistics section, figures on record pages, the downloads page."""
from __future__ import annotations

import datetime
import html
from collections import defaultdict
from dataclasses import dataclass

from ..decades import by_decade, decade_label
from ..indicators import is_approximate, normalised, plain, base_unit
from ..model import Catalog, Observation, Record
from ..routes import ALL_FIGURES, DATA_FOLDER, DOWNLOADS, STATISTICS, chart_stem, figures_decade_page, item_path, page_path
from . import charts
from .blocks import aliases_block, all_sources_line, describe, document, facts, internal_mark, ref, section, source_line
from .figures import figure_text, grouped
from .markdown import heading, link, paragraphs, table, text
from .series import SeriesPoint

OTHER_THEME = "其他"
DATA_FILES = {
    "figures.csv": "全部数字（CSV，Excel 和 WPS 可直接打开）",
    "figures.xlsx": "全部数字（Excel 工作簿，首行冻结）",
    "figures.json": "全部数字（JSON）",
    "figures.schema.json": "figures.json 的结构说明（JSON Schema）",
    "records.json": "全部公开记录（JSON，含编号和相互链接）",
    "records.schema.json": "records.json 的结构说明（JSON Schema）",
}


@dataclass(frozen=True)
class Release:
    """What identifies the records a build was made from."""

    version: str = ""
    date: datetime.date | None = None


# --- series -------------------------------------------------------------------------------


def series_points(catalog: Catalog, indicator: Record) -> list[SeriesPoint]:
    """The indicator's values by year, every year from its first to its last (missing years are gaps)."""
    by_year = {o.year.model.year: o for o in catalog.series_of(indicator.id)}
    if not by_year:
        return []
    points = []
    for year in range(min(by_year), max(by_year) + 1):
        observation = by_year.get(year)
        if observation is None:
            points.append(SeriesPoint(year, None, False, "无数据"))
        else:
            figure = observation.figure
            points.append(SeriesPoint(year, normalised(figure), is_approximate(figure), figure_text(figure)))
    return points


def charted(points: list[SeriesPoint]) -> bool:
    """An indicator gets a chart (on its page, as a trend line and as a file) from two years with a figure."""
    return len([p for p in points if p.value is not None]) >= 2


def change_text(current: SeriesPoint, previous: SeriesPoint | None, unit: str) -> str:
    """The change against the year before, only when both values are exact."""
    if previous is None or previous.value is None or current.value is None:
        return "—"
    if current.approximate or previous.approximate:
        return "—（含约数，不计算）"
    difference = current.value - previous.value
    if difference == 0:
        return "持平"
    sign = "+" if difference > 0 else ""
    share = f"，{sign}{difference * 100 / previous.value:.1f}%" if previous.value and unit != "%" else ""
    return f"{sign}{grouped(plain(difference))}{unit if unit != '%' else '个百分点'}{share}"


def normalised_text(point: SeriesPoint, unit: str) -> str:
    if point.value is None:
        return "—"
    return f"{grouped(plain(point.value))}{unit}" + ("（约数）" if point.approximate else "")


# --- pages --------------------------------------------------------------------------------


def render_indicator(catalog: Catalog, indicator: Record) -> tuple[str, str]:
    """One indicator: facts, chart, table by year, downloads of the chart's data."""
    current = page_path(indicator)
    model = indicator.model
    unit = base_unit(model.unit)[1]
    points = series_points(catalog, indicator)
    body = [heading(1, model.name, mark=internal_mark(model)), aliases_block(model), latest_line(points)]
    body.append(facts([
        ("统计内容", text(model.description)),
        ("单位", text(model.unit)),
        ("主题", text(model.theme or "")),
        ("工作品牌", ref(catalog, "programmes", model.programme, current) if model.programme else ""),
        ("负责单位", ref(catalog, "units", model.department, current) if model.department else ""),
    ]))
    body.append(paragraphs(model.summary or ""))
    known = [p for p in points if p.value is not None]
    has_chart = charted(points)
    if has_chart:
        body.append(chart_block(model.name, unit, points, indicator.id))
    title = "历年数字" if has_chart or not known else f"{known[0].year}年数字"
    body.append(section(title, series_table(catalog, indicator, points, unit, current), "series"))
    if points:
        stem = chart_stem(indicator.id)
        files = [link("表格（CSV）", f"{stem}.csv", current), link("说明（JSON）", f"{stem}.metadata.json", current)]
        if has_chart:
            files.append(link("图表（SVG，可插入 WPS、Word 或 PowerPoint）", f"{stem}.svg", current))
        approximate = f"带“余”“多”“以上”“近”“约”的数字是约数，{'图中以空心点标出，不计算增减' if has_chart else '表中注明'}。"
        body.append(f"本页数字下载：{'、'.join(files)}。{approximate}")
    body.append(source_line(catalog, indicator, current))
    return document(current, model.name, body, describe(indicator, model.description), [model.theme] if model.theme else None)


def latest_line(points: list[SeriesPoint], shown: int = 5) -> str:
    """The figures themselves at the top of the page, newest year first: the answer a visitor came for."""
    known = [p for p in reversed(points) if p.value is not None]
    if len(known) == 1:
        return f"目前只有{known[0].year}年的数字：{text(known[0].text)}。有了其他年份的数字后，这里会列出历年数字和趋势图。"
    return "历年数字：" + "；".join(f"{p.year}年 {text(p.text)}" for p in known[:shown]) + "。" if known else ""


def chart_block(title: str, unit: str, points: list[SeriesPoint], ident: str) -> str:
    """The chart with its caption, kept out of the search index (the table beside it is indexed)."""
    svg = charts.line_chart(title, unit, points, ident=ident)
    caption = f"<figcaption>{html.escape(title)}（单位：{html.escape(unit)}），数据见下表</figcaption>"
    return f'<figure class="annals-figure" data-search-exclude>\n{svg}\n{caption}\n</figure>'


def series_table(catalog: Catalog, indicator: Record, points: list[SeriesPoint], unit: str, current: str) -> str:
    """Year by year: as written, qualifier, normalised value, change, where it was reported."""
    by_year = {o.year.model.year: o for o in catalog.series_of(indicator.id)}
    several = len(by_year) > 1  # a change needs two years
    rows = []
    for point in sorted(points, key=lambda p: -p.year):
        observation = by_year.get(point.year)
        if observation is None:
            rows.append([f"{point.year}年", "无数据", "", "", "", ""])
            continue
        rows.append([
            f"{point.year}年",
            text(point.text) + marked(observation.figure),
            text(observation.figure.qualifier or ""),
            normalised_text(point, unit),
            *([change_text(point, before(points, point.year), unit)] if several else []),
            link(observation.item.title, item_path(observation.year, observation.item.id), current),
        ])
    headers = ["年份", "原文写法", "修饰", "折合数值", *(["较上年"] if several else []), "出处"]
    return table(headers, rows) if rows else ""


def before(points: list[SeriesPoint], year: int) -> SeriesPoint | None:
    """The point of the year before, if the series has that year."""
    return next((p for p in points if p.year == year - 1), None)


INTERNAL_MARK = ' <span class="annals-internal">内部</span>'


def marked(figure) -> str:
    return INTERNAL_MARK if figure.visibility == "internal" else ""


def internal(observation: Observation) -> bool:
    """A figure is internal when it, its item or its theme is."""
    return any(part.visibility == "internal" for part in (observation.figure, observation.item, observation.theme))


def theme_of(catalog: Catalog, indicator: Record) -> str:
    """How the statistics page groups an indicator: its theme, else its programme, else 其他."""
    model = indicator.model
    if model.theme:
        return model.theme
    programme = catalog.get("programmes", model.programme) if model.programme else None
    return programme.name if programme else OTHER_THEME


def render_statistics_index(catalog: Catalog) -> tuple[str, str]:
    """Every indicator by theme, with its latest value and a small trend line."""
    current = STATISTICS
    groups: dict[str, list[Record]] = defaultdict(list)
    for indicator in catalog.of_kind("indicators"):
        groups[theme_of(catalog, indicator)].append(indicator)
    body = [heading(1, "统计数据"), (
        f"历年工作中可以逐年比较的数字，按主题列出。另见{link('全部数字', ALL_FIGURES, current)}（可按年份、主题排序）"
        f"和{link('数据下载', DOWNLOADS, current)}（CSV、Excel、JSON）。"
    )]
    years = sorted({o.year.model.year for i in catalog.of_kind("indicators") for o in catalog.series_of(i.id)})
    if len(years) == 1:
        body.append(f"目前只有{years[0]}年的数字。有了第二年的数字后，这里会显示每个指标的历年趋势。")
    trends = len(years) > 1
    headers = ["指标", "最新数字", "历年趋势", "年份数"] if trends else ["指标", f"{years[0]}年数字" if years else "数字"]
    for index, theme in enumerate(sorted(groups, key=lambda t: (t == OTHER_THEME, t))):
        rows = [indicator_row(catalog, i, current, trends) for i in groups[theme]]
        body.append(section(theme, table(headers, rows), f"theme-{index + 1}"))
    if not groups:
        body.append("暂无统计指标。")
    body.append(all_sources_line(catalog, current))
    return document(current, "统计数据", body, "可逐年比较的工作数字、趋势和下载")


def indicator_row(catalog: Catalog, indicator: Record, current: str, trends: bool) -> list[str]:
    """Name and latest figure; with trends (some indicator has two years), its trend line and how many years it has."""
    points = series_points(catalog, indicator)
    known = [p for p in points if p.value is not None]
    name = link(indicator.model.name, page_path(indicator), current)
    if not trends:  # one year, named in the column's header
        return [name, text(known[-1].text if known else "暂无")]
    cells = [name, text(f"{known[-1].text}（{known[-1].year}年）" if known else "暂无")]
    if charted(points):
        trend = charts.sparkline(points, indicator.model.name, ident=indicator.id)
    else:
        trend = f"目前只有{known[0].year}年的数字" if known else "暂无数字"
    return [*cells, trend, str(len(known))]


def render_all_figures(catalog: Catalog) -> tuple[str, str]:
    """One table of every figure, sortable by year or theme in the browser.

    Past one decade of records the page lists the decades instead, each with its own table,
    so that no page grows with the archive and a phone opens a table of ten years at most.
    """
    current = ALL_FIGURES
    observations = catalog.observations()
    decades = by_decade(observations, lambda o: o.year.model.year)
    body = [heading(1, "全部数字")]
    if len(decades) <= 1:
        body += [(
            f"历年工作记录中的全部{len(observations)}个数字。点击“年份”或“主题”表头可以排序；"
            f"同样的内容可在{link('数据下载', DOWNLOADS, current)}页取得表格文件。"
        ), sortable_table(observations, catalog, current)]
    else:
        body += [(
            f"历年工作记录中的全部{len(observations)}个数字，按年代分页列出，每页一张可按年份、主题排序的表。"
            f"全部数字的表格文件见{link('数据下载', DOWNLOADS, current)}页；每一年的数字也列在该年度工作页的末尾。"
        ), decades_table(decades, current)]
    body.append(all_sources_line(catalog, current))
    return document(current, "全部数字", body, "历年工作记录中的全部数字，可排序")


def decades_table(decades: list[tuple[int, list[Observation]]], current: str) -> str:
    """Each decade's page, the years it covers and how many figures each year has."""
    rows = []
    for start, observations in decades:
        counts: dict[int, int] = defaultdict(int)
        for observation in observations:
            counts[observation.year.model.year] += 1
        title = decade_label(counts)
        rows.append([
            link(f"{title}的数字", figures_decade_page(start), current),
            str(len(observations)),
            "、".join(f"{year}年 {counts[year]}个" for year in sorted(counts, reverse=True)),
        ])
    return table(["年代", "数字个数", "各年数字个数"], rows)


def render_figure_decades(catalog: Catalog) -> list[tuple[str, str]]:
    """The table of every figure of each decade, when the records span more than one decade."""
    decades = by_decade(catalog.observations(), lambda o: o.year.model.year)
    if len(decades) <= 1:
        return []
    pages = []
    for index, (start, observations) in enumerate(decades):
        current = figures_decade_page(start)
        title = f"全部数字：{decade_label(o.year.model.year for o in observations)}"
        neighbours = [
            f"{label}：{link(decade_label(o.year.model.year for o in other), figures_decade_page(other_start), current)}"
            for label, position in (("较晚的年代", index - 1), ("较早的年代", index + 1))
            if 0 <= position < len(decades)
            for other_start, other in [decades[position]]
        ]
        body = [heading(1, title), (
            f"本页列出这些年份工作记录中的{len(observations)}个数字，点击“年份”或“主题”表头可以排序。"
            f"其他年代见{link('全部数字', ALL_FIGURES, current)}" + (f"（{'；'.join(neighbours)}）" if neighbours else "") + "。"
        ), sortable_table(observations, catalog, current)]
        body.append(all_sources_line(catalog, current))
        pages.append(document(current, title, body, f"{title}，可排序"))
    return pages


# Columns (from 0) of the table of every figure that javascripts/table-sort.js sorts by: year and theme.
SORT_COLUMNS = "0 1"


def sortable_table(observations, catalog: Catalog, current: str) -> str:
    """The table of figures, in a region that scrolls sideways on a phone and that the keyboard reaches.

    A Markdown table (md_in_html) so that the engine resolves its links for the web and for file:// alike;
    table-sort.js sorts it by the columns the region names; without script it reads newest year first.
    Kept out of the search index: every figure is found where it was reported (its work item).
    """
    rows = [figure_cells(catalog, o, current) for o in observations]
    headers = ["年份", "主题", "工作事项", "统计内容", "数字", "折合数值", "单位", "指标"]
    return (
        f'<div class="annals-table-scroll" role="region" aria-label="全部数字表" tabindex="0" data-sort-columns="{SORT_COLUMNS}" data-search-exclude markdown>\n\n'
        f"{table(headers, rows)}\n\n</div>"
    )


def figure_cells(catalog: Catalog, observation: Observation, current: str) -> list[str]:
    figure = observation.figure
    approximate = "（约数）" if figure.qualifier else ""
    return [
        str(observation.year.model.year),
        text(observation.theme.title),
        link(observation.item.title, item_path(observation.year, observation.item.id), current),
        text(figure.label),
        text(figure_text(figure)) + (INTERNAL_MARK if internal(observation) else ""),
        f"{grouped(plain(normalised(figure)))}{approximate}",
        text(base_unit(figure.unit)[1]),
        indicator_link(catalog, figure, current),
    ]


def render_downloads(catalog: Catalog, files: dict[str, bytes], release: Release) -> tuple[str, str]:
    """What can be taken away as data, with sizes, the records version and date."""
    current = DOWNLOADS
    rows = [
        [link(name, f"{DATA_FOLDER}/{name}", current), DATA_FILES[name], size_text(len(files[f"{DATA_FOLDER}/{name}"]))]
        for name in DATA_FILES
        if f"{DATA_FOLDER}/{name}" in files
    ]
    when = release.date.isoformat() if release.date else "未知"
    body = [heading(1, "数据下载"), (
        f"记录版本 {text(release.version or '未知')}，记录日期 {when}。"
        "表格文件采用 UTF-8 编码（带 BOM），Excel 和 WPS 可直接打开；数值为纯数字，"
        "带“余”“多”“以上”“近”“约”的数字在“修饰”一列注明，是约数。"
    ), table(["文件", "内容", "大小"], rows)]
    body.append(f"每个统计指标的图表数据（CSV、JSON）和图表文件（SVG，可插入报告）另见各指标页面；全部指标见{link('统计数据', STATISTICS, current)}。")
    body.append(all_sources_line(catalog, current))
    return document(current, "数据下载", body, "全部数字和记录的开放数据下载")


def size_text(size: int) -> str:
    return f"{size} 字节" if size < 1024 else f"{size / 1024:.1f} KB"


# --- figures on record pages and the home page --------------------------------------------


def record_figures(catalog: Catalog, kind: str, ident: str, current: str) -> str:
    """The figures of the work that names a record, newest year first, each linked to its item.

    One table with a year column rather than a heading per year: short year headings would
    answer a search for “2011年” before the year's own page does.
    """
    rows = [
        [f"{m.year.model.year}年", link(m.item.title, item_path(m.year, m.item.id), current), text(f.label),
         text(figure_text(f)) + marked(f), indicator_link(catalog, f, current)]
        for m in catalog.mentions_of(kind, ident)  # newest year first, in page order within a year
        for f in m.item.figures
    ]
    return table(["年份", "工作事项", "统计内容", "数字", "指标"], rows) if rows else ""


def indicator_link(catalog: Catalog, figure, current: str) -> str:
    indicator = catalog.get("indicators", figure.indicator) if figure.indicator else None
    return link(indicator.model.name, page_path(indicator), current) if indicator else ""


def year_comparison(catalog: Catalog, current: str) -> str:
    """For indicators in both of the two latest years: the change against the year before."""
    if len(catalog.years) < 2:
        return ""
    latest, previous = catalog.years[0].model.year, catalog.years[1].model.year
    rows = []
    for indicator in catalog.of_kind("indicators"):
        points = {p.year: p for p in series_points(catalog, indicator) if p.value is not None}
        if latest in points and previous in points:
            unit = base_unit(indicator.model.unit)[1]
            rows.append([
                link(indicator.model.name, page_path(indicator), current),
                text(points[previous].text), text(points[latest].text),
                change_text(points[latest], points[previous] if previous == latest - 1 else None, unit),
            ])
    if not rows:
        return ""
    return table(["指标", f"{previous}年", f"{latest}年", "变化"], rows)
