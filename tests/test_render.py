"""Rendering helpers: literal text, figures as written, relative links."""
from __future__ import annotations

from decimal import Decimal

import pytest

from annals.render.figures import figure_text
from annals.render.markdown import link, paragraphs, table, text
from annals.schema import Figure


def fig(**fields) -> Figure:
    return Figure(label="测试", unit=fields.pop("unit", "人"), value=Decimal(fields.pop("value", "1")), **fields)


def test_figures_read_as_written():
    assert figure_text(fig(value="689.9", magnitude="万", unit="元")) == "689.9万元"
    assert figure_text(fig(value="800", qualifier="余")) == "800余人"
    assert figure_text(fig(value="1.2", magnitude="万", qualifier="余", unit="人次")) == "1.2万余人次"
    assert figure_text(fig(value="98", unit="%", qualifier="以上")) == "98%以上"
    assert figure_text(fig(value="600", qualifier="多")) == "600多人"
    assert figure_text(fig(value="1000", unit="件", qualifier="余", as_written="千余件")) == "千余件"
    assert figure_text(fig(value="37.05", magnitude="万", unit="元")) == "37.05万元"


def test_markdown_and_html_in_record_text_are_neutralised():
    assert text("<b>粗</b> *强调* [链接](x) a|b") == "&lt;b&gt;粗&lt;/b&gt; &#42;强调&#42; &#91;链接&#93;(x) a&#124;b"
    assert text("1. 第一") == "1&#46; 第一"
    assert text("- 项") == "&#45; 项"
    assert text("第一行\n第二行") == "第一行<br>第二行"
    assert text("689.9万元") == "689.9万元"


def test_paragraphs_are_escaped_html():
    assert paragraphs("甲<script>\n\n乙") == "<p>甲&lt;script&gt;</p>\n\n<p>乙</p>"


def test_links_are_relative_to_the_current_page():
    assert link("春蕾计划", "programmes/chunlei-plan.md", "work/2011.md") == "[春蕾计划](../programmes/chunlei-plan.md)"
    assert link("荣誉", "honors/index.md#x", "index.md") == "[荣誉](honors/index.md#x)"


def test_tables_fill_empty_cells():
    assert table(["甲", "乙"], [["1", ""]]) == "| 甲 | 乙 |\n| --- | --- |\n| 1 | — |"


def test_large_sections_link_their_pages_from_the_index_only():
    from annals.model import Record, build_catalog
    from annals.render.site import NAV_LIMIT, navigation
    from annals.schema import Organization, Programme

    def catalog(count: int):
        records = [Record("organization", "organization", "o", Organization(name="甲", short_name="甲"))]
        records += [Record("programmes", f"p{i}", "p", Programme(name=f"品牌{i}", kind="品牌活动")) for i in range(count)]
        return build_catalog(records)

    def programmes_section(nav):
        return next(entry["工作品牌"] for entry in nav if "工作品牌" in entry)

    assert len(programmes_section(navigation(catalog(NAV_LIMIT), []))) == NAV_LIMIT + 1
    assert programmes_section(navigation(catalog(NAV_LIMIT + 1), [])) == ["programmes/index.md"]


@pytest.mark.parametrize("written, shown", [
    ("6899000", "6,899,000"), ("12345.5", "12,345.5"), ("-25000", "-25,000"), ("1500", "1500"), ("2011", "2011"), ("15.56", "15.56"), ("98", "98"),
])
def test_long_numbers_are_grouped_by_thousands_for_readers(written, shown):
    from annals.render.figures import grouped

    assert grouped(written) == shown


def test_a_figure_in_base_units_is_grouped_and_one_scaled_by_wan_stays_as_written():
    assert figure_text(Figure(label="金额", value=Decimal("6899000"), unit="元")) == "6,899,000元"
    assert figure_text(Figure(label="金额", value=Decimal("15655.8"), magnitude="万", unit="元")) == "15655.8万元"
    assert figure_text(Figure(label="金额", value=Decimal("15655.8"), unit="万元")) == "15655.8万元"
    assert figure_text(Figure(label="人数", value=Decimal("2600"), unit="个")) == "2600个"
