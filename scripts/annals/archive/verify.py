"""Stage 6, verification: the bagit library checks the bag; this module checks the zip around it.

bagit finds missing, extra and changed files from the manifests. What it cannot see is
the container: entries that fail to unpack, names that would land outside the folder,
anything beside the one top folder, tag files no manifest lists, and headers that differ
from what `annals archive` writes.
"""
from __future__ import annotations

import datetime
import io
import logging
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import bagit

from .bag import REQUIRED_TAG_FILES, TAG_MANIFEST
from .pack import canonical_entry, entry_time, pack

LIBRARY_MESSAGES = {
    "No manifest files found": "",  # then manifest-sha256.txt is named as missing or damaged already
    "bagit.txt must not contain a byte-order mark": "bagit.txt 开头多了字节顺序标记（BOM），BagIt 格式不允许。",
}


@dataclass
class Contents:
    """What a zip holds: readable entries, entries that could not be read, duplicates, headers."""

    files: dict[str, bytes] = field(default_factory=dict)
    damaged: dict[str, str] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)
    infos: list[zipfile.ZipInfo] = field(default_factory=list)

    def names(self) -> list[str]:
        """Every file entry, readable or not."""
        return [*self.files, *self.damaged]


@dataclass
class Findings:
    """Problems found by verification, by kind; each names a file (changed: path -> message)."""

    missing: set[str] = field(default_factory=set)
    extra: set[str] = field(default_factory=set)
    changed: dict[str, str] = field(default_factory=dict)
    other: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One message per problem, missing files first."""
        return (
            [f"缺少：{n}（清单中有，存档中没有）" for n in sorted(self.missing)]
            + [f"多出：{n}（存档中有，但不在任何清单中）" for n in sorted(self.extra)]
            + [self.changed[n] for n in sorted(self.changed)]
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
    findings, info = Findings(), {}
    top = top_folder(contents, findings)
    if top is not None:
        info = check_bag(contents, top, findings)
    if not findings.lines():
        findings.other += container_problems(path, contents, info)
    return report(path, findings, info, len(contents.files))


# --- the container ----------------------------------------------------------------------


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


def safe_name(name: str) -> bool:
    """True when unpacking this entry name stays inside the folder it is unpacked into."""
    parts = name.rstrip("/").split("/")
    return not (
        name.startswith("/") or "\\" in name or "\0" in name or parts[0].endswith(":")
        or any(part in ("", ".", "..") for part in parts)
    )


def top_folder(contents: Contents, findings: Findings) -> str | None:
    """The folder that holds bagit.txt ("TOP/"); names unsafe, duplicate and outside entries."""
    names = contents.names()
    findings.other += [f"重复：{n}（zip 中出现了不止一次）" for n in sorted(set(contents.duplicates))]
    findings.other += [f"不安全的文件名：{n!r}（解压时会写到存档文件夹之外，已跳过）" for n in sorted(names) if not safe_name(n)]
    safe = [n for n in names if safe_name(n)]
    prefixes = [n[: -len("bagit.txt")] for n in safe if n == "bagit.txt" or n.endswith("/bagit.txt")]
    if not prefixes:
        findings.other.append("存档中没有 bagit.txt：这不是 annals archive 生成的存档，或者关键文件已被删除。")
        return None
    top = min(prefixes, key=len)
    if top.count("/") != 1:
        findings.other.append(f"结构不对：bagit.txt 应在 zip 里唯一的顶层文件夹中（如 某存档/bagit.txt），实际是 {top}bagit.txt。")
    findings.extra |= {n for n in safe if not n.startswith(top)}
    return top


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
        return entry_time(datetime.date.fromisoformat(info.get("Bagging-Date", "")))
    except ValueError:
        return None


# --- the bag, checked by bagit ------------------------------------------------------------


def check_bag(contents: Contents, top: str, findings: Findings) -> dict[str, str]:
    """Unpack the bag into a temporary folder and check it there; return its bag-info.txt fields."""
    inside = {n[len(top):]: n for n in contents.names() if n.startswith(top) and safe_name(n)}
    damaged = {relative for relative, name in inside.items() if name in contents.damaged}
    findings.changed |= {r: f"损坏：{r}（无法读出：{contents.damaged[inside[r]]}）" for r in damaged}
    with tempfile.TemporaryDirectory(prefix="annals-verify-") as work:
        folder = Path(work) / "bag"
        unpack(contents, inside, folder, findings)
        return checked_by_bagit(folder, damaged, findings)


def unpack(contents: Contents, inside: dict[str, str], folder: Path, findings: Findings) -> None:
    """Write every readable entry of the bag into folder; data/ always exists, so bagit names what is missing."""
    (folder / "data").mkdir(parents=True)
    for relative, name in sorted(inside.items()):
        if name not in contents.files:
            continue
        target = folder / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(contents.files[name])
        except OSError:  # a file where the zip also has a folder of the same name
            findings.other.append(f"无法解压：{relative}（存档中另有同名的文件或文件夹）")


def checked_by_bagit(folder: Path, damaged: set[str], findings: Findings) -> dict[str, str]:
    """Let bagit check the unpacked bag, plus the tag files it does not require; return bag-info.txt."""
    logging.getLogger("bagit").setLevel(logging.CRITICAL)  # its English log lines repeat what we print
    try:
        bag = bagit.Bag(str(folder))
    except (bagit.BagError, UnicodeError) as error:  # bagit reads the tag files as text
        if "bagit.txt" not in damaged:
            findings.other.append(f"无法按 BagIt 格式读取：bagit.txt、bag-info.txt 或清单文件已被改动（{unpacked(error, folder)}）。")
        return {}
    findings.missing |= {name for name in REQUIRED_TAG_FILES if not (folder / name).is_file()} - damaged
    findings.extra |= unlisted_tag_files(bag, folder)
    record(bagit_problems(bag, folder), damaged, folder, findings)
    return {label: value[0] if isinstance(value, list) else value for label, value in bag.info.items()}


def unlisted_tag_files(bag: bagit.Bag, folder: Path) -> set[str]:
    """Files beside data/ that the tag manifest does not list: bagit tolerates them, an annals archive has none."""
    if not (folder / TAG_MANIFEST).is_file():
        return set()  # then the missing tag manifest is the problem to name
    listed = {Path(p).as_posix() for p in bag.tagfile_entries()}
    beside = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return {p for p in beside if p.split("/")[0] != "data" and not p.startswith("tagmanifest-") and p not in listed}


def bagit_problems(bag: bagit.Bag, folder: Path) -> list[Exception]:
    """Everything bagit's validation reports, run to the end although it stops at the first failing stage."""
    bag.info.pop("Payload-Oxum", None)  # a count of files and bytes: the stages after it name each file
    problems = validation_problems(bag)
    incomplete = [p for p in problems if isinstance(p, (bagit.FileMissing, bagit.UnexpectedFile))]
    if not incomplete:
        return problems
    for problem in incomplete:  # set them aside so that bagit goes on to compare the checksums
        if isinstance(problem, bagit.UnexpectedFile):
            (folder / problem.path).unlink()
        else:
            bag.entries.pop(problem.path, None)
    return incomplete + validation_problems(bag)


def validation_problems(bag: bagit.Bag) -> list[Exception]:
    """The details of one bagit validation; empty when the bag is valid."""
    try:
        bag.validate()
    except bagit.BagValidationError as error:
        return list(error.details) or [error]
    except bagit.BagError as error:
        return [error]
    return []


def record(problems: list[Exception], damaged: set[str], folder: Path, findings: Findings) -> None:
    """Add bagit's problems to the findings in Chinese; a damaged entry is already named."""
    mismatched: dict[str, list[str]] = {}
    for problem in problems:
        relative = Path(problem.path).as_posix() if isinstance(problem, bagit.ManifestErrorDetail) else ""
        if isinstance(problem, bagit.FileMissing) and relative not in damaged:
            findings.missing.add(relative)
        elif isinstance(problem, bagit.UnexpectedFile):
            findings.extra.add(relative)
        elif isinstance(problem, bagit.ChecksumMismatch):
            mismatched.setdefault(relative, []).append(problem.algorithm.upper().replace("SHA", "SHA-"))
        elif not isinstance(problem, bagit.ManifestErrorDetail) and library_message(problem, folder):
            findings.other.append(library_message(problem, folder))
    findings.changed |= {p: f"被改动：{p}（{'、'.join(a)} 校验值与清单不符）" for p, a in mismatched.items()}


def library_message(problem: Exception, folder: Path) -> str:
    """A bagit problem without a file name, in Chinese ("" if named otherwise); unknown ones quote the library."""
    text = getattr(problem, "message", "") or str(problem)
    return LIBRARY_MESSAGES.get(text, f"不符合 BagIt 格式（bagit 库报告：{unpacked(problem, folder)}）。")


def unpacked(error: Exception, folder: Path) -> str:
    """bagit's message with paths inside the bag, not inside the temporary folder it was unpacked to."""
    return str(error).replace(f"{folder}/", "")


# --- the verdict ------------------------------------------------------------------------


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
