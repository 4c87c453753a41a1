"""Links to existing records by name or alias, and ids for new records without clashes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..load import load_file

KIND_FOLDERS = ("departments", "plans", "programmes", "honors", "sources", "work")
_NAME_FIELDS = ("name", "title", "short_name")


@dataclass
class Existing:
    """What records/ already holds: ids and names by kind."""

    ids: dict[str, set[str]] = field(default_factory=lambda: {kind: set() for kind in KIND_FOLDERS})
    names: dict[str, list[tuple[str, str, bool]]] = field(default_factory=lambda: {kind: [] for kind in KIND_FOLDERS})
    data: dict[tuple[str, str], dict] = field(default_factory=dict)


def load_existing(root: Path) -> Existing:
    """Names, aliases and ids of the records under root/records (unreadable files are skipped)."""
    existing = Existing()
    for kind in KIND_FOLDERS:
        folder = root / "records" / kind
        for file in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
            loaded = load_file(file, file.name)
            existing.ids[kind].add(file.stem)
            if loaded.problems or not isinstance(loaded.data, dict):
                continue
            existing.data[(kind, file.stem)] = loaded.data
            for key in _NAME_FIELDS:
                if isinstance(loaded.data.get(key), str):
                    existing.names[kind].append((normalise(loaded.data[key]), file.stem, False))
            for alias in loaded.data.get("aliases") or []:
                if isinstance(alias, str):
                    existing.names[kind].append((normalise(alias), file.stem, True))
    return existing


def normalise(name: str) -> str:
    """A name without quotes, book-title marks, brackets or spaces, for comparison."""
    return re.sub(r"[\s“”‘’\"'《》「」『』（）()·]", "", name).removesuffix("荣誉称号").removesuffix("称号")


def find_existing(existing: Existing, kind: str, name: str, year: int | None = None) -> str | None:
    """The id of an existing record of this kind whose name or alias is this name (or contains it, for long titles)."""
    wanted = normalise(name)
    candidates = [(known, ident, alias) for known, ident, alias in existing.names[kind] if year is None or record_year(existing, kind, ident) == year]
    for known, ident, _alias in candidates:
        if known == wanted:
            return ident
    for known, ident, alias in candidates:
        if not alias and min(len(known), len(wanted)) >= 6 and (known in wanted or wanted in known):
            return ident
    return None


def record_year(existing: Existing, kind: str, ident: str) -> int | None:
    """The year of an honor record, as a number."""
    value = existing.data.get((kind, ident), {}).get("year")
    return int(value) if isinstance(value, str) and value.isdigit() else None


def mentioned(existing: Existing, kind: str, sentence: str) -> list[str]:
    """Ids of existing records whose name (3+ characters) or alias (4+, or a number) the sentence contains."""
    text = normalise(sentence)
    found = []
    for known, ident, alias in existing.names[kind]:
        long_enough = len(known) >= (4 if alias else 3) or (known.isdigit() and len(known) >= 3)
        if long_enough and known in text and ident not in found:
            found.append(ident)
    return found


def make_slug(text: str, taken: set[str], fallback: str) -> str:
    """An id from a name's pinyin (first syllables), unique among taken; the id is added to taken."""
    from pypinyin import lazy_pinyin

    syllables = [re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in lazy_pinyin(text[:6])]
    base = "-".join(part for part in syllables if part)[:48].strip("-") or fallback
    base = re.sub(r"-+", "-", base)
    slug, number = base, 2
    while slug in taken or slug == "index" or re.fullmatch(r"year-\d+", slug):
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug
