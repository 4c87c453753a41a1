"""hosting.yml: the one file an administrator edits to put the sites on a server."""
from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

SETTINGS_FILE = "hosting.yml"
PRODUCTION_CONFIG = "annals-nginx.conf"
ICP_SITE = "https://beian.miit.gov.cn/"
POLICE_SITE = "https://beian.mps.gov.cn/#/query/webSearch?code="
ALLOWED = {
    "": {"certificate", "certificate_key", "public", "internal", "filing"},
    "public": {"folder", "https_port", "http_port"},
    "internal": {"server_name", "folder", "https_port", "http_port", "password_file", "networks"},
    "filing": {"icp", "police"},
}
DEFAULTS = {
    "certificate": "",
    "certificate_key": "",
    "public": {"folder": "/srv/jnfl/public", "https_port": 443, "http_port": 80},
    "internal": {
        "server_name": "neibu.example.org", "folder": "/srv/jnfl/internal", "https_port": 443, "http_port": 80,
        "password_file": "annals-users.htpasswd", "networks": [],
    },
    "filing": {"icp": "", "police": ""},
}
# Folders of the project that a web server may serve: the password file never goes there.
SERVED_FOLDERS = ("site", "site-internal", "docs", "dist")


class SettingsInvalid(ValueError):
    """hosting.yml has problems; the message lists every one, in Chinese."""


@dataclass(frozen=True)
class Site:
    """One site as nginx serves it."""

    server_name: str
    folder: Path
    https_port: int
    http_port: int | None
    path: str  # the address path the pages link to (site_url's path), "/" at the root


@dataclass(frozen=True)
class Filing:
    """The filing numbers a site hosted in mainland China shows at the foot of its pages."""

    icp: str
    police: str

    def template_values(self) -> dict:
        """What the page templates read under config.extra.filing (nothing when unset)."""
        values = {}
        if self.icp:
            values["icp"] = {"text": self.icp, "url": ICP_SITE}
        if self.police:
            values["police"] = {"text": self.police, "url": POLICE_SITE + "".join(re.findall(r"\d", self.police))}
        return values


@dataclass(frozen=True)
class Hosting:
    """Validated hosting settings."""

    certificate: Path | None
    certificate_key: Path | None
    public: Site
    internal: Site
    password_file: Path
    networks: tuple[str, ...]
    filing: Filing


def read_hosting(root: Path) -> Hosting:
    """hosting.yml validated, defaults where it is absent; SettingsInvalid lists every problem."""
    path = root / SETTINGS_FILE
    data, lines = _load(path) if path.is_file() else ({}, {})
    problems: list[str] = []

    def where(*keys: str) -> str:
        line = lines.get(keys) or lines.get(keys[:1])
        return f"{SETTINGS_FILE}:{line}: " if line else f"{SETTINGS_FILE}: "

    _unknown_keys(data, where, problems)
    value = _reader(data, where, problems)
    address = site_address(root)
    public = Site(
        address.hostname or "localhost",
        _path(root, value("public", "folder", str)),
        value("public", "https_port", int),
        value("public", "http_port", int, optional=True),
        address.path or "/",
    )
    internal = Site(
        value("internal", "server_name", str),
        _path(root, value("internal", "folder", str)),
        value("internal", "https_port", int),
        value("internal", "http_port", int, optional=True),
        address.path or "/",
    )
    certificate, key = value(None, "certificate", str), value(None, "certificate_key", str)
    if bool(certificate) != bool(key):
        problems.append(where("certificate") + "certificate 和 certificate_key 要么都填写，要么都留空（留空时使用本机测试证书）")
    hosting = Hosting(
        _path(root, certificate) if certificate else None,
        _path(root, key) if key else None,
        public,
        internal,
        _path(root, value("internal", "password_file", str) or DEFAULTS["internal"]["password_file"]),
        _networks(value("internal", "networks", list), where, problems),
        Filing(value("filing", "icp", str).strip(), value("filing", "police", str).strip()),
    )
    _check_hosting(root, hosting, where, problems)
    if problems:
        raise SettingsInvalid("部署设置有问题：\n  " + "\n  ".join(problems) + f"\n请修改 {SETTINGS_FILE} 后重新运行。")
    return hosting


def site_address(root: Path):
    """The public address from mkdocs.yml's site_url (ANNALS_SITE_URL when set)."""
    from ..config import read_settings

    try:
        return urlsplit(str(read_settings(root, "public").get("site_url") or "https://localhost/"))
    except (OSError, ValueError, yaml.YAMLError):
        return urlsplit("https://localhost/")


def _load(path: Path) -> tuple[dict, dict]:
    """The YAML mapping and the line of every key path."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise SettingsInvalid(f"{SETTINGS_FILE}：不是 UTF-8 编码；请用 UTF-8 重新保存") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"{mark.line + 1}:" if mark else ""
        raise SettingsInvalid(f"{SETTINGS_FILE}:{line} YAML 格式有误（{getattr(error, 'problem', error)}）；请检查冒号后的空格和缩进") from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise SettingsInvalid(f"{SETTINGS_FILE}：内容必须是“设置: 值”的形式")
    return data, _key_lines(node)


def _key_lines(node, prefix: tuple = ()) -> dict:
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = prefix + (key.value,)
            lines[path] = key.start_mark.line + 1
            lines.update(_key_lines(value, path))
    return lines


def _unknown_keys(data: dict, where, problems: list[str]) -> None:
    for key in data:
        if key not in ALLOWED[""]:
            problems.append(where(key) + f"不认识的设置 '{key}'；可用的设置：{'、'.join(sorted(ALLOWED['']))}")
    for section in ("public", "internal", "filing"):
        part = data.get(section)
        if part is None:
            continue
        if not isinstance(part, dict):
            problems.append(where(section) + f"{section} 下面应是缩进的“设置: 值”，实际为 {part!r}")
            continue
        for key in part:
            if key not in ALLOWED[section]:
                problems.append(where(section, key) + f"{section} 下不认识的设置 '{key}'；可用的设置：{'、'.join(sorted(ALLOWED[section]))}")


def _reader(data: dict, where, problems: list[str]):
    """A function reading one setting with its default, checking its type."""

    def value(section: str | None, key: str, kind: type, optional: bool = False):
        part = data if section is None else data.get(section)
        default = DEFAULTS[key] if section is None else DEFAULTS[section][key]
        raw = part.get(key, default) if isinstance(part, dict) else default
        keys = (key,) if section is None else (section, key)
        name = ".".join(keys)
        if raw is None and (optional or kind is str):
            return None if optional else ""
        if raw is None and kind is list:
            return []
        if kind is int:
            if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 65535:
                problems.append(where(*keys) + f"{name}: 端口必须是 1–65535 之间的整数，实际为 {raw!r}" + ("；不需要时留空" if optional else ""))
                return default
            return raw
        if kind is str and not isinstance(raw, str):
            if isinstance(raw, (int, float)):
                return str(raw)
            problems.append(where(*keys) + f"{name}: 应是一段文字，实际为 {raw!r}")
            return default if isinstance(default, str) else ""
        if kind is list and not isinstance(raw, list):
            problems.append(where(*keys) + f"{name}: 应是列表，例如 [192.168.1.0/24]；实际为 {raw!r}")
            return []
        return raw

    return value


def _path(root: Path, text: str) -> Path:
    """Absolute, without following links: a published folder is a link to its current version."""
    path = Path(text).expanduser()
    return Path(os.path.abspath(path if path.is_absolute() else root / path))


def _networks(values: list, where, problems: list[str]) -> tuple[str, ...]:
    networks = []
    for value in values:
        try:
            networks.append(str(ipaddress.ip_network(str(value), strict=False)))
        except ValueError:
            problems.append(where("internal", "networks") + f"internal.networks: '{value}' 不是网络地址；请写成 192.168.1.0/24 或单个地址 10.0.0.8")
    return tuple(networks)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _check_hosting(root: Path, hosting: Hosting, where, problems: list[str]) -> None:
    """Rules across settings: separate folders, a password file no web server serves, distinct servers."""
    public, internal = hosting.public.folder, hosting.internal.folder
    if _inside(public, internal) or _inside(internal, public):
        problems.append(where("internal", "folder") + f"internal.folder（{internal}）与 public.folder（{public}）不能相同，也不能一个在另一个里面：内部参考会被公开")
    served = [public, internal] + [Path(os.path.abspath(root / name)) for name in SERVED_FOLDERS]
    for folder in served:
        if _inside(hosting.password_file, folder):
            problems.append(
                where("internal", "password_file")
                + f"internal.password_file: {hosting.password_file} 在网站文件夹 {folder} 里，会被当作网页公开；请放在任何网站文件夹之外（默认 annals-users.htpasswd）"
            )
            break
    if not re.fullmatch(r"[A-Za-z0-9.-]+", hosting.internal.server_name or ""):
        problems.append(where("internal", "server_name") + f"internal.server_name: 应是域名，例如 neibu.example.org；实际为 '{hosting.internal.server_name}'")
    elif hosting.internal.server_name == hosting.public.server_name and hosting.internal.https_port == hosting.public.https_port:
        problems.append(where("internal", "server_name") + "internal.server_name: 与公开网站的域名相同且端口相同，nginx 无法区分两个网站；请换一个域名或端口")
    filing = hosting.filing
    if filing.icp and "ICP" not in filing.icp.upper():
        problems.append(where("filing", "icp") + f"filing.icp: 应是 ICP 备案号，例如 鲁ICP备12345678号-1；实际为 '{filing.icp}'")
    if filing.police and ("公网安备" not in filing.police or not re.search(r"\d", filing.police)):
        problems.append(where("filing", "police") + f"filing.police: 应是公安机关备案号，例如 鲁公网安备37080202000123号；实际为 '{filing.police}'")
