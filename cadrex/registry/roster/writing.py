"""Writing a checked roster: units, cadres and posts in one transaction, one audit event."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import transaction

from cadrex.audit.services import event_record
from cadrex.registry import idnumber
from cadrex.registry.models import Cadre, MiddleLevelPost, PostKind, Unit
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


def _apply_cadres(
    rows, unit_ids, result: ImportResult, progress: Progress | None
) -> dict[str, int]:
    ids = [r["id_number"] for _, r in rows]
    existing = {}
    for chunk in _chunks(ids, 900):  # SQLite caps the number of query parameters
        existing.update({c.id_number: c for c in Cadre.objects.filter(id_number__in=chunk)})
    to_create, to_update = [], []
    for done, (_, record) in enumerate(rows, start=1):
        values = _cadre_values(record, unit_ids)
        cadre = existing.get(values["id_number"])
        if cadre is None:
            to_create.append(Cadre(**values))
        elif any(getattr(cadre, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(cadre, k, v)
            to_update.append(cadre)
        else:
            result.cadres_unchanged += 1
        if progress and done % 1000 == 0:
            progress("写入干部", done, len(rows))
    Cadre.objects.bulk_create(to_create, batch_size=500)
    Cadre.objects.bulk_update(to_update, CADRE_FIELDS, batch_size=500)
    if progress:
        progress("写入干部", len(rows), len(rows))
    result.cadres_created, result.cadres_updated = len(to_create), len(to_update)
    return _ids_by_number(ids)


def _ids_by_number(ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(ids, 900):
        found.update(Cadre.objects.filter(id_number__in=chunk).values_list("id_number", "pk"))
    return found


def _chunks(items: list, size: int) -> Iterable[list]:
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
    cadre_ids = _ids_by_number(list(set(wanted) | {r["id_number"] for _, r in cadre_rows}))
    existing = {}
    for chunk in _chunks(list(cadre_ids.values()), 900):
        existing.update({p.cadre_id: p for p in MiddleLevelPost.objects.filter(cadre_id__in=chunk)})
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
    for chunk in _chunks(to_delete, 900):
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
