"""Check every record file against the schema and each other; collect every problem."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from pydantic import ValidationError

from .load import Loaded, dotted, load_file
from .model import Catalog, Record, build_catalog
from .problems import Problem, quote
from .routes import ORGANIZATION_ID, YEAR_PAGE_ANCHORS, reserved_id
from .synonyms import FILE_NAME as SYNONYMS_FILE, check_synonyms
from .schema import KINDS, SLUG_PATTERN, TARGET_LABELS, UNITS, Strict, all_reference_fields
from .indicators import check_anniversaries, check_indicators
from .messages import clean_loc, explain

SKIPPED_FOLDERS = {"schema"}
REFERENCE_FIELDS = all_reference_fields()


def check(root: Path) -> tuple[Catalog | None, list[Problem]]:
    """Validate all records under root/records; the catalog is None if anything is wrong."""
    problems: list[Problem] = []
    records: list[Record] = []
    raw: list[tuple[str, Loaded]] = []
    ids: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for kind, file in discover(root, problems):
        shown = file.relative_to(root).as_posix()
        record_id = ORGANIZATION_ID if kind == "organization" else file.stem
        ids[kind].add(record_id)
        loaded = load_file(file, shown)
        problems.extend(loaded.problems)
        if loaded.problems:
            continue
        raw.append((kind, loaded))
        model = validate_data(kind, loaded, problems)
        if model is not None:
            records.append(Record(kind, record_id, shown, model, loaded.lines))
    problems.extend(check_unique_items(records))
    problems.extend(check_references(raw, ids))
    problems.extend(check_indicators(records))
    problems.extend(check_anniversaries(records))
    problems.extend(check_organization(records, ids))
    problems.extend(check_review_marks(raw))
    synonyms, synonym_problems = check_synonyms(root)
    problems.extend(synonym_problems)
    problems = sorted(set(problems))
    return (None if problems else build_catalog(records, synonyms)), problems


def check_review_marks(raw: list[tuple[str, Loaded]]) -> Iterator[Problem]:
    """Every review mark left by a draft is a problem until the editor removes it."""
    for _, loaded in raw:
        for loc, mark in iter_review_marks(loaded.data, ()):
            yield Problem(loaded.path, loaded.line_of(loc), "review", f"待审核：{mark}；确认无误后删除这一行")


def iter_review_marks(data: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    """(location, text) of every `review` field, at any depth."""
    if isinstance(data, list):
        for i, child in enumerate(data):
            yield from iter_review_marks(child, loc + (i,))
    elif isinstance(data, dict):
        for name, value in data.items():
            if name == "review" and isinstance(value, str):
                yield loc + (name,), value
            else:
                yield from iter_review_marks(value, loc + (name,))


def check_organization(records: list[Record], ids: dict[str, set[str]]) -> Iterator[Problem]:
    """The organization record exists and is public: every page names it."""
    if ORGANIZATION_ID not in ids["organization"]:
        yield Problem("records/organization.yml", 1, "", "缺少机构概况记录 records/organization.yml；每个页面都要用到它，请创建这个文件")
    for record in records:
        if record.kind == "organization" and record.internal:
            yield Problem(record.path, record.lines.get(("visibility",), 1), "visibility", "机构概况必须公开（每个公开页面都要用到它）；请删除这一行，或改为 public")


def discover(root: Path, problems: list[Problem]) -> Iterator[tuple[str, Path]]:
    """Record files by kind, in a fixed order; stray files are problems."""
    records = root / "records"
    if not records.is_dir():
        problems.append(Problem("records", 1, "", f"找不到记录文件夹 {records}；请在项目根目录运行，或用 --root 指定项目目录"))
        return
    organization = records / "organization.yml"
    if organization.is_file():
        yield "organization", organization
    for entry in sorted(records.iterdir()):
        shown = entry.relative_to(root).as_posix()
        if entry.is_dir() and entry.name in KINDS and entry.name != "organization":
            yield from discover_kind(root, entry, problems)
        elif entry.is_dir() and entry.name not in SKIPPED_FOLDERS and not entry.name.startswith("."):
            problems.append(Problem(shown, 1, "", f"未知的记录文件夹；可用的文件夹：{'、'.join(k for k in KINDS if k != 'organization')}"))
        elif entry.is_file() and entry.name == "organization.yaml":
            problems.append(Problem(shown, 1, "", "扩展名请用 .yml：把文件改名为 organization.yml"))
        elif entry.is_file() and entry.suffix in (".yml", ".yaml") and entry not in (organization, records / SYNONYMS_FILE):
            problems.append(Problem(shown, 1, "", "记录文件应放在对应类别的文件夹里，例如 records/honors/"))


def discover_kind(root: Path, folder: Path, problems: list[Problem]) -> Iterator[tuple[str, Path]]:
    """The .yml files of one kind's folder, with file-name checks."""
    for file in sorted(folder.iterdir()):
        shown = file.relative_to(root).as_posix()
        if file.name.startswith(".") or not file.is_file():
            continue
        if file.suffix == ".yaml":
            problems.append(Problem(shown, 1, "", f"扩展名请用 .yml：把文件改名为 {file.stem}.yml"))
            continue
        if file.suffix != ".yml":
            continue
        if not re.match(SLUG_PATTERN, file.stem):
            problems.append(Problem(shown, 1, "", bad_file_name(root, file)))
            continue
        reserved = reserved_id(folder.name, file.stem)
        if reserved:
            problems.append(Problem(shown, 1, "", f"编号 {quote(file.stem)} 与 {reserved} 冲突；请给文件换一个名字"))
            continue
        yield folder.name, file


def bad_file_name(root: Path, file: Path) -> str:
    """Why a file name is no id, naming the file it would collide with."""
    suggestion = suggest_slug(file.stem)
    clash = file.with_name(f"{suggestion}.yml")
    rule = f"文件名 {quote(file.stem)} 不能作为编号：只能用小写英文字母、数字和连字符"
    if clash.is_file():
        other = clash.relative_to(root).as_posix()
        return f"{rule}；改成小写后与 {other} 重复（Windows 不区分大小写，两个文件会互相覆盖）；请删除其中一个，或换一个编号"
    return f"{rule}，例如 {suggestion}.yml"


def suggest_slug(stem: str) -> str:
    """A slug close to what the editor typed."""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "new-record"


def validate_data(kind: str, loaded: Loaded, problems: list[Problem]) -> Strict | None:
    """Schema validation of one file's data, with Chinese messages."""
    model_type = KINDS[kind]
    try:
        return model_type.model_validate(loaded.data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = clean_loc(detail["loc"])
            line = loaded.line_of(loc)
            problems.append(Problem(loaded.path, line, dotted(loc), explain(detail, model_type, loc)))
        return None



def check_unique_items(records: list[Record]) -> Iterator[Problem]:
    """Theme and item ids are unique within a year."""
    for record in records:
        if record.kind != "work":
            continue
        seen: dict[str, int] = {}
        for t, theme in enumerate(record.model.themes):
            candidates = [(("themes", t, "id"), theme.id)]
            candidates += [(("themes", t, "items", i, "id"), item.id) for i, item in enumerate(theme.items)]
            for loc, ident in candidates:
                line = record.lines.get(loc, 1)
                if ident in YEAR_PAGE_ANCHORS:
                    yield Problem(record.path, line, dotted(loc), f"编号 {quote(ident)} 已被{YEAR_PAGE_ANCHORS[ident]}使用；请换一个编号")
                elif ident in seen:
                    yield Problem(record.path, line, dotted(loc), f"编号 {quote(ident)} 在本文件第 {seen[ident]} 行已经用过；同一年内编号不能重复")
                else:
                    seen[ident] = line


def iter_references(data: Any, loc: tuple) -> Iterator[tuple[tuple, str, str]]:
    """(location, target kind, id) for every reference in a record's raw data."""
    if isinstance(data, list):
        for i, child in enumerate(data):
            yield from iter_references(child, loc + (i,))
        return
    if not isinstance(data, dict):
        return
    for name, value in data.items():
        if name in REFERENCE_FIELDS and isinstance(value, str):
            yield loc + (name,), REFERENCE_FIELDS[name], value
        elif name in REFERENCE_FIELDS and isinstance(value, list):
            for i, ident in enumerate(value):
                if isinstance(ident, str):
                    yield loc + (name, i), REFERENCE_FIELDS[name], ident
        else:
            yield from iter_references(value, loc + (name,))


def check_references(raw: list[tuple[str, Loaded]], ids: dict[str, set[str]]) -> Iterator[Problem]:
    """Every reference names an existing record file; the message names both files."""
    ids = {**ids, UNITS: ids["departments"] | {ORGANIZATION_ID}}
    for _, loaded in raw:
        for loc, target, ident in iter_references(loaded.data, ()):
            if ident in ids[target] or not re.match(SLUG_PATTERN, ident):
                continue  # a malformed id is already reported by the schema
            folder = "departments" if target == UNITS else target
            known = sorted(ids[target])
            listed = "、".join(known[:12]) + ("……" if len(known) > 12 else "")
            yield Problem(
                loaded.path, loaded.line_of(loc), dotted(loc),
                f"找不到{TARGET_LABELS[target]} {quote(ident)}（应有文件 records/{folder}/{ident}.yml）；现有编号：{listed or '无'}",
            )
