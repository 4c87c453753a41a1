"""Test data for the downloads: figures of a fictitious organisation, never part of the site."""
from __future__ import annotations

from decimal import Decimal

from annals.render.series import FigureRow, SeriesPoint


def figure_rows(with_internal: bool = False) -> list[FigureRow]:
    """Four public figures (magnitude, qualifier, percent, no indicator) and optionally one internal."""
    rows = [
        FigureRow(
            year=2011, theme="示例主题：创业就业", item="示例小额贷款", item_id="sample-loans",
            page="work/2011.html#sample-loans", label="发放贷款金额（测试数据）",
            value=Decimal("689.9"), magnitude="万", unit="元", qualifier=None,
            normalised=Decimal("6899000.0"), as_written="689.9万元",
            indicator="sample-loan-amount", indicator_name="示例贷款金额", internal=False,
        ),
        FigureRow(
            year=2011, theme="示例主题：创业就业", item="示例招聘会", item_id="sample-job-fair",
            page="work/2011.html#sample-job-fair", label="参加培训的人次, 含\"复训\"",
            value=Decimal("1.2"), magnitude="万", unit="人次", qualifier="余",
            normalised=Decimal("1.2E+4"), as_written="1.2万余人次",
            indicator="sample-trainees", indicator_name="示例培训人次", internal=False,
        ),
        FigureRow(
            year=2012, theme="示例主题：权益维护", item="示例来访接待", item_id="sample-visits",
            page="work/2012.html#sample-visits", label="来访问题解决率",
            value=Decimal("98"), magnitude=None, unit="%", qualifier="以上",
            normalised=Decimal("98"), as_written="98%以上",
            indicator=None, indicator_name=None, internal=False,
        ),
        FigureRow(
            year=2013, theme="示例主题：创业就业", item="示例小额贷款", item_id="sample-loans",
            page="work/2013.html#sample-loans", label="发放贷款金额（测试数据）",
            value=Decimal("1"), magnitude="亿", unit="元", qualifier="近",
            normalised=Decimal("1E+8"), as_written="近1亿元",
            indicator="sample-loan-amount", indicator_name="示例贷款金额", internal=False,
        ),
    ]
    if with_internal:
        rows.append(
            FigureRow(
                year=2012, theme="示例主题：创业就业", item="示例内部核查", item_id="sample-audit",
                page="work/2012.html#sample-audit", label="核查发现的问题（内部测试数据）",
                value=Decimal("7"), magnitude=None, unit="个", qualifier=None,
                normalised=Decimal("7"), as_written="7个",
                indicator=None, indicator_name=None, internal=True,
            )
        )
    return rows


def loan_points() -> list[SeriesPoint]:
    """The fictitious loan series: an exact year, a missing year, an approximate year."""
    return [
        SeriesPoint(2011, Decimal("6899000"), False, "689.9万元"),
        SeriesPoint(2013, Decimal("1E+8"), True, "近1亿元"),
    ]


META = {"title": "示例妇联统计数据（测试数据）", "version": "0123abc", "date": "2013-12-31"}
