"""Internal material never reaches the public outputs, and is marked internally."""
from __future__ import annotations

import contextlib
import gzip
import io
import zipfile
import json
from pathlib import Path

import pytest

from annals.archive import build_archive
from annals.build import build_site

CANARY_UNIT = "金丝雀内部单位甲"
CANARY_ITEM = "金丝雀内部事项乙"
CANARY_FIGURE = "金丝雀内部数字丙"
CANARY_ALIAS = "金丝雀别名丁"
CANARY_PROGRAMME = "金丝雀内部品牌戊"
CANARY_THEME = "金丝雀内部主题己"
CANARY_INDICATOR = "金丝雀内部指标庚"
CANARY_SERIES_FIGURE = "金丝雀内部指标数字辛"
CANARIES = [
    CANARY_UNIT, CANARY_ITEM, CANARY_FIGURE, CANARY_ALIAS, CANARY_PROGRAMME, CANARY_THEME, CANARY_INDICATOR, CANARY_SERIES_FIGURE,
    "canary-unit", "canary-item", "canary-programme", "canary-indicator", "7654321",
]

INTERNAL_PROGRAMME = f"""\
name: {CANARY_PROGRAMME}
kind: 品牌活动
visibility: internal
"""

INTERNAL_THEME = f"""\
  - id: canary-theme
    title: {CANARY_THEME}
    visibility: internal
    items:
      - id: canary-theme-item
        title: 内部主题下的事项
        summary: 只在内部参考中出现。
        programmes:
          - canary-programme
"""

INTERNAL_UNIT = f"""\
name: {CANARY_UNIT}
kind: 联系组织
visibility: internal
aliases:
  - {CANARY_ALIAS}
summary: 只在内部参考中出现的单位。
"""

INTERNAL_ITEM = f"""\
      - id: canary-item
        title: {CANARY_ITEM}
        summary: 只在内部参考中出现的事项。
        visibility: internal
        departments:
          - canary-unit
"""

INTERNAL_FIGURE = f"""\
          - label: {CANARY_FIGURE}
            value: 7
            unit: 项
            visibility: internal
"""

INTERNAL_INDICATOR = f"""\
name: {CANARY_INDICATOR}
unit: 项
description: 只在内部参考中出现的指标
visibility: internal
"""

# An internal figure of a public indicator, and a public figure of the internal indicator.
INDICATOR_FIGURES = f"""\
          - label: {CANARY_SERIES_FIGURE}
            value: 7654321
            unit: 元
            indicator: chunlei-funds-canary-year
            visibility: internal
          - label: 只在内部出现的指标数字
            value: 3
            unit: 项
            indicator: canary-indicator
"""


def add_canaries(project: Path) -> None:
    (project / "records" / "departments" / "canary-unit.yml").write_text(INTERNAL_UNIT, encoding="utf-8")
    (project / "records" / "programmes" / "canary-programme.yml").write_text(INTERNAL_PROGRAMME, encoding="utf-8")
    (project / "records" / "indicators" / "canary-indicator.yml").write_text(INTERNAL_INDICATOR, encoding="utf-8")
    public = project / "records" / "indicators" / "microcredit-amount.yml"
    (project / "records" / "indicators" / "chunlei-funds-canary-year.yml").write_text(public.read_text(encoding="utf-8"), encoding="utf-8")
    year = project / "records" / "work" / "2011.yml"
    text = year.read_text(encoding="utf-8")
    text = text.replace("    items:\n", "    items:\n" + INTERNAL_ITEM, 1)
    text = text.replace("        figures:\n", "        figures:\n" + INTERNAL_FIGURE, 2)
    text = text.replace("        figures:\n", "        figures:\n" + INDICATOR_FIGURES, 1)
    text = text.replace("\n          - chunlei-plan\n", "\n          - chunlei-plan\n          - canary-programme\n", 1)
    text = text.replace("themes:\n", "themes:\n" + INTERNAL_THEME, 1)
    honor = project / "records" / "honors" / "municipal-theory-study-group.yml"
    honor.write_text(honor.read_text(encoding="utf-8").replace("recipient: organization", "recipient: canary-unit"), encoding="utf-8")
    year.write_text(text, encoding="utf-8")


def spellings(canary: str) -> list[bytes]:
    """The canary as raw UTF-8 and as JSON escapes (lower- and upper-case hex)."""
    escaped = json.dumps(canary)[1:-1]
    return sorted({canary.encode("utf-8"), escaped.encode(), escaped.upper().replace("\\U", "\\u").encode()})


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("audience") / "project")
    add_canaries(project)
    build_site(project, "public", out=io.StringIO())
    build_site(project, "internal", out=io.StringIO())
    with contextlib.redirect_stdout(io.StringIO()):
        archive = build_archive(project)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(project / "archive-unpacked")
    return project


def files_containing(folder: Path, needle: bytes) -> list[str]:
    """Files whose bytes (decompressed for .gz) contain needle."""
    return [str(p.relative_to(folder)) for p in sorted(folder.rglob("*")) if p.is_file() and needle in readable(p)]


def readable(path: Path) -> bytes:
    """A file's bytes, decompressed: .gz files and the parts of a spreadsheet."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as opened:
            return b"\n".join(opened.read(name) for name in sorted(opened.namelist()))
    return gzip.decompress(data) if path.suffix == ".gz" else data


@pytest.mark.parametrize("canary", CANARIES)
def test_public_outputs_never_contain_internal_text(outputs, canary):
    for folder in ("site", "docs", "archive-unpacked"):
        for needle in spellings(canary):
            assert files_containing(outputs / folder, needle) == [], (folder, needle)


@pytest.mark.parametrize("canary", [CANARY_UNIT, CANARY_ITEM, CANARY_FIGURE, CANARY_PROGRAMME, CANARY_THEME, CANARY_INDICATOR, CANARY_SERIES_FIGURE])
def test_internal_reference_has_everything(outputs, canary):
    assert files_containing(outputs / "site-internal", canary.encode("utf-8"))


def test_internal_reference_is_marked(outputs):
    home = (outputs / "site-internal" / "index.html").read_text(encoding="utf-8")
    assert "内部参考" in home and "md-banner" in home
    year = (outputs / "site-internal" / "work" / "2011" / "index.html").read_text(encoding="utf-8")
    assert 'class="annals-internal">内部</span>' in year
    assert '<h3 id="canary-item">' in year
    public_home = (outputs / "site" / "index.html").read_text(encoding="utf-8")
    assert "md-banner" not in public_home


def test_public_honor_of_an_internal_unit_shows_no_name(outputs):
    honors = (outputs / "site" / "honors" / "index.html").read_text(encoding="utf-8")
    assert "市先进理论学习中心组" in honors and "（未公开）" in honors


def test_internal_downloads_mark_internal_figures(outputs):
    internal = (outputs / "site-internal" / "data" / "figures.csv").read_text(encoding="utf-8-sig")
    assert "公开范围" in internal.splitlines()[0]
    assert next(line for line in internal.splitlines() if CANARY_SERIES_FIGURE in line).endswith("内部")
    public = (outputs / "site" / "data" / "figures.csv").read_text(encoding="utf-8-sig")
    assert "公开范围" not in public and "春蕾计划" in public


def test_public_outputs_scanned_are_complete(outputs):
    """The scans above read real outputs: each holds the public 2011 page."""
    for folder in ("site", "docs", "archive-unpacked"):
        assert files_containing(outputs / folder, "春蕾计划".encode("utf-8")), folder
        for download in ("figures.csv", "figures.xlsx", "figures.json", "records.json"):
            found = files_containing(outputs / folder, "春蕾计划".encode("utf-8"))
            assert any(Path(name).as_posix().endswith(f"data/{download}") for name in found), (folder, download)
        assert len([p for p in (outputs / folder).rglob("*") if p.is_file()]) > 30, folder
