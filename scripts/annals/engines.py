"""The second site engine, Zensical: found, run and explained."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path


class EngineMissing(Exception):
    """The chosen engine is not installed; the message says how to install it."""


def zensical_command(config_file: Path, site_dir: Path) -> list[str]:
    """Zensical building one on-disk configuration."""
    program = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
    if program is None:
        raise EngineMissing("没有安装 Zensical；请运行 make zensical（或 .venv/bin/pip install -r requirements-zensical.txt）后重试。")
    return [program, "build", "--config-file", str(config_file)]
