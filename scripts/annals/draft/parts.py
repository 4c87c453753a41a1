"""What a draft is made of, before it becomes record files."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class DraftFigure:
    """A figure found in a sentence."""

    value: Decimal
    unit: str
    as_written: str
    start: int
    magnitude: str | None = None
    qualifier: str | None = None
    qualifier_written: str | None = None
    label: str | None = None
    label_guessed: bool = False

    @property
    def total(self) -> Decimal:
        """The value times its magnitude."""
        return self.value * {"千": 1000, "万": 10000, "亿": 100000000}.get(self.magnitude or "", 1)


@dataclass
class DraftItem:
    """One piece of work: a sentence or clause group of the entry."""

    sentence: str
    original: str
    title: str = ""
    id: str = ""
    date: str | None = None
    date_as_written: str | None = None
    occasion: str | None = None
    figures: list[DraftFigure] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    honors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    plan_refs: list = field(default_factory=list)
    programme_refs: list = field(default_factory=list)
    honor_refs: list = field(default_factory=list)


@dataclass
class DraftTheme:
    """A run-in heading of the entry and the items under it."""

    title: str
    items: list[DraftItem] = field(default_factory=list)
    id: str = ""
    heading_found: bool = True


@dataclass
class DraftHonor:
    """An honor named in the entry."""

    title: str
    level: str
    sentence: str
    conferrer: str | None = None
    month: int | None = None
    status: str = "new"
    recipient_name: str | None = None
    recipient: str = "organization"
    id: str = ""
    existing: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class DraftUnit:
    """A department or unit named in the entry's overview."""

    name: str
    kind: str
    order: int
    rank: str | None = None
    staff_count: int | None = None
    id: str = ""
    existing: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class DraftPlan:
    """A plan or document named with 《》."""

    title: str
    kind: str
    sentence: str
    doc_number: str | None = None
    issuer: str | None = None
    issued: str | None = None
    issued_as_written: str | None = None
    period: tuple[int, int] | None = None
    id: str = ""
    existing: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class DraftProgramme:
    """A named, recurring piece of work (a quoted name followed by 活动, 工程...)."""

    name: str
    kind: str
    id: str = ""
    existing: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class DraftSource:
    """Where the entry comes from."""

    title: str
    year: int
    url: str | None = None
    compiler: str | None = None
    id: str = ""
    existing: bool = False


@dataclass
class Draft:
    """Everything drafted from one entry."""

    year: int
    themes: list[DraftTheme]
    honors: list[DraftHonor]
    units: list[DraftUnit]
    plans: list[DraftPlan]
    programmes: list[DraftProgramme]
    source: DraftSource
    encoding: str = ""
    traditional: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[DraftItem]:
        """Every item of every theme."""
        return [item for theme in self.themes for item in theme.items]

    @property
    def figures(self) -> list[DraftFigure]:
        """Every figure of every item."""
        return [figure for item in self.items for figure in item.figures]
