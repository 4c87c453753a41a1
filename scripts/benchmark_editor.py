"""The editor loop: seconds from a saved record to the preview page that shows it.

Two ways in, on the same project: a record saved through the browser editor (`annals edit`
receives what Decap CMS sends, normalises, writes and checks it; its preview then rebuilds),
and a record file saved by hand under `annals serve`. Each save changes one figure of 2011
and waits until that indicator's page on the preview shows the new value.

    python scripts/benchmark_editor.py [--years 30] [--saves 5]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import multiyear  # noqa: E402
from conftest import copy_project  # noqa: E402

YEAR_FILE = "records/work/2011.yml"
PAGE = "statistics/microcredit-amount/"
FIGURE = re.compile(r"value: 689\.\d+\n")  # the 2011 microcredit amount, 689.9万元
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="编辑器从保存到预览更新的时间：默认站点与多年测试记录并排")
    parser.add_argument("--years", type=int, default=30, help="测试记录的年数（默认 30）")
    parser.add_argument("--saves", type=int, default=5, help="每种方式保存的次数（默认 5，取中位数）")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="annals-editor-benchmark-"))
    try:
        default = copy_project(work / "default")
        multiyear.generate(work / "years", years=args.years)
        results = {name: loops(root, args.saves) for name, root in (("默认站点", default), (f"{args.years} 年记录", work / "years"))}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (first, a), (second, b) = results.items()
    print(f"\n{'从保存到预览页面更新，中位数（秒）':<30}{first:>10}{second:>12}{'倍数':>8}")
    for key, label in (("edit", "编辑器保存（annals edit）"), ("serve", "手工保存文件（annals serve）")):
        print(f"{label:<30}{a[key]:>10.2f}{b[key]:>12.2f}{b[key] / a[key]:>7.2f}×")
    return 0


def loops(root: Path, saves: int) -> dict[str, float]:
    """The median seconds of both ways in, on one project."""
    return {"edit": editor_loop(root, saves), "serve": serve_loop(root, saves)}


def editor_loop(root: Path, saves: int = 5) -> float:
    """Median seconds from the editor receiving a saved record (as Decap sends it) to the preview showing it."""
    port = free_port()
    with running([sys.executable, "-m", "annals", "--root", str(root), "edit", "--port", str(port)]) as process:
        preview = address_printed(process, "网站预览：")
        wait_for(preview + PAGE, "小额担保贴息贷款金额", 300)

        def save(text: str) -> None:
            body = json.dumps({"action": "persistEntry", "params": {"entry": {"path": YEAR_FILE, "raw": text}, "options": {}}}).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=body, method="POST",
                                             headers={"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"})
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()

        return timed_saves(root, preview, save, saves)


def serve_loop(root: Path, saves: int = 5) -> float:
    """Median seconds from a record file saved by hand to `annals serve` showing it."""
    port = free_port()
    with running([sys.executable, "-m", "annals", "--root", str(root), "serve", "--port", str(port)]):
        preview = f"http://127.0.0.1:{port}/"
        wait_for(preview + PAGE, "小额担保贴息贷款金额", 300)
        return timed_saves(root, preview, lambda text: (root / YEAR_FILE).write_text(text, encoding="utf-8"), saves)


def timed_saves(root: Path, preview: str, save, saves: int) -> float:
    """Each save writes a new value of the figure and waits for the preview page to show it."""
    seconds = []
    for number in range(saves):
        value = f"689.{number + 1}"
        text = FIGURE.sub(f"value: {value}\n", (root / YEAR_FILE).read_text(encoding="utf-8"), count=1)
        started = time.monotonic()
        save(text)
        seconds.append(wait_for(preview + PAGE, f"{value}万元", 120, since=started))
        time.sleep(1.5)  # let the server settle before the next save
    return statistics.median(seconds)


class running:
    """A child process, stopped with SIGTERM (then killed) when the block ends."""

    def __init__(self, command: list[str]):
        self.process = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def __enter__(self) -> subprocess.Popen:
        return self.process

    def __exit__(self, *_) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def address_printed(process: subprocess.Popen, prefix: str) -> str:
    """The address on the first line of the command's output that starts with prefix."""
    for line in process.stdout:
        if line.startswith(prefix):
            return re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
    raise RuntimeError(f"the command ended without printing {prefix}")


def wait_for(url: str, text: str, limit: float, since: float | None = None) -> float:
    """Seconds (from since, or from now) until the page at url contains text."""
    started = since if since is not None else time.monotonic()
    while time.monotonic() - started < limit:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if text in response.read().decode("utf-8", errors="replace"):
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not show {text!r} within {limit} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())
