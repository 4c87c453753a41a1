"""A fictitious multi-year record for measuring: the archive at the size it will reach.

Copies the project (records, hand-written pages, templates, settings) into a folder, keeps
the real 2011 records as the first year with their catalogue, and adds further years derived
from 2011 with a fixed seed: about five themes and thirty items a year; indicators that carry
on with gaps, approximate values (余/多/以上) and amounts written now in 万元, now in 元;
honors every year; programmes that start and stop. Same arguments, same bytes.

Every generated file says in its first line that it is fictitious test data. It is never
written into the project's own records/.

    python scripts/multiyear.py DEST [--years 30] [--seed 2011]
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from annals.build import is_generated

ROOT = Path(__file__).resolve().parent.parent
FIRST_YEAR = 2011
DEFAULT_SEED = 2011
MARK = "# 测试数据（虚构）：由 scripts/multiyear.py 生成，只用于测量，不是真实记录"
TEST_NOTE = "虚构的测试数据，由 scripts/multiyear.py 生成，用于测量多年记录下网站和存档的规模与速度；不是真实的年鉴条目。"
PROJECT_FILES = ("mkdocs.yml", "mkdocs.offline.yml", "package.json", "package-lock.json")
APPROXIMATIONS = ("余", "多", "以上")
GAP_CHANCE = 0.1
APPROXIMATE_CHANCE = 0.15
ITEM_DROP_CHANCE = 0.08
PERIOD_NAMES = {12: "十二五", 13: "十三五", 14: "十四五", 15: "十五五", 16: "十六五", 17: "十七五", 18: "十八五", 19: "十九五"}

# Fictitious programmes that start (and some stop) in later years, each with one indicator.
# (id, name, kind, lead, indicator unit, indicator name, label, start offset, years running or None, base value)
NEW_PROGRAMMES = (
    ("family-education-stations", "家庭教育指导站", "服务平台", "children-dept", "处", "家庭教育指导站数", "新建家庭教育指导站", 1, None, 40),
    ("women-e-commerce-training", "巾帼电商培训", "品牌活动", "development-dept", "人次", "电商培训人次", "参加电商培训的妇女", 3, 14, 1200),
    ("mothers-health-express", "母亲健康快车", "救助项目", "rights-dept", "人", "两癌筛查妇女人数", "接受两癌免费筛查的妇女", 5, None, 30000),
    ("left-behind-children-care", "留守儿童关爱服务站", "服务平台", "children-dept", "个", "留守儿童关爱服务站数", "建成留守儿童关爱服务站", 7, 12, 60),
    ("women-councils", "妇女议事会", "服务平台", "organization-publicity-dept", "个", "村（社区）妇女议事会数", "成立妇女议事会", 10, None, 300),
    ("most-beautiful-families", "最美家庭评选", "评选创建", "organization-publicity-dept", "户", "最美家庭户数", "评选出的最美家庭", 13, None, 500),
    ("women-startup-subsidy", "巾帼创业贴息", "救助项目", "development-dept", "元", "巾帼创业贴息资金", "发放的创业贴息资金", 16, 9, 350),
    ("anti-domestic-violence-shelters", "反家暴庇护站", "服务平台", "rights-dept", "件", "庇护救助案件数", "庇护站受理的求助", 20, None, 80),
)
NEW_THEME = ("family-and-children", "家庭和儿童", "围绕家庭建设和儿童关爱新开展的工作。")
# One-off events of a year (no indicator), two to four of them added to the 2011 themes each year.
ONE_OFF_ITEMS = (
    ("entrepreneurship-employment", "women-entrepreneurs-forum", "女企业家创新发展论坛", "举办女企业家创新发展论坛，交流创业经验。", "家", "参加论坛的企业"),
    ("entrepreneurship-employment", "handicraft-fair", "妇女手工艺品展销会", "组织妇女手工艺品展销会，帮助农村妇女增收。", "件", "展销的手工艺品"),
    ("civility-harmony", "march-8-commemoration", "纪念三八国际妇女节活动", "召开纪念三八国际妇女节大会，表彰先进典型。", "人", "参加纪念活动的妇女"),
    ("civility-harmony", "family-reading-month", "书香家庭阅读月", "开展书香家庭阅读月活动，推荐优秀读物。", "场", "举办的读书活动"),
    ("rights-protection", "law-publicity-week", "妇女儿童维权宣传周", "在全市集中开展维权宣传周活动，发放宣传资料、提供法律咨询。", "份", "发放的宣传资料"),
    ("rights-protection", "children-day-visits", "六一儿童节走访慰问", "六一儿童节前走访慰问困难儿童，送去学习用品。", "名", "走访慰问的困难儿童"),
    ("grassroots-and-integrity", "grassroots-cadre-training", "基层妇联干部培训班", "举办基层妇联干部培训班，提升履职能力。", "人次", "参加培训的妇联干部"),
)
PHRASES = ("联合有关部门", "深入基层调研", "召开现场推进会", "加强队伍建设", "完善工作制度", "扩大覆盖面",
           "提升服务水平", "总结推广经验", "开展督导检查", "加强宣传引导")


@dataclass
class Stats:
    """What was generated, for tests and the benchmark."""

    years: int = 0
    items: int = 0
    figures: int = 0
    honors: int = 0
    themes_per_year: dict[int, int] = field(default_factory=dict)
    items_per_year: dict[int, int] = field(default_factory=dict)
    honors_per_year: dict[int, int] = field(default_factory=dict)
    records: int = 0


class Number(str):
    """A value written into YAML as a plain number, exactly as formatted."""


def _represent_number(dumper: yaml.SafeDumper, value: Number):
    tag = "tag:yaml.org,2002:float" if "." in value else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, str(value), style="")


class Dumper(yaml.SafeDumper):
    pass


Dumper.add_representer(Number, _represent_number)


def generate(target_root: Path, years: int = 30, seed: int = DEFAULT_SEED) -> Stats:
    """Write a complete project copy with `years` years of records into target_root."""
    if years < 1:
        raise ValueError("years must be at least 1")
    rng = random.Random(seed)
    copy_project(target_root)
    records = target_root / "records"
    base = load(records / "work" / f"{FIRST_YEAR}.yml")
    indicators = {p.stem: load(p) for p in sorted((records / "indicators").glob("*.yml"))}
    programmes = sorted(p.stem for p in (records / "programmes").glob("*.yml"))
    honors = {p.stem: load(p) for p in sorted((records / "honors").glob("*.yml"))}
    last = FIRST_YEAR + years - 1

    stops = programme_stops(rng, programmes, last)
    new_programmes = write_new_programmes(records, rng, last)
    write_plans(records, last)
    levels = {ident: None for ident in indicators}
    stats = Stats(years=years)
    count_year(stats, FIRST_YEAR, base, len([h for h in honors.values() if int(h["year"]) == FIRST_YEAR]))
    for year in range(FIRST_YEAR + 1, last + 1):
        write_source(records, year)
        year_honors = write_honors(records, rng, honors, year)
        work = derive_year(rng, base, year, indicators, levels, stops, year_honors, new_programmes)
        dump(records / "work" / f"{year}.yml", work, "work")
        count_year(stats, year, work, len(year_honors))
    stats.records = len(list(records.rglob("*.yml")))
    (target_root / "测试数据说明.txt").write_text(
        f"{MARK}\n本文件夹是虚构的测试项目：{FIRST_YEAR} 年是真实记录，{FIRST_YEAR + 1}–{last} 年由程序按固定种子 {seed} 生成。\n",
        encoding="utf-8",
    )
    return stats


def count_year(stats: Stats, year: int, work: dict, honors: int) -> None:
    items = [item for theme in work["themes"] for item in theme["items"]]
    stats.themes_per_year[year] = len(work["themes"])
    stats.items_per_year[year] = len(items)
    stats.honors_per_year[year] = honors
    stats.items += len(items)
    stats.figures += sum(len(item.get("figures", [])) for item in items)
    stats.honors += honors


# ---------------------------------------------------------------- files


def copy_project(target: Path) -> None:
    """Records, hand-written pages, templates and settings of this project, as a build needs them.

    Not tests/conftest.py's copy_project: this one runs without the test packages, into a folder
    that may already exist, and refuses to write over records there.
    """

    def generated(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n.endswith(".md") and is_generated(Path(folder) / n)]

    target.mkdir(parents=True, exist_ok=True)
    if (target / "records").exists():
        raise FileExistsError(f"{target / 'records'} 已经存在；请指定一个新的文件夹")
    shutil.copytree(ROOT / "records", target / "records")
    shutil.copytree(ROOT / "docs", target / "docs", ignore=generated, dirs_exist_ok=True)
    shutil.copytree(ROOT / "overrides", target / "overrides", dirs_exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, target / name)
    if (ROOT / "node_modules").exists() and not (target / "node_modules").exists():
        (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data: dict, kind: str) -> None:
    text = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"{MARK}\n# yaml-language-server: $schema=../schema/{kind}.schema.json\n{text}", encoding="utf-8")


# ---------------------------------------------------------------- catalogue


def programme_stops(rng: random.Random, programmes: list[str], last: int) -> dict[str, int]:
    """Some of the 2011 programmes end: id -> last year with work under it."""
    stops = {}
    for ident in programmes:
        if rng.random() < 0.25:
            stops[ident] = rng.randint(FIRST_YEAR + 3, max(last - 2, FIRST_YEAR + 3))
    return stops


def write_new_programmes(records: Path, rng: random.Random, last: int) -> list[dict]:
    """Programmes started after 2011, their indicators; the ones within the years generated."""
    active = []
    for ident, name, kind, lead, unit, indicator, label, offset, running, value in NEW_PROGRAMMES:
        start = FIRST_YEAR + offset
        if start > last:
            continue
        stop = start + running - 1 if running else None
        summary = f"{start}年起开展的{name}工作" + (f"，{stop}年后不再单列。" if stop and stop < last else "。") + "（测试数据，虚构）"
        dump(records / "programmes" / f"{ident}.yml", {
            "name": name, "kind": kind, "lead": [lead], "started": Number(str(start)), "summary": summary,
            "source": f"yearbook-{start}",
        }, "programmes")
        dump(records / "indicators" / f"{ident}.yml", {
            "name": indicator, "unit": unit, "description": f"当年{label}的数量（测试数据，虚构）", "theme": NEW_THEME[1],
            "programme": ident, "department": lead, "source": f"yearbook-{start}",
        }, "indicators")
        active.append({"id": ident, "name": name, "lead": lead, "unit": unit, "label": label,
                       "start": start, "stop": stop, "value": Decimal(value)})
    return active


def write_plans(records: Path, last: int) -> None:
    """The five-year plans after the 12th, one pair per period reached."""
    for number in range(13, 20):
        start = 2016 + (number - 13) * 5
        if start > last:
            break
        period = PERIOD_NAMES[number]
        for ident, subject in (("women", "妇女"), ("children", "儿童")):
            dump(records / "plans" / f"{ident}-development-plan-{number}th.yml", {
                "title": f"济宁市{subject}发展“{period}”规划（测试数据）", "kind": "发展规划", "issuer": "济宁市人民政府",
                "issued": Number(str(start)), "period_start": Number(str(start)), "period_end": Number(str(start + 4)),
                "drafted_by": ["organization"], "summary": f"{start}—{start + 4}年全市{subject}发展五年规划（测试数据，虚构）。",
                "aliases": [f"{period}规划"], "source": f"yearbook-{start}",
            }, "plans")


def plan_for(ident: str, year: int) -> str | None:
    """The plan of the same family in force in year, or None for one-off documents."""
    match = re.fullmatch(r"(women|children)-development-plan-12th", ident)
    if not match:
        return None
    number = 12 + (year - FIRST_YEAR) // 5
    return f"{match.group(1)}-development-plan-{number}th"


def write_source(records: Path, year: int) -> None:
    dump(records / "sources" / f"yearbook-{year}.yml", {
        "title": f"济宁市妇女联合会（{year}年，测试数据）", "kind": "年鉴条目", "covers_year": Number(str(year)),
        "note": TEST_NOTE,
    }, "sources")


def honor_base(ident: str) -> str:
    return re.sub(r"-20\d\d$", "", ident)


def write_honors(records: Path, rng: random.Random, honors: dict[str, dict], year: int) -> dict[str, str]:
    """Eight to eleven honors of the year, varied from 2011's: base id -> id of this year's honor."""
    chosen = rng.sample(sorted(honors), rng.randint(8, len(honors)))
    result = {}
    for ident in sorted(chosen):
        honor = dict(honors[ident])
        new_id = f"{honor_base(ident)}-{year}"
        honor["title"] = replace_year(honor["title"], year)
        honor["year"] = Number(str(year))
        if "month" in honor:
            honor["month"] = Number(str(rng.randint(1, 12)))
        honor["status"] = rng.choice(["new", "retained"])
        honor["summary"] = f"{replace_year(honor.get('summary', honor['title']), year)}（测试数据，虚构）"
        honor["source"] = f"yearbook-{year}"
        dump(records / "honors" / f"{new_id}.yml", honor, "honors")
        result[honor_base(ident)] = new_id
    return result


def replace_year(text: str, year: int) -> str:
    return text.replace(str(FIRST_YEAR), str(year))


# ---------------------------------------------------------------- a year of work


def derive_year(rng: random.Random, base: dict, year: int, indicators: dict, levels: dict,
                stops: dict[str, int], year_honors: dict[str, str], new_programmes: list[dict]) -> dict:
    themes = []
    for theme in base["themes"]:
        items = []
        for item in theme["items"]:
            derived = derive_item(rng, item, year, indicators, levels, stops, year_honors)
            if derived is not None:
                items.append(derived)
        if items:
            themes.append({**{k: v for k, v in theme.items() if k != "items"}, "items": items})
    extra = rng.sample(ONE_OFF_ITEMS, rng.randint(2, 4))
    for theme in themes:
        theme["items"] += [one_off_item(rng, entry, year) for entry in ONE_OFF_ITEMS if entry in extra and entry[0] == theme["id"]]
    new_items = [new_programme_item(rng, programme, year, levels) for programme in new_programmes
                 if programme["start"] <= year and (programme["stop"] is None or year <= programme["stop"])]
    if new_items:
        ident, title, summary = NEW_THEME
        themes.append({"id": ident, "title": title, "summary": summary, "items": new_items})
    return {
        "year": Number(str(year)),
        "source": f"yearbook-{year}",
        "title": f"{year}年工作",
        "summary": f"{year}年，市妇联围绕全市中心工作开展了以下各项工作（测试数据，虚构）。",
        "aliases": [f"{year}年度", "年度工作"],
        "themes": themes,
    }


def derive_item(rng: random.Random, item: dict, year: int, indicators: dict, levels: dict,
                stops: dict[str, int], year_honors: dict[str, str]) -> dict | None:
    programmes = item.get("programmes", [])
    if programmes and all(stops.get(p, 9999) < year for p in programmes):
        return None  # every programme it belongs to has ended
    if rng.random() < ITEM_DROP_CHANCE:
        return None  # not reported this year
    out = {}
    for key, value in item.items():
        if key in ("title", "summary"):
            out[key] = replace_year(value, year)
        elif key == "date":
            out[key] = Number(str(year)) if len(str(value)) == 4 else f"{year}{str(value)[4:]}"
        elif key == "aliases":
            out[key] = [replace_year(a, year) for a in value]
        elif key == "figures":
            out[key] = [f for f in (derive_figure(rng, fig, indicators, levels) for fig in value) if f]
        elif key == "programmes":
            out[key] = [p for p in value if stops.get(p, 9999) >= year]
        elif key == "plans":
            out[key] = [p for p in (plan_for(p, year) for p in value) if p]
        elif key == "honors":
            out[key] = [year_honors[honor_base(h)] for h in value if honor_base(h) in year_honors]
        else:
            out[key] = value
    if "summary" in out:
        out["summary"] = out["summary"].rstrip("。") + "，" + "、".join(rng.sample(PHRASES, 2)) + "。"
    return {k: v for k, v in out.items() if v != []}


def derive_figure(rng: random.Random, figure: dict, indicators: dict, levels: dict) -> dict | None:
    """The figure a year later: a gap (None), or a value walked on from the last one."""
    ident = figure.get("indicator")
    factor = Decimal(10_000) if figure.get("magnitude") == "万" or str(figure["unit"]).startswith("万") else Decimal(1)
    original = Decimal(str(figure["value"])) * factor
    percent = figure["unit"] == "%"
    if ident:
        if rng.random() < GAP_CHANCE:
            return None
        previous = levels.get(ident) or original
        value = walk(rng, previous, percent)
        levels[ident] = value
    else:
        value = walk(rng, original, percent, spread=0.3)
    decimals = decimals_of(figure["value"])
    out = {"label": figure["label"]}
    if ident:
        out["indicator"] = ident
    out.update(write_value(rng, value, base_unit(figure), decimals, percent))
    if "visibility" in figure:
        out["visibility"] = figure["visibility"]
    return out


def base_unit(figure: dict) -> str:
    unit = str(figure["unit"])
    return unit[1:] if len(unit) > 1 and unit[0] == "万" else unit


def walk(rng: random.Random, value: Decimal, percent: bool, spread: float = 0.15) -> Decimal:
    if percent:
        return min(Decimal(100), max(Decimal(50), value + Decimal(str(round(rng.uniform(-4, 4), 1)))))
    return max(Decimal(1), value * Decimal(str(round(rng.uniform(1 - spread, 1 + spread * 1.3), 3))))


def decimals_of(value) -> int:
    text = str(value)
    return len(text.split(".")[1]) if "." in text else 0


def write_value(rng: random.Random, value: Decimal, unit: str, decimals: int, percent: bool) -> dict:
    """Value, magnitude, unit and qualifier as an editor would type them."""
    approximate = not percent and rng.random() < APPROXIMATE_CHANCE
    if unit == "元":
        in_wan = value / Decimal(10_000)
        form = rng.choices(("magnitude", "unit", "yuan"), weights=(6, 2, 2))[0]
        if approximate:
            in_wan = round_to(in_wan, 0)
        if form == "yuan" and not approximate:
            out = {"value": number(value, 0), "unit": "元"}
        elif form == "unit":
            out = {"value": number(in_wan, max(decimals, 1)), "unit": "万元"}
        else:
            out = {"value": number(in_wan, max(decimals, 1)), "magnitude": "万", "unit": "元"}
    elif approximate:
        out = {"value": number(round_significant(value), 0), "unit": unit}
    else:
        out = {"value": number(value, 1 if percent else decimals), "unit": unit}
    if approximate:
        out["qualifier"] = rng.choice(APPROXIMATIONS)
    return out


def round_to(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def round_significant(value: Decimal) -> Decimal:
    """800 from 847, 1200 from 1234: how an approximate count is written."""
    digits = len(str(int(value)))
    step = Decimal(10) ** max(digits - 2, 0)
    return max(step, (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def number(value: Decimal, decimals: int) -> Number:
    text = format(round_to(value, decimals), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Number(text if text not in ("", "0") else "1")


def one_off_item(rng: random.Random, entry: tuple, year: int) -> dict:
    _, ident, title, summary, unit, label = entry
    return {
        "id": ident, "title": f"{year}年{title}", "summary": summary + "（测试数据，虚构）",
        "figures": [{"label": label, "value": Number(str(rng.randint(3, 60) * 10)), "unit": unit}],
    }


def new_programme_item(rng: random.Random, programme: dict, year: int, levels: dict) -> dict:
    ident = programme["id"]
    previous = levels.get(ident)
    item = {
        "id": ident,
        "title": f"{programme['name']}",
        "summary": f"推进{programme['name']}工作，" + "、".join(rng.sample(PHRASES, 2)) + "。（测试数据，虚构）",
        "departments": [programme["lead"]],
        "programmes": [ident],
    }
    if previous is not None and rng.random() < GAP_CHANCE:
        return item
    value = walk(rng, previous or programme["value"] * (Decimal(10_000) if programme["unit"] == "元" else 1), False)
    levels[ident] = value
    figure = {"label": programme["label"], "indicator": ident}
    figure.update(write_value(rng, value, programme["unit"], 1 if programme["unit"] == "元" else 0, False))
    item["figures"] = [figure]
    return item


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成虚构的多年测试记录（整份项目副本），用于测量网站和存档的规模与速度")
    parser.add_argument("dest", type=Path, help="新的文件夹，生成的项目副本写在这里")
    parser.add_argument("--years", type=int, default=30, help="年数（默认 30，从 2011 年起）")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子（默认 2011）；同样的种子得到同样的文件")
    args = parser.parse_args(argv)
    try:
        stats = generate(args.dest, args.years, args.seed)
    except (FileExistsError, ValueError) as error:
        print(f"无法生成：{error}", file=sys.stderr)
        return 2
    print(f"已生成 {stats.years} 年的测试记录：{stats.records} 个记录文件，{stats.items} 个工作事项，"
          f"{stats.figures} 个数字，{stats.honors} 项荣誉。")
    print(f"检查和构建：.venv/bin/annals --root {args.dest} build --archive")
    return 0


if __name__ == "__main__":
    sys.exit(main())
