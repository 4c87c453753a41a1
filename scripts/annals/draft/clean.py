"""Text clean-up: characters, print-layout line breaks, script, stray spaces."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Characters that are never wanted: controls, invisible marks and direction overrides.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufffe\uffff\u2028\u2029]")
_FULLWIDTH_ALNUM = {code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_FULLWIDTH_SIGNS = str.maketrans({
    "％": "%", "～": "~", "〜": "~", "＋": "+", "．": ".", "<": "＜", ">": "＞",
    **{char: " " for char in "\t\u00a0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"},
})
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’《》〈〉、，。；：！？（）【】〔〕—…·"
_SPACE_NEAR_CJK = re.compile(rf"[ ]+(?=[{_CJK}])|(?<=[{_CJK}])[ ]+")
_URL_LINE = re.compile(r"^\s*(?:Original URL|URL|原文(?:网址|链接|地址)|来源网址|网址)\s*[:：]\s*(https?://\S+)\s*$", re.IGNORECASE | re.MULTILINE)
_COMPILER = re.compile(r"^\s*[（(]\s*([\u4e00-\u9fff][\u4e00-\u9fff ·]{0,10}[\u4e00-\u9fff])\s*[）)]\s*$")
_BYLINE = re.compile(r"^\s*[（(]?\s*(?:供稿|撰稿|撰稿人|编写|执笔)\s*[:：]?\s*([\u4e00-\u9fff][\u4e00-\u9fff ·、]{0,20})\s*[）)]?\s*$|^\s*[（(]?\s*([\u4e00-\u9fff][\u4e00-\u9fff ·、]{0,20}?)\s*(?:供稿|撰稿)\s*[）)]?\s*$")
_SENTENCE_END = "。！？!?”）)"
# A run-in heading: a short phrase without punctuation, then a space, then the text.
_RUN_IN_HEADING = re.compile(r"^([^\s，。、；：！？“”《》（）【】0-9]{4,24})[ ]+(?=\S)")


@dataclass
class Cleaned:
    """The entry as paragraphs of clean text, with what was taken out of it."""

    paragraphs: list[str]
    originals: list[str]
    title: str | None = None
    url: str | None = None
    compiler: str | None = None
    traditional: bool = False
    notes: list[str] = field(default_factory=list)


def clean(text: str) -> Cleaned:
    """Clean a raw entry into paragraphs, keeping the pre-conversion wording."""
    url_match = _URL_LINE.search(text)
    text = normalise_characters(_URL_LINE.sub("", text))
    url = url_match.group(1) if url_match and re.match(r"^https?://[^\s<>\"]+$", url_match.group(1)) else None
    paragraphs = rejoin_lines(text)
    title = take_title(paragraphs)
    compiler = take_compiler(paragraphs)
    simplified, traditional = to_simplified(paragraphs)
    return Cleaned(simplified, paragraphs, title, url, compiler, traditional)


def normalise_characters(text: str) -> str:
    """Line ends, invisible characters, full-width digits and letters, ASCII punctuation beside Chinese."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = text.translate(_FULLWIDTH_ALNUM).translate(_FULLWIDTH_SIGNS)
    text = re.sub(r"(?<![0-9A-Za-z]),|,(?![0-9A-Za-z])|(?<=[^\x00-\x7f]),|,(?=[^\x00-\x7f ])", "，", text)
    text = re.sub(r"(?<=\d),(?=\d{1,2}\D)|(?<=\d),(?=\d{4})", "，", text)
    text = re.sub(r";", "；", text)
    text = re.sub(r"(?<!\d):|:(?!\d)", "：", text.replace("://", "\x00")).replace("\x00", "://")
    text = text.replace("(", "（").replace(")", "）").replace("!", "！").replace("?", "？")
    text = re.sub(r"\"([^\"\n]{1,60})\"", r"“\1”", text)
    return text


def display_width(line: str) -> int:
    """Columns a line takes in print: Chinese characters count double."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def rejoin_lines(text: str) -> list[str]:
    """Paragraphs, with the hard line breaks of a printed page joined back."""
    blocks = [block for block in re.split(r"\n[ ]*\n", text) if block.strip()]
    paragraphs: list[str] = []
    for block in blocks:
        lines = [line.strip(" ") for line in block.split("\n") if line.strip()]
        paragraphs.extend(join_wrapped(lines) if is_wrapped(lines) else lines)
    return paragraphs


def is_wrapped(lines: list[str]) -> bool:
    """True when most lines fill the same width, as a printed column does."""
    if len(lines) < 3:
        return False
    widths = sorted(display_width(line) for line in lines)
    full = widths[int(len(widths) * 0.8)]
    return full >= 30 and sum(1 for width in widths if width >= full - 6) >= len(widths) * 0.5


def join_wrapped(lines: list[str]) -> list[str]:
    """Join column lines; a short line ending a sentence, or a bracketed heading, starts a new paragraph."""
    widths = sorted(display_width(line) for line in lines)
    full = widths[int(len(widths) * 0.8)]
    paragraphs, current = [], ""
    for line in lines:
        if current and (line.startswith("【") or (current.endswith(tuple(_SENTENCE_END)) and _RUN_IN_HEADING.match(line))):
            paragraphs.append(current)
            current = ""
        current = join_pair(current, line)
        if line.endswith(tuple(_SENTENCE_END)) and display_width(line) < full - 6:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def join_pair(left: str, right: str) -> str:
    """Join two lines: a space only between two Latin letters or digits."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def take_title(paragraphs: list[str]) -> str | None:
    """A first paragraph without punctuation (the entry's name) is taken out as the title."""
    if len(paragraphs) > 1 and len(paragraphs[0]) <= 40 and not re.search(r"[，。；：、！？]", paragraphs[0]) and not paragraphs[0].startswith("【"):
        return paragraphs.pop(0).strip()
    return None


def take_compiler(paragraphs: list[str]) -> str | None:
    """The compiler's name in brackets, or after 供稿/撰稿, in the last paragraph."""
    if not paragraphs:
        return None
    last = paragraphs[-1]
    match = _BYLINE.match(last) or _COMPILER.match(last)
    if not match:
        tail = re.search(r"[（(]\s*(?:供稿|撰稿)?\s*[:：]?\s*([\u4e00-\u9fff][\u4e00-\u9fff ·]{0,10}[\u4e00-\u9fff])\s*[）)]\s*$", last)
        if tail and len(tail.group(1).replace(" ", "")) <= 4 and last[: tail.start()].rstrip().endswith(("。", "！", "？")):
            paragraphs[-1] = last[: tail.start()].rstrip()
            return tail.group(1).replace(" ", "")
        return None
    paragraphs.pop()
    return next(group for group in match.groups() if group).replace(" ", "")


def to_simplified(paragraphs: list[str]) -> tuple[list[str], bool]:
    """Paragraphs in simplified script; True when the text was traditional."""
    converter = simplifier()
    if converter is None:
        return list(paragraphs), False
    converted = [converter.convert(paragraph) for paragraph in paragraphs]
    changed = sum(1 for before, after in zip("".join(paragraphs), "".join(converted)) if before != after)
    han = len(re.findall(r"[\u4e00-\u9fff]", "".join(paragraphs)))
    if changed >= 3 and changed >= han * 0.02:
        return converted, True
    return list(paragraphs), False


_CONVERTER = []


def simplifier():
    """The OpenCC traditional-to-simplified converter, loaded once."""
    if not _CONVERTER:
        try:
            import opencc

            _CONVERTER.append(opencc.OpenCC("t2s"))
        except ImportError:  # pragma: no cover - opencc is a pinned dependency
            _CONVERTER.append(None)
    return _CONVERTER[0]


def squeeze_spaces(text: str) -> str:
    """Spaces next to Chinese characters or punctuation removed; others kept (16 000)."""
    return _SPACE_NEAR_CJK.sub("", text).strip()
