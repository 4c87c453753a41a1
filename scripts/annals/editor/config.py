"""Decap CMS configuration generated from the schema: one collection per kind, one field per schema field."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from .. import schema as _schema
from ..messages import PATTERN_HINTS, inner_model
from ..schema import DECLARED_KINDS, KINDS, UNITS, PageRecord

# Set on a new record just before it is saved, so that Decap names the file by it; never written to a file.
NEW_ID_KEY = "record_id"
# Labels for fields whose description is the generic one of their type (or says nothing Chinese first).
FIELD_LABELS = {
    "id": "编号", "name": "名称", "title": "标题", "summary": "简介", "note": "备注", "location": "所在地",
    "publisher": "出版者", "url": "网址", "visibility": "公开范围", "aliases": "别名", "status": "获得情况",
    "date": "日期", "items": "工作事项", "themes": "主题", "figures": "数字", "kind": "类别", "short_name": "简称",
}
ID_HINT = "编号：留空即可，保存时由标题的拼音生成；生成后请不要再改（网页地址和引用都用它）"
# Chinese names of enumeration values the schema writes in English without one.
OPTION_LABELS = {"other": "其他"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def generic_descriptions() -> frozenset[str]:
    """Descriptions that belong to a type (名称：…, 编号：…), not to one field."""
    aliases = (_schema.Slug, _schema.Name, _schema.Text, _schema.Date, _schema.Url, _schema.Visibility, _schema.Aliases)
    return frozenset(
        meta.description for alias in aliases for meta in alias.__metadata__ if getattr(meta, "description", None)
    )


def field_label(name: str, description: str | None) -> str:
    """The Chinese label of a field: its own description up to the first colon or comma, else the table."""
    if description and description not in generic_descriptions():
        short = re.split(r"[：，（；]", description, maxsplit=1)[0].strip()
        if _CJK.search(short):
            return short
    return FIELD_LABELS.get(name, name)


def option_labels(values: list[str], description: str | None) -> list[dict]:
    """Select options: value as stored, label in Chinese (from `value（label）` in the description)."""
    named = dict(re.findall(r"([A-Za-z_]+)（([^）]+)）", description or ""))
    options = []
    for value in values:
        label = value if _CJK.search(value) else named.get(value) or OPTION_LABELS.get(value, value)
        options.append({"label": label, "value": value})
    return options


def _unwrap(prop: dict) -> dict:
    """The non-null branch of an Optional property."""
    branches = prop.get("anyOf")
    if not branches:
        return prop
    kept = [b for b in branches if b.get("type") != "null"]
    if len(kept) == 1:
        return {**kept[0], **{k: v for k, v in prop.items() if k != "anyOf"}}
    return {**prop, "anyOf": kept}


def name_field_of(kind: str) -> str:
    """The field that names a record of a kind (a new record's id comes from it): its name or title."""
    fields = KINDS[kind].model_fields
    return next((name for name in ("name", "title") if name in fields), next(iter(fields)))


def reference_widget(name: str, label: str, hint: str, required: bool, target: str, many: bool, units: list[dict]) -> dict:
    """A dropdown of existing records by Chinese name (units: the federation or one of its departments)."""
    field: dict[str, Any] = {"name": name, "label": label, "required": required}
    if hint != label:
        field["hint"] = hint
    if target == UNITS:
        field.update(widget="select", options=units)
    else:
        shown = name_field_of(target)
        field.update(
            widget="relation", collection=target, value_field="{{slug}}",
            search_fields=[shown], display_fields=[shown], options_length=200,
        )
    if many:
        field["multiple"] = True
    return field


def field_order(model: type[BaseModel]) -> list[str]:
    """Keys in the order files are written and forms shown: review mark, own fields, then shared ones."""
    names = list(model.model_fields)
    shared = [name for name in PageRecord.model_fields if name in names and issubclass(model, PageRecord)]
    own = [name for name in names if name not in shared and name != "review"]
    return (["review"] if "review" in names else []) + own + [name for name in shared if name != "review"]


def model_fields(model: type[BaseModel], units: list[dict]) -> list[dict]:
    """Decap fields of a model, in the order its files are written."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    return _fields(schema, defs, model, units)


def _fields(schema: dict, defs: dict, model: type[BaseModel], units: list[dict]) -> list[dict]:
    required_names = set(schema.get("required", []))
    fields = []
    for name in field_order(model):
        raw = schema["properties"][name]
        prop = _unwrap(raw)
        description = raw.get("description") or prop.get("description")
        label = field_label(name, description)
        hint = description or ""
        required = name in required_names
        if "refers_to" in raw:
            many = prop.get("type") == "array"
            fields.append(reference_widget(name, label, hint, required, raw["refers_to"], many, units))
            continue
        field: dict[str, Any] = {"name": name, "label": label, "required": required}
        if name == "id":  # a theme's or item's id: made from its title when the editor leaves it empty
            field["required"] = False
            hint = ID_HINT
        if hint and hint != label:
            field["hint"] = hint
        if prop.get("type") == "array":
            items = prop["items"]
            if "$ref" in items:
                nested = defs[items["$ref"].split("/")[-1]]
                field.update(widget="list", fields=_fields(nested, defs, inner_model(model.model_fields[name].annotation), units), collapsed=True)
                summary = _summary(nested)
                if summary:
                    field["summary"] = summary
                if prop.get("minItems"):
                    field["min"] = prop["minItems"]
            else:
                field.update(widget="list", field=_scalar("item", label, items, None))
        else:
            field.update(_scalar(name, label, prop, description))
        fields.append(field)
    return fields


def _summary(nested: dict) -> str | None:
    props = nested["properties"]
    if "value" in props and "label" in props:
        return "{{fields.label}}：{{fields.value}}{{fields.magnitude}}{{fields.qualifier}}{{fields.unit}}"
    if "title" in props:
        return "{{fields.title}}"
    return None


def _scalar(name: str, label: str, prop: dict, description: str | None) -> dict:
    """A widget for one value: select, number, multi-line text or one line of text."""
    field: dict[str, Any] = {"name": name, "label": label}
    if "enum" in prop:
        field.update(widget="select", options=option_labels(prop["enum"], description))
        return field
    kinds = {branch.get("type") for branch in prop.get("anyOf", [prop])}
    if "integer" in kinds:
        field.update(widget="number", value_type="int")
    elif "number" in kinds:
        field.update(widget="number", value_type="float")
    elif prop.get("maxLength", 0) > 1000:
        field["widget"] = "text"
    else:
        field["widget"] = "string"
    for branch in prop.get("anyOf", [prop]):
        if "minimum" in branch:
            field["min"] = int(branch["minimum"]) if float(branch["minimum"]).is_integer() else branch["minimum"]
        if "maximum" in branch:
            field["max"] = int(branch["maximum"])
    if "pattern" in prop and field["widget"] in ("string", "text"):
        field["pattern"] = [prop["pattern"], f"格式不对：{PATTERN_HINTS.get(prop['pattern']) or description or label}"]
    return field


def unit_options(root: Path) -> list[dict]:
    """The federation and its departments and units, by Chinese name, for `recipient`, `lead` and the like."""
    from ..load import load_file

    options = []
    organization = load_file(root / "records" / "organization.yml", "records/organization.yml")
    name = organization.data.get("name") if isinstance(organization.data, dict) else None
    options.append({"label": f"{name or '市妇联'}（本会）", "value": "organization"})
    folder = root / "records" / "departments"
    for file in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        loaded = load_file(file, file.name)
        shown = loaded.data.get("name") if isinstance(loaded.data, dict) else None
        options.append({"label": f"{shown or file.stem}（{file.stem}）", "value": file.stem})
    return options


def collection_for(kind, folder: str, units: list[dict], draft: bool) -> dict:
    """One Decap collection of a kind, over records/ or drafts/."""
    fields = model_fields(kind.model, units)
    label = f"待审核·{kind.label}" if draft else kind.label
    if kind.name == "organization":
        return {
            "name": "organization", "label": label, "label_singular": kind.label,
            "files": [{"name": "organization", "label": kind.label, "file": f"{folder}/organization.yml", "fields": fields}],
        }
    shown = name_field_of(kind.name)
    return {
        "name": f"drafts-{kind.name}" if draft else kind.name,
        "label": label,
        "label_singular": kind.label,
        "folder": f"{folder}/{kind.name}",
        "extension": "yml",
        "format": "yaml",
        "create": not draft,
        "delete": draft,
        "identifier_field": shown,
        "slug": "{{fields.%s}}" % NEW_ID_KEY,
        "summary": "{{%s}}（{{filename}}）" % shown,
        "sortable_fields": [shown],
        "fields": fields,
    }


def editor_config(root: Path, preview_url: str | None = None) -> dict:
    """The whole Decap configuration: records/ collections, then the drafts awaiting review."""
    units = unit_options(root)
    collections = [collection_for(kind, "records", units, draft=False) for kind in DECLARED_KINDS]
    collections += [collection_for(kind, "drafts", units, draft=True) for kind in DECLARED_KINDS if kind.name != "organization"]
    config: dict[str, Any] = {
        "backend": {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"},
        "publish_mode": "simple",
        "locale": "zh_Hans",
        "media_folder": "drafts/media",
        "slug": {"encoding": "ascii", "clean_accents": True},
        "editor": {"preview": False},
        "collections": collections,
    }
    if preview_url:
        config["site_url"] = preview_url
        config["display_url"] = preview_url
    return config


def config_text(root: Path, preview_url: str | None = None) -> str:
    return yaml.safe_dump(editor_config(root, preview_url), allow_unicode=True, sort_keys=False, width=100000)


def write_config(root: Path, preview_url: str | None = None) -> Path:
    """Write the generated configuration where the build keeps its generated files (not version-controlled)."""
    path = root / ".cache" / "annals" / "editor" / "config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = config_text(root, preview_url)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
