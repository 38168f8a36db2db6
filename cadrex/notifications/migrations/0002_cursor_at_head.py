"""Start the dispatcher at the audit log's head: a site that turns notifications on in the
middle of a campaign tells people of what happens from now on, not of its whole history."""

from django.db import migrations
from django.db.models import Max


def start_at_head(apps, schema_editor):
    Event = apps.get_model("audit", "Event")
    Cursor = apps.get_model("notifications", "Cursor")
    head = Event.objects.aggregate(head=Max("id"))["head"] or 0
    Cursor.objects.update_or_create(name="audit", defaults={"last_event_id": head})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [migrations.RunPython(start_at_head, migrations.RunPython.noop)]
