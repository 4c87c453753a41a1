"""Building a project's public site with either engine, the way `annals build --engine ENGINE` does.

Shared by the engine tests and scripts/benchmark_engines.py.
"""
from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path


ENGINES = ("material", "zensical")


def build_with(project: Path, engine: str) -> tuple[int, str]:
    """Build the project's public site into site/ with one engine: exit status and messages."""
    return run_cli(project, "build", "--engine", engine)


def run_cli(project: Path, *argv: str) -> tuple[int, str]:
    """Run `annals --root PROJECT ARGV...` in this process: exit status and everything it printed."""
    from annals.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(project), *argv])
    return code, out.getvalue() + err.getvalue()


def build_each_engine(project: Path) -> dict[str, tuple[int, str, Path]]:
    """Build the project with each engine in turn: exit status, messages and site-ENGINE/ folder."""
    results = {}
    for engine in ENGINES:
        code, output = build_with(project, engine)
        site = project / f"site-{engine}"
        shutil.rmtree(site, ignore_errors=True)
        if (project / "site").exists():
            (project / "site").rename(site)
        results[engine] = (code, output, site)
    return results
