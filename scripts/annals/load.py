"""Read YAML record files into plain data with line numbers, strictly.

Every scalar stays the string the editor typed (no YAML 1.1 guessing: `no`,
`0755` and `12:30` are text); the schema decides types later. Anchors, aliases,
tags, duplicate keys and several hand-editing slips are reported as problems.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, quote

MAX_BYTES = 512 * 1024
MAX_DEPTH = 12
NULL_WORDS = {"", "~", "null", "Null", "NULL"}

Path_ = tuple  # a location inside a record: keys and list indexes

try:  # the C parser is several times faster; the pure one behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - only without libyaml
    from yaml import SafeLoader as _Loader


@dataclass
class Loaded:
    """One record file: its data, the line of every location, and its problems."""

    path: str
    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, loc: Path_) -> int:
        """Line of the deepest known location on the way to loc."""
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


def load_file(file: Path, shown_as: str) -> Loaded:
    """Load one record file; never raises for bad content."""
    result = Loaded(shown_as)
    raw = file.read_bytes()
    if len(raw) > MAX_BYTES:
        result.problems.append(Problem(shown_as, 1, "", f"文件太大（{len(raw)} 字节，上限 {MAX_BYTES} 字节）；请把内容拆分成多个记录文件"))
        return result
    text = decode(raw, shown_as, result.problems)
    if text is None:
        return result
    result.problems.extend(scan_text(text, shown_as))
    if result.problems:
        return result
    _Builder(text, result).run()
    return result


def decode(raw: bytes, shown_as: str, problems: list[Problem]) -> str | None:
    """UTF-8 (with or without BOM) only; say where and how to re-save otherwise."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = "文件看起来是 GBK/GB2312 编码。"
        except UnicodeDecodeError:
            pass
        problems.append(Problem(shown_as, line, "", f"文件不是 UTF-8 编码（第 {line} 行出现无法识别的字节）。{guess}请在编辑器中选择“另存为”，编码选 UTF-8 后保存"))
        return None


_FULLWIDTH_KEY = re.compile(r"^[ \-]*([A-Za-z_][A-Za-z0-9_]*)\s*：")
_TAB_INDENT = re.compile(r"^[ ]*\t")
_IDEOGRAPHIC_INDENT = re.compile(r"^[ \t]*\u3000")


def scan_text(text: str, shown_as: str) -> list[Problem]:
    """Hand-editing slips that YAML would misread or report obscurely."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _TAB_INDENT.match(line):
            problems.append(Problem(shown_as, number, "", "行首缩进用了制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格"))
        if _IDEOGRAPHIC_INDENT.match(line):
            problems.append(Problem(shown_as, number, "", "行首缩进用了全角空格；请换成半角空格"))
        match = _FULLWIDTH_KEY.match(line)
        if match:
            problems.append(Problem(shown_as, number, match.group(1), "字段名后面用了全角冒号“：”；请改成英文冒号加空格“: ”"))
    return problems


class _Builder:
    """Turns the parser's events into dicts, lists and strings with line numbers."""

    def __init__(self, text: str, result: Loaded):
        self.text_lines = text.splitlines()
        self.text = text
        self.result = result
        self.events = None

    def problem(self, line: int, field_: str, message: str) -> None:
        self.result.problems.append(Problem(self.result.path, line, field_, message))

    def run(self) -> None:
        try:
            events = list(yaml.parse(self.text, Loader=_Loader))
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 1
            self.problem(line, "", explain_syntax_error(error))
            return
        body = [e for e in events if not isinstance(e, (yaml.StreamStartEvent, yaml.StreamEndEvent))]
        documents = sum(isinstance(e, yaml.DocumentStartEvent) for e in body)
        if documents == 0:
            self.problem(1, "", "文件是空的；请填写记录内容，或删除这个文件")
            return
        if documents > 1:
            self.problem(1, "", "一个文件里只能有一条记录；请删除多余的 '---' 分隔线，或拆成多个文件")
            return
        self.events = iter(body[1:-1])
        self.result.data = self.node(next(self.events), (), 0)
        if not isinstance(self.result.data, dict) and not self.result.problems:
            self.problem(1, "", "记录必须由“字段: 值”组成")

    def node(self, event, loc: Path_, depth: int) -> Any:
        line = event.start_mark.line + 1
        self.result.lines.setdefault(loc, line)
        where = dotted(loc)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            self.problem(line, where, "不支持锚点和引用（& 和 *）；请把内容直接写出来")
        if getattr(event, "tag", None):
            self.problem(line, where, f"不支持类型标记 {quote(event.tag)}；请删除以 ! 开头的标记")
        if depth > MAX_DEPTH:
            self.problem(line, where, f"嵌套太深（超过 {MAX_DEPTH} 层）；请检查缩进")
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(loc, depth)
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(loc, depth)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, where)
        return None

    def mapping(self, loc: Path_, depth: int) -> dict:
        result: dict = {}
        for event in self.events:
            if isinstance(event, yaml.MappingEndEvent):
                return result
            line = event.start_mark.line + 1
            if not isinstance(event, yaml.ScalarEvent):
                self.problem(line, dotted(loc), "字段名必须是简单的文字")
                self.node(event, loc + ("?",), depth + 1)
                self.node(next(self.events), loc + ("?",), depth + 1)
                continue
            key = event.value
            if key in result:
                first = self.result.lines[loc + (key,)]
                self.problem(line, dotted(loc + (key,)), f"字段重复：第 {first} 行已经写过 {key}；请删除其中一个")
                self.node(next(self.events), loc + ("?",), depth + 1)
                continue
            self.result.lines[loc + (key,)] = line
            result[key] = self.node(next(self.events), loc + (key,), depth + 1)
        return result

    def sequence(self, loc: Path_, depth: int) -> list:
        result: list = []
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                return result
            result.append(self.node(event, loc + (len(result),), depth + 1))
        return result

    def scalar(self, event: yaml.ScalarEvent, where: str) -> str | None:
        if event.style is None:
            self.check_cut_comment(event, where)
            if event.value in NULL_WORDS:
                return None
        return event.value

    def check_cut_comment(self, event: yaml.ScalarEvent, where: str) -> None:
        """A plain value followed by ' #' on its line lost the text after it."""
        end = event.end_mark
        if end.line >= len(self.text_lines):
            return
        rest = self.text_lines[end.line][end.column:]
        if re.match(r"^\s+#", rest) and where:
            self.problem(end.line + 1, where, f"值 {quote(event.value)} 后面的“ #”之后的文字会被当成注释丢掉：{quote(rest.strip())}；如果 # 是内容的一部分，请给整个值加引号；如果是注释，请写在单独一行")


def dotted(loc: Path_) -> str:
    """('themes', 0, 'items') -> 'themes[0].items'."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


_SYNTAX_HINTS = [
    ("mapping values are not allowed", "这里不能出现“: ”；如果冒号是内容的一部分，请给整个值加引号"),
    ("could not find expected ':'", "缺少英文冒号“:”，或缩进不对齐"),
    ("did not find expected key", "缩进不对齐，或列表项“- ”的位置不对"),
    ("did not find expected '-' indicator", "列表项的缩进不对齐"),
    ("found character '\\t'", "出现了制表符（Tab）；请换成空格"),
    ("found undefined alias", "不支持引用（*）；请把内容直接写出来"),
    ("found unexpected end of stream", "引号没有配对；请检查引号是否成对"),
    ("found unknown escape character", "双引号里的反斜杠“\\”不合法；请改用单引号，或写成两个反斜杠"),
    ("expected <block end>", "缩进不对齐"),
]


def explain_syntax_error(error: yaml.MarkedYAMLError) -> str:
    """A Chinese reading of a YAML syntax error."""
    problem = f"{error.context or ''} {error.problem or ''}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            return f"YAML 格式错误：{hint}"
    return f"YAML 格式错误（{(error.problem or '').strip()}）；请检查缩进、冒号和引号"
