"""Editors' slips and hostile record text never break, corrupt or compromise the outputs.

Every hazard is run through the command line on a copy of a project whose site/ and
site-internal/ were built from good records (which include hostile but valid text).
Each test checks the exit code, the `file:line:` message and that the last good
outputs survived byte for byte with no temporary folder left behind.
"""
from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from annals.build import build_site
from annals.cli import main
from annals.render.markdown import paragraphs, table, text
from annals.schema import KINDS
from conftest import copy_project

SITE_NAME = "济宁市妇女联合会资料站"
HAZARD = "records/departments/hazard.yml"

# Valid record text that carries every kind of markup an outsider could paste.
NAME = '甲&amp;乙 {{ config }} {% raw %} [链](javascript:alert(1)) **粗** _斜_ `码` | 竖 | "引" \'单\' &lt;i&gt; \\ #井 ~删~'
TEXT = '"><script>alert(1)</script> {{ config }} {% raw %} [链](javascript:alert(1)) **粗** | 竖 |\n第二行 &amp; <img src=x onerror=alert(2)> \\'


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


HOSTILE_RECORDS = {
    "departments/hostile.yml": f"""\
name: {q(NAME)}
short_name: {q("简" + NAME)}
kind: 联系组织
summary: {q(TEXT)}
aliases:
  - {q("别" + NAME)}
figures:
  - label: {q("计" + NAME)}
    value: 1
    unit: "| 个 |"
""",
    "departments/yaml-words.yml": """\
name: 12:30
short_name: no
kind: 联系组织
summary: yes
aliases:
  - on
  - 0755
  - 2011-11-15
  - ~~
""",
    "work/2010.yml": f"""\
year: 2010
title: 2010年工作
themes:
  - id: hostile-theme
    title: {q("题" + NAME)}
    summary: {q(TEXT)}
    items:
      - id: hostile-item
        title: {q("项" + NAME)}
        summary: {q(TEXT)}
        date_as_written: {q("时" + NAME)}
        departments:
          - hostile
        figures:
          - label: {q("数" + NAME)}
            value: 2
            unit: 个
""",
    "sources/hostile-source.yml": f"""\
title: {q("源" + NAME)}
kind: 网页
publication: {q(NAME)}
url: https://example.org/a_(b)?c=1&d=2
note: {q(TEXT)}
""",
    "honors/hostile-honor.yml": f"""\
title: {q("誉" + NAME)}
level: other
conferrer: {q(NAME)}
year: 2010
recipient: hostile
""",
    # Internal words that also occur in public text: they must not change the public site.
    "departments/internal-unit.yml": """\
name: 春风送岗内部专班
kind: 联系组织
visibility: internal
aliases:
  - 小额担保贴息内部
""",
}

GOOD_UNIT = "name: 测试单位\nkind: 联系组织\nsummary: 测试用的单位。\n"


# --- shared builds and helpers -------------------------------------------------------


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    """The last good outputs: public and internal sites built from valid (hostile) records."""
    project = copy_project(tmp_path_factory.mktemp("good") / "project")
    for relative, content in HOSTILE_RECORDS.items():
        (project / "records" / relative).write_text(content, encoding="utf-8")
    (project / "dist").mkdir()
    (project / "dist" / "previous-archive.zip").write_bytes(b"the last good archive")
    for audience in ("public", "internal"):
        cli(project, "build", "--audience", audience)
    return project


def cli(project: Path, *args: str) -> str:
    """Run `annals` in a fresh process, as an editor does; its output."""
    done = subprocess.run(
        [sys.executable, "-m", "annals", "--root", str(project), *args],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


OUTPUTS = ("site", "site-internal", "dist")


@pytest.fixture
def broken(good, tmp_path) -> Path:
    """A copy of the good project to break in one way; outputs are hard links (builds replace, never edit)."""
    target = tmp_path / "project"
    shutil.copytree(good, target, symlinks=True, ignore=lambda folder, names: [n for n in names if folder == str(good) and n in OUTPUTS])
    for name in OUTPUTS:
        shutil.copytree(good / name, target / name, copy_function=os.link)
    return target


def snapshot(project: Path) -> dict[str, str]:
    """SHA-256 of every file of every output folder."""
    digests = {}
    for folder in OUTPUTS:
        for file in sorted((project / folder).rglob("*")):
            if file.is_file():
                digests[file.relative_to(project).as_posix()] = hashlib.sha256(file.read_bytes()).hexdigest()
    return digests


def leftovers(project: Path) -> list[str]:
    """Temporary or half-swapped output folders left in the project (a build's manifest beside its output is no leftover)."""
    return sorted(
        p.name for p in project.iterdir() if re.match(r"\.(site|site-internal|dist)\b", p.name) and not p.name.endswith(".annals-build.json")
    )


def run(capsys, project: Path, *args: str) -> tuple[int, str]:
    """Run the command line; the exit code and everything it printed."""
    code = main(["--root", str(project), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def edit_year(project: Path, old: str, new: str) -> None:
    """Change the hostile fixture's year of work in place."""
    path = project / "records" / "work" / "2010.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def write(project: Path, relative: str, content: str | bytes) -> None:
    target = project / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    target.write_bytes(content)


def line_starting(output: str, prefix: str) -> str:
    """The one printed line that starts with prefix."""
    found = [line for line in output.splitlines() if line.startswith(prefix)]
    assert found, f"no line starts with {prefix!r} in:\n{output}"
    return found[0]


def assert_refused(capsys, project: Path, prefix: str, *words: str, command: tuple[str, ...] = ("build",)) -> str:
    """The command exits 1 naming prefix and words; the last good outputs are untouched."""
    before = snapshot(project)
    code, output = run(capsys, project, *command)
    assert code == 1, output
    line = line_starting(output, prefix)
    for word in words:
        assert word in line, f"{word!r} not in {line!r}"
    assert "Traceback" not in output
    assert snapshot(project) == before
    assert leftovers(project) == []
    return line


# --- loading ---------------------------------------------------------------------------


def gbk_unit() -> bytes:
    return "order: 1\nstaff_count: 3\nname: 测试单位\nkind: 联系组织\n".encode("gbk")


LOADING_HAZARDS = {
    # name: (file bytes or text, expected prefix, words in the message)
    "gbk-file": (gbk_unit(), f"{HAZARD}:3:", ["UTF-8", "GBK", "另存为"]),
    "utf16-file": (GOOD_UNIT.encode("utf-16"), f"{HAZARD}:1:", ["UTF-16", "另存为", "UTF-8"]),
    "too-large": (GOOD_UNIT + "aliases:\n" + "  - 很长的别名很长的别名\n" * 30000, f"{HAZARD}:1:", ["文件太大", "拆分"]),
    "too-deep": (GOOD_UNIT + "figures: " + "[" * 40 + "]" * 40 + "\n", f"{HAZARD}:4: figures", ["嵌套太深"]),
    "deeper-than-the-parser": (GOOD_UNIT + "figures: " + "[" * 100000 + "]" * 100000 + "\n", f"{HAZARD}:4:", ["嵌套太深"]),
    "anchor-and-alias": ("name: &n 测试单位\nshort_name: *n\nkind: 联系组织\n", f"{HAZARD}:1: name:", ["锚点"]),
    "explicit-tag": ("name: !!str 测试单位\nkind: 联系组织\n", f"{HAZARD}:1: name:", ["类型标记", "'!!str'"]),
    "duplicate-key": ("name: 甲单位\nkind: 联系组织\nname: 乙单位\n", f"{HAZARD}:3: name:", ["重复", "第 1 行", "第 3 行"]),
    "duplicate-nested-key": (GOOD_UNIT + "figures:\n  - label: 人数\n    value: 1\n    unit: 人\n    value: 2\n", f"{HAZARD}:8: figures[0].value:", ["重复", "第 6 行"]),
    "tab-indent": (GOOD_UNIT + "figures:\n\t- label: 人数\n", f"{HAZARD}:5:", ["制表符", "Tab", "空格"]),
    "ideographic-space-indent": (GOOD_UNIT + "figures:\n\u3000- label: 人数\n", f"{HAZARD}:5:", ["全角空格", "半角空格"]),
    "no-break-space-indent": (GOOD_UNIT + "figures:\n\u00a0\u00a0- label: 人数\n", f"{HAZARD}:5:", ["不换行空格"]),
    "fullwidth-colon": ("name: 测试单位\nkind：联系组织\n", f"{HAZARD}:2: kind:", ["全角冒号", "“: ”"]),
    "fullwidth-colon-merged-into-value": ("name: 测试单位\n  kind：联系组织\n", f"{HAZARD}:2: kind:", ["全角冒号"]),
    "fullwidth-colon-chinese-key": ("name: 测试单位\n名称：测试单位\n", f"{HAZARD}:2:", ["全角冒号"]),
    "fullwidth-space-after-colon": ("name:\u3000测试单位\nkind: 联系组织\n", f"{HAZARD}:1: name:", ["全角空格"]),
    "missing-space-after-colon": ("name: 测试单位\nkind:联系组织\n", f"{HAZARD}:2:", ["空格"]),
    "comment-cuts-value": (GOOD_UNIT + "short_name: 测试 #3 号楼\n", f"{HAZARD}:4: short_name:", ["'测试'", "#3 号楼", "引号"]),
    "comment-empties-value": ("name: 测试单位\nkind: 联系组织\nsummary: #话题\n", f"{HAZARD}:3: summary:", ["#话题", "空的", "引号"]),
    "vertical-tab-from-word": ("name: 测试单位\nkind: 联系组织\nsummary: 第一行\x0b第二行\n", f"{HAZARD}:3:", ["垂直制表符", "删除"]),
    "nul-character": ("name: 测试\x00单位\nkind: 联系组织\n", f"{HAZARD}:1:", ["空字符"]),
    "line-separator": ("name: 测试单位\nkind: 联系组织\nsummary: 第一行\u2028第二行\n", f"{HAZARD}:3:", ["U+2028"]),
    "folded-line-break": ("name: 测试单位\nkind: 联系组织\nsummary: 第一段。\n  第二段。\n", f"{HAZARD}:3: summary:", ["换行", "|"]),
    "unclosed-quote": ('name: "测试单位\nkind: 联系组织\n', f"{HAZARD}:1:", ["YAML 格式错误", "引号"]),
    "two-documents": (GOOD_UNIT + "---\n" + GOOD_UNIT, f"{HAZARD}:4:", ["只能有一条记录", "---"]),
    "empty-file": ("# 只有注释\n", f"{HAZARD}:1:", ["文件是空的"]),
    "list-instead-of-fields": ("- name: 测试单位\n- kind: 联系组织\n", f"{HAZARD}:1:", ["字段: 值", "- "]),
}


@pytest.mark.parametrize("hazard", list(LOADING_HAZARDS))
def test_loading_hazard_is_refused_and_the_site_survives(broken, capsys, hazard):
    content, prefix, words = LOADING_HAZARDS[hazard]
    write(broken, HAZARD, content)
    assert_refused(capsys, broken, prefix, *words)


def test_utf8_with_bom_and_windows_line_endings_is_accepted(broken, capsys):
    write(broken, HAZARD, b"\xef\xbb\xbf" + GOOD_UNIT.replace("\n", "\r\n").encode("utf-8"))
    code, output = run(capsys, broken, "check")
    assert code == 0, output


def test_windows_line_endings_keep_line_numbers(broken, capsys):
    write(broken, HAZARD, "name: 甲单位\r\nkind: 联系组织\r\nname: 乙单位\r\n")
    assert_refused(capsys, broken, f"{HAZARD}:3: name:", "第 1 行")


def test_quoted_hash_is_kept_and_block_text_is_not_scanned(broken, capsys):
    write(broken, HAZARD, GOOD_UNIT.replace("summary: 测试用的单位。\n", 'summary: |\n  第1期 #2 培训班\n  　　注：全角空格开头的段落\n  \tname：不是字段\nshort_name: "测试 #3 号楼"\n'))
    code, output = run(capsys, broken, "check")
    assert code == 0, output
    from annals.validate import check

    catalog, _ = check(broken)
    unit = catalog.get("departments", "hazard").model
    assert unit.summary == "第1期 #2 培训班\n　　注：全角空格开头的段落\n\tname：不是字段\n"
    assert unit.short_name == "测试 #3 号楼"


def test_alias_bomb_is_refused_without_expanding(broken, capsys):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(9)]
    write(broken, HAZARD, GOOD_UNIT + "\n".join(levels) + "\n")
    started = time.monotonic()
    assert_refused(capsys, broken, f"{HAZARD}:4: a:", "锚点")
    assert time.monotonic() - started < 5


def test_python_tag_is_refused_and_never_run(broken, capsys, tmp_path):
    marker = tmp_path / "ran"
    write(broken, HAZARD, GOOD_UNIT + f"short_name: !!python/object/apply:os.system ['touch {marker}']\n")
    assert_refused(capsys, broken, f"{HAZARD}:4: short_name:", "类型标记", "'!!python/object/apply:os.system'")
    assert not marker.exists()


def test_problems_per_file_are_capped(broken, capsys):
    write(broken, HAZARD, GOOD_UNIT + "aliases:\n" + "  - *x\n" * 500)
    code, output = run(capsys, broken, "check")
    assert code == 1
    listed = [line for line in output.splitlines() if line.startswith(HAZARD)]
    assert 1 < len(listed) <= 31
    assert "没有列出" in listed[-1] and "470" in listed[-1]


def test_yaml_1_1_words_stay_text(good):
    """`no`, `yes`, `on`, `0755`, `2011-11-15` and `12:30` are what the editor typed."""
    from annals.validate import check

    catalog, problems = check(good)
    assert problems == []
    unit = catalog.get("departments", "yaml-words").model
    assert (unit.name, unit.short_name, unit.summary) == ("12:30", "no", "yes")
    assert unit.aliases == ["on", "0755", "2011-11-15", "~~"]


def test_number_field_given_words_says_it_wants_a_number(broken, capsys):
    write(broken, HAZARD, GOOD_UNIT + "staff_count: 十九\n")
    assert_refused(capsys, broken, f"{HAZARD}:4: staff_count:", "整数", "十九")


def test_number_with_leading_zero_is_refused(broken, capsys):
    """0755 is 493 to YAML 1.1 tools and 755 to others: the record must not be ambiguous."""
    write(broken, HAZARD, GOOD_UNIT + "staff_count: 0755\n")
    assert_refused(capsys, broken, f"{HAZARD}:4: staff_count:", "0755", "755", command=("check",))


@pytest.mark.parametrize("value", ["1e3", "1_000", "６８", ".5"])
def test_figure_value_must_be_written_plainly(broken, capsys, value):
    write(broken, HAZARD, GOOD_UNIT + f"figures:\n  - label: 人数\n    value: {value}\n    unit: 人\n")
    assert_refused(capsys, broken, f"{HAZARD}:6: figures[0].value:", value, command=("check",))


def test_time_looking_date_is_refused(broken, capsys):
    edit_year(broken, "        date_as_written:", "        date: 12:30\n        date_as_written:")
    assert_refused(capsys, broken, "records/work/2010.yml:11: themes[0].items[0].date:", "12:30")


def test_date_message_shows_the_format(broken, capsys):
    edit_year(broken, "        date_as_written:", "        date: 12:30\n        date_as_written:")
    assert_refused(capsys, broken, "records/work/2010.yml:11: themes[0].items[0].date:", "12:30", "2011-11", command=("check",))


# --- names, titles and links -----------------------------------------------------------

NAME_FIELDS = {
    # file: (record with `<b>` in every name-like field, [(line, field)])
    "records/organization.yml": (
        "name: 甲<b>\nshort_name: 乙<b>\nlocation: 丙<b>\naliases:\n  - 丁<b>\nfigures:\n  - label: 戊<b>\n    value: 1\n    unit: 人<b>\n    as_written: 己<b>\n",
        [(1, "name"), (2, "short_name"), (3, "location"), (5, "aliases[0]"), (7, "figures[0].label"), (9, "figures[0].unit"), (10, "figures[0].as_written")],
    ),
    "records/departments/hazard.yml": ("name: 甲<b>\nshort_name: 乙<b>\nkind: 联系组织\n", [(1, "name"), (2, "short_name")]),
    "records/plans/hazard.yml": (
        "title: 甲<b>\nkind: 文件\nissuer: 乙<b>\ndoc_number: 丙<b>\nissued_as_written: 丁<b>\n",
        [(1, "title"), (3, "issuer"), (4, "doc_number"), (5, "issued_as_written")],
    ),
    "records/programmes/hazard.yml": ("name: 甲<b>\nkind: 品牌活动\n", [(1, "name")]),
    "records/honors/hazard.yml": (
        "title: 甲<b>\nlevel: other\nconferrer: 乙>\nyear: 2011\nrecipient: organization\n",
        [(1, "title"), (3, "conferrer")],
    ),
    "records/sources/hazard.yml": (
        "title: 甲<b>\nkind: 其他\npublication: 乙<b>\ncompiler: 丙<b>\npublisher: 丁<b>\n",
        [(1, "title"), (3, "publication"), (4, "compiler"), (5, "publisher")],
    ),
    "records/work/2012.yml": (
        "year: 2012\ntitle: 甲<b>\nthemes:\n  - id: t\n    title: 乙<b>\n    items:\n      - id: i\n        title: 丙<b>\n        summary: 摘要\n        date_as_written: 丁<b>\n",
        [(2, "title"), (5, "themes[0].title"), (8, "themes[0].items[0].title"), (10, "themes[0].items[0].date_as_written")],
    ),
}


def test_angle_brackets_in_every_name_and_title_field_are_refused(broken, capsys):
    for relative, (content, _) in NAME_FIELDS.items():
        write(broken, relative, content)
    before = snapshot(broken)
    code, output = run(capsys, broken, "build")
    assert code == 1
    for relative, (_, expected) in NAME_FIELDS.items():
        for line, field in expected:
            shown = line_starting(output, f"{relative}:{line}: {field}:")
            assert "<" in shown or ">" in shown
    assert snapshot(broken) == before and leftovers(broken) == []


def test_every_one_line_text_field_of_the_schema_refuses_markup():
    """A field added later without the name rules would be caught here."""
    free_text = {"summary", "note"}
    for kind, model in KINDS.items():
        schema = model.model_json_schema()
        for path, prop in string_properties(schema, schema.get("$defs", {}), kind + "."):
            if path.rstrip("[]").rsplit(".", 1)[-1] in free_text:
                continue
            pattern = prop.get("pattern")
            assert pattern, f"{path} accepts any text"
            assert not re.search(pattern, "甲<b>") and not re.search(pattern, "甲\n乙"), path


def string_properties(schema: dict, defs: dict, prefix: str):
    """(path, schema) of every free string property, following references and lists."""
    for name, prop in schema.get("properties", {}).items():
        yield from string_shapes(prop, defs, prefix + name)


def string_shapes(prop: dict, defs: dict, path: str):
    if "$ref" in prop:
        yield from string_properties(defs[prop["$ref"].rsplit("/", 1)[-1]], defs, path + ".")
    options = prop.get("anyOf", [])
    if any(option.get("type") in ("number", "integer") for option in options):
        return  # a number that may also be written as a string
    for option in options:
        yield from string_shapes(option, defs, path)
    if prop.get("type") == "array":
        yield from string_shapes(prop.get("items", {}), defs, path + "[]")
    if prop.get("type") == "string" and "enum" not in prop and "const" not in prop:
        yield path, prop


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "//evil.example/x", "vbscript:x"])
def test_unsafe_link_is_refused(broken, capsys, url):
    path = broken / "records" / "sources" / "hostile-source.yml"
    path.write_text(re.sub(r"^url: .*$", f"url: {q(url)}", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert_refused(capsys, broken, "records/sources/hostile-source.yml:4: url:", url[:20])


def test_url_message_says_what_is_allowed(broken, capsys):
    path = broken / "records" / "sources" / "hostile-source.yml"
    path.write_text(re.sub(r"^url: .*$", "url: javascript:alert(1)", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert_refused(capsys, broken, "records/sources/hostile-source.yml:4: url:", "javascript:alert(1)", "https://", "mailto:")


# --- ids and paths ------------------------------------------------------------------------


def test_path_traversal_in_a_reference_is_refused_and_nothing_is_written(broken, capsys):
    edit_year(broken, "          - hostile\n", "          - ../../../../outside\n")
    write(broken, "records/plans/hazard.yml", "title: 测试\nkind: 文件\ndrafted_by:\n  - ../../etc/passwd\n")
    before = sorted(p for p in broken.parent.rglob("*") if "site" not in p.parts)
    assert_refused(capsys, broken, "records/work/2010.yml:13: themes[0].items[0].departments[0]:", "../../../../outside")
    assert line_starting(run(capsys, broken, "check")[1], "records/plans/hazard.yml:4: drafted_by[0]:")
    assert sorted(p for p in broken.parent.rglob("*") if "site" not in p.parts) == before


def test_path_traversal_in_an_item_id_is_refused(broken, capsys):
    edit_year(broken, "id: hostile-item", "id: ../../escape")
    assert_refused(capsys, broken, "records/work/2010.yml:8: themes[0].items[0].id:", "../../escape")


def test_uppercase_file_name_is_refused(broken, capsys):
    source = broken / "records" / "departments" / "general-office.yml"
    shutil.copy(source, source.with_name("General-Office.yml"))
    assert_refused(capsys, broken, "records/departments/General-Office.yml:1:", "General-Office", "小写")


def test_id_colliding_ignoring_case_names_both_files(broken, capsys):
    source = broken / "records" / "departments" / "general-office.yml"
    shutil.copy(source, source.with_name("General-Office.yml"))
    assert_refused(capsys, broken, "records/departments/General-Office.yml:1:", "records/departments/general-office.yml", "重复", command=("check",))


@pytest.mark.parametrize(
    "relative, other",
    [
        ("records/departments/organization.yml", "records/organization.yml"),
        ("records/departments/index.yml", "organization/index.md"),
        ("records/plans/index.yml", "plans/index.md"),
        ("records/work/index.yml", "work/index.md"),
    ],
)
def test_id_colliding_with_a_page_or_record_is_refused(broken, capsys, relative, other):
    content = {
        "departments": GOOD_UNIT,
        "plans": "title: 测试\nkind: 文件\n",
        "work": (broken / "records" / "work" / "2010.yml").read_text(encoding="utf-8"),
    }[relative.split("/")[1]]
    write(broken, relative, content)
    assert_refused(capsys, broken, f"{relative}:1:", other, command=("check",))


def test_never_writes_through_a_symlinked_docs_folder(broken, capsys, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(broken / "docs" / "work")
    (broken / "docs" / "work").symlink_to(outside, target_is_directory=True)
    before = snapshot(broken)
    code, output = run(capsys, broken, "build")
    assert list(outside.iterdir()) == []
    assert code == 1 and "docs/work" in output
    assert snapshot(broken) == before and leftovers(broken) == []


# --- builds ----------------------------------------------------------------------------------


def test_data_problems_leave_internal_site_and_archive_untouched(broken, capsys):
    write(broken, HAZARD, "name: 甲单位\nkind: 联系组织\nname: 乙单位\n")
    for command in (("build", "--audience", "internal"), ("archive",)):
        assert_refused(capsys, broken, f"{HAZARD}:3: name:", "重复", command=command)


def engine_that(monkeypatch, action: str) -> None:
    """Replace the site engine by a program that writes half a site, then does action."""
    script = f"import pathlib, sys; pathlib.Path(sys.argv[1], 'index.html').write_text('half'); {action}"
    monkeypatch.setattr("annals.build.mkdocs_command", lambda config, site: [sys.executable, "-c", script, str(site)])


def interrupted(*args, **kwargs):
    raise KeyboardInterrupt()


@pytest.mark.parametrize("crash", [RuntimeError("MkDocs crashed"), KeyboardInterrupt()])
def test_crash_inside_mkdocs_keeps_the_previous_site(broken, capsys, monkeypatch, crash):
    engine_that(monkeypatch, f"raise {crash!r}")
    if isinstance(crash, KeyboardInterrupt):
        monkeypatch.setattr("annals.build.subprocess.run", interrupted)
    before = snapshot(broken)
    code, output = run(capsys, broken, "build")
    assert code == 1 and "保持不变" in output
    assert snapshot(broken) == before
    assert leftovers(broken) == []


def test_crash_inside_mkdocs_is_a_message_not_a_traceback(broken, capsys, monkeypatch):
    engine_that(monkeypatch, "raise RuntimeError('MkDocs crashed')")
    before = snapshot(broken)
    code, output = run(capsys, broken, "build")
    assert code == 1
    assert "构建失败" in output and "MkDocs crashed" in output and "保持不变" in output
    assert snapshot(broken) == before and leftovers(broken) == []


def test_broken_mkdocs_yml_keeps_the_previous_site(broken, capsys):
    config = broken / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("custom_dir: overrides", "custom_dir: missing-folder"), encoding="utf-8")
    before = snapshot(broken)
    code, _ = run(capsys, broken, "build")
    assert code == 1
    assert snapshot(broken) == before
    assert leftovers(broken) == []


def test_broken_mkdocs_yml_is_a_message_not_a_traceback(broken, capsys):
    config = broken / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("custom_dir: overrides", "custom_dir: missing-folder"), encoding="utf-8")
    before = snapshot(broken)
    code, output = run(capsys, broken, "build")
    assert code == 1
    assert "missing-folder" in output and "构建失败" in output
    assert snapshot(broken) == before and leftovers(broken) == []


def test_strict_warning_keeps_the_previous_site(broken, capsys):
    about = broken / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[坏链接](nowhere.md)\n", encoding="utf-8")
    before = snapshot(broken)
    code, output = run(capsys, broken, "build")
    assert code == 1
    assert "构建失败" in output and "nowhere.md" in output
    assert "Traceback" not in output
    assert snapshot(broken) == before and leftovers(broken) == []


def test_refuses_broken_front_matter_in_a_hand_written_page(broken, capsys):
    about = broken / "docs" / "about.md"
    body = about.read_text(encoding="utf-8")
    about.write_text("---\ntitle: 关于本站\ndescription: 说明: 见下文\n---\n\n" + body, encoding="utf-8")
    assert_refused(capsys, broken, "docs/about.md:3:", "YAML")


def test_same_records_give_a_byte_identical_site_and_rewrite_no_page(broken):
    before = snapshot(broken)
    docs = {p: p.stat().st_mtime_ns for p in (broken / "docs").rglob("*.md")}
    output = cli(broken, "build")
    assert "更新 0，" in output and "删除 0" in output
    assert {p: p.stat().st_mtime_ns for p in (broken / "docs").rglob("*.md")} == docs
    assert snapshot(broken) == before
    assert leftovers(broken) == []


def test_public_site_is_the_same_after_an_internal_build_in_one_process(broken):
    """Words an internal build taught the search segmenter must not reach the public index."""
    before = snapshot(broken)
    build_site(broken, "internal", out=io.StringIO())
    build_site(broken, "public", out=io.StringIO())
    assert snapshot(broken) == before


def test_site_folder_is_readable_by_a_web_server(good):
    """The swapped-in folder has the permissions of every folder MkDocs made inside it."""
    for name in ("site", "site-internal"):
        assert (good / name).stat().st_mode & 0o777 == (good / name / "assets").stat().st_mode & 0o777


def test_summary_goes_to_the_current_output(broken, capsys, monkeypatch):
    engine_that(monkeypatch, "pass")
    code, output = run(capsys, broken, "build")
    assert code == 0
    assert "更新 0，" in output and "网站已生成" in output


# --- output: record text is shown literally everywhere -----------------------------------


class Node:
    """An element of a parsed HTML page."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        """The text a reader sees, with <br> as a line break."""
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else ("\n" if child.tag == "br" else child.text()))
        return "".join(parts)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag and all(c in n.attrs.get(k.rstrip("_"), "").split() for k, c in attrs.items())]


class TreeBuilder(HTMLParser):
    """A small, forgiving HTML tree builder (entities decoded as a browser would)."""

    VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col", "embed", "param", "track"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(source: str) -> Node:
    builder = TreeBuilder()
    builder.feed(source)
    builder.close()
    return builder.root


def page(good: Path, relative: str) -> Node:
    return parse((good / "site" / relative).read_text(encoding="utf-8"))


def texts(nodes: list[Node]) -> list[str]:
    return [n.text().strip() for n in nodes]


def assert_inert(root: Node) -> None:
    """No element, attribute or link came from record text."""
    for node in root.iter():
        assert not any(name.startswith("on") for name in node.attrs), node.attrs
        assert not node.attrs.get("href", "").lower().startswith("javascript"), node.attrs
        if node.tag == "script" and node.attrs.get("type") != "application/ld+json":
            assert "alert(" not in node.text()
        if node.tag in ("strong", "em", "img", "code", "del", "i"):
            assert not re.search(r"粗|斜|码|删|alert", node.text() + json.dumps(node.attrs, ensure_ascii=False)), node.tag


def test_record_text_is_literal_in_the_page_body(good):
    article = page(good, "organization/hostile/index.html").find_all("article")[0]
    assert_inert(article)
    assert [h.children[0].strip() for h in article.find_all("h1")] == [NAME]
    assert TEXT in texts(article.find_all("p"))
    assert "别名：" + "别" + NAME in texts(article.find_all("p", class_="annals-aliases"))


def test_record_text_is_literal_in_tables(good):
    root = page(good, "organization/hostile/index.html")
    rows = [texts(row.find_all("td")) for row in root.find_all("tr") if row.find_all("td")]
    assert ["简称", "简" + NAME] in rows
    assert ["计" + NAME, "1| 个 |"] in rows
    for shown in root.find_all("table"):  # a pipe in record text never adds a cell
        width = len(shown.find_all("th"))
        assert all(len(row.find_all("td")) == width for row in shown.find_all("tr") if row.find_all("td"))
    units = page(good, "organization/index.html")
    rows = [texts(row.find_all("td")) for row in units.find_all("tr") if row.find_all("td")]
    assert [NAME, "联系组织", "—", "—"] in rows


def test_line_breaks_and_pipes_in_a_table_cell_stay_in_one_cell():
    source = table(["甲", "乙"], [[text("第一行\n第二行 | 还是第二格？"), text("| 乙 |")]])
    root = parse(markdown.markdown(source, extensions=["tables"]))
    rows = [texts(row.find_all("td")) for row in root.find_all("tr") if row.find_all("td")]
    assert rows == [["第一行\n第二行 | 还是第二格？", "| 乙 |"]]


def test_markdown_helpers_keep_every_character():
    for value in (NAME, TEXT, "1. 一", "- 二", "+ 三", "> 四", "    五", "=====", "<!-- 六", "\\*七\\*", "&#60;八"):
        root = parse(markdown.markdown(f"{text(value)}\n\n{paragraphs(value)}", extensions=["tables", "attr_list"]))
        assert_inert(root)
        assert texts(root.find_all("p")) == [value.strip(), value.strip()], value


def test_paragraphs_keep_full_width_indentation():
    assert parse(paragraphs("\u3000\u3000第一段。\n\n\u3000\u3000第二段。")).text() == "\u3000\u3000第一段。\n\n\u3000\u3000第二段。"


def test_record_text_is_literal_in_json_ld(good):
    root = page(good, "organization/hostile/index.html")
    scripts = [json.loads(s.text()) for s in root.find_all("script") if s.attrs.get("type") == "application/ld+json"]
    assert [(s["name"], s["alternateName"]) for s in scripts] == [(NAME, "简" + NAME)]


def test_link_targets_are_only_web_mail_phone_or_relative(good):
    allowed = re.compile(r"^(https?://|mailto:|tel:|#|\.\.?/|[^:/?#]+(/|$|#|\?)|[^:]*$)", re.I)
    for file in (good / "site").rglob("*.html"):
        root = parse(file.read_text(encoding="utf-8"))
        for node in root.find_all("a"):
            href = node.attrs.get("href", "")
            assert allowed.match(href), f"{file}: {href}"
    source = page(good, "sources/index.html")
    assert "https://example.org/a_%28b%29?c=1&d=2" in [a.attrs.get("href") for a in source.find_all("a")]


def test_record_text_is_literal_in_the_search_index(good):
    index = json.loads((good / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {e["location"]: e for e in index["docs"]}
    hostile = entries["organization/hostile/"]
    for field in ("title", "text"):
        assert_inert(parse(hostile[field]))
    shown = parse(hostile["text"]).text().replace("\u200b", "")
    assert TEXT.split("\n")[0] in shown and "别" + NAME in shown
    assert parse(hostile["title"]).text().replace("\u200b", "") == NAME


def test_tags_are_literal_in_the_search_index(good):
    index = json.loads((good / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    year = next(e for e in index["docs"] if e["location"] == "work/2010/")
    assert [parse(tag).text() for tag in year["tags"]] == ["题" + NAME]


def test_title_is_literal_in_the_html_title(good):
    root = page(good, "organization/hostile/index.html")
    assert texts(root.find_all("title")) == [f"{NAME} - {SITE_NAME}"]


def test_title_is_literal_in_the_header_and_navigation(good):
    own = page(good, "organization/hostile/index.html")
    header = [t for t in texts(own.find_all("span", class_="md-ellipsis")) if "甲" in t]
    assert header and set(header) == {NAME}
    sibling = page(good, "organization/general-office/index.html")
    assert_inert(sibling)
    links = [a for a in sibling.find_all("a") if a.attrs.get("href") == "../hostile/"]
    assert links and {a.text().strip() for a in links} == {NAME}


def test_description_is_literal_in_the_meta_tag(good):
    root = page(good, "organization/hostile/index.html")
    assert_inert(root)
    descriptions = [m.attrs.get("content") for m in root.find_all("meta") if m.attrs.get("name") == "description"]
    assert descriptions == [TEXT.split("\n")[0]]


def test_tag_names_are_literal_on_pages_and_the_tags_index(good):
    year = page(good, "work/2010/index.html")
    assert texts(year.find_all("a", class_="md-tag")) == ["题" + NAME]
    tags = page(good, "tags/index.html")
    assert_inert(tags)
    assert "题" + NAME in texts(tags.find_all("h2")) + texts(tags.find_all("span")) + texts(tags.find_all("a"))


def test_record_text_is_literal_in_headings_and_table_of_contents(good):
    root = page(good, "work/2010/index.html")
    assert_inert(root.find_all("article")[0])
    headings = [h.children[0].strip() for h in root.find_all("h2") + root.find_all("h3") if h.children and isinstance(h.children[0], str)]
    assert "题" + NAME in headings and "项" + NAME in headings
    toc = root.find_all("nav", class_="md-nav--secondary")[0]
    assert "题" + NAME in texts(toc.find_all("a"))
    assert "时间：时" + NAME in texts(root.find_all("p"))


def test_front_matter_reads_back_as_the_record_title(good):
    """MkDocs reads the front matter as data (never as page text); the title survives it."""
    from mkdocs.utils.meta import get_data

    body, meta = get_data((good / "docs" / "organization" / "hostile.md").read_text(encoding="utf-8"))
    assert body.startswith("# ")
    assert html.unescape(meta["title"]) == NAME
    assert html.unescape(meta["description"]) == TEXT.split("\n")[0]
    assert meta["jsonld"]["name"] == NAME


def test_front_matter_of_every_generated_page_is_data(good):
    from mkdocs.utils.meta import get_data

    for file in (good / "docs").rglob("*.md"):
        body, meta = get_data(file.read_text(encoding="utf-8"))
        if file.name == "about.md":
            continue
        assert meta.get("generated_by") == "annals", file
        assert not body.startswith("---"), file


def test_yaml_words_are_shown_as_typed(good):
    root = page(good, "organization/yaml-words/index.html")
    assert texts(root.find_all("title")) == [f"12:30 - {SITE_NAME}"]
    article = root.find_all("article")[0]
    assert [h.children[0].strip() for h in article.find_all("h1")] == ["12:30"]
    assert "yes" in texts(article.find_all("p"))
    assert ["简称", "no"] in [texts(row.find_all("td")) for row in article.find_all("tr")]
    assert "别名：on 0755 2011-11-15 ~~" in texts(article.find_all("p", class_="annals-aliases"))
