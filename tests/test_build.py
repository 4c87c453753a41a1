"""Pages on disk and the strict MkDocs build."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from annals.build import BuildFailed, build_site, generate, write_pages


def build(project: Path, audience: str = "public") -> str:
    out = io.StringIO()
    build_site(project, audience, out=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One strict build of the default records, shared by the read-only tests."""
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    build(project)
    return project


def test_strict_build_makes_every_page(built):
    site = built / "site"
    for page in ["index.html", "work/2011/index.html", "organization/index.html", "honors/index.html", "404.html", "about/index.html"]:
        assert (site / page).is_file(), page
    assert len(list((site / "programmes").glob("*/index.html"))) == 19


def test_no_third_party_requests_in_pages(built):
    for html in (built / "site").rglob("*.html"):
        content = html.read_text(encoding="utf-8")
        loads = [tag for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", content) if 'rel="canonical"' not in tag]
        assert not [tag for tag in loads if re.search(r'(src|href)="(https?:)?//', tag)], html
        assert "fonts.googleapis" not in content


def test_navigation_is_pruned_to_the_current_section(built):
    """A department page carries its own section's links but not every programme."""
    page = (built / "site" / "organization" / "general-office" / "index.html").read_text(encoding="utf-8")
    assert "women-children-activity-center/" in page
    assert "programmes/chunlei-plan/" not in page


def test_relations_are_linked_both_ways(built):
    year = (built / "docs" / "work" / "2011.md").read_text(encoding="utf-8")
    programme = (built / "docs" / "programmes" / "chunlei-plan.md").read_text(encoding="utf-8")
    assert "../programmes/chunlei-plan.md" in year
    assert "../work/2011.md#chunlei-relief" in programme


def test_json_ld_citation_and_canonical_link(built):
    page = (built / "site" / "organization" / "index.html").read_text(encoding="utf-8")
    assert '<script type="application/ld+json">' in page and "GovernmentOrganization" in page
    assert '<link rel="canonical" href="https://www.example.org/jnfl/organization/">' in page
    year = (built / "site" / "work" / "2011" / "index.html").read_text(encoding="utf-8")
    assert "引用格式（GB/T 7714）" in year and "济宁市妇女联合会[EB/OL]" in year


def test_chinese_404_page(built):
    assert "找不到这个页面" in (built / "site" / "404.html").read_text(encoding="utf-8")


def test_rebuild_rewrites_nothing_and_removes_stale_pages(project):
    first = build(project)
    assert "更新 78" in first
    stale = project / "docs" / "programmes" / "chunlei-plan.md"
    (project / "records" / "programmes" / "chunlei-plan.yml").unlink()
    text = (project / "records" / "work" / "2011.yml").read_text(encoding="utf-8")
    (project / "records" / "work" / "2011.yml").write_text(text.replace("- chunlei-plan\n", "- hotline-12338\n"), encoding="utf-8")
    for indicator in (project / "records" / "indicators").glob("*.yml"):
        indicator.write_text(indicator.read_text(encoding="utf-8").replace("programme: chunlei-plan\n", ""), encoding="utf-8")
    _, pages, report = generate(project, "public")
    assert not stale.exists()
    assert report.removed == ["programmes/chunlei-plan.md"]
    _, _, again = generate(project, "public")
    assert again.written == [] and again.removed == []


def test_hand_written_pages_are_never_touched(project):
    about = project / "docs" / "about.md"
    before = about.read_bytes()
    build(project)
    assert about.read_bytes() == before
    (project / "docs" / "work").mkdir(exist_ok=True)
    (project / "docs" / "work" / "2011.md").write_text("# 手写\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="手写页面"):
        write_pages(project / "docs", {"work/2011.md": "---\ntitle: x\n---\n"})
    assert (project / "docs" / "work" / "2011.md").read_text(encoding="utf-8") == "# 手写\n"


def test_internal_rebuild_rewrites_nothing(project):
    build(project, "internal")
    staged = sorted(p for p in (project / ".cache" / "annals" / "docs-internal").rglob("*") if p.is_file())
    before = {p: p.stat().st_mtime_ns for p in staged}
    assert "更新 0，未变 78" in build(project, "internal")
    assert {p: p.stat().st_mtime_ns for p in staged} == before


def test_placeholder_address_is_pointed_out(project):
    assert "仍是示例地址 https://www.example.org/jnfl/" in build(project)


def test_broken_link_in_a_hand_written_page_is_explained_in_chinese(project):
    (project / "docs" / "about.md").write_text("---\ntitle: 关于\n---\n\n见[不存在](missing.md)\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project)
    assert "docs/about.md：链接 missing.md 指向的页面不存在" in str(failure.value)
    assert "Aborted" not in str(failure.value)


def test_an_anniversary_is_the_occasion_of_its_work_and_no_figure_anywhere(built):
    year = (built / "docs" / "work" / "2011.md").read_text(encoding="utf-8")
    assert "纪念：中国共产党成立90周年" in year
    home = (built / "docs" / "index.md").read_text(encoding="utf-8")
    figures = {name: (built / "site" / "data" / name).read_text(encoding="utf-8-sig") for name in ("figures.csv", "figures.json")}
    for shown in [home, (built / "docs" / "statistics" / "figures.md").read_text(encoding="utf-8"), *figures.values()]:
        assert "周年" not in shown


def test_normalised_values_are_grouped_on_pages_and_plain_in_downloads(built):
    page = (built / "docs" / "statistics" / "microcredit-amount.md").read_text(encoding="utf-8")
    assert "6,899,000元" in page and "6899000元" not in page
    csv = (built / "site" / "data" / "figures.csv").read_text(encoding="utf-8-sig")
    assert "6899000" in csv and "6,899,000" not in csv
