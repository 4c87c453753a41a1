"""One function per generated page: catalog in, Markdown with front matter out."""
from __future__ import annotations

from ..decades import by_decade, decade_label
from ..model import ITEM_REFERENCES, LEVEL_LABELS, Catalog, Record, all_items, count_figures
from ..routes import (
    HOME, HONOR_LEVELS, HONORS, ORGANIZATION, SOURCES, TAGS, WORK_INDEX, YEAR_FIGURES_ANCHOR, YEAR_FIGURES_TITLE,
    STATISTICS, index_page, page_path, year_anchor,
)
from ..schema import KIND_LABELS, UNITS
from . import data_files, statistics
from .blocks import (
    all_sources_line, aliases_block, citation_block, describe, document, facts, figures_table,
    internal_mark, item_path, mentions_list, record_links, ref, section, short_name, source_line, url_link,
)
from .figures import figure_text
from .markdown import bullet_list, heading, link, paragraphs, table, text

# How an item titles the records it names, by the kind they are.
RELATED_LABELS = {**KIND_LABELS, UNITS: "相关单位"}
STATUS_LABELS = {"new": "新获得", "retained": "保持"}
ASSOCIATED = "联系组织"  # a body the federation works with, not one of its own units


def render_home(catalog: Catalog) -> tuple[str, str]:
    current = HOME
    org = catalog.organization
    body = [heading(1, org.name), paragraphs(org.model.summary or "")]
    body.append(section("机构概况", figures_table(org.model.figures) + f"\n\n{link('查看组织机构', ORGANIZATION, current)}", "overview"))
    if catalog.years:
        body.append(year_at_a_glance(catalog.years[0], current))
    if len(catalog.years) > 1:
        body.append(section(f"与{catalog.years[1].model.year}年相比", statistics.year_comparison(catalog, current), "compared"))
    honors = catalog.honors_by_year()
    if honors:
        year, latest = honors[0]
        body.append(section(f"{year}年获得的荣誉", bullet_list([link(h.name, page_path(h), current) for h in latest]), "latest-honors"))
    body.append(section("浏览", bullet_list([
        link("组织机构", ORGANIZATION, current),
        link("年度工作", WORK_INDEX, current),
        link("规划和文件", index_page("plans"), current),
        link("工作品牌", index_page("programmes"), current),
        link("统计数据", STATISTICS, current),
        link("荣誉", HONORS, current),
        link("资料来源", SOURCES, current),
    ]), "browse"))
    body.append(all_sources_line(catalog, current))
    return document(current, org.name, body, describe(org, org.name), jsonld=organization_jsonld(catalog))


def year_at_a_glance(year: Record, current: str) -> str:
    rows = []
    for theme in year.model.themes:
        shown = {f"{f.label} {figure_text(f)}": None for item in theme.items for f in item.figures}
        highlights = list(shown)[:3]
        rows.append([link(theme.title, f"{page_path(year)}#{theme.id}", current), str(len(theme.items)), "<br>".join(text(h) for h in highlights)])
    intro = f"{year.model.year}年共记录{len(all_items(year))}项工作、{count_figures(year)}个数字。"
    return section(f"{year.model.year}年工作一览", intro + "\n\n" + table(["工作主题", "事项", "主要数字"], rows), "latest-year")


def render_organization(catalog: Catalog) -> tuple[str, str]:
    current = ORGANIZATION
    org = catalog.organization
    model = org.model
    body = [heading(1, "组织机构"), aliases_block(model), paragraphs(model.summary or "")]
    body.append(facts([("全称", text(model.name)), ("简称", text(model.short_name)), ("所在地", text(model.location or ""))]))
    body.append(section("机构规模", figures_table(model.figures), "size"))
    rows = [
        [link(d.name, page_path(d), current), text(d.model.kind), text(d.model.rank or ""), str(d.model.staff_count) if d.model.staff_count is not None else ""]
        for d in catalog.of_kind("departments")
    ]
    body.append(section("部门和单位", table(["名称", "类别", "规格", "人员"], rows) if rows else "", "units"))
    body += unit_relations(catalog, org, current)
    body.append(source_line(catalog, org, current))
    return document(current, "组织机构", body, describe(org, model.name), jsonld=organization_jsonld(catalog))


def unit_relations(catalog: Catalog, unit: Record, current: str) -> list[str]:
    """Sections that link a unit to everything naming it."""
    return [
        section("牵头的工作品牌", record_links(catalog.led_by(unit.id), current), "programmes"),
        section("起草或发出的文件", record_links(catalog.drafted_by(unit.id), current), "plans"),
        section("获得的荣誉", bullet_list([honor_line(h, current) for h in catalog.honors_of(unit.id)]), "honors"),
        section("历年数字", statistics.record_figures(catalog, unit.kind, unit.id, current), "figures-by-year", indexed=False),
        section("统计指标", record_links(catalog.indicators_of(UNITS, unit.id), current), "indicators"),
        section("相关工作", mentions_list(catalog.mentions_of(unit.kind, unit.id), current), "work", indexed=False),
    ]


def organization_jsonld(catalog: Catalog) -> dict:
    """schema.org description of the federation and its units."""
    org = catalog.organization.model
    data = {"@context": "https://schema.org", "@type": "GovernmentOrganization", "name": org.name, "alternateName": org.short_name}
    if org.location:
        data["address"] = org.location
    units = [{"@type": "GovernmentOrganization", "name": d.name} for d in catalog.of_kind("departments") if d.model.kind != ASSOCIATED]
    if units:
        data["subOrganization"] = units
    return data


def unit_jsonld(catalog: Catalog, dept: Record) -> dict:
    """schema.org description of one department or unit."""
    org = catalog.organization.model
    associated = dept.model.kind == ASSOCIATED
    data = {"@context": "https://schema.org", "@type": "Organization" if associated else "GovernmentOrganization", "name": dept.model.name}
    if dept.model.short_name:
        data["alternateName"] = dept.model.short_name
    if dept.model.staff_count is not None:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": dept.model.staff_count}
    if not associated:
        data["parentOrganization"] = {"@type": "GovernmentOrganization", "name": org.name}
    return data


def render_department(catalog: Catalog, dept: Record) -> tuple[str, str]:
    current = page_path(dept)
    model = dept.model
    body = [heading(1, model.name, mark=internal_mark(model)), aliases_block(model)]
    body.append(facts([
        ("简称", text(model.short_name or "")),
        ("类别", text(model.kind)),
        ("规格", text(model.rank or "")),
        ("人员", f"{model.staff_count}名" if model.staff_count is not None else ""),
        ("所属", link(catalog.organization.name, ORGANIZATION, current)),
    ]))
    body.append(paragraphs(model.summary or ""))
    body.append(section("数字", figures_table(model.figures), "figures"))
    body += unit_relations(catalog, dept, current)
    body.append(source_line(catalog, dept, current))
    return document(current, model.name, body, describe(dept, model.name), [model.kind], unit_jsonld(catalog, dept))


def honor_line(honor: Record, current: str) -> str:
    model = honor.model
    when = f"{model.year}年" + (f"{model.month}月" if model.month else "")
    return f"{link(model.title, page_path(honor), current)}（{LEVEL_LABELS[model.level]}，{when}，{STATUS_LABELS[model.status]}）"


def render_plan(catalog: Catalog, plan: Record) -> tuple[str, str]:
    current = page_path(plan)
    model = plan.model
    period = f"{model.period_start}—{model.period_end}年" if model.period_start and model.period_end else ""
    issued = " ".join(x for x in (model.issued or "", f"（原文：{model.issued_as_written}）" if model.issued_as_written else "") if x)
    body = [heading(1, model.title, mark=internal_mark(model)), aliases_block(model)]
    body.append(facts([
        ("类别", text(model.kind)),
        ("文号", text(model.doc_number or "")),
        ("发布机关", text(model.issuer or "")),
        ("发布时间", text(issued)),
        ("规划期", period),
        ("起草或发出", "、".join(ref(catalog, "units", u, current) for u in model.drafted_by)),
    ]))
    body.append(paragraphs(model.summary or ""))
    body.append(section("数字", figures_table(model.figures), "figures"))
    body.append(section("历年数字", statistics.record_figures(catalog, "plans", plan.id, current), "figures-by-year", indexed=False))
    body.append(section("相关工作", mentions_list(catalog.mentions_of("plans", plan.id), current), "work", indexed=False))
    body.append(source_line(catalog, plan, current))
    return document(current, model.title, body, describe(plan, model.title), [model.kind])


def render_programme(catalog: Catalog, programme: Record) -> tuple[str, str]:
    current = page_path(programme)
    model = programme.model
    body = [heading(1, model.name, mark=internal_mark(model)), aliases_block(model)]
    body.append(facts([
        ("类别", text(model.kind)),
        ("牵头单位", "、".join(ref(catalog, "units", u, current) for u in model.lead)),
        ("开始年份", f"{model.started}年" if model.started else ""),
    ]))
    body.append(paragraphs(model.summary or ""))
    body.append(section("历年数字", statistics.record_figures(catalog, "programmes", programme.id, current), "figures-by-year", indexed=False))
    body.append(section("统计指标", record_links(catalog.indicators_of("programmes", programme.id), current), "indicators"))
    body.append(section("历年工作", mentions_list(catalog.mentions_of("programmes", programme.id), current), "work", indexed=False))
    body.append(source_line(catalog, programme, current))
    return document(current, model.name, body, describe(programme, model.name), [model.kind])


def render_year(catalog: Catalog, year: Record) -> tuple[str, str]:
    current = page_path(year)
    model = year.model
    body = [heading(1, model.title, mark=internal_mark(model)), aliases_block(model), paragraphs(model.summary or "")]
    for theme in model.themes:
        body.append(heading(2, theme.title, theme.id, mark=internal_mark(theme)))
        body.append(paragraphs(theme.summary or ""))
        body += [render_item(catalog, item, current) for item in theme.items]
    body.append(section(YEAR_FIGURES_TITLE, year_figures(catalog, year, current), YEAR_FIGURES_ANCHOR))
    body.append(source_line(catalog, year, current))
    tags = [theme.title for theme in model.themes]
    return document(current, model.title, body, describe(year, model.title), tags)


def render_item(catalog: Catalog, item, current: str) -> str:
    parts = [heading(3, item.title, item.id, mark=internal_mark(item)), aliases_block(item)]
    if item.date or item.date_as_written:
        when = item.date_as_written or item.date
        parts.append(f"时间：{text(when)}" + (f"（{item.date}）" if item.date and item.date_as_written else ""))
    if item.occasion:
        parts.append(f"纪念：{text(item.occasion)}")
    parts.append(paragraphs(item.summary))
    parts.append(figures_table(item.figures))
    related = [(RELATED_LABELS[target], target, getattr(item, name)) for name, target in ITEM_REFERENCES.items()]
    lines = [f"{label}：{'、'.join(ref(catalog, kind, i, current) for i in ids)}" for label, kind, ids in related if ids]
    if lines:
        parts.append("  \n".join(lines))
    return "\n\n".join(p for p in parts if p)


def year_figures(catalog: Catalog, year: Record, current: str) -> str:
    rows = [
        [
            link(theme.title, f"{current}#{theme.id}", current), link(item.title, f"{current}#{item.id}", current),
            text(f.label), text(figure_text(f)), statistics.indicator_link(catalog, f, current),
        ]
        for theme, item in all_items(year)
        for f in item.figures
    ]
    return table(["主题", "工作", "统计内容", "数字", "指标"], rows) if rows else ""


def render_work_index(catalog: Catalog) -> tuple[str, str]:
    current = WORK_INDEX
    rows = [
        [link(y.model.title, page_path(y), current), str(len(y.model.themes)), str(len(all_items(y))), str(count_figures(y))]
        for y in catalog.years
    ]
    body = [heading(1, "年度工作"), table(["年度", "主题", "事项", "数字"], rows)]
    body.append(all_sources_line(catalog, current))
    return document(current, "年度工作", body, "历年工作记录与数字")


def render_kind_index(catalog: Catalog, kind: str) -> tuple[str, str]:
    title, current = KIND_LABELS[kind], index_page(kind)
    rows = []
    for record in catalog.of_kind(kind):
        model = record.model
        detail = model.doc_number or "" if kind == "plans" else "、".join(short_name(catalog.unit(u)) for u in model.lead if catalog.unit(u))
        rows.append([link(record.name, page_path(record), current), text(model.kind), text(detail or ""), str(len(catalog.mentions_of(kind, record.id)))])
    headers = ["名称", "类别", "文号" if kind == "plans" else "牵头单位", "相关工作"]
    body = [heading(1, title), table(headers, rows) if rows else "暂无记录。"]
    body.append(all_sources_line(catalog, current))
    return document(current, title, body, f"{catalog.organization.model.short_name}的{title}")


def render_honors(catalog: Catalog) -> tuple[str, str]:
    current = HONORS
    body = [heading(1, "荣誉"), f"按年份列出；另见{link('按级别查看', HONOR_LEVELS, current)}。", honor_years(catalog, current)]
    for year, honors in catalog.honors_by_year():
        body.append(heading(2, f"{year}年", year_anchor(year)))
        for honor in honors:
            body.append(render_honor(catalog, honor, current))
    body.append(all_sources_line(catalog, current))
    return document(current, "荣誉", body, f"{catalog.organization.model.short_name}及所属单位获得的荣誉")


def honor_years(catalog: Catalog, current: str) -> str:
    """Past one year, a jump list at the top: one line per decade, each year with its count of honors."""
    years = catalog.honors_by_year()
    if len(years) <= 1:
        return ""
    lines = [
        f"{decade_label(y for y, _ in group)}：" + "、".join(link(f"{y}年（{len(h)}项）", f"{current}#{year_anchor(y)}", current) for y, h in group)
        for _, group in by_decade(years, lambda entry: entry[0])
    ]
    return '<nav class="annals-years" aria-label="按年份跳转" markdown>\n\n' + bullet_list(lines) + "\n\n</nav>"


def render_honor(catalog: Catalog, honor: Record, current: str) -> str:
    model = honor.model
    when = f"{model.year}年" + (f"{model.month}月" if model.month else "")
    line = [
        f"级别：{LEVEL_LABELS[model.level]}",
        f"获得单位：{ref(catalog, 'units', model.recipient, current)}",
        f"授予机关：{text(model.conferrer)}" if model.conferrer else "",
        f"时间：{when}",
        f"情况：{STATUS_LABELS[model.status]}",
    ]
    parts = [heading(3, model.title, honor.id, mark=internal_mark(model)), aliases_block(model), " · ".join(x for x in line if x), paragraphs(model.summary or "")]
    mentions = catalog.mentions_of("honors", honor.id)
    if mentions:
        parts.append("相关工作：" + "、".join(link(m.item.title, item_path(m), current) for m in mentions))
    return "\n\n".join(p for p in parts if p)


def render_honor_levels(catalog: Catalog) -> tuple[str, str]:
    current = HONOR_LEVELS
    body = [heading(1, "荣誉（按级别）")]
    for level, honors in catalog.honors_by_level():
        rows = [
            [link(h.model.title, page_path(h), current), ref(catalog, "units", h.model.recipient, current), f"{h.model.year}", STATUS_LABELS[h.model.status]]
            for h in honors
        ]
        body.append(section(LEVEL_LABELS[level], table(["荣誉称号", "获得单位", "年份", "情况"], rows), level))
    body.append(all_sources_line(catalog, current))
    return document(current, "荣誉（按级别）", body, "按国家级、省级、市级分列的荣誉")


def render_sources(catalog: Catalog) -> tuple[str, str]:
    current = SOURCES
    body = [heading(1, "资料来源")]
    for source in catalog.of_kind("sources"):
        model = source.model
        body.append(heading(2, model.title, source.id, mark=internal_mark(model)))
        body.append(facts([
            ("类别", text(model.kind)),
            ("出处", text(model.publication or "")),
            ("记述年份", f"{model.covers_year}年" if model.covers_year else ""),
            ("撰稿", text(model.compiler or "")),
            ("出版者", text(model.publisher or "")),
            ("网址", url_link(model.url) if model.url else ""),
        ]))
        body.append(paragraphs(model.note or ""))
        body.append(citation_block(source))
        cited = catalog.cited_by(source.id)
        body.append(f"引用本来源的记录：{len(cited)} 条。" if cited else "")
    return document(current, "资料来源", body, "本站记录所依据的资料")


def render_tags() -> tuple[str, str]:
    body = [heading(1, "标签"), "<!-- material/tags -->"]
    return document(TAGS, "标签", body, "按标签浏览")


def render_site(catalog: Catalog, release: statistics.Release | None = None) -> tuple[dict[str, str], dict[str, bytes]]:
    """Every generated page and data file, by path under docs/."""
    release = release or statistics.Release()
    files = data_files.render_files(catalog, release)
    return render_pages(catalog, files, release), files


def render_pages(catalog: Catalog, files: dict[str, bytes] | None = None, release: statistics.Release | None = None) -> dict[str, str]:
    """Every generated page, by path under docs/ (the downloads page lists the data files' sizes)."""
    release = release or statistics.Release()
    files = data_files.render_files(catalog, release) if files is None else files
    pages = [
        render_home(catalog),
        render_organization(catalog),
        render_work_index(catalog),
        render_kind_index(catalog, "plans"),
        render_kind_index(catalog, "programmes"),
        render_honors(catalog),
        render_honor_levels(catalog),
        render_sources(catalog),
        render_tags(),
        statistics.render_statistics_index(catalog),
        statistics.render_all_figures(catalog),
        statistics.render_downloads(catalog, files, release),
    ]
    pages += statistics.render_figure_decades(catalog)
    pages += [statistics.render_indicator(catalog, i) for i in catalog.of_kind("indicators")]
    pages += [render_department(catalog, d) for d in catalog.of_kind("departments")]
    pages += [render_plan(catalog, p) for p in catalog.of_kind("plans")]
    pages += [render_programme(catalog, p) for p in catalog.of_kind("programmes")]
    pages += [render_year(catalog, y) for y in catalog.years]
    return dict(sorted(pages))
