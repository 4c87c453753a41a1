"""Read an entry from a text file, a .docx file or standard input, with its encoding."""
from __future__ import annotations

import io
import sys
import zipfile
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
    """Decode UTF-8 (with or without BOM), UTF-16 or GB18030/GBK; refuse binary data."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "UTF-8（带 BOM）"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or looks_like_utf16(raw):
        return decode_utf16(raw, shown), "UTF-16"
    if b"\x00" in raw:
        raise Unreadable(f"{shown}：这不是文本文件（含有二进制数据）；请提供纯文本（.txt）或 Word（.docx）文件")
    try:
        text, encoding = raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        try:
            text, encoding = raw.decode("gb18030"), "GB18030/GBK"
        except UnicodeDecodeError as error:
            raise Unreadable(f"{shown}：无法识别文字编码（第 {error.start + 1} 个字节起不是 UTF-8、UTF-16 或 GBK 文字）；请在编辑器中另存为 UTF-8 纯文本后再试") from error
    if looks_binary(text):
        raise Unreadable(f"{shown}：这不是文本文件（大部分内容不是文字）；请提供纯文本（.txt）或 Word（.docx）文件")
    return text, encoding


def looks_binary(text: str) -> bool:
    """True when control characters or unassigned code points make up much of the text."""
    odd = sum(1 for char in text if (ord(char) < 32 and char not in "\r\n\t") or 0xE000 <= ord(char) <= 0xF8FF or char == "\ufffd")
    return odd > max(2, len(text) // 100)


def looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is zero."""
    sample = raw[:400]
    zeros = sample[1::2].count(0) + sample[0::2].count(0)
    return len(sample) >= 4 and zeros >= len(sample) // 4 and (sample[1::2].count(0) == 0 or sample[0::2].count(0) == 0)


def decode_utf16(raw: bytes, shown: str) -> str:
    """UTF-16 in either byte order."""
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        codec = "utf-16"
    else:
        codec = "utf-16-le" if raw[1::2].count(0) > raw[0::2].count(0) else "utf-16-be"
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        raise Unreadable(f"{shown}：文件看起来是 UTF-16 编码，但第 {error.start + 1} 个字节起无法识别；请另存为 UTF-8 纯文本后再试") from error


def read_docx(raw: bytes, shown: str) -> str:
    """The paragraphs of a Word .docx document, one per line."""
    try:
        from docx import Document

        document = Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise Unreadable(f"{shown}：无法作为 Word（.docx）文档读取（{type(error).__name__}）；请在 Word/WPS 中重新保存为 .docx，或另存为 UTF-8 纯文本") from error
    except Exception as error:  # python-docx raises its own types for broken packages
        raise Unreadable(f"{shown}：无法作为 Word（.docx）文档读取（{type(error).__name__}）；请在 Word/WPS 中重新保存为 .docx，或另存为 UTF-8 纯文本") from error
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\u3000".join(cell.text for cell in row.cells))
    text = "\n".join(lines)
    if not text.strip():
        raise Unreadable(f"{shown}：Word 文档里没有文字；请确认条目正文在文档中（不是图片或文本框）")
    return text
