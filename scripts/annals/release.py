"""Which records a build was made from: their version (a digest) and their date (the last commit)."""
from __future__ import annotations

import datetime
import hashlib
import subprocess
from pathlib import Path

from .model import Catalog


def records_version(root: Path) -> str:
    """A digest of every record file's path and bytes: same records, same version."""
    digest = hashlib.sha256()
    for file in sorted((root / "records").rglob("*.yml")):
        digest.update(file.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def records_date(root: Path, catalog: Catalog) -> datetime.datetime:
    """The records' date: their last commit if under git, else the end of the latest year.

    Uncommitted edits keep the date of the last commit: the records version tells them apart.
    """
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "records"],
            cwd=root, capture_output=True, text=True, check=True, timeout=20,
        ).stdout.strip()
        if stamp:
            return datetime.datetime.fromtimestamp(int(stamp), datetime.timezone.utc)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    years = [y.model.year for y in catalog.years] or [2000]
    return datetime.datetime(max(years), 12, 31, tzinfo=datetime.timezone.utc)
