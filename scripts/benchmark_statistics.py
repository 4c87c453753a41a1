"""Figures as data at scale: build time, largest page and statistics pages against the number of figures.

Side by side in one run: the code before the statistics pages existed (a git checkout of BASE)
and today's, on the default records and with synthetic records added. The statistics pages
must grow with the number of figures, not faster.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import add_synthetic_records  # noqa: E402
from conftest import copy_project  # noqa: E402

BASE = "228b2c2"  # the last commit before indicators and the statistics section
INDICATORS = 50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="统计数据页面的规模测量：构建时间、最大页面、统计页大小与数字个数的关系")
    parser.add_argument("--sizes", default="0,500,1000", help="合成记录数，逗号分隔（默认 0,500,1000）")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="annals-benchmark-statistics-"))
    try:
        before = checkout(BASE, work / "before")
        rows = []
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append(("之前（无统计页）", size, measure(old_project(before.parent, work / f"old-{size}", size), before)))
            rows.append(("现在", size, measure(make_project(work / f"new-{size}", size, True), ROOT / "scripts")))
        print_table(rows)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / "before")], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def checkout(commit: str, target: Path) -> Path:
    """The package source of an earlier commit, for building the same records with it."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(target), commit], check=True, capture_output=True)
    return target / "scripts"


def old_project(checkout_root: Path, target: Path, size: int) -> Path:
    """The earlier commit's records, pages and settings, with size synthetic records."""
    for name in ("records", "docs", "overrides"):
        shutil.copytree(checkout_root / name, target / name)
    for name in ("mkdocs.yml", "mkdocs.offline.yml"):
        shutil.copy(checkout_root / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    if size:
        add_synthetic_records(target, size)
    return target


def make_project(target: Path, size: int, with_indicators: bool) -> Path:
    """A project copy with size synthetic records and, if asked, synthetic indicators."""
    project = copy_project(target)
    if size:
        add_synthetic_records(project, size)
        if with_indicators:
            add_synthetic_indicators(project)
    return project


def add_synthetic_indicators(project: Path) -> None:
    """INDICATORS indicators, each named by one money figure of the synthetic year."""
    rng = random.Random(2012)
    records = project / "records"
    year_file = records / "work" / "2012.yml"
    year = yaml.safe_load(year_file.read_text(encoding="utf-8"))
    items = [item for theme in year["themes"] for item in theme["items"]]
    for n, item in enumerate(rng.sample(items, min(INDICATORS, len(items)))):
        ident = f"synthetic-indicator-{n:03d}"
        (records / "indicators" / f"{ident}.yml").write_text(yaml.safe_dump({
            "name": f"合成指标（{n + 1}）", "unit": "元", "description": "测量用的合成指标", "theme": "合成主题",
        }, allow_unicode=True), encoding="utf-8")
        item["figures"][1]["indicator"] = ident
    year_file.write_text(yaml.safe_dump(year, allow_unicode=True, sort_keys=False), encoding="utf-8")


def measure(project: Path, source: Path) -> dict:
    """Build with the package at source; time it and size the pages."""
    env = {**os.environ, "PYTHONPATH": str(source), "NO_MKDOCS_2_WARNING": "1"}
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "annals", "--root", str(project), "build"], check=True, stdout=subprocess.DEVNULL, env=env)
    seconds = time.monotonic() - started
    site = project / "site"
    pages = sorted(site.rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    statistics = [p for p in pages if "statistics" in p.relative_to(site).parts]
    every = site / "statistics" / "figures" / "index.html"
    data = site / "data"
    return {
        "seconds": seconds,
        "pages": len(pages),
        "largest": (largest.relative_to(site).as_posix(), largest.stat().st_size),
        "statistics_bytes": sum(p.stat().st_size for p in statistics),
        "every_figure_bytes": every.stat().st_size if every.is_file() else 0,
        "data_bytes": sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) if data.is_dir() else 0,
        "figures": count_figures(project),
    }


def count_figures(project: Path) -> int:
    return sum(
        len(item.get("figures", []))
        for path in (project / "records" / "work").glob("*.yml")
        for theme in yaml.safe_load(path.read_text(encoding="utf-8"))["themes"]
        for item in theme["items"]
    )


def print_table(rows: list[tuple[str, int, dict]]) -> None:
    print()
    print("| 代码 | 合成记录 | 数字个数 | 页面数 | 构建（秒） | 最大页面 | 统计页合计 | 全部数字页 | 每个数字占全部数字页 | 下载文件合计 |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    for label, size, m in rows:
        name, largest = m["largest"]
        per_figure = f"{m['every_figure_bytes'] / m['figures']:.0f} B" if m["every_figure_bytes"] else "—"
        print(
            f"| {label} | {size} | {m['figures']} | {m['pages']} | {m['seconds']:.1f} | {name} {largest / 1024:.0f} KB "
            f"| {m['statistics_bytes'] / 1024:.0f} KB | {m['every_figure_bytes'] / 1024:.0f} KB | {per_figure} | {m['data_bytes'] / 1024:.0f} KB |"
        )


if __name__ == "__main__":
    sys.exit(main())
