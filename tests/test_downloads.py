"""Downloads: golden CSV and JSON byte for byte, the xlsx read back cell by cell, JSON against its schema.

After an intended change, regenerate the golden files on purpose with: make golden
"""
from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from annals.build import catalog_for
from annals.render.downloads import (
    figures_csv,
    figures_json,
    figures_schema,
    figures_xlsx,
    metadata_json,
    records_json,
    records_schema,
    series_csv,
)
from annals.schema import KINDS
from annals.validate import check

from conftest import ROOT
from download_rows import META, figure_rows, loan_points

GOLDEN = Path(__file__).parent / "golden" / "downloads"
HEADERS = [
    "年份", "主题", "工作事项", "统计内容", "数值", "数量级", "单位", "修饰",
    "折合基本单位数值", "原文写法", "指标编号", "指标名称", "页面",
]
STAMP = datetime.datetime(2013, 12, 31, 8, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
SAMPLE_RECORDS = [
    {"kind": "work", "id": "2011", "data": {"year": 2011, "themes": [{"title": "示例", "figures": [Decimal("689.9")]}]}},
    {"kind": "departments", "id": "sample-dept", "data": {"name": "示例部（测试数据）", "aliases": [], "summary": None}},
]


def golden(name: str) -> bytes:
    """The golden file's bytes."""
    path = GOLDEN / name
    assert path.exists(), f"没有基准文件 {path}；确认无误后运行 make golden 重新生成"
    return path.read_bytes()


GOLDEN_FILES = [
        ("figures.csv", lambda: figures_csv(figure_rows())),
        ("figures-internal.csv", lambda: figures_csv(figure_rows(with_internal=True))),
        ("figures.json", lambda: figures_json(figure_rows(), META)),
        ("figures-internal.json", lambda: figures_json(figure_rows(with_internal=True), META)),
        ("figures.schema.json", figures_schema),
        ("records.json", lambda: records_json(SAMPLE_RECORDS, META)),
        ("series.csv", lambda: series_csv("示例贷款金额", "元", loan_points())),
        ("series.metadata.json", lambda: metadata_json("示例贷款金额", "元", "每年发放的贷款（测试数据）", "示例年鉴", loan_points())),
]


@pytest.mark.parametrize("name, build", GOLDEN_FILES)
def test_matches_golden(name, build):
    assert build() == golden(name)


def write_golden() -> None:
    """Replace the golden downloads with today's (only ever run on purpose, by make golden)."""
    for name, build in GOLDEN_FILES:
        (GOLDEN / name).write_bytes(build())


if __name__ == "__main__":
    write_golden()


def test_csv_opens_in_excel_and_wps():
    data = figures_csv(figure_rows())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert text.count("\r\n") == len(figure_rows()) + 1
    assert "\n" not in text.replace("\r\n", "")
    assert text.splitlines()[0].split(",") == HEADERS


def test_csv_numbers_are_plain():
    text = figures_csv(figure_rows()).decode("utf-8-sig")
    lines = text.splitlines()
    assert ",689.9,万,元,,6899000,689.9万元," in lines[1]
    assert ",1,亿,元,近,100000000,近1亿元," in lines[4]
    assert "E+" not in text and "e+" not in text


def test_audience_column_only_when_a_figure_is_internal():
    public = figures_csv(figure_rows()).decode("utf-8-sig")
    internal = figures_csv(figure_rows(with_internal=True)).decode("utf-8-sig")
    assert "公开范围" not in public and "内部" not in public
    assert internal.splitlines()[0].split(",") == HEADERS + ["公开范围"]
    assert [line.rsplit(",", 1)[1] for line in internal.splitlines()[1:]] == ["公开"] * 4 + ["内部"]
    assert b'"internal"' not in figures_json(figure_rows(), META)
    assert b'"internal": true' in figures_json(figure_rows(with_internal=True), META)


def expected_table(rows) -> list[list]:
    """What the spreadsheet must hold, worked out from the rows here, not by the code under test."""
    table = [HEADERS]
    for r in rows:
        table.append([
            r.year, r.theme, r.item, r.label, float(r.value), r.magnitude, r.unit, r.qualifier,
            float(r.normalised), r.as_written, r.indicator, r.indicator_name, r.page,
        ])
    return table


def test_xlsx_read_back_cell_by_cell():
    data = figures_xlsx(figure_rows(), "示例统计数据", STAMP)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells == expected_table(figure_rows())
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.cell(2, 9).data_type == "n" and sheet.cell(2, 1).data_type == "n"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert book.properties.title == "示例统计数据"
    assert book.properties.created == datetime.datetime(2013, 12, 31, 0, 30)


def test_xlsx_internal_column_only_with_internal_rows():
    public = openpyxl.load_workbook(io.BytesIO(figures_xlsx(figure_rows(), "t", STAMP))).active
    internal = openpyxl.load_workbook(io.BytesIO(figures_xlsx(figure_rows(True), "t", STAMP))).active
    assert public.max_column == len(HEADERS)
    assert [c.value for c in internal["N"]] == ["公开范围"] + ["公开"] * 4 + ["内部"]


def test_xlsx_entries_have_fixed_times_and_no_compression():
    archive = zipfile.ZipFile(io.BytesIO(figures_xlsx(figure_rows(), "t", STAMP)))
    assert archive.testzip() is None
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
    assert b"2013-12-31T00:30:00Z" in archive.read("docProps/core.xml")


BUILD_XLSX = """
import datetime, hashlib, sys
sys.path.insert(0, sys.argv[1])
from download_rows import figure_rows
from annals.render.downloads import figures_xlsx
stamp = datetime.datetime(2013, 12, 31, 8, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
print(hashlib.sha256(figures_xlsx(figure_rows(True), "示例统计数据", stamp)).hexdigest())
"""


def test_xlsx_same_bytes_at_another_time_and_time_zone():
    digests = set()
    for zone in ("Asia/Shanghai", "America/New_York", "UTC"):
        env = {**os.environ, "TZ": zone}
        tests = str(Path(__file__).parent)
        out = subprocess.run([sys.executable, "-c", BUILD_XLSX, tests], env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
        time.sleep(1.1)  # the next build starts in another second of the wall clock
    here = hashlib.sha256(figures_xlsx(figure_rows(True), "示例统计数据", STAMP)).hexdigest()
    assert digests == {here}


def test_figures_json_is_exact_and_valid_against_its_schema():
    data = figures_json(figure_rows(with_internal=True), META)
    assert data.endswith(b"}\n") and "示例".encode() in data
    parsed = json.loads(data, parse_float=Decimal)
    assert parsed["meta"] == META
    assert [f["normalised"] for f in parsed["figures"]] == [6899000, 12000, 98, 100000000, 7]
    assert parsed["figures"][0]["value"] == Decimal("689.9")
    schema = json.loads(figures_schema())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(data), schema, cls=jsonschema.Draft202012Validator)


def test_figures_schema_refuses_a_wrong_document():
    schema = json.loads(figures_schema())
    document = json.loads(figures_json(figure_rows(), META))
    document["figures"][0]["value"] = "689.9"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def every_record() -> list[dict]:
    """The default records as the site publishes them: kind, id and validated data."""
    catalog, problems = check(ROOT)
    assert problems == []
    public = catalog_for(catalog, "public")
    return [{"kind": r.kind, "id": r.id, "data": r.model.model_dump(mode="python")} for r in public.records]


def test_records_json_of_the_default_records_is_valid_against_its_schema():
    records = every_record()
    data = records_json(records, META)
    schema = json.loads(records_schema(KINDS))
    jsonschema.Draft202012Validator.check_schema(schema)
    parsed = json.loads(data)
    jsonschema.validate(parsed, schema, cls=jsonschema.Draft202012Validator)
    assert len(parsed["records"]) == len(records) > 10
    keys = [(r["kind"], r["id"]) for r in parsed["records"]]
    assert keys == sorted(keys)


def test_records_schema_refuses_an_unknown_field():
    schema = json.loads(records_schema(KINDS))
    parsed = json.loads(records_json(every_record(), META))
    parsed["records"][0]["data"]["unexpected"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(parsed, schema, cls=jsonschema.Draft202012Validator)


def test_json_writes_decimals_exactly_and_refuses_floats():
    data = records_json([{"kind": "k", "id": "a", "data": {"v": Decimal("0.1000000000000000055511151231257827")}}], {})
    assert b'"v": 0.1000000000000000055511151231257827' in data
    with pytest.raises(TypeError):
        records_json([{"kind": "k", "id": "a", "data": {"v": 0.1}}], {})


def test_series_csv_keeps_a_missing_year_empty():
    lines = series_csv("示例贷款金额", "元", loan_points()).decode("utf-8-sig").split("\r\n")
    assert lines[0] == "指标,年份,数值（元）,原文写法,是否约数"
    assert lines[1:4] == ["示例贷款金额,2011,6899000,689.9万元,否", "示例贷款金额,2012,,,", "示例贷款金额,2013,100000000,近1亿元,是"]
