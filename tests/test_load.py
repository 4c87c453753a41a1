"""The strict loader: text stays as typed, slips are named with their line."""
from __future__ import annotations

from pathlib import Path

import pytest

from annals.load import MAX_DEPTH, MAX_PROBLEMS, load_file, load_front_matter
from annals.problems import Problem, quote


def load(tmp_path: Path, content: str | bytes, name: str = "x.yml"):
    file = tmp_path / name
    file.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return load_file(file, f"records/{name}")


def messages(loaded) -> list[str]:
    return [str(p) for p in loaded.problems]


@pytest.mark.parametrize("typed", ["no", "yes", "on", "off", "0755", "12:30", "2011-11-15", "1e3", ".inf", "0x1F", "1_000", "=", "<<"])
def test_plain_scalars_stay_the_text_typed(tmp_path, typed):
    loaded = load(tmp_path, f"value: {typed}\n")
    assert loaded.problems == []
    assert loaded.data == {"value": typed}


def test_empty_values_are_null_but_quoted_words_are_text(tmp_path):
    loaded = load(tmp_path, 'a:\nb: ~\nc: null\nd: "null"\ne: \'~\'\n')
    assert loaded.data == {"a": None, "b": None, "c": None, "d": "null", "e": "~"}


def test_lines_are_recorded_for_nested_locations(tmp_path):
    loaded = load(tmp_path, "a: 1\nlist:\n  - x: 1\n    y: 2\n")
    assert loaded.line_of(("list", 0, "y")) == 4
    assert loaded.line_of(("list", 0, "missing")) == 3


def test_duplicate_keys_name_both_lines(tmp_path):
    assert messages(load(tmp_path, "a: 1\nb: 2\na: 3\n")) == [
        "records/x.yml:3: a: 字段重复：第 1 行已经写过 a，这里（第 3 行）又写了一次；请删除其中一个"
    ]


def test_block_text_is_not_mistaken_for_slips(tmp_path):
    text = "summary: |\n  第1期 #2\n  \u3000\u3000段落\n  \tcode\n  note：不是字段\nitems:\n  - |\n    a：b\n  - c\n"
    loaded = load(tmp_path, text)
    assert loaded.problems == []
    assert loaded.data["summary"] == "第1期 #2\n\u3000\u3000段落\n\tcode\nnote：不是字段\n"


def test_full_width_space_starting_text_is_not_indentation(tmp_path):
    loaded = load(tmp_path, "summary: \u3000\u3000第一段。\n")
    assert loaded.problems == [] and loaded.data == {"summary": "\u3000\u3000第一段。"}


def test_a_value_continued_on_the_next_line_is_flagged(tmp_path):
    assert messages(load(tmp_path, "summary: 第一段。\n  \u3000\u3000第二段。\n"))[0].startswith("records/x.yml:1: summary: 这个值写成了多行")


def test_the_slip_after_a_block_is_still_found(tmp_path):
    text = "summary: |\n  正文\nname：甲\n"
    assert messages(load(tmp_path, text)) == ["records/x.yml:3: name: 字段名后面用了全角冒号“：”；请改成英文冒号加一个半角空格“: ”"]


def test_quoted_value_with_a_comment_after_it_is_fine(tmp_path):
    loaded = load(tmp_path, 'a: "x #1" # 注释\n# 整行注释\n')
    assert loaded.problems == [] and loaded.data == {"a": "x #1"}


def test_depth_is_limited_once_without_recursion(tmp_path):
    loaded = load(tmp_path, "a: " + "[" * 500 + "]" * 500 + "\n")
    assert len(loaded.problems) == 1
    assert f"超过 {MAX_DEPTH} 层" in loaded.problems[0].message


def test_problems_are_capped_per_file(tmp_path):
    loaded = load(tmp_path, "".join(f"k{i}: &a{i} v\n" for i in range(100)))
    assert len(loaded.problems) == MAX_PROBLEMS + 1
    assert loaded.problems[-1].line == 100 and "70 个问题没有列出" in loaded.problems[-1].message


def test_syntax_error_points_at_the_key_line(tmp_path):
    loaded = load(tmp_path, "name: 甲\n名称：乙\nkind: x\n")
    assert messages(loaded) == ["records/x.yml:2: YAML 格式错误：缺少英文冒号“:”，或缩进不对齐；这一行用了全角冒号“：”，字段名后面请改成英文冒号加一个半角空格“: ”"]


def test_unclosed_quote_points_at_its_opening_line(tmp_path):
    loaded = load(tmp_path, 'a: 1\nb: "未闭合\nc: 2\nd: 3\n')
    assert [p.line for p in loaded.problems] == [2]
    assert "引号" in loaded.problems[0].message


def test_bom_is_accepted_and_line_numbers_count_cr_line_endings(tmp_path):
    assert load(tmp_path, b"\xef\xbb\xbfa: 1\n").data == {"a": "1"}
    loaded = load(tmp_path, "a: 1\rb: 2\rc: 乙\r".encode("gbk"))
    assert [p.line for p in loaded.problems] == [3] and "GBK" in loaded.problems[0].message


def test_front_matter_is_checked_with_page_line_numbers(tmp_path):
    page = tmp_path / "about.md"
    page.write_text("---\ntitle: 关于\ntitle: 又是关于\n---\n\n# 正文\n", encoding="utf-8")
    assert [str(p) for p in load_front_matter(page, "docs/about.md").problems] == [
        "docs/about.md:3: title: 字段重复：第 2 行已经写过 title，这里（第 3 行）又写了一次；请删除其中一个"
    ]


@pytest.mark.parametrize(
    "content, line, words",
    [
        ("---\ntitle: 关于: 我们\n---\n正文\n", 2, "YAML 格式错误"),
        ("---\r\ntitle: 关于 #1\r\n---\r\n正文\r\n", 2, "注释"),
        ("---\ntitle: 关于\n正文\n", 1, "结束行"),
        ("---\n# 只有注释\n---\n正文\n", 1, "是空的"),
        ("---\n\n正文\n\n---\n\n更多\n", 1, "分隔线"),
    ],
)
def test_broken_front_matter_is_reported(tmp_path, content, line, words):
    page = tmp_path / "about.md"
    page.write_bytes(content.encode("utf-8"))
    problems = load_front_matter(page, "docs/about.md").problems
    assert [p.line for p in problems] == [line] and words in problems[0].message


def test_pages_without_front_matter_are_fine(tmp_path):
    page = tmp_path / "about.md"
    page.write_text("# 关于\n\n---\n\n正文\n", encoding="utf-8")
    assert load_front_matter(page, "docs/about.md").problems == []
    page.write_text("---\ntitle: 关于\nhide:\n  - toc\n---\n正文\n", encoding="utf-8")
    loaded = load_front_matter(page, "docs/about.md")
    assert loaded.problems == [] and loaded.data == {"title": "关于", "hide": ["toc"]}


def test_printed_problems_cannot_drive_the_terminal():
    problem = Problem("records/\x1b[2Jx.yml", 1, "a\u202eb", f"值 {quote(chr(27) + '[31m红')} 不对")
    shown = str(problem)
    assert "\x1b" not in shown and "\u202e" not in shown
    assert shown == "records/\\x1b[2Jx.yml:1: a\\u202eb: 值 '\\x1b[31m红' 不对"
