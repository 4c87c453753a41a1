"""JSON Schema files for editors' hover help and completion, generated from the models."""
from __future__ import annotations

import json
from pathlib import Path

from .schema import KINDS
from .synonyms import SynonymList


def schema_text(kind: str) -> str:
    """The JSON Schema of one kind (or of the synonym list), as stable text."""
    schema = (KINDS[kind] if kind in KINDS else SynonymList).model_json_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(root: Path) -> list[Path]:
    folder = root / "records" / "schema"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in [*KINDS, "synonyms"]:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written
