"""Search and build figures: the default site next to a synthetic site of many records.

Builds both into a temporary folder, serves each on 127.0.0.1 and types queries into
Chromium's search box as a phone visitor does; prints one table with the ratios.

    python scripts/benchmark.py [--records 1000] [--keep]
"""
from __future__ import annotations

import argparse
import gzip
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, serve_folder, type_like_ime  # noqa: E402
from conftest import copy_project  # noqa: E402

from annals.config import dictionary_path  # noqa: E402
from search_eval import READY, WATCH_RESULTS, SectionReader, evaluate, load_queries, open_search, report, scores  # noqa: E402

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SEARCH = "input.md-search__input"
TIMEOUT_MS = 300_000

COUNTIES = ["任城区", "兖州区", "曲阜市", "邹城市", "微山县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "泗水县", "梁山县"]
TOWNS = ["城关", "王因", "唐口", "喻屯", "南张", "新驿", "小孟", "颜店", "尼山", "陵城", "石墙", "峄山", "韩庄",
         "马坡", "卜集", "鸡黍", "胡集", "羊山", "马集", "纸坊", "仲山", "郭仓", "杨柳", "苑庄", "次丘", "寅寺"]
UNIT_KINDS = [("妇联", "联系组织"), ("妇女儿童活动站", "直属事业单位"), ("妇女工作办公室", "内设部室"),
              ("巾帼服务中心", "直属事业单位"), ("妇女儿童维权站", "议事协调机构办事机构")]
THEMES = ["巾帼", "家政", "创业", "助学", "维权", "春蕾", "文明", "书香", "廉洁", "志愿", "就业", "关爱留守儿童",
          "母亲健康", "法律援助", "反家暴", "婚姻家庭", "女性素质", "农村妇女", "城市社区", "非遗手工"]
FORMS = [("工程", "工程项目"), ("行动", "品牌活动"), ("基地", "服务平台"), ("服务站", "服务平台"),
         ("评选", "评选创建"), ("救助金", "救助项目"), ("讲堂", "品牌活动"), ("示范点", "评选创建")]
HONORS = ["先进集体", "文明单位", "示范单位", "工作先进单位", "巾帼文明岗", "三八红旗集体", "优秀组织奖", "先进基层组织"]
LEVELS = ["national", "provincial", "municipal", "county"]
PHRASES = ["围绕全市中心工作", "组织妇女群众", "开展调查研究", "举办培训班", "发放宣传资料", "走访困难家庭",
           "建立工作台账", "推进基层阵地建设", "联合有关部门", "提供法律咨询", "帮助妇女就业创业", "关爱留守儿童",
           "评选表彰先进典型", "开展志愿服务", "召开现场推进会", "筹集救助资金", "提升服务水平", "加强队伍建设"]


@dataclass
class Figures:
    """What one site measured."""

    records: int = 0
    pages: int = 0
    words: int = 0
    build_seconds: float = 0.0
    index_bytes: int = 0
    index_gzip_bytes: int = 0
    ready_seconds: float = 0.0
    cold_seconds: float = 0.0
    warm_ms: list[float] = field(default_factory=list)
    queries: int = 0
    first: int = 0
    top: int = 0
    alias_previews: int = 0
    page_kb: list[float] = field(default_factory=list)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="搜索索引大小、搜索响应时间和构建时间：默认站点与合成的大站点对比")
    parser.add_argument("--records", type=int, default=1000, help="合成站点新增的记录数（默认 1000）")
    parser.add_argument("--keep", action="store_true", help="保留临时文件夹，便于查看")
    parser.add_argument("--details", action="store_true", help="逐条列出每个查询的结果")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="annals-benchmark-"))
    try:
        default = measure("默认站点", copy_project(work / "default"), args.details)
        large = copy_project(work / "large")
        add_synthetic_records(large, args.records)
        synthetic = measure(f"合成站点（+{args.records} 条记录）", large, args.details)
        print_table(default, synthetic, args.records)
    finally:
        if args.keep:
            print(f"临时文件夹：{work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


# ---------------------------------------------------------------- synthetic records


def add_synthetic_records(root: Path, count: int, seed: int = 2011) -> None:
    """count new records: departments, programmes, honors and one big year of work."""
    rng = random.Random(seed)
    records = root / "records"
    departments = count * 3 // 10
    programmes = count * 4 // 10
    honors = count - departments - programmes - 1
    units = [write_department(records, rng, i) for i in range(departments)]
    brands = [write_programme(records, rng, i, units) for i in range(programmes)]
    for i in range(honors):
        write_honor(records, rng, i, units)
    write_big_year(records, rng, units, brands, items=max(count // 2, 1))


def place(rng: random.Random) -> str:
    return rng.choice(COUNTIES) + rng.choice(TOWNS)


def summary(rng: random.Random, subject: str) -> str:
    return f"{subject}" + "，".join(rng.sample(PHRASES, 4)) + "。"


def dump(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_department(records: Path, rng: random.Random, i: int) -> str:
    ident = f"synthetic-unit-{i:04d}"
    suffix, kind = rng.choice(UNIT_KINDS)
    town = rng.choice(TOWNS)
    name = f"{rng.choice(COUNTIES)}{town}{suffix}（{i + 1}）"
    dump(records / "departments" / f"{ident}.yml", {
        "name": name, "kind": kind, "order": 100 + i, "staff_count": rng.randint(2, 30),
        "summary": summary(rng, name), "aliases": [town + suffix],
    })
    return ident


def write_programme(records: Path, rng: random.Random, i: int, units: list[str]) -> str:
    ident = f"synthetic-programme-{i:04d}"
    form, kind = rng.choice(FORMS)
    name = f"{place(rng)}{rng.choice(THEMES)}{form}（{i + 1}）"
    dump(records / "programmes" / f"{ident}.yml", {
        "name": name, "kind": kind, "lead": rng.sample(units, 2), "started": rng.randint(2005, 2012),
        "summary": summary(rng, name), "aliases": [rng.choice(THEMES) + form],
    })
    return ident


def write_honor(records: Path, rng: random.Random, i: int, units: list[str]) -> None:
    dump(records / "honors" / f"synthetic-honor-{i:04d}.yml", {
        "title": f"{rng.choice(COUNTIES)}{rng.choice(THEMES)}{rng.choice(HONORS)}（{i + 1}）",
        "level": rng.choice(LEVELS), "year": 2012, "month": rng.randint(1, 12),
        "recipient": rng.choice(units), "status": rng.choice(["new", "retained"]),
        "summary": summary(rng, "获奖单位"),
    })


def write_big_year(records: Path, rng: random.Random, units: list[str], brands: list[str], items: int) -> None:
    per_theme = 25
    themes = []
    for t in range(max(items // per_theme, 1)):
        theme = rng.choice(THEMES)
        themes.append({
            "id": f"theme-{t:03d}", "title": f"{theme}工作（{t + 1}）", "summary": summary(rng, theme),
            "items": [work_item(rng, t * per_theme + n, theme, units, brands) for n in range(per_theme)],
        })
    dump(records / "work" / "2012.yml", {
        "year": 2012, "title": "2012年工作", "summary": summary(rng, "2012年"), "themes": themes,
    })


def work_item(rng: random.Random, n: int, theme: str, units: list[str], brands: list[str]) -> dict:
    return {
        "id": f"item-{n:04d}",
        "title": f"{place(rng)}{theme}{rng.choice(FORMS)[0]}推进（{n + 1}）",
        "summary": summary(rng, "全年"),
        "figures": [
            {"label": f"{rng.choice(PHRASES)}的人数", "value": rng.randint(10, 5000), "unit": "人"},
            {"label": f"{rng.choice(PHRASES)}的资金", "value": rng.randint(1, 900), "magnitude": "万", "unit": "元"},
        ],
        "departments": rng.sample(units, 1),
        "programmes": rng.sample(brands, 1),
    }


# ---------------------------------------------------------------- measuring


def measure(label: str, root: Path, details: bool = False) -> Figures:
    """Build the project, then time its search in Chromium."""
    print(f"{label}：构建中……", flush=True)
    figures = Figures(records=len(list((root / "records").rglob("*.yml"))))
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "annals", "--root", str(root), "build"],
        check=True, stdout=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    figures.build_seconds = time.monotonic() - started
    site = root / "site"
    index = (site / "search" / "search_index.json").read_bytes()
    figures.index_bytes = len(index)
    figures.index_gzip_bytes = len(gzip.compress(index, 6))
    pages = sorted(site.rglob("index.html"))
    figures.pages = len(pages)
    figures.page_kb = [p.stat().st_size / 1024 for p in pages]
    figures.words = len((root / dictionary_path("public")).read_text(encoding="utf-8").splitlines())
    print(f"{label}：在浏览器中测量搜索……", flush=True)
    time_search(site, figures, details)
    return figures


def time_search(site: Path, figures: Figures, details: bool) -> None:
    """Index readiness, a query typed right after the page opens, and every query of the set."""
    queries = load_queries()
    with chromium() as browser, serve_folder(site) as base:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        started = time.monotonic()
        page.goto(base, wait_until="domcontentloaded")
        page.wait_for_function(READY, polling=20)
        figures.ready_seconds = time.monotonic() - started
        figures.cold_seconds = cold_query(browser, base, str(queries[0]["query"])) / 1000
        open_search(page)
        reader = SectionReader(browser, base)
        outcomes = evaluate(page, reader, queries)
        reader.close()
        context.close()
    figures.warm_ms = [o.first_ms for o in outcomes if o.first_ms is not None]
    total = scores(outcomes)
    figures.queries, figures.first, figures.top, figures.alias_previews = total.queries, total.first, total.top, total.alias_previews
    if details:
        print(report(outcomes))


def cold_query(browser, base: str, query: str) -> float:
    """Milliseconds from typing, as soon as the page shows, to the first result."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(base, wait_until="domcontentloaded")
    page.locator("label.md-header__button[for=__search]").click()
    page.evaluate(WATCH_RESULTS)
    type_like_ime(page, SEARCH, query)
    page.wait_for_function("() => window.annalsFirstAt != null", polling=10)
    first = page.evaluate("() => window.annalsFirstAt - window.annalsTypedAt")
    context.close()
    return first


# ---------------------------------------------------------------- report


def print_table(default: Figures, synthetic: Figures, added: int) -> None:
    rows = [
        ("记录数", default.records, synthetic.records, "{:,}"),
        ("网站页面数", default.pages, synthetic.pages, "{:,}"),
        ("jieba 用户词典词数", default.words, synthetic.words, "{:,}"),
        ("构建用时（秒）", default.build_seconds, synthetic.build_seconds, "{:.1f}"),
        ("页面 HTML 中位数（KB）", median(default.page_kb), median(synthetic.page_kb), "{:.0f}"),
        ("页面 HTML 最大（KB）", max(default.page_kb, default=0), max(synthetic.page_kb, default=0), "{:.0f}"),
        ("搜索索引（KB）", default.index_bytes / 1024, synthetic.index_bytes / 1024, "{:,.0f}"),
        ("搜索索引 gzip 压缩后（KB）", default.index_gzip_bytes / 1024, synthetic.index_gzip_bytes / 1024, "{:,.0f}"),
        ("打开页面到搜索就绪（秒）", default.ready_seconds, synthetic.ready_seconds, "{:.2f}"),
        ("打开页面即输入：到首个结果（秒）", default.cold_seconds, synthetic.cold_seconds, "{:.2f}"),
        ("就绪后输入：到首个结果，中位数（毫秒）", median(default.warm_ms), median(synthetic.warm_ms), "{:.0f}"),
        ("就绪后输入：到首个结果，最慢（毫秒）", max(default.warm_ms, default=0), max(synthetic.warm_ms, default=0), "{:.0f}"),
        ("有答案的查询数", default.queries, synthetic.queries, "{:,}"),
        ("第一个结果含答案（%）", share(default.first, default.queries), share(synthetic.first, synthetic.queries), "{:.1f}"),
        ("前五个结果含答案（%）", share(default.top, default.queries), share(synthetic.top, synthetic.queries), "{:.1f}"),
        ("预览含“别名”行的结果数", default.alias_previews, synthetic.alias_previews, "{:,}"),
    ]
    width = max(display_width(r[0]) for r in rows) + 2
    print()
    print(pad("", width) + pad("默认站点", 14, right=True) + pad(f"+{added} 条记录", 16, right=True) + pad("倍数", 10, right=True))
    for label, small, large, fmt in rows:
        ratio = f"{large / small:.1f}×" if small else "—"
        print(pad(label, width) + pad(fmt.format(small), 14, right=True) + pad(fmt.format(large), 16, right=True) + pad(ratio, 10, right=True))
    print("\n说明：手机尺寸视口，Debian Chromium 无头模式；“首个结果”指输入完成到结果列表出现至少一项；“含答案”指结果链接到的那一节显示了查询集里记下的事实。")


def share(part: int, whole: int) -> float:
    return 100 * part / whole if whole else float("nan")


def display_width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


if __name__ == "__main__":
    sys.exit(main())
