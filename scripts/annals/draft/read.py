"""Read an entry from a text file, a .docx file or standard input, with its encoding."""
from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024


class Unreadable(Exception):
    """The input cannot be read as an entry; the message says why in Chinese."""


@dataclass
class Input:
    """The decoded text of an entry and how it was read."""

    text: str
    shown_as: str
    encoding: str


def read_input(name: str) -> Input:
    """Read FILE or '-' (standard input) into text; raise Unreadable with a Chinese reason."""
    shown = "标准输入" if name == "-" else name
    raw = read_stdin() if name == "-" else read_file(Path(name))
    if len(raw) > MAX_BYTES:
        raise Unreadable(f"{shown}：内容太大（超过 {MAX_BYTES // 1024 // 1024} MB）；一个年鉴条目通常只有几千字，请只保留要起草的那一年的条目")
    if not raw.strip():
        raise Unreadable(f"{shown}：内容是空的；请确认文件里有条目正文")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable(f"{shown}：这是旧版 Word（.doc）或其他 Office 旧格式文件，无法直接读取；请在 Word/WPS 中“另存为” .docx 或纯文本（UTF-8）后再试")
    if raw.startswith(b"PK\x03\x04"):
        return Input(read_docx(raw, shown), shown, "Word 文档（.docx）")
    if name.lower().endswith(".docx"):
        raise Unreadable(not_a_docx(shown, "文件开头不是 Word 文档的格式，可能是改了扩展名的其他文件，或没有下载完整"))
    text, encoding = decode_text(raw, shown)
    return Input(text, shown, encoding)


def read_stdin() -> bytes:
    """At most one byte past the size limit from standard input."""
    return sys.stdin.buffer.read(MAX_BYTES + 1)


def read_file(path: Path) -> bytes:
    """At most one byte past the size limit from a file, with Chinese errors."""
    if not path.is_file():
        raise Unreadable(f"{path}：找不到这个文件；请检查文件名和所在文件夹")
    try:
        with open(path, "rb") as stream:
            return stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise Unreadable(f"{path}：无法打开（{error.strerror}）；请检查文件权限") from error


def decode_text(raw: bytes, shown: str) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 (with or without BOM) or GB18030/GBK; refuse binary data."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return checked(raw[3:].decode("utf-8", errors="replace"), shown), "UTF-8（带 BOM）"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return checked(raw.decode("utf-16", errors="replace"), shown), "UTF-16"
    if b"\x00" not in raw:
        try:
            return checked(raw.decode("utf-8"), shown), "UTF-8"
        except UnicodeDecodeError:
            pass
    best, best_name, best_score = None, "", 0.0
    for codec, name in (("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("gb18030", "GB18030/GBK")):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if score > best_score:
            best, best_name, best_score = text, name, score
    if best is None or best_score < 0.9:
        raise Unreadable(f"{shown}：这不是文本文件，或者文字编码无法识别（不是 UTF-8、UTF-16 或 GBK）；请提供纯文本（.txt，最好另存为 UTF-8）或 Word（.docx）文件")
    return best, best_name


def plausibility(text: str) -> float:
    """The share of characters an entry is made of: Chinese, ASCII, punctuation, spaces."""
    if not text:
        return 0.0
    usual = sum(1 for char in text if "\u4e00" <= char <= "\u9fff" or " " <= char <= "~" or char in "\r\n\t" or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef" or "\u2010" <= char <= "\u2027")
    return usual / len(text)


def checked(text: str, shown: str) -> str:
    """The text, unless it is mostly not text."""
    if plausibility(text) < 0.9:
        raise Unreadable(f"{shown}：这不是文本文件（大部分内容不是文字）；请提供纯文本（.txt）或 Word（.docx）文件")
    return text


def not_a_docx(shown: str, why: str) -> str:
    """The Chinese refusal for a file that is not a readable Word document."""
    return (f"{shown}：无法作为 Word（.docx）文档读取：{why}。"
            "请在 Word 或 WPS 中打开原文件，重新“另存为” .docx 后再试；或者另存为纯文本（.txt，UTF-8 编码）")


def read_docx(raw: bytes, shown: str) -> str:
    """The paragraphs of a Word .docx document, one per line."""
    try:
        from docx import Document

        document = Document(io.BytesIO(raw))
    except Exception as error:  # zipfile, lxml and python-docx each raise their own types for a broken package
        raise Unreadable(not_a_docx(shown, f"文件已损坏或不完整（{type(error).__name__}）")) from error
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\u3000".join(cell.text for cell in row.cells))
    text = "\n".join(lines)
    if not text.strip():
        raise Unreadable(f"{shown}：Word 文档里没有文字；请确认条目正文在文档中（不是图片或文本框）")
    return text
