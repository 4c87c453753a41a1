"""`annals draft` from the command line: inputs, outputs, refusals, and review marks in `annals check`."""
from __future__ import annotations

import hashlib
import io
import shutil
import sys
from pathlib import Path

import pytest

from annals.cli import main
from annals.draft.read import MAX_BYTES
from annals.load import load_file
from annals.validate import validate_data
from conftest import SHARED

ENTRY = (
    "某县妇女联合会\n"
    "【概况】 2014年，县妇联内设2部1室，即办公室、宣传部、发展部，下辖县妇女活动中心（正科级），现有工作人员9名。"
    "县妇联被省妇联授予巾帼建功先进集体称号。\n"
    "【发展】 9月以某政发〔2014〕5号印发《某县妇女发展规划》。开展“巾帼护河”行动，培训妇女1.5万余人次。\n"
    "（王 明）\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree(folder: Path) -> dict[str, str]:
    """Every file under folder with a digest of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def empty_root(tmp_path: Path) -> Path:
    """A project folder with an empty records/ (nothing to link to)."""
    (tmp_path / "root" / "records").mkdir(parents=True)
    return tmp_path / "root"


def write_entry(tmp_path: Path, data: bytes, name: str = "entry.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_valid(folder: Path) -> int:
    """Every draft file passes the records loader and schema; returns how many there are."""
    files = sorted(folder.rglob("*.yml"))
    for file in files:
        loaded = load_file(file, file.name)
        assert loaded.problems == []
        problems = []
        assert validate_data(file.parent.name, loaded, problems) is not None, problems
        assert file.read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema=../schema/{file.parent.name}.schema.json\n")
    return len(files)


def test_drafting_writes_every_kind_laid_out_like_records(tmp_path, capsys):
    root, entry = empty_root(tmp_path), write_entry(tmp_path, ENTRY.encode("utf-8"))
    out = tmp_path / "drafts"
    code, said, _ = run(capsys, "--root", str(root), "draft", str(entry), "--out", str(out))
    assert code == 0
    assert {p.parent.name for p in out.rglob("*.yml")} == {"work", "sources", "departments", "plans", "programmes", "honors"}
    assert (out / "work" / "2014.yml").is_file()
    assert assert_valid(out) == len(list(out.rglob("*.yml")))
    assert "UTF-8" in said
    assert "已起草 2014 年：2 个主题、" in said and "1 项荣誉、4 个部门和单位、1 份规划和文件、1 个日期" in said
    assert "compiler: 王明" in (out / "sources" / "yearbook-2014.yml").read_text(encoding="utf-8")


@pytest.mark.shared("seed")
def test_drafting_the_2011_entry_changes_nothing_in_records(project, tmp_path, capsys):
    before = tree(project / "records")
    seed = sorted((SHARED / "seed").glob("*.txt"))[0]
    code, said, _ = run(capsys, "--root", str(project), "draft", str(seed), "--out", str(tmp_path / "drafts"))
    assert code == 0
    assert tree(project / "records") == before
    assert "records/work/2011.yml 已经存在" in said
    assert "荣誉：sd-jinguo-jiangong-advanced-collective" in said
    assert assert_valid(tmp_path / "drafts") == 1


def test_an_existing_draft_file_is_named_and_nothing_is_written(tmp_path, capsys):
    root, entry = empty_root(tmp_path), write_entry(tmp_path, ENTRY.encode("utf-8"))
    out = tmp_path / "drafts"
    (out / "honors").mkdir(parents=True)
    (out / "honors" / "jin-guo-jian-gong-xian-jin.yml").write_text("旧草稿\n", encoding="utf-8")
    before = tree(out)
    code, _, err = run(capsys, "--root", str(root), "draft", str(entry), "--out", str(out))
    assert code == 1
    assert "jin-guo-jian-gong-xian-jin.yml 已存在" in err
    assert tree(out) == before


@pytest.mark.parametrize("inside", ["records", "records/work"])
def test_drafts_are_never_written_into_records(project, tmp_path, capsys, inside):
    before = tree(project / "records")
    entry = write_entry(tmp_path, ENTRY.encode("utf-8"))
    code, _, err = run(capsys, "--root", str(project), "draft", str(entry), "--out", str(project / inside))
    assert code == 2
    assert "不能把草稿写进" in err and "--out" in err
    assert tree(project / "records") == before


def test_a_link_out_of_the_draft_folder_is_refused(project, tmp_path, capsys):
    before = tree(project / "records")
    out = tmp_path / "drafts"
    out.mkdir()
    (out / "honors").symlink_to(project / "records" / "honors", target_is_directory=True)
    entry = write_entry(tmp_path, ENTRY.encode("utf-8"))
    code, _, err = run(capsys, "--root", str(project), "draft", str(entry), "--out", str(out))
    assert code == 1
    assert "指向草稿文件夹以外" in err
    assert tree(project / "records") == before
    assert not (out / "work").exists()


@pytest.mark.parametrize("encoding, said", [("gb18030", "GB18030/GBK"), ("gbk", "GB18030/GBK"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-8-sig", "UTF-8（带 BOM）")])
def test_encodings_are_detected_and_said(tmp_path, capsys, encoding, said):
    root, entry = empty_root(tmp_path), write_entry(tmp_path, ENTRY.encode(encoding))
    code, out, _ = run(capsys, "--root", str(root), "draft", str(entry), "--out", str(tmp_path / "drafts"))
    assert code == 0
    assert f"：{said}，" in out
    assert "巾帼护河" in (tmp_path / "drafts" / "programmes" / "jin-guo-hu-he.yml").read_text(encoding="utf-8")


def test_word_documents_are_read(tmp_path, capsys):
    from docx import Document

    document = Document()
    for line in ENTRY.splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "entry.docx")
    root = empty_root(tmp_path)
    code, out, _ = run(capsys, "--root", str(root), "draft", str(tmp_path / "entry.docx"), "--out", str(tmp_path / "drafts"))
    assert code == 0
    assert "Word 文档（.docx）" in out
    assert (tmp_path / "drafts" / "work" / "2014.yml").is_file()


def test_standard_input_is_read(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ENTRY.encode("utf-8")), encoding="utf-8"))
    root = empty_root(tmp_path)
    code, out, _ = run(capsys, "--root", str(root), "draft", "-", "--out", str(tmp_path / "drafts"))
    assert code == 0
    assert "读取 标准输入：UTF-8" in out


@pytest.mark.parametrize("data, reason", [
    (b"", "内容是空的"),
    (b"  \n\n", "内容是空的"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Word"),
    (bytes(range(256)) * 8, "不是文本文件"),
    (b"PK\x03\x04 not really a document", "无法作为 Word（.docx）文档读取"),
    ("2014年，县妇联举办讲座。".encode("utf-8") * (MAX_BYTES // 20), "内容太大"),
])
def test_unreadable_input_exits_1_in_chinese_and_writes_nothing(tmp_path, capsys, data, reason):
    root, entry = empty_root(tmp_path), write_entry(tmp_path, data)
    code, out, err = run(capsys, "--root", str(root), "draft", str(entry), "--out", str(tmp_path / "drafts"))
    assert code == 1
    assert reason in err and "没有写入任何文件" in err
    assert not (tmp_path / "drafts").exists()


def word_document(tmp_path: Path) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(ENTRY)
    document.save(tmp_path / "whole.docx")
    return (tmp_path / "whole.docx").read_bytes()


@pytest.mark.parametrize("broken", ["renamed text", "truncated download"])
def test_a_docx_that_is_not_a_word_document_is_refused_and_nothing_written(tmp_path, capsys, broken):
    data = ENTRY.encode("utf-8") if broken == "renamed text" else word_document(tmp_path)[:1500]
    root, entry = empty_root(tmp_path), write_entry(tmp_path, data, name="条目.docx")
    code, out, err = run(capsys, "--root", str(root), "draft", str(entry), "--out", str(tmp_path / "drafts"))
    assert code == 1
    assert "条目.docx：无法作为 Word（.docx）文档读取" in err
    assert "重新“另存为” .docx" in err and "纯文本（.txt" in err and "没有写入任何文件" in err
    assert not (tmp_path / "drafts").exists()
    assert "已起草" not in out


def test_a_missing_file_is_named(tmp_path, capsys):
    code, _, err = run(capsys, "--root", str(empty_root(tmp_path)), "draft", str(tmp_path / "nowhere.txt"))
    assert code == 1
    assert "nowhere.txt：找不到这个文件" in err


def test_an_unknown_year_asks_for_year_with_exit_2(tmp_path, capsys):
    root, entry = empty_root(tmp_path), write_entry(tmp_path, "2013年，县妇联成立协会。2014年，协会发展会员30名。".encode("utf-8"))
    code, _, err = run(capsys, "--root", str(root), "draft", str(entry), "--out", str(tmp_path / "drafts"))
    assert code == 2
    assert "2013、2014" in err and "--year" in err
    assert not (tmp_path / "drafts").exists()
    code, _, _ = run(capsys, "--root", str(root), "draft", str(entry), "--year", "2014", "--out", str(tmp_path / "drafts"))
    assert code == 0
    assert (tmp_path / "drafts" / "work" / "2014.yml").is_file()


def test_a_year_out_of_range_is_a_usage_error(tmp_path, capsys):
    entry = write_entry(tmp_path, ENTRY.encode("utf-8"))
    code, _, err = run(capsys, "--root", str(empty_root(tmp_path)), "draft", str(entry), "--year", "14")
    assert code == 2
    assert "--year 2011" in err


def test_hostile_text_writes_nothing_outside_the_draft_folder(tmp_path, capsys):
    root = empty_root(tmp_path)
    hostile = "【../../逃逸】 2014年，开展“../../../tmp/x”活动，印发《../../etc/passwd规划》，被/etc/评为<b>先进集体</b>称号。\n"
    entry = write_entry(tmp_path, hostile.encode("utf-8"))
    before = {p for p in tmp_path.rglob("*")}
    code, _, _ = run(capsys, "--root", str(root), "draft", str(entry), "--out", str(tmp_path / "drafts"))
    assert code == 0
    created = {p for p in tmp_path.rglob("*")} - before
    assert all(tmp_path / "drafts" in p.parents or p == tmp_path / "drafts" for p in created)
    assert assert_valid(tmp_path / "drafts") >= 1


def test_check_reports_each_review_mark_with_its_line(project, tmp_path, capsys):
    entry = write_entry(tmp_path, ENTRY.encode("utf-8"))
    out = tmp_path / "drafts"
    assert run(capsys, "--root", str(project), "draft", str(entry), "--out", str(out))[0] == 0
    shutil.copy(out / "honors" / "jin-guo-jian-gong-xian-jin.yml", project / "records" / "honors")
    shutil.copy(out / "sources" / "yearbook-2014.yml", project / "records" / "sources")
    code, said, _ = run(capsys, "--root", str(project), "check")
    assert code == 1
    assert [line.split(":")[0] for line in said.splitlines() if line.startswith("records/")] == ["records/honors/jin-guo-jian-gong-xian-jin.yml", "records/sources/yearbook-2014.yml"]
    lines = [line for line in said.splitlines() if line.startswith("records/honors/")]
    assert len(lines) == 1
    assert lines[0].startswith("records/honors/jin-guo-jian-gong-xian-jin.yml:2: review: 待审核：荣誉名称取自原句；级别推定为省级")
    assert lines[0].endswith("；确认无误后删除这一行")


def test_check_passes_once_the_review_marks_are_removed(project, tmp_path, capsys):
    entry = write_entry(tmp_path, ENTRY.encode("utf-8"))
    out = tmp_path / "drafts"
    assert run(capsys, "--root", str(project), "draft", str(entry), "--out", str(out))[0] == 0
    for relative in ("honors/jin-guo-jian-gong-xian-jin.yml", "sources/yearbook-2014.yml"):
        text = (out / relative).read_text(encoding="utf-8")
        unmarked = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("review:"))
        (project / "records" / relative).write_text(unmarked, encoding="utf-8")
    code, said, _ = run(capsys, "--root", str(project), "check")
    assert code == 0, said


def test_check_reports_marks_nested_in_a_year(project, capsys):
    path = project / "records" / "work" / "2011.yml"
    text = path.read_text(encoding="utf-8").replace("      - id: microcredit-loans\n", "      - id: microcredit-loans\n        review: 核对数字\n", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("        review: 核对数字") + 1
    code, said, _ = run(capsys, "--root", str(project), "check")
    assert code == 1
    assert f"records/work/2011.yml:{line}: review: 待审核：核对数字；确认无误后删除这一行" in said.splitlines()
