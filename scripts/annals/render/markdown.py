"""Small helpers that turn record text into safe Markdown."""
from __future__ import annotations

import functools
import html
import posixpath
import re

# Characters that Markdown, HTML or the enabled extensions would interpret.
_ACTIVE = re.compile(r"[&<>\\`*_\[\]{}|#~]")
# ...and at the start of a line: list markers, numbered lists, block quotes.
_LEADING = re.compile(r"^(?:[-+]|\d+[.)])(?=\s|$)")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Leading full-width spaces indent Chinese paragraphs: they are text, not layout.
_ASCII_SPACE = " \t\r\n"


def _entity(char: str) -> str:
    """The HTML character reference for an active character."""
    return _ENTITIES.get(char, f"&#{ord(char)};")


def text(value: str) -> str:
    """Record text for an inline position: shown literally, never interpreted."""
    escaped = _ACTIVE.sub(lambda m: _entity(m.group()), value.strip())
    escaped = _LEADING.sub(lambda m: m.group()[:-1] + _entity(m.group()[-1]), escaped)
    return re.sub(r"\s*\n\s*", "<br>", escaped)


def paragraphs(value: str) -> str:
    """Multi-paragraph record text as HTML paragraphs (blank lines separate them)."""
    parts = [p for p in re.split(r"\n[ \t]*\n", value.strip(_ASCII_SPACE)) if p.strip()]
    return "\n\n".join(f"<p>{html.escape(p.strip(_ASCII_SPACE)).replace(chr(10), '<br>')}</p>" for p in parts)


def link(label: str, target: str, current: str) -> str:
    """A relative Markdown link from the page at `current` to `target` (paths under docs/)."""
    path, _, anchor = target.partition("#")
    return f"[{text(label)}]({relative_path(path, posixpath.dirname(current) or '.')}{'#' + anchor if anchor else ''})"


@functools.lru_cache(maxsize=65536)
def relative_path(path: str, folder: str) -> str:
    """The same few hundred page paths are linked from thousands of places: worked out once each."""
    return posixpath.relpath(path, folder)


def heading(level: int, title: str, anchor: str | None = None, mark: str = "") -> str:
    """A heading with an explicit, stable anchor (which must end the line) and an optional mark."""
    suffix = f" {{#{anchor}}}" if anchor else ""
    return f"{'#' * level} {text(title)}{mark}{suffix}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def bullet_list(entries: list[str]) -> str:
    """A Markdown list; entries must already be escaped."""
    return "\n".join(f"- {entry}" for entry in entries)
