"""What names and describes one archive: organisation, version and date, all from the records."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from ..build import catalog_for
from ..release import records_date, records_version
from ..model import Catalog
from .pack import entry_time


@dataclass(frozen=True)
class Facts:
    """What names and describes one archive; everything comes from the records."""

    organization: str
    site_name: str
    version: str
    date: datetime.date

    @property
    def stem(self) -> str:
        """The zip's name without .zip, also its top folder."""
        return f"{safe_name(self.organization)}-离线存档-{self.date.isoformat()}"

    @property
    def stamp(self) -> tuple[int, int, int, int, int, int]:
        """The time every zip entry carries: midnight of the records' date."""
        return entry_time(self.date)


def safe_name(text: str) -> str:
    """A file name part that every common file system accepts."""
    return re.sub(r'[\s\\/:*?"<>|]+', "-", text).strip("-.") or "archive"


def archive_facts(root: Path, settings: dict, catalog: Catalog) -> Facts:
    """The archive's name, version and date, all derived from the records."""
    visible = catalog_for(catalog, "public")
    organization = visible.organization.name
    return Facts(
        organization=organization,
        site_name=str(settings.get("site_name") or organization),
        version=records_version(root),
        date=records_date(root, visible).date(),
    )
