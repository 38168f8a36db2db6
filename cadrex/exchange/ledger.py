"""Part B's decision ledger: what was decided, written once, hash-linked (ADR 0006).

Every decision people read about part B is appended here by the service that makes it, in
the same transaction, under the row lock on the campaign's ``TwoWaySelection``:

=================  ==========================================================  =========
kind               payload                                                      service
=================  ==========================================================  =========
matching           run, both SHA-256, every matched candidate → unit, choice    B5
                   (and its round, from round 2 on; ADR 0011)
meeting            meeting date and note, every directed candidate → unit       B6
                   or none (with the reason), choice
answer             candidate, accepted / refused, note, reporting deadline      B7, C3
standby            candidate, rule (B7 / C3), start, end, bonus withheld        B7, C3
standby_outcome    candidate, placed / incompetent, unit, assessment year       B7
transfer           candidate, checklist item, done, roster move                 C3
=================  ==========================================================  =========

Candidates are their numbers, units their codes, dates ISO text (no names are compared; a
name rides along only so a reader of a missing row knows who it was). :func:`fold` replays
the entries into what the placement and standby rows must say; ``ledger_check`` compares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cadrex.audit.chain import entry_hash
from cadrex.exchange.models import (
    TRANSFER_ITEMS,
    Answer,
    DecisionEntry,
    Placement,
    PlacementKind,
    Standby,
    StandbyOutcome,
    TwoWaySelection,
)

KIND_LABELS = {
    "matching": "公布双向选择匹配结果",
    "meeting": "部务会议确定定向交流",
    "answer": "本人表态",
    "standby": "开始待岗",
    "standby_outcome": "待岗结果",
    "transfer": "报到和关系转接",
}


def append(selection: TwoWaySelection, kind: str, payload: dict, at: datetime) -> DecisionEntry:
    """Append one entry; the caller holds ``selection``'s row lock and the transaction."""
    seq = selection.ledger_length + 1
    digest = entry_hash(selection.ledger_head, kind, seq, payload)
    entry = DecisionEntry.objects.create(
        campaign_id=selection.campaign_id,
        seq=seq,
        kind=kind,
        payload=payload,
        prev_hash=selection.ledger_head,
        hash=digest,
        at=at,
    )
    selection.ledger_head, selection.ledger_length = digest, seq
    selection.save(update_fields=["ledger_head", "ledger_length"])
    return entry


def entries_of(campaign) -> list[DecisionEntry]:
    return list(DecisionEntry.objects.filter(campaign=campaign).order_by("seq"))


# ------------------------------------------------------------------ payloads


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _code(unit) -> str | None:
    return unit.code if unit is not None else None


def _who(placement: Placement) -> dict:
    return {"candidate": placement.candidate_id, "name": placement.candidate.cadre.name}


def matching_payload(run, placements: list[Placement]) -> dict:
    """B5: the published run, by its hashes, and every placement it decided. A run of
    round 2 or later names its round (round 1's entries read as they always did)."""
    extra = {"round": run.round} if run.round > 1 else {}
    return {
        **extra,
        "run": run.pk,
        "inputs_sha256": run.inputs_sha256,
        "result_sha256": run.result_sha256,
        "placements": [
            {**_who(p), "unit": _code(p.unit), "choice": p.choice}
            for p in sorted(placements, key=lambda p: p.candidate_id)
        ],
    }


def meeting_payload(meeting_date: date, note: str, placements: list[Placement]) -> dict:
    """B6: the orgdept meeting's decision: every directed placement, placed or not."""
    return {
        "meeting_date": meeting_date.isoformat(),
        "note": note,
        "placements": [
            {
                **_who(p),
                "unit": _code(p.unit),
                "choice": p.choice,
                "reason": "" if p.unit_id else p.unplaced_reason,
            }
            for p in sorted(placements, key=lambda p: p.candidate_id)
        ],
    }


def answer_payload(placement: Placement) -> dict:
    return {
        **_who(placement),
        "answer": placement.answer,
        "note": placement.answer_note,
        "reporting_deadline": _day(placement.reporting_deadline),
    }


def standby_payload(standby: Standby) -> dict:
    return {
        **_who(standby.placement),
        "rule": standby.rule,
        "start": _day(standby.start),
        "end": _day(standby.end),
        "bonus_withheld": standby.bonus_withheld,
    }


def standby_outcome_payload(standby: Standby) -> dict:
    return {
        **_who(standby.placement),
        "outcome": standby.outcome,
        "unit": _code(standby.outcome_unit),
        "year": standby.appraisal_year,
    }


def transfer_payload(placement: Placement, item: str, done: bool, moved: str | None) -> dict:
    return {**_who(placement), "item": item, "done": done, "moved_to": moved}


# ------------------------------------------------------------------ replay


@dataclass
class Decided:
    """What the ledger says about part B: per candidate number, the fields of their placement
    and standby rows as people read them (units by code, dates ISO)."""

    matching: dict | None = None  # the last round's entry
    matchings: dict[int, dict] = field(default_factory=dict)  # round → entry
    meeting: dict | None = None
    placements: dict[int, dict[str, Any]] = field(default_factory=dict)
    standbys: dict[int, dict[str, Any]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _new_placement(kind: str, line: dict) -> dict[str, Any]:
    return {
        "kind": kind,
        "unit": line["unit"],
        "choice": line["choice"],
        "reason": line.get("reason", ""),
        "answer": Answer.PENDING.value,
        "note": "",
        "reporting_deadline": None,
        **dict.fromkeys(TRANSFER_ITEMS, False),
    }


def fold(entries: list[DecisionEntry]) -> Decided:
    """Replay the ledger in order into the rows it implies."""
    decided = Decided()
    for entry in entries:
        payload = entry.payload if isinstance(entry.payload, dict) else {}
        candidate = payload.get("candidate")
        if candidate is not None:
            decided.names[candidate] = payload.get("name", "")
        replay = _REPLAY.get(entry.kind)
        if replay is None:
            decided.problems.append(f"决定账本第 {entry.seq} 条的类型“{entry.kind}”无法识别。")
            continue
        try:
            replay(decided, entry.seq, payload)
        except (KeyError, TypeError, ValueError):  # a hand-edited payload: name it, go on
            decided.problems.append(f"决定账本第 {entry.seq} 条的内容不完整，无法读取。")
    return decided


def _replay_matching(decided: Decided, seq: int, payload: dict) -> None:
    number = payload.get("round", 1)
    if number in decided.matchings:
        what = f"第 {number} 轮" if number > 1 else ""
        decided.problems.append(f"决定账本第 {seq} 条重复记录了公布{what}匹配结果。")
    elif number != len(decided.matchings) + 1:
        decided.problems.append(
            f"决定账本第 {seq} 条记录公布第 {number} 轮匹配结果，"
            f"此前只公布了 {len(decided.matchings)} 轮。"
        )
    if decided.meeting is not None:
        decided.problems.append(f"决定账本第 {seq} 条在部务会议决定之后又公布了匹配结果。")
    decided.matchings[number] = payload
    decided.matching = payload
    for line in payload.get("placements", []):
        decided.names[line["candidate"]] = line.get("name", "")
        if line["candidate"] in decided.placements:
            decided.problems.append(
                f"决定账本第 {seq} 条再次安排了已有交流安排的{line.get('name', '')}。"
            )
        decided.placements[line["candidate"]] = _new_placement(PlacementKind.MATCHED, line)


def _replay_meeting(decided: Decided, seq: int, payload: dict) -> None:
    if decided.meeting is not None:
        decided.problems.append(f"决定账本第 {seq} 条重复记录了部务会议的决定。")
    decided.meeting = payload
    for line in payload.get("placements", []):
        decided.names[line["candidate"]] = line.get("name", "")
        decided.placements[line["candidate"]] = _new_placement(PlacementKind.DIRECTED, line)


def _placement_for(decided: Decided, seq: int, payload: dict) -> dict | None:
    row = decided.placements.get(payload.get("candidate"))
    if row is None:
        decided.problems.append(
            f"决定账本第 {seq} 条（{payload.get('name', '')}）之前没有其交流安排的决定。"
        )
    return row


def _replay_answer(decided: Decided, seq: int, payload: dict) -> None:
    row = _placement_for(decided, seq, payload)
    if row is not None:
        row["answer"] = payload["answer"]
        row["note"] = payload.get("note", "")
        row["reporting_deadline"] = payload.get("reporting_deadline")


def _replay_standby(decided: Decided, seq: int, payload: dict) -> None:
    if _placement_for(decided, seq, payload) is not None:
        decided.standbys[payload["candidate"]] = {
            "rule": payload["rule"],
            "start": payload["start"],
            "end": payload["end"],
            "bonus_withheld": payload["bonus_withheld"],
            "outcome": StandbyOutcome.ONGOING.value,
            "outcome_unit": None,
            "year": None,
        }


def _replay_standby_outcome(decided: Decided, seq: int, payload: dict) -> None:
    row = decided.standbys.get(payload.get("candidate"))
    if row is None:
        decided.problems.append(
            f"决定账本第 {seq} 条（{payload.get('name', '')}）之前没有其待岗记录。"
        )
        return
    row["outcome"] = payload["outcome"]
    row["outcome_unit"], row["year"] = payload["unit"], payload["year"]


def _replay_transfer(decided: Decided, seq: int, payload: dict) -> None:
    row = _placement_for(decided, seq, payload)
    if row is not None and payload.get("item") in TRANSFER_ITEMS:
        row[payload["item"]] = bool(payload["done"])


_REPLAY = {
    "matching": _replay_matching,
    "meeting": _replay_meeting,
    "answer": _replay_answer,
    "standby": _replay_standby,
    "standby_outcome": _replay_standby_outcome,
    "transfer": _replay_transfer,
}


# ------------------------------------------------------------------ the rows, read the same way


def placement_fields(placement: Placement) -> dict[str, Any]:
    """A decided placement row in the shape :func:`fold` gives."""
    return {
        "kind": placement.kind,
        "unit": _code(placement.unit),
        "choice": placement.choice,
        "reason": "" if placement.unit_id else placement.unplaced_reason,
        "answer": placement.answer,
        "note": placement.answer_note,
        "reporting_deadline": _day(placement.reporting_deadline),
        **{item: getattr(placement, item) is not None for item in TRANSFER_ITEMS},
    }


def standby_fields(standby: Standby) -> dict[str, Any]:
    return {
        "rule": standby.rule,
        "start": _day(standby.start),
        "end": _day(standby.end),
        "bonus_withheld": standby.bonus_withheld,
        "outcome": standby.outcome,
        "outcome_unit": _code(standby.outcome_unit),
        "year": standby.appraisal_year,
    }
