"""The default site beside the archive at the size it will reach: thirty years of records.

Builds both into a temporary folder (the thirty years are the fictitious test record of
scripts/multiyear.py), then measures side by side and prints one table with the ratios:
records, pages, build times, the largest page, offline search from the unpacked archive
(opening the page to the first result, both sites taking turns so that the machine's load
falls on both alike), search quality, archive size and verification time, and the editor loop
(a saved record to the updated preview, through `annals edit` and by hand under `annals serve`).

    python scripts/benchmark.py [--years 30] [--runs 9] [--details] [--keep]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import multiyear  # noqa: E402
from benchmark_editor import editor_loop, serve_loop  # noqa: E402
from browser import chromium, serve_folder, type_like_ime  # noqa: E402
from conftest import copy_project  # noqa: E402
from search_eval import WATCH_RESULTS, SectionReader, evaluate, load_queries, open_search, report, scores  # noqa: E402

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SEARCH = "input.md-search__input"
TIMEOUT_MS = 120_000
# Typed as soon as the archive's home page shows, in turn: a programme, an everyday word, a figure's subject.
OFFLINE_QUERIES = ("春蕾计划", "小额贷款", "维权站")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Measured:
    """What one project measured."""

    label: str
    root: Path
    records: int = 0
    pages: int = 0
    site_seconds: float = 0.0
    archive_seconds: float = 0.0
    largest_kb: float = 0.0
    largest_page: str = ""
    index_kb: float = 0.0
    archive_mb: float = 0.0
    verify_seconds: float = 0.0
    offline_ms: list[float] = field(default_factory=list)
    queries: int = 0
    first: int = 0
    top: int = 0
    editor_loop_seconds: float | None = None
    serve_loop_seconds: float | None = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="默认站点与 30 年测试记录并排测量：构建、页面、离线搜索、搜索得分、存档")
    parser.add_argument("--years", type=int, default=30, help="测试记录的年数（默认 30）")
    parser.add_argument("--runs", type=int, default=9, help="离线搜索每个站点测量的次数（默认 9，取中位数）")
    parser.add_argument("--details", action="store_true", help="逐条列出每个查询的搜索结果")
    parser.add_argument("--keep", action="store_true", help="保留临时文件夹，便于查看")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="annals-benchmark-"))
    try:
        default = Measured("默认站点", copy_project(work / "default"))
        multiyear.generate(work / "years", years=args.years)
        years = Measured(f"{args.years} 年记录", work / "years")
        for project in (default, years):
            build(project)
            print(f"{project.label}：编辑器和预览，从保存到页面更新……", flush=True)
            project.editor_loop_seconds = editor_loop(project.root)
            project.serve_loop_seconds = serve_loop(project.root)
        print("离线搜索：两个存档轮流打开……", flush=True)
        time_offline_search([default, years], args.runs)
        for project in (default, years):
            print(f"{project.label}：在浏览器中评测搜索得分……", flush=True)
            search_quality(project, args.details)
        print_table(default, years)
    finally:
        if args.keep:
            print(f"临时文件夹：{work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


# ---------------------------------------------------------------- build, pages, archive


def annals(root: Path, *command: str) -> float:
    """Seconds one `annals` command takes in a fresh process."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "annals", "--root", str(root), *command],
                   check=True, stdout=subprocess.DEVNULL, env=ENV)
    return time.monotonic() - started


def build(project: Measured) -> None:
    """Site, archive and verification, each timed on its own; pages and sizes counted."""
    print(f"{project.label}：构建网站和存档……", flush=True)
    root = project.root
    project.records = len(list((root / "records").rglob("*.yml")))
    project.site_seconds = annals(root, "build")
    project.archive_seconds = annals(root, "archive")
    pages = {p.relative_to(root / "site").as_posix(): p.stat().st_size for p in (root / "site").rglob("*.html")}
    project.pages = len(pages)
    project.largest_page = max(pages, key=pages.get)
    project.largest_kb = pages[project.largest_page] / 1024
    project.index_kb = (root / "site/search/search_index.json").stat().st_size / 1024
    (archive,) = (root / "dist").glob("*.zip")
    project.archive_mb = archive.stat().st_size / 1024 / 1024
    project.verify_seconds = annals(root, "verify", str(archive))
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(root / "unzipped")


# ---------------------------------------------------------------- offline search


def time_offline_search(projects: list[Measured], runs: int) -> None:
    """Opening the archive's home page from file:// to the first search result, the sites in turn."""
    tops = {p.label: next((p.root / "unzipped").iterdir()) / "data" / "index.html" for p in projects}
    with chromium() as browser:
        for run in range(runs):
            query = OFFLINE_QUERIES[run % len(OFFLINE_QUERIES)]
            for project in projects if run % 2 == 0 else list(reversed(projects)):
                project.offline_ms.append(open_to_first_result(browser, tops[project.label], query))


def open_to_first_result(browser, page_file: Path, query: str) -> float:
    """Milliseconds from the start of opening the page to the first result of a query typed at once."""
    context = browser.new_context(offline=True, **PHONE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(page_file.as_uri(), wait_until="domcontentloaded")
    page.locator("label.md-header__button[for=__search]").click()
    page.evaluate(WATCH_RESULTS)
    type_like_ime(page, SEARCH, query)
    page.wait_for_function("() => window.annalsFirstAt != null", polling=10)
    first = page.evaluate("() => window.annalsFirstAt")  # performance.now(): since the page began to load
    context.close()
    return first


# ---------------------------------------------------------------- search quality


def search_quality(project: Measured, details: bool) -> None:
    """Every query of tests/search_queries.yml on the served site, scored as the browser suite scores it."""
    queries = load_queries()
    with chromium() as browser, serve_folder(project.root / "site") as base:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(base, wait_until="domcontentloaded")
        open_search(page)
        reader = SectionReader(browser, base)
        outcomes = evaluate(page, reader, queries)
        reader.close()
        context.close()
    total = scores(outcomes)
    project.queries, project.first, project.top = total.queries, total.first, total.top
    if details:
        print(report(outcomes))


# ---------------------------------------------------------------- report


@dataclass(frozen=True)
class Row:
    label: str
    value: Callable[[Measured], float | None]
    shown: str  # format of a value
    ratio: bool = True


ROWS = (
    Row("记录文件数", lambda m: m.records, "{:,.0f}"),
    Row("网站页面数", lambda m: m.pages, "{:,.0f}"),
    Row("构建网站（秒）", lambda m: m.site_seconds, "{:.1f}"),
    Row("构建离线存档（秒）", lambda m: m.archive_seconds, "{:.1f}"),
    Row("最大页面 HTML（KB）", lambda m: m.largest_kb, "{:,.0f}"),
    Row("搜索索引（KB）", lambda m: m.index_kb, "{:,.0f}"),
    Row("离线：打开页面到首个搜索结果，中位数（毫秒）", lambda m: statistics.median(m.offline_ms), "{:,.0f}"),
    Row("第一个结果含答案（%）", lambda m: share(m.first, m.queries), "{:.1f}", ratio=False),
    Row("前五个结果含答案（%）", lambda m: share(m.top, m.queries), "{:.1f}", ratio=False),
    Row("离线存档（MB）", lambda m: m.archive_mb, "{:.1f}"),
    Row("校验存档（秒）", lambda m: m.verify_seconds, "{:.1f}"),
    Row("编辑器：保存到预览页面更新，中位数（秒）", lambda m: m.editor_loop_seconds, "{:.2f}"),
    Row("预览：手工保存文件到页面更新，中位数（秒）", lambda m: m.serve_loop_seconds, "{:.2f}"),
)


def print_table(default: Measured, years: Measured) -> None:
    rows = [row for row in ROWS if row.value(default) is not None and row.value(years) is not None]
    width = max(display_width(r.label) for r in rows) + 2
    print()
    print(pad("", width) + pad(default.label, 12, right=True) + pad(years.label, 14, right=True) + pad("倍数", 9, right=True))
    for row in rows:
        small, large = row.value(default), row.value(years)
        ratio = f"{large / small:.2f}×" if row.ratio and small else "—"
        print(pad(row.label, width) + pad(row.shown.format(small), 12, right=True)
              + pad(row.shown.format(large), 14, right=True) + pad(ratio, 9, right=True))
    print(f"\n最大页面：默认站点 {default.largest_page}，{years.label} {years.largest_page}。")
    print(f"离线搜索：解压后的存档，从 file:// 打开首页，页面一出现就输入查询（{'、'.join(OFFLINE_QUERIES)}轮流），"
          f"到结果列表出现第一项；手机尺寸视口，Debian Chromium 无头模式，两个存档轮流各测 {len(default.offline_ms)} 次。")
    print("搜索得分：tests/search_queries.yml 的查询，在本机网站上逐条输入；“含答案”指结果链接到的那一节显示了查询记下的事实"
          "（这些事实都出自 2011 年，多年记录里同名的工作会排到它前面）。")


def share(part: int, whole: int) -> float:
    return 100 * part / whole if whole else float("nan")


def display_width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill


if __name__ == "__main__":
    sys.exit(main())
