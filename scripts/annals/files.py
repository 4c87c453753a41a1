"""Writing a file so that readers never see half of it, and not at all when its bytes are already there."""
from __future__ import annotations

import os
from pathlib import Path


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write target atomically unless it already holds these bytes; True if written."""
    if target.exists() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return True
