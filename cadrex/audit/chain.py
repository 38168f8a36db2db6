"""Hash chains for records people must be able to trust (the hearing's scores, part B's
decisions): each entry carries the hash of the one before it.

Canonical JSON (sorted keys, no spaces, UTF-8) makes the hash independent of how a
database returns a JSON column; SHA-256 of ``prev_hash | kind | seq | canonical(payload)``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, kind: str, seq: int, payload: Any) -> str:
    material = f"{prev_hash}|{kind}|{seq}|{canonical(payload)}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()
