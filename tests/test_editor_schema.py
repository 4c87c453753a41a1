"""The JSON Schemas that editors' tools read are the ones the models produce."""
from __future__ import annotations

import json

import pytest

from annals.editor_schema import schema_text
from annals.schema import KINDS

from conftest import ROOT


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_committed_schema_matches_the_model(kind):
    committed = (ROOT / "records" / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), "records/schema/ 已过期：请运行 make schema"


def test_every_record_points_editors_at_its_schema():
    for file in sorted((ROOT / "records").rglob("*.yml")):
        first = file.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), file
        target = (file.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), file


def test_schema_carries_chinese_help():
    honors = json.loads(schema_text("honors"))
    assert "国家级" in honors["properties"]["level"]["description"]
    assert honors["additionalProperties"] is False
