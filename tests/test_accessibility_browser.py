"""Accessibility in Chromium: WCAG 2.1 A and AA on every page of the site, the internal reference and the archive.

axe-core (npm package pinned in package.json) checks every page of each output at a
phone's and a desktop's width. Further checks cover what a rule engine cannot see:
reflow at 320 CSS px and 200% zoom, text enlarged to 200%, the skip link, search and
navigation by keyboard with a visible focus, header cells with scope, the page
language and link texts.
"""
from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
import urllib.parse
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from annals.archive import build_archive
from annals.build import build_site
from browser import chromium, serve_folder
from conftest import ROOT, copy_project

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = 390
WIDTHS = [PHONE, 1280]
# 320 CSS px wide: what a 640 px window shows at 200% zoom (WCAG's reflow width).
REFLOW = {"width": 320, "height": 640}
OUTPUTS = ["public", "internal", "archive"]
LANGUAGE = "zh-CN"
REDIRECT = re.compile(r'<meta\s+http-equiv="refresh"', re.IGNORECASE)
# A page served for any missing address (404.html) addresses its assets from the site's path.
ROOTED_ASSET = re.compile(r'href="(/[^"]*?)assets/stylesheets/')
# Link texts that do not say where a link goes, alone or followed by nothing.
VAGUE_LINK_TEXTS = ["查看", "更多", "详情", "点击", "点击这里", "这里", "此处", "链接", "跳转至", "进入"]

RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(result => result.violations.flatMap(v => v.nodes.map(n => ({
    rule: v.id, impact: v.impact, help: v.help, target: n.target.join(' '), html: n.html,
  }))))"""

# Checks of the page's structure that axe-core leaves to people.
PAGE_RULES = """([language, vague]) => {
  const found = [];
  const report = (rule, help, element) => found.push({
    rule, impact: 'annals', help, target: element.tagName.toLowerCase(), html: element.outerHTML.slice(0, 300),
  });
  const html = document.documentElement;
  if (html.lang !== language) report('page-language', `页面语言应为 ${language}`, html);
  for (const cell of document.querySelectorAll('table th')) {
    if (!['col', 'row', 'colgroup', 'rowgroup'].includes(cell.getAttribute('scope'))) {
      report('th-scope', '表头单元格缺少 scope', cell);
    }
  }
  for (const link of document.querySelectorAll('a[href]')) {
    const text = (link.getAttribute('aria-label') || link.textContent).replace(/\\s+/g, '');
    if (vague.includes(text)) report('link-text', '链接文字没有说明去向', link);
  }
  return found;
}"""

# Elements that scroll sideways although they hold text and no table (tables may scroll).
SIDEWAYS = """() => {
  const page = document.scrollingElement;
  const found = page.scrollWidth > page.clientWidth ? [`page ${page.scrollWidth} > ${page.clientWidth}`] : [];
  for (const element of document.body.querySelectorAll('*')) {
    if (element.scrollWidth <= element.clientWidth + 1 || element.querySelector('table')) continue;
    const overflow = getComputedStyle(element).overflowX;
    if (!['auto', 'scroll'].includes(overflow) || !element.innerText.trim()) continue;
    if (element.clientWidth === 0 || !element.checkVisibility({visibilityProperty: true})) continue;
    found.push(`${element.tagName.toLowerCase()}.${element.className} ${element.scrollWidth} > ${element.clientWidth}`);
  }
  return found;
}"""

DOUBLE_TEXT = """() => {
  const root = document.documentElement;
  root.style.fontSize = 2 * parseFloat(getComputedStyle(root).fontSize) + 'px';
}"""


@dataclass(frozen=True)
class Finding:
    """One element that breaks one rule on one page."""

    page: str
    width: int
    rule: str
    impact: str
    help: str
    target: str
    html: str

    def line(self) -> str:
        """Where, which rule and which element, on one line."""
        snippet = " ".join(self.html.split())[:200]
        return f"{self.page} @{self.width}px: {self.rule} ({self.impact}: {self.help}) {self.target} {snippet}"


def html_pages(folder: Path) -> list[Path]:
    """Every HTML page under folder, sorted, except pages that only redirect elsewhere."""
    pages = sorted(folder.rglob("*.html"))
    return [p for p in pages if not REDIRECT.search(p.read_text(encoding="utf-8", errors="replace")[:4000])]


def site_path(site: Path) -> str:
    """The path the site lives under on its server (from site_url), as its 404 page addresses it."""
    missing = site / "404.html"
    found = ROOTED_ASSET.search(missing.read_text(encoding="utf-8")) if missing.exists() else None
    return found.group(1) if found else "/"


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """Serve a built site under its own path (e.g. /jnfl/); yields the site's base URL."""
    prefix = site_path(site).strip("/") or "site"
    with tempfile.TemporaryDirectory() as folder:
        mount = Path(folder).joinpath(*prefix.split("/"))
        mount.parent.mkdir(parents=True, exist_ok=True)
        mount.symlink_to(site.resolve(), target_is_directory=True)
        with serve_folder(Path(folder)) as base:
            yield f"{base}{prefix}/"


def addresses(site: Path, base: str | None) -> list[tuple[str, str]]:
    """(name, URL) of every page: on the server at base, or from file:// when base is None."""
    names = [p.relative_to(site).as_posix() for p in html_pages(site)]
    if base is None:
        return [(name, (site / name).as_uri()) for name in names]
    return [(name, base + urllib.parse.quote(name)) for name in names]


def audit(page, name: str, url: str, width: int) -> list[Finding]:
    """Open url and list what axe-core's WCAG 2.1 A/AA rules and the page rules find there."""
    page.goto(url, wait_until="load")
    found = page.evaluate(RUN_AXE, WCAG_TAGS) + page.evaluate(PAGE_RULES, [LANGUAGE, VAGUE_LINK_TEXTS])
    findings = [Finding(name, width, f["rule"], f["impact"], f["help"], f["target"], f["html"]) for f in found]
    return findings + (enlarged(page, name) if width == PHONE else [])


def enlarged(page, name: str) -> list[Finding]:
    """Sideways scrolling at 320 CSS px (a 640 px window at 200% zoom), then with the text twice as large."""
    phone = page.viewport_size
    page.set_viewport_size(REFLOW)
    found = [Finding(name, REFLOW["width"], "reflow", "annals", "320 CSS 像素宽时需要左右滚动", element, "")
             for element in page.evaluate(SIDEWAYS)]
    page.set_viewport_size(phone)
    page.evaluate(DOUBLE_TEXT)
    found += [Finding(name, phone["width"], "text-200", "annals", "字号放大一倍后需要左右滚动", element, "")
              for element in page.evaluate(SIDEWAYS)]
    return found


def report(findings: list[Finding]) -> str:
    """The findings, one line each, after a count."""
    return f"{len(findings)} 处问题：\n" + "\n".join(f.line() for f in findings)


# --- the three outputs, built once --------------------------------------------------------


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """The public site, the internal reference and the unpacked archive of one project copy."""
    project = copy_project(tmp_path_factory.mktemp("accessibility") / "project")
    build_site(project, "public", out=io.StringIO())
    build_site(project, "internal", out=io.StringIO())
    with contextlib.redirect_stdout(io.StringIO()):
        archive = build_archive(project)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(project / "unpacked")
    (top,) = (project / "unpacked").iterdir()
    return {"public": project / "site", "internal": project / "site-internal", "archive": top}


@pytest.fixture(scope="module")
def pages(outputs: dict[str, Path]) -> Iterator[dict[str, list[tuple[str, str]]]]:
    """Every page of every output: the sites on a local server, the archive from file://."""
    with served(outputs["public"]) as public, served(outputs["internal"]) as internal:
        yield {
            "public": addresses(outputs["public"], public),
            "internal": addresses(outputs["internal"], internal),
            "archive": addresses(outputs["archive"], None),
        }


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def audits(browser, pages) -> dict[tuple[str, int], list[Finding]]:
    """Findings of every page of every output at each width: one browser context per width."""
    found: dict[tuple[str, int], list[Finding]] = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.set_default_timeout(30_000)
        for output in OUTPUTS:
            found[output, width] = [f for name, url in pages[output] for f in audit(page, f"{output}/{name}", url, width)]
        context.close()
    return found


# --- every page: axe-core and the page rules ----------------------------------------------


def test_axe_core_is_the_pinned_package():
    assert AXE.is_file(), "缺少 node_modules/axe-core/axe.min.js：请运行 make deps"
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"]
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]["node_modules/axe-core"]
    installed = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), f"axe-core must be pinned exactly, not {pinned!r}"
    assert pinned == locked["version"] == installed


def test_axe_core_finds_pink_links_on_white(browser):
    page = browser.new_page()
    page.set_content('<html lang="zh-CN"><head><title>试验</title></head><body><main>'
                     '<p style="color:#000">年度工作<a href="#a" style="color:#ed5487">组织机构</a></p></main></body></html>')
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_AXE, WCAG_TAGS)
    page.close()
    assert [f["rule"] for f in found] == ["color-contrast"] and "组织机构" in found[0]["html"]


def test_every_output_is_checked_page_by_page(pages, outputs):
    for output, folder in outputs.items():
        every = {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}
        skipped = sorted(every - set(dict(pages[output])))
        # Only the archive's entry page is left out: it does nothing but forward to data/index.html.
        assert skipped == (["index.html"] if output == "archive" else []), f"{output}: {skipped}"
        assert len(every) > 40
    assert "404.html" in dict(pages["public"]) and "说明.html" in dict(pages["archive"])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("output", OUTPUTS)
def test_no_wcag_21_aa_violations(audits, output: str, width: int):
    found = [f for f in audits[output, width] if f.impact != "annals"]
    assert not found, report(found)


@pytest.mark.parametrize("rule", ["page-language", "th-scope", "link-text"])
def test_page_rules_hold_on_every_page(audits, rule: str):
    found = [f for findings in audits.values() for f in findings if f.rule == rule]
    assert not found, report(found)


def test_page_rules_catch_what_they_look_for(browser):
    page = browser.new_page()
    page.set_content('<html lang="zh"><body><table><tr><th>年份</th></tr></table><a href="x">查看</a></body></html>')
    found = page.evaluate(PAGE_RULES, [LANGUAGE, VAGUE_LINK_TEXTS])
    page.close()
    assert sorted(f["rule"] for f in found) == ["link-text", "page-language", "th-scope"]


def test_tables_of_figures_have_column_headers(outputs):
    levels = (outputs["public"] / "honors" / "levels" / "index.html").read_text(encoding="utf-8")
    assert levels.count('<th scope="col">') >= 3


# --- reflow and enlarged text --------------------------------------------------------------


@pytest.mark.parametrize("output", OUTPUTS)
def test_pages_reflow_at_320_css_px_and_200_percent_zoom(audits, output: str):
    found = [f for f in audits[output, PHONE] if f.rule == "reflow"]
    assert not found, report(found)


@pytest.mark.parametrize("output", OUTPUTS)
def test_text_enlarged_to_200_percent_needs_no_sideways_scrolling(audits, output: str):
    found = [f for f in audits[output, PHONE] if f.rule == "text-200"]
    assert not found, report(found)


def test_sideways_check_sees_a_scrolling_code_block(browser):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.set_content('<pre style="overflow-x:auto"><code>' + "济宁市妇女联合会" * 20 + "</code></pre>")
    found = page.evaluate(SIDEWAYS)
    page.close()
    assert found and found[0].startswith("pre")


# --- keyboard --------------------------------------------------------------------------------

RECORD_PAGE = "organization/rights-dept/index.html"
COPY_BUTTON = "button[data-md-type='copy'], button.md-clipboard"
FOCUS_RING = """element => {
  const style = getComputedStyle(element);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
}"""
ON_SCREEN = """element => {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
    && box.right <= innerWidth && box.bottom <= innerHeight && getComputedStyle(element).opacity === '1';
}"""


@pytest.fixture
def keyboard(browser, request):
    """A page at the width given by the test's parameter, used by keyboard alone."""
    context = browser.new_context(viewport={"width": request.param, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def tab_to(page, selector: str, limit: int = 60):
    """Press Tab until the focus is on an element matching selector; that element, or None."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("() => document.activeElement")
        if focused.evaluate("(element, selector) => element.matches(selector)", selector):
            return focused
    return None


def url_of(pages, name: str) -> str:
    return dict(pages["public"])[name]


@pytest.mark.parametrize("keyboard", WIDTHS, indirect=True)
@pytest.mark.parametrize("name", [RECORD_PAGE, "index.html", "404.html"])
def test_first_tab_shows_a_skip_link_to_the_content(keyboard, pages, name: str):
    keyboard.goto(url_of(pages, name))
    keyboard.keyboard.press("Tab")
    skip = keyboard.evaluate_handle("() => document.activeElement")
    assert skip.evaluate("e => e.classList.contains('md-skip') && e.textContent.trim()") == "跳到正文"
    keyboard.wait_for_timeout(400)  # the link slides in
    assert skip.evaluate(ON_SCREEN) and skip.evaluate(FOCUS_RING)
    target = skip.evaluate("e => e.hash.slice(1)")
    keyboard.keyboard.press("Enter")
    keyboard.wait_for_timeout(200)
    assert keyboard.evaluate("() => decodeURIComponent(location.hash.slice(1))") == urllib.parse.unquote(target)
    heading = keyboard.locator(f"[id='{urllib.parse.unquote(target)}']")
    assert heading.evaluate("e => e.closest('.md-content') !== null && e.getBoundingClientRect().top < innerHeight")


@pytest.mark.parametrize("keyboard", [1280], indirect=True)
def test_search_by_keyboard_alone_with_a_visible_focus(keyboard, pages):
    keyboard.goto(url_of(pages, RECORD_PAGE))
    box = tab_to(keyboard, "input.md-search__input")
    assert box is not None, "Tab never reaches the search box"
    assert box.evaluate(FOCUS_RING)
    keyboard.keyboard.insert_text("春蕾计划")
    keyboard.keyboard.press("End")
    keyboard.wait_for_selector(".md-search-result__item")
    keyboard.wait_for_timeout(600)  # later results may still replace the first ones
    keyboard.keyboard.press("ArrowDown")
    result = keyboard.evaluate_handle("() => document.activeElement")
    assert result.evaluate("e => e.matches('.md-search-result__link')") and result.evaluate(FOCUS_RING)
    address = result.evaluate("e => e.href")
    keyboard.keyboard.press("Enter")
    keyboard.wait_for_url(address)


@pytest.mark.parametrize("keyboard", [390], indirect=True)
def test_phone_header_buttons_work_by_keyboard(keyboard, pages):
    keyboard.goto(url_of(pages, RECORD_PAGE))
    menu = tab_to(keyboard, "label[for='__drawer'][role='button']")
    assert menu is not None and menu.evaluate(FOCUS_RING) and menu.get_attribute("aria-label") == "打开导航菜单"
    keyboard.keyboard.press("Enter")
    keyboard.wait_for_timeout(500)
    assert keyboard.evaluate("() => document.getElementById('__drawer').checked")
    focused = keyboard.evaluate_handle("() => document.activeElement")
    assert focused.evaluate("e => e.closest('.md-sidebar--primary') !== null") and focused.evaluate(ON_SCREEN)
    keyboard.keyboard.press("Escape")
    keyboard.wait_for_timeout(400)
    assert not keyboard.evaluate("() => document.getElementById('__drawer').checked")
    search = tab_to(keyboard, "label[for='__search'][role='button']")
    assert search is not None
    keyboard.keyboard.press("Enter")
    keyboard.wait_for_timeout(400)
    assert keyboard.evaluate("() => document.activeElement.matches('input.md-search__input')")


@pytest.mark.parametrize("keyboard", [390], indirect=True)
def test_closed_drawer_keeps_its_links_out_of_the_tab_order(keyboard, pages):
    keyboard.goto(url_of(pages, RECORD_PAGE))
    for _ in range(12):
        keyboard.keyboard.press("Tab")
        focused = keyboard.evaluate_handle("() => document.activeElement")
        assert not focused.evaluate("e => e.closest('.md-sidebar--primary') !== null"), "focus went into the closed drawer"


@pytest.mark.parametrize("keyboard", WIDTHS, indirect=True)
def test_copy_citation_by_keyboard(keyboard, pages):
    keyboard.goto(url_of(pages, RECORD_PAGE))
    button = tab_to(keyboard, COPY_BUTTON, limit=120)
    assert button is not None, "Tab never reaches the copy button"
    assert button.evaluate(FOCUS_RING) and button.evaluate(ON_SCREEN)
    keyboard.keyboard.press("Enter")
    keyboard.wait_for_timeout(300)
    citation = keyboard.locator("pre code").first.inner_text()
    assert keyboard.evaluate("() => navigator.clipboard.readText()").strip() == citation.strip()


def test_404_page_served_away_from_its_stylesheet_hides_the_theme_toggles(browser, outputs):
    # A server may show 404.html for a missing address outside the site's path: its assets then fail to load.
    with serve_folder(outputs["public"]) as root:
        context = browser.new_context(viewport={"width": PHONE, "height": 900})
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        found = audit(page, "404.html", root + "404.html", PHONE)
        unstyled = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "static"
        context.close()
    assert unstyled, "the 404 page found its stylesheet: this test no longer shows the unstyled case"
    assert not [f for f in found if f.rule == "label"], report(found)
