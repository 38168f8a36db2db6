"""The hearing's hash chain (A8): what a score entry commits to. The hashing itself is
``cadrex.audit.chain``, shared with part B's ledger."""

from __future__ import annotations

from decimal import Decimal

from cadrex.audit.chain import canonical, entry_hash

__all__ = ["canonical", "entry_hash", "score_payload"]


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
