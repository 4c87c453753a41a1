"""Stage 3, the bag: the site folder becomes a BagIt bag (RFC 8493) with SHA-256 manifests."""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from .facts import Facts

ALGORITHM = "sha256"
PAYLOAD_MANIFEST = f"manifest-{ALGORITHM}.txt"
TAG_MANIFEST = f"tagmanifest-{ALGORITHM}.txt"
REQUIRED_TAG_FILES = ("bagit.txt", "bag-info.txt", PAYLOAD_MANIFEST, TAG_MANIFEST)


def make_bag(folder: Path, facts: Facts) -> None:
    """Move the site into data/ and write bagit.txt, bag-info.txt and the payload manifest."""
    import bagit

    logging.getLogger("bagit").setLevel(logging.WARNING)
    bagit.make_bag(str(folder), bag_info=bag_info(facts), checksums=[ALGORITHM])


def bag_info(facts: Facts) -> dict[str, str]:
    """bag-info.txt fields; Bagging-Date is the records' date, never the day of the build.

    RFC 8493 calls Bagging-Date the day the content was prepared for transfer. The content
    of this bag is a function of the records alone and is ready as soon as they are; any
    later rebuild yields the same bytes, so their date is the one true, reproducible answer.
    """
    return {
        "Source-Organization": facts.organization,
        "External-Description": f"{facts.site_name}离线存档：机构、规划、荣誉和历年工作记录的网页，可离线浏览和搜索",
        "External-Identifier": facts.stem,
        "Bagging-Date": facts.date.isoformat(),
        "Records-Version": facts.version,
    }


def write_tag_manifest(folder: Path) -> None:
    """List every file outside data/ with its SHA-256, sorted (bagit lists them in directory order)."""
    tag_files = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).parts[0] != "data" and not p.name.startswith("tagmanifest-")
    )
    lines = [f"{file_digest(folder / name)}  {name}\n" for name in tag_files]
    (folder / TAG_MANIFEST).write_text("".join(lines), "utf-8")


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, ALGORITHM).hexdigest()
