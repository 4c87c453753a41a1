"""Typing slips in a record's text, found line by line before YAML parses it: characters, tabs, odd spaces, full-width colons."""
from __future__ import annotations

import re

from .problems import Problem

# Characters YAML rejects, reads as line breaks, or that no editor can see.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_BAD_NAMES = {
    "\x0b": "垂直制表符（Word 里按 Shift+回车 产生的换行）",
    "\x0c": "换页符",
    "\x00": "空字符",
    "\u2028": "行分隔符 U+2028",
    "\u2029": "段分隔符 U+2029",
    "\ufeff": "文件中间的 BOM 标记 U+FEFF",
    "\x85": "下一行符 U+0085",
}


def scan_characters(text: str, shown_as: str) -> list[Problem]:
    """Invisible control characters, usually pasted from Word or a web page."""
    problems = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        match = _BAD_CHARS.search(line)
        if match:
            char = match.group()
            name = _BAD_NAMES.get(char, f"控制字符 U+{ord(char):04X}")
            problems.append(Problem(shown_as, number, "", f"第 {match.start() + 1} 个字符是看不见的{name}，常见于从 Word 或网页粘贴的文字；请删除它（需要换行时用普通回车）"))
    return problems


KEY = r"[a-z_][a-z0-9_]*"
_LEAD = re.compile(r"^([ ]*(?:-[ ]+)*)")
_ODD_SPACES = "\u3000\u00a0\u2000-\u200a\u202f\u205f"
_SPACE_NAMES = {"\u3000": "全角空格", "\u00a0": "不换行空格（U+00A0，常见于从网页或 Word 复制的文字）"}
_TAB_INDENT = re.compile(r"^[ ]*\t+[ \t]*\S")
_ODD_INDENT = re.compile(rf"^[ \t]*([{_ODD_SPACES}])[ \t{_ODD_SPACES}]*(?:-(?:[ ]|$)|{KEY}[ ]*[:：])")
_ODD_AFTER_COLON = re.compile(rf"^[ ]*(?:-[ ]+)*({KEY}):([{_ODD_SPACES}])")
_FULLWIDTHKEY = re.compile(rf"^[ ]*(?:-[ ]+)*({KEY})[ \u3000]*：")
_BLOCK_INDICATOR = re.compile(r"(?:^|[ ])[|>][1-9+-]{0,2}[ ]*(?:[ ]#.*)?$")


def scan_text(text: str, shown_as: str) -> list[Problem]:
    """Hand-editing slips that YAML would misread or report obscurely."""
    problems: list[Problem] = []
    block: int | None = None  # a line indented more than this is inside a | or > block
    for number, line in enumerate(text.splitlines(), start=1):
        if block is not None and (not line.strip(" ") or leading_spaces(line) > block):
            continue
        problems.extend(line_slips(line, number, shown_as))
        block = block_indent(line)
    return problems


def leading_spaces(line: str) -> int:
    """How many half-width spaces start the line."""
    return len(line) - len(line.lstrip(" "))


def space_name(char: str) -> str:
    """What an editor calls an unusual space character."""
    return _SPACE_NAMES.get(char, f"特殊空格（U+{ord(char):04X}）")


def line_slips(line: str, number: int, shown_as: str) -> list[Problem]:
    """The slips on one line outside block text."""
    found = []
    if _TAB_INDENT.match(line):
        found.append(Problem(shown_as, number, "", "行首缩进用了制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格"))
    match = _ODD_INDENT.match(line)
    if match:
        found.append(Problem(shown_as, number, "", f"行首缩进用了{space_name(match.group(1))}；缩进只能用半角空格，请换成半角空格"))
    match = _ODD_AFTER_COLON.match(line)
    if match:
        found.append(Problem(shown_as, number, match.group(1), f"冒号后面用了{space_name(match.group(2))}；请改成英文冒号加一个半角空格“: ”"))
    match = _FULLWIDTHKEY.match(line)
    if match:
        found.append(Problem(shown_as, number, match.group(1), "字段名后面用了全角冒号“：”；请改成英文冒号加一个半角空格“: ”"))
    return found


def block_indent(line: str) -> int | None:
    """The indent a `|` or `>` block starting on this line must exceed, or None."""
    match = _BLOCK_INDICATOR.search(line)
    if not match:
        return None
    before = line[: match.start()].rstrip()
    if before.endswith(":"):
        return len(_LEAD.match(line).group(1))
    if before.endswith("-"):
        return len(before) - 1
    return -1 if not before else None
