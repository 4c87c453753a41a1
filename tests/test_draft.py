"""Drafting stages on sentences written for these tests: one rule or pitfall each."""
from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from annals.draft.clean import clean, normalise_characters, squeeze_spaces
from annals.draft.figures import take_anniversaries, find_figures
from annals.draft.honors import find_honors
from annals.draft.link import Existing, make_slug, mentioned
from annals.draft.pipeline import YearUnknown, draft_entry
from annals.draft.segment import detect_year, find_date, split_sentences, split_themes
from annals.draft.units import find_plans, find_programmes, find_units
from annals.draft.write import check_rendered, record_files, render


def figures_of(sentence: str) -> list[tuple]:
    """(value, magnitude, unit, qualifier) of each figure, as strings."""
    found, _ = find_figures(sentence)
    return [(str(f.value), f.magnitude, f.unit, f.qualifier) for f in found]


# --- clean-up ---------------------------------------------------------------

WRAPPED = (
    "【概况】 某县妇联机关有工作人员八名，设办公室和权益部，负责全县妇女儿童工\n"
    "作的组织协调和联系服务，年内共举办各类培训班十二期，参加培训的妇女有\n"
    "六百多人次。\n"
    "巾帼创业有新进展 年内为妇女争取小额贷款三百二十万元，扶持创业妇女\n"
    "一百零五名，带动就业四百余人，并组织了一次创业项目推介会和两次观摩。\n"
)


def test_hard_line_breaks_inside_words_are_joined():
    paragraphs = clean(WRAPPED).paragraphs
    assert len(paragraphs) == 2
    assert "妇女儿童工作的组织协调" in paragraphs[0]
    assert "有六百多人次" in paragraphs[0]


def test_fullwidth_digits_and_ascii_punctuation_are_normalised():
    text = normalise_characters("培训妇女１２０名,发放资料３０００份;效果良好(据统计)")
    assert text == "培训妇女120名，发放资料3000份；效果良好（据统计）"


def test_thousands_separator_comma_stays_between_digits():
    assert "16,000元" in normalise_characters("募集16,000元,用于助学")


def test_stray_spaces_beside_chinese_are_removed_but_digit_groups_kept():
    assert squeeze_spaces("举办 “ 巾帼 学堂 ” 活动，募集 16 000 元") == "举办“巾帼学堂”活动，募集16 000元"


def test_traditional_script_is_converted_and_the_original_kept():
    cleaned = clean("2013年，縣婦聯組織婦女參加技能培訓，舉辦講座二十場。")
    assert cleaned.traditional
    assert "县妇联组织妇女参加技能培训" in cleaned.paragraphs[0]
    assert "縣婦聯" in cleaned.originals[0]


def test_simplified_text_is_left_as_it_is():
    cleaned = clean("2013年，县妇联组织妇女参加培训。")
    assert not cleaned.traditional
    assert cleaned.paragraphs == ["2013年，县妇联组织妇女参加培训。"]


@pytest.mark.parametrize("last_line, name", [("（王 明）", "王明"), ("(李小红)", "李小红"), ("供稿：赵阳", "赵阳"), ("（周丽 供稿）", "周丽")])
def test_compiler_is_taken_from_the_last_line(last_line, name):
    cleaned = clean(f"2013年，县妇联举办讲座三场。\n{last_line}\n")
    assert cleaned.compiler == name
    assert all(name not in paragraph for paragraph in cleaned.paragraphs)


def test_title_and_address_lines_are_taken_out():
    cleaned = clean("某县妇女联合会\nOriginal URL: https://example.org/a?b=1\n2013年，县妇联举办讲座三场。\n")
    assert cleaned.title == "某县妇女联合会"
    assert cleaned.url == "https://example.org/a?b=1"
    assert cleaned.paragraphs == ["2013年，县妇联举办讲座三场。"]


# --- themes, items, dates, year ---------------------------------------------


def test_bracketed_and_run_in_headings_become_themes():
    themes = split_themes(["【概况】 县妇联有工作人员八名。", "关爱儿童成效明显 年内走访留守儿童三百名。暑期开展安全教育。"])
    assert [t.title for t in themes] == ["概况", "关爱儿童成效明显"]
    assert [i.sentence for i in themes[1].items] == ["年内走访留守儿童三百名。", "暑期开展安全教育。"]


def test_a_paragraph_without_heading_continues_the_last_theme():
    themes = split_themes(["【维权】 接待来访二十件。", "同时开通了咨询电话。"])
    assert len(themes) == 1 and len(themes[0].items) == 2


def test_sentences_split_at_semicolons_but_not_inside_quotes():
    pieces = [s for s, _ in split_sentences("开展“学技能；促就业”活动；培训妇女三百名。", "")]
    assert pieces == ["开展“学技能；促就业”活动；", "培训妇女三百名。"]


@pytest.mark.parametrize("sentence, date, written", [
    ("11月中旬，县妇联举办了培训班。", "2013-11", "11月中旬"),
    ("六一期间，看望了福利院儿童。", "2013-06", "六一期间"),
    ("3月份组织了表彰大会。", "2013-03", "3月份"),
    ("5月19日召开了座谈会。", "2013-05-19", "5月19日"),
    ("十月举办了展览。", "2013-10", "十月"),
    ("开展了为期3个月的培训。", None, None),
])
def test_dates_are_kept_as_written(sentence, date, written):
    assert find_date(sentence, 2013) == (date, written)


def test_year_is_read_when_unambiguous():
    assert detect_year("2013年，县妇联围绕中心工作。在2012年的基础上又有提高。")[0] == 2013


def test_year_is_not_guessed_when_several_are_written_as_entry_starts():
    year, candidates = detect_year("2012年，县妇联成立了协会。2013年，协会发展会员。")
    assert year is None and candidates == [2012, 2013]


def test_a_baseline_year_alone_is_not_taken_as_the_entry_year():
    year, candidates = detect_year("县妇联在2012年的基础上继续推进工作。")
    assert year is None and candidates == [2012]


def test_unknown_year_raises_with_the_candidates():
    with pytest.raises(YearUnknown) as raised:
        draft_entry("县妇联在2012年的基础上举办讲座三场。", None, Existing())
    assert raised.value.candidates == [2012]


# --- figures ------------------------------------------------------------------


@pytest.mark.parametrize("sentence, expected", [
    ("全年发放宣传册300份。", [("300", None, "份", None)]),
    ("组织了为期五天的学习。", [("5", None, "天", None)]),
    ("项目持续两年。", [("2", None, "年", None)]),
    ("争取贴息贷款45.5万元。", [("45.5", "万", "元", None)]),
    ("服务群众3.4万余人次。", [("3.4", "万", "人次", "余")]),
    ("全年受理来信千余件。", [("1000", None, "件", "余")]),
    ("参与志愿者近两千人。", [("2000", None, "人", "近")]),
    ("受益家庭约80户。", [("80", None, "户", "约")]),
    ("覆盖人口超过5000人。", [("5000", None, "人", "以上")]),
    ("调解成功率90%以上。", [("90", None, "%", "以上")]),
    ("每期学员50人左右。", [("50", None, "人", "约")]),
    ("新建书屋20多个。", [("20", None, "个", "多")]),
    ("募集善款16 000元。", [("16000", None, "元", None)]),
    ("募集善款16,000元。", [("16000", None, "元", None)]),
    ("每户补助2000元~3000元。", [("2000", None, "元", None), ("3000", None, "元", None)]),
    ("贷款额度为1~3万元。", [("1", "万", "元", None), ("3", "万", "元", None)]),
    ("参保率达到百分之九十。", [("90", None, "%", None)]),
    ("实施四大工程。", [("4", None, "项", None)]),
    ("机关内设3部1室。", [("3", None, "个", None), ("1", None, "个", None)]),
])
def test_figures_value_magnitude_unit_qualifier(sentence, expected):
    assert figures_of(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "2013年县妇联召开了会议。",
    "3月8日举行了纪念大会。",
    "举办第五届巾帼风采大赛。",
    "开通12338热线。",
    "联动110报警中心。",
    "编制“十三五”规划。",
    "评选三八红旗手。",
    "六一儿童节慰问儿童。",
    "以某政发[2013]7号文件印发。",
    "开展“五好家庭”评选。",
    "进一步做好统一部署。",
    "开展一帮一结对活动。",
    "《十年规划纲要》已印发。",
    "帮助60岁以上老人。",
])
def test_numbers_that_are_not_counts_are_left_out(sentence):
    assert figures_of(sentence) == []


def test_an_anniversary_is_drafted_once_as_the_occasion_not_a_figure():
    found, notes = find_figures("庆祝建团60周年，参加建团60周年文艺演出，培训团干部120名。")
    assert [(str(f.value), f.unit) for f in found] == [("60", "周年"), ("120", "名")]
    assert "纪念年数" in notes[0] and "occasion" in notes[0]
    counts, occasion = take_anniversaries(found)
    assert occasion == "建团60周年"
    assert [(str(f.value), f.unit) for f in counts] == [("120", "名")]


@pytest.mark.parametrize("sentence, label", [
    ("新建农家书屋12个。", "农家书屋"),
    ("走访了35户困难家庭。", "困难家庭"),
    ("组织26家企业参加。", "企业"),
    ("培训妇女骨干1200人次。", "妇女骨干"),
    ("年内共举办技能培训班6期。", "技能培训班"),
    ("全年全县有40个村开展评选。", "村"),
])
def test_label_is_what_is_counted(sentence, label):
    found, _ = find_figures(sentence)
    assert found[0].label == label


def test_one_number_shared_by_two_listed_rates_is_two_figures():
    found, _ = find_figures("调解率、回访率100%。")
    assert [(f.label, str(f.value)) for f in found] == [("调解率", "100"), ("回访率", "100")]


def test_written_form_is_kept_when_it_differs_from_the_value():
    found, _ = find_figures("接待群众千余人次，走访八户。")
    assert [f.as_written for f in found] == ["千余人次", "八户"]


# --- honors -------------------------------------------------------------------


def honors_of(sentence: str):
    return [(h.title, h.level) for h in find_honors(sentence, 2013)]


def test_honor_levels_come_from_the_title():
    assert honors_of("县妇联荣获全国巾帼文明岗、省维权先进集体、市三八红旗集体和县文明单位称号。")[:2] == [
        ("全国巾帼文明岗", "national"), ("省维权先进集体", "provincial"),
    ]


def test_honor_level_comes_from_the_conferrer_when_the_title_has_none():
    honor = find_honors("县妇联被省妇联授予巾帼建功先进集体称号。", 2013)[0]
    assert (honor.title, honor.level, honor.conferrer) == ("巾帼建功先进集体", "provincial", "省妇联")


def test_honors_sharing_a_prefix_and_suffix_are_split():
    assert [t for t, _ in honors_of("荣获河北省家庭教育、普法宣传、信息报送先进集体称号。")] == [
        "河北省家庭教育先进集体", "河北省普法宣传先进集体", "河北省信息报送先进集体",
    ]


def test_province_and_city_before_one_title_are_two_honors():
    assert honors_of("被评为省、市巾帼文明示范岗。") == [("省巾帼文明示范岗", "provincial"), ("市巾帼文明示范岗", "municipal")]


def test_a_retained_honor_and_its_month_and_recipient():
    honors = find_honors("县妇女活动中心保持了“市级文明单位”称号，6月被县委评为先进基层党组织。", 2013)
    assert [(h.title, h.status, h.month, h.recipient_name) for h in honors] == [
        ("市级文明单位", "retained", None, "县妇女活动中心"),
        ("先进基层党组织", "new", 6, "县妇女活动中心"),
    ]


def test_an_honor_list_runs_on_past_a_comma():
    titles = [t for t, _ in honors_of("县妇联获得全国五好家庭先进集体，省维权工作先进单位、省宣传工作先进集体等称号。")]
    assert titles == ["全国五好家庭先进集体", "省维权工作先进单位", "省宣传工作先进集体"]


def test_a_commendation_without_a_title_is_drafted_and_flagged():
    honor = find_honors("县妇联的宣传工作受到市妇联表彰。", 2013)[0]
    assert (honor.title, honor.level, honor.conferrer) == ("市妇联表彰", "municipal", "市妇联")
    assert "没有荣誉名称" in honor.notes[0]


def test_getting_money_is_not_an_honor():
    assert honors_of("县妇联获得贷款贴息50万元。") == []


# --- units, plans, programmes ------------------------------------------------------


def test_departments_ranks_and_staff_count():
    units = find_units("机关内设3部1室，即办公室、宣传部、发展部、妇儿工作委员会办公室（副科级），下辖县妇女活动中心（正科级），现有工作人员12名。", 0)
    assert [(u.name, u.kind, u.rank, u.staff_count) for u in units] == [
        ("办公室", "内设部室", None, None),
        ("宣传部", "内设部室", None, None),
        ("发展部", "内设部室", None, None),
        ("妇儿工作委员会办公室", "议事协调机构办事机构", "副科级", None),
        ("县妇女活动中心", "直属事业单位", "正科级", 12),
    ]


def test_plans_with_document_number_date_and_period():
    plans = find_plans("9月以某政发〔2016〕21号印发《某县妇女发展“十三五”规划》。", 2016)
    assert [(p.title, p.kind, p.doc_number, p.issued, p.issued_as_written, p.period) for p in plans] == [
        ("某县妇女发展“十三五”规划", "发展规划", "某政发〔2016〕21号", "2016-09", "9月", (2016, 2020)),
    ]


def test_the_issuer_named_before_a_title_is_kept():
    plans = find_plans("县人民政府印发《某县儿童发展规划》，县妇联发出《巾帼护河》倡议书。", 2013)
    assert [(p.title, p.issuer) for p in plans] == [("某县儿童发展规划", "县人民政府"), ("巾帼护河倡议书", "县妇联")]


def test_an_appeal_keeps_the_words_after_its_title():
    assert [p.title for p in find_plans("发出《关爱留守儿童》“护苗行动”倡议书。", 2013)] == ["关爱留守儿童“护苗行动”倡议书"]


def test_a_book_title_is_not_a_plan():
    assert find_plans("向妇女赠送《家庭教育读物》和《红楼梦》。", 2013) == []


def test_quoted_programmes_are_found():
    assert [(p.name, p.kind) for p in find_programmes("开展“巾帼护河”行动和“爱心妈妈”活动。")] == [("巾帼护河", "品牌活动"), ("爱心妈妈", "品牌活动")]


# --- links and ids ------------------------------------------------------------------


def existing_with(kind: str, ident: str, *names: str, aliases: tuple = ()) -> Existing:
    existing = Existing()
    existing.ids[kind].add(ident)
    existing.names[kind] += [(name, ident, False) for name in names] + [(alias, ident, True) for alias in aliases]
    return existing


def test_an_existing_programme_named_in_a_sentence_is_linked():
    existing = existing_with("programmes", "river-guard", "巾帼护河", aliases=("护河",))
    assert mentioned(existing, "programmes", "继续开展“巾帼护河”行动。") == ["river-guard"]


def test_a_short_alias_alone_does_not_link():
    existing = existing_with("programmes", "river-guard", "巾帼护河志愿行动", aliases=("护河",))
    assert mentioned(existing, "programmes", "组织护河巡查。") == []


def test_new_ids_do_not_clash():
    taken = {"xuan-chuan-bu"}
    assert make_slug("宣传部", taken, "unit") == "xuan-chuan-bu-2"
    assert make_slug("宣传部", taken, "unit") == "xuan-chuan-bu-3"


def test_drafted_records_link_to_existing_names_instead_of_new_files():
    existing = existing_with("departments", "publicity", "宣传部")
    draft = draft_entry("2013年，县妇联内设2部，即宣传部、发展部。", None, existing)
    assert [(u.id, u.existing) for u in draft.units] == [("publicity", True), ("fa-zhan-bu", False)]
    assert [path for _, path, _ in record_files(draft)] == ["work/2013.yml", "sources/yearbook-2013.yml", "departments/fa-zhan-bu.yml"]


# --- writing ----------------------------------------------------------------------

ENTRY = (
    "【概况】 2013年，县妇联内设2部，即宣传部、发展部，下辖县妇女活动中心（正科级），现有工作人员9名。"
    "县妇联荣获全国巾帼文明岗称号。\n"
    "【发展】 9月印发《某县妇女发展规划》。开展“巾帼护河”行动，培训妇女1.5万余人次。\n"
)


def test_every_drafted_file_passes_the_records_checker():
    draft = draft_entry(ENTRY, None, Existing())
    files = record_files(draft)
    assert {kind for kind, _, _ in files} == {"work", "sources", "departments", "plans", "programmes", "honors"}
    for kind, path, data in files:
        text = render(kind, data)
        assert text.startswith(f"# yaml-language-server: $schema=../schema/{kind}.schema.json\n")
        assert check_rendered(kind, path, text) == []
        assert "review" in yaml.safe_load(text)


def test_traditional_wording_is_kept_in_the_review_mark():
    work = record_files(draft_entry("2013年，縣婦聯舉辦講座二十場。", None, Existing()))[0][2]
    item = work["themes"][0]["items"][0]
    assert item["summary"] == "2013年，县妇联举办讲座二十场。"
    assert "繁体原文：2013年，縣婦聯舉辦講座二十場。" in item["review"]
    assert "原文为繁体字" in work["review"]


def test_every_item_and_theme_carries_a_review_mark():
    work = record_files(draft_entry(ENTRY, None, Existing()))[0][2]
    assert all(theme["review"] for theme in work["themes"])
    assert all(item["review"] for theme in work["themes"] for item in theme["items"])


def test_yaml_and_html_in_the_text_stay_literal():
    hostile = "【概况】 2013年，key: value <script>alert(1)</script> &amp; {{ x }} !!python/object 培训妇女20名。\n- 列表项：../../etc/passwd\n"
    draft = draft_entry(hostile, None, Existing())
    kind, path, data = record_files(draft)[0]
    text = render(kind, data)
    assert check_rendered(kind, path, text) == []
    loaded = yaml.safe_load(text)
    summaries = [item["summary"] for theme in loaded["themes"] for item in theme["items"]]
    assert any("key：value＜script＞alert（1）＜/script＞" in s and "{{ x }}" in s for s in summaries)
    assert "-列表项：../../etc/passwd" in summaries
    assert "<" not in text and "!!python" not in text


def test_figure_values_are_written_plainly():
    work = record_files(draft_entry("2013年，县妇联募集善款16 000元，贷款2.50万元。", None, Existing()))[0]
    text = render(work[0], work[2])
    assert "value: 16000\n" in text and "as_written: 16 000元\n" in text
    assert "value: 2.50\n" in text and "magnitude: 万\n" in text
    assert Decimal("2.50") == Decimal(yaml.safe_load(text)["themes"][0]["items"][0]["figures"][1]["value"])
