"""`annals draft`: draft records from a year's yearbook prose, for an editor to review."""
from __future__ import annotations

import os
from pathlib import Path

from .link import load_existing
from .pipeline import YearUnknown, draft_entry
from .read import Unreadable, read_input
from .summary import summary_lines
from .write import DraftRefused, write_drafts

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def run_draft(root: Path, source: str, year: int | None, out: Path, say=print, complain=print) -> int:
    """Read, draft, write and summarise; the exit status as the other commands use it."""
    try:
        entry = read_input(source)
    except Unreadable as problem:
        complain(f"无法读取：{problem}。没有写入任何文件。")
        return EXIT_DATA
    say(f"读取 {entry.shown_as}：{entry.encoding}，{len(entry.text)} 个字符。")
    try:
        draft = draft_entry(entry.text, year, load_existing(root), entry.encoding)
    except YearUnknown as unknown:
        years = "、".join(str(y) for y in unknown.candidates) or "没有"
        complain(f"用法错误：无法从文中确定这是哪一年的条目（文中出现的年份：{years}）；请用 --year 指定，例如 annals draft {source} --year {unknown.candidates[-1] if unknown.candidates else 2011}")
        return EXIT_USAGE
    if not draft.items:
        complain(f"无法读取：{entry.shown_as} 里没有可起草的正文句子。没有写入任何文件。")
        return EXIT_DATA
    try:
        written = write_drafts(draft, out, root / "records")
    except DraftRefused as refusal:
        complain(str(refusal))
        return EXIT_USAGE if refusal.usage else EXIT_DATA
    shown = [shown_path(path) for path in written]
    work_exists = (root / "records" / "work" / f"{draft.year}.yml").exists()
    for line in summary_lines(draft, shown, shown_path(out), work_exists):
        say(line)
    return EXIT_OK


def shown_path(path: Path) -> str:
    """A path relative to the current folder when it is inside it."""
    try:
        return Path(os.path.relpath(path.resolve())).as_posix()
    except ValueError:
        return path.as_posix()
