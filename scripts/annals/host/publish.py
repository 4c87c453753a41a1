"""`annals publish`: put a built site into the folder a web server serves, in one atomic step.

The served folder DEST is a link to one version kept beside it, in .DEST.releases/. A new
version is copied there in full and checked against the build's manifest before the link is
switched (a rename, which visitors never see half done); the versions before it stay for
`annals publish --rollback DEST`.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from ..files import write_if_changed
from .nginx import Server, render_servers
from .policy import inline_hashes
from .settings import PRODUCTION_CONFIG, SETTINGS_FILE, Hosting, read_hosting
from .stamp import copy_stamp_into, read_stamp, stamp_differences

KEEP = 3
SHOWN = 10
INCOMING = ".incoming-"


class PublishRefused(ValueError):
    """Publishing would be wrong or unsafe; the message says why and what to do, in Chinese."""


def releases_folder(dest: Path) -> Path:
    """Where the versions of a served folder are kept: beside it, hidden."""
    return dest.parent / f".{dest.name}.releases"


def releases(dest: Path) -> list[str]:
    """Complete versions, oldest first."""
    folder = releases_folder(dest)
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")) if folder.is_dir() else []


def current_release(dest: Path) -> str | None:
    """The version DEST links to now."""
    if not dest.is_symlink():
        return None
    target = Path(os.readlink(dest))
    return target.name if target.parent.name == releases_folder(dest).name else None


def folder_role(hosting: Hosting, dest: Path) -> str:
    """public or internal: by hosting.yml, else by what the folder already serves; an unknown web folder is public."""
    if dest == hosting.internal.folder:
        return "internal"
    if dest == hosting.public.folder:
        return "public"
    served = read_stamp(dest) if dest.exists() else None
    return served.audience if served else "public"


def check_source(source: Path):
    """The build's manifest of a site folder that came whole from a clean build, else PublishRefused."""
    stamp = read_stamp(source) if source.is_dir() else None
    if stamp is None:
        raise PublishRefused(
            f"拒绝发布 {source}：它不是一次成功构建的完整网站（旁边没有构建清单 .{source.name}.annals-build.json）。"
            "请先运行 annals build（内部参考：annals build --audience internal），构建成功后再发布。"
        )
    differences = stamp_differences(source, stamp)
    if differences:
        shown = "；".join(differences[:SHOWN]) + (f"；……共 {len(differences)} 处" if len(differences) > SHOWN else "")
        raise PublishRefused(f"拒绝发布 {source}：文件与构建时不一致（{shown}）。可能构建被中断或文件被改动；请重新运行 annals build 后再发布。")
    return stamp


def check_destination(hosting: Hosting, stamp, source: Path, dest: Path) -> None:
    """The internal reference only into the internal folder; nothing into a project output or a plain folder with content."""
    role = folder_role(hosting, dest)
    if stamp.audience == "internal" and role != "internal":
        raise PublishRefused(
            f"拒绝发布：{source} 是内部参考（含不公开的内容），{dest} 不是内部参考的文件夹。"
            f"内部参考只能发布到 {SETTINGS_FILE} 中 internal.folder 指定的文件夹（现为 {hosting.internal.folder}），"
            "那里由 nginx 用密码保护。"
        )
    if stamp.audience == "public" and role == "internal":
        raise PublishRefused(f"拒绝发布：{source} 是公开网站，{dest} 是内部参考的文件夹；请发布内部参考（annals build --audience internal 生成的 site-internal/）。")
    if dest == source or dest.is_relative_to(source) or source.is_relative_to(dest):
        raise PublishRefused(f"拒绝发布：目标文件夹 {dest} 与网站 {source} 重叠；请指定 nginx 提供网页的文件夹，例如 {hosting.public.folder}")
    if dest.exists() and not dest.is_symlink():
        if not dest.is_dir():
            raise PublishRefused(f"拒绝发布：{dest} 是一个文件，不是文件夹")
        if any(dest.iterdir()):
            raise PublishRefused(
                f"拒绝发布：{dest} 是一个已有内容的普通文件夹。annals publish 把它换成指向当前版本的链接，"
                f"以便整体切换和回退；请先把其中的内容移走（例如 mv {dest} {dest}.bak），再发布。"
            )


def copy_file(source: str, target: str) -> None:
    """Copy one file of a release (the step an interruption would cut)."""
    shutil.copy2(source, target)


def publish(root: Path, source: Path, dest: Path, out=None) -> str:
    """Copy a clean build into a new version beside DEST, check it, then switch DEST to it."""
    out = out or sys.stdout
    hosting = read_hosting(root)
    stamp = check_source(source)
    check_destination(hosting, stamp, source, dest)
    folder = releases_folder(dest)
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(INCOMING + "*"):  # an earlier publish that was interrupted
        shutil.rmtree(leftover)
    existing = releases(dest)
    number = int(existing[-1].split("-", 1)[0]) + 1 if existing else 1
    name = f"{number:04d}-{stamp.records_version}"
    incoming = folder / f"{INCOMING}{name}"
    shutil.copytree(source, incoming, copy_function=copy_file)
    if stamp_differences(incoming, stamp):
        shutil.rmtree(incoming)
        raise PublishRefused(f"复制到 {folder} 的文件与构建时不一致（磁盘已满或被其他程序改动？）；{dest} 没有改变。")
    copy_stamp_into(stamp, incoming)
    os.rename(incoming, folder / name)
    if dest.is_dir() and not dest.is_symlink():
        dest.rmdir()  # an empty plain folder becomes the link
    write_production_config(root, hosting, out)
    switch(dest, folder / name)
    prune(dest, keep=KEEP)
    kept = f"上一版本保留，回退：annals publish --rollback {dest}" if existing else "这是第一个版本"
    print(f"已发布：{dest} → {name}（记录版本 {stamp.records_version}）。{kept}", file=out)
    return name


def switch(dest: Path, release: Path) -> None:
    """Point DEST at a version with one rename of a new link over the old one."""
    link = dest.parent / f".{dest.name}.link"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(release, dest.parent), link)
    os.replace(link, dest)


def prune(dest: Path, keep: int) -> None:
    """Remove the oldest versions beyond `keep`, never the current one."""
    current = current_release(dest)
    names = releases(dest)
    for name in names[: max(0, len(names) - keep)]:
        if name != current:
            shutil.rmtree(releases_folder(dest) / name)


def rollback(root: Path, dest: Path, out=None) -> str:
    """Switch DEST back to the version before the current one."""
    out = out or sys.stdout
    current = current_release(dest)
    if current is None:
        raise PublishRefused(f"{dest} 不是由 annals publish 发布的文件夹，没有可以回退的版本。")
    older = [name for name in releases(dest) if name < current]
    if not older:
        raise PublishRefused(f"{dest} 没有比当前版本 {current} 更早的版本，无法回退。")
    hosting = read_hosting(root)
    write_production_config(root, hosting, out)
    switch(dest, releases_folder(dest) / older[-1])
    print(f"已回退：{dest} → {older[-1]}（原来的 {current} 仍保留在 {releases_folder(dest)}）", file=out)
    return older[-1]


def production_servers(hosting: Hosting) -> list[Server]:
    """Both sites as the server runs them, with the hashes of every kept version of each."""
    servers = []
    for site, internal in ((hosting.public, False), (hosting.internal, True)):
        kept = [releases_folder(site.folder) / name for name in releases(site.folder)]
        scripts, styles = inline_hashes(kept)
        servers.append(Server(
            site.server_name, site.folder, f"{site.https_port}", site.https_port, f"{site.http_port}" if site.http_port else None,
            site.path, hosting.certificate, hosting.certificate_key, scripts, styles, internal=internal,
            password_file=hosting.password_file if internal else None, networks=hosting.networks if internal else (),
        ))
    return servers


def write_production_config(root: Path, hosting: Hosting, out) -> None:
    """annals-nginx.conf for the server's nginx; say when it changed and needs a reload."""
    if not hosting.certificate:
        print(f"提示：{SETTINGS_FILE} 没有填写证书（certificate、certificate_key），没有生成 nginx 配置 {PRODUCTION_CONFIG}。", file=out)
        return
    target = root / PRODUCTION_CONFIG
    if not write_if_changed(target, render_servers(production_servers(hosting), "publish").encode("utf-8")):
        return
    print(f"nginx 配置已更新：{target}。请运行 sudo nginx -t && sudo systemctl reload nginx 使它生效。", file=out)
