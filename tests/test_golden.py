"""Generated Markdown for the default records, compared byte for byte.

After an intended change, regenerate with: UPDATE_GOLDEN=1 make test
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from annals.build import catalog_for
from annals.render.pages import render_pages
from annals.validate import check

from conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"


def current_pages() -> dict[str, str]:
    catalog, problems = check(ROOT)
    assert problems == []
    return render_pages(catalog_for(catalog, "public"))


PAGES = current_pages()


def test_golden_set_of_pages_is_the_same():
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for relative, content in PAGES.items():
            target = GOLDEN / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8"))
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md"))
    assert expected == sorted(PAGES)


@pytest.mark.parametrize("relative", sorted(PAGES))
def test_page_matches_golden(relative):
    golden = GOLDEN / relative
    assert golden.exists(), f"没有 {relative} 的基准文件；确认无误后用 UPDATE_GOLDEN=1 重新生成"
    assert PAGES[relative] == golden.read_bytes().decode("utf-8")
