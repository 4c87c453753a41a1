"""From raw entry text to a Draft: clean, segment, find, link, give ids."""
from __future__ import annotations

import re

from .clean import clean
from .figures import find_figures, take_anniversaries
from .honors import find_honors
from .link import Existing, find_existing, make_slug, mentioned
from .parts import Draft, DraftHonor, DraftItem, DraftSource, DraftUnit
from .segment import detect_year, draft_title, find_date, split_themes
from .units import find_plans, find_programmes, find_units

ORGANIZATION_WORDS = re.compile(r"^(?:本会|我会|市妇联|妇联|市妇联机关|[\u4e00-\u9fff]{0,6}(?:妇女联合会|妇联|总工会|残疾人联合会|残联|红十字会|工商联|团委|科协))$")


class YearUnknown(Exception):
    """The text does not say which year it covers; candidates are the years it mentions."""

    def __init__(self, candidates: list[int]):
        super().__init__(candidates)
        self.candidates = candidates


def draft_entry(text: str, year: int | None, existing: Existing, encoding: str = "") -> Draft:
    """Draft records from one entry's raw text."""
    cleaned = clean(text)
    if year is None:
        year, candidates = detect_year("\n".join(cleaned.paragraphs))
        if year is None:
            raise YearUnknown(candidates)
    themes = split_themes(cleaned.paragraphs, cleaned.originals)
    source = DraftSource(cleaned.title or f"{year}年工作", year, cleaned.url, cleaned.compiler)
    draft = Draft(year, themes, [], [], [], [], source, encoding, cleaned.traditional)
    for item in draft.items:
        read_item(item, draft)
    deduplicate(draft)
    link_and_name(draft, existing)
    return draft


def read_item(item: DraftItem, draft: Draft) -> None:
    """Title, date, figures, units, plans, programmes and honors of one item."""
    item.title = draft_title(item.sentence)
    item.date, item.date_as_written = find_date(item.sentence, draft.year)
    figures, notes = find_figures(item.sentence)
    item.figures, item.occasion = take_anniversaries(figures)
    item.notes.extend(note for note in notes if note not in item.notes)
    units = find_units(item.sentence, len(draft.units))
    draft.units.extend(units)
    for unit in units:
        take_staff_figure(item, unit)
    item.plan_refs = find_plans(item.sentence, draft.year)
    item.programme_refs = find_programmes(item.sentence)
    item.honor_refs = find_honors(item.sentence, draft.year)
    draft.plans.extend(item.plan_refs)
    draft.programmes.extend(item.programme_refs)
    draft.honors.extend(item.honor_refs)


def take_staff_figure(item: DraftItem, unit: DraftUnit) -> None:
    """A unit's staff count is kept on the unit, not repeated as a figure of the item."""
    if unit.staff_count is None:
        return
    for figure in reversed(item.figures):
        if figure.value == unit.staff_count and figure.unit in ("名", "人"):
            item.figures.remove(figure)
            item.notes.append(f"人员{unit.staff_count}{figure.unit}已记为{unit.name}的人员数（staff_count）")
            return


def deduplicate(draft: Draft) -> None:
    """One record per name: later mentions point at the first."""
    for attribute, key in (("plans", "title"), ("programmes", "name"), ("honors", "title"), ("units", "name")):
        first: dict[str, object] = {}
        for record in getattr(draft, attribute):
            first.setdefault(getattr(record, key), record)
        setattr(draft, attribute, list(first.values()))
        for item in draft.items:
            refs = getattr(item, attribute[:-1] + "_refs", None)
            if refs is not None:
                setattr(item, attribute[:-1] + "_refs", [first[getattr(record, key)] for record in refs])


def link_and_name(draft: Draft, existing: Existing) -> None:
    """Existing records are linked by name; new ones get ids that clash with nothing."""
    taken = {kind: set(ids) for kind, ids in existing.ids.items()}
    for unit in draft.units:
        name_record(unit, "departments", unit.name, existing, taken, "unit")
    for plan in draft.plans:
        name_record(plan, "plans", plan.title, existing, taken, "plan")
    for programme in draft.programmes:
        name_record(programme, "programmes", programme.name, existing, taken, "programme")
    for honor in draft.honors:
        name_record(honor, "honors", honor.title, existing, taken, "honor", draft.year)
        honor.recipient = recipient_id(honor, draft, existing)
    link_source(draft.source, existing, taken)
    name_themes(draft)
    for item in draft.items:
        link_item(item, draft, existing)


def name_record(record, kind: str, name: str, existing: Existing, taken: dict[str, set[str]], fallback: str, year: int | None = None) -> None:
    """Link to an existing record of the same name, or give a new, unclashing id."""
    found = find_existing(existing, kind, name, year)
    if found:
        record.id, record.existing = found, True
    else:
        record.id = make_slug(name, taken[kind] | (taken["departments"] if kind == "departments" else set()), fallback)
        taken[kind].add(record.id)


def link_source(source: DraftSource, existing: Existing, taken: dict[str, set[str]]) -> None:
    """The entry's source: an existing source of the same title and year, or a new yearbook-YEAR id."""
    for (kind, ident), data in existing.data.items():
        if kind == "sources" and str(data.get("covers_year")) == str(source.year) and data.get("title") == source.title:
            source.id, source.existing = ident, True
            return
    source.id, number = f"yearbook-{source.year}", 2
    while source.id in taken["sources"]:
        source.id, number = f"yearbook-{source.year}-{number}", number + 1


def recipient_id(honor: DraftHonor, draft: Draft, existing: Existing) -> str:
    """The unit that received an honor, or the organization itself."""
    who = honor.recipient_name or ""
    if not who or ORGANIZATION_WORDS.match(who):
        return "organization"
    for unit in draft.units:
        if unit.name in who:
            return unit.id
    found = mentioned(existing, "departments", who)
    if found:
        return found[-1]
    honor.notes.append(f"获奖者写作“{who}”，暂记为本机构（organization）；如是下属单位或个人，请改 recipient")
    return "organization"


def name_themes(draft: Draft) -> None:
    """Theme and item ids, unique within the year."""
    taken: set[str] = {"all-figures"}
    for theme in draft.themes:
        theme.id = make_slug(theme.title, taken, "theme")
        for item in theme.items:
            item.id = make_slug(item.title, taken, "item")


def link_item(item: DraftItem, draft: Draft, existing: Existing) -> None:
    """References from an item to the units, programmes, plans and honors it names."""
    item.departments = unique([unit.id for unit in draft.units if unit.name in item.sentence and len(unit.name) >= 3] + mentioned(existing, "departments", item.sentence))
    item.programmes = unique([p.id for p in item.programme_refs] + mentioned(existing, "programmes", item.sentence))
    item.plans = unique([p.id for p in item.plan_refs])
    item.honors = unique([h.id for h in item.honor_refs])


def unique(ids: list[str]) -> list[str]:
    """Ids in first-seen order, each once."""
    return list(dict.fromkeys(ids))
