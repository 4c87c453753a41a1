"""Shared fixtures: the project root and temporary copies of it."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Third-party material kept beside the project (the 2011 entry, the draft corpus), never inside it.
SHARED = Path(os.environ.get("ANNALS_SHARED") or ROOT.parent / "shared")


def pytest_configure(config):
    config.addinivalue_line("markers", "shared(folder): needs ../shared/FOLDER beside the project; left out where it is absent")


def pytest_collection_modifyitems(config, items):
    """Leave out the tests whose material beside the project is absent, and say so once."""
    absent = {}
    for item in items:
        marker = item.get_closest_marker("shared")
        if marker and not (SHARED / marker.args[0]).is_dir():
            absent.setdefault(marker.args[0], []).append(item)
    if absent:
        left_out = [item for group in absent.values() for item in group]
        items[:] = [item for item in items if item not in left_out]
        config.hook.pytest_deselected(items=left_out)
        config.stash[LEFT_OUT] = absent


LEFT_OUT = pytest.StashKey[dict]()


def pytest_terminal_summary(terminalreporter, config):
    for folder, items in config.stash.get(LEFT_OUT, {}).items():
        names = "、".join(item.nodeid for item in items)
        terminalreporter.write_line(f"略去 {len(items)} 个测试：没有找到 {SHARED / folder}（项目旁边的第三方材料，只用于测量，不收入本项目；CI 上有）：{names}")


def copy_project(target: Path) -> Path:
    """Copy records, hand-written docs, templates, config and browser assets into target."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "records", target / "records")
    shutil.copytree(ROOT / "docs", target / "docs", ignore=generated_pages)
    shutil.copytree(ROOT / "overrides", target / "overrides")
    for name in ("mkdocs.yml", "mkdocs.offline.yml", "hosting.yml", "package.json", "package-lock.json"):
        shutil.copy(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project in a temporary folder."""
    return copy_project(tmp_path / "project")


def generated_pages(folder: str, names: list[str]) -> list[str]:
    """Leave out pages written by the generator, so a copy starts clean."""
    from annals.build import is_generated

    return [n for n in names if n.endswith(".md") and is_generated(Path(folder) / n)]
