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
from .slips import KEY, scan_characters, scan_text

MAX_BYTES = 512 * 1024
MAX_DEPTH = 12
MAX_PROBLEMS = 30
NULL_WORDS = {"", "~", "null", "Null", "NULL"}

Location = tuple  # a location inside a record: keys and list indexes

try:  # the C parser is several times faster; the pure one behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - only without libyaml
    from yaml import SafeLoader as _Loader

_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


@dataclass
class Loaded:
    """One record file: its data, the line of every location, and its problems."""

    path: str
    data: Any = None
    lines: dict[Location, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, loc: Location) -> int:
        """Line of the deepest known location on the way to loc."""
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


def load_file(file: Path, shown_as: str) -> Loaded:
    """Load one record file; never raises for bad content."""
    result = Loaded(shown_as)
    raw = read_limited(file)
    if len(raw) > MAX_BYTES:
        size = file.stat().st_size
        result.problems.append(Problem(shown_as, 1, "", f"文件太大（{size} 字节，上限 {MAX_BYTES} 字节）；请把内容拆分成多个记录文件"))
        return result
    text = decode(raw, shown_as, result.problems)
    if text is None:
        return result
    load_text(text, result)
    return result


_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def load_front_matter(file: Path, shown_as: str) -> Loaded:
    """The front matter of a Markdown page, checked like a record (MkDocs would show it as text)."""
    result = Loaded(shown_as)
    raw = read_limited(file)
    text = decode(raw, shown_as, result.problems) if len(raw) <= MAX_BYTES else ""
    if not text or not re.match(r"-{3}[ \t]*(\r\n|\r|\n)", text):
        return result
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        result.problems.append(Problem(shown_as, 1, "", "页面第一行的“---”没有对应的结束行“---”；请补上结束行，或删除第一行"))
        return result
    block = match.group(1)
    if not any(line.strip() and not line.lstrip().startswith("#") for line in block.splitlines()):
        result.problems.append(Problem(shown_as, 1, "", "页面开头两行“---”之间是空的；请填写内容，或删除这两行"))
        return result
    load_text("\n" + block, result)  # the blank first line stands for "---": line numbers match the page
    if result.data is not None and not isinstance(result.data, dict):
        result.problems = [Problem(shown_as, 1, "", "页面开头两行“---”之间应当是“字段: 值”；如果第一行的“---”是分隔线，请在它前面先写一行正文")]
    return result


def load_text(text: str, result: Loaded) -> None:
    """Check and parse decoded YAML text into result."""
    result.problems.extend(scan_characters(text, result.path))
    if not result.problems:
        result.problems.extend(scan_text(text, result.path))
    if not result.problems:
        _Builder(text, result).run()
    result.problems[:] = capped(result.problems)


def read_limited(file: Path) -> bytes:
    """The file's bytes, but never more than one byte past the size limit."""
    with open(file, "rb") as stream:
        return stream.read(MAX_BYTES + 1)


def capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS problems per file, then one line saying how many more."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    kept = sorted(problems)[:MAX_PROBLEMS]
    rest = len(problems) - MAX_PROBLEMS
    last = max(p.line for p in problems)
    return kept + [Problem(kept[-1].path, last, "", f"……本文件还有 {rest} 个问题没有列出；请先修改上面的问题")]


def line_count(raw: bytes) -> int:
    """Number of lines before the end of raw (CRLF, CR and LF all end a line)."""
    return len(re.findall(rb"\r\n|\r|\n", raw)) + 1


def decode(raw: bytes, shown_as: str, problems: list[Problem]) -> str | None:
    """UTF-8 (with or without BOM) only; say where and how to re-save otherwise."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    resave = "请在编辑器中选择“另存为”，编码选“UTF-8”后保存（记事本：编码选 UTF-8；WPS/Word：纯文本，Unicode (UTF-8)）"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(shown_as, 1, "", f"文件是 UTF-16（Unicode）编码，不是 UTF-8。{resave}"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = line_count(raw[: error.start])
        guess = "文件看起来是 GBK/GB2312 编码（Windows 中文系统的默认编码）。" if looks_like_gbk(raw) else ""
        problems.append(Problem(shown_as, line, "", f"文件不是 UTF-8 编码（第 {line} 行有无法识别的字节）。{guess}{resave}"))
        return None


def looks_like_gbk(raw: bytes) -> bool:
    """True when raw decodes as GB18030 into Chinese text."""
    try:
        decoded = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return bool(re.search(r"[\u4e00-\u9fff]", decoded))



class _Builder:
    """Turns the parser's events into dicts, lists and strings with line numbers."""

    def __init__(self, text: str, result: Loaded):
        self.text_lines = text.splitlines()
        self.text = text
        self.result = result
        self.events = iter(())
        self.too_deep = False

    def problem(self, line: int, field_: str, message: str) -> None:
        """Record one problem in this file."""
        self.result.problems.append(Problem(self.result.path, line, field_, message))

    def run(self) -> None:
        """Parse the text into result.data, or record why not."""
        try:
            events = list(yaml.parse(self.text, Loader=_Loader))
        except yaml.MarkedYAMLError as error:
            line = error_line(error)
            self.problem(line, "", explain_syntax_error(error, self.line_text(line)))
            return
        except yaml.YAMLError as error:  # reader errors: characters the scan let through
            self.problem(1, "", f"YAML 无法读取这个文件（{error}）；请检查有没有特殊字符")
            return
        body = [e for e in events if not isinstance(e, (yaml.StreamStartEvent, yaml.StreamEndEvent))]
        documents = sum(isinstance(e, yaml.DocumentStartEvent) for e in body)
        if documents == 0:
            self.problem(1, "", "文件是空的；请填写记录内容，或删除这个文件")
            return
        if documents > 1:
            second = [e for e in body if isinstance(e, yaml.DocumentStartEvent)][1]
            self.problem(second.start_mark.line + 1, "", "一个文件里只能有一条记录；请删除多余的 '---' 分隔线，或拆成多个文件")
            return
        self.events = iter(body[1:-1])
        self.result.data = self.node(next(self.events), (), 0)
        if not isinstance(self.result.data, dict) and not self.result.problems:
            self.problem(1, "", not_a_mapping(self.result.data))

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, or '' past the end."""
        return self.text_lines[line - 1] if 0 < line <= len(self.text_lines) else ""

    def node(self, event, loc: Location, depth: int) -> Any:
        """Build the value that starts with event, at location loc."""
        line = event.start_mark.line + 1
        self.result.lines.setdefault(loc, line)
        where = dotted(loc)
        self.check_marks(event, line, where)
        if depth > MAX_DEPTH:
            if not self.too_deep:
                self.problem(line, where, f"嵌套太深（超过 {MAX_DEPTH} 层）；请检查缩进和括号")
            self.too_deep = True
            self.skip(event)
            return None
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(loc, depth)
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(loc, depth)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, where)
        return None

    def check_marks(self, event, line: int, where: str) -> None:
        """Anchors, aliases and explicit tags are not allowed anywhere."""
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            self.problem(line, where, "不支持锚点和引用（& 和 *）；请把内容直接写出来")
        if getattr(event, "tag", None):
            self.problem(line, where, f"不支持类型标记 {quote(as_typed(event.tag))}；请删除以 ! 开头的标记")

    def skip(self, event) -> None:
        """Consume a collection's events without building it (no recursion)."""
        level = 1 if isinstance(event, _STARTS) else 0
        while level:
            following = next(self.events)
            level += isinstance(following, _STARTS) - isinstance(following, _ENDS)

    def mapping(self, loc: Location, depth: int) -> dict:
        """Build a mapping; duplicate and complex keys are problems."""
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
            self.check_marks(event, line, dotted(loc + (key,)))
            if key in result:
                first = self.result.lines[loc + (key,)]
                self.problem(line, dotted(loc + (key,)), f"字段重复：第 {first} 行已经写过 {key}，这里（第 {line} 行）又写了一次；请删除其中一个")
                self.node(next(self.events), loc + ("?",), depth + 1)
                continue
            self.result.lines[loc + (key,)] = line
            result[key] = self.node(next(self.events), loc + (key,), depth + 1)
        return result

    def sequence(self, loc: Location, depth: int) -> list:
        """Build a list."""
        result: list = []
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                return result
            result.append(self.node(event, loc + (len(result),), depth + 1))
        return result

    def scalar(self, event: yaml.ScalarEvent, where: str) -> str | None:
        """The text as typed; an empty or null-word plain value is None."""
        plain = not event.style  # the C parser says '' and the Python one None
        if plain:
            self.check_cut_comment(event, where)
        if event.style in ("", None, "'", '"'):
            self.check_folded(event, where)
        if plain and event.value in NULL_WORDS:
            return None
        return event.value

    def check_cut_comment(self, event: yaml.ScalarEvent, where: str) -> None:
        """A plain value followed by ' #' on its line lost the text after it."""
        end = event.end_mark
        if not where or end.line >= len(self.text_lines):
            return
        rest = self.text_lines[end.line][end.column:]
        if not re.match(r"^\s+#", rest):
            return
        cut = rest.strip()
        if event.value:
            message = f"值 {quote(event.value)} 后面的“ #”及之后的文字 {quote(cut)} 会被当成注释丢掉"
        else:
            message = f"值以“#”开头，整个值 {quote(cut)} 会被当成注释丢掉，字段变成空的"
        self.problem(end.line + 1, where, f"{message}；如果 # 是内容的一部分，请给整个值加引号，例如 \"第1期 #2\"；如果是注释，请写在单独一行")

    def check_folded(self, event: yaml.ScalarEvent, where: str) -> None:
        """A one-line value that goes on over several lines loses its line breaks."""
        if not where or event.start_mark.line == event.end_mark.line or not event.value:
            return
        self.problem(
            event.start_mark.line + 1, where,
            "这个值写成了多行，但换行会被合并成空格（内容变了）；要保留换行请写成“字段: |”，"
            "再把内容缩进写在下面几行；不需要换行就把它写在同一行",
        )


def as_typed(tag: str) -> str:
    """A tag as the editor wrote it: tag:yaml.org,2002:str -> !!str."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def not_a_mapping(data: Any) -> str:
    """Why a file whose top level is not `field: value` pairs was rejected."""
    message = "记录必须由“字段: 值”组成"
    if isinstance(data, list):
        return message + "；第一层不能用“- ”开头的列表"
    if isinstance(data, str) and "：" in data:
        return message + "；这里用了全角冒号“：”，请改成英文冒号加一个半角空格“: ”"
    if isinstance(data, str) and re.search(r":\S", data):
        return message + "；英文冒号“:”后面要有一个空格"
    return message


def dotted(loc: Location) -> str:
    """('themes', 0, 'items') -> 'themes[0].items'."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def error_line(error: yaml.MarkedYAMLError) -> int:
    """The line an editor should look at for a syntax error."""
    context = f"{error.context or ''}"
    mark = error.problem_mark
    if error.context_mark and ("simple key" in context or "quoted scalar" in context or mark is None):
        mark = error.context_mark
    return mark.line + 1 if mark else 1


_SYNTAX_HINTS = [
    ("mapping values are not allowed", "这里不能出现“: ”；如果冒号是内容的一部分，请给整个值加引号"),
    ("could not find expected ':'", "缺少英文冒号“:”，或缩进不对齐"),
    ("did not find expected key", "缩进不对齐，或列表项“- ”的位置不对"),
    ("did not find expected '-' indicator", "列表项的缩进不对齐"),
    ("found character '\\t'", "出现了制表符（Tab）；请换成空格"),
    ("tab character", "出现了制表符（Tab）；请换成空格"),
    ("found undefined alias", "不支持引用（*）；请把内容直接写出来"),
    ("found unexpected end of stream", "引号没有配对；请检查这一行开始的引号是否成对"),
    ("found unknown escape character", "双引号里的反斜杠“\\”不合法；请改用单引号，或写成两个反斜杠"),
    ("expected <block end>", "缩进不对齐"),
    ("maximum nesting depth", f"嵌套太深（超过 {MAX_DEPTH} 层）；请检查缩进和括号"),
]


def explain_syntax_error(error: yaml.MarkedYAMLError, line: str = "") -> str:
    """A Chinese reading of a YAML syntax error, with a hint from the offending line."""
    problem = f"{error.context or ''} {error.problem or ''}"
    extra = ""
    if "：" in line:
        extra = "；这一行用了全角冒号“：”，字段名后面请改成英文冒号加一个半角空格“: ”"
    elif re.match(rf"^[ ]*(?:-[ ]+)*{KEY}:[^\s]", line):
        extra = "；英文冒号“:”后面要有一个空格"
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            return f"YAML 格式错误：{hint}{extra}"
    return f"YAML 格式错误（{(error.problem or '').strip()}）；请检查缩进、冒号和引号{extra}"
