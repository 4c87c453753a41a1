"""The Markdown extension that gives table header cells a scope."""
from __future__ import annotations

import markdown

from annals.render.markdown import table

EXTENSIONS = ["tables", "annals.table_headers"]


def test_every_column_header_of_a_generated_table_has_column_scope():
    html = markdown.markdown(table(["年度", "数字"], [["2011", "1.2万"]]), extensions=EXTENSIONS)
    assert html.count('<th scope="col">') == 2
    assert "<td>2011</td>" in html and "scope" not in html.split("</thead>")[1]


def test_without_the_extension_header_cells_have_no_scope():
    html = markdown.markdown(table(["年度"], [["2011"]]), extensions=["tables"])
    assert "<th>年度</th>" in html


def test_pages_without_tables_are_unchanged():
    text = "# 标题\n\n正文。"
    assert markdown.markdown(text, extensions=EXTENSIONS) == markdown.markdown(text, extensions=["tables"])
