"""How well `annals draft` reads yearbook prose: figures, qualifiers, labels, honors, time.

Scores each entry of the draft corpus (../shared/draft-corpus/*.json, third-party texts
kept for measuring only) and the 2011 entry (../shared/seed/) against our own 2011
records; prints one row per entry and the totals.

    python scripts/benchmark_draft.py [--corpus DIR] [--seed FILE]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from annals.draft.clean import normalise_characters, squeeze_spaces  # noqa: E402
from annals.draft.link import Existing  # noqa: E402
from annals.draft.pipeline import draft_entry  # noqa: E402

CORPUS = ROOT.parent / "shared" / "draft-corpus"
SEED = ROOT.parent / "shared" / "seed"
MAGNITUDES = {"千": 1000, "万": 10**4, "亿": 10**8}
SAME_UNITS = {"名": "人"}
GOALS = {"figure_precision": 0.95, "figure_recall": 0.95, "honor_recall": 0.9, "seconds": 1.0}


@dataclass
class Truth:
    """What a hand-checked entry holds: figures as (total, unit, qualifier, label, fragment), honors as (title, level)."""

    figures: list[tuple[Decimal, str, str | None, str, str | None]]
    honors: list[tuple[str, str]]


@dataclass
class Score:
    """Counts for one entry (or the total)."""

    name: str
    drafted: int = 0
    truth: int = 0
    right: int = 0
    qualifier_right: int = 0
    label_right: int = 0
    fragments: int = 0
    in_place: int = 0
    honors: int = 0
    honors_drafted: int = 0
    honors_found: int = 0
    level_right: int = 0
    seconds: float = 0.0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name in ("drafted", "truth", "right", "fragments", "in_place", "qualifier_right", "label_right", "honors", "honors_drafted", "honors_found", "level_right", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def ratio(part: float, whole: float) -> float:
    """part/whole, 1.0 when there is nothing to find."""
    return part / whole if whole else 1.0


def in_sentence(fragment: str, sentence: str) -> bool:
    """The drafted figure comes from the sentence that holds the truth's fragment."""
    fragment, sentence = plain(squeeze_spaces(normalise_characters(fragment))), plain(sentence)
    return fragment in sentence or (len(sentence) > 4 and sentence in fragment)


def unit_base(unit: str) -> tuple[int, str]:
    """(magnitude factor, unit) of a truth unit such as 万元 or (场)次."""
    unit = re.sub(r"[（(][^）)]*[）)]", "", unit)
    factor = 1
    if unit[:1] in ("万", "亿") and len(unit) > 1:
        factor, unit = MAGNITUDES[unit[0]], unit[1:]
    return factor, SAME_UNITS.get(unit, unit)


def units_agree(drafted: str, truth: str) -> bool:
    """Same unit (人 and 名 are one; a truth unit 个单位 accepts 个)."""
    drafted = SAME_UNITS.get(drafted, drafted)
    return drafted == truth or (truth.startswith(drafted) and drafted in ("个", "户", "名", "人"))


def plain(text: str) -> str:
    """Text without quotes, brackets and spaces, for comparing titles and labels."""
    return re.sub(r"[\s“”‘’\"'《》「」（）()【】]", "", text or "")


def labels_agree(drafted: str | None, truth: str) -> bool:
    """The drafted label names the counted thing: it shares two characters in a row with the truth."""
    drafted, truth = plain(drafted), plain(truth)
    return any(drafted[i:i + 2] in truth for i in range(len(drafted) - 1))


def corpus_truth(entry: dict) -> Truth:
    """Figures and honors of a corpus entry."""
    figures = []
    for figure in entry["figures"]:
        factor, unit = unit_base(figure["unit"])
        quantity = Decimal(str(figure.get("value") if isinstance(figure.get("quantity"), str) else figure["quantity"]))
        figures.append((quantity * factor, unit, figure.get("qualifier"), figure.get("what", ""), figure.get("sentence_fragment")))
    honors = [(honor["title"], honor["level"]) for honor in entry["honors"]]
    return Truth(figures, honors)


def seed_truth() -> Truth:
    """Our own records of 2011: figures of the year and the organization, staff counts, honors of 2011.

    (Figures of plans repeat figures of the year's items, so they are not counted twice.)
    """
    figures = []
    records = ROOT / "records"

    def add(found: dict) -> None:
        total = Decimal(str(found["value"])) * MAGNITUDES.get(found.get("magnitude") or "", 1)
        figures.append((total, SAME_UNITS.get(found["unit"], found["unit"]), found.get("qualifier"), found["label"], None))

    work = yaml.safe_load((records / "work" / "2011.yml").read_text(encoding="utf-8"))
    for theme in work["themes"]:
        for item in theme["items"]:
            for found in item.get("figures", []):
                add(found)
    for found in yaml.safe_load((records / "organization.yml").read_text(encoding="utf-8")).get("figures", []):
        add(found)
    for file in sorted((records / "departments").glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if data.get("staff_count"):
            figures.append((Decimal(data["staff_count"]), "人", None, f"{data['name']}人员", None))
    honors = []
    for file in sorted((records / "honors").glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if str(data.get("year")) == "2011":
            honors.append((data["title"], data["level"]))
    return Truth(figures, honors)


def score(name: str, text: str, year: int | None, truth: Truth) -> Score:
    """Draft one entry and compare it with its truth."""
    started = time.perf_counter()
    draft = draft_entry(text, year, Existing())
    result = Score(name, seconds=time.perf_counter() - started)
    drafted = [(figure, figure.total, SAME_UNITS.get(figure.unit, figure.unit), item.sentence) for item in draft.items for figure in item.figures]
    drafted += [(None, Decimal(unit.staff_count), "人", "") for unit in draft.units if unit.staff_count]
    result.drafted, result.truth = len(drafted), len(truth.figures)
    unused = list(range(len(drafted)))
    for total, unit, qualifier, what, fragment in truth.figures:
        candidates = [i for i in unused if drafted[i][1] == total and units_agree(drafted[i][2], unit)]
        placed = [i for i in candidates if fragment and in_sentence(fragment, drafted[i][3])]
        match = (placed or candidates or [None])[0]
        if match is None:
            result.missed.append(f"{total}{unit}（{what}）")
            continue
        unused.remove(match)
        result.fragments += fragment is not None
        result.in_place += bool(placed)
        figure = drafted[match][0]
        result.right += 1
        result.qualifier_right += (figure.qualifier_written if figure else None) == qualifier or (figure is not None and figure.qualifier == qualifier)
        result.label_right += figure is None or labels_agree(figure.label, what)
    result.wrong = [f"{drafted[i][0].as_written or drafted[i][1]}{drafted[i][2]}" if drafted[i][0] else f"{drafted[i][1]}人" for i in unused]
    score_honors(result, draft.honors, truth.honors)
    return result


def score_honors(result: Score, drafted, truth: list[tuple[str, str]]) -> None:
    """Honor recall (titles containing one another) and level accuracy of those found."""
    result.honors, result.honors_drafted = len(truth), len(drafted)
    for title, level in truth:
        wanted = plain(re.sub(r"\s*\(.*\)$", "", title))
        found = next((h for h in drafted if plain(h.title) in wanted or wanted in plain(h.title)), None)
        if found is None:
            result.missed.append(f"荣誉：{title}")
            continue
        result.honors_found += 1
        result.level_right += found.level == level


def year_of(entry: dict) -> int | None:
    """The year an entry covers, as the editor would give it with --year."""
    match = re.match(r"\d{4}", str(entry.get("year_covered", "")))
    return int(match.group(0)) if match else None


def print_row(row: Score, width: int) -> None:
    """One line of the table."""
    matched = row.right or 1
    print(
        f"{row.name:<{width}}{row.drafted:>6}{row.truth:>6}{row.right:>6}"
        f"{ratio(row.right, row.drafted):>9.2f}{ratio(row.right, row.truth):>9.2f}"
        f"{row.qualifier_right / matched:>9.2f}{row.label_right / matched:>9.2f}"
        f"{row.honors_found:>5}/{row.honors:<4}{ratio(row.honors_found, row.honors):>7.2f}{ratio(row.level_right, row.honors_found):>8.2f}"
        f"{row.seconds * 1000:>9.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--details", action="store_true", help="list missed and wrong figures of each entry")
    args = parser.parse_args()
    started = time.perf_counter()
    draft_entry("2011年，市妇联举办培训班3期。", None, Existing())  # load the converters once, outside the timings
    first_load = time.perf_counter() - started
    rows = []
    if args.corpus.is_dir() and sorted(args.corpus.glob("*.json")):
        for file in sorted(args.corpus.glob("*.json")):
            entry = json.loads(file.read_text(encoding="utf-8"))
            rows.append(score(file.stem, entry["text"], year_of(entry), corpus_truth(entry)))
    else:
        print(f"没有找到评测语料文件夹 {args.corpus}（或其中没有 .json 文件）：只评测 2011 年条目。")
    corpus_total = Score("语料合计")
    for row in rows:
        corpus_total.add(row)
    seed_files = sorted(args.seed.glob("*.txt")) if args.seed.is_dir() else ([args.seed] if args.seed.is_file() else [])
    seed = score("2011条目", seed_files[0].read_text(encoding="utf-8"), None, seed_truth()) if seed_files else None
    if seed is None:
        print(f"没有找到 2011 年条目 {args.seed}：跳过与 records/ 的对比。")
    width = 10
    print(f"\n{'条目':<{width - 2}}{'起草':>5}{'标准':>4}{'正确':>4}{'数字精确率':>6}{'数字召回率':>4}{'修饰语':>6}{'统计内容':>5}{'荣誉找到':>7}{'召回率':>4}{'级别':>5}{'毫秒':>7}")
    for row in rows + ([corpus_total] if rows else []) + ([seed] if seed else []):
        print_row(row, width)
        if args.details and (row.missed or row.wrong):
            print(f"    漏掉：{'；'.join(row.missed) or '无'}\n    多出：{'；'.join(row.wrong) or '无'}")
    print_goals(corpus_total if rows else None, seed, len(rows))
    print(f"首次加载（繁简转换词典、拼音词典）另需 {first_load * 1000:.0f} 毫秒，每次运行 annals draft 只加载一次。")
    return 0


def print_goals(corpus: Score | None, seed: Score | None, entries: int) -> None:
    """The goals, met or not."""
    print("\n说明：数字按“数值×数量级、单位”一一对应计分（人与名视为同一单位）；修饰语和统计内容只在对上的数字中计算；"
          "荣誉按名称互相包含计为找到，级别只在找到的荣誉中计算；毫秒为每个条目起草所用时间（不含首次加载）。")
    for name, row, count in (("语料", corpus, entries), ("2011条目", seed, 1)):
        if row is None:
            continue
        per_entry = row.seconds / max(count, 1)
        checks = [
            ("数字精确率", ratio(row.right, row.drafted), GOALS["figure_precision"]),
            ("数字召回率", ratio(row.right, row.truth), GOALS["figure_recall"]),
            ("荣誉召回率", ratio(row.honors_found, row.honors), GOALS["honor_recall"]),
        ]
        shown = "，".join(f"{label} {value:.2f}（目标 ≥{goal}）{'达到' if value >= goal else '未达到'}" for label, value, goal in checks)
        placed = f"，对上的数字 {ratio(row.in_place, row.fragments):.2f} 出自标准答案所在的句子" if row.fragments else ""
        print(f"{name}：{shown}{placed}，起草荣誉 {row.honors_drafted} 项（标准 {row.honors} 项），每条 {per_entry * 1000:.0f} 毫秒（目标 <1000）{'达到' if per_entry < GOALS['seconds'] else '未达到'}")


if __name__ == "__main__":
    sys.exit(main())
