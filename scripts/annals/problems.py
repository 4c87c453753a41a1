"""The problem type shared by every stage that reports on records."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that would move the cursor, recolour or hide text in a terminal.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the records, located as precisely as known."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {printable(self.field)}:" if self.field else ""
        return f"{printable(self.path)}:{self.line}:{field} {printable(self.message)}"


def printable(text: str) -> str:
    """Text safe to print: control and direction characters shown as escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}", text)


def quote(value: object, limit: int = 60) -> str:
    """Show a bad value to an editor, shortened if long."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "'" + printable(text.replace("\n", "\\n")) + "'"
