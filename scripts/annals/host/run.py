"""`annals host`: Debian's nginx in the foreground with the production configuration, on 127.0.0.1.

Everything nginx writes (configuration, pid, logs, temporary files, the test certificate) stays
under .cache/annals/host/ of the project.
"""
from __future__ import annotations

import contextlib
import ctypes
import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..config import CACHE
from .certificate import local_certificate
from .nginx import Server, render_main, render_servers
from .policy import inline_hashes
from .settings import Hosting, read_hosting

HOST_FOLDER = CACHE / "host"
NGINX_MISSING = (
    "没有找到 nginx。请安装 Debian 的 nginx：sudo apt-get install nginx"
    "（或在项目目录运行 make nginx）。安装后不需要启动系统服务，annals host 会自己在前台运行它。"
)
START_SECONDS = 20
STOP_SECONDS = 10


class HostFailed(RuntimeError):
    """nginx cannot run with this project; the message says why and what to do, in Chinese."""


@dataclass(frozen=True)
class HostPlan:
    """What `annals host` runs: the written configuration, its folder and the addresses."""

    config: Path
    prefix: Path
    public_url: str
    internal_url: str
    http_url: str | None
    authority: Path | None  # the test authority to trust, when the local test certificate is used
    certificate: Path
    password_file: Path
    hosting: Hosting

    @property
    def ports(self) -> list[int]:
        return [int(url.rsplit(":", 1)[1].strip("/")) for url in (self.public_url, self.internal_url, self.http_url) if url]


def nginx_binary() -> str:
    """Debian's nginx (in /usr/sbin, which a normal user's PATH may lack)."""
    chosen = os.environ.get("ANNALS_NGINX")
    if chosen:  # another nginx program, named by the administrator
        if not os.access(chosen, os.X_OK):
            raise HostFailed(f"环境变量 ANNALS_NGINX 指定的 {chosen} 不存在或不能运行。" + NGINX_MISSING)
        return chosen
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)
    if not found:
        raise HostFailed(NGINX_MISSING)
    return found


def plan_host(root: Path, port: int, http_port: int | None = None) -> HostPlan:
    """Write the local configuration: public on port, internal on port + 1, optionally plain HTTP on http_port."""
    hosting = read_hosting(root)
    prefix = (root / HOST_FOLDER).resolve()
    public_root, internal_root = (root / "site").resolve(), (root / "site-internal").resolve()
    if not (public_root / "index.html").is_file():
        raise HostFailed("还没有生成公开网站 site/：请先运行 make site（或 annals build），再运行 annals host。")
    if hosting.certificate:
        for path in (hosting.certificate, hosting.certificate_key):
            if not path.is_file():
                raise HostFailed(f"hosting.yml 填写的证书文件 {path} 不存在；请检查路径，或把 certificate 和 certificate_key 都留空以使用本机测试证书。")
        certificate, key, authority = hosting.certificate, hosting.certificate_key, None
    else:
        local = local_certificate(prefix / "tls")
        certificate, key, authority = local.certificate, local.key, local.authority
    ensure_password_file(hosting.password_file)
    common = {"certificate": certificate, "certificate_key": key, "path": hosting.public.path}
    public_scripts, public_styles = inline_hashes([public_root])
    internal_scripts, internal_styles = inline_hashes([internal_root])
    servers = [
        Server("127.0.0.1 localhost", public_root, f"127.0.0.1:{port}", port, f"127.0.0.1:{http_port}" if http_port else None,
               script_hashes=public_scripts, style_hashes=public_styles, **common),
        Server("127.0.0.1 localhost", internal_root, f"127.0.0.1:{port + 1}", port + 1, None,
               script_hashes=internal_scripts, style_hashes=internal_styles, internal=True,
               password_file=hosting.password_file, networks=hosting.networks, **common),
    ]
    config = write_main_config(servers, prefix, worker_user(root))
    return HostPlan(
        config, prefix, f"https://127.0.0.1:{port}/", f"https://127.0.0.1:{port + 1}/",
        f"http://127.0.0.1:{http_port}/" if http_port else None, authority, certificate, hosting.password_file, hosting,
    )


def write_main_config(servers: list[Server], prefix: Path, user: tuple[str, str] | None) -> Path:
    """nginx.conf under prefix, with the folders nginx writes to."""
    for folder in ("logs", *(f"temp/{kind}" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(render_main(render_servers(servers, "host"), prefix, user), encoding="utf-8")
    return config


def ensure_password_file(path: Path) -> None:
    """An empty password file when there is none yet: nginx then refuses everyone instead of failing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o640)


def worker_user(root: Path) -> tuple[str, str] | None:
    """Run as root, nginx's workers take the identity of the project's owner (who can read the sites)."""
    if os.geteuid() != 0:
        return None
    info = root.stat()
    return pwd.getpwuid(info.st_uid).pw_name, grp.getgrgid(info.st_gid).gr_name


def _die_with_parent() -> None:
    """In the child: nginx receives SIGTERM if the annals process ends without stopping it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def check_config(config: Path, prefix: Path) -> None:
    """nginx -t on the written configuration; its complaint, explained, when it fails."""
    result = subprocess.run(nginx_command(config, prefix) + ["-t", "-q"], capture_output=True, text=True)
    if result.returncode != 0:
        raise HostFailed(explain_nginx(result.stderr))


def nginx_command(config: Path, prefix: Path) -> list[str]:
    return [nginx_binary(), "-p", str(prefix), "-c", str(config), "-e", str(prefix / "logs" / "error.log")]


def explain_nginx(output: str) -> str:
    """nginx's error lines, with the common ones said in Chinese."""
    lines = [line for line in output.splitlines() if line.strip()]
    text = "\n  ".join(lines[-5:]) or "（nginx 没有输出）"
    if "Address already in use" in output:
        return f"端口已被占用（可能另一个 annals host 还在运行）；请用 --port 换一个端口。\n  nginx：{text}"
    return f"nginx 无法启动：\n  {text}"


def listening(port: int) -> bool:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start(config: Path, prefix: Path, ports: list[int]) -> subprocess.Popen:
    """Start nginx in the foreground and wait until every port answers."""
    check_config(config, prefix)
    busy = [port for port in ports if listening(port)]
    if busy:
        raise HostFailed(f"端口 {'、'.join(map(str, busy))} 已被占用（可能另一个 annals host 还在运行）；请用 --port 换一个端口。")
    log = prefix / "logs" / "error.log"
    process = subprocess.Popen(nginx_command(config, prefix), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=_die_with_parent, start_new_session=True)
    deadline = time.monotonic() + START_SECONDS
    while not all(listening(port) for port in ports):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
            raise HostFailed(explain_nginx(error + (log.read_text("utf-8", "replace")[-2000:] if log.is_file() else "")))
        time.sleep(0.05)
    return process


def stop(process: subprocess.Popen) -> None:
    """Graceful stop (SIGQUIT: workers finish their requests), then firmer ones; no nginx is left behind."""
    for sent, wait in ((signal.SIGQUIT, STOP_SECONDS), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sent)  # its own process group: master and workers alike
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(wait)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, 0)
        os.killpg(process.pid, signal.SIGKILL)  # a worker that outlived its master
    if process.stderr:
        process.stderr.close()


@contextlib.contextmanager
def running(config: Path, prefix: Path, ports: list[int]) -> Iterator[None]:
    """nginx running a written configuration while the block runs."""
    process = start(config, prefix, ports)
    try:
        yield
    finally:
        stop(process)


@contextlib.contextmanager
def hosted(root: Path, port: int, http_port: int | None = None) -> Iterator[HostPlan]:
    """nginx serving the project's sites while the block runs."""
    plan = plan_host(root, port, http_port)
    with running(plan.config, plan.prefix, plan.ports):
        yield plan


def host(root: Path, port: int, out=None) -> int:
    """The command: serve until Ctrl+C or SIGTERM."""
    out = out or sys.stdout
    plan = plan_host(root, port)
    process = start(plan.config, plan.prefix, plan.ports)
    stopping = []

    def on_signal(number, frame) -> None:
        stopping.append(number)

    previous = {number: signal.signal(number, on_signal) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        describe(plan, root, out)
        while not stopping and process.poll() is None:
            time.sleep(0.2)
    finally:
        stop(process)
        for number, handler in previous.items():
            signal.signal(number, handler)
    if not stopping:
        log = plan.prefix / "logs" / "error.log"
        print(explain_nginx(log.read_text("utf-8", "replace") if log.is_file() else ""), file=sys.stderr)
        return 1
    print("nginx 已停止。", file=out)
    return 0


def describe(plan: HostPlan, root: Path, out) -> None:
    """What runs where, in Chinese."""
    def shown(path: Path) -> str:
        return path.relative_to(root.resolve()).as_posix() if path.is_relative_to(root.resolve()) else str(path)

    print(f"公开网站：{plan.public_url}  （site/）", file=out)
    print(f"内部参考：{plan.internal_url}  （site-internal/，需要用户名和密码）", file=out)
    if not (root / "site-internal" / "index.html").is_file():
        print("内部参考还没有生成：运行 make internal（或 annals build --audience internal）后，刷新即可看到。", file=out)
    if plan.authority:
        print(f"证书：本机测试证书 {shown(plan.certificate)}，由测试颁发机构 {shown(plan.authority)} 签发；浏览器会提示不受信任，仅供本机检查。", file=out)
    else:
        print(f"证书：{plan.certificate}（hosting.yml）", file=out)
    if plan.password_file.stat().st_size == 0:
        print(f"还没有内部参考的用户：运行 annals users add 用户名（密码文件 {shown(plan.password_file)}）。", file=out)
    if plan.hosting.networks and not any(_covers(n, "127.0.0.1") for n in plan.hosting.networks):
        print("注意：hosting.yml 的 internal.networks 不含 127.0.0.1，本机访问内部参考会得到 403。", file=out)
    print(f"nginx 配置：{shown(plan.config)}（自动生成）；日志在 {shown(plan.prefix / 'logs')}/。按 Ctrl+C 停止。", file=out, flush=True)


def _covers(network: str, address: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(network)
    except ValueError:
        return False


def free_ports(count: int = 2) -> int:
    """The first of `count` consecutive ports free on 127.0.0.1 (for checks and tests)."""
    for _ in range(200):
        with contextlib.closing(socket.socket()) as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + count > 65535:
            continue
        try:
            with contextlib.ExitStack() as stack:
                for port in range(first, first + count):
                    sock = stack.enter_context(contextlib.closing(socket.socket()))
                    sock.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise HostFailed("找不到空闲的本机端口")
