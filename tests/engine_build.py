"""Building a project's public site with either engine, the way `annals build --engine ENGINE` does.

Shared by the engine tests and scripts/benchmark_engines.py. Until the command line has
`--engine`, build_with goes through the functions it will call; switching is one line.
"""
from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

from annals.engines import EngineFailed, EngineMissing, run_zensical
from engine_config import write_engine_config

ENGINES = ("material", "zensical")


def build_with(project: Path, engine: str) -> tuple[int, str]:
    """Build the project's public site into site/ with one engine: exit status and messages."""
    return build_directly(project, engine)  # with the CLI: return run_cli(project, "build", "--engine", engine)


def run_cli(project: Path, *argv: str) -> tuple[int, str]:
    """Run `annals --root PROJECT ARGV...` in this process: exit status and everything it printed."""
    from annals.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(project), *argv])
    return code, out.getvalue() + err.getvalue()


def build_directly(project: Path, engine: str) -> tuple[int, str]:
    """What `annals build --engine ENGINE` does: pages and configuration, then the engine."""
    from annals.build import BuildFailed, build_site, generate

    out = io.StringIO()
    try:
        if engine == "material":
            build_site(project, out=out)
        else:
            generate(project, "public")
            staging = project / ".site.build-zensical"
            run_zensical(write_engine_config(project), staging)
            shutil.rmtree(project / "site", ignore_errors=True)
            staging.rename(project / "site")
    except (BuildFailed, EngineFailed, EngineMissing) as failure:
        return 1, out.getvalue() + str(failure)
    return 0, out.getvalue()


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
