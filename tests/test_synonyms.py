"""The synonym list: checked like a record, written for the browser, used by the query set."""
from __future__ import annotations

import json

import yaml

from annals.synonyms import check_synonyms, read_synonyms, synonyms_script
from annals.validate import check
from conftest import ROOT

BROKEN = """synonyms:
  - {word: 孩子, means: [儿童]}
  - {word: 孩 子, means: []}
  - {word: 小孩, means: [儿童], note: 常用}
"""
REPEATED = """synonyms:
  - {word: 孩子, means: [儿童]}
  - {word: 孩子, means: [孩子]}
"""


def test_the_project_list_is_valid_and_accepted_by_the_records_check():
    entries, problems = check_synonyms(ROOT)
    assert problems == [] and len(entries) >= 20
    assert check(ROOT)[1] == []


def test_every_problem_is_named_with_file_line_and_field(project):
    (project / "records" / "synonyms.yml").write_text(BROKEN, encoding="utf-8")
    _, problems = check(project)
    assert [str(p) for p in problems] == [
        "records/synonyms.yml:3: synonyms[1].means: 至少需要 1 项",
        "records/synonyms.yml:3: synonyms[1].word: 格式不对：访客会输入的词（一个词，不能有空格、引号或 < >），例如：孩子；实际为 '孩 子'",
        "records/synonyms.yml:4: synonyms[2].note: 未知字段（可能是拼写错误）；允许的字段：word、means",
    ]


def test_a_word_listed_twice_or_meaning_itself_is_refused(project):
    (project / "records" / "synonyms.yml").write_text(REPEATED, encoding="utf-8")
    _, problems = check(project)
    assert [str(p) for p in problems] == [
        "records/synonyms.yml:3: synonyms[1].means: '孩子' 不必列为自己的同义词；means 里只写记录中的其他用词",
        "records/synonyms.yml:3: synonyms[1].word: '孩子' 在第 2 行已经列过；请把两条合成一条（means 里列出所有用词）",
    ]


def test_the_list_is_optional(project):
    (project / "records" / "synonyms.yml").unlink()
    assert check(project)[1] == []
    assert synonyms_script(read_synonyms(project)).endswith("window.annalsSynonyms = {};\n")


def test_the_browser_script_holds_the_list_in_a_fixed_order():
    script = synonyms_script(read_synonyms(ROOT))
    data = json.loads(script.split("window.annalsSynonyms = ", 1)[1].rstrip(";\n"))
    assert data["孩子"] == ["儿童"] and data["找工作"] == ["就业", "招聘会"]
    assert list(data) == sorted(data)
    assert script == synonyms_script(list(reversed(read_synonyms(ROOT))))


def test_every_entry_is_used_by_a_query_that_contains_its_word():
    queries = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
    words = {entry.word for entry in read_synonyms(ROOT)}
    used = {q["synonym"] for q in queries if "synonym" in q and q["synonym"] in str(q["query"])}
    assert sorted(words - used) == []


def test_editors_get_the_committed_schema():
    from annals.editor_schema import schema_text

    committed = (ROOT / "records" / "schema" / "synonyms.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text("synonyms"), "records/schema/ 已过期：请运行 make schema"
    first = (ROOT / "records" / "synonyms.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/synonyms.schema.json"
