"""Both site engines build the default public site from the same configuration, strictly, with the same pages.

"Same pages" means: every file outside the engines' own assets/ folder exists in both
sites, except the files listed in ENGINE_ONLY, which exist in exactly one; and every
HTML page has the same <title> and the same first heading in both.
"""
from __future__ import annotations

import html.parser
import re
import sys
from pathlib import Path

import pytest

from annals.engines import EngineFailed, readable_output, run_zensical
from conftest import copy_project
from engine_build import ENGINES, build_each_engine, build_with

# Each engine's theme files (scripts, styles, search worker, licences): compared by neither.
ENGINE_ASSETS = "assets"
# Files only one engine writes: its search index, a compressed sitemap, the tags index.
ENGINE_ONLY = {
    "material": {"search/search_index.json", "sitemap.xml.gz", "tags.json"},
    "zensical": {"search.json"},
}
HEADING_IDS = re.compile(r"<h[1-6][^>]*\sid=\"([^\"]+)\"")
BROKEN_PAGE = "---\ntitle: 链接有误的页面\n---\n\n# 链接有误的页面\n\n[不存在的页面](missing.md)\n"


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, tuple[int, str, Path]]:
    """The default project built once with each engine: exit status, messages, site folder."""
    return build_each_engine(copy_project(tmp_path_factory.mktemp("engines") / "project"))


def site_files(site: Path) -> set[str]:
    """Every file of a built site outside the engine's assets, as a relative path."""
    return {
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and path.relative_to(site).parts[0] != ENGINE_ASSETS
    }


class _Headings(html.parser.HTMLParser):
    """Collects the <title> and the text of the first <h1>, leaving out permalink anchors."""

    def __init__(self):
        super().__init__()
        self.title, self.h1 = "", ""
        self._in: str | None = None
        self._h1_done = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "title" or (tag == "h1" and not self._h1_done):
            self._in = tag
        elif self._in == "h1" and tag == "a" and "headerlink" in (dict(attrs).get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._skip:
            self._skip -= 1
        elif tag == self._in:
            self._h1_done = self._h1_done or tag == "h1"
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "h1" and not self._skip:
            self.h1 += data


def headings(page: Path) -> tuple[str, str]:
    """A page's title and first heading, whitespace collapsed."""
    parser = _Headings()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(parser.title.split()), " ".join(parser.h1.split())


def html_pages(site: Path) -> list[str]:
    """The site's HTML pages outside the engine's assets, as relative paths."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.relative_to(site).parts[0] != ENGINE_ASSETS)


def test_both_engines_build_the_default_site_strictly(builds):
    for engine, (code, output, site) in builds.items():
        assert code == 0, f"{engine}：{output}"
        assert (site / "index.html").is_file(), engine


def test_both_sites_have_the_same_files_apart_from_the_listed_engine_files(builds):
    files = {engine: site_files(site) for engine, (_, _, site) in builds.items()}
    for engine, only in ENGINE_ONLY.items():
        assert only <= files[engine], f"{engine} 没有写出 {sorted(only - files[engine])}：请更新 ENGINE_ONLY"
    material = files["material"] - ENGINE_ONLY["material"]
    zensical = files["zensical"] - ENGINE_ONLY["zensical"]
    assert sorted(material - zensical) == [] and sorted(zensical - material) == []
    assert len([f for f in material if f.endswith(".html")]) >= 40


def test_every_page_has_the_same_title_and_heading_in_both_sites(builds):
    material, zensical = builds["material"][2], builds["zensical"][2]
    different = [
        f"{page}：{headings(material / page)} ≠ {headings(zensical / page)}"
        for page in html_pages(material)
        if headings(material / page) != headings(zensical / page)
    ]
    assert different == []
    assert headings(zensical / "organization" / "rights-dept" / "index.html") == ("权益部 - 济宁市妇女联合会资料站", "权益部")


def test_every_heading_has_the_same_anchor_in_both_sites(builds):
    """Search results and citations link to sections: the configured slugify must give the same ids."""
    material, zensical = builds["material"][2], builds["zensical"][2]

    def anchors(page: Path) -> list[str]:
        return HEADING_IDS.findall(page.read_text(encoding="utf-8"))

    different = [page for page in html_pages(material) if anchors(material / page) != anchors(zensical / page)]
    assert different == []
    assert "petitions" in anchors(zensical / "work" / "2011" / "index.html")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_broken_link_fails_the_build_with_either_engine(project, engine):
    (project / "docs" / "broken.md").write_text(BROKEN_PAGE, encoding="utf-8")
    code, output = build_with(project, engine)
    assert code == 1
    assert "broken.md" in output and "missing.md" in output
    assert not (project / "site").exists()


def test_zensical_output_is_the_same_bytes_on_a_second_build(builds, tmp_path):
    site = builds["zensical"][2]
    project = site.parent
    run_zensical(project / "annals-public.yml", tmp_path / "again")
    first = {f: (site / f).read_bytes() for f in site_files(site)}
    second = {f: (tmp_path / "again" / f).read_bytes() for f in site_files(tmp_path / "again")}
    assert first.keys() == second.keys()
    assert [f for f in first if first[f] != second[f]] == []


def test_building_with_zensical_not_installed_says_how_to_install_it(project, monkeypatch):
    monkeypatch.setitem(sys.modules, "zensical", None)  # as if the package were absent
    code, output = build_with(project, "zensical")
    assert code == 1
    assert "没有安装 Zensical" in output
    assert "make zensical" in output and ".venv/bin/pip install -r requirements-zensical.txt" in output
    assert not (project / "site").exists()


def test_engine_messages_lose_colour_codes_and_tracebacks():
    text = (
        "Build started\n\x1b[33mWarning:\x1b[0m page does not exist\n  about.md:14:7\n"
        "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n    cli()\n"
        "RuntimeError: Aborted because --strict flag is set\n"
    )
    assert readable_output(text) == [
        "Build started", "Warning: page does not exist", "  about.md:14:7",
        "RuntimeError: Aborted because --strict flag is set",
    ]


def test_a_missing_configuration_file_is_named(tmp_path):
    with pytest.raises(EngineFailed, match="找不到网站配置文件"):
        run_zensical(tmp_path / "annals-public.yml", tmp_path / "site")
