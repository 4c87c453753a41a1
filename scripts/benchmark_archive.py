"""Archive figures: how long `annals archive` and `annals verify` take on the default records.

Copies the project into a temporary folder, builds its archive and verifies it several
times, each in a fresh process as an archivist would run them; prints the medians of the
wall-clock time and of the processor time (user + system, steadier on a busy machine).

    python scripts/benchmark_archive.py [--runs 3]
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project  # noqa: E402


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and processor seconds one command takes; it must succeed."""
    before, started = processor_time(), time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started, processor_time() - before


def processor_time() -> float:
    """User and system seconds of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def summary(label: str, times: list[tuple[float, float]]) -> str:
    """One line: median wall-clock and processor seconds, then every run."""
    wall, processor = statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)
    runs = ", ".join(f"{w:.2f}/{p:.2f}" for w, p in times)
    return f"{label}: median {wall:.2f} s wall-clock, {processor:.2f} s processor  (runs, wall/processor: {runs})"


def measure(project: Path, runs: int) -> tuple[list, list, Path]:
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
    print(summary("annals archive", builds))
    print(summary("annals verify ", verifies))


if __name__ == "__main__":
    main()
