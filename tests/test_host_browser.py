"""Chromium against real nginx with the generated configuration: every page, search, charts and
downloads work under the Content-Security-Policy, with no violation reported."""
from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urljoin

import pytest

from annals.build import build_site
from annals.host.run import free_ports, hosted
from annals.host.settings import read_hosting
from annals.host.users import add_user
from browser import RequestLog, chromium
from conftest import ROOT, copy_project
from search_eval import open_search, search

USER, PASSWORD = "lisi", "browser-secret-7"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Every violation the page reports, from the first script on (init scripts are not subject to the policy).
WATCH_VIOLATIONS = """
window.annalsViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.annalsViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostbrowser") / "project")
    (project / "hosting.yml").write_bytes((ROOT / "hosting.yml").read_bytes())
    # A second year, so that the indicator pages draw their charts and the statistics page its trend lines.
    year = (project / "records" / "work" / "2011.yml").read_text(encoding="utf-8")
    year = year.replace("year: 2011", "year: 2012", 1).replace("title: 2011年工作", "title: 2012年工作", 1).replace("value: 689.9\n", "value: 720.5\n", 1)
    (project / "records" / "work" / "2012.yml").write_text(year, encoding="utf-8")
    build_site(project, "public", out=io.StringIO())
    build_site(project, "internal", out=io.StringIO())
    add_user(read_hosting(project).password_file, USER, PASSWORD)
    return project


@pytest.fixture(scope="module")
def host(project: Path):
    with hosted(project, free_ports(2)) as plan:
        yield plan


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.fixture
def context(browser):
    context = browser.new_context(ignore_https_errors=True, accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_VIOLATIONS)
    yield context
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("() => window.annalsViolations")


def csp_messages(log: RequestLog) -> list[str]:
    return [m for m in log.console_errors if "Content Security Policy" in m or "Content-Security-Policy" in m]


def test_every_page_of_the_public_site_loads_with_no_policy_violation(context, host, project):
    page = context.new_page()
    log = RequestLog(page)
    pages = sorted(p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*.html") if p.name != "404.html")
    assert len(pages) > 50
    found = {}
    for relative in pages:
        address = host.public_url + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        response = page.goto(address, wait_until="load")
        assert response.status == 200, address
        page.wait_for_function("() => document.readyState === 'complete'")
        if violations(page):
            found[relative] = violations(page)
    assert not found, found
    assert not csp_messages(log) and not log.console_errors, log.console_errors[:5]
    assert not log.foreign(host.public_url), "no request leaves the site"


def test_the_theme_runs_its_inline_scripts_under_the_policy(context, host):
    page = context.new_page()
    page.goto(host.public_url + "work/2011/")
    assert page.evaluate("() => typeof __md_scope") == "object", "the theme's inline script ran"
    assert page.evaluate("() => document.documentElement.dataset.mdColorScheme || getComputedStyle(document.body).color") != ""
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert not violations(page)


def test_search_works_under_the_policy(browser, host):
    phone = browser.new_context(ignore_https_errors=True, **PHONE)
    phone.add_init_script(WATCH_VIOLATIONS)
    page = phone.new_page()
    log = RequestLog(page)
    page.goto(host.public_url)
    open_search(page)
    results, _ = search(page, "春蕾计划")
    assert results and any("春蕾" in str(r) for r in results[:3]), results[:3]
    assert not violations(page) and not log.console_errors
    phone.close()


def test_charts_keep_their_inline_styles(context, host):
    page = context.new_page()
    page.goto(host.public_url + "statistics/")
    sparkline = page.locator("svg.annals-sparkline").first
    assert sparkline.is_visible() and sparkline.bounding_box()["width"] > 50
    assert sparkline.evaluate("e => getComputedStyle(e).verticalAlign") == "middle"
    stroke = page.locator("svg.annals-sparkline [style*=stroke]").first.evaluate("e => getComputedStyle(e).stroke")
    assert stroke not in ("none", ""), stroke
    assert not violations(page)
    page.goto(host.public_url + "statistics/microcredit-amount/")
    plot = page.locator("svg.annals-chart-plot")
    assert plot.bounding_box()["width"] > 500
    line = plot.locator("g.annals-chart-exact line").first.evaluate("e => getComputedStyle(e).strokeWidth")
    assert line == "2.5px", line
    href = page.get_by_role("link", name="图表（SVG，可插入 WPS、Word 或 PowerPoint）").get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.status == 200 and response.headers["content-type"].startswith("image/svg+xml")
    assert response.body().startswith(b"<?xml")
    assert not violations(page)


def test_downloads_arrive_whole_with_their_types(context, host, project):
    page = context.new_page()
    page.goto(host.public_url + "statistics/downloads/")
    for name, start in (("figures.csv", b"\xef\xbb\xbf"), ("figures.xlsx", b"PK"), ("figures.json", b"{")):
        with page.expect_download() as pending:
            page.locator(f"a[href$='data/{name}']").first.click(modifiers=["Alt"])
        saved = Path(pending.value.path()).read_bytes()
        assert saved == (project / "site" / "data" / name).read_bytes() and saved.startswith(start), name
    assert not violations(page)


def test_the_404_page_is_styled_and_breaks_no_policy(context, host):
    page = context.new_page()
    response = page.goto(host.public_url + "no-such-page/deeper/")
    assert response.status == 404
    assert "找不到这个页面" in page.inner_text("h1")
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert not violations(page)


def test_internal_reference_opens_with_the_password_only(browser, host):
    anonymous = browser.new_context(ignore_https_errors=True)
    try:
        assert anonymous.request.get(host.internal_url).status == 401
        with pytest.raises(Exception, match="ERR_INVALID_AUTH_CREDENTIALS"):  # Chromium shows nothing of the page
            anonymous.new_page().goto(host.internal_url)
    finally:
        anonymous.close()
    staff = browser.new_context(ignore_https_errors=True, http_credentials={"username": USER, "password": PASSWORD}, **PHONE)
    staff.add_init_script(WATCH_VIOLATIONS)
    try:
        page = staff.new_page()
        log = RequestLog(page)
        for path in ("", "work/2011/", "statistics/"):
            assert page.goto(host.internal_url + path).status == 200, path
            assert "内部参考" in page.inner_text(".md-banner")
            assert not violations(page), path
        open_search(page)
        results, _ = search(page, "春蕾计划")
        assert results and not violations(page) and not log.console_errors
    finally:
        staff.close()
