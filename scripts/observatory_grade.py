"""The MDN HTTP Observatory's grade of the public site as `annals host` serves it.

Starts nginx with the generated configuration on free 127.0.0.1 ports, runs the scanner
(tools/observatory/, installed by `make observatory`) against it, trusting the local test
authority through NODE_EXTRA_CA_CERTS, and prints the grade, the score and every test.
Usage: python scripts/observatory_grade.py [PROJECT]   (default: this project; build it first)
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNER = ROOT / "tools" / "observatory" / "node_modules" / "@mdn" / "mdn-http-observatory" / "src" / "scan.js"


def scan(address: str, authority: Path | None) -> dict:
    """The scanner's JSON report of one host:port."""
    if not SCANNER.is_file():
        raise SystemExit("没有安装 Observatory 扫描程序：请先运行 make observatory")
    env = {**os.environ}
    if authority:
        env["NODE_EXTRA_CA_CERTS"] = str(authority)
    node = shutil.which("node") or "node"
    result = subprocess.run([node, str(SCANNER), address], capture_output=True, text=True, env=env, timeout=120)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        raise SystemExit(f"扫描程序没有给出结果：{result.stdout[-500:]}{result.stderr[-500:]}") from None
    if "error" in report:
        raise SystemExit(f"扫描失败：{report['error']}")
    return report


def grade_project(root: Path) -> dict:
    """Host the project's built sites and scan the public one."""
    from annals.host.run import free_ports, hosted

    port = free_ports(2)
    with hosted(root, port) as plan:
        return scan(f"127.0.0.1:{port}", plan.authority)


def main() -> int:
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    report = grade_project(root)
    summary = report["scan"]
    print(f"MDN HTTP Observatory：{summary['grade']}（{summary['score']} 分），通过 {summary['testsPassed']}/{summary['testsQuantity']} 项测试")
    for name, test in sorted(report["tests"].items()):
        print(f"  {name:32} {'通过' if test['pass'] else '未通过'}  {test['scoreModifier']:+d}  {test['result']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
