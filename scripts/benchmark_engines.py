"""The two site engines side by side: build times, search scores and page sizes.

Builds the default site and a synthetic site with more records (the records of
scripts/benchmark.py) with MkDocs + Material and with Zensical, types the project's
search queries into each build in Chromium, and prints one table.

    python scripts/benchmark_engines.py [--records 1000] [--keep]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark import display_width, pad  # noqa: E402
from synthetic import add_synthetic_records  # noqa: E402
from browser import chromium, serve_folder  # noqa: E402
from conftest import copy_project  # noqa: E402
from engine_build import ENGINES, build_with  # noqa: E402
from engine_search import QUERIES, run_queries, score  # noqa: E402

from annals.engines import run_zensical  # noqa: E402

CONFIG = Path("annals-public.yml")  # written by annals build
TIMEOUT_MS = 300_000
ENGINE_NAMES = {"material": "Material", "zensical": "Zensical"}


@dataclass
class Figures:
    """What one engine measured on one site."""

    pages: int = 0
    build_seconds: float = 0.0
    build_cpu: float = 0.0
    engine_seconds: float = 0.0
    engine_cpu: float = 0.0
    site_mb: float = 0.0
    page_kb: list[float] = field(default_factory=list)
    largest: str = ""
    found: int = 0
    literal_found: int = 0
    queries: int = 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="两个网站引擎对比：构建用时、搜索得分和页面大小（默认站点与合成的大站点）")
    parser.add_argument("--records", type=int, default=1000, help="合成站点新增的记录数（默认 1000）")
    parser.add_argument("--keep", action="store_true", help="保留临时文件夹，便于查看")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="annals-engines-"))
    try:
        default = measure_site("默认站点", copy_project(work / "default"))
        large = copy_project(work / "large")
        add_synthetic_records(large, args.records)
        synthetic = measure_site(f"+{args.records} 条记录", large)
        print_table({"默认站点": default, f"+{args.records} 条记录": synthetic})
    finally:
        if args.keep:
            print(f"临时文件夹：{work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def measure_site(label: str, project: Path) -> dict[str, Figures]:
    """Build the project with each engine and search each build."""
    figures = {}
    for engine in ENGINES:
        print(f"{label}：{ENGINE_NAMES[engine]} 构建中……", flush=True)
        figures[engine] = measure_build(project, engine)
        print(f"{label}：{ENGINE_NAMES[engine]} 搜索中……", flush=True)
        measure_search(project / f"site-{engine}", engine, figures[engine])
    return figures


def measure_build(project: Path, engine: str) -> Figures:
    """The whole build (records to site), then the engine alone on the configuration on disk."""
    figures = Figures()
    started, cpu = time.monotonic(), cpu_seconds()
    code, output = build_with(project, engine)
    figures.build_seconds, figures.build_cpu = time.monotonic() - started, cpu_seconds() - cpu
    if code != 0:
        raise SystemExit(f"{ENGINE_NAMES[engine]} 构建失败：\n{output}")
    site = project / f"site-{engine}"
    shutil.rmtree(site, ignore_errors=True)
    (project / "site").rename(site)
    again = project / f".engine-again-{engine}"
    started, cpu = time.monotonic(), cpu_seconds()
    engine_only(project, engine, again)
    figures.engine_seconds, figures.engine_cpu = time.monotonic() - started, cpu_seconds() - cpu
    shutil.rmtree(again, ignore_errors=True)
    page_sizes(site, figures)
    return figures


def cpu_seconds() -> float:
    """Processor time used so far by this process and its finished child processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def engine_only(project: Path, engine: str, site_dir: Path) -> None:
    """Run one engine on the configuration file, as `mkdocs build -f` or `zensical build -f` would."""
    if engine == "zensical":
        run_zensical(project / CONFIG, site_dir)
        return
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(CONFIG), "-d", str(site_dir)],
        cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build -f {CONFIG} 失败：\n{result.stdout}{result.stderr}")


def page_sizes(site: Path, figures: Figures) -> None:
    """Page count and sizes of the HTML pages, the largest one named, and the whole site."""
    pages = {p: p.stat().st_size / 1024 for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts}
    figures.pages = len(pages)
    figures.page_kb = sorted(pages.values())
    biggest = max(pages, key=pages.get)
    figures.largest = biggest.relative_to(site).as_posix()
    figures.site_mb = sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 1024 / 1024


def measure_search(site: Path, engine: str, figures: Figures) -> None:
    """The project's queries typed into the engine's search on a phone."""
    with chromium() as browser, serve_folder(site) as base:
        outcomes, _ = run_queries(browser, base, engine, QUERIES, timeout_ms=TIMEOUT_MS)
    figures.found, figures.queries = score(outcomes)
    figures.literal_found = sum(o.found for o in outcomes if o.query["match"] == "literal")


def print_table(sites: dict[str, dict[str, Figures]]) -> None:
    columns = [(site, engine) for site in sites for engine in ENGINES]
    literal = sum(q["match"] == "literal" for q in QUERIES)
    rows = [
        ("网站页面数", lambda f: f"{f.pages:,}"),
        ("annals build 全程（秒）", lambda f: f"{f.build_seconds:.1f}"),
        ("annals build 全程，处理器时间（秒）", lambda f: f"{f.build_cpu:.1f}"),
        ("仅引擎，按磁盘上的配置再建一次（秒）", lambda f: f"{f.engine_seconds:.1f}"),
        ("仅引擎，处理器时间（秒）", lambda f: f"{f.engine_cpu:.1f}"),
        ("整个网站（MB）", lambda f: f"{f.site_mb:.1f}"),
        ("页面 HTML 中位数（KB）", lambda f: f"{statistics.median(f.page_kb):.0f}"),
        ("页面 HTML 最大（KB）", lambda f: f"{f.page_kb[-1]:.0f}"),
        (f"搜索得分（共 {len(QUERIES)} 个查询）", lambda f: f"{f.found}"),
        (f"其中字面查询（共 {literal} 个）", lambda f: f"{f.literal_found}"),
    ]
    width = max(display_width(label) for label, _ in rows) + 2
    print()
    print(pad("", width) + "".join(pad(f"{site} {ENGINE_NAMES[engine]}", 24, right=True) for site, engine in columns))
    for label, show in rows:
        print(pad(label, width) + "".join(pad(show(sites[site][engine]), 24, right=True) for site, engine in columns))
    print()
    for site, engine in columns:
        print(f"最大页面（{site}，{ENGINE_NAMES[engine]}）：{sites[site][engine].largest}")
    print("\n说明：搜索得分 = 目标页面出现在前 5 个结果中的查询数（tests/search_queries.yml，手机尺寸视口，Debian Chromium 无头模式）。")
    print("“全程”含检查记录和生成页面；Zensical 的“仅引擎”一次使用它自己的缓存（项目的 .cache/ 下）。")
    print("处理器时间 = 本进程和子进程的用户态 + 内核态时间之和；机器繁忙时它比经过的时间更能说明两个引擎的差别。")


if __name__ == "__main__":
    sys.exit(main())
