"""The browser editor's configuration comes from the schema, and its saves are files `annals check` accepts."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from annals.editor.accept import accept
from annals.editor.config import config_text, editor_config, field_order, inner_model, write_config
from annals.editor.records import Refused, kind_of, new_id, normalise, resolve_inside, write_atomic
from annals.schema import DECLARED_KINDS, KINDS, UNITS
from annals.validate import check

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def collections_by_name(root: Path = ROOT) -> dict[str, dict]:
    return {collection["name"]: collection for collection in editor_config(root)["collections"]}


def fields_of(collection: dict) -> list[dict]:
    return collection["files"][0]["fields"] if "files" in collection else collection["fields"]


def compare(model, fields: list[dict], where: str) -> list[str]:
    """Differences between a model's fields and the editor's, at any depth."""
    differences = []
    names = [field["name"] for field in fields]
    if names != field_order(model):
        differences.append(f"{where}: editor fields {names} != schema fields {field_order(model)}")
    for field in fields:
        info = model.model_fields.get(field["name"])
        if info is None:
            continue
        nested = inner_model(info.annotation)
        if nested is not None:
            differences += compare(nested, field.get("fields", []), f"{where}.{field['name']}")
        elif field.get("fields"):
            differences.append(f"{where}.{field['name']}: editor has sub-fields the schema lacks")
    return differences


def test_every_schema_field_has_an_editor_field_and_no_other():
    collections = collections_by_name()
    for kind in DECLARED_KINDS:
        names = [kind.name] + ([f"drafts-{kind.name}"] if kind.name != "organization" else [])
        for name in names:
            assert name in collections, f"no editor collection {name}"
            assert compare(kind.model, fields_of(collections[name]), name) == []


def test_the_comparison_fails_on_a_missing_or_extra_field():
    fields = fields_of(collections_by_name()["honors"])
    assert compare(KINDS["honors"], fields[1:], "honors")
    assert compare(KINDS["honors"], fields + [{"name": "extra"}], "honors")
    work = fields_of(collections_by_name()["work"])
    themes = next(field for field in work if field["name"] == "themes")
    items = next(field for field in themes["fields"] if field["name"] == "items")
    items["fields"] = [field for field in items["fields"] if field["name"] != "figures"]
    assert any("themes.items" in line for line in compare(KINDS["work"], work, "work"))


def walk(fields: list[dict]):
    for field in fields:
        yield field
        yield from walk(field.get("fields", []))
        if "field" in field:
            yield field["field"]


def test_collections_and_fields_speak_chinese():
    for collection in editor_config(ROOT)["collections"]:
        assert CJK.search(collection["label"])
        for field in walk(fields_of(collection)):
            assert CJK.search(field["label"]), f"{collection['name']}.{field['name']}: label {field['label']!r}"
            for option in field.get("options", []):
                assert CJK.search(option["label"]), f"{collection['name']}.{field['name']}: option {option}"
    assert editor_config(ROOT)["locale"] == "zh_Hans"


def test_enumerations_are_selects_with_chinese_labels_storing_schema_values():
    honors = {field["name"]: field for field in fields_of(collections_by_name()["honors"])}
    level = honors["level"]
    assert level["widget"] == "select" and level["required"] is True
    assert [option["value"] for option in level["options"]] == ["national", "provincial", "municipal", "county", "other"]
    assert [option["label"] for option in level["options"]][:2] == ["国家级", "省级"]
    assert honors["month"]["widget"] == "number" and honors["month"]["max"] == 12 and honors["month"]["required"] is False


def test_references_are_dropdowns_of_existing_records():
    honors = {field["name"]: field for field in fields_of(collections_by_name()["honors"])}
    recipient = honors["recipient"]
    assert recipient["widget"] == "select"
    values = [option["value"] for option in recipient["options"]]
    departments = sorted(path.stem for path in (ROOT / "records" / "departments").glob("*.yml"))
    assert values == ["organization", *departments]
    assert any("儿童部" in option["label"] for option in recipient["options"])
    assert honors["source"]["widget"] == "relation" and honors["source"]["collection"] == "sources"
    work = fields_of(collections_by_name()["work"])
    items = next(f for f in next(f for f in work if f["name"] == "themes")["fields"] if f["name"] == "items")
    by_name = {field["name"]: field for field in items["fields"]}
    assert by_name["programmes"]["collection"] == "programmes" and by_name["programmes"]["multiple"] is True
    figure = {field["name"]: field for field in by_name["figures"]["fields"]}
    assert figure["indicator"]["widget"] == "relation" and figure["indicator"]["collection"] == "indicators"
    assert figure["indicator"]["value_field"] == "{{slug}}"
    assert by_name["departments"]["widget"] == "select" and by_name["departments"]["multiple"] is True
    for field in walk(fields_of(collections_by_name()["work"])):
        if field.get("widget") == "relation":
            assert field["collection"] in KINDS and field["collection"] != UNITS


def test_required_fields_and_patterns_come_from_the_schema():
    plans = {field["name"]: field for field in fields_of(collections_by_name()["plans"])}
    assert plans["title"]["required"] is True and plans["issuer"]["required"] is False
    assert plans["issued"]["pattern"][0].startswith("^\\d{4}")
    assert "2011" in plans["issued"]["pattern"][1]
    assert re.fullmatch(plans["issued"]["pattern"][0], "2011-11")


def test_the_configuration_is_written_to_an_ignored_file(tmp_path, project):
    path = write_config(project)
    assert path.read_text(encoding="utf-8") == config_text(project)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["backend"]["proxy_url"] == "/api/v1"
    ignored = subprocess.run(["git", "check-ignore", "-q", ".cache/annals/editor/config.yml"], cwd=ROOT)
    assert ignored.returncode == 0


# --- saving ------------------------------------------------------------------------------------


def record_paths(root: Path) -> list[str]:
    files = sorted((root / "records").glob("*/*.yml")) + [root / "records" / "organization.yml"]
    return [str(path.relative_to(root)) for path in files]


def as_decap_writes(text: str) -> str:
    """The same data as Decap writes it: alphabetical keys, flow style quoting, comments gone."""
    data = yaml.safe_load(text)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True)


def test_a_record_saved_unchanged_stays_byte_identical():
    for relative in record_paths(ROOT):
        text = (ROOT / relative).read_text(encoding="utf-8")
        assert normalise(relative, as_decap_writes(text), text) is None, relative


def test_a_changed_record_keeps_schema_order_plain_numbers_and_the_schema_line(project):
    relative = "records/honors/provincial-civilized-organ.yml"
    old = (project / relative).read_text(encoding="utf-8")
    data = yaml.safe_load(old)
    data.update(month=3, summary="第一段。\n\n第二段。", level="provincial", conferrer="", aliases=[])
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=True)
    text = normalise(relative, raw, old)
    assert text.splitlines()[0] == old.splitlines()[0]
    keys = [line.split(":")[0] for line in text.splitlines()[1:] if re.match(r"[a-z_]+:", line)]
    assert keys == ["title", "level", "year", "month", "recipient", "status", "summary", "source"]
    assert "month: 3\n" in text and "conferrer" not in text and "summary: |-\n  第一段。\n\n  第二段。\n" in text
    (project / relative).write_text(text, encoding="utf-8")
    assert check(project)[1] == []


def test_numbers_are_written_as_the_loader_accepts():
    old = (ROOT / "records/work/2011.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(old)
    figure = data["themes"][0]["items"][0]["figures"][1]
    figure["value"] = 689.90
    text = normalise("records/work/2011.yml", yaml.safe_dump(data, allow_unicode=True), old)
    assert text is None  # 689.90 is 689.9: nothing changed
    figure["value"] = 1e-7
    text = normalise("records/work/2011.yml", yaml.safe_dump(data, allow_unicode=True), old)
    assert "value: 0.0000001\n" in text and "1e-07" not in text


@pytest.mark.parametrize("relative", [
    "../outside.yml", "records/../../x.yml", "docs/about.yml", "records/honors/UPPER.yml", "mkdocs.yml",
    "records/schema/honors.schema.json", "records/honors/sub/x.yml", "/etc/passwd.yml",
])
def test_writes_outside_records_and_drafts_are_refused(relative):
    with pytest.raises(Refused) as refused:
        kind_of(relative)
    assert CJK.search(str(refused.value))


def test_a_link_out_of_records_is_refused(project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / "records" / "honors").rename(project / "honors-moved")
    (project / "records" / "honors").symlink_to(outside, target_is_directory=True)
    with pytest.raises(Refused):
        resolve_inside(project, "records/honors/x.yml")


def test_an_interrupted_save_leaves_the_old_file(project, monkeypatch):
    target = project / "records/honors/provincial-civilized-organ.yml"
    before = target.read_bytes()

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, "title: 半截\n")
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir() if p.name.startswith(".")) == []


def test_new_records_get_pinyin_ids_from_their_chinese_name(project):
    assert new_id(project, "honors", "全国三八红旗集体") == "quan-guo-san-ba-hong-qi"
    (project / "records/honors/quan-guo-san-ba-hong-qi.yml").write_text("x: 1\n", encoding="utf-8")
    assert new_id(project, "honors", "全国三八红旗集体") == "quan-guo-san-ba-hong-qi-2"
    assert new_id(project, "work", "2012年工作") == "2012"
    with pytest.raises(Refused):
        new_id(project, "work", "2011年工作")
    with pytest.raises(Refused):
        new_id(project, "honors", "")


# --- accepting drafts ----------------------------------------------------------------------------


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


HONOR_DRAFT = """# yaml-language-server: $schema=../schema/honors.schema.json
review: 荣誉名称取自原句；级别推定为市级
title: 市级巾帼文明岗
level: municipal
year: 2011
recipient: children-dept
source: yearbook-2011
"""


def test_a_draft_record_moves_to_records_only_once_reviewed(project):
    write(project / "drafts/honors/shi-ji-jin-guo.yml", HONOR_DRAFT)
    with pytest.raises(Refused) as refused:
        accept(project, "drafts/honors/shi-ji-jin-guo.yml")
    assert "待审核" in str(refused.value)
    assert not (project / "records/honors/shi-ji-jin-guo.yml").exists()
    write(project / "drafts/honors/shi-ji-jin-guo.yml", HONOR_DRAFT.replace("review: 荣誉名称取自原句；级别推定为市级\n", ""))
    message = accept(project, "drafts/honors/shi-ji-jin-guo.yml")
    assert "records/honors/shi-ji-jin-guo.yml" in message
    assert not (project / "drafts/honors/shi-ji-jin-guo.yml").exists()
    assert check(project)[1] == []


YEAR_DRAFT = """# yaml-language-server: $schema=../schema/work.schema.json
review: 由 annals draft 从年鉴条目起草
year: 2011
title: 2011年工作
themes:
  - id: chuang-ye
    title: 创业就业
    items:
      - id: jia-zheng-pei-xun
        title: 家政培训进社区
        summary: 在三个社区举办家政培训班。
        figures:
          - label: 参加家政培训的妇女
            value: 120
            unit: 人
      - id: dai-shen-he
        title: 还没审核的事项
        review: 标题是从原句摘取的
        summary: 原句。
  - id: xin-zhu-ti
    title: 新主题
    review: 这一段没有段首标题
    items:
      - id: xin-shi-xiang
        title: 新事项
        summary: 新主题里已审核的事项。
"""


def test_a_drafted_year_merges_reviewed_items_into_the_existing_year(project):
    year_file = project / "records/work/2011.yml"
    before = yaml.safe_load(year_file.read_text(encoding="utf-8"))
    write(project / "drafts/work/2011.yml", YEAR_DRAFT)
    message = accept(project, "drafts/work/2011.yml")
    assert "并入 records/work/2011.yml" in message and "家政培训进社区" in message
    after = yaml.safe_load(year_file.read_text(encoding="utf-8"))
    assert after["summary"] == before["summary"] and after["title"] == before["title"]
    themes = {theme["id"]: theme for theme in after["themes"]}
    assert len(after["themes"]) == len(before["themes"])  # 创业就业 matched by title; 新主题 still waits
    items = [item["id"] for item in themes["entrepreneurship-employment"]["items"]]
    old_items = [item["id"] for item in before["themes"][0]["items"]]
    assert items == old_items + ["jia-zheng-pei-xun"]
    left = yaml.safe_load((project / "drafts/work/2011.yml").read_text(encoding="utf-8"))
    assert [item["id"] for theme in left["themes"] for item in theme["items"]] == ["dai-shen-he", "xin-shi-xiang"]
    assert "review" not in year_file.read_text(encoding="utf-8")
    assert check(project)[1] == []


def test_a_draft_the_check_would_reject_stays_in_drafts(project):
    write(project / "drafts/honors/bad.yml", HONOR_DRAFT.replace("level: municipal", "level: guojia").replace("review: 荣誉名称取自原句；级别推定为市级\n", ""))
    with pytest.raises(Refused) as refused:
        accept(project, "drafts/honors/bad.yml")
    assert "guojia" in str(refused.value) and "level" in str(refused.value)
    assert (project / "drafts/honors/bad.yml").exists() and not (project / "records/honors/bad.yml").exists()


def test_themes_and_items_added_without_an_id_get_one_from_their_title():
    old = (ROOT / "records/work/2011.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(old)
    data["themes"][0]["items"].append({"title": "家庭教育讲座进社区", "summary": "举办讲座。"})
    data["themes"].append({"title": "新的主题", "items": [{"title": "家庭教育讲座进社区", "summary": "又一次。"}]})
    text = normalise("records/work/2011.yml", yaml.safe_dump(data, allow_unicode=True), old)
    saved = yaml.safe_load(text)
    assert saved["themes"][0]["items"][-1]["id"] == "jia-ting-jiao-yu-jiang-zuo"
    assert saved["themes"][-1]["id"] == "xin-de-zhu-ti"
    assert saved["themes"][-1]["items"][0]["id"] == "jia-ting-jiao-yu-jiang-zuo-2"
    assert "  - id: xin-de-zhu-ti\n    title: 新的主题\n" in text
    work = {field["name"]: field for field in fields_of(collections_by_name()["work"])}
    theme_id = next(field for field in work["themes"]["fields"] if field["name"] == "id")
    assert theme_id["required"] is False and "拼音" in theme_id["hint"]


def test_an_accepted_item_whose_id_is_taken_gets_a_new_one(project):
    taken = yaml.safe_load((project / "records/work/2011.yml").read_text(encoding="utf-8"))["themes"][0]["items"][0]["id"]
    draft = YEAR_DRAFT.replace("id: jia-zheng-pei-xun", f"id: {taken}")
    write(project / "drafts/work/2011.yml", draft)
    accept(project, "drafts/work/2011.yml")
    items = yaml.safe_load((project / "records/work/2011.yml").read_text(encoding="utf-8"))["themes"][0]["items"]
    assert [item["id"] for item in items].count(taken) == 1 and items[-1]["id"] == f"{taken}-2"
    assert check(project)[1] == []


def test_a_new_year_is_written_only_once_its_own_mark_is_cleared(project):
    draft = YEAR_DRAFT.replace("year: 2011", "year: 2012").replace("2011年工作", "2012年工作")
    write(project / "drafts/work/2012.yml", draft)
    with pytest.raises(Refused) as refused:
        accept(project, "drafts/work/2012.yml")
    assert "新的一年" in str(refused.value) and not (project / "records/work/2012.yml").exists()
    write(project / "drafts/work/2012.yml", draft.replace("review: 由 annals draft 从年鉴条目起草\n", ""))
    assert "写入 records/work/2012.yml" in accept(project, "drafts/work/2012.yml")
    year = yaml.safe_load((project / "records/work/2012.yml").read_text(encoding="utf-8"))
    assert [theme["id"] for theme in year["themes"]] == ["chuang-ye"]
    assert check(project)[1] == []
