"""Orchestration: the only module that writes to the file system."""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from .load import load_front_matter  # noqa: E402
from .model import Catalog, strip_internal, build_catalog  # noqa: E402
from .render.pages import GENERATED_MARK, render_pages  # noqa: E402
from .render.site import navigation, user_dictionary  # noqa: E402
from .synonyms import SCRIPT_PATH, read_synonyms, synonyms_script  # noqa: E402
from .validate import check  # noqa: E402

AUDIENCES = {"public": "site", "internal": "site-internal"}
CACHE = Path(".cache") / "annals"


class BuildFailed(Exception):
    """A build step failed; the message is for the editor, in Chinese."""


@dataclass
class WriteReport:
    """What writing the generated pages changed."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def catalog_for(catalog: Catalog, audience: str) -> Catalog:
    """The catalog an audience may see."""
    if audience == "internal":
        return catalog
    return build_catalog(strip_internal(catalog.records))


def write_pages(docs: Path, pages: dict[str, str]) -> WriteReport:
    """Write generated pages whose bytes changed; remove stale generated pages."""
    report = WriteReport()
    for relative, content in pages.items():
        target = docs / relative
        if not target.resolve().is_relative_to(docs.resolve()):
            raise BuildFailed(f"docs/{relative} 会写到 docs/ 以外的位置（docs/ 里有指向别处的链接文件夹？）；请把它换成普通文件夹")
        if target.exists() and not is_generated(target):
            raise BuildFailed(f"docs/{relative} 是手写页面，与自动生成的页面同名；请改名或移走它")
    for relative, content in pages.items():
        if write_if_changed(docs / relative, content.encode("utf-8")):
            report.written.append(relative)
        else:
            report.unchanged += 1
    for stale in sorted(docs.rglob("*.md")):
        relative = stale.relative_to(docs).as_posix()
        if relative not in pages and is_generated(stale):
            stale.unlink()
            report.removed.append(relative)
    remove_empty_folders(docs, [docs / r for r in report.removed])
    return report


_MARK_LINE = f"generated_by: {GENERATED_MARK}"


def is_generated(path: Path) -> bool:
    """True for Markdown pages this program wrote: their front matter carries its mark.

    Only the front matter block is read (not parsed): this runs for every page of every build.
    """
    if path.suffix != ".md" or not path.is_file():
        return False
    try:
        with open(path, encoding="utf-8") as file:
            if file.readline().rstrip("\r\n") != "---":
                return False
            for line in file:
                line = line.rstrip("\r\n")
                if line == "---":
                    return False
                if line == _MARK_LINE:
                    return True
    except (OSError, UnicodeDecodeError):  # unreadable: never ours
        return False
    return False


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write target atomically unless it already holds these bytes; True if written."""
    if target.exists() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return True


def remove_empty_folders(root: Path, removed: list[Path]) -> None:
    """Remove folders that removing stale pages left empty (never other folders)."""
    for folder in sorted({p.parent for p in removed}, key=lambda p: -len(p.parts)):
        while folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def hand_written_pages(docs: Path, pages: dict[str, str]) -> list[str]:
    """Markdown pages under docs/ that the generator does not own."""
    return [
        p.relative_to(docs).as_posix()
        for p in sorted(docs.rglob("*.md"))
        if p.relative_to(docs).as_posix() not in pages and not p.name.startswith(".")
    ]


def checked_catalog(root: Path) -> Catalog:
    """All records, valid, or DataProblems listing everything wrong with them."""
    catalog, problems = check(root)
    if problems:
        raise DataProblems(problems)
    return catalog


def generate(root: Path, audience: str, catalog: Catalog | None = None) -> tuple[Catalog, dict[str, str], WriteReport]:
    """Check records (unless already checked) and write the docs/ pages for an audience."""
    visible = catalog_for(catalog or checked_catalog(root), audience)
    pages = render_pages(visible)
    check_hand_written(root, pages)
    write_if_changed(root / "docs" / SCRIPT_PATH, synonyms_script(read_synonyms(root)).encode("utf-8"))
    docs = docs_dir(root, audience)
    if audience != "public":
        stage_docs(root / "docs", docs)
    report = write_pages(docs, pages)
    write_if_changed(root / CACHE / "jieba-userdict.txt", user_dictionary(visible).encode("utf-8"))
    return visible, pages, report


def check_hand_written(root: Path, pages: dict[str, str]) -> None:
    """Hand-written pages with broken front matter, which MkDocs would show as text."""
    problems = [
        problem
        for relative in hand_written_pages(root / "docs", pages)
        for problem in load_front_matter(root / "docs" / relative, f"docs/{relative}").problems
    ]
    if problems:
        raise DataProblems(problems)


def docs_dir(root: Path, audience: str) -> Path:
    """Where an audience's pages live: docs/ for the public, a private copy otherwise."""
    return root / "docs" if audience == "public" else root / CACHE / f"docs-{audience}"


def stage_docs(source: Path, staging: Path) -> None:
    """Mirror the hand-written files of docs/ into a private docs folder, copying only changes."""
    wanted = {
        file.relative_to(source): file
        for file in sorted(source.rglob("*"))
        if file.is_file() and not is_generated(file)
    }
    staging.mkdir(parents=True, exist_ok=True)
    for file in sorted(staging.rglob("*")):
        if file.is_file() and file.relative_to(staging) not in wanted and not is_generated(file):
            file.unlink()
    for relative, file in wanted.items():
        write_if_changed(staging / relative, file.read_bytes())


class DataProblems(Exception):
    """The records have problems; nothing was built."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def mkdocs_config(
    root: Path,
    catalog: Catalog,
    pages: dict[str, str],
    site_dir: Path,
    config_file: str = "mkdocs.yml",
    audience: str = "public",
    **overrides,
):
    """The MkDocs configuration for one build, with navigation from the catalog."""
    from mkdocs.config import load_config

    docs = docs_dir(root, audience)
    nav = navigation(catalog, hand_written_pages(docs, pages))
    config = load_config(
        config_file=str(root / config_file),
        site_dir=str(site_dir),
        docs_dir=str(docs),
        nav=nav,
        strict=True,
        **overrides,
    )
    config["extra"]["audience"] = audience
    return config


class _Collector(logging.Handler):
    """Keeps MkDocs warnings so that they can be shown in one summary."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def forget_user_words(cache: Path) -> None:
    """jieba's dictionary is global and only grows: start each build from the main one, cached in the project."""
    try:
        import jieba
    except ImportError:
        return
    jieba.dt.initialized = False
    jieba.dt.tmp_dir = str(cache)  # not the system temp folder


def run_mkdocs(config) -> None:
    """Build with MkDocs, quietly (strict: any warning fails the build)."""
    from mkdocs.commands import build as mkdocs_build

    with quiet_mkdocs():
        forget_user_words(Path(config["config_file_path"]).parent / CACHE)
        mkdocs_build.build(config)


@contextlib.contextmanager
def quiet_mkdocs():
    """Collect what MkDocs logs (loading the config or building); its errors become BuildFailed."""
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    previous = (logger.level, logger.handlers[:], logger.propagate)
    logger.handlers = [collector]
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    logging.getLogger("jieba").setLevel(logging.WARNING)
    try:
        yield collector.messages
    except MkDocsException as error:
        collector.messages.append(str(error))
        lines = [explain_mkdocs(m) for m in collector.messages if not m.startswith("Aborted with")]
        raise BuildFailed("网站构建失败：\n  " + "\n  ".join(lines or collector.messages)) from error
    finally:
        logger.setLevel(previous[0])
        logger.handlers = previous[1]
        logger.propagate = previous[2]


_MKDOCS_MESSAGES = [
    (r"Doc file '(.+?)' contains a link '(.+?)', but the target .*not found",
     "docs/{0}：链接 {1} 指向的页面不存在；请检查链接地址（相对于本页面），或删除这个链接"),
    (r"Doc file '(.+?)' contains a link '(.+?)', but the doc '(.+?)' does not contain an anchor '(.+?)'",
     "docs/{0}：链接 {1} 指向的位置 {3} 在 docs/{2} 里不存在；请检查 # 后面的锚点"),
    (r"Doc file '(.+?)' contains an absolute link '(.+?)'",
     "docs/{0}：链接 {1} 以 / 开头；请改成相对链接（例如 ../about.md）"),
    (r"Doc file '(.+?)' contains an unrecognized relative link '(.+?)'",
     "docs/{0}：无法识别的链接 {1}；请链接到 .md 文件"),
    (r"The following pages exist in the docs directory, but are not included in the \"nav\" configuration:",
     "docs/ 中有页面没有出现在导航里"),
]


def explain_mkdocs(message: str) -> str:
    """MkDocs' common complaints in Chinese, with the original kept for reference."""
    for pattern, chinese in _MKDOCS_MESSAGES:
        match = re.search(pattern, message)
        if match:
            return chinese.format(*match.groups())
    return f"MkDocs：{message}"


@contextlib.contextmanager
def source_date(moment: datetime.datetime):
    """Dates that MkDocs writes (sitemap, gzip headers) come from the records, not the clock."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def warn_placeholder_address(config, out) -> None:
    """Canonical links and the sitemap need the real address; say so while it is the example one."""
    if "example.org" in (config.get("site_url") or ""):
        print(f"提示：网站地址（site_url）仍是示例地址 {config['site_url']}；正式发布前请设置环境变量 ANNALS_SITE_URL 为正式网址。", file=out)


def swap_in(built: Path, target: Path) -> None:
    """Replace target with built in two renames; the old output survives until then."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(built, target)
    if old.exists():
        shutil.rmtree(old)


def records_version(root: Path) -> str:
    """A digest of every record file's path and bytes: same records, same version."""
    digest = hashlib.sha256()
    for file in sorted((root / "records").rglob("*.yml")):
        digest.update(file.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def records_date(root: Path, catalog: Catalog) -> datetime.datetime:
    """The records' date: their last commit if under git, else the end of the latest year.

    Uncommitted edits keep the date of the last commit: the records version tells them apart.
    """
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "records"],
            cwd=root, capture_output=True, text=True, check=True, timeout=20,
        ).stdout.strip()
        if stamp:
            return datetime.datetime.fromtimestamp(int(stamp), datetime.timezone.utc)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    years = [y.model.year for y in catalog.years] or [2000]
    return datetime.datetime(max(years), 12, 31, tzinfo=datetime.timezone.utc)


def build_site(
    root: Path,
    audience: str = "public",
    out=None,
    target: Path | None = None,
    config_file: str = "mkdocs.yml",
    catalog: Catalog | None = None,
    **overrides,
) -> Path:
    """check (unless given a checked catalog) -> pages -> MkDocs into a temporary folder -> swap in."""
    started = time.monotonic()
    out = out or sys.stdout
    catalog, pages, report = generate(root, audience, catalog)
    print(f"记录检查通过；页面：{len(pages)} 个（更新 {len(report.written)}，未变 {report.unchanged}，删除 {len(report.removed)}）", file=out)
    published = target is None and audience == "public"
    target = target or root / AUDIENCES[audience]
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    temporary.chmod(folder_mode())  # mkdtemp makes it private; a web server must read the site
    try:
        previous = Path.cwd()
        os.chdir(root)
        try:
            with quiet_mkdocs():
                config = mkdocs_config(root, catalog, pages, temporary, config_file, audience, **overrides)
            if published:
                warn_placeholder_address(config, out)
            print("正在构建网站……", file=out, flush=True)
            with source_date(records_date(root, catalog)):
                run_mkdocs(config)
        finally:
            os.chdir(previous)
        swap_in(temporary, target)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary)
    print(f"网站已生成：{display(target, root)}/（用时 {time.monotonic() - started:.1f} 秒）", file=out)
    return target


def folder_mode() -> int:
    """The permissions a new folder gets under the current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


def display(path: Path, root: Path) -> str:
    """A path as the editor would type it: relative to the project when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
