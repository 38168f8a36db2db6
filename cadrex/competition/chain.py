"""The hearing's hash chain: each entry carries the hash of the one before it.

Canonical JSON (sorted keys, no spaces, UTF-8) makes the hash independent of how a
database returns a JSON column; SHA-256 of ``prev_hash + canonical(payload)``.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any


def canonical(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, kind: str, seq: int, payload: Any) -> str:
    material = f"{prev_hash}|{kind}|{seq}|{canonical(payload)}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def score_payload(score) -> dict:
    """What a score entry commits to: who scored whom, how much, how and when."""
    return {
        "contestant": score.contestant_id,
        "juror": score.juror_id,
        "jury": score.jury,
        # Two places always: the database hands back 85.50 for an 85.5 that went in.
        "value": f"{Decimal(score.value):.2f}",
        "items": [f"{Decimal(i):.2f}" for i in score.items],
        "paper": score.paper,
        "at": score.submitted_at.isoformat(),
    }
