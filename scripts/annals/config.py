"""Engine configurations on disk: one complete file per audience, navigation included.

`mkdocs build -f FILE` and `zensical build -f FILE` each build the site from such a file
without this program; `annals build`, `annals archive` and `annals serve` use the same file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CACHE = Path(".cache") / "annals"
SITE_CONFIG = "mkdocs.yml"
OFFLINE_OVERLAY = "mkdocs.offline.yml"
OFFLINE_PLUGIN = "offline"
HEADER = (
    "# 由 annals build 根据 mkdocs.yml 生成，请勿手工修改（站点设置请改 mkdocs.yml）。\n"
    "# 在项目目录运行：mkdocs build -f {path}  或  zensical build -f {path}\n"
)
# Where each audience's output goes, relative to the project root.
SITE_DIRS = {"public": "site", "internal": "site-internal", "offline": str(CACHE / "offline-site")}


@dataclass(frozen=True)
class Tagged:
    """A YAML value with a tag this program does not interpret (kept as written)."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml keeping !!python/... tags; !ENV is resolved (the file is complete)."""


class _Dumper(yaml.SafeDumper):
    """Writes the configuration back, tags included."""


def _construct_tagged(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.MappingNode):
        return Tagged(node.tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return Tagged(node.tag, loader.construct_scalar(node))


def _construct_env(loader: yaml.Loader, node: yaml.Node) -> Any:
    """!ENV NAME or !ENV [NAME, ..., default]: the first variable set, else the default."""
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if os.environ.get(name):
            return os.environ[name]
    return default


def _represent_tagged(dumper: yaml.Dumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_constructor("!ENV", _construct_env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


def config_path(root: Path, audience: str) -> Path:
    """Where an audience's engine configuration is written: the project folder, beside mkdocs.yml.

    Zensical refuses docs and site folders outside the configuration's own folder.
    """
    return root / f"annals-{audience}.yml"


def dictionary_path(audience: str) -> str:
    """The jieba user dictionary of an audience, relative to the project root (where engines run)."""
    return (CACHE / f"jieba-userdict-{'public' if audience == 'offline' else audience}.txt").as_posix()


def read_settings(root: Path, audience: str) -> dict:
    """The hand-written settings: mkdocs.yml, with the offline overlay for the archive."""
    settings = _read(root / SITE_CONFIG)
    if audience == "offline":
        overlay = _read(root / OFFLINE_OVERLAY)
        overlay.pop("INHERIT", None)
        settings = merge(settings, overlay)
    return settings


def _read(path: Path) -> dict:
    with open(path, encoding="utf-8") as file:
        data = yaml.load(file, Loader=_Loader)  # noqa: S506 - a SafeLoader that only keeps tags as data
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} 的内容必须是“设置: 值”的形式")
    return data


def merge(base: dict, overlay: dict) -> dict:
    """Overlay settings win; mappings merge key by key, lists are replaced (as MkDocs' INHERIT does)."""
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def engine_config(root: Path, audience: str, nav: list, docs: Path) -> dict:
    """The complete configuration of one audience's build: paths, navigation, audience and plugins."""
    settings = read_settings(root, audience)
    folder = config_path(root, audience).parent
    settings["docs_dir"] = os.path.relpath(docs, folder).replace(os.sep, "/")
    settings["site_dir"] = os.path.relpath(root / SITE_DIRS[audience], folder).replace(os.sep, "/")
    theme = dict(settings.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath(root / theme["custom_dir"], folder).replace(os.sep, "/")
    settings["theme"] = theme
    settings["strict"] = True
    settings["nav"] = nav
    settings["extra"] = {**(settings.get("extra") or {}), "audience": "public" if audience == "offline" else audience}
    settings["plugins"] = engine_plugins(settings.get("plugins") or [], audience)
    return settings


def engine_plugins(plugins: list | dict, audience: str) -> list:
    """The search plugin reads its audience's dictionary; the archive adds the offline plugin."""
    if isinstance(plugins, dict):
        plugins = [{name: options} if options else name for name, options in plugins.items()]
    result = []
    for entry in plugins:
        if isinstance(entry, dict) and "search" in entry:
            entry = {"search": {**(entry["search"] or {}), "jieba_dict_user": dictionary_path(audience)}}
        result.append(entry)
    names = {next(iter(p)) if isinstance(p, dict) else p for p in result}
    if audience == "offline" and OFFLINE_PLUGIN not in names:
        result.append(OFFLINE_PLUGIN)
    return result


def config_text(root: Path, audience: str, settings: dict) -> str:
    """The configuration file's text: a header, then the settings in a stable order."""
    shown = config_path(root, audience).relative_to(root).as_posix()
    body = yaml.dump(settings, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=120)
    return HEADER.format(path=shown) + body
