"""An engine configuration on disk, as the build writes it: mkdocs.yml plus the nav, no INHERIT.

Paths inside are relative to the configuration's folder (.cache/annals/), so that
`mkdocs build -f FILE` and `zensical build -f FILE` read the same settings.
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml

CONFIG_FOLDER = Path(".cache") / "annals"
RELATIVE_PATHS = [("docs_dir",), ("site_dir",), ("theme", "custom_dir")]


class Tagged:
    """A YAML value whose tag the engine resolves (!ENV, a Python callable): kept as written."""

    def __init__(self, tag: str, node: yaml.Node, loader: yaml.SafeLoader):
        self.tag = tag
        self.value = _plain(loader, node)
        self.kind = type(node)


def _plain(loader: yaml.SafeLoader, node: yaml.Node):
    """A node's value with nested mappings and sequences built deeply."""
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: Tagged("!" + suffix, node, loader))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: Tagged("tag:yaml.org,2002:python/" + suffix, node, loader))


def _represent_tagged(dumper: yaml.SafeDumper, tagged: Tagged) -> yaml.Node:
    if tagged.kind is yaml.MappingNode:
        return dumper.represent_mapping(tagged.tag, tagged.value)
    if tagged.kind is yaml.SequenceNode:
        return dumper.represent_sequence(tagged.tag, tagged.value)
    return dumper.represent_scalar(tagged.tag, tagged.value)


_Dumper.add_representer(Tagged, _represent_tagged)


def engine_settings(root: Path, nav: list, audience: str = "public", site_dir: str = "site") -> dict:
    """mkdocs.yml's settings with the nav added and paths made relative to the config folder."""
    settings = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    settings.setdefault("site_dir", site_dir)
    folder = root / CONFIG_FOLDER
    for keys in RELATIVE_PATHS:
        holder = settings
        for key in keys[:-1]:
            holder = holder.setdefault(key, {})
        if keys[-1] in holder:
            holder[keys[-1]] = Path(os.path.relpath(root / holder[keys[-1]], folder)).as_posix()
    settings["nav"] = nav
    settings.setdefault("extra", {})["audience"] = audience
    return settings


def write_engine_config(root: Path, audience: str = "public") -> Path:
    """Write .cache/annals/mkdocs-AUDIENCE.yml for pages already generated under docs/."""
    from annals.build import checked_catalog, catalog_for, docs_dir, hand_written_pages
    from annals.render.pages import render_pages
    from annals.render.site import navigation

    catalog = catalog_for(checked_catalog(root), audience)
    nav = navigation(catalog, hand_written_pages(docs_dir(root, audience), render_pages(catalog)))
    target = root / CONFIG_FOLDER / f"mkdocs-{audience}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(engine_settings(root, nav, audience), Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    target.write_text(text, encoding="utf-8")
    return target
