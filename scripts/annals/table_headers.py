"""Markdown extension: every column header cell of a table declares scope="col" for screen readers."""
from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# After the block parser has built the tables, before the tree is serialised.
PRIORITY = 5


class ColumnHeaderScope(Treeprocessor):
    """Marks each header cell in a table head as heading its column."""

    def run(self, root: Element) -> None:
        """Set scope="col" on the th cells of every thead."""
        for head in root.iter("thead"):
            for cell in head.iter("th"):
                cell.set("scope", "col")


class TableHeadersExtension(Extension):
    """Registers the header-scope step with Python-Markdown."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Add the tree processor."""
        md.treeprocessors.register(ColumnHeaderScope(md), "annals_table_headers", PRIORITY)


def makeExtension(**kwargs) -> TableHeadersExtension:  # noqa: N802 - the name Python-Markdown looks for
    """Entry point for `markdown_extensions: - annals.table_headers`."""
    return TableHeadersExtension(**kwargs)
