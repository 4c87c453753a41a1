"""The editor as a new editor uses it: Chromium, the Chinese Decap CMS served by `annals edit`, the live preview.

One walk through the real thing on a copy of the project: add an honor (recipient from the dropdown), add an
indicator and a figure for it to 2011, see the check's Chinese message for a bad unit and fix it, review a
drafted year made from a yearbook entry written for this test and accept it. Afterwards `annals check`
passes, the preview shows all of it, and no request of the browser left 127.0.0.1.
"""
from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from browser import chromium
from conftest import copy_project

ROOT = Path(__file__).resolve().parent.parent
ANNALS = [sys.executable, "-m", "annals"]
ENTRY = ROOT / "tests" / "fixtures" / "editor" / "yearbook-entry-2011.txt"
LOCAL = re.compile(r"^(http://127\.0\.0\.1:\d+/|data:|blob:|about:)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return ""


def wait_for_text(url: str, text: str, seconds: float = 90) -> float:
    """Seconds until the page at url contains text (fails after `seconds`)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if text in fetch(url):
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"{url} did not show {text!r} within {seconds} s")


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """`annals edit` on a copy of the project with a drafted year waiting in drafts/."""
    root = copy_project(tmp_path_factory.mktemp("editor") / "project")
    drafted = subprocess.run([*ANNALS, "--root", str(root), "draft", str(ENTRY), "--out", str(root / "drafts")], capture_output=True, text=True)
    assert drafted.returncode == 0, drafted.stdout + drafted.stderr
    assert (root / "drafts" / "work" / "2011.yml").is_file()
    port = free_port()
    process = subprocess.Popen([*ANNALS, "--root", str(root), "edit", "--port", str(port)], stdout=subprocess.PIPE, text=True)
    lines = [process.stdout.readline() for _ in range(3)]
    assert lines[0].strip() == f"编辑器地址：http://127.0.0.1:{port}/", lines
    preview = re.search(r"http://127\.0\.0\.1:\d+/", lines[1]).group(0)
    wait_for_text(preview, "济宁市妇女联合会", seconds=180)
    yield {"root": root, "url": f"http://127.0.0.1:{port}/", "port": port, "preview": preview, "process": process}
    stop(process)


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C, as an editor stops it; killed only if it does not stop."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def label_for(page, text: str):
    """The last visible form control labelled exactly text (Decap repeats labels in lists)."""
    labels = page.locator("label:visible").filter(has_text=re.compile(rf"^{re.escape(text)}( \(可选\))?$"))
    labels.last.wait_for()
    return page.locator(f"[id='{labels.last.get_attribute('for')}']")


def fill(page, label: str, value: str) -> None:
    """Type into a labelled field; Decap may draw a new form once more just after opening it."""
    for attempt in range(5):
        try:
            control = label_for(page, label)
            control.fill(value, timeout=3000)
            page.wait_for_timeout(100)
            if control.input_value() == value:
                return
            raise AssertionError(f"{label}: {control.input_value()!r} instead of {value!r}")
        except Exception:
            if attempt == 4:
                raise
            page.wait_for_timeout(500)


def pick(page, label: str, option: str, typed: str | None = None) -> None:
    """Open a dropdown by its label and choose an option by its Chinese text."""
    control = label_for(page, label)
    control.click()
    if typed:
        page.keyboard.insert_text(typed)
    page.get_by_text(option, exact=True).last.click()


def publish(page) -> None:
    """Decap's save in the simple publishing mode: 发布 → 立即发布; waits for the check to answer."""
    before = page.evaluate("fetch('/editor/api/status').then(r => r.json()).then(s => s.checked_at)")
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布", exact=True).click()
    page.wait_for_function(
        "before => fetch('/editor/api/status').then(r => r.json()).then(s => s.checked_at > before)", arg=before, timeout=30000
    )
    page.wait_for_url(re.compile(r"#/collections/[^/]+/entries/[^/]+$"))  # a new record: Decap opens it under its id
    page.get_by_text("已发布", exact=True).wait_for()


def status_text(page) -> str:
    return page.locator("#annals-panel").inner_text()


def test_a_new_editor_adds_fixes_reviews_and_sees_it_in_the_preview(editor):
    root, url, preview = editor["root"], editor["url"], editor["preview"]
    requests: list[str] = []
    errors: list[str] = []
    with chromium() as browser:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        page.get_by_role("button", name="登录").click()
        assert page.get_by_text("待审核·年度工作").is_visible()
        assert "检查通过" in status_text(page)

        # An honor, its recipient picked from the dropdown of units by Chinese name.
        page.get_by_role("link", name="荣誉", exact=True).click()
        page.locator("a:visible", has_text="＋ 荣誉").click()
        fill(page, "荣誉称号", "全国巾帼文明示范岗")
        pick(page, "级别", "国家级")
        fill(page, "授予机关", "全国妇联")
        fill(page, "年份", "2011")
        pick(page, "获奖单位编号", "儿童部（children-dept）")
        publish(page)
        honor = root / "records" / "honors" / "quan-guo-jin-guo-wen-ming.yml"
        assert honor.is_file(), sorted(p.name for p in honor.parent.iterdir())
        assert yaml.safe_load(honor.read_text(encoding="utf-8"))["recipient"] == "children-dept"
        assert honor.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema/honors.schema.json\ntitle: 全国巾帼文明示范岗\nlevel: national\n")
        assert "quan-guo-jin-guo-wen-ming" in status_text(page)  # the new id is shown

        # A record saved with nothing that matters changed: the file stays as it was, byte for byte.
        year_file = root / "records" / "work" / "2011.yml"
        before = year_file.read_bytes()
        page.goto(url + "#/collections/work")
        page.locator("a:visible", has_text="2011年工作（2011）").click()
        fill(page, "待审核说明", "看一看")
        fill(page, "待审核说明", "")  # Decap now sends an empty review field the file never had
        publish(page)
        assert year_file.read_bytes() == before

        # An indicator, then a figure of 2011 that counts it, first with a unit that cannot be compared.
        page.goto(url + "#/collections/indicators")
        page.locator("a:visible", has_text="＋ 统计指标").click()
        fill(page, "指标名称", "家庭教育讲座场次")
        fill(page, "基本单位", "场")
        fill(page, "统计的是什么", "当年举办的家庭教育讲座场数")
        publish(page)
        assert (root / "records" / "indicators" / "jia-ting-jiao-yu-jiang-zuo.yml").is_file()
        page.goto(url + "#/collections/work")
        page.locator("a:visible", has_text="2011年工作（2011）").click()
        page.get_by_role("button", name="展开或收起“创业就业”").click()
        page.get_by_role("button", name="展开或收起“家政服务进社区安置上岗”").click()
        page.locator("button:visible", has_text="新增数字").first.click()
        fill(page, "统计的内容", "家庭教育讲座")
        fill(page, "数值", "18")
        fill(page, "单位", "人")
        pick(page, "统计指标编号", "家庭教育讲座场次", typed="家庭教育")
        publish(page)
        problems = status_text(page)
        assert "records/work/2011.yml" in problems and "jia-ting-jiao-yu-jiang-zuo" in problems and "不能比较" in problems, problems
        assert "预览保持上一次通过检查的版本" in problems
        assert "家庭教育讲座" not in fetch(preview + "work/2011/")  # what the check rejects never reaches the preview
        fill(page, "单位", "场")
        clicked = time.monotonic()
        publish(page)
        answered = time.monotonic()
        assert "检查通过" in status_text(page), status_text(page)
        wait_for_text(preview + "statistics/jia-ting-jiao-yu-jiang-zuo/", "18场")
        seconds_to_preview = time.monotonic() - clicked
        seconds_after_check = time.monotonic() - answered

        # The drafted year: review one item, accept it, and see it joined the existing 2011 file.
        page.goto(url + "#/collections/drafts-work")
        page.locator("a:visible", has_text="2011年工作（2011）").click()
        page.get_by_role("button", name="展开或收起“妇女工作”").click()
        page.get_by_role("button", name=re.compile("展开或收起“市妇联在全市开展")).click()
        reviews = page.locator("label:visible").filter(has_text="待审核说明")
        assert reviews.count() == 3  # the year, its theme and the open item, each beside what it concerns
        item_review = page.locator(f"[id='{reviews.nth(2).get_attribute('for')}']")
        assert "36支（志愿者队伍）" in item_review.input_value()
        page.locator(f"[id='{reviews.nth(1).get_attribute('for')}']").fill("")
        item_review.fill("")
        title = page.locator("label:visible").filter(has_text=re.compile("^标题$")).last
        page.locator(f"[id='{title.get_attribute('for')}']").fill("巾帼护河志愿服务")
        publish(page)
        page.get_by_role("button", name="接受已审核的内容，移入 records/").click()
        page.wait_for_url(re.compile(r"#/collections/work$"))
        page.get_by_text("已把 1 个事项并入 records/work/2011.yml").wait_for()
        expect(page.locator("#annals-panel")).to_contain_text("检查通过")  # the panel refreshes its status on its own
        page.get_by_role("button", name="在旁边显示网站预览").click()
        frame = page.frame_locator("iframe[title='网站预览']")
        frame.get_by_role("link", name="荣誉", exact=True).first.click()
        frame.locator(".md-content").get_by_text("全国巾帼文明示范岗").first.wait_for(timeout=60000)  # the preview beside the forms
        page.get_by_role("button", name="收起网站预览").click()
        page.goto(preview + "work/2011/")
        for text in ("巾帼护河志愿服务", "家庭教育讲座"):
            page.wait_for_function("text => document.body.innerText.includes(text)", arg=text, timeout=90000)
        page.goto(preview + "honors/")
        assert "全国巾帼文明示范岗" in page.inner_text("body")
        context.close()

    year = yaml.safe_load((root / "records" / "work" / "2011.yml").read_text(encoding="utf-8"))
    theme = next(theme for theme in year["themes"] if theme["title"] == "妇女工作")
    assert [item["title"] for item in theme["items"]] == ["巾帼护河志愿服务"]
    assert len(year["themes"]) == 5 and year["themes"][0]["id"] == "entrepreneurship-employment"
    left = (root / "drafts" / "work" / "2011.yml").read_text(encoding="utf-8")
    assert "家庭教育讲座18场" in left and "巾帼护河" not in left  # the unreviewed item waits in the draft
    checked = subprocess.run([*ANNALS, "--root", str(root), "check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    outside = [request for request in requests if not LOCAL.match(request)]
    assert outside == [], outside
    assert errors == [], errors
    print(f"\n点“立即发布”到预览更新：{seconds_to_preview:.2f} 秒（其中检查结果显示之后 {seconds_after_check:.2f} 秒）；"
          f"浏览器请求 {len(requests)} 个，全部发往 127.0.0.1")


def post(url: str, body: dict, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **headers}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_other_origins_and_writes_outside_records_are_refused(editor):
    url, port, root = editor["url"], editor["port"], editor["root"]
    entry = {"action": "persistEntry", "params": {"branch": "main", "assets": [], "dataFiles": [{"path": "mkdocs.yml", "slug": "x", "raw": "a: 1\n"}]}}
    status, body = post(url + "api/v1", entry, {"Origin": "http://evil.example"})
    assert status == 403 and "拒绝" in body["error"]
    status, body = post(url + "api/v1", entry, {"Origin": f"http://127.0.0.1:{port}"})
    assert status == 422 and "records/" in body["error"]
    escape = {**entry, "params": {**entry["params"], "dataFiles": [{"path": "records/../mkdocs.yml", "slug": "x", "raw": "a: 1\n"}]}}
    status, body = post(url + "api/v1", escape, {"Origin": f"http://127.0.0.1:{port}"})
    assert status == 422
    assert (root / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()
    # decap-server itself answers only the editor's server: a page in the browser cannot reach it directly.
    backend_port = None
    for child in subprocess.run(["pgrep", "-P", str(editor["process"].pid)], capture_output=True, text=True).stdout.split():
        environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
        if b"MODE=fs" in environ:
            backend_port = int(next(item for item in environ if item.startswith(b"PORT="))[5:])
    assert backend_port is not None
    info = {"action": "info"}
    status, body = post(f"http://127.0.0.1:{backend_port}/api/v1", info, {"Origin": f"http://127.0.0.1:{port}"})
    assert status == 403
    status, body = post(f"http://127.0.0.1:{backend_port}/api/v1", info, {"Host": f"rebound.example:{backend_port}"})
    assert status == 403
    status, body = post(f"http://127.0.0.1:{backend_port}/api/v1", info, {})
    assert status == 200 and body["type"] == "local_fs"
    rebound = urllib.request.Request(url, headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(rebound, timeout=10)
    assert refused.value.code == 403


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(result => result.violations.flatMap(v => v.nodes.map(n => v.id + ': ' + v.help + ' — ' + n.html.slice(0, 200))))"""
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, WCAG_TAGS)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_editor_pages_pass_axe_core(editor, width):
    """WCAG 2.1 A/AA on every kind of editor page, Decap's own parts included, with a problem in the panel."""
    url, root = editor["url"], editor["root"]
    found: dict[str, list[str]] = {}
    with chromium() as browser:
        page = browser.new_page(locale="zh-CN", viewport={"width": width, "height": 900})
        page.goto(url)
        page.get_by_role("button", name="登录").wait_for()
        found["登录页"] = axe(page)
        page.get_by_role("button", name="登录").click()
        page.get_by_text("待审核·年度工作").wait_for()
        found["集合列表"] = axe(page)
        page.goto(url + "#/collections/honors")
        page.locator("a:visible", has_text="＋ 荣誉").click()
        label_for(page, "荣誉称号")
        found["新建荣誉"] = axe(page)
        page.get_by_role("button", name="在旁边显示网站预览").click()
        page.frame_locator("iframe[title='网站预览']").get_by_text("济宁市妇女联合会").first.wait_for()
        found["新建荣誉（旁边是预览）"] = axe(page)
        page.get_by_role("button", name="收起网站预览").click()
        page.goto(url + "#/collections/work")
        page.locator("a:visible", has_text="2011年工作（2011）").click()
        page.get_by_role("button", name="展开或收起“创业就业”").click()
        page.get_by_role("button", name="展开或收起“小额担保贴息贷款和信贷助推资金”").click()
        found["年度工作（展开）"] = axe(page)
        label_for(page, "相关部门、单位编号").click()
        page.wait_for_timeout(600)  # the label's colour fades to the focused one
        found["下拉列表"] = axe(page)
        page.keyboard.press("Escape")
        (root / "drafts" / "honors").mkdir(parents=True, exist_ok=True)
        (root / "drafts" / "honors" / "bad.yml").write_text("title: 一项荣誉\nlevel: guojia\nyear: 2011\nrecipient: organization\n", encoding="utf-8")
        page.goto(url + "#/collections/drafts-honors")
        page.locator("a:visible", has_text="一项荣誉").click()
        label_for(page, "荣誉称号")
        page.get_by_role("button", name="接受已审核的内容，移入 records/").click()
        page.locator("#annals-message").filter(has_text="guojia").wait_for()
        found["草稿（有问题）"] = axe(page)
        page.goto(url + "#/media")
        page.wait_for_timeout(500)
        found["媒体"] = axe(page)
    (root / "drafts" / "honors" / "bad.yml").unlink()
    assert {name: rules for name, rules in found.items() if rules} == {}


def test_ctrl_c_stops_the_editor_decap_server_and_the_preview(editor):
    process = editor["process"]
    preview_port = int(editor["preview"].rsplit(":", 1)[1].strip("/"))
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert len(children) == 2, children
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    assert "编辑器已关闭" in process.stdout.read()
    assert not port_open(editor["port"]) and not port_open(preview_port)
    for child in children:
        assert not Path(f"/proc/{child}").exists() or "zombie" in Path(f"/proc/{child}/status").read_text().lower()


def test_the_children_end_even_when_the_editor_is_killed(tmp_path):
    root = copy_project(tmp_path / "project")
    process = subprocess.Popen([*ANNALS, "--root", str(root), "edit", "--port", str(free_port())], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().startswith("编辑器地址")
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 2
        process.kill()
        process.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(Path(f"/proc/{child}").exists() for child in children):
            time.sleep(0.2)
        assert not any(Path(f"/proc/{child}").exists() for child in children)
    finally:
        stop(process)
