"""Stage 5, the zip: one top folder, sorted names, one fixed time and mode, stored; the same bytes on every machine."""
from __future__ import annotations

import datetime
import os
import zipfile
from pathlib import Path

FILE_MODE = 0o100644
UNIX = 3


def entry_time(day: datetime.date) -> tuple[int, int, int, int, int, int]:
    """The time every entry of an archive of this date carries: its midnight."""
    return (day.year, day.month, day.day, 0, 0, 0)


def write_zip(folder: Path, target: Path, stamp: tuple) -> Path:
    """Pack folder (as the zip's top folder) into target; the old target survives a failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    entries = [
        (f"{folder.name}/{p.relative_to(folder).as_posix()}", p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file()
    ]
    try:
        with open(temporary, "wb") as stream:
            pack(entries, stamp, stream)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def pack(entries: list[tuple[str, bytes]], stamp: tuple, stream) -> None:
    """Write a reproducible zip: sorted names, one fixed time and mode, stored, no extras."""
    # Stored rather than deflated: deflate output differs between zlib builds, stored
    # entries are the same bytes on every machine and readable by any unzip tool.
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_STORED) as archive:
        for name, data in sorted(entries, key=lambda entry: entry[0]):
            archive.writestr(entry_info(name, stamp), data)


def entry_info(name: str, stamp: tuple) -> zipfile.ZipInfo:
    """The header of one entry: nothing in it depends on the machine, the clock or the umask."""
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = UNIX
    info.external_attr = FILE_MODE << 16
    return info


def canonical_entry(info: zipfile.ZipInfo, stamp: tuple) -> bool:
    """True when an entry's header is exactly what pack() writes."""
    return (
        info.date_time == stamp
        and info.compress_type == zipfile.ZIP_STORED
        and info.create_system == UNIX
        and info.external_attr == FILE_MODE << 16
        and not info.extra
        and not info.comment
        and not info.is_dir()
    )
