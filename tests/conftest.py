"""Shared fixtures: the project root and temporary copies of it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Path:
    """Copy records, hand-written docs, templates, config and browser assets into target."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "records", target / "records")
    shutil.copytree(ROOT / "docs", target / "docs", ignore=generated_pages)
    shutil.copytree(ROOT / "overrides", target / "overrides")
    for name in ("mkdocs.yml", "mkdocs.offline.yml", "package.json", "package-lock.json"):
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
