"""Generated Markdown for the default records, compared byte for byte.

After an intended change, regenerate on purpose with: make golden
"""
from __future__ import annotations

from pathlib import Path

import pytest

from annals.build import catalog_for
from annals.render.pages import render_pages
from annals.validate import check

from conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md"))


def current_pages() -> dict[str, str]:
    """The public pages the default records give today."""
    catalog, problems = check(ROOT)
    assert problems == []
    return render_pages(catalog_for(catalog, "public"))


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return current_pages()


def test_golden_set_of_pages_is_the_same(pages):
    assert GOLDEN_PAGES == sorted(pages), "页面增删了：确认无误后运行 make golden 重新生成基准文件"


@pytest.mark.parametrize("relative", GOLDEN_PAGES)
def test_page_matches_golden(pages, relative):
    assert relative in pages, f"{relative} 不再生成；确认无误后运行 make golden"
    assert pages[relative] == (GOLDEN / relative).read_bytes().decode("utf-8")


def write_golden() -> None:
    """Replace the golden pages with today's (only ever run on purpose, by make golden)."""
    for old in GOLDEN.rglob("*.md"):
        old.unlink()
    for relative, content in current_pages().items():
        target = GOLDEN / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8"))


if __name__ == "__main__":
    write_golden()
