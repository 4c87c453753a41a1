"""Indicators: checks, normalised values, series with gaps and approximate values, and their pages."""
from __future__ import annotations

import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from annals.build import build_site, catalog_for
from annals.render.pages import render_pages
from annals.render.statistics import series_points
from annals.validate import check

from conftest import ROOT, copy_project

FIXTURE = Path(__file__).parent / "fixtures" / "multiyear" / "records"


def multiyear_project(target: Path) -> Path:
    """The project with the three-year test organisation in place of the federation's records."""
    project = copy_project(target)
    shutil.rmtree(project / "records")
    shutil.copytree(FIXTURE, project / "records")
    return project


@pytest.fixture
def multiyear(tmp_path: Path) -> Path:
    return multiyear_project(tmp_path / "multiyear")


def problems_of(project: Path) -> list[str]:
    catalog, problems = check(project)
    assert catalog is None
    return [str(p) for p in problems]


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / "records" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pages_of(project: Path, audience: str = "public") -> dict[str, str]:
    catalog, problems = check(project)
    assert problems == []
    return render_pages(catalog_for(catalog, audience))


# --- checks -------------------------------------------------------------------------------


def test_a_unit_that_cannot_be_compared_says_what_was_expected(multiyear):
    edit(multiyear, "work/2020.yml", "value: 1500000\n            unit: 元", "value: 1500000\n            unit: 人")
    assert problems_of(multiyear) == [
        "records/work/2020.yml:16: themes[0].items[0].figures[0].unit: 单位 '人' 与统计指标 'loan-amount'（records/indicators/loan-amount.yml）"
        "的单位 '元' 不能比较；应为 元（可配合 magnitude 写 千、万、亿），或换一个指标",
    ]


def test_units_with_a_magnitude_or_another_measure_word_for_people_compare(multiyear):
    edit(multiyear, "work/2020.yml", "value: 1500000\n            unit: 元", "value: 150\n            unit: 万元")
    edit(multiyear, "indicators/stations.yml", "unit: 个", "unit: 人")
    edit(multiyear, "work/2019.yml", "value: 10\n            unit: 个", "value: 10\n            unit: 名")
    edit(multiyear, "work/2021.yml", "value: 12\n            unit: 个", "value: 12\n            unit: 位")
    catalog, problems = check(multiyear)
    assert problems == []
    amounts = {p.year: p.value for p in series_points(catalog, catalog.get("indicators", "loan-amount"))}
    assert amounts == {2019: Decimal("1200000"), 2020: Decimal("1500000"), 2021: Decimal("1800000")}


def test_the_same_indicator_twice_in_a_year_names_both_places(multiyear):
    edit(multiyear, "work/2019.yml", "            unit: 个\n            indicator: stations", "            unit: 元\n            indicator: loan-amount")
    assert problems_of(multiyear) == [
        "records/work/2019.yml:31: themes[0].items[1].figures[0].indicator: 统计指标 'loan-amount' 在 2019 年已经用过"
        "（records/work/2019.yml 第 18 行）；同一指标每年只能有一个数字，请删去其中一个，或改用别的指标",
    ]


def test_an_unknown_indicator_names_both_files(multiyear):
    edit(multiyear, "work/2021.yml", "indicator: stations", "indicator: station")
    (problem,) = problems_of(multiyear)
    assert problem.startswith("records/work/2021.yml:35: themes[1].items[0].figures[0].indicator: 找不到统计指标 'station'（应有文件 records/indicators/station.yml）")


def test_only_figures_of_a_year_of_work_name_an_indicator(multiyear):
    (multiyear / "records" / "organization.yml").write_text(
        "name: 示例县妇女联合会（测试数据）\nshort_name: 示例县妇联\nfigures:\n  - label: 人员\n    value: 5\n    unit: 人\n    indicator: stations\n",
        encoding="utf-8",
    )
    assert problems_of(multiyear) == [
        "records/organization.yml:7: figures[0].indicator: 只有年度工作（records/work/）里的数字可以关联统计指标，实际为 'stations'；请删除这一行",
    ]


# --- series -------------------------------------------------------------------------------


def test_series_normalise_magnitudes_keep_gaps_and_mark_approximate_values(multiyear):
    catalog, _ = check(multiyear)
    loans = series_points(catalog, catalog.get("indicators", "loan-amount"))
    assert [(p.year, p.value, p.approximate) for p in loans] == [
        (2019, Decimal("1200000"), False), (2020, Decimal("1500000"), False), (2021, Decimal("1800000"), False),
    ]
    stations = series_points(catalog, catalog.get("indicators", "stations"))
    assert [(p.year, p.value, p.approximate, p.text) for p in stations] == [
        (2019, Decimal("10"), False, "10个"), (2020, None, False, "无数据"), (2021, Decimal("12"), True, "12个以上"),
    ]
    trained = series_points(catalog, catalog.get("indicators", "women-trained"))
    assert [p.value for p in trained] == [Decimal("3000"), Decimal("3500"), Decimal("4000")]
    assert [p.approximate for p in trained] == [True, False, False]


# --- pages --------------------------------------------------------------------------------


def table_rows(page: str, anchor: str) -> list[str]:
    """The table lines of the section with the given anchor."""
    section = page.split(f"{{#{anchor}}}", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith(("| 年份", "| ---"))]


def test_indicator_page_lists_every_year_with_changes_only_between_exact_values(multiyear):
    pages = pages_of(multiyear)
    loans = table_rows(pages["statistics/loan-amount.md"], "series")
    assert [row.split(" | ")[0] for row in loans] == ["| 2021年", "| 2020年", "| 2019年"]
    assert "| 180万元 |" in loans[0] and "| 1,800,000元 |" in loans[0] and "| +300,000元，+20.0% |" in loans[0]
    assert "| 1,500,000元 |" in loans[1] and "| +300,000元，+25.0% |" in loans[1]
    trained = table_rows(pages["statistics/women-trained.md"], "series")
    assert "| 3000余人次 | 余 | 3000人次（约数） |" in trained[2]
    assert "含约数，不计算" in trained[1] and "| +500人次，+14.3% |" in trained[0]
    stations = table_rows(pages["statistics/stations.md"], "series")
    assert stations[1].startswith("| 2020年 | 无数据 |")
    assert "| 12个以上 | 以上 | 12个（约数） | — |" in stations[0]  # no figure in 2020: nothing to compare with


def test_charts_appear_from_two_years_with_approximate_points_marked(multiyear):
    pages = pages_of(multiyear)
    for name in ("loan-amount", "women-trained", "stations"):
        page = pages[f"statistics/{name}.md"]
        assert page.count('role="img"') == 1 and page.count('class="annals-chart"') == 1, name
        chart = page.split('<div class="annals-chart"', 1)[1].split("</figure>", 1)[0]
        assert "http" not in chart.replace('xmlns="http://www.w3.org/2000/svg"', "") and "<script" not in chart
    stations = pages["statistics/stations.md"]
    assert "2020年：无数据" in stations and "约数" in stations
    edit(multiyear, "work/2019.yml", "            indicator: stations\n", "")
    edit(multiyear, "work/2021.yml", "            indicator: stations\n", "")
    assert "<svg" not in pages_of(multiyear)["statistics/stations.md"]


def test_statistics_index_and_the_table_of_every_figure(multiyear):
    pages = pages_of(multiyear)
    index = pages["statistics/index.md"]
    assert index.index("## 创业就业") < index.index("## 维护权益")
    assert "| 180万元（2021年） |" in index and index.count('role="img"') == 3
    # 2019 to 2021 span two decades: the table of every figure is one page per decade, listed on figures.md
    assert "figures-2010s.md" in pages["statistics/figures.md"] and "figures-2020s.md" in pages["statistics/figures.md"]
    decades = [pages["statistics/figures-2010s.md"], pages["statistics/figures-2020s.md"]]
    rows = [len(re.findall(r"^\| 20\d\d \|", page, re.MULTILINE)) for page in decades]
    assert rows == [3, 5]  # the public figures of three years: 3 in 2019, then 2 and 3
    for page in decades:
        assert 'data-sort-columns="0 1"' in page and "| 年份 | 主题 | 工作事项 |" in page  # sorted by year and theme
    assert all("内部核算的贷款笔数" not in page for page in decades)
    assert "内部核算的贷款笔数" in pages_of(multiyear, "internal")["statistics/figures-2020s.md"]


def test_programme_page_shows_the_figures_of_its_work_newest_year_first(multiyear):
    page = pages_of(multiyear)["programmes/sample-loans.md"]
    section = page.split("{#figures-by-year", 1)[1].split("\n## ", 1)[0]
    assert list(dict.fromkeys(re.findall(r"^\| (\d{4})年", section, re.MULTILINE))) == ["2021", "2020", "2019"]
    assert "[发放创业贷款](../work/2021.md#loans)" in section and "[示例贷款金额](../statistics/loan-amount.md)" in section


def test_home_page_compares_the_latest_year_with_the_one_before(multiyear):
    home = pages_of(multiyear)["index.md"]
    compared = home.split("{#compared}", 1)[1].split("\n## ", 1)[0]
    assert "| 指标 | 2020年 | 2021年 | 变化 |" in compared
    assert "| [示例贷款金额](statistics/loan-amount.md) | 1,500,000元 | 180万元 | +300,000元，+20.0% |" in compared
    assert "示例维权站数" not in compared  # no figure in 2020


def test_a_copied_second_year_gives_every_shared_indicator_two_points_a_chart_and_a_change(project):
    text = (project / "records" / "work" / "2011.yml").read_text(encoding="utf-8")
    second = text.replace("year: 2011", "year: 2012", 1).replace("title: 2011年工作", "title: 2012年工作", 1)
    second = second.replace("value: 689.9\n", "value: 720.5\n", 1)
    (project / "records" / "work" / "2012.yml").write_text(second, encoding="utf-8")
    catalog, problems = check(project)
    assert problems == []
    pages = render_pages(catalog_for(catalog, "public"))
    indicators = catalog.of_kind("indicators")
    assert len(indicators) >= 20
    for indicator in indicators:
        page = pages[f"statistics/{indicator.id}.md"]
        rows = table_rows(page, "series")
        assert [row.split(" | ")[0] for row in rows] == ["| 2012年", "| 2011年"], indicator.id
        assert page.count('role="img"') == 1 and page.count('class="annals-chart"') == 1, indicator.id
        approximate = indicator.id in {"job-fair-intentions", "housekeeping-placements", "women-trained", "family-role-honourees",
                                       "integrity-lectures", "integrity-education-participants",
                                       "petitions-received", "petitions-closure-rate"}
        assert ("含约数，不计算" in rows[0]) == approximate, indicator.id
    assert "| +306,000元，+4.4% |" in table_rows(pages["statistics/microcredit-amount.md"], "series")[0]
    assert "{#compared}" in pages["index.md"]


def test_the_multiyear_site_builds_with_downloads_and_keeps_internal_figures_internal(multiyear):
    build_site(multiyear, "public", out=io.StringIO())
    build_site(multiyear, "internal", out=io.StringIO())
    public = (multiyear / "site" / "data" / "figures.csv").read_text(encoding="utf-8-sig")
    internal = (multiyear / "site-internal" / "data" / "figures.csv").read_text(encoding="utf-8-sig")
    assert len(public.splitlines()) == 1 + 8 and "内部核算的贷款笔数" not in public
    assert "内部核算的贷款笔数" in internal and "公开范围" in internal
    chart = (multiyear / "site" / "statistics" / "loan-amount" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in chart and "数据见下表" in chart
    assert (multiyear / "site" / "data" / "charts" / "loan-amount.csv").is_file()
    assert not (ROOT / "site" / "statistics" / "loan-amount").exists()  # the test organisation never reaches the default site


def test_an_anniversary_written_as_a_figure_is_refused_with_where_it_belongs(project):
    edit(project, "work/2011.yml", "        occasion: 中国共产党成立90周年\n",
         "        figures:\n          - label: 中国共产党建党周年\n            value: 90\n            unit: 周年\n")
    assert [p for p in problems_of(project) if "周年" in p] == [
        "records/work/2011.yml:181: themes[1].items[0].figures[0].unit: '90周年'（中国共产党建党周年）是纪念年数，不是统计数字，"
        "不能放在数字表里；请删除这个数字，在这个事项上写 occasion，例如 occasion: 中国共产党成立90周年",
    ]


def test_one_year_says_so_and_leaves_out_what_needs_two(project):
    pages = pages_of(project)
    loans = pages["statistics/microcredit-amount.md"]
    assert "目前只有2011年的数字：689.9万元。" in loans and "历年数字：" not in loans
    assert "## 2011年数字 {#series}" in loans and "较上年" not in loans and 'role="img"' not in loans
    assert ".svg" not in loans and "不计算增减" not in loans
    index = pages["statistics/index.md"]
    assert "目前只有2011年的数字。" in index
    assert "<svg" not in index and "年份数" not in index and "| 历年趋势" not in index and "| 指标 | 2011年数字 |" in index


def test_each_chart_is_a_file_of_its_own_listed_with_its_data_and_kept_in_the_archive(multiyear):
    from annals.archive import build_archive

    build_site(multiyear, "public", out=io.StringIO())
    page = (multiyear / "docs" / "statistics" / "loan-amount.md").read_text(encoding="utf-8")
    assert "[图表（SVG，可插入 WPS、Word 或 PowerPoint）](../data/charts/loan-amount.svg)" in page
    chart = (multiyear / "site" / "data" / "charts" / "loan-amount.svg").read_bytes()
    assert chart.startswith(b"<?xml") and "示例贷款金额".encode() in chart and "来源：".encode() in chart
    archive = build_archive(multiyear)
    import zipfile

    with zipfile.ZipFile(archive) as packed:
        manifest = next(n for n in packed.namelist() if n.endswith("/manifest-sha256.txt"))
        assert "data/data/charts/loan-amount.svg" in packed.read(manifest).decode("utf-8")
