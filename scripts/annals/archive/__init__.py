"""The offline archive: the site for file://, bagged (BagIt, SHA-256) and packed as a reproducible zip.

One module per stage, in the order build_archive runs them: offline (build the site),
network (nothing loads from the network), bag, readme (the 说明 pages), pack (the zip);
verify reads a zip back.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from ..build import checked_catalog, display
from ..model import Catalog
from .bag import file_digest, make_bag, write_tag_manifest
from .facts import archive_facts
from .network import require_local
from .offline import build_offline_site, offline_setup
from .pack import write_zip
from .readme import write_readme
from .verify import verify_archive

__all__ = ["build_archive", "verify_archive"]


def build_archive(root: Path, catalog: Catalog | None = None) -> Path:
    """Build the offline site (of a checked catalog, or checking the records), bag it and pack it into dist/."""
    started = time.monotonic()
    setup = offline_setup(root)
    catalog = catalog or checked_catalog(root)
    facts = archive_facts(root, setup.settings, catalog)
    print(f"正在构建离线网站（记录版本 {facts.version}，记录日期 {facts.date.isoformat()}）……", flush=True)
    with tempfile.TemporaryDirectory(prefix="annals-archive-") as work:
        folder = Path(work) / facts.stem
        build_offline_site(root, setup, catalog, folder)
        require_local(folder)
        pages = len(list(folder.rglob("*.html")))
        print(f"离线网站已生成：{pages} 个页面，没有引用任何网络资源。正在生成校验清单并打包……", flush=True)
        make_bag(folder, facts)
        write_readme(folder, facts, pages)
        write_tag_manifest(folder)
        files = len([p for p in folder.rglob("*") if p.is_file()])
        archive = write_zip(folder, root / "dist" / f"{facts.stem}.zip", facts.stamp)
    size = archive.stat().st_size
    print(f"存档已生成：{display(archive, root)}（{files} 个文件，{size / 1e6:.1f} MB，用时 {time.monotonic() - started:.1f} 秒）")
    print(f"整个存档的 SHA-256：{file_digest(archive)}（建议另行登记，日后可核对整个文件）")
    return archive
