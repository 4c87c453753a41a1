"""The offline archive: the site for file://, bagged (BagIt, SHA-256) and packed as a reproducible zip."""
from __future__ import annotations

import datetime
import hashlib
import html
import io
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .build import BuildFailed, build_site, catalog_for, checked_catalog, display, records_date, records_version
from .model import Catalog

OFFLINE_CONFIG = "mkdocs.offline.yml"
OFFLINE_PLUGINS = ("offline", "material/offline")
SHIM_PACKAGE = Path("node_modules") / "iframe-worker"
ALGORITHM = "sha256"
PAYLOAD_MANIFEST = f"manifest-{ALGORITHM}.txt"
TAG_MANIFEST = f"tagmanifest-{ALGORITHM}.txt"
REQUIRED_TAG_FILES = ("bagit.txt", "bag-info.txt", PAYLOAD_MANIFEST, TAG_MANIFEST)
FILE_MODE = 0o100644
UNIX = 3
SHOWN_PROBLEMS = 30


@dataclass(frozen=True)
class Facts:
    """What names and describes one archive; everything comes from the records."""

    organization: str
    site_name: str
    version: str
    date: datetime.date

    @property
    def stem(self) -> str:
        """The zip's name without .zip, also its top folder."""
        return f"{safe_name(self.organization)}-离线存档-{self.date.isoformat()}"

    @property
    def stamp(self) -> tuple[int, int, int, int, int, int]:
        """The time every zip entry carries: midnight of the records' date."""
        return (self.date.year, self.date.month, self.date.day, 0, 0, 0)


def safe_name(text: str) -> str:
    """A file name part that every common file system accepts."""
    return re.sub(r'[\s\\/:*?"<>|]+', "-", text).strip("-.") or "archive"


# --- building -------------------------------------------------------------------------


def build_archive(root: Path) -> Path:
    """Build the offline site, bag it with SHA-256 manifests and pack it into dist/."""
    started = time.monotonic()
    settings = offline_settings(root)
    shim, shim_path = installed_shim(root), shim_target(settings)
    catalog = checked_catalog(root)
    facts = archive_facts(root, settings, catalog)
    print(f"正在构建离线网站（记录版本 {facts.version}，记录日期 {facts.date.isoformat()}）……", flush=True)
    with tempfile.TemporaryDirectory(prefix="annals-archive-") as work:
        bag = Path(work) / facts.stem
        plugins = offline_plugins(settings)
        build_site(root, "public", out=io.StringIO(), target=bag, config_file=OFFLINE_CONFIG, catalog=catalog, plugins=plugins)
        install_shim(shim, bag / shim_path)
        drop_server_pages(bag)
        require_local(bag)
        pages = len(list(bag.rglob("*.html")))
        print(f"离线网站已生成：{pages} 个页面，没有引用任何网络资源。正在生成校验清单并打包……", flush=True)
        make_bag(bag, facts, pages)
        files = len([p for p in bag.rglob("*") if p.is_file()])
        archive = write_zip(bag, root / "dist" / f"{facts.stem}.zip", facts.stamp)
    size = archive.stat().st_size
    print(f"存档已生成：{display(archive, root)}（{files} 个文件，{size / 1e6:.1f} MB，用时 {time.monotonic() - started:.1f} 秒）")
    print(f"整个存档的 SHA-256：{file_digest(archive)}（建议另行登记，日后可核对整个文件）")
    return archive


def archive_facts(root: Path, settings: dict, catalog: Catalog) -> Facts:
    """The archive's name, version and date, all derived from the records."""
    visible = catalog_for(catalog, "public")
    organization = visible.organization.name
    return Facts(
        organization=organization,
        site_name=str(settings.get("site_name") or organization),
        version=records_version(root),
        date=records_date(root, visible).date(),
    )


def offline_settings(root: Path) -> dict:
    """mkdocs.offline.yml merged with the mkdocs.yml it inherits from."""
    from mkdocs.utils.yaml import yaml_load

    path = root / OFFLINE_CONFIG
    if not path.is_file():
        raise BuildFailed(f"缺少 {OFFLINE_CONFIG}：离线存档的网站设置写在这个文件里。")
    try:
        with open(path, "rb") as file:
            return yaml_load(file) or {}
    except Exception as error:  # the config loader raises several kinds
        raise BuildFailed(f"{OFFLINE_CONFIG} 无法读取：{error}") from error


def offline_plugins(settings: dict) -> list | dict:
    """The inherited plugins plus Material's offline plugin (INHERIT replaces lists, so add it here)."""
    plugins = settings.get("plugins") or ["search"]
    if isinstance(plugins, dict):
        return plugins if set(plugins) & set(OFFLINE_PLUGINS) else {**plugins, "offline": {}}
    names = {next(iter(p)) if isinstance(p, dict) else p for p in plugins}
    return plugins if names & set(OFFLINE_PLUGINS) else [*plugins, "offline"]


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


# --- the offline promise: no network, nothing missing -----------------------------------

FETCHED = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "embed": ("src",), "object": ("data",), "source": ("src", "srcset"), "audio": ("src",),
    "video": ("src", "poster"), "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"),
}
LABELS = {"script": "脚本", "img": "图片", "iframe": "内嵌网页", "frame": "内嵌网页", "link": "样式表、字体或图标", "css": "样式表中的字体或图片"}
NOT_FETCHED_RELS = {"canonical", "alternate", "next", "prev", "author", "license", "help", "bookmark", "me", "search"}
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)


class _Resources(HTMLParser):
    """Collects what a page makes the browser fetch: (kind, address) pairs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name in FETCHED.get(tag, ()):
            if name in values:
                self.found += [(tag, url) for url in addresses(values[name], name)]
        if tag == "link" and values.get("href") and not set(values.get("rel", "").lower().split()) <= NOT_FETCHED_RELS:
            self.found.append(("link", values["href"]))
        if "style" in values:
            self.found += [("css", url) for url in css_addresses(values["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found += [("css", url) for url in css_addresses(data)]


def addresses(value: str, attribute: str) -> list[str]:
    """The addresses in an attribute; srcset holds several, each with a size."""
    if attribute != "srcset":
        return [value.strip()]
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def css_addresses(text: str) -> list[str]:
    """Addresses in url(...) and @import of a stylesheet."""
    return [next(g for g in match.groups() if g is not None) for match in CSS_URL.finditer(text)]


def resources(file: Path) -> list[tuple[str, str]]:
    """What one HTML or CSS file makes the browser fetch."""
    text = file.read_text("utf-8", errors="replace")
    if file.suffix == ".css":
        return [("css", url) for url in css_addresses(text)]
    parser = _Resources()
    parser.feed(text)
    parser.close()
    return parser.found


def resource_problem(file: Path, site: Path, kind: str, url: str) -> str | None:
    """Why one fetched address breaks the offline promise, or None."""
    label = LABELS.get(kind, "资源")
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") or url.startswith("//"):
        return f"引用了网络上的{label}：{url}"
    if parts.scheme or not parts.path:
        return None  # data:, blob:, about:, a bare #fragment
    if parts.path.startswith("/"):
        return f"用了从根目录开始的地址（从文件夹打开时找不到）：{url}"
    target = (file.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(site.resolve()) or not target.is_file():
        return f"引用的{label}不存在：{url}"
    return None


def local_problems(site: Path) -> list[str]:
    """Every fetched address in the site that is on the network or missing."""
    problems = []
    for file in sorted(site.rglob("*")):
        if file.suffix in (".html", ".css") and file.is_file():
            shown = file.relative_to(site).as_posix()
            for kind, url in resources(file):
                problem = resource_problem(file, site, kind, url)
                if problem:
                    problems.append(f"{shown}：{problem}")
    return problems


def require_local(site: Path) -> None:
    """Fail the build when any page loads something from the network or a missing file."""
    problems = local_problems(site)
    if problems:
        shown = problems[:SHOWN_PROBLEMS]
        more = f"\n  ……另有 {len(problems) - len(shown)} 处" if len(problems) > len(shown) else ""
        raise BuildFailed(
            f"离线存档必须不联网也能完整显示，发现 {len(problems)} 处问题：\n  " + "\n  ".join(shown) + more
            + "\n请改用存档内的文件（例如把图片放进 docs/），或删除这些引用。"
        )


# --- the bag ----------------------------------------------------------------------------


def make_bag(bag: Path, facts: Facts, pages: int) -> None:
    """Turn the site folder into a BagIt bag with the 说明 files."""
    import bagit

    logging.getLogger("bagit").setLevel(logging.WARNING)
    bagit.make_bag(str(bag), bag_info=bag_info(facts), checksums=[ALGORITHM])
    files = len([p for p in (bag / "data").rglob("*") if p.is_file()])
    (bag / "index.html").write_text(entry_page(facts), "utf-8")
    sections = readme_sections(facts, pages, files)
    (bag / "说明.html").write_text(readme_html(facts, sections), "utf-8")
    (bag / "说明.txt").write_text(readme_text(facts, sections), "utf-8")
    write_tag_manifest(bag)


def bag_info(facts: Facts) -> dict[str, str]:
    """bag-info.txt fields; the date is the records' date, never the day of the build."""
    return {
        "Source-Organization": facts.organization,
        "External-Description": f"{facts.site_name}离线存档：机构、规划、荣誉和历年工作记录的网页，可离线浏览和搜索",
        "External-Identifier": facts.stem,
        "Bagging-Date": facts.date.isoformat(),
        "Records-Version": facts.version,
    }


def write_tag_manifest(bag: Path) -> None:
    """List every file outside data/ with its SHA-256, sorted (bagit lists them in directory order)."""
    tag_files = sorted(
        p.relative_to(bag).as_posix()
        for p in bag.rglob("*")
        if p.is_file() and p.relative_to(bag).parts[0] != "data" and not p.name.startswith("tagmanifest-")
    )
    lines = [f"{file_digest(bag / name)}  {name}\n" for name in tag_files]
    (bag / TAG_MANIFEST).write_text("".join(lines), "utf-8")


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, ALGORITHM).hexdigest()


# --- the 说明 pages ---------------------------------------------------------------------


def readme_sections(facts: Facts, pages: int, files: int) -> list[tuple[str, list[str]]]:
    """The 说明 as (heading, paragraphs); a paragraph starting with "$ " is a command."""
    org, date, version = facts.organization, facts.date.isoformat(), facts.version
    return [
        ("这是什么", [
            f"这是{org}资料站的完整离线副本，共 {pages} 个网页：机构设置、发展规划、所获荣誉和历年工作记录。"
            "阅读和全文搜索都不需要网络，也不需要安装任何软件，有浏览器即可。",
        ]),
        ("怎样打开", [
            "解压后，用浏览器打开本文件夹中的 index.html（双击即可）。它会转到 data/index.html，即资料站首页；"
            "页面顶部的搜索框可以搜索全文。",
            "请保持文件夹结构不变：网页之间用相对路径互相链接。",
        ]),
        ("生成依据", [
            f"记录版本：{version}（由全部记录文件的内容计算得出：记录相同，版本相同）。",
            f"记录日期：{date}（记录最后一次提交的日期；没有提交历史时，取记录中最近一年的 12 月 31 日）。",
            "存档中不含生成时的时间，所有日期都取自记录。因此用同样的记录再次生成（命令 annals archive），"
            "得到的 zip 文件逐字节相同，可以互相核对。",
        ]),
        ("存档内容", [
            "index.html：入口，转到 data/index.html。",
            "说明.html、说明.txt：本说明。",
            f"data/：资料站本身，共 {files} 个文件。",
            "bagit.txt、bag-info.txt：BagIt 格式声明和存档信息。BagIt 是国际通行的数字档案打包格式（RFC 8493）。",
            f"{PAYLOAD_MANIFEST}：data/ 中每个文件的 SHA-256 校验值。",
            f"{TAG_MANIFEST}：其余每个文件（包括本说明和 {PAYLOAD_MANIFEST}）的 SHA-256 校验值。",
        ]),
        ("怎样校验", [
            "方法一：用本项目的程序校验 zip 文件：",
            f"$ annals verify {facts.stem}.zip",
            "存档完整且未被改动时显示“校验通过”；否则逐个列出缺少、多出或被改动的文件。",
            "方法二：解压后，在本文件夹（bagit.txt 所在的文件夹）中运行系统自带的 sha256sum（macOS 上用 shasum -a 256 -c）：",
            f"$ sha256sum -c {TAG_MANIFEST}",
            f"$ sha256sum -c {PAYLOAD_MANIFEST}",
            f"每一行都应显示 OK（中文系统显示“成功”）。还要确认没有多出的文件：data/ 中应正好有 {files} 个文件，"
            f"与 {PAYLOAD_MANIFEST} 的行数相同：",
            "$ find data -type f | wc -l",
            "Windows 上可以在 PowerShell 中逐个核对，例如：",
            "$ Get-FileHash data\\index.html -Algorithm SHA256",
            "方法三：用 BagIt 的通用工具，例如美国国会图书馆的 bagit-python：",
            "$ bagit.py --validate 本文件夹",
            "建议在档案登记中另行记下整个 zip 文件的 SHA-256 值（生成存档时会显示），日后可以直接核对整个文件。",
        ]),
    ]


def readme_text(facts: Facts, sections: list[tuple[str, list[str]]]) -> str:
    """The 说明 as plain text, readable in any editor."""
    title = f"{facts.site_name} · 离线存档"
    lines = [title, "=" * width(title), ""]
    for heading, paragraphs in sections:
        lines += [heading, "-" * width(heading)]
        lines += [f"    {p[2:]}" if p.startswith("$ ") else p for p in paragraphs]
        lines.append("")
    return "\n".join(lines)


def width(text: str) -> int:
    """Columns a text takes in a monospaced font: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def readme_html(facts: Facts, sections: list[tuple[str, list[str]]]) -> str:
    """The 说明 as a self-contained HTML page."""
    title = html.escape(f"{facts.site_name} · 离线存档")
    body = [f"<h1>{title}</h1>", '<p><a href="data/index.html">打开资料站首页</a></p>']
    for heading, paragraphs in sections:
        body.append(f"<h2>{html.escape(heading)}</h2>")
        body += [
            f"<pre><code>{html.escape(p[2:])}</code></pre>" if p.startswith("$ ") else f"<p>{html.escape(p)}</p>"
            for p in paragraphs
        ]
    return page(title, "\n".join(body))


def entry_page(facts: Facts) -> str:
    """index.html beside data/: goes to the site's home page."""
    title = html.escape(f"{facts.site_name}（离线存档）")
    body = (
        '<p>正在打开资料站……如果没有自动跳转，请点击<a href="data/index.html">资料站首页</a>。'
        '存档的内容和校验方法见<a href="说明.html">说明</a>。</p>'
    )
    return page(title, body, head='<meta http-equiv="refresh" content="0; url=data/index.html">')


def page(title: str, body: str, head: str = "") -> str:
    """A minimal standalone HTML page in Chinese with system fonts."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{head}<title>{title}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.7}"
        "pre{background:#f5f5f5;padding:.5em 1em;white-space:pre-wrap;overflow-wrap:anywhere}</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# --- the zip ----------------------------------------------------------------------------


def write_zip(folder: Path, target: Path, stamp: tuple) -> Path:
    """Pack folder (as the zip's top folder) into target; the old target survives a failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    entries = [
        (f"{folder.name}/{p.relative_to(folder).as_posix()}", p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file()
    ]
    try:
        with open(temporary, "wb") as stream:
            pack(entries, stamp, stream)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def pack(entries: list[tuple[str, bytes]], stamp: tuple, stream) -> None:
    """Write a reproducible zip: sorted names, one fixed time and mode, stored, no extras."""
    # Stored rather than deflated: deflate output differs between zlib builds, stored
    # entries are the same bytes on every machine and readable by any unzip tool.
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_STORED) as archive:
        for name, data in sorted(entries, key=lambda entry: entry[0]):
            archive.writestr(entry_info(name, stamp), data)


def entry_info(name: str, stamp: tuple) -> zipfile.ZipInfo:
    """The header of one entry: nothing in it depends on the machine, the clock or the umask."""
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = UNIX
    info.external_attr = FILE_MODE << 16
    return info


# --- verification -----------------------------------------------------------------------


@dataclass
class Contents:
    """What a zip holds: readable entries, entries that could not be read, duplicates."""

    files: dict[str, bytes] = field(default_factory=dict)
    damaged: dict[str, str] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)
    infos: list[zipfile.ZipInfo] = field(default_factory=list)


@dataclass
class Findings:
    """Problems found by verification, by kind; each entry names a file."""

    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One message per problem, missing files first."""
        return (
            [f"缺少：{n}（清单中有，存档中没有）" for n in self.missing]
            + [f"多出：{n}（存档中有，但不在任何清单中）" for n in self.extra]
            + self.changed
            + self.other
        )


def verify_archive(path: Path) -> int:
    """Check a zip against its BagIt manifests; list every problem.

    Exit 0: every listed file is present and unaltered, nothing is extra, and the zip is
    byte for byte what `annals archive` writes for those contents. Exit 1: anything
    missing, extra, changed or damaged, including a file that cannot be opened as a zip.
    Exit 2 (usage error): the path does not exist or is not a file.
    """
    if not path.is_file():
        print(f"用法错误：找不到存档文件 {path}", file=sys.stderr)
        return 2
    try:
        contents = read_zip(path)
    except Exception as error:  # whatever the zip parser trips over, the file is damaged
        print(f"校验失败：{path.name} 无法作为 zip 打开，文件已损坏或不是存档（{error}）。")
        return 1
    findings, info = audit(contents)
    if not findings.lines():
        findings.other += container_problems(path, contents, info)
    return report(path, findings, info, len(contents.files))


def read_zip(path: Path) -> Contents:
    """Every file entry of a zip, with the entries that fail to decompress or fail their CRC."""
    contents = Contents()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            contents.infos.append(info)
            name = entry_name(info)
            if name in contents.files or name in contents.damaged:
                contents.duplicates.append(name)
                continue
            if info.is_dir():
                continue
            try:
                contents.files[name] = archive.read(info)
            except Exception as error:  # bad CRC, bad header, bad deflate stream, encryption...
                contents.damaged[name] = str(error)
    return contents


def entry_name(info: zipfile.ZipInfo) -> str:
    """An entry's name; names without the UTF-8 flag (other zip tools) are tried as UTF-8, then GBK."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def bag_prefix(names: list[str]) -> str | None:
    """The folder in the zip that holds bagit.txt ("" for the top), or None."""
    prefixes = [n[: -len("bagit.txt")] for n in names if n == "bagit.txt" or n.endswith("/bagit.txt")]
    return min(prefixes, key=len) if prefixes else None


def audit(contents: Contents) -> tuple[Findings, dict[str, str]]:
    """Compare the zip's files with its manifests; return the findings and bag-info fields."""
    findings = Findings()
    names = [*contents.files, *contents.damaged]
    prefix = bag_prefix(names)
    if prefix is None:
        findings.other.append("存档中没有 bagit.txt：这不是 annals archive 生成的存档，或者关键文件已被删除。")
        return findings, {}
    present = {n[len(prefix):]: n for n in names if n.startswith(prefix)}
    findings.extra += sorted(n for n in names if not n.startswith(prefix))
    findings.other += [f"重复：{n}（zip 中出现了不止一次）" for n in sorted(set(contents.duplicates))]
    expected = manifest_entries(contents, present, findings)
    findings.missing += sorted(p for p in set(expected) | set(REQUIRED_TAG_FILES) if p not in present)
    findings.extra += sorted(p for p in present if p not in expected and checkable(p, present, contents))
    for relative in sorted(set(expected) & set(present)):
        findings.changed += changed(contents, present[relative], relative, expected[relative])
    info = parse_bag_info(contents.files.get(present.get("bag-info.txt", ""), b""))
    return findings, info


def manifest_entries(contents: Contents, present: dict[str, str], findings: Findings) -> dict[str, list[tuple[str, str]]]:
    """Every path listed in the manifests, with (algorithm, digest) pairs."""
    expected: dict[str, list[tuple[str, str]]] = {}
    for relative in sorted(present):
        match = re.fullmatch(r"(?:tag)?manifest-(\w+)\.txt", relative)
        if not match:
            continue
        data = contents.files.get(present[relative])
        if data is None or match.group(1) not in hashlib.algorithms_available:
            findings.other.append(f"无法读取清单：{relative}")
            continue
        for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
            parts = line.strip().split(None, 1)
            if not parts or parts[0].startswith("#"):
                continue
            if len(parts) != 2:
                findings.other.append(f"清单 {relative} 第 {number} 行格式不对：{line!r}")
                continue
            path = decode_manifest_path(parts[1].lstrip("*"))
            expected.setdefault(path, []).append((match.group(1), parts[0].lower()))
    return expected


def checkable(relative: str, present: dict[str, str], contents: Contents) -> bool:
    """True when a manifest that should list this file could be read (else it is not "extra")."""
    if relative.startswith("tagmanifest-"):
        return False
    manifest = PAYLOAD_MANIFEST if relative.startswith("data/") else TAG_MANIFEST
    return present.get(manifest) in contents.files


def decode_manifest_path(text: str) -> str:
    """A manifest path as BagIt encodes it: %0A, %0D and %25 escaped."""
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def changed(contents: Contents, name: str, relative: str, digests: list[tuple[str, str]]) -> list[str]:
    """A message if the file cannot be read or does not match its recorded digests."""
    if name in contents.damaged:
        return [f"损坏：{relative}（无法读出：{contents.damaged[name]}）"]
    data = contents.files[name]
    wrong = [alg for alg, digest in digests if hashlib.new(alg, data).hexdigest() != digest]
    if wrong:
        return [f"被改动：{relative}（{'、'.join(a.upper().replace('SHA', 'SHA-') for a in wrong)} 校验值与清单不符）"]
    return []


def parse_bag_info(data: bytes) -> dict[str, str]:
    """bag-info.txt as a dict (first value of each label)."""
    info: dict[str, str] = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        label, colon, value = line.partition(":")
        if colon and not line[:1].isspace():
            info.setdefault(label.strip(), value.strip())
    return info


def container_problems(path: Path, contents: Contents, info: dict[str, str]) -> list[str]:
    """Differences between the zip and a canonical repacking of its own contents."""
    stamp = bag_stamp(info)
    if stamp is None:
        return ["bag-info.txt 缺少有效的 Bagging-Date，无法核对 zip 本身的结构。"]
    odd = [i.filename for i in contents.infos if not canonical_entry(i, stamp)]
    if odd:
        shown = "、".join(odd[:3]) + (f" 等 {len(odd)} 个条目" if len(odd) > 3 else "")
        return [f"结构被改动：{shown}的时间、权限或附加信息与原存档不同；各文件内容完整，zip 可能被重新打包过。"]
    buffer = io.BytesIO()
    pack(list(contents.files.items()), stamp, buffer)
    if buffer.getvalue() != path.read_bytes():
        return ["结构被改动：各文件内容完整，但 zip 文件的目录或文件头与原存档不同（例如条目顺序被改动）。"]
    return []


def bag_stamp(info: dict[str, str]) -> tuple | None:
    """The entry time an archive of this Bagging-Date carries."""
    try:
        day = datetime.date.fromisoformat(info.get("Bagging-Date", ""))
    except ValueError:
        return None
    return (day.year, day.month, day.day, 0, 0, 0)


def canonical_entry(info: zipfile.ZipInfo, stamp: tuple) -> bool:
    """True when an entry's header is exactly what pack() writes."""
    return (
        info.date_time == stamp
        and info.compress_type == zipfile.ZIP_STORED
        and info.create_system == UNIX
        and info.external_attr == FILE_MODE << 16
        and not info.extra
        and not info.comment
        and not info.is_dir()
    )


def report(path: Path, findings: Findings, info: dict[str, str], files: int) -> int:
    """Print the verdict in Chinese; return the exit status."""
    lines = findings.lines()
    if not lines:
        print(
            f"校验通过：{path.name} 中的 {files} 个文件完整、未被改动"
            f"（记录版本 {info.get('Records-Version', '未知')}，记录日期 {info.get('Bagging-Date', '未知')}）。"
        )
        return 0
    for line in lines:
        print(line)
    counts = f"缺少 {len(findings.missing)} 个、多出 {len(findings.extra)} 个、被改动或损坏 {len(findings.changed)} 个文件"
    other = f"，另有 {len(findings.other)} 处其他问题" if findings.other else ""
    print(f"\n校验失败：{path.name} 共 {len(lines)} 处问题（{counts}{other}）。请从其他副本恢复，或用同样的记录重新生成存档。")
    return 1
