"""Draft records as YAML files laid out like records/, checked against the schema, never overwriting."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

from ..load import Loaded, load_text
from ..problems import Problem
from ..validate import validate_data
from .parts import Draft, DraftFigure, DraftHonor, DraftItem, DraftPlan, DraftProgramme, DraftTheme, DraftUnit
from .review import (
    honor_review, item_review, plan_review, programme_review, source_review, theme_review, unit_review, year_review,
)


class DraftRefused(Exception):
    """Nothing was written; the message says why in Chinese (usage: the command line asked for it)."""

    def __init__(self, message: str, usage: bool = False):
        super().__init__(message)
        self.usage = usage


class RecordDumper(yaml.SafeDumper):
    """Block style with indented lists, as the records are written by hand."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):
        return True  # the records refuse anchors and aliases: repeat values instead


def _decimal(dumper: yaml.SafeDumper, value: Decimal):
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return dumper.represent_scalar("tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float", text)


RecordDumper.add_representer(Decimal, _decimal)


def record_files(draft: Draft) -> list[tuple[str, str, dict]]:
    """(kind, relative path, data) of every new record of a draft."""
    files = [("work", f"work/{draft.year}.yml", year_data(draft))]
    if not draft.source.existing:
        files.append(("sources", f"sources/{draft.source.id}.yml", source_data(draft)))
    for kind, records, builder in (
        ("departments", draft.units, unit_data), ("plans", draft.plans, plan_data),
        ("programmes", draft.programmes, programme_data), ("honors", draft.honors, honor_data),
    ):
        files.extend((kind, f"{kind}/{record.id}.yml", builder(record, draft)) for record in records if not record.existing)
    return files


def render(kind: str, data: dict) -> str:
    """The text of one record file, with its schema line."""
    body = yaml.dump(data, Dumper=RecordDumper, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)
    return f"# yaml-language-server: $schema=../schema/{kind}.schema.json\n{body}"


def check_rendered(kind: str, path: str, text: str) -> list[Problem]:
    """Problems the records checker would report for this file (none expected)."""
    loaded = Loaded(path)
    load_text(text, loaded)
    problems = list(loaded.problems)
    if not problems:
        validate_data(kind, loaded, problems)
    return problems


def write_drafts(draft: Draft, out: Path, records: Path) -> list[Path]:
    """Write every draft file under out; refuse (writing nothing) if one exists or out is inside records/."""
    out = out.resolve()
    records = records.resolve()
    if out == records or records in out.parents:
        raise DraftRefused(f"不能把草稿写进 {records}：草稿要先审核，再由编辑移入 records/；请用 --out 指定 records/ 以外的文件夹（默认 drafts/）", usage=True)
    if out.exists() and not out.is_dir():
        raise DraftRefused(f"{out} 是一个文件，不是文件夹；什么都没有写入。请用 --out 指定一个文件夹", usage=True)
    planned = []
    for kind, relative, data in record_files(draft):
        target = out / relative
        text = render(kind, data)
        problems = check_rendered(kind, relative, text)
        if problems:
            raise DraftRefused("起草的记录没有通过检查（程序的问题，请告诉维护人员）：\n" + "\n".join(str(p) for p in problems))
        planned.append((target, text))
    for target, _ in planned:
        refuse_existing_or_escaping(target, out, records)
    for index, (target, text) in enumerate(planned):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        except OSError as error:
            done = "、".join(str(path) for path, _ in planned[:index]) or "无"
            raise DraftRefused(f"无法写入 {target}（{error.strerror}）；已写入的文件：{done}。请检查文件夹权限和磁盘空间后删除已写入的文件再试") from error
    return [target for target, _ in planned]


def refuse_existing_or_escaping(target: Path, out: Path, records: Path) -> None:
    """Never overwrite a file, and never follow a link out of the draft folder."""
    if target.exists() or target.is_symlink():
        raise DraftRefused(f"{target} 已存在；草稿从不覆盖已有文件，什么都没有写入。请先移走或删除旧草稿，或用 --out 指定另一个文件夹")
    parent = target.parent
    while not parent.exists() and parent != out:
        parent = parent.parent
    real = parent.resolve()
    if real != out and out not in real.parents or real == records or records in real.parents:
        raise DraftRefused(f"{target.parent} 指向草稿文件夹以外（{real}）；什么都没有写入。请删除这个链接，或用 --out 指定另一个文件夹")


def compact(data: dict) -> dict:
    """A mapping without empty values, in the order given."""
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def year_data(draft: Draft) -> dict:
    """The work/YEAR.yml record."""
    return compact({
        "review": year_review(draft),
        "year": draft.year,
        "title": f"{draft.year}年工作",
        "source": draft.source.id,
        "themes": [theme_data(theme, draft) for theme in draft.themes],
    })


def theme_data(theme: DraftTheme, draft: Draft) -> dict:
    """One theme with its items."""
    return compact({"id": theme.id, "title": theme.title, "review": theme_review(theme), "items": [item_data(item, draft) for item in theme.items]})


def item_data(item: DraftItem, draft: Draft) -> dict:
    """One item: the source sentence kept as its summary for review."""
    return compact({
        "id": item.id,
        "title": item.title,
        "review": item_review(item, draft),
        "summary": item.sentence,
        "date": item.date,
        "date_as_written": item.date_as_written,
        "occasion": item.occasion,
        "figures": [figure_data(figure) for figure in item.figures],
        "departments": item.departments,
        "programmes": item.programmes,
        "plans": item.plans,
        "honors": item.honors,
    })


def figure_data(figure: DraftFigure) -> dict:
    """A figure as the schema has it."""
    return compact({
        "label": figure.label,
        "value": figure.value,
        "magnitude": figure.magnitude,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "as_written": figure.as_written or None,
    })


def honor_data(honor: DraftHonor, draft: Draft) -> dict:
    """An honors/ record."""
    return compact({
        "review": honor_review(honor),
        "title": honor.title,
        "level": honor.level,
        "conferrer": honor.conferrer,
        "year": draft.year,
        "month": honor.month,
        "recipient": honor.recipient,
        "status": honor.status if honor.status != "new" else None,
        "summary": honor.sentence,
        "source": draft.source.id,
    })


def unit_data(unit: DraftUnit, draft: Draft) -> dict:
    """A departments/ record."""
    return compact({
        "review": unit_review(unit),
        "name": unit.name,
        "kind": unit.kind,
        "rank": unit.rank,
        "staff_count": unit.staff_count,
        "order": unit.order,
        "source": draft.source.id,
    })


def plan_data(plan: DraftPlan, draft: Draft) -> dict:
    """A plans/ record."""
    return compact({
        "review": plan_review(plan),
        "title": plan.title,
        "kind": plan.kind,
        "issuer": plan.issuer,
        "doc_number": plan.doc_number,
        "issued": plan.issued,
        "issued_as_written": plan.issued_as_written,
        "period_start": plan.period[0] if plan.period else None,
        "period_end": plan.period[1] if plan.period else None,
        "summary": plan.sentence,
        "source": draft.source.id,
    })


def programme_data(programme: DraftProgramme, draft: Draft) -> dict:
    """A programmes/ record."""
    return compact({"review": programme_review(programme), "name": programme.name, "kind": programme.kind, "source": draft.source.id})


def source_data(draft: Draft) -> dict:
    """The sources/ record of the entry."""
    source = draft.source
    return compact({
        "review": source_review(draft),
        "title": source.title,
        "kind": "年鉴条目",
        "covers_year": source.year,
        "compiler": source.compiler,
        "url": source.url,
    })
