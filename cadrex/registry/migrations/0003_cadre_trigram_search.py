"""Trigram (GIN) indexes for the roster list's substring search, on PostgreSQL only.

The list searches ``name LIKE '%…%'`` and ``current_post LIKE '%…%'`` (and the ID number
exactly). A B-tree cannot serve a pattern with a leading wildcard; pg_trgm's GIN index can,
for any pattern of three characters or more (a shorter one is answered by the list's keyset
walk over its own index, which stops once a page is full). On SQLite both operations do
nothing and the search scans, as it always did. The indexes are not in the model's state
(SQLite could not build them), so ``makemigrations`` never sees them.

pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = (
    GinIndex(fields=["name"], name="registry_cadre_name_trgm", opclasses=["gin_trgm_ops"]),
    GinIndex(
        fields=["current_post"], name="registry_cadre_post_trgm", opclasses=["gin_trgm_ops"]
    ),
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    cadre = apps.get_model("registry", "Cadre")
    for index in INDEXES:
        schema_editor.add_index(cadre, index)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    cadre = apps.get_model("registry", "Cadre")
    for index in INDEXES:
        schema_editor.remove_index(cadre, index)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_cadre_list_order"),
    ]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(forwards, backwards),
    ]
