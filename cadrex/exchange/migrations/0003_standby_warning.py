"""C3: a refusal of an exchange decision brings a warning (警告处分) beside the standby.

Every standby recorded before this migration followed a refusal (a standby has no other
origin), so each gets the warning C3 gave it, dated the day its standby began.
"""

from django.db import migrations, models
from django.db.models import F


def warn_earlier_refusals(apps, schema_editor):
    Standby = apps.get_model("exchange", "Standby")
    Standby.objects.filter(warning=False).update(warning=True, warning_on=F("start"))


class Migration(migrations.Migration):

    dependencies = [
        ('exchange', '0002_decision_ledger'),
        ('registry', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='standby',
            name='warning',
            field=models.BooleanField(default=False, verbose_name='警告处分'),
        ),
        migrations.AddField(
            model_name='standby',
            name='warning_on',
            field=models.DateField(blank=True, null=True, verbose_name='警告处分日期'),
        ),
        migrations.RunPython(warn_earlier_refusals, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='standby',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('warning', False), ('warning_on__isnull', True)), models.Q(('warning', True), ('warning_on__isnull', False)), _connector='OR'), name='c3_warning_has_its_day'),
        ),
    ]
