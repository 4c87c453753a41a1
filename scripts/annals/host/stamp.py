"""The build's manifest: written into a site only when its build succeeded, checked before publishing.

A site folder without it, or whose files differ from it, did not come whole from a clean build.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

STAMP = ".annals-build.json"


@dataclass(frozen=True)
class Stamp:
    """What a clean build wrote: its audience and the digest of every file."""

    audience: str
    records_version: str
    files: dict[str, str]


def file_digests(folder: Path) -> dict[str, str]:
    """sha256 of every file of a site, by path, the manifest itself left out."""
    digests = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative != STAMP:
            digests[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def write_stamp(folder: Path, audience: str, records_version: str) -> None:
    """Record a finished build in its own output folder (same files, same bytes)."""
    body = {"audience": audience, "records_version": records_version, "files": file_digests(folder)}
    (folder / STAMP).write_text(json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_stamp(folder: Path) -> Stamp | None:
    """The manifest of a site folder, or None when there is none (or it is unreadable)."""
    try:
        body = json.loads((folder / STAMP).read_text(encoding="utf-8"))
        return Stamp(str(body["audience"]), str(body["records_version"]), dict(body["files"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def stamp_differences(folder: Path, stamp: Stamp) -> list[str]:
    """Files missing, added or changed since the build (Chinese, one line each)."""
    actual = file_digests(folder)
    missing = sorted(set(stamp.files) - set(actual))
    added = sorted(set(actual) - set(stamp.files))
    changed = sorted(name for name in set(actual) & set(stamp.files) if actual[name] != stamp.files[name])
    return [f"缺少 {name}" for name in missing] + [f"多出 {name}" for name in added] + [f"被改动 {name}" for name in changed]
