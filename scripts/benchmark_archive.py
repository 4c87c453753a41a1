"""Archive figures: how long `annals archive` and `annals verify` take on the default records.

Copies the project into a temporary folder, builds its archive and verifies it several
times, each in a fresh process as an archivist would run them; prints the medians.

    python scripts/benchmark_archive.py [--runs 3]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project  # noqa: E402


def timed(command: list[str], cwd: Path) -> float:
    """Seconds one command takes; it must succeed."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def measure(project: Path, runs: int) -> tuple[list[float], list[float], Path]:
    """Build and verify times of the project's archive, and the archive."""
    annals = [sys.executable, "-m", "annals", "--root", str(project)]
    builds = [timed([*annals, "archive"], project) for _ in range(runs)]
    archive = next((project / "dist").glob("*.zip"))
    verifies = [timed([*annals, "verify", str(archive)], project) for _ in range(runs)]
    return builds, verifies, archive


def main() -> None:
    """Print the median build and verify times of the default archive."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="annals-benchmark-archive-") as work:
        builds, verifies, archive = measure(copy_project(Path(work) / "project"), runs)
        size = archive.stat().st_size / 1e6
    print(f"archive: {archive.name}, {size:.1f} MB")
    print(f"annals archive: median {statistics.median(builds):.2f} s  (runs: {', '.join(f'{t:.2f}' for t in builds)})")
    print(f"annals verify:  median {statistics.median(verifies):.2f} s  (runs: {', '.join(f'{t:.2f}' for t in verifies)})")


if __name__ == "__main__":
    main()
