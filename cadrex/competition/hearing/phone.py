"""The juror's phone (A8): the juror behind a scoring link, in one statement.

Three hundred phones post their scores within a minute and each asks every few seconds what
to show, so this lookup runs more than anything else in the hearing. Building it through
the ORM (the juror with their hearing, its opening, unit and campaign) costs several times
more CPU than the database spends running it, so the statement is built once per process
and each request only runs it and makes the objects, as ``select_related`` would: every
field loaded, each column through Django's own converters for the database in use.
"""

from __future__ import annotations

import functools

from django.db import connection

from cadrex.campaigns.models import Campaign
from cadrex.competition.hearing.ledger import HEAD_HASH, HEAD_SEQ
from cadrex.competition.hearing.models import ChainEntry, Hearing, Juror
from cadrex.competition.registration.models import Opening
from cadrex.registry.models import Unit

# (model, table alias, the index of the row holding the foreign key to it, that key's name)
_PATH = (
    (Juror, "j", None, None),
    (Hearing, "h", 0, "hearing"),
    (Opening, "o", 1, "opening"),
    (Unit, "u", 2, "unit"),
    (Campaign, "c", 2, "campaign"),
)


@functools.cache
def _plan(vendor: str, with_head: bool):
    """The statement and, per model, its field names and each column's converters."""
    q = connection.ops.quote_name
    columns, parts, joins = [], [], []
    for model, alias, owner, relation in _PATH:
        fields = model._meta.concrete_fields
        cols = [f.get_col(alias) for f in fields]
        converters = [
            connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            for col in cols
        ]
        # Only the columns that need converting (on PostgreSQL, the JSON ones; on SQLite
        # also dates, booleans and decimals): most are used as the driver returns them.
        converted = [
            (i, c, conv) for i, (c, conv) in enumerate(zip(cols, converters, strict=True)) if conv
        ]
        parts.append((model, [f.attname for f in fields], converted))
        columns += [f"{alias}.{q(f.column)}" for f in fields]
        table = q(model._meta.db_table)
        if owner is None:
            joins.append(f"{table} {alias}")
        else:
            key = _PATH[owner][0]._meta.get_field(relation).column
            joins.append(f"JOIN {table} {alias} ON {alias}.id = {_PATH[owner][1]}.{q(key)}")
    if with_head:
        entries = q(ChainEntry._meta.db_table)
        last = f"FROM {entries} e WHERE e.juror_id = j.id ORDER BY e.seq DESC LIMIT 1"
        columns += [f"(SELECT e.seq {last})", f"(SELECT e.hash {last})"]
    sql = f"SELECT {', '.join(columns)} FROM {' '.join(joins)} WHERE j.token = %s"
    return sql, parts


def juror_for_link(token: str, *, with_head: bool = False) -> Juror | None:
    """The juror whose link this is, with their hearing, its opening, unit and campaign
    loaded; with ``with_head``, also the head of the juror's chain (``ledger.head_of``)."""
    sql, parts = _plan(connection.vendor, with_head)
    with connection.cursor() as cursor:
        cursor.execute(sql, [token])
        row = cursor.fetchone()
    if row is None:
        return None
    objects, at = [], 0
    for model, names, converted in parts:
        values = list(row[at : at + len(names)])
        at += len(names)
        for i, col, converters in converted:
            for convert in converters:
                values[i] = convert(values[i], col, connection)
        objects.append(model.from_db(connection.alias, names, values))
    for (_, _, owner, relation), obj in zip(_PATH[1:], objects[1:], strict=True):
        setattr(objects[owner], relation, obj)
    juror = objects[0]
    if with_head:
        setattr(juror, HEAD_SEQ, row[at])
        setattr(juror, HEAD_HASH, row[at + 1])
    return juror
