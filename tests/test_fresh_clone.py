"""A clone with nothing beside it: the tests that need material from ../shared/ are left out, with one line saying so."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def run_pytest(shared, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANNALS_SHARED": str(shared)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_without_shared_the_seed_test_is_left_out_with_one_line_and_the_rest_pass(tmp_path):
    result = run_pytest(tmp_path / "nothing-here", "tests/test_draft_cli.py")
    assert result.returncode == 0, result.stdout[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("略去 ")]
    assert len(lines) == 1
    assert "略去 1 个测试：没有找到" in lines[0] and "nothing-here/seed" in lines[0]
    assert "test_drafting_the_2011_entry_changes_nothing_in_records" in lines[0]
    assert "1 deselected" in result.stdout and " failed" not in result.stdout


def test_every_test_that_reads_shared_material_is_marked():
    """A test module that names the folder beside the project must use the marker, so it cannot fail on a fresh clone."""
    unmarked = []
    for module in sorted((ROOT / "tests").glob("test_*.py")):
        text = module.read_text(encoding="utf-8")
        if "SHARED" in text and module.name != "test_fresh_clone.py" and '@pytest.mark.shared("' not in text:
            unmarked.append(module.name)
    assert unmarked == []
