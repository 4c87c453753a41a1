"""Serving the outputs with real nginx: configuration, headers, password, publish, settings, Observatory grade."""
from __future__ import annotations

import dataclasses
import gzip
import http.client
import importlib.util
import io
import os
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
import zipfile
from base64 import b64encode
from pathlib import Path

import pytest

from annals.build import BuildFailed, build_site
from annals.host.policy import inline_hashes
from annals.host.publish import PublishRefused, current_release, production_servers, publish, releases_folder, rollback
from annals.host.run import free_ports, hosted, nginx_binary, running, worker_user, write_main_config
from annals.host.settings import SettingsInvalid, read_hosting
from annals.host.users import add_user, password_matches, read_users, remove_user

from conftest import ROOT, copy_project

USER, PASSWORD = "zhangsan", "correct-horse-9"
SECURITY_HEADERS = ["strict-transport-security", "content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy"]
TLS = ssl._create_unverified_context()  # the local test certificate; trust is checked by the Observatory test


def make_project(folder: Path) -> Path:
    project = copy_project(folder / "project")
    for name in ("hosting.yml",):
        (project / name).write_bytes((ROOT / name).read_bytes())
    return project


def build_both(project: Path) -> None:
    build_site(project, "public", out=io.StringIO())
    build_site(project, "internal", out=io.StringIO())


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The default records, both sites built once, one internal user."""
    project = make_project(tmp_path_factory.mktemp("host"))
    build_both(project)
    add_user(read_hosting(project).password_file, USER, PASSWORD)
    return project


@pytest.fixture(scope="module")
def host(project: Path):
    """annals host's nginx on free ports, plus a plain HTTP port that redirects."""
    port = free_ports(3)
    with hosted(project, port, http_port=port + 2) as plan:
        yield plan


def fetch(url: str, headers: dict | None = None, method: str = "GET") -> tuple[int, dict, bytes]:
    """One request, no redirects followed; status, lower-case headers, body."""
    scheme, rest = url.split("://", 1)
    address, _, path = rest.partition("/")
    host, port = address.split(":")
    connection = (http.client.HTTPSConnection(host, int(port), context=TLS, timeout=20) if scheme == "https"
                  else http.client.HTTPConnection(host, int(port), timeout=20))
    try:
        connection.request(method, "/" + path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def basic(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + b64encode(f"{user}:{password}".encode()).decode()}


# The configuration -------------------------------------------------------------------------------


def test_policy_hashes_every_inline_script_and_allows_no_unsafe_inline_script(host, project):
    status, headers, page = fetch(host.public_url)
    policy = headers["content-security-policy"]
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
    assert status == 200 and "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    scripts, styles = inline_hashes([project / "site"])
    assert len(scripts) >= 3 and all(h in script_src for h in scripts)
    assert "frame-ancestors 'none'" in policy and policy.startswith("default-src 'none'")
    assert not re.search(r"https?://", policy), "nothing from outside the site"


def test_every_response_carries_the_security_headers(host):
    internal = host.internal_url
    urls = [
        (host.public_url, {}), (host.public_url + "work/2011/", {}), (host.public_url + "no-such-page/", {}),
        (host.public_url + "data/figures.csv", {}), (host.public_url + "assets/stylesheets/", {}),
        (host.public_url.replace("https", "http"), {}), (host.http_url, {}),
        (internal, {}), (internal, basic(USER, "wrong-password")), (internal, basic(USER, PASSWORD)),
        (internal + "robots.txt", {}), (internal.replace("https", "http") + "work/2011/", {}),
    ]
    for url, headers in urls:
        status, answer, _ = fetch(url, headers)
        missing = [h for h in SECURITY_HEADERS if h not in answer]
        assert not missing, (url, status, missing)
        assert answer["x-content-type-options"] == "nosniff"
        assert int(answer["strict-transport-security"].split("=")[1]) >= 15552000


def test_plain_http_is_redirected_to_https_on_both_ports(host):
    for url, target in [
        (host.http_url + "work/2011/", host.public_url + "work/2011/"),
        (host.public_url.replace("https", "http") + "about/", host.public_url + "about/"),
    ]:
        status, headers, _ = fetch(url)
        assert status == 301 and headers["location"] == target, (url, status, headers.get("location"))


def test_internal_reference_needs_a_password_and_is_never_sent_over_plain_http(host):
    status, headers, body = fetch(host.internal_url)
    assert status == 401 and headers["www-authenticate"].startswith("Basic realm=")
    assert "需要用户名和密码" in body.decode("utf-8") and headers["cache-control"] == "no-store"
    assert fetch(host.internal_url, basic(USER, "wrong-password"))[0] == 401
    assert fetch(host.internal_url, basic("nobody", PASSWORD))[0] == 401
    status, headers, body = fetch(host.internal_url, basic(USER, PASSWORD))
    assert status == 200 and "内部参考" in body.decode("utf-8")
    assert headers["x-robots-tag"] == "noindex, nofollow"
    plain = host.internal_url.replace("https", "http")
    status, headers, body = fetch(plain, basic(USER, PASSWORD))
    assert status == 301 and headers["location"].startswith("https://") and "内部参考" not in body.decode("utf-8", "replace")


def test_internal_reference_tells_robots_to_stay_out_and_has_no_sitemap(host):
    status, headers, body = fetch(host.internal_url + "robots.txt")
    assert status == 200 and body == b"User-agent: *\nDisallow: /\n"
    assert fetch(host.internal_url + "sitemap.xml", basic(USER, PASSWORD))[0] == 404
    assert fetch(host.public_url + "sitemap.xml")[0] == 200


def test_types_and_charsets_of_the_downloads(host, project):
    (project / "site" / "figure.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    expected = {
        "data/figures.csv": "text/csv; charset=utf-8",
        "data/figures.json": "application/json; charset=utf-8",
        "data/figures.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "figure.svg": "image/svg+xml; charset=utf-8",
        "index.html": "text/html; charset=utf-8",
    }
    for path, kind in expected.items():
        status, headers, _ = fetch(host.public_url + path)
        assert status == 200 and headers["content-type"] == kind, (path, headers.get("content-type"))


def test_fingerprinted_assets_are_cached_for_a_year_and_pages_and_data_revalidated(host, project):
    bundle = next((project / "site" / "assets" / "javascripts").glob("bundle.*.min.js")).name
    assert "immutable" in fetch(host.public_url + f"assets/javascripts/{bundle}")[1]["cache-control"]
    for path in ["", "work/2011/", "data/figures.csv", "data/figures.xlsx", "stylesheets/extra.css"]:
        assert fetch(host.public_url + path)[1]["cache-control"] == "no-cache", path
    assert "private" in fetch(host.internal_url, basic(USER, PASSWORD))[1]["cache-control"]


def test_text_is_compressed(host):
    for path in ["", "data/figures.csv", "stylesheets/extra.css"]:
        status, headers, body = fetch(host.public_url + path, {"Accept-Encoding": "gzip"})
        assert headers.get("content-encoding") == "gzip", path
        assert gzip.decompress(body)


def test_the_sites_own_404_page_with_its_styles(host, project):
    status, _, body = fetch(host.public_url + "no-such-page/")
    assert status == 404 and "找不到这个页面" in body.decode("utf-8")
    stylesheet = re.search(r'href="([^"]+main\.[0-9a-f]+\.min\.css)"', body.decode("utf-8")).group(1)
    assert fetch(host.public_url.rstrip("/") + stylesheet)[0] == 200, stylesheet


def test_the_observatory_grades_the_public_site_a_plus(host):
    spec = importlib.util.spec_from_file_location("observatory_grade", ROOT / "scripts" / "observatory_grade.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report = module.scan(host.public_url.split("//")[1].strip("/"), host.authority)
    assert report["scan"]["grade"] == "A+", report["scan"]
    failed = {name: test["result"] for name, test in report["tests"].items() if not test["pass"]}
    assert not failed
    assert report["tests"]["redirection"]["result"] == "redirection-to-https", "the scanner trusted the test certificate"


# The command -------------------------------------------------------------------------------------


def nginx_group(prefix: Path) -> tuple[int, list[str]]:
    """The master's pid (from the pid file under prefix) and every process of its group."""
    master = int((prefix / "nginx.pid").read_text())
    result = subprocess.run(["ps", "-eo", "pid=,pgid=,args="], capture_output=True, text=True)
    return master, [line for line in result.stdout.splitlines() if line.split()[1] == str(master)]


def still_running(master: int) -> list[str]:
    result = subprocess.run(["ps", "-eo", "pid=,pgid=,args="], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if str(master) in line.split()[:2]]


@pytest.fixture(scope="module")
def public_only(tmp_path_factory) -> Path:
    """A project of its own (annals host keeps its files under the project), only the public site built."""
    project = make_project(tmp_path_factory.mktemp("command"))
    build_site(project, "public", out=io.StringIO())
    return project


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT])
def test_annals_host_serves_until_stopped_and_leaves_no_nginx(public_only, sent):
    port = free_ports(2)
    command = [sys.executable, "-m", "annals", "--root", str(public_only), "host", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "按 Ctrl+C 停止" in line:
                break
        text = "".join(lines)
        assert f"https://127.0.0.1:{port}/" in text and f"https://127.0.0.1:{port + 1}/" in text, text
        assert ".cache/annals/host/tls/cert.pem" in text, "says where the test certificate is"
        assert fetch(f"https://127.0.0.1:{port}/")[0] == 200
        master, group = nginx_group(public_only / ".cache" / "annals" / "host")
        assert any("master process" in line for line in group) and any("worker process" in line for line in group), group
        process.send_signal(sent)
        out, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:  # a failed check above: stop it all the same
            process.terminate()
            process.communicate(timeout=30)
    assert process.returncode == 0 and "nginx 已停止" in out
    assert not still_running(master)
    with pytest.raises(OSError):
        fetch(f"https://127.0.0.1:{port}/")


def test_annals_host_on_a_busy_port_says_so(public_only, host):
    busy = int(host.public_url.rsplit(":", 1)[1].strip("/"))
    result = subprocess.run([sys.executable, "-m", "annals", "--root", str(public_only), "host", "--port", str(busy)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and f"端口 {busy}" in result.stderr and "已被占用" in result.stderr and "--port" in result.stderr


def test_internal_networks_limit_who_reaches_the_internal_reference(public_only):
    settings = public_only / "hosting.yml"
    original = settings.read_text(encoding="utf-8")
    add_user(read_hosting(public_only).password_file, USER, PASSWORD)
    try:
        # Allowed in, this project answers 404: its internal reference is not built.
        for networks, expected in (("[10.0.0.0/8]", 403), ("[10.0.0.0/8, 127.0.0.0/8]", 404)):
            settings.write_text(original.replace("networks: []", f"networks: {networks}"), encoding="utf-8")
            with hosted(public_only, free_ports(2)) as plan:
                assert fetch(plan.internal_url, basic(USER, PASSWORD))[0] == expected, networks
                assert fetch(plan.internal_url)[0] == (403 if expected == 403 else 401), networks
    finally:
        settings.write_text(original, encoding="utf-8")


def test_the_generated_configuration_is_the_same_bytes_every_time(project):
    from annals.host.run import plan_host

    first = plan_host(project, 20000).config.read_bytes()
    assert plan_host(project, 20000).config.read_bytes() == first
    assert b"unsafe-inline'; img-src" in first and b"script-src 'self' 'sha256-" in first


def test_annals_host_says_how_to_install_nginx_when_it_is_missing(public_only):
    env = {**os.environ, "ANNALS_NGINX": "/nonexistent/nginx"}
    result = subprocess.run([sys.executable, "-m", "annals", "--root", str(public_only), "host", "--port", str(free_ports(2))],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "没有找到 nginx" in result.stderr and "apt-get install nginx" in result.stderr


def test_annals_host_without_a_built_site_says_to_build_first(tmp_path):
    project = make_project(tmp_path)
    result = subprocess.run([sys.executable, "-m", "annals", "--root", str(project), "host", "--port", str(free_ports(2))],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "make site" in result.stderr


# Users -------------------------------------------------------------------------------------------


def test_users_add_reads_the_password_from_standard_input_and_stores_a_hash_nginx_accepts(tmp_path):
    project = make_project(tmp_path)
    run = [sys.executable, "-m", "annals", "--root", str(project), "users"]
    added = subprocess.run(run + ["add", "lisi"], input="a-long-secret-1\n", capture_output=True, text=True)
    assert added.returncode == 0 and "已添加用户 lisi" in added.stdout
    path = project / "annals-users.htpasswd"
    ((name, hashed),) = read_users(path)
    assert name == "lisi" and hashed.startswith("$6$") and "a-long-secret-1" not in path.read_text()
    assert password_matches("a-long-secret-1", hashed) and not password_matches("a-long-secret-2", hashed)
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    changed = subprocess.run(run + ["add", "lisi"], input="another-secret-2\n", capture_output=True, text=True)
    assert changed.returncode == 0 and "已修改密码" in changed.stdout
    assert password_matches("another-secret-2", read_users(path)[0][1])
    short = subprocess.run(run + ["add", "wangwu"], input="short\n", capture_output=True, text=True)
    assert short.returncode == 1 and "密码太短" in short.stderr and len(read_users(path)) == 1
    bad = subprocess.run(run + ["add", "王五"], input="a-long-secret-3\n", capture_output=True, text=True)
    assert bad.returncode == 1 and "用户名 '王五' 不可用" in bad.stderr
    removed = subprocess.run(run + ["remove", "lisi"], capture_output=True, text=True)
    assert removed.returncode == 0 and read_users(path) == []
    missing = subprocess.run(run + ["remove", "lisi"], capture_output=True, text=True)
    assert missing.returncode == 1 and "没有用户 lisi" in missing.stderr


def test_a_removed_user_is_refused_by_nginx(host, project):
    path = read_hosting(project).password_file
    add_user(path, "temporary", "temporary-secret-1")
    assert fetch(host.internal_url, basic("temporary", "temporary-secret-1"))[0] == 200
    assert remove_user(path, "temporary")
    assert fetch(host.internal_url, basic("temporary", "temporary-secret-1"))[0] == 401
    assert fetch(host.internal_url, basic(USER, PASSWORD))[0] == 200


# Publish -----------------------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path):
    """A project whose hosting.yml names folders under tmp_path, a first version published, nginx serving it."""
    project = make_project(tmp_path)
    srv = tmp_path / "srv"
    srv.mkdir()
    settings = (ROOT / "hosting.yml").read_text(encoding="utf-8")
    settings = settings.replace("/srv/jnfl/public", str(srv / "public")).replace("/srv/jnfl/internal", str(srv / "internal"))
    (project / "hosting.yml").write_text(settings, encoding="utf-8")
    build_both(project)
    publish(project, project / "site", srv / "public", out=io.StringIO())
    hosting = read_hosting(project)
    port = free_ports(2)
    from annals.host.certificate import local_certificate

    local = local_certificate(project / ".cache" / "tls")
    hosting = dataclasses.replace(hosting, certificate=local.certificate, certificate_key=local.key)
    servers = [
        dataclasses.replace(server, https_listen=f"127.0.0.1:{port + i}", https_port=port + i, http_listen=None)
        for i, server in enumerate(production_servers(hosting))
    ]
    prefix = tmp_path / "nginx"
    with running(write_main_config(servers, prefix, worker_user(project)), prefix, [port, port + 1]):
        yield project, srv / "public", f"https://127.0.0.1:{port}/"


def rebuild_with_marker(project: Path, marker: str) -> None:
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
    build_site(project, "public", out=io.StringIO())


def test_publish_switches_the_served_site_and_rollback_restores_it(served):
    project, dest, url = served
    first = current_release(dest)
    assert "第二版" not in fetch(url + "about/")[2].decode("utf-8")
    rebuild_with_marker(project, "第二版")
    answers, stop = [], threading.Event()

    def visit() -> None:
        while not stop.is_set():
            status, _, body = fetch(url + "about/")
            answers.append((status, "第二版" in body.decode("utf-8")))

    visitor = threading.Thread(target=visit)
    visitor.start()
    try:
        second = publish(project, project / "site", dest, out=io.StringIO())
        time.sleep(0.3)
    finally:
        stop.set()
        visitor.join()
    assert {status for status, _ in answers} == {200}, "visitors never saw a missing page during the switch"
    assert answers[-1][1] and "第二版" in fetch(url + "about/")[2].decode("utf-8")
    assert current_release(dest) == second != first and (releases_folder(dest) / first).is_dir()
    assert rollback(project, dest, out=io.StringIO()) == first
    assert "第二版" not in fetch(url + "about/")[2].decode("utf-8")


def test_a_publish_interrupted_halfway_leaves_the_served_site_intact(served, monkeypatch):
    project, dest, url = served
    before = current_release(dest)
    rebuild_with_marker(project, "第三版")
    import annals.host.publish as publishing

    copied = []
    real_copy = publishing.copy_file

    def copy_then_stop(source: str, target: str) -> None:
        if len(copied) == 40:
            raise KeyboardInterrupt  # Ctrl+C halfway through the copy
        copied.append(target)
        real_copy(source, target)

    monkeypatch.setattr(publishing, "copy_file", copy_then_stop)
    with pytest.raises(KeyboardInterrupt):
        publish(project, project / "site", dest, out=io.StringIO())
    monkeypatch.undo()
    assert len(copied) == 40 and any(releases_folder(dest).glob(".incoming-*"))
    assert current_release(dest) == before
    for page in ["", "about/", "work/2011/", "statistics/", "data/figures.csv"]:
        status, _, body = fetch(url + page)
        assert status == 200 and "第三版" not in body.decode("utf-8", "replace"), page
    publish(project, project / "site", dest, out=io.StringIO())
    assert not any(releases_folder(dest).glob(".incoming-*")), "the next publish clears the half copy"
    assert "第三版" in fetch(url + "about/")[2].decode("utf-8")


def test_the_internal_reference_is_never_published_into_a_public_folder(served, tmp_path):
    project, dest, url = served
    before = current_release(dest)
    for target in (dest, tmp_path / "www"):
        with pytest.raises(PublishRefused, match="内部参考（含不公开的内容）"):
            publish(project, project / "site-internal", target, out=io.StringIO())
    assert current_release(dest) == before and not (tmp_path / "www").exists()
    internal = read_hosting(project).internal.folder
    publish(project, project / "site-internal", internal, out=io.StringIO())
    with pytest.raises(PublishRefused, match="内部参考的文件夹"):
        publish(project, project / "site", internal, out=io.StringIO())


def test_the_build_manifest_stays_beside_the_site_and_no_dot_file_is_served(served):
    project, dest, url = served
    assert (project / ".site.annals-build.json").is_file() and not (project / "site" / ".annals-build.json").exists()
    assert (dest / ".annals-build.json").is_file()
    assert fetch(url + ".annals-build.json")[0] == 404 and fetch(url)[0] == 200


def test_a_site_that_did_not_build_cleanly_is_refused(served):
    project, dest, url = served
    before = current_release(dest)
    site = project / "site"
    (site / "about" / "index.html").write_text("改动", encoding="utf-8")
    with pytest.raises(PublishRefused, match="被改动 about/index.html"):
        publish(project, site, dest, out=io.StringIO())
    (project / ".site.annals-build.json").unlink()
    with pytest.raises(PublishRefused, match="不是一次成功构建的完整网站"):
        publish(project, site, dest, out=io.StringIO())
    records = project / "records" / "honors"
    broken = next(records.glob("*.yml"))
    broken.write_text(broken.read_text(encoding="utf-8").replace("level: ", "level: guojia-", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "annals", "--root", str(project), "build"], capture_output=True, text=True)
    assert result.returncode == 1
    refused = subprocess.run([sys.executable, "-m", "annals", "--root", str(project), "publish", str(dest)], capture_output=True, text=True)
    assert refused.returncode == 1 and "拒绝发布" in refused.stderr
    assert current_release(dest) == before and fetch(url)[0] == 200


def test_a_plain_folder_with_content_is_not_replaced(served, tmp_path):
    project, _, _ = served
    www = tmp_path / "www-old"
    www.mkdir()
    (www / "index.html").write_text("旧网站", encoding="utf-8")
    with pytest.raises(PublishRefused, match="已有内容的普通文件夹"):
        publish(project, project / "site", www, out=io.StringIO())
    assert (www / "index.html").read_text(encoding="utf-8") == "旧网站"


def test_publish_writes_the_production_configuration_when_a_certificate_is_set(served):
    project, dest, _ = served
    settings = project / "hosting.yml"
    local = project / ".cache" / "tls"
    settings.write_text(settings.read_text(encoding="utf-8").replace('certificate: ""', f'certificate: {local / "cert.pem"}')
                        .replace('certificate_key: ""', f'certificate_key: {local / "key.pem"}'), encoding="utf-8")
    out = io.StringIO()
    publish(project, project / "site", dest, out=out)
    config = (project / "annals-nginx.conf").read_text(encoding="utf-8")
    assert "nginx -t" in out.getvalue() and "请勿手工修改" in config
    assert f'root "{dest}";' in config and "listen 443 ssl http2;" in config and "listen 80;" in config
    assert "server_name www.example.org;" in config and "server_name neibu.example.org;" in config
    assert "auth_basic_user_file" in config and str(project / "annals-users.htpasswd") in config
    hashes, _ = inline_hashes([dest])
    assert hashes and all(h in config for h in hashes)
    port = free_ports(2)  # checked by nginx itself, listening on 127.0.0.1 only
    local_config = config.replace("listen 443 ssl", f"listen 127.0.0.1:{port} ssl").replace("listen 80;", f"listen 127.0.0.1:{port + 1};")
    test_file = project / ".cache" / "nginx-test.conf"
    test_file.write_text(f"pid {project / '.cache' / 'test.pid'};\nevents {{}}\nhttp {{\n{local_config}}}\n", encoding="utf-8")
    result = subprocess.run([nginx_binary(), "-t", "-q", "-p", str(project / ".cache"), "-e", "/dev/stderr", "-c", str(test_file)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# Settings and filing numbers ---------------------------------------------------------------------


def test_bad_settings_are_listed_with_line_field_value_and_fix(tmp_path):
    project = make_project(tmp_path)
    (project / "hosting.yml").write_text(
        "certificate: /etc/ssl/a.pem\n"
        "public:\n  https_port: 99999\n  folder: /srv/www\n"
        "internal:\n  folder: /srv/www/internal\n  networks: [192.168.1.0/24, 内网]\n  password_file: site/users\n  colour: red\n"
        "filing:\n  icp: 12345\n",
        encoding="utf-8",
    )
    with pytest.raises(SettingsInvalid) as caught:
        read_hosting(project)
    message = str(caught.value)
    for expected in [
        "hosting.yml:1: certificate 和 certificate_key 要么都填写",
        "hosting.yml:3: public.https_port: 端口必须是 1–65535 之间的整数，实际为 99999",
        "hosting.yml:9: internal 下不认识的设置 'colour'",
        "internal.networks: '内网' 不是网络地址",
        "internal.password_file:",
        "不能相同，也不能一个在另一个里面",
        "hosting.yml:11: filing.icp: 应是 ICP 备案号，例如 鲁ICP备12345678号-1；实际为 '12345'",
    ]:
        assert expected in message, (expected, message)
    with pytest.raises(BuildFailed, match="部署设置有问题"):
        build_site(project, "public", out=io.StringIO())


def filing_settings(project: Path) -> None:
    settings = project / "hosting.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('icp: ""', "icp: 鲁ICP备12345678号-1")
                        .replace('police: ""', "police: 鲁公网安备37080202000123号"), encoding="utf-8")


def test_filing_numbers_stand_at_the_foot_of_every_page_of_the_site_and_the_archive(tmp_path):
    from annals.archive import build_archive

    project = make_project(tmp_path)
    filing_settings(project)
    build_site(project, "public", out=io.StringIO())
    build_archive(project)
    icp = '<a href="https://beian.miit.gov.cn/" target="_blank" rel="noopener">鲁ICP备12345678号-1</a>'
    police = '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=37080202000123" target="_blank" rel="noopener">鲁公网安备37080202000123号</a>'
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert icp in text and police in text, page
    (archive,) = (project / "dist").glob("*.zip")
    with zipfile.ZipFile(archive) as packed:
        html = [name for name in packed.namelist() if name.endswith(".html") and "/data/" in name and not name.endswith("说明.html")]
        assert len(html) > 50
        for name in html:
            text = packed.read(name).decode("utf-8")
            if 'http-equiv="refresh"' not in text:
                assert icp in text and police in text, name


def test_no_filing_numbers_when_unset(project):
    for page in (project / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "annals-filing" not in text and "beian" not in text, page
