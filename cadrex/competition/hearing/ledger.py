"""A8 ledger: each juror's hash chain and the hearing's seals (ADR 0003).

A juror's chain holds every score they gave and every void of one of their scores, each
entry hashed over the one before it (``cadrex.audit.chain.entry_hash``). Each juror appends
to their own chain, so three hundred phones never queue behind one lock. Two entries racing
for the same place in one chain (a phone sending twice at once) meet the unique (juror, seq)
constraint: one lands, the other goes again behind it.

When a contestant's scoring closes the hearing is sealed: the head of every juror's chain
and the result computed, hash-linked to the hearing's previous seal. From then on no entry
the seal covers can be removed, added, altered or moved without a seal disagreeing.
"""

from __future__ import annotations

import functools
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery

from cadrex.competition.chain import entry_hash
from cadrex.competition.hearing.models import ChainEntry, ChainSeal, Hearing, Juror
from cadrex.rules import RuleViolation

# Names of the head annotations a juror query can carry (``head_annotations``).
HEAD_SEQ, HEAD_HASH = "chain_head_seq", "chain_head_hash"
# A phone that lost the race for its chain's next place this many times in a row gives up.
RETRIES = 5
BUSY = "评分提交繁忙，请稍后再提交一次。"


class Behind(Exception):
    """Another entry took this chain's next place first: read the head again and retry."""


def head_annotations() -> dict:
    """The juror's chain head as two annotations, for the query that finds the juror."""
    latest = ChainEntry.objects.filter(juror=OuterRef("pk")).order_by("-seq")
    return {
        HEAD_SEQ: Subquery(latest.values("seq")[:1]),
        HEAD_HASH: Subquery(latest.values("hash")[:1]),
    }


def head_of(juror: Juror, *, fresh: bool = False) -> tuple[int, str]:
    """(seq, hash) of the juror's last entry, (0, "") before the first: as the juror's own
    query read it (``head_annotations``) unless ``fresh``, else one query."""
    if not fresh and hasattr(juror, HEAD_SEQ):
        return getattr(juror, HEAD_SEQ) or 0, getattr(juror, HEAD_HASH) or ""
    last = ChainEntry.objects.filter(juror=juror).order_by("-seq").values_list("seq", "hash")
    return last.first() or (0, "")


def remember(juror: Juror, entry: ChainEntry) -> None:
    """The juror object now knows its new head (the next call needs no query for it)."""
    setattr(juror, HEAD_SEQ, entry.seq)
    setattr(juror, HEAD_HASH, entry.hash)


def next_entry(
    hearing_id: int, juror: Juror, head: tuple[int, str], kind: str, payload: dict, at: datetime
) -> ChainEntry:
    """The unsaved entry that follows ``head`` in the juror's chain, its hash computed."""
    seq, prev = head[0] + 1, head[1]
    return ChainEntry(
        hearing_id=hearing_id,
        juror=juror,
        seq=seq,
        kind=kind,
        payload=payload,
        prev_hash=prev,
        hash=entry_hash(prev, kind, seq, payload),
        at=at,
    )


@functools.cache
def _insert_sql(model, vendor: str) -> tuple[str, list]:
    q = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(q(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table, pk = q(model._meta.db_table), q(model._meta.pk.column)
    return f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING {pk}", fields


def insert(obj) -> None:
    """Insert a new row as ``obj.save(force_insert=True)`` would (each field prepared for the
    database by the field itself), with the statement built once per process: on the
    phones' path building it cost more than running it."""
    sql, fields = _insert_sql(type(obj), connection.vendor)
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding, obj._state.db = False, connection.alias


def insert_many(objs: list) -> None:
    """Insert new rows of one model in one batch, each field prepared for the database by
    the field itself (their ids are not read back: nothing that calls this needs them)."""
    if not objs:
        return
    sql, fields = _insert_sql(type(objs[0]), connection.vendor)
    sql = sql.rsplit(" RETURNING ", 1)[0]
    rows = [[f.get_db_prep_save(f.pre_save(o, True), connection) for f in fields] for o in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def append(hearing: Hearing, juror: Juror, kind: str, payload: dict, at: datetime) -> ChainEntry:
    """Append away from the phones' path (the office's void): the head is read fresh, and a
    savepoint lets a lost race go again inside the caller's transaction."""
    for _ in range(RETRIES):
        entry = next_entry(hearing.pk, juror, head_of(juror, fresh=True), kind, payload, at)
        try:
            with transaction.atomic():
                entry.save(force_insert=True)
        except IntegrityError:
            continue
        remember(juror, entry)
        return entry
    raise RuleViolation("A8", BUSY)


def heads(hearing: Hearing) -> dict[int, tuple[int, str]]:
    """Every juror's chain head, in one query; jurors with no entry are left out."""
    rows = (
        Juror.objects.filter(hearing=hearing)
        .annotate(**head_annotations())
        .filter(**{f"{HEAD_SEQ}__isnull": False})
        .values_list("pk", HEAD_SEQ, HEAD_HASH)
    )
    return {pk: (seq, digest) for pk, seq, digest in rows}


def _places(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def seal_payload(contestant_id: int, chain_heads: dict[int, tuple[int, str]], result) -> dict:
    """What a seal commits to: whose scoring closed, every juror's head, the result."""
    return {
        "contestant": contestant_id,
        "heads": {str(j): [seq, digest] for j, (seq, digest) in sorted(chain_heads.items())},
        "leader_mean": _places(result.leader_mean),
        "staff_mean": _places(result.staff_mean),
        "total": _places(result.total),
    }


def next_seal(
    hearing: Hearing,
    contestant_id: int,
    result,
    at: datetime,
    chain_heads: dict[int, tuple[int, str]],
) -> ChainSeal:
    """The unsaved seal that follows the hearing's last one; the hearing object's head moves
    on to it (the caller saves both)."""
    seq = hearing.chain_length + 1
    payload = seal_payload(contestant_id, chain_heads, result)
    digest = entry_hash(hearing.chain_head, "seal", seq, payload)
    row = ChainSeal(
        hearing=hearing,
        contestant_id=contestant_id,
        seq=seq,
        payload=payload,
        prev_hash=hearing.chain_head,
        hash=digest,
        at=at,
    )
    hearing.chain_head, hearing.chain_length = digest, seq
    return row


def seal(hearing: Hearing, contestant_id: int, result, at: datetime) -> ChainSeal:
    """Seal the hearing as ``contestant_id``'s scoring closes, over every juror's chain as it
    stands. The caller holds the hearing's row lock and the contestant's: every phone that
    was scoring has committed (see ``scoring._contestant_for``)."""
    row = next_seal(hearing, contestant_id, result, at, heads(hearing))
    row.save(force_insert=True)
    hearing.save(update_fields=["chain_head", "chain_length"])
    return row
