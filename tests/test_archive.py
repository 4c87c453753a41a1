"""The offline archive: contents, the offline check, fixity, verification, reproducibility."""
from __future__ import annotations

import datetime
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import bagit
import pytest

from annals.archive import verify_archive
from annals.archive.network import local_problems
from annals.archive.offline import shim_target
from annals.archive.pack import entry_info, pack, write_zip
from annals.build import BuildFailed
from annals.release import records_version
from annals.config import engine_plugins as offline_plugins
from annals.config import engine_config
from annals.cli import main
from conftest import ROOT, copy_project

# Outside git the records' date is the end of their latest year (records/work/YEAR.yml).
YEAR = max(int(p.stem) for p in (ROOT / "records" / "work").glob("*.yml"))
DATE = f"{YEAR}-12-31"
STAMP = (YEAR, 12, 31, 0, 0, 0)
ZIP_NAME = f"济宁市妇女联合会-离线存档-{DATE}.zip"
TOP = ZIP_NAME.removesuffix(".zip")
SHIM = "assets/javascripts/iframe-worker.js"

# Runs annals with a clock years ahead (and not on a whole second), as a later build would.
FAKE_CLOCK = """
import datetime, sys, time

SHIFT = 9 * 365 * 86400 + 4321.75
_time, _time_ns, _localtime, _gmtime = time.time, time.time_ns, time.localtime, time.gmtime
time.time = lambda: _time() + SHIFT
time.time_ns = lambda: _time_ns() + int(SHIFT * 1e9)
time.localtime = lambda secs=None: _localtime(time.time() if secs is None else secs)
time.gmtime = lambda secs=None: _gmtime(time.time() if secs is None else secs)


class FakeDateTime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.datetime.fromtimestamp(time.time(), tz)

    @classmethod
    def today(cls):
        return cls.now()


class FakeDate(datetime.date):
    @classmethod
    def today(cls):
        return datetime.date.fromtimestamp(time.time())


datetime.datetime, datetime.date = FakeDateTime, FakeDate
assert datetime.date.today().year >= _localtime().tm_year + 8, "the fake clock is not in effect"
from annals.cli import main

sys.exit(main(sys.argv[1:]))
"""


def archive_project(target: Path) -> Path:
    """A project copy (it includes the offline config and the npm packages)."""
    return copy_project(target)


def run_archive(root: Path, command: list[str], **env: str | None) -> subprocess.CompletedProcess:
    """`annals --root ROOT archive` in a fresh process: jieba keeps words from earlier builds in a process."""
    environment = {**os.environ, **{k: v for k, v in env.items() if v is not None}}
    for name in (k for k, v in env.items() if v is None):
        environment.pop(name, None)
    result = subprocess.run(
        [*command, "--root", str(root), "archive"],
        cwd=root.parent, env=environment, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def build_archive_of(root: Path) -> Path:
    """Build the archive of a project copy, with a bogus SOURCE_DATE_EPOCH that must not matter."""
    run_archive(root, [sys.executable, "-m", "annals"], SOURCE_DATE_EPOCH="86400", TZ="UTC")
    return root / "dist" / ZIP_NAME


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project copy with its archive built once for this module."""
    root = archive_project(tmp_path_factory.mktemp("archive") / "project")
    build_archive_of(root)
    return root


@pytest.fixture
def archive(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built zip that a test may damage."""
    return Path(shutil.copy(built / "dist" / ZIP_NAME, tmp_path / ZIP_NAME))


@pytest.fixture
def unpacked(archive: Path, tmp_path: Path) -> Path:
    """The archive unzipped; returns its top folder."""
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path / "unzipped")
    return tmp_path / "unzipped" / TOP


def rewrite(archive: Path, change) -> None:
    """Repack the archive canonically after change(files) edits its {name: bytes}."""
    with zipfile.ZipFile(archive) as opened:
        files = {i.filename: opened.read(i) for i in opened.infolist()}
    change(files)
    with open(archive, "wb") as stream:
        pack(list(files.items()), STAMP, stream)


# --- configuration ----------------------------------------------------------------------


def test_offline_config_keeps_the_chinese_search_settings_and_adds_the_offline_plugin():
    settings = engine_config(ROOT, "offline", [], ROOT / "docs")
    plugins = settings["plugins"]
    search = next(p["search"] for p in plugins if isinstance(p, dict) and "search" in p)
    assert search["lang"] == "zh"
    assert search["jieba_dict_user"].endswith("jieba-userdict-public.txt")
    assert plugins[-1] == "offline"
    assert settings["use_directory_urls"] is False
    assert settings["extra"]["polyfills"] == [SHIM]
    assert settings["theme"]["font"] is False


def test_a_config_without_a_local_worker_shim_is_refused():
    assert shim_target({"extra": {"polyfills": [{"path": "js/iframe-worker.js"}]}}) == "js/iframe-worker.js"
    for polyfills in ([], ["https://unpkg.com/iframe-worker/shim"], ["/iframe-worker.js"]):
        with pytest.raises(BuildFailed, match="iframe-worker"):
            shim_target({"extra": {"polyfills": polyfills}})


def test_offline_plugin_is_not_added_twice():
    assert offline_plugins(["search", {"offline": {"enabled": True}}], "offline") == ["search", {"offline": {"enabled": True}}]
    assert offline_plugins({"tags": {}, "offline": {}}, "offline") == ["tags", "offline"]
    assert offline_plugins(["tags"], "offline") == ["tags", "offline"]
    assert offline_plugins(["tags"], "public") == ["tags"]


# --- the offline check ------------------------------------------------------------------


def test_offline_check_flags_network_and_missing_resources_only(tmp_path: Path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "here.js").write_text("", "utf-8")
    (tmp_path / "page.html").write_text(
        '<link rel="canonical" href="https://example.org/page.html">'
        '<link rel="stylesheet" href="https://cdn.example.org/a.css">'
        '<link rel="preload" as="font" href="//fonts.example.org/f.woff2">'
        '<script src="assets/here.js"></script><script src="assets/gone.js"></script>'
        '<script src="http://unpkg.com/iframe-worker/shim"></script>'
        '<img srcset="local.png 1x, https://img.example.org/b.png 2x" src="data:image/png;base64,AA==">'
        '<iframe src="https://video.example.org/embed"></iframe>'
        '<a href="https://example.org/elsewhere">a link is not a fetch</a>'
        '<style>@import "https://cdn.example.org/b.css";</style>'
        '<div style="background: url(\'https://img.example.org/c.png\')"></div>',
        "utf-8",
    )
    (tmp_path / "site.css").write_text(
        "@font-face{src:url(https://fonts.example.org/x.woff2)}"
        ".i{background:url(\"data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'/>\")}",
        "utf-8",
    )
    flagged = "\n".join(local_problems(tmp_path))
    for address in (
        "https://cdn.example.org/a.css", "//fonts.example.org/f.woff2", "assets/gone.js",
        "http://unpkg.com/iframe-worker/shim", "https://img.example.org/b.png", "local.png",
        "https://video.example.org/embed", "https://cdn.example.org/b.css",
        "https://img.example.org/c.png", "https://fonts.example.org/x.woff2",
    ):
        assert address in flagged
    for allowed in ("https://example.org/page.html", "assets/here.js", "elsewhere", "w3.org", "data:"):
        assert allowed not in flagged
    assert len(local_problems(tmp_path)) == 10


def test_a_page_with_a_network_image_fails_the_build_and_keeps_the_previous_zip(built: Path, tmp_path: Path, monkeypatch, capsys):
    root = archive_project(tmp_path / "project")
    (root / "dist").mkdir()
    previous = shutil.copy(built / "dist" / ZIP_NAME, root / "dist" / ZIP_NAME)
    before = Path(previous).read_bytes()
    about = root / "docs" / "about.md"
    about.write_text(about.read_text("utf-8") + '\n\n<img src="https://img.example.org/logo.png">\n', "utf-8")
    private_temp = tmp_path / "temp"
    private_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_temp))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the build sets it; restore it afterwards
    assert main(["--root", str(root), "archive"]) == 1
    assert "about.html：引用了网络上的图片：https://img.example.org/logo.png" in capsys.readouterr().err
    assert Path(previous).read_bytes() == before
    assert sorted(p.name for p in (root / "dist").iterdir()) == [ZIP_NAME]
    assert [p.name for p in private_temp.iterdir() if p.name != "jieba.cache"] == []


def test_records_with_problems_build_nothing(tmp_path: Path, capsys):
    root = archive_project(tmp_path / "project")
    (root / "records" / "honors" / "broken.yml").write_text("title: [unclosed\n", "utf-8")
    assert main(["--root", str(root), "archive"]) == 1
    assert "records/honors/broken.yml" in capsys.readouterr().out
    assert not (root / "dist").exists()


def test_missing_worker_shim_is_explained(tmp_path: Path, capsys):
    root = archive_project(tmp_path / "project")
    (root / "node_modules").unlink()
    assert main(["--root", str(root), "archive"]) == 1
    assert "make deps" in capsys.readouterr().err


# --- what the archive holds ---------------------------------------------------------------


def test_archive_is_named_after_the_organisation_and_records_date(built: Path):
    assert [p.name for p in (built / "dist").iterdir()] == [ZIP_NAME]


def test_every_entry_is_sorted_stored_and_stamped_with_the_records_date(archive: Path):
    with zipfile.ZipFile(archive) as opened:
        infos = opened.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert all(n.startswith(TOP + "/") for n in names)
    assert {i.date_time for i in infos} == {STAMP}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
    assert not any(i.extra or i.comment for i in infos)


def test_archive_is_a_valid_bag_that_standard_tools_can_check(unpacked: Path):
    assert bagit.Bag(str(unpacked)).validate()
    for manifest in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):
        checked = subprocess.run(["sha256sum", "--strict", "-c", manifest], cwd=unpacked, capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    payload = sorted(p.relative_to(unpacked).as_posix() for p in (unpacked / "data").rglob("*") if p.is_file())
    listed = sorted(line.split("  ", 1)[1] for line in (unpacked / "manifest-sha256.txt").read_text("utf-8").splitlines())
    assert payload == listed
    tags = sorted(p.name for p in unpacked.iterdir() if p.is_file() and p.name != "tagmanifest-sha256.txt")
    tag_listed = [line.split("  ", 1)[1] for line in (unpacked / "tagmanifest-sha256.txt").read_text("utf-8").splitlines()]
    assert tag_listed == sorted(tag_listed) and sorted(tag_listed) == tags


def test_bag_info_dates_come_from_the_records(unpacked: Path, built: Path):
    info = (unpacked / "bag-info.txt").read_text("utf-8")
    assert f"Bagging-Date: {DATE}" in info
    assert f"Records-Version: {records_version(built)}" in info
    assert "Source-Organization: 济宁市妇女联合会" in info
    today = datetime.date.today().isoformat()
    texts = [p.read_bytes() for p in unpacked.rglob("*") if p.is_file()]
    assert not [t for t in texts if today.encode() in t]


def test_readme_in_chinese_says_what_when_and_how_to_verify(unpacked: Path, built: Path):
    for name in ("说明.html", "说明.txt"):
        text = (unpacked / name).read_text("utf-8")
        for expected in (records_version(built), DATE, "annals verify", "sha256sum -c manifest-sha256.txt", "data/index.html"):
            assert expected in text, (name, expected)
    pages = len([p for p in (unpacked / "data").rglob("*.html")])
    assert f"共 {pages} 个网页" in (unpacked / "说明.txt").read_text("utf-8")
    assert 'url=data/index.html' in (unpacked / "index.html").read_text("utf-8")


def test_site_is_built_for_file_urls_with_a_local_worker_shim_and_inlined_index(unpacked: Path):
    site = unpacked / "data"
    home = (site / "index.html").read_text("utf-8")
    assert f'src="{SHIM}"' in home
    assert "unpkg.com" not in home and "fonts.googleapis" not in home
    assert 'href="organization/index.html"' in home
    assert (site / SHIM).read_bytes() == (ROOT / "node_modules/iframe-worker/shim/index.js").read_bytes()
    index = (site / "search" / "search_index.js").read_text("utf-8")
    assert index.startswith("var __index = JSON.parse(") and '\\"lang\\":[\\"zh\\"]' in index
    assert not (site / "404.html").exists()
    assert local_problems(site) == []


# --- verification -----------------------------------------------------------------------


def test_verify_accepts_the_untouched_archive(archive: Path, capsys):
    assert main(["verify", str(archive)]) == 0
    assert "校验通过" in capsys.readouterr().out


def test_verify_names_a_file_with_one_changed_byte(archive: Path, capsys):
    name = f"{TOP}/data/about.html"

    def flip(files):
        data = bytearray(files[name])
        data[len(data) // 2] ^= 0x01
        files[name] = bytes(data)

    rewrite(archive, flip)
    assert verify_archive(archive) == 1
    out = capsys.readouterr().out
    assert "被改动：data/about.html（SHA-256 校验值与清单不符）" in out
    assert [line for line in out.splitlines() if line.startswith(("被改动", "缺少", "多出", "损坏"))] == [
        "被改动：data/about.html（SHA-256 校验值与清单不符）"
    ]


def test_verify_names_every_missing_extra_and_changed_file(archive: Path, capsys):
    def damage(files):
        del files[f"{TOP}/data/work/{YEAR}.html"]
        del files[f"{TOP}/说明.txt"]
        files[f"{TOP}/data/extra.html"] = b"<p>added</p>"
        files["stray.txt"] = b"outside the bag"
        files[f"{TOP}/data/index.html"] += b" "
        files[f"{TOP}/manifest-sha256.txt"] = files[f"{TOP}/manifest-sha256.txt"].replace(b"data/about.html", b"data/About.html")

    rewrite(archive, damage)
    assert verify_archive(archive) == 1
    out = capsys.readouterr().out
    for expected in (
        f"缺少：data/work/{YEAR}.html", "缺少：说明.txt", "缺少：data/About.html",
        "多出：data/extra.html", "多出：stray.txt", "多出：data/about.html",
        "被改动：data/index.html", "被改动：manifest-sha256.txt",
    ):
        assert expected in out, expected
    assert "缺少 3 个、多出 3 个、被改动或损坏 2 个文件" in out


def test_verify_catches_a_flipped_byte_in_the_raw_zip(archive: Path, capsys):
    with zipfile.ZipFile(archive) as opened:
        info = opened.getinfo(f"{TOP}/data/tags.html")
    data_start = info.header_offset + 30 + len(info.filename.encode("utf-8"))
    with open(archive, "r+b") as stream:
        stream.seek(data_start + info.file_size // 2)
        byte = stream.read(1)
        stream.seek(-1, os.SEEK_CUR)
        stream.write(bytes([byte[0] ^ 0x20]))
    assert verify_archive(archive) == 1
    assert "data/tags.html" in capsys.readouterr().out


def test_verify_catches_a_flipped_byte_anywhere(archive: Path, capsys):
    size = archive.stat().st_size
    with zipfile.ZipFile(archive) as opened:
        first, last = opened.infolist()[0], opened.infolist()[-1]
        directory = opened.start_dir
    header = range(first.header_offset, first.header_offset + 30 + len(first.filename.encode()) + 4)
    central = range(directory, directory + 46 + len(first.filename.encode()))
    positions = sorted({*header, *central, *range(size - 22, size), *range(0, size, size // 24), last.header_offset + 14})
    escaped = []
    with open(archive, "r+b") as stream:
        for position in positions:
            stream.seek(position)
            original = stream.read(1)[0]
            stream.seek(position)
            stream.write(bytes([original ^ 0x01]))
            stream.flush()
            if verify_archive(archive) != 1:
                escaped.append(position)
            stream.seek(position)
            stream.write(bytes([original]))
            stream.flush()
    capsys.readouterr()
    assert escaped == []
    assert verify_archive(archive) == 0


def test_verify_catches_a_changed_entry_time(archive: Path, capsys):
    with zipfile.ZipFile(archive) as opened:
        files = [(i, opened.read(i)) for i in opened.infolist()]
    with zipfile.ZipFile(archive, "w") as rewritten:
        for info, data in files:
            if info.filename.endswith("about.html"):
                info.date_time = (YEAR, 12, 31, 8, 0, 0)
            rewritten.writestr(info, data)
    assert verify_archive(archive) == 1
    assert "结构被改动" in capsys.readouterr().out


def test_verify_tells_a_rezipped_archive_from_a_damaged_one(unpacked: Path, tmp_path: Path, capsys):
    rezipped = tmp_path / "rezipped.zip"
    # Info-ZIP stores the Chinese names as UTF-8 bytes without the UTF-8 flag.
    subprocess.run(["zip", "-q", "-r", str(rezipped), TOP], cwd=unpacked.parent, check=True)
    assert verify_archive(rezipped) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    assert len(lines) == 2 and lines[0].startswith("结构被改动") and "各文件内容完整" in lines[0]


def test_verify_reads_chinese_names_written_by_chinese_windows_tools(archive: Path, capsys):
    with zipfile.ZipFile(archive) as opened:
        files = [(i.filename, opened.read(i)) for i in opened.infolist()]

    class GbkName(zipfile.ZipInfo):
        def _encodeFilenameFlags(self):
            return self.filename.encode("gbk"), self.flag_bits

    with zipfile.ZipFile(archive, "w") as rewritten:
        for name, data in files:
            rewritten.writestr(GbkName(name, date_time=STAMP), data)
    assert verify_archive(archive) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    assert len(lines) == 2 and lines[0].startswith("结构被改动"), lines


def test_verify_names_tag_files_that_no_manifest_lists(archive: Path, capsys):
    def add(files):
        files[f"{TOP}/备注.txt"] = "后来加的说明".encode()
        files[f"{TOP}/extra/notes.txt"] = b"notes"

    rewrite(archive, add)
    assert verify_archive(archive) == 1
    out = capsys.readouterr().out
    assert "多出：备注.txt（存档中有，但不在任何清单中）" in out
    assert "多出：extra/notes.txt（存档中有，但不在任何清单中）" in out
    assert "缺少 0 个、多出 2 个、被改动或损坏 0 个文件" in out


def test_verify_refuses_entry_names_that_leave_the_archive_folder(archive: Path, capsys):
    def escape(files):
        files[f"{TOP}/../evil.txt"] = b"written beside the archive folder"
        files["/etc/evil.txt"] = b"written from the root"

    rewrite(archive, escape)
    assert verify_archive(archive) == 1
    out = capsys.readouterr().out
    assert f"不安全的文件名：'{TOP}/../evil.txt'（解压时会写到存档文件夹之外，已跳过）" in out
    assert "不安全的文件名：'/etc/evil.txt'（解压时会写到存档文件夹之外，已跳过）" in out
    assert "另有 2 处其他问题" in out


def test_verify_wants_the_bag_in_one_top_folder(archive: Path, capsys):
    def flatten(files):
        for name in list(files):
            files[name.removeprefix(f"{TOP}/")] = files.pop(name)

    rewrite(archive, flatten)
    assert verify_archive(archive) == 1
    out = capsys.readouterr().out
    assert "结构不对：bagit.txt 应在 zip 里唯一的顶层文件夹中（如 某存档/bagit.txt），实际是 bagit.txt。" in out
    assert "缺少 0 个、多出 0 个、被改动或损坏 0 个文件，另有 1 处其他问题" in out


def test_verify_usage_errors(tmp_path: Path, capsys):
    assert main(["verify", str(tmp_path / "nowhere.zip")]) == 2
    assert "找不到存档文件" in capsys.readouterr().err
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"not a zip at all")
    assert verify_archive(garbage) == 1
    assert "无法作为 zip 打开" in capsys.readouterr().out


# --- reproducibility --------------------------------------------------------------------


def test_same_records_give_the_same_zip_in_another_folder_under_another_clock(built: Path, tmp_path: Path):
    other = archive_project(tmp_path / "elsewhere" / "a longer path" / "项目")
    script = tmp_path / "fake_clock.py"
    script.write_text(FAKE_CLOCK, "utf-8")
    result = run_archive(other, [sys.executable, str(script)], SOURCE_DATE_EPOCH=None, TZ="Pacific/Kiritimati")
    first, second = built / "dist" / ZIP_NAME, other / "dist" / ZIP_NAME
    assert sha256(second) == sha256(first)
    assert sha256(first) in result.stdout


def test_zip_does_not_depend_on_file_order_times_or_modes(tmp_path: Path):
    names = ["b.txt", "a/z.txt", "a/b.txt", "说明.txt"]
    made = []
    for order, folder in ((names, tmp_path / "one" / "top"), (names[::-1], tmp_path / "two" / "top")):
        for offset, name in enumerate(order):
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(name, "utf-8")
            os.chmod(path, 0o600 + offset)
            os.utime(path, (1_000_000_000 + offset * 7777, 1_000_000_000 + offset * 7777))
        made.append(write_zip(folder, folder.parent / "out.zip", STAMP).read_bytes())
    assert made[0] == made[1]
    with zipfile.ZipFile(io.BytesIO(made[0])) as opened:
        assert opened.namelist() == sorted(f"top/{n}" for n in names)


def test_entry_header_is_fixed():
    info = entry_info("top/说明.txt", STAMP)
    assert (info.date_time, info.create_system, info.external_attr >> 16, info.extra) == (STAMP, 3, 0o100644, b"")
