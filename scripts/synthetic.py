"""Synthetic records for measuring: many departments, programmes and honors, and one big year of work.

Used by scripts/benchmark_engines.py and scripts/benchmark_statistics.py to see how pages and
builds grow with the number of records; scripts/multiyear.py makes the realistic multi-year record.
"""
from __future__ import annotations

import random
from pathlib import Path

import yaml

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
