"""The second site engine: Zensical, run on the engine configuration the build wrote to disk.

MkDocs with Material is the production engine (build.py runs it in a child process). Zensical
reads the same configuration file; it runs in a child process so that its output and
its global YAML settings stay out of ours.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

INSTALL_HINT = "请运行 make zensical，或 .venv/bin/pip install -r requirements-zensical.txt"
MISSING = f"没有安装 Zensical（第二个网站引擎）。{INSTALL_HINT}，然后重新运行。"
TIMEOUT_SECONDS = 1800
_ANSI_CODES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Settings that name a folder relative to the configuration file (Zensical 0.0.x reads no others).
FOLDER_SETTINGS = (("docs_dir",), ("theme", "custom_dir"))


class EngineMissing(Exception):
    """The requested engine is not installed; the message says how to install it."""


class EngineFailed(Exception):
    """The engine ran and failed; the message carries its output."""


def zensical_available() -> bool:
    """True when the zensical package can be imported by this Python."""
    try:
        return importlib.util.find_spec("zensical") is not None
    except (ImportError, ValueError):
        return False


def run_zensical(config_file: Path, site_dir: Path) -> None:
    """Build config_file with Zensical into site_dir, strict and quiet unless it fails."""
    if not zensical_available():
        raise EngineMissing(MISSING)
    config_file = Path(config_file).resolve()
    if not config_file.is_file():
        raise EngineFailed(f"Zensical 构建失败：找不到网站配置文件 {config_file}；请先运行 annals build 生成它。")
    site_dir = Path(site_dir).resolve()
    folders = folder_settings(config_file)
    project = project_folder(config_file, list(folders.values()))
    if site_dir.is_relative_to(project):
        build_in_project(config_file, project, site_dir, folders)
        return
    staging = Path(tempfile.mkdtemp(prefix=".zensical-site-", dir=project))
    try:
        build_in_project(config_file, project, staging, folders)
        shutil.copytree(staging, site_dir, dirs_exist_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def build_in_project(config_file: Path, project: Path, site_dir: Path, folders: dict) -> None:
    """Run Zensical on a temporary configuration in the project folder; EngineFailed with its output."""
    wrapper = write_wrapper(config_file, project, site_dir, folders)
    try:
        result = run_quietly([sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(wrapper)], project)
    finally:
        wrapper.unlink(missing_ok=True)
    if result.returncode != 0:
        output = readable_output(result.stdout + result.stderr) or [f"退出码 {result.returncode}"]
        raise EngineFailed(f"Zensical 构建失败（配置文件 {config_file}）：\n  " + "\n  ".join(output))


def readable_output(text: str) -> list[str]:
    """The engine's messages without colour codes, a Python traceback shortened to its last line."""
    lines: list[str] = []
    in_traceback = False
    for line in _ANSI_CODES.sub("", text).splitlines():
        if line.startswith("Traceback (most recent call last):"):
            in_traceback = True
        elif in_traceback and line and not line.startswith(" "):
            in_traceback = False
        if not in_traceback and line.strip():
            lines.append(line.rstrip())
    return lines


def folder_settings(config_file: Path) -> dict[tuple[str, ...], Path]:
    """The folders the configuration names (docs, theme overrides), as absolute paths."""
    settings = read_settings(config_file)
    found = {}
    for keys in FOLDER_SETTINGS:
        value = settings
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str) and value:
            found[keys] = (config_file.parent / value).resolve()
    found.setdefault(("docs_dir",), (config_file.parent / "docs").resolve())
    return found


class _PathsOnlyLoader(yaml.SafeLoader):
    """Reads a configuration for its plain settings; tagged values (!ENV, Python objects) become None."""


_PathsOnlyLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(config_file: Path) -> dict:
    """The configuration's settings, tags left unresolved."""
    try:
        settings = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_PathsOnlyLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise EngineFailed(f"Zensical 构建失败：无法读取网站配置文件 {config_file}：{error}") from error
    if not isinstance(settings, dict):
        raise EngineFailed(f"Zensical 构建失败：网站配置文件 {config_file} 不是键值对格式。")
    return settings


def project_folder(config_file: Path, folders: list[Path]) -> Path:
    """The nearest folder holding the configuration and the folders it reads.

    Zensical 0.0.x refuses docs_dir and site_dir outside the configuration file's folder.
    """
    return Path(os.path.commonpath([config_file.parent, *folders]))


def write_wrapper(config_file: Path, folder: Path, site_dir: Path, settings: dict) -> Path:
    """A temporary configuration in folder: the original one, with site_dir and folder paths re-based."""
    lines = [f"INHERIT: {relative(config_file, folder)}", f"site_dir: {relative(site_dir, folder)}"]
    for keys, path in settings.items():
        if len(keys) == 1:
            lines.append(f"{keys[0]}: {relative(path, folder)}")
        else:
            lines.append(f"{keys[0]}:\n  {keys[1]}: {relative(path, folder)}")
    handle, name = tempfile.mkstemp(prefix=f".zensical-{config_file.stem}-", suffix=".yml", dir=folder)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    return Path(name)


def relative(path: Path, folder: Path) -> str:
    """path relative to folder, quoted for YAML."""
    return yaml.safe_dump(Path(os.path.relpath(path, folder)).as_posix(), default_style='"').strip()


def run_quietly(command: list[str], folder: Path) -> subprocess.CompletedProcess:
    """Run a command in folder, its output captured; a timeout becomes EngineFailed."""
    try:
        return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as error:
        raise EngineFailed(f"Zensical 构建超过 {TIMEOUT_SECONDS} 秒仍未完成，已停止。") from error
