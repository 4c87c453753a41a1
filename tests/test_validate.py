"""Validation: every problem at once, as `file:line: field: message` in Chinese."""
from __future__ import annotations

from pathlib import Path

from annals.validate import check


def write(project: Path, relative: str, text: str) -> None:
    target = project / "records" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def messages(project: Path) -> list[str]:
    catalog, problems = check(project)
    assert catalog is None
    return [str(p) for p in problems]


def test_default_records_are_valid(project):
    catalog, problems = check(project)
    assert problems == []
    assert len(catalog.of_kind("honors")) == 11


BROKEN_HONOR = """\
title: 测试荣誉
level: shengji
year: 二〇一一
recipient: nobody
colour: red
"""


def test_a_broken_record_gets_every_problem_with_its_line(project):
    write(project, "honors/broken.yml", BROKEN_HONOR)
    assert messages(project) == [
        "records/honors/broken.yml:2: level: 必须是 national / provincial / municipal / county / other 之一，实际为 'shengji'",
        "records/honors/broken.yml:3: year: 必须是整数，实际为 '二〇一一'",
        "records/honors/broken.yml:4: recipient: 找不到部门或单位 'nobody'（应有文件 records/departments/nobody.yml）；现有编号：children-dept、development-dept、general-office、organization、organization-publicity-dept、rights-dept、women-children-activity-center、women-children-committee-office、women-entrepreneurs-association",
        "records/honors/broken.yml:5: colour: 未知字段（可能是拼写错误）；允许的字段：summary、aliases、source、visibility、title、level、conferrer、year、month、recipient、status",
    ]


def test_missing_reference_names_both_files(project):
    write(project, "honors/orphan.yml", "title: 测试荣誉\nlevel: national\nyear: 2011\nrecipient: nobody\n")
    (problem,) = messages(project)
    assert problem.startswith("records/honors/orphan.yml:4: recipient: 找不到部门或单位 'nobody'（应有文件 records/departments/nobody.yml）")


def test_missing_field_is_named_with_its_meaning(project):
    write(project, "honors/incomplete.yml", "title: 测试荣誉\nlevel: national\nrecipient: organization\n")
    assert messages(project) == ["records/honors/incomplete.yml:1: year: 缺少必填字段（年份）"]


def test_problems_in_nested_items_point_at_their_line(project):
    path = project / "records" / "work" / "2011.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("value:"))
    lines[index] = lines[index].split("value:")[0] + "value: 六百"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (problem,) = messages(project)
    assert problem.startswith(f"records/work/2011.yml:{index + 1}: themes[0].items[0].figures[0].value: 必须是数字")


def test_duplicate_item_ids_in_a_year_are_rejected(project):
    path = project / "records" / "work" / "2011.yml"
    text = path.read_text(encoding="utf-8").replace("id: provincial-startup-loans", "id: microcredit-loans")
    path.write_text(text, encoding="utf-8")
    (problem,) = messages(project)
    assert "编号 'microcredit-loans' 在本文件第" in problem and "已经用过" in problem


def test_bad_file_names_and_stray_files_are_reported(project):
    write(project, "honors/Bad Name.yml", "title: x\n")
    write(project, "honors/other.yaml", "title: x\n")
    write(project, "misc/note.yml", "title: x\n")
    found = messages(project)
    assert any(m.startswith("records/honors/Bad Name.yml:1: 文件名 'Bad Name' 不能作为编号") and "bad-name.yml" in m for m in found)
    assert any(m.startswith("records/honors/other.yaml:1: 扩展名请用 .yml") for m in found)
    assert any(m.startswith("records/misc:1: 未知的记录文件夹") for m in found)


def test_the_organization_must_stay_public(project):
    path = project / "records" / "organization.yml"
    path.write_text(path.read_text(encoding="utf-8") + "visibility: internal\n", encoding="utf-8")
    (problem,) = messages(project)
    assert problem.startswith("records/organization.yml:") and "visibility: 机构概况必须公开" in problem


def test_organization_with_the_wrong_extension_is_told_to_rename(project):
    (project / "records" / "organization.yml").rename(project / "records" / "organization.yaml")
    found = messages(project)
    assert "records/organization.yaml:1: 扩展名请用 .yml：把文件改名为 organization.yml" in found
