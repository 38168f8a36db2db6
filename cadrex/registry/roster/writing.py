"""Writing a checked roster: units, cadres and posts in one transaction, one audit event."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import connection, transaction

from cadrex.audit.services import event_record
from cadrex.registry import idnumber
from cadrex.registry.models import Cadre, MiddleLevelPost, PostKind, Unit
from cadrex.registry.roster.bulk import CHUNK, insert_rows, update_rows
from cadrex.registry.roster.columns import CADRE_FIELDS, ImportResult, Progress, RosterInvalid
from cadrex.registry.roster.reading import parse_roster


def _apply_units(rows, result: ImportResult) -> dict[str, int]:
    existing = {u.code: u for u in Unit.objects.all()}
    _free_moving_names(rows, existing)
    for _, record in rows:
        unit = existing.get(record["code"])
        if unit is None:
            existing[record["code"]] = Unit.objects.create(**record)
            result.units_created += 1
        elif any(getattr(unit, k) != v for k, v in record.items()):
            for k, v in record.items():
                setattr(unit, k, v)
            unit.save()
            result.units_updated += 1
    return {code: unit.pk for code, unit in existing.items()}


def _free_moving_names(rows, existing: dict[str, Unit]) -> None:
    """Names are unique, and a file may move one between two units (A's old name to B, or a
    swap): the renamed units first take a temporary name, so no save meets the old holder."""
    held = {u.name for u in existing.values()}
    renamed = [
        existing[r["code"]]
        for _, r in rows
        if r["code"] in existing and existing[r["code"]].name != r["name"]
    ]
    taking = any(
        r["name"] in held and (r["code"] not in existing or existing[r["code"]].name != r["name"])
        for _, r in rows
    )
    if taking:
        for unit in renamed:
            Unit.objects.filter(pk=unit.pk).update(name=f"~{uuid.uuid4().hex}")


def _cadre_values(record: dict, unit_ids: dict[str, int]) -> dict:
    values = {k: v for k, v in record.items() if k != "unit"}
    values["unit_id"] = unit_ids[record["unit"]]
    values["sex"] = idnumber.sex(record["id_number"])
    values["birth_date"] = idnumber.birth_date(record["id_number"])
    return values


def _apply_cadres(rows, unit_ids, result: ImportResult, progress: Progress | None) -> None:
    """New people inserted, changed ones updated, a chunk at a time (memory stays flat)."""
    fields = ["pk", *CADRE_FIELDS]
    total = len(rows)
    for start in range(0, total, CHUNK):
        values = [_cadre_values(record, unit_ids) for _, record in rows[start : start + CHUNK]]
        existing = {}
        for chunk in _chunks([v["id_number"] for v in values]):
            existing.update(
                (have["id_number"], have)
                for have in Cadre.objects.filter(id_number__in=chunk).values(*fields)
            )
        to_create, to_update = [], []
        for wanted in values:
            have = existing.get(wanted["id_number"])
            if have is None:
                to_create.append(wanted)
            elif any(have[k] != v for k, v in wanted.items()):
                to_update.append((have["pk"], wanted))
            else:
                result.cadres_unchanged += 1
        insert_rows(Cadre, to_create)
        update_rows(Cadre, to_update, CADRE_FIELDS)
        result.cadres_created += len(to_create)
        result.cadres_updated += len(to_update)
        if progress:
            progress("写入干部", min(start + CHUNK, total), total)


def _ids_by_number(numbers: set[str], units: list[int]) -> dict[str, int]:
    """The pks of the people ``numbers`` names, who are all in ``units`` by now (the cadre
    sheet has just put them there; a post row's holder is in the post's unit). One query by
    unit rather than tens of thousands of ID numbers in ``IN (…)`` lists."""
    found: dict[str, int] = {}
    query = Cadre.objects.filter(unit_id__in=units).values_list("id_number", "pk")
    for number, pk in query.iterator(chunk_size=5000):
        if number in numbers:
            found[number] = pk
    return found


def _chunks(items: list, size: int | None = None) -> Iterable[list]:
    """``items`` in pieces small enough for one ``IN (…)``: SQLite caps a query's parameters
    (Django assumes 999); PostgreSQL takes 10,000 at once."""
    size = size or min(connection.features.max_query_params or 10_000, 10_000) - 99
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _apply_posts(post_rows, cadre_rows, unit_ids, result: ImportResult) -> None:
    wanted = {
        r["id_number"]: {
            "unit_id": unit_ids[r["unit"]],
            "section": r["section"],
            "level": r["level"],
            "kind": r["kind"] or PostKind.INTERNAL_SECTION,
            "since": r["since"],
        }
        for _, r in post_rows
    }
    # Everyone named in either sheet: the post sheet decides what each of them holds.
    units = sorted({unit_ids[r["unit"]] for _, r in (*cadre_rows, *post_rows)})
    cadre_ids = _ids_by_number(set(wanted) | {r["id_number"] for _, r in cadre_rows}, units)
    named = set(cadre_ids.values())
    # Their posts, wherever the posts are (one may still sit in a unit its holder just left).
    existing = {
        p.cadre_id: p
        for p in MiddleLevelPost.objects.filter(cadre__unit_id__in=units)
        if p.cadre_id in named
    }
    to_create, to_update, to_delete = [], [], []
    for number, pk in cadre_ids.items():
        want, have = wanted.get(number), existing.get(pk)
        if want is None:
            if have is not None:
                to_delete.append(have.pk)
        elif have is None:
            to_create.append(MiddleLevelPost(cadre_id=pk, **want))
        elif any(getattr(have, k) != v for k, v in want.items()):
            for k, v in want.items():
                setattr(have, k, v)
            to_update.append(have)
    for chunk in _chunks(to_delete):
        MiddleLevelPost.objects.filter(pk__in=chunk).delete()
    MiddleLevelPost.objects.bulk_create(to_create, batch_size=500)
    MiddleLevelPost.objects.bulk_update(
        to_update, ["unit_id", "section", "level", "kind", "since"], batch_size=500
    )
    result.posts_set, result.posts_removed = len(to_create) + len(to_update), len(to_delete)


def roster_import(
    *, actor, fileobj, filename: str = "", progress: Progress | None = None
) -> ImportResult:
    """Validate the whole file, then write it in one transaction, with one audit event."""
    parsed = parse_roster(fileobj, progress=progress)
    if parsed.errors:
        raise RosterInvalid(parsed.errors)
    result = ImportResult()
    with transaction.atomic():
        unit_ids = _apply_units(parsed.units, result)
        _apply_cadres(parsed.cadres, unit_ids, result, progress)
        _apply_posts(parsed.posts, parsed.cadres, unit_ids, result)
        if result.changed:
            event_record(
                actor=actor,
                action="roster_import",
                object_type="roster",
                object_repr=filename or "干部名册",
                after=result.__dict__,
                note=result.summary(),
            )
    return result
