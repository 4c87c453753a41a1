"""Check every record file against the schema and each other; collect every problem."""
from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from .load import Loaded, dotted, load_file
from .model import Catalog, Record, build_catalog
from .problems import Problem, quote
from .routes import ORGANIZATION_ID, YEAR_PAGE_ANCHORS, reserved_id
from .synonyms import FILE_NAME as SYNONYMS_FILE, check_synonyms
from .schema import (
    DATE_PATTERN, DECIMAL_PATTERN, INTEGER_PATTERN, KINDS, NAME_PATTERN, SLUG_PATTERN, TARGET_LABELS, UNITS, URL_PATTERN,
    Strict, all_reference_fields,
)
from .indicators import check_indicators

SKIPPED_FOLDERS = {"schema"}
REFERENCE_FIELDS = all_reference_fields()

# What each pattern of the schema asks for, whatever the field's own description says.
PATTERN_HINTS = {
    DATE_PATTERN: "日期要写成 2011、2011-11 或 2011-11-15（半角数字，用“-”隔开）",
    SLUG_PATTERN: "编号只能用小写英文字母、数字和连字符，例如 chunlei-plan",
    NAME_PATTERN: "必须是一行文字，不能含 < 或 >，也不能含零宽空格等看不见的控制字符",
    URL_PATTERN: "链接必须以 https://、http://、mailto: 或 tel: 开头，中间不能有空格",
}


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


def clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's internal steps (union branches, function names) from a location."""
    return tuple(step for step in loc if isinstance(step, int) or not re.search(r"[\[\(-]", step))


def field_info(model_type: type[BaseModel], loc: tuple):
    """The FieldInfo at a location, following nested models and lists."""
    current: Any = model_type
    info = None
    for step in loc:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(step)
        if info is None:
            return None
        current = inner_model(info.annotation)
    return info


def inner_model(annotation: Any) -> Any:
    """The model inside Optional[...] or list[...], if any."""
    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        nested = inner_model(arg) if typing.get_args(arg) else None
        if nested is not None:
            return nested
    return None


def explain(detail: dict, model_type: type[BaseModel], loc: tuple) -> str:
    """A Chinese message naming the bad value and what is allowed."""
    kind = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    info = field_info(model_type, loc)
    hint = info.description if info is not None and info.description else ""
    shown = describe_value(value)
    if kind == "missing":
        return f"缺少必填字段{('（' + hint + '）') if hint else ''}"
    if kind == "extra_forbidden":
        allowed = allowed_fields(model_type, loc)
        return f"未知字段（可能是拼写错误）；允许的字段：{'、'.join(allowed)}" if allowed else "未知字段（可能是拼写错误）"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"必须是 {' / '.join(options)} 之一，实际为 {shown}"
    if kind in ("string_pattern_mismatch",):
        return f"格式不对：{PATTERN_HINTS.get(ctx.get('pattern'), hint or '请检查写法')}；实际为 {shown}"
    if kind == "plain_number":
        return plain_number_message(str(value), ctx.get("pattern") == DECIMAL_PATTERN)
    if kind == "string_too_short":
        return "不能为空"
    if kind == "string_too_long":
        return f"太长（最多 {ctx.get('max_length')} 个字）"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"必须是整数，实际为 {shown}"
    if kind.startswith("decimal") or kind in ("float_parsing", "float_type"):
        return f"必须是数字（例如 689.9，不带单位和逗号），实际为 {shown}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}，实际为 {shown}"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}，实际为 {shown}"
    if kind == "list_type":
        return f"必须是列表（每一项单独一行，以“- ”开头），实际为 {shown}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"必须是“字段: 值”的形式，实际为 {shown}"
    if kind == "string_type":
        return f"必须是一段文字，实际为 {shown}"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length')} 项"
    return f"取值不对（{detail.get('msg')}），实际为 {shown}"


def plain_number_message(value: str, decimal: bool) -> str:
    """What is wrong with a number typed as text, and how to write it."""
    base = f"必须是{'数字（例如 689.9，不带单位和逗号）' if decimal else '整数'}，实际为 {quote(value)}"
    pattern = DECIMAL_PATTERN if decimal else INTEGER_PATTERN
    halfwidth = value.translate({code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}).replace("．", ".")
    if halfwidth != value and re.match(pattern, halfwidth):
        return f"{base}；请用半角数字，写成 {halfwidth}"
    if re.fullmatch(r"0+[0-9]+(\.[0-9]+)?", value):
        fixed = value.lstrip("0")
        fixed = "0" + fixed if fixed.startswith(".") or not fixed else fixed
        return f"{base}；请去掉开头的 0，写成 {fixed}（以 0 开头的数字在有的软件里会被当成八进制，值就变了）"
    if re.fullmatch(r"[0-9]{1,3}([,_][0-9]{3})+(\.[0-9]+)?", value):
        return f"{base}；请去掉千位分隔符，写成 {re.sub('[,_]', '', value)}"
    if re.fullmatch(r"\.[0-9]+", value):
        return f"{base}；小数点前要写 0，写成 0{value}"
    return base


def describe_value(value: Any) -> str:
    """The bad value as an editor would recognise it."""
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "一组“字段: 值”"
    if isinstance(value, list):
        return "一个列表"
    return quote(value)


def allowed_fields(model_type: type[BaseModel], loc: tuple) -> list[str]:
    """Field names allowed at the mapping that holds loc[-1]."""
    parent: Any = model_type
    for step in loc[:-1]:
        if isinstance(step, int):
            continue
        info = parent.model_fields.get(step) if isinstance(parent, type) and issubclass(parent, BaseModel) else None
        if info is None:
            return []
        parent = inner_model(info.annotation)
    if isinstance(parent, type) and issubclass(parent, BaseModel):
        return [name for name in parent.model_fields if name != "review"]  # left by drafts, not typed by hand
    return []


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
