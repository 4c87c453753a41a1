"""Typed, immutable view of valid records plus the computed views pages need."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from .routes import ORGANIZATION_ID
from .schema import DECLARED_KINDS, UNITS, Figure, Strict, Theme, WorkItem, reference_fields

LEVEL_ORDER = ("national", "provincial", "municipal", "county", "other")
LEVEL_LABELS = {
    "national": "国家级",
    "provincial": "省级",
    "municipal": "市级",
    "county": "县级",
    "other": "其他",
}
# Reference fields of a work item: each makes the item a mention of the record it names.
ITEM_REFERENCES = reference_fields(WorkItem)


@dataclass(frozen=True)
class Record:
    """One valid record file."""

    kind: str
    id: str
    path: str
    model: Any
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        """The record's display name, whatever the kind calls it."""
        model = self.model
        for attribute in ("name", "title"):
            value = getattr(model, attribute, None)
            if value:
                return value
        return self.id

    @property
    def internal(self) -> bool:
        return self.model.visibility == "internal"


@dataclass(frozen=True)
class Mention:
    """A work item that names a record."""

    year: Record
    theme: Theme
    item: WorkItem


@dataclass(frozen=True)
class Observation:
    """One figure of a year of work, with where it stands."""

    year: Record
    theme: Theme
    item: WorkItem
    figure: Figure


@dataclass(frozen=True)
class Catalog:
    """All records of one audience, sorted, with back-links."""

    records: tuple[Record, ...]
    mentions: dict[tuple[str, str], tuple[Mention, ...]]
    by_id: dict[tuple[str, str], Record] = field(default_factory=dict, compare=False, repr=False)
    by_kind: dict[str, tuple[Record, ...]] = field(default_factory=dict, compare=False, repr=False)
    series: dict[str, tuple[Observation, ...]] = field(default_factory=dict, compare=False, repr=False)
    synonyms: tuple = field(default=(), compare=False, repr=False)  # visitor word -> record words (records/synonyms.yml)

    def of_kind(self, kind: str) -> tuple[Record, ...]:
        return self.by_kind.get(kind, ())

    def get(self, kind: str, ident: str) -> Record | None:
        return self.by_id.get((kind, ident))

    def unit(self, ident: str) -> Record | None:
        """The organization or a department, by id."""
        return self.get("organization", ident) or self.get("departments", ident)

    @property
    def organization(self) -> Record:
        return self.of_kind("organization")[0]

    @property
    def years(self) -> tuple[Record, ...]:
        return self.of_kind("work")

    def mentions_of(self, kind: str, ident: str) -> tuple[Mention, ...]:
        return self.mentions.get((kind, ident), ())

    def series_of(self, indicator_id: str) -> tuple[Observation, ...]:
        """The figures that name an indicator, oldest year first."""
        return self.series.get(indicator_id, ())

    def observations(self) -> tuple[Observation, ...]:
        """Every figure of every year of work, newest year first, in page order."""
        return tuple(
            Observation(year, theme, item, figure)
            for year in self.years
            for theme, item in all_items(year)
            for figure in item.figures
        )

    def indicators_of(self, kind: str, ident: str) -> tuple[Record, ...]:
        """Indicators that name a programme (kind programmes) or a unit (kind units)."""
        attribute = "programme" if kind == "programmes" else "department"
        return tuple(i for i in self.of_kind("indicators") if getattr(i.model, attribute) == ident)

    def honors_of(self, unit_id: str) -> tuple[Record, ...]:
        return tuple(h for h in self.of_kind("honors") if h.model.recipient == unit_id)

    def led_by(self, unit_id: str) -> tuple[Record, ...]:
        return tuple(p for p in self.of_kind("programmes") if unit_id in p.model.lead)

    def drafted_by(self, unit_id: str) -> tuple[Record, ...]:
        return tuple(p for p in self.of_kind("plans") if unit_id in p.model.drafted_by)

    def cited_by(self, source_id: str) -> tuple[Record, ...]:
        return tuple(r for r in self.records if getattr(r.model, "source", None) == source_id)

    def honors_by_year(self) -> list[tuple[int, list[Record]]]:
        groups: dict[int, list[Record]] = defaultdict(list)
        for honor in self.of_kind("honors"):
            groups[honor.model.year].append(honor)
        return [(year, groups[year]) for year in sorted(groups, reverse=True)]

    def honors_by_level(self) -> list[tuple[str, list[Record]]]:
        groups: dict[str, list[Record]] = defaultdict(list)
        for honor in self.of_kind("honors"):
            groups[honor.model.level].append(honor)
        return [(level, groups[level]) for level in LEVEL_ORDER if level in groups]


def sort_key(record: Record) -> tuple:
    """Stable order within a kind: never dict or file-system order."""
    model = record.model
    if record.kind == "work":
        return (-model.year, record.id)
    if record.kind == "honors":
        return (-model.year, LEVEL_ORDER.index(model.level), model.month or 13, record.id)
    if record.kind == "departments":
        return (model.order, record.id)
    if record.kind == "indicators":
        return (model.theme or "", record.id)
    return (record.id,)


KIND_ORDER = tuple(kind.name for kind in DECLARED_KINDS)


def target_kind(target: str, ident: str) -> str:
    """The kind a reference points at: units are the organization or a department."""
    if target == UNITS:
        return "organization" if ident == ORGANIZATION_ID else "departments"
    return target


def build_catalog(records: Iterable[Record], synonyms: Iterable = ()) -> Catalog:
    """Sort records and compute back-links from work items and series from their figures."""
    ordered = tuple(sorted(records, key=lambda r: (KIND_ORDER.index(r.kind), sort_key(r))))
    mentions: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    series: dict[str, list[Observation]] = defaultdict(list)
    for year in sorted((r for r in ordered if r.kind == "work"), key=lambda r: r.model.year):
        for theme, item in all_items(year):
            for name, target in ITEM_REFERENCES.items():
                for ident in getattr(item, name):
                    mentions[(target_kind(target, ident), ident)].append(Mention(year, theme, item))
            for figure in item.figures:
                if figure.indicator:
                    series[figure.indicator].append(Observation(year, theme, item, figure))
    for key in mentions:
        mentions[key].sort(key=lambda m: -m.year.model.year)
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for record in ordered:
        by_kind[record.kind].append(record)
    return Catalog(
        ordered,
        {key: tuple(value) for key, value in mentions.items()},
        {(r.kind, r.id): r for r in ordered},
        {kind: tuple(records) for kind, records in by_kind.items()},
        {key: tuple(value) for key, value in series.items()},
        tuple(synonyms),
    )


def all_items(year: Record) -> list[tuple[Theme, WorkItem]]:
    return [(theme, item) for theme in year.model.themes for item in theme.items]


def count_figures(year: Record) -> int:
    return sum(len(item.figures) for _, item in all_items(year))


def strip_internal(records: Iterable[Record]) -> list[Record]:
    """Records as the public sees them: internal records, themes, items and figures removed."""
    kept = [r for r in records if not r.internal]
    present = {(r.kind, r.id) for r in kept}
    return [Record(r.kind, r.id, r.path, _public_model(r.model, present), r.lines) for r in kept]


def _visible(target: str, ident: str, present: set) -> bool:
    return (target_kind(target, ident), ident) in present


def _public_model(model: Strict, present: set) -> Strict:
    """Drop internal children and references to records the public does not see."""
    update: dict[str, Any] = {}
    references = reference_fields(type(model))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in references and isinstance(value, list):
            update[name] = [v for v in value if _visible(references[name], v, present)]
        elif name in references and value is not None and not _visible(references[name], value, present):
            update[name] = None
        elif isinstance(value, list) and value and isinstance(value[0], Strict):
            children = [_public_model(v, present) for v in value if v.visibility != "internal"]
            update[name] = [c for c in children if getattr(c, "items", True)]  # themes left empty go
    return model.model_copy(update=update)
