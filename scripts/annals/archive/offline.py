"""Stage 1, the offline build: the public site for file://, with a local search worker and no 404 page."""
from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..build import BuildFailed, build_site
from ..config import OFFLINE_OVERLAY as OFFLINE_CONFIG
from ..config import read_settings
from ..model import Catalog
from .search_index import lighten

SHIM_PACKAGE = Path("node_modules") / "iframe-worker"


@dataclass(frozen=True)
class OfflineSetup:
    """What the offline build needs besides the records: its settings and the search worker shim."""

    settings: dict
    shim_package: Path
    shim_path: str


def offline_setup(root: Path) -> OfflineSetup:
    """Read mkdocs.offline.yml and find the shim it lists; fail before anything is built."""
    settings = offline_settings(root)
    return OfflineSetup(settings, installed_shim(root), shim_target(settings))


def build_offline_site(root: Path, setup: OfflineSetup, catalog: Catalog, target: Path) -> None:
    """Build the public site of a checked catalog into target, ready to open from file://.

    The offline engine configuration (annals-offline.yml) adds Material's offline plugin;
    its search index script is then rewritten to load faster (search_index.py).
    """
    build_site(root, "offline", out=io.StringIO(), target=target, catalog=catalog)
    lighten(target)
    install_shim(setup.shim_package, target / setup.shim_path)
    drop_server_pages(target)


def offline_settings(root: Path) -> dict:
    """mkdocs.offline.yml merged with the mkdocs.yml it inherits from."""
    if not (root / OFFLINE_CONFIG).is_file():
        raise BuildFailed(f"缺少 {OFFLINE_CONFIG}：离线存档的网站设置写在这个文件里。")
    try:
        return read_settings(root, "offline")
    except Exception as error:  # the YAML reader raises several kinds
        raise BuildFailed(f"{OFFLINE_CONFIG} 无法读取：{error}") from error


def installed_shim(root: Path) -> Path:
    """The iframe-worker package installed by npm, at the version package-lock.json pins."""
    package = root / SHIM_PACKAGE
    if not (package / "shim" / "index.js").is_file():
        raise BuildFailed(
            "缺少离线搜索所需的 node_modules/iframe-worker/shim/index.js；"
            "请先运行 make deps（它用 npm ci 按 package-lock.json 安装）。"
        )
    pinned = pinned_version(root)
    installed = json.loads((package / "package.json").read_text("utf-8")).get("version")
    if pinned and installed != pinned:
        raise BuildFailed(f"node_modules 中的 iframe-worker 是 {installed} 版，package-lock.json 要求 {pinned} 版；请运行 make deps。")
    return package


def pinned_version(root: Path) -> str | None:
    """The iframe-worker version recorded in package-lock.json, if there is one."""
    lock = root / "package-lock.json"
    if not lock.is_file():
        return None
    packages = json.loads(lock.read_text("utf-8")).get("packages", {})
    return packages.get("node_modules/iframe-worker", {}).get("version")


def shim_target(settings: dict) -> str:
    """Where mkdocs.offline.yml lists the local worker shim: a path inside the site."""
    polyfills = (settings.get("extra") or {}).get("polyfills") or []
    paths = [p if isinstance(p, str) else p.get("path", "") for p in polyfills]
    local = [p for p in paths if "iframe-worker" in p and not urlsplit(p).scheme and not p.startswith("/")]
    if not local:
        raise BuildFailed(
            f"{OFFLINE_CONFIG} 的 extra.polyfills 中没有本地的 iframe-worker 脚本"
            "（例如 assets/javascripts/iframe-worker.js）；没有它，离线时搜索会一直停在“正在初始化搜索引擎”。"
        )
    return local[0]


def install_shim(package: Path, target: Path) -> None:
    """Copy the worker shim and its licence to where mkdocs.offline.yml lists it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(package / "shim" / "index.js", target)
    if (package / "LICENSE").is_file():
        shutil.copyfile(package / "LICENSE", target.with_name(f"{target.stem}.LICENSE.txt"))


def drop_server_pages(site: Path) -> None:
    """Remove 404.html: only a web server shows it, and its links are absolute for one."""
    (site / "404.html").unlink(missing_ok=True)
