"""Orchestration: the only module that writes to the file system."""
from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from .config import CACHE, SITE_DIRS, config_path, config_text, dictionary_path, engine_config, read_settings  # noqa: E402
from .load import load_front_matter  # noqa: E402
from .model import Catalog, strip_internal, build_catalog  # noqa: E402
from .render.blocks import GENERATED_MARK
from .render.pages import render_site
from .render.statistics import Release
from .routes import DATA_FOLDER  # noqa: E402
from .render.site import navigation, user_dictionary  # noqa: E402
from .synonyms import SCRIPT_PATH, synonyms_script  # noqa: E402
from .validate import check  # noqa: E402
from .engine_output import engine_complaints  # noqa: E402
from .files import write_if_changed  # noqa: E402
from .release import records_date, records_version  # noqa: E402



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
    return build_catalog(strip_internal(catalog.records), catalog.synonyms)  # the public site and its offline archive


def write_pages(docs: Path, pages: dict[str, str]) -> WriteReport:
    """Write generated pages whose bytes changed; remove stale generated pages."""
    report = WriteReport()
    for relative in pages:
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


def write_data_files(docs: Path, files: dict[str, bytes]) -> None:
    """Write the downloads; the data folder under docs/ belongs to the generator, so stale files go."""
    for relative, data in files.items():
        write_if_changed(docs / relative, data)
    folder = docs / DATA_FOLDER
    stale = [p for p in sorted(folder.rglob("*")) if p.is_file() and p.relative_to(docs).as_posix() not in files] if folder.is_dir() else []
    for path in stale:
        path.unlink()
    remove_empty_folders(docs, stale)


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


@dataclass(frozen=True)
class BuildInputs:
    """What generating an audience's inputs wrote and worked out, for the engine run that follows."""

    catalog: Catalog
    pages: dict[str, str]
    report: WriteReport
    moment: datetime.datetime  # the records' date: the dates the engine writes come from it


def generate(root: Path, audience: str, catalog: Catalog | None = None) -> tuple[Catalog, dict[str, str], WriteReport]:
    """Check records (unless already checked), write an audience's pages, dictionary and engine configuration."""
    inputs = write_inputs(root, audience, catalog)
    return inputs.catalog, inputs.pages, inputs.report


def write_inputs(root: Path, audience: str, catalog: Catalog | None = None) -> BuildInputs:
    """generate(), keeping the records' date so that it is looked up once per build."""
    visible = catalog_for(catalog or checked_catalog(root), audience)
    moment = records_date(root, visible)
    pages, files = render_site(visible, Release(records_version(root), moment.date()))
    check_hand_written(root, pages)
    write_if_changed(root / "docs" / SCRIPT_PATH, synonyms_script(list(visible.synonyms)).encode("utf-8"))
    docs = docs_dir(root, audience)
    if audience == "internal":
        stage_docs(root / "docs", docs)
    report = write_pages(docs, pages)
    write_data_files(docs, files)
    write_if_changed(root / dictionary_path(audience), user_dictionary(visible).encode("utf-8"))
    write_config(root, audience, navigation(visible, hand_written_pages(docs, pages)), docs)
    return BuildInputs(visible, pages, report, moment)


def write_config(root: Path, audience: str, nav: list, docs: Path) -> Path:
    """Write an audience's complete engine configuration; a broken mkdocs.yml is the editor's to fix."""
    from .host.settings import SettingsInvalid, read_hosting

    try:
        settings = engine_config(root, audience, nav, docs)
        filing = read_hosting(root).filing.template_values()
        if filing:  # hosting.yml's filing numbers, for the footer of every page
            settings["extra"]["filing"] = filing
    except SettingsInvalid as error:
        raise BuildFailed(str(error)) from error
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise BuildFailed(f"网站设置文件 mkdocs.yml 无法读取：{error}") from error
    target = config_path(root, audience)
    write_if_changed(target, config_text(root, audience, settings).encode("utf-8"))
    return target


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
    return root / CACHE / f"docs-{audience}" if audience == "internal" else root / "docs"


def stage_docs(source: Path, staging: Path) -> None:
    """Mirror the hand-written files of docs/ into a private docs folder, copying only changes."""
    wanted = {
        file.relative_to(source): file
        for file in sorted(source.rglob("*"))
        if file.is_file() and not is_generated(file) and not is_data(file, source)
    }
    staging.mkdir(parents=True, exist_ok=True)
    for file in sorted(staging.rglob("*")):
        if file.is_file() and file.relative_to(staging) not in wanted and not is_generated(file) and not is_data(file, staging):
            file.unlink()
    for relative, file in wanted.items():
        write_if_changed(staging / relative, file.read_bytes())


def is_data(path: Path, docs: Path) -> bool:
    """True for downloads the generator writes (everything under docs/data/)."""
    return path.relative_to(docs).parts[:1] == (DATA_FOLDER,)


class DataProblems(Exception):
    """The records have problems; nothing was built."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def mkdocs_command(config_file: Path, site_dir: Path) -> list[str]:
    """MkDocs (with the Material theme) building one on-disk configuration into site_dir."""
    return [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file), "--site-dir", str(site_dir), "--strict"]


def run_engine(root: Path, command: list[str], moment: datetime.datetime) -> None:
    """Run a site engine in its own process from the project root; its complaints become BuildFailed.

    Its own process: the search segmenter's dictionary is global state there, gone when it ends.
    Dates it writes (sitemap, gzip headers) come from the records, not the clock.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(moment.timestamp())), "NO_MKDOCS_2_WARNING": "1"}
    env["TMPDIR"] = str(root / CACHE)  # jieba's dictionary cache stays in the project
    (root / CACHE).mkdir(parents=True, exist_ok=True)
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if result.returncode != 0:
        raise BuildFailed("网站构建失败：\n  " + "\n  ".join(engine_complaints(result.stdout + result.stderr)))


def warn_placeholder_address(root: Path, out) -> None:
    """Canonical links and the sitemap need the real address; say so while it is the example one."""
    address = str(read_settings(root, "public").get("site_url") or "")
    if "example.org" in address:
        print(f"提示：网站地址（site_url）仍是示例地址 {address}；正式发布前请设置环境变量 ANNALS_SITE_URL 为正式网址。", file=out)


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


def build_site(
    root: Path,
    audience: str = "public",
    out=None,
    target: Path | None = None,
    catalog: Catalog | None = None,
    engine: str = "material",
) -> Path:
    """check (unless given a checked catalog) -> pages and configuration -> engine into a temporary folder -> swap in."""
    started = time.monotonic()
    out = out or sys.stdout
    if engine == "zensical":
        require_zensical()
    inputs = write_inputs(root, audience, catalog)
    report = inputs.report
    print(f"记录检查通过；页面：{len(inputs.pages)} 个（更新 {len(report.written)}，未变 {report.unchanged}，删除 {len(report.removed)}）", file=out)
    target = target or root / SITE_DIRS[audience]
    if target.parent == root and audience == "public":
        warn_placeholder_address(root, out)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    temporary.chmod(folder_mode())  # mkdtemp makes it private; a web server must read the site
    try:
        print("正在构建网站……" if engine == "material" else "正在用 Zensical 构建网站……", file=out, flush=True)
        if engine == "zensical":
            run_zensical_engine(config_path(root, audience), temporary)
        else:
            run_engine(root, mkdocs_command(config_path(root, audience), temporary), inputs.moment)
        stamped = audience in ("public", "internal")  # the served sites get a manifest; `annals publish` checks it
        if stamped:
            from .host.stamp import clear_stamp, write_stamp

            clear_stamp(target)
        swap_in(temporary, target)
        if stamped:
            write_stamp(target, audience, records_version(root))
    finally:
        if temporary.exists():
            shutil.rmtree(temporary)
    print(f"网站已生成：{display(target, root)}/（用时 {time.monotonic() - started:.1f} 秒）", file=out)
    return target


def require_zensical() -> None:
    """Say how to install the second engine before anything is generated."""
    from .engines import MISSING, zensical_available

    if not zensical_available():
        raise BuildFailed(MISSING)


def run_zensical_engine(config_file: Path, site_dir: Path) -> None:
    """Build an on-disk configuration with Zensical; its failures become BuildFailed."""
    from .engines import EngineFailed, EngineMissing, run_zensical

    try:
        run_zensical(config_file, site_dir)
    except (EngineFailed, EngineMissing) as error:
        raise BuildFailed(str(error)) from error


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
