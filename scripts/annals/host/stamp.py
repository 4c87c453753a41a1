"""The build's manifest: written beside a site only when its build succeeded, checked before publishing.

A site folder without it, or whose files differ from it, did not come whole from a clean build.
Beside the output (site/ -> .site.annals-build.json), so the output stays exactly what the engine
wrote; a published version carries a copy inside it, which the server never serves (a dot file).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..files import write_if_changed

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


def beside(folder: Path) -> Path:
    """Where the build writes the manifest of an output folder."""
    return folder.parent / f".{folder.name}.annals-build.json"


def clear_stamp(folder: Path) -> None:
    """Before an output is replaced: no manifest may describe a folder it does not match."""
    beside(folder).unlink(missing_ok=True)


def stamp_text(audience: str, records_version: str, files: dict[str, str]) -> str:
    body = {"audience": audience, "records_version": records_version, "files": files}
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_stamp(folder: Path, audience: str, records_version: str) -> None:
    """Record a finished build beside its output folder (same files, same bytes)."""
    write_if_changed(beside(folder), stamp_text(audience, records_version, file_digests(folder)).encode("utf-8"))


def copy_stamp_into(stamp: Stamp, release: Path) -> None:
    """A published version keeps its manifest inside it."""
    (release / STAMP).write_text(stamp_text(stamp.audience, stamp.records_version, stamp.files), encoding="utf-8")


def read_stamp(folder: Path) -> Stamp | None:
    """The manifest of a site folder (inside a published version, else beside a build), or None."""
    for path in (folder / STAMP, beside(folder)):
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            return Stamp(str(body["audience"]), str(body["records_version"]), dict(body["files"]))
        except FileNotFoundError:
            continue
        except (OSError, ValueError, KeyError, TypeError):
            return None
    return None


def stamp_differences(folder: Path, stamp: Stamp) -> list[str]:
    """Files missing, added or changed since the build (Chinese, one line each)."""
    actual = file_digests(folder)
    missing = sorted(set(stamp.files) - set(actual))
    added = sorted(set(actual) - set(stamp.files))
    changed = sorted(name for name in set(actual) & set(stamp.files) if actual[name] != stamp.files[name])
    return [f"缺少 {name}" for name in missing] + [f"多出 {name}" for name in added] + [f"被改动 {name}" for name in changed]
