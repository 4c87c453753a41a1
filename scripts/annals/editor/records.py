"""Record files as the editor saves them: schema key order, plain numbers, untouched when unchanged."""
from __future__ import annotations

import os
import re
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel

from ..draft.write import RecordDumper
from ..messages import inner_model
from ..schema import DECIMAL_PATTERN, KINDS, SLUG_PATTERN
from .config import NEW_ID_KEY, field_order

WRITABLE = ("records", "drafts")


class Refused(Exception):
    """A write the editor does not allow; the message says why in Chinese."""


def _is_number(annotation: Any) -> bool:
    """True for int and Decimal fields (Annotated and Optional unwrapped)."""
    if annotation in (int, Decimal):
        return True
    if get_origin(annotation) is list:
        return False
    return any(_is_number(arg) for arg in get_args(annotation))


def kind_of(relative: str) -> tuple[str, str]:
    """(top folder, kind) of a record path such as records/honors/x.yml; refuses anything else."""
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or "\\" in relative or not relative.endswith(".yml"):
        raise Refused(f"不能写入 {relative}：编辑器只写 records/ 和 drafts/ 下的 .yml 记录文件")
    parts = path.parts
    if parts[0] not in WRITABLE:
        raise Refused(f"不能写入 {relative}：编辑器只写 records/ 和 drafts/ 下的记录文件")
    if len(parts) == 2 and parts[1] == "organization.yml":
        return parts[0], "organization"
    if len(parts) == 3 and parts[1] in KINDS and parts[1] != "organization":
        if not re.fullmatch(SLUG_PATTERN, path.stem):
            raise Refused(f"不能写入 {relative}：文件名（记录编号）只能用小写英文字母、数字和连字符")
        return parts[0], parts[1]
    raise Refused(f"不能写入 {relative}：不是 records/ 或 drafts/ 下某一类记录的文件")


def resolve_inside(root: Path, relative: str) -> Path:
    """The absolute path of relative, refusing links that lead outside records/ or drafts/."""
    top, _kind = kind_of(relative)
    base = (root / top).resolve()
    target = (root / relative)
    parent = target.parent
    while not parent.exists():
        parent = parent.parent
    real = parent.resolve()
    if real != base and base not in real.parents:
        raise Refused(f"不能写入 {relative}：它所在的文件夹指向 {top}/ 以外")
    if target.is_symlink():
        raise Refused(f"不能写入 {relative}：它是一个链接")
    return target


class _TextLoader(yaml.SafeLoader):
    """YAML as the records loader reads it: every scalar the text written, only null is null."""


_TextLoader.yaml_implicit_resolvers = {}
_TextLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def parse(text: str, shown_as: str) -> Any:
    """Data of YAML text, every scalar a string (the file Decap sent, or the one on disk)."""
    try:
        return yaml.load(text, Loader=_TextLoader)
    except yaml.YAMLError as error:
        raise Refused(f"{shown_as}：保存的内容不是有效的 YAML（{error}）") from error


def clean(data: Any, model: type[BaseModel] | None) -> Any:
    """Empty values left out, keys in schema order, numbers written plainly."""
    if isinstance(data, list):
        return [clean(item, model) for item in data if not _empty(item)]
    if not isinstance(data, dict):
        return data
    fields = model.model_fields if model else {}
    order = field_order(model) if model else []
    result = {}
    for key in [*order, *(k for k in data if k not in order)]:
        if key not in data or key == NEW_ID_KEY or _empty(data[key]):
            continue
        value = data[key]
        info = fields.get(key)
        if info is not None and _is_number(info.annotation) and isinstance(value, str):
            value = plain_number(value)
        result[key] = clean(value, inner_model(info.annotation) if info is not None else None)
    return result


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def plain_number(text: str) -> str:
    """689.90 -> 689.9, 1e-7 -> 0.0000001, 92.0 -> 92; anything else is kept for the check to explain."""
    if re.fullmatch(DECIMAL_PATTERN, text) and not re.search(r"\.\d*0$", text):
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite() or number < 0:
        return text
    plain = format(number, "f")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return plain


def canonical(data: Any, model: type[BaseModel] | None) -> Any:
    """Data for comparison: cleaned, without values equal to the schema's default."""
    data = clean(data, model)
    return _without_defaults(data, model)


def _without_defaults(data: Any, model: type[BaseModel] | None) -> Any:
    if isinstance(data, list):
        return [_without_defaults(item, model) for item in data]
    if not isinstance(data, dict) or model is None:
        return data
    result = {}
    for key, value in data.items():
        info = model.model_fields.get(key)
        if info is not None and not info.is_required() and info.default not in (None, []) and str(info.default) == value:
            continue
        result[key] = _without_defaults(value, inner_model(info.annotation) if info is not None else None)
    return result


class _Dumper(RecordDumper):
    """The drafts' block style, with numbers the editor sends as text written as numbers."""


def _text(dumper: yaml.SafeDumper, value: str):
    if re.fullmatch(DECIMAL_PATTERN, value):
        return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in value else "tag:yaml.org,2002:int", value)
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


_Dumper.add_representer(str, _text)


SCHEMA_LINE = "# yaml-language-server: $schema="


def schema_line(kind: str, old_text: str | None) -> str:
    """The editor-hint first line: the file's own, else the one `annals schema` files use."""
    first = (old_text or "").split("\n", 1)[0]
    if first.startswith(SCHEMA_LINE):
        return first
    folder = "./schema" if kind == "organization" else "../schema"
    return f"{SCHEMA_LINE}{folder}/{kind}.schema.json"


def render(kind: str, data: dict, old_text: str | None = None) -> str:
    """The text of a record file: the schema line, then the data."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)
    return f"{schema_line(kind, old_text)}\n{body}"


def normalise(relative: str, raw: str, old_text: str | None) -> str | None:
    """The text to write for what the editor saved, or None when it means the same as the file already holds."""
    _top, kind = kind_of(relative)
    model = KINDS[kind]
    data = parse(raw, relative)
    if not isinstance(data, dict):
        raise Refused(f"{relative}：保存的内容不是“字段: 值”的记录")
    if old_text is not None:
        try:
            old = parse(old_text, relative)
        except Refused:
            old = None
        if old is not None and canonical(old, model) == canonical(data, model):
            return None
    cleaned = clean(data, model)
    if kind == "work":
        name_parts(cleaned)
    return render(kind, cleaned, old_text)


def name_parts(year: dict) -> None:
    """Themes and items saved without an id get one from the pinyin of their title, unique in the year."""
    from ..draft.link import make_slug

    themes = year.get("themes") if isinstance(year.get("themes"), list) else []
    taken = {theme.get("id") for theme in themes if isinstance(theme, dict)}
    taken |= {item.get("id") for theme in themes if isinstance(theme, dict) for item in theme.get("items") or [] if isinstance(item, dict)}
    for theme in themes:
        if not isinstance(theme, dict):
            continue
        for part, fallback in [(theme, "theme"), *((item, "item") for item in theme.get("items") or [] if isinstance(item, dict))]:
            if not part.get("id") and isinstance(part.get("title"), str):
                ordered = {"id": make_slug(part["title"], taken, fallback)}
                ordered.update((key, value) for key, value in part.items() if key != "id")
                part.clear()
                part.update(ordered)


def write_atomic(target: Path, text: str) -> None:
    """Write text next to target and rename it over target: an interrupted save leaves the old file whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".saving", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def taken_ids(root: Path, kind: str) -> set[str]:
    """Ids used by records and drafts of a kind."""
    taken = set()
    for top in WRITABLE:
        folder = root / top / kind
        if folder.is_dir():
            taken.update(file.stem for file in folder.glob("*.yml"))
    return taken


def new_id(root: Path, kind: str, name: str) -> str:
    """The id of a new record: the year for a year of work, else the pinyin of its Chinese name, unique."""
    from ..draft.link import make_slug

    if kind not in KINDS or kind == "organization":
        raise Refused(f"不能新建 {kind} 类记录")
    name = (name or "").strip()
    if kind == "work":
        match = re.search(r"(19|20)\d\d", name)
        if not match:
            raise Refused(f"年度工作的标题“{name}”里没有年份；请写成“2012年工作”这样的标题")
        if match.group(0) in taken_ids(root, kind):
            raise Refused(f"{match.group(0)} 年的年度工作已经存在；请打开它补充内容，不要新建")
        return match.group(0)
    if not name:
        raise Refused("请先填写名称，编号由名称的拼音生成")
    return make_slug(name, taken_ids(root, kind), fallback=kind.rstrip("s"))
