"""One function per generated page: catalog in, Markdown with front matter out."""
from __future__ import annotations

import html

import frontmatter

from ..model import LEVEL_LABELS, Catalog, Mention, Record, all_items, count_figures
from ..schema import Figure
from .figures import figure_text
from .markdown import bullet_list, heading, link, paragraphs, table, text

GENERATED_MARK = "annals"
KIND_FOLDERS = {"departments": "organization", "plans": "plans", "programmes": "programmes"}
STATUS_LABELS = {"new": "新获得", "retained": "保持"}
# Source lines repeat on every page: only the sources page should answer a search for them.
SEARCH_EXCLUDE = "{: data-search-exclude }"
ASSOCIATED = "联系组织"  # a body the federation works with, not one of its own units


def page_path(record: Record) -> str:
    """Where a record's page (or its section) lives under docs/."""
    if record.kind == "organization":
        return "organization/index.md"
    if record.kind == "work":
        return f"work/{record.id}.md"
    if record.kind == "honors":
        return f"honors/index.md#{record.id}"
    if record.kind == "sources":
        return f"sources/index.md#{record.id}"
    return f"{KIND_FOLDERS[record.kind]}/{record.id}.md"


def item_path(mention: Mention) -> str:
    return f"{page_path(mention.year).split('#')[0]}#{mention.item.id}"


def document(
    path: str,
    title: str,
    body: list[str],
    description: str = "",
    tags: list[str] | None = None,
    jsonld: dict | None = None,
) -> tuple[str, str]:
    """Front matter + body, in a fixed key order.

    The theme prints title, description and tags into HTML without escaping them,
    so they are stored as HTML text; JSON-LD is escaped by the template itself.
    """
    meta: dict = {"title": html.escape(title), "generated_by": GENERATED_MARK}
    if description:
        meta["description"] = html.escape(description)
    if tags:
        meta["tags"] = [html.escape(tag) for tag in tags]
    if jsonld:
        meta["jsonld"] = jsonld
    content = "\n\n".join(part for part in body if part)
    return path, frontmatter.dumps(frontmatter.Post(content, **meta), sort_keys=False) + "\n"


def describe(record: Record, fallback: str) -> str:
    """A one-line page description for link previews."""
    summary = getattr(record.model, "summary", None) or fallback
    first = summary.strip().split("\n")[0]
    return first if len(first) <= 120 else first[:119] + "…"


def ref(catalog: Catalog, kind: str, ident: str, current: str) -> str:
    """A link to another record by id (the organization counts as a unit)."""
    record = catalog.unit(ident) if kind == "units" else catalog.get(kind, ident)
    if record is None:
        return "（未公开）"
    return link(short_name(record), page_path(record), current)


def short_name(record: Record) -> str:
    """How a record is named in links: short names for units, the outlet for sources."""
    if record.kind == "sources" and record.model.publication:
        return f"{record.name}（{record.model.publication}）"
    return getattr(record.model, "short_name", None) or record.name


def figures_table(figures: list[Figure]) -> str:
    if not figures:
        return ""
    rows = [[text(f.label), text(figure_text(f)) + internal_mark(f)] for f in figures]
    if any(f.note for f in figures):
        return table(["统计内容", "数字", "说明"], [row + [text(f.note or "")] for row, f in zip(rows, figures)])
    return table(["统计内容", "数字"], rows)


def aliases_block(obj) -> str:
    """Other names for search only: indexed by the site search, hidden from readers."""
    aliases = getattr(obj, "aliases", None) or []
    if not aliases:
        return ""
    words = " ".join(html.escape(a) for a in aliases)
    return f'<p class="annals-aliases" hidden>别名：{words}</p>'


def internal_mark(obj) -> str:
    return " <span class=\"annals-internal\">内部</span>" if getattr(obj, "visibility", "public") == "internal" else ""


def facts(pairs: list[tuple[str, str]]) -> str:
    """A two-column table of facts, leaving out the unknown ones."""
    rows = [[label, value] for label, value in pairs if value]
    return table(["项目", "内容"], rows) if rows else ""


def source_line(catalog: Catalog, record: Record, current: str) -> str:
    """The source link and a copyable GB/T 7714 citation of it."""
    ident = getattr(record.model, "source", None)
    source = catalog.get("sources", ident) if ident else None
    if source is None:
        return ""
    return f"资料来源：{ref(catalog, 'sources', ident, current)}\n{SEARCH_EXCLUDE}\n\n{citation_block(source)}"


def citation(source: Record) -> str:
    """A GB/T 7714-2015 reference: 责任者. 题名[类型]. 出版者, 出版年[引用日期]. 网址."""
    model = source.model
    marker = "EB/OL" if model.url else ("M" if model.kind == "年鉴条目" else "Z")
    parts = [f"{model.compiler}. " if model.compiler else "", f"{model.title}[{marker}]. "]
    where = ", ".join(x for x in (model.publisher, model.publication) if x)
    when = f"{model.published or ''}" + (f"[{model.accessed}]" if model.accessed else "")
    if where or when:
        parts.append(", ".join(x for x in (where, when) if x) + ". ")
    if model.url:
        parts.append(f"{model.url}.")
    return "".join(parts).strip()


def citation_block(*sources: Record) -> str:
    """Citations in a code block, which the theme gives a copy button."""
    if not sources:
        return ""
    reference = "\n".join(citation(s) for s in sources)
    fence = "`" * max(3, longest_run(reference, "`") + 1)
    return f"引用格式（GB/T 7714）：\n\n{fence} {{ .text data-search-exclude }}\n{reference}\n{fence}"


def all_sources_line(catalog: Catalog, current: str) -> str:
    """For pages drawn from many records: every source, linked and cited."""
    sources = catalog.of_kind("sources")
    if not sources:
        return ""
    links = "、".join(link(short_name(s), page_path(s), current) for s in sources)
    return f"资料来源：{links}\n{SEARCH_EXCLUDE}\n\n{citation_block(*sources)}"


def longest_run(value: str, char: str) -> int:
    """Length of the longest run of char in value."""
    best = current = 0
    for c in value:
        current = current + 1 if c == char else 0
        best = max(best, current)
    return best


def mentions_list(catalog: Catalog, mentions: tuple[Mention, ...], current: str) -> str:
    entries = [
        f"{link(f'{m.year.model.year}年', page_path(m.year), current)} · {text(m.theme.title)} · {link(m.item.title, item_path(m), current)}"
        for m in mentions
    ]
    return bullet_list(entries)


def section(title: str, content: str, anchor: str | None = None) -> str:
    """A level-2 section, or nothing when it would be empty."""
    return f"{heading(2, title, anchor)}\n\n{content}" if content else ""


def record_links(catalog: Catalog, records: tuple[Record, ...], current: str) -> str:
    return bullet_list([link(r.name, page_path(r), current) for r in records])


def render_home(catalog: Catalog) -> tuple[str, str]:
    current = "index.md"
    org = catalog.organization
    body = [heading(1, org.name), paragraphs(org.model.summary or "")]
    body.append(section("机构概况", figures_table(org.model.figures) + f"\n\n{link('查看组织机构', 'organization/index.md', current)}", "overview"))
    if catalog.years:
        body.append(year_at_a_glance(catalog, catalog.years[0], current))
    honors = catalog.honors_by_year()
    if honors:
        year, latest = honors[0]
        body.append(section(f"{year}年获得的荣誉", bullet_list([link(h.name, page_path(h), current) for h in latest]), "latest-honors"))
    body.append(section("浏览", bullet_list([
        link("组织机构", "organization/index.md", current),
        link("年度工作", "work/index.md", current),
        link("规划和文件", "plans/index.md", current),
        link("工作品牌", "programmes/index.md", current),
        link("荣誉", "honors/index.md", current),
        link("资料来源", "sources/index.md", current),
    ]), "browse"))
    body.append(all_sources_line(catalog, current))
    return document(current, org.name, body, describe(org, org.name), jsonld=organization_jsonld(catalog))


def year_at_a_glance(catalog: Catalog, year: Record, current: str) -> str:
    rows = []
    for theme in year.model.themes:
        shown = {f"{f.label} {figure_text(f)}": None for item in theme.items for f in item.figures}
        highlights = list(shown)[:3]
        rows.append([link(theme.title, f"{page_path(year)}#{theme.id}", current), str(len(theme.items)), "<br>".join(text(h) for h in highlights)])
    intro = f"{year.model.year}年共记录{len(all_items(year))}项工作、{count_figures(year)}个数字。"
    return section(f"{year.model.year}年工作一览", intro + "\n\n" + table(["工作主题", "事项", "主要数字"], rows), "latest-year")


def render_organization(catalog: Catalog) -> tuple[str, str]:
    current = "organization/index.md"
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
        section("牵头的工作品牌", record_links(catalog, catalog.led_by(unit.id), current), "programmes"),
        section("起草或发出的文件", record_links(catalog, catalog.drafted_by(unit.id), current), "plans"),
        section("获得的荣誉", bullet_list([honor_line(catalog, h, current) for h in catalog.honors_of(unit.id)]), "honors"),
        section("相关工作", mentions_list(catalog, catalog.mentions_of(unit.kind, unit.id), current), "work"),
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
        ("所属", link(catalog.organization.name, "organization/index.md", current)),
    ]))
    body.append(paragraphs(model.summary or ""))
    body.append(section("数字", figures_table(model.figures), "figures"))
    body += unit_relations(catalog, dept, current)
    body.append(source_line(catalog, dept, current))
    return document(current, model.name, body, describe(dept, model.name), [model.kind], unit_jsonld(catalog, dept))


def honor_line(catalog: Catalog, honor: Record, current: str) -> str:
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
    body.append(section("相关工作", mentions_list(catalog, catalog.mentions_of("plans", plan.id), current), "work"))
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
    body.append(section("历年工作", mentions_list(catalog, catalog.mentions_of("programmes", programme.id), current), "work"))
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
    body.append(section("全年数字汇总", year_figures(year, current), "all-figures"))
    body.append(source_line(catalog, year, current))
    tags = [theme.title for theme in model.themes]
    return document(current, model.title, body, describe(year, model.title), tags)


def render_item(catalog: Catalog, item, current: str) -> str:
    parts = [heading(3, item.title, item.id, mark=internal_mark(item)), aliases_block(item)]
    if item.date or item.date_as_written:
        when = item.date_as_written or item.date
        parts.append(f"时间：{text(when)}" + (f"（{item.date}）" if item.date and item.date_as_written else ""))
    parts.append(paragraphs(item.summary))
    parts.append(figures_table(item.figures))
    related = [
        ("相关单位", "units", item.departments),
        ("工作品牌", "programmes", item.programmes),
        ("规划和文件", "plans", item.plans),
        ("荣誉", "honors", item.honors),
    ]
    lines = [f"{label}：{'、'.join(ref(catalog, kind, i, current) for i in ids)}" for label, kind, ids in related if ids]
    if lines:
        parts.append("  \n".join(lines))
    return "\n\n".join(p for p in parts if p)


def year_figures(year: Record, current: str) -> str:
    rows = [
        [link(theme.title, f"{current}#{theme.id}", current), link(item.title, f"{current}#{item.id}", current), text(f.label), text(figure_text(f))]
        for theme, item in all_items(year)
        for f in item.figures
    ]
    return table(["主题", "工作", "统计内容", "数字"], rows) if rows else ""


def render_work_index(catalog: Catalog) -> tuple[str, str]:
    current = "work/index.md"
    rows = [
        [link(y.model.title, page_path(y), current), str(len(y.model.themes)), str(len(all_items(y))), str(count_figures(y))]
        for y in catalog.years
    ]
    body = [heading(1, "年度工作"), table(["年度", "主题", "事项", "数字"], rows)]
    body.append(all_sources_line(catalog, current))
    return document(current, "年度工作", body, "历年工作记录与数字")


def render_kind_index(catalog: Catalog, kind: str) -> tuple[str, str]:
    title, folder = {"plans": ("规划和文件", "plans"), "programmes": ("工作品牌", "programmes")}[kind]
    current = f"{folder}/index.md"
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
    current = "honors/index.md"
    body = [heading(1, "荣誉"), f"按年份列出；另见{link('按级别查看', 'honors/levels.md', current)}。"]
    for year, honors in catalog.honors_by_year():
        body.append(heading(2, f"{year}年", f"year-{year}"))
        for honor in honors:
            body.append(render_honor(catalog, honor, current))
    body.append(all_sources_line(catalog, current))
    return document(current, "荣誉", body, f"{catalog.organization.model.short_name}及所属单位获得的荣誉")


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
    current = "honors/levels.md"
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
    current = "sources/index.md"
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


def url_link(url: str) -> str:
    """A link whose target is a checked http(s)/mailto/tel URL."""
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{text(url)}]({safe})"


def render_tags() -> tuple[str, str]:
    body = [heading(1, "标签"), "<!-- material/tags -->"]
    return document("tags.md", "标签", body, "按标签浏览")


def render_pages(catalog: Catalog) -> dict[str, str]:
    """Every generated page, by path under docs/."""
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
    ]
    pages += [render_department(catalog, d) for d in catalog.of_kind("departments")]
    pages += [render_plan(catalog, p) for p in catalog.of_kind("plans")]
    pages += [render_programme(catalog, p) for p in catalog.of_kind("programmes")]
    pages += [render_year(catalog, y) for y in catalog.years]
    return dict(sorted(pages))
