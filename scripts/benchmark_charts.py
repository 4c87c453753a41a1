"""Chart and download sizes and times: typical series, a long series, figures tables of growing size.

    python scripts/benchmark_charts.py [--figures 1000]
"""
from __future__ import annotations

import argparse
import datetime
import time
from decimal import Decimal

from annals.render.charts import line_chart, sparkline
from annals.render.downloads import figures_csv, figures_json, figures_xlsx
from annals.render.series import FigureRow, SeriesPoint

STAMP = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


def series(years: int, gap: int | None = None) -> list[SeriesPoint]:
    """A loan series of so many years from 2011, every third year approximate, one year missing."""
    points = []
    for offset in range(years):
        if offset == gap:
            continue
        value = Decimal(6899000 + 413000 * offset)
        points.append(SeriesPoint(2011 + offset, value, offset % 3 == 1, f"{value / 10000}万元"))
    return points


def rows(count: int) -> list[FigureRow]:
    """Synthetic figure rows, every one with an indicator."""
    return [
        FigureRow(
            2011 + i % 10, f"主题{i % 12}", f"工作事项{i}", f"item-{i}", f"work/{2011 + i % 10}.html#item-{i}",
            f"统计内容{i}", Decimal(i) + Decimal("0.5"), "万", "元", "余" if i % 4 == 0 else None,
            (Decimal(i) + Decimal("0.5")) * 10000, f"{Decimal(i) + Decimal('0.5')}万元", f"indicator-{i % 40}",
            f"指标{i % 40}", False,
        )
        for i in range(count)
    ]


def timed(build, repeat: int = 20) -> tuple[int, float]:
    """Output size in bytes and the mean time of one build in milliseconds."""
    start = time.perf_counter()
    for _ in range(repeat):
        output = build()
    elapsed = (time.perf_counter() - start) / repeat * 1000
    return len(output if isinstance(output, bytes) else output.encode("utf-8")), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=1000)
    count = parser.parse_args().figures
    cases = {
        "line chart, 2 years": lambda: line_chart("小额担保贴息贷款金额", "元", series(2), ident="a"),
        "line chart, 5 years, 1 gap": lambda: line_chart("小额担保贴息贷款金额", "元", series(5, gap=2), ident="a"),
        "line chart, 15 years": lambda: line_chart("小额担保贴息贷款金额", "元", series(15), ident="a"),
        "sparkline, 2 years": lambda: sparkline(series(2), "小额担保贴息贷款金额", "a"),
        "sparkline, 5 years, 1 gap": lambda: sparkline(series(5, gap=2), "小额担保贴息贷款金额", "a"),
        f"figures.csv, {count} rows": lambda: figures_csv(rows(count)),
        f"figures.json, {count} rows": lambda: figures_json(rows(count), {}),
        f"figures.xlsx, {count} rows": lambda: figures_xlsx(rows(count), "统计数据", STAMP),
        f"figures.xlsx, {count * 10} rows": lambda: figures_xlsx(rows(count * 10), "统计数据", STAMP),
    }
    print(f"{'output':32} {'bytes':>10} {'ms':>9}")
    for name, build in cases.items():
        size, ms = timed(build, repeat=3 if "rows" in name else 20)
        print(f"{name:32} {size:>10} {ms:>9.2f}")


if __name__ == "__main__":
    main()
