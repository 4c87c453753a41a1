"""The default records hold every fact and figure of the 2011 yearbook entry."""
from __future__ import annotations

from annals.model import all_items
from annals.render.figures import figure_text
from annals.validate import check

from conftest import ROOT

CATALOG, PROBLEMS = check(ROOT)

# Every figure of the entry, as a reader would write it.
SEED_FIGURES = [
    "19人", "4个", "2个", "92名", "689.9万元", "1024名", "7660.9万元", "1410万元", "15.56万元",
    "51家", "2600个", "800余人", "33名", "八天", "6个", "600多人", "13处", "60处", "1.2万余人次",
    "2万多人", "4600支", "22场", "10万余份", "1.6万户", "5000册", "50多场次", "3600多人次", "260场次",
    "30个", "千余件", "98%以上", "100%", "37.05万元", "1254名", "800名", "25万元", "125名",
    "60万元", "5处", "60名", "10名",
]
SEED_UNITS = {
    "办公室": ("内设部室", None), "组宣部": ("内设部室", None), "发展部": ("内设部室", None),
    "权益部": ("内设部室", None), "儿童部": ("内设部室", None),
    "妇女儿童工作委员会办公室": ("议事协调机构办事机构", "副县级"),
    "市妇女儿童活动中心": ("直属事业单位", "正科级"),
}
SEED_HONORS = [
    "巾帼建功", "创先争优", "新闻宣传", "廉政文化建设示范点", "文明机关", "综合考核先进集体",
    "理论学习中心组", "先进基层党组织", "文明单位", "十佳基层单位",
]
SEED_PROGRAMMES = ["春蕾计划", "1322", "春风送岗", "12338", "巾帼文明岗", "家政服务进社区", "美在农家", "贴心娘家"]


def every_figure_text() -> list[str]:
    figures = [f for r in CATALOG.records for f in getattr(r.model, "figures", [])]
    figures += [f for y in CATALOG.years for _, item in all_items(y) for f in item.figures]
    return [figure_text(f) for f in figures]


def test_records_are_valid():
    assert PROBLEMS == []


def test_every_seed_figure_is_structured_data():
    recorded = every_figure_text()
    missing = [f for f in SEED_FIGURES if f not in recorded]
    assert missing == []
    assert len(recorded) >= 45


def test_every_unit_with_kind_and_rank():
    units = {d.model.name: (d.model.kind, d.model.rank) for d in CATALOG.of_kind("departments")}
    for name, expected in SEED_UNITS.items():
        assert units.get(name) == expected, name
    assert CATALOG.get("departments", "women-children-activity-center").model.staff_count == 20


def test_every_honor_is_recorded_once_per_level():
    titles = [h.model.title for h in CATALOG.of_kind("honors")]
    assert len(titles) == 11
    for word in SEED_HONORS:
        assert any(word in t for t in titles), word
    retained = sorted(h.model.title for h in CATALOG.of_kind("honors") if h.model.status == "retained")
    assert len(retained) == 2


def test_plans_carry_the_document_number_and_date():
    plans = [p.model for p in CATALOG.of_kind("plans") if p.model.kind == "发展规划"]
    assert len(plans) == 2
    for plan in plans:
        assert (plan.doc_number, plan.issued, plan.issued_as_written) == ("济政发[2011]34号", "2011-11", "11月初")
        assert (plan.period_start, plan.period_end) == (2011, 2015)


def test_programmes_dated_events_and_compiler():
    names = " ".join(p.name for p in CATALOG.of_kind("programmes"))
    for word in SEED_PROGRAMMES:
        assert word in names, word
    dated = {item.date_as_written for y in CATALOG.years for _, item in all_items(y)}
    assert {"11月中旬", "8月", "六一期间"} <= dated
    (source,) = CATALOG.of_kind("sources")
    assert source.model.compiler == "张丽"
