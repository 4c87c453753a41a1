"""Open-data downloads: figures as CSV, xlsx and JSON, records as JSON, and their schemas; rows in, bytes out."""
from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal
from typing import Any, Callable

from .charts import describe
from .series import FigureRow, SeriesPoint

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
MAGNITUDES = ["千", "万", "亿"]
QUALIFIERS = ["余", "多", "以上", "近", "约"]
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

# One column of the figures table: Chinese header, JSON key, how to read it from a row.
COLUMNS: list[tuple[str, str, Callable[[FigureRow], Any]]] = [
    ("年份", "year", lambda r: r.year),
    ("主题", "theme", lambda r: r.theme),
    ("工作事项", "item", lambda r: r.item),
    ("统计内容", "label", lambda r: r.label),
    ("数值", "value", lambda r: r.value),
    ("数量级", "magnitude", lambda r: r.magnitude),
    ("单位", "unit", lambda r: r.unit),
    ("修饰", "qualifier", lambda r: r.qualifier),
    ("折合基本单位数值", "normalised", lambda r: r.normalised),
    ("原文写法", "as_written", lambda r: r.as_written),
    ("指标编号", "indicator", lambda r: r.indicator),
    ("指标名称", "indicator_name", lambda r: r.indicator_name),
    ("页面", "page", lambda r: r.page),
]
AUDIENCE_COLUMN = ("公开范围", "internal", lambda r: "内部" if r.internal else "公开")


def figures_csv(rows: list[FigureRow]) -> bytes:
    """The figures as CSV that Excel and WPS open correctly: UTF-8 with BOM, CRLF, Chinese headers."""
    columns = _columns(rows)
    return _csv([[header for header, _, _ in columns]] + [[get(row) for _, _, get in columns] for row in rows])


def figures_xlsx(rows: list[FigureRow], title: str, stamp: datetime.datetime) -> bytes:
    """The figures as a spreadsheet: frozen bold header, numbers as numbers, same bytes for the same rows."""
    import xlsxwriter

    columns = _columns(rows)
    table = [[get(row) for _, _, get in columns] for row in rows]
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties({"title": title, "created": _utc(stamp)})
    sheet = workbook.add_worksheet("统计数据")
    bold = workbook.add_format({"bold": True})
    for column, (header, _, _) in enumerate(columns):
        sheet.write_string(0, column, header, bold)
        sheet.set_column(column, column, _column_width([header] + [row[column] for row in table]))
    for row_number, values in enumerate(table, start=1):
        for column, value in enumerate(values):
            _write_cell(sheet, row_number, column, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(table), len(columns) - 1)
    workbook.close()
    return _stored_zip(buffer.getvalue())


def figures_json(rows: list[FigureRow], meta: dict) -> bytes:
    """The figures as JSON: meta, then one object per figure, numbers exact."""
    with_audience = any(row.internal for row in rows)
    return _json({"meta": _sorted(meta), "figures": [_figure_object(row, with_audience) for row in rows]})


def _figure_object(row: FigureRow, with_audience: bool) -> dict:
    """One figure with the table's fields in the table's order, the item's id beside its name."""
    data: dict[str, Any] = {}
    for _, key, get in COLUMNS:
        data[key] = get(row)
        if key == "item":
            data["item_id"] = row.item_id
    if with_audience:
        data["internal"] = row.internal
    return data


def records_json(records: list[dict], meta: dict) -> bytes:
    """Every record as JSON: kind, id and its validated data, sorted by kind and id."""
    ordered = sorted(records, key=lambda r: (r["kind"], r["id"]))
    return _json({"meta": _sorted(meta), "records": [{"kind": r["kind"], "id": r["id"], "data": _sorted(r["data"])} for r in ordered]})


def series_csv(title: str, unit: str, points: list[SeriesPoint]) -> bytes:
    """One chart's own data, exactly as drawn: every year from first to last, gaps left empty."""
    header = ["指标", "年份", f"数值（{unit}）", "原文写法", "是否约数"]
    body = [
        [title, p.year, p.value, p.text if p.value is not None else "", _yes_no(p) if p.value is not None else ""]
        for p in _every_year(points)
    ]
    return _csv([header] + body)


def metadata_json(title: str, unit: str, description: str, source: Any, points: list[SeriesPoint]) -> bytes:
    """What one chart shows and where its numbers come from, beside CHART.csv."""
    years = [p.year for p in points]
    return _json(
        {
            "title": title,
            "unit": unit,
            "description": description,
            "source": source,
            "first_year": min(years) if years else None,
            "last_year": max(years) if years else None,
            "summary": describe(points) if points else "",
            "columns": {
                "指标": "指标名称",
                "年份": "年份",
                f"数值（{unit}）": f"折合为基本单位“{unit}”的数值；空白表示当年没有数据（不是零）",
                "原文写法": "年鉴原文中的写法",
                "是否约数": "“是”表示原文带“余”“多”“以上”“近”“约”，数值只是大约",
            },
        }
    )


def figures_schema() -> bytes:
    """JSON Schema (draft 2020-12) of figures.json."""
    nullable = lambda kind, **more: {"type": [kind, "null"], **more}  # noqa: E731
    figure = {
        "type": "object",
        "additionalProperties": False,
        "required": [key for _, key, _ in COLUMNS] + ["item_id"],
        "properties": {
            "year": {"type": "integer", "description": "年份"},
            "theme": {"type": "string", "description": "主题"},
            "item": {"type": "string", "description": "工作事项"},
            "item_id": {"type": "string", "description": "工作事项编号"},
            "label": {"type": "string", "description": "统计内容"},
            "value": {"type": "number", "minimum": 0, "description": "数值，按原文"},
            "magnitude": {"enum": MAGNITUDES + [None], "description": "数量级：千、万、亿，或 null"},
            "unit": {"type": "string", "description": "单位"},
            "qualifier": {"enum": QUALIFIERS + [None], "description": "修饰：余、多、以上、近、约，或 null（确数）"},
            "normalised": {"type": "number", "minimum": 0, "description": "折合基本单位数值（数值乘以数量级）"},
            "as_written": {"type": "string", "description": "原文写法"},
            "indicator": nullable("string", description="指标编号"),
            "indicator_name": nullable("string", description="指标名称"),
            "page": {"type": "string", "description": "工作事项所在页面（相对网站根目录的路径）"},
            "internal": {"type": "boolean", "description": "仅内部参考的下载文件有此项：true 表示内部数字"},
        },
    }
    return _schema_json(
        {
            "$schema": SCHEMA_DIALECT,
            "title": "figures.json：全部统计数字",
            "type": "object",
            "additionalProperties": False,
            "required": ["meta", "figures"],
            "properties": {
                "meta": {"type": "object", "description": "数据说明：名称、记录版本、生成日期等"},
                "figures": {"type": "array", "items": figure},
            },
        }
    )


def records_schema(models: dict[str, type]) -> bytes:
    """JSON Schema (draft 2020-12) of records.json, built from the record models by kind."""
    from pydantic.json_schema import models_json_schema

    kinds = sorted(models)
    refs, shared = models_json_schema([(models[kind], "validation") for kind in kinds], ref_template="#/$defs/{model}")
    variants = [
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind", "id", "data"],
            "properties": {"kind": {"const": kind}, "id": {"type": "string"}, "data": refs[(models[kind], "validation")]},
        }
        for kind in kinds
    ]
    return _schema_json(
        {
            "$schema": SCHEMA_DIALECT,
            "title": "records.json：全部记录",
            "type": "object",
            "additionalProperties": False,
            "required": ["meta", "records"],
            "properties": {
                "meta": {"type": "object", "description": "数据说明：名称、记录版本、生成日期等"},
                "records": {"type": "array", "items": {"oneOf": variants}},
            },
            "$defs": shared.get("$defs", {}),
        }
    )


def _columns(rows: list[FigureRow]) -> list[tuple[str, str, Callable[[FigureRow], Any]]]:
    """The table's columns; the audience column only when some figure is internal."""
    return COLUMNS + [AUDIENCE_COLUMN] if any(row.internal for row in rows) else list(COLUMNS)


def _csv(table: list[list[Any]]) -> bytes:
    """Rows as CSV text with a byte-order mark and CRLF line ends."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    for row in table:
        writer.writerow([_cell_text(value) for value in row])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _cell_text(value: Any) -> str:
    """A cell as text: numbers plain, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _plain(value)
    return str(value)


def _plain(value: Decimal) -> str:
    """A decimal without exponent, separators or trailing zeros, every digit kept."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _write_cell(sheet, row: int, column: int, value: Any) -> None:
    """A number as a numeric cell, text as text (never a formula), None as an empty cell."""
    if value is None:
        return
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        sheet.write_number(row, column, float(value))
    else:
        sheet.write_string(row, column, str(value))


def _column_width(values: list[Any]) -> int:
    """A column wide enough for its longest cell: Chinese characters count double."""
    longest = max(sum(2 if ord(c) >= 0x2E80 else 1 for c in _cell_text(v)) for v in values)
    return min(max(longest + 2, 6), 60)


def _utc(stamp: datetime.datetime) -> datetime.datetime:
    """A naive UTC time: XlsxWriter writes the stamp as it is, followed by Z."""
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return stamp


def _stored_zip(data: bytes) -> bytes:
    """The same package re-packed uncompressed with fixed entry times, so no zlib version changes a byte."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, ZIP_EPOCH)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def _every_year(points: list[SeriesPoint]) -> list[SeriesPoint]:
    """The points by year, with an empty point for each year in between that has none."""
    by_year = {p.year: p for p in points}
    if not by_year:
        return []
    return [by_year.get(y, SeriesPoint(y, None, False, "")) for y in range(min(by_year), max(by_year) + 1)]


def _yes_no(point: SeriesPoint) -> str:
    return "是" if point.approximate else "否"


def _sorted(value: Any) -> Any:
    """Mappings with their keys sorted, all the way down; lists keep their order."""
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [_sorted(item) for item in value]
    return value


def _json(value: Any) -> bytes:
    """Pretty JSON, Chinese as is, decimals as exact numbers, ending with a newline."""
    return ("\n".join(_json_lines(value, "")) + "\n").encode("utf-8")


def _schema_json(schema: dict) -> bytes:
    """A JSON Schema as stable text: keys sorted, Chinese as is."""
    return (json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _json_lines(value: Any, indent: str) -> list[str]:
    """The lines of one JSON value, laid out as json.dumps(indent=2) does."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        parts = [(f"{inner}{_scalar(str(key))}: ", _json_lines(item, inner)) for key, item in value.items()]
        return ["{", *_joined(parts), f"{indent}}}"]
    if isinstance(value, (list, tuple)) and value:
        parts = [(inner, _json_lines(item, inner)) for item in value]
        return ["[", *_joined(parts), f"{indent}]"]
    return [_scalar(value)]


def _joined(parts: list[tuple[str, list[str]]]) -> list[str]:
    """Members with their prefix on the first line and a comma after all but the last."""
    lines = []
    for index, (prefix, member) in enumerate(parts):
        comma = "," if index < len(parts) - 1 else ""
        lines += [prefix + member[0]] + member[1:-1] + ([member[-1] + comma] if len(member) > 1 else [])
        if len(member) == 1:
            lines[-1] += comma
    return lines


def _scalar(value: Any) -> str:
    """One JSON scalar (or empty container); decimals exact, never floats."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value}")
        return _plain(value)
    if isinstance(value, float):
        raise TypeError(f"floats are not exact, pass a Decimal: {value!r}")
    if value is None or isinstance(value, (bool, int, str)) or value in ({}, []):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple) and not value:
        return "[]"
    raise TypeError(f"cannot write {type(value).__name__} as JSON: {value!r}")
