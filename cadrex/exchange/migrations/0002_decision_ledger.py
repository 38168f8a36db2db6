"""Part B's decision ledger (ADR 0006).

A campaign whose matching was already published before this migration has decisions with no
ledger entries; it is marked ``ledger_kept = False`` so that ``verify_matching`` says so
plainly instead of reporting every placement as added behind the ledger's back.
"""

import django.db.models.deletion
from django.db import migrations, models


def mark_campaigns_without_ledger(apps, schema_editor):
    TwoWaySelection = apps.get_model("exchange", "TwoWaySelection")
    MatchingRun = apps.get_model("exchange", "MatchingRun")
    published = MatchingRun.objects.filter(published_at__isnull=False).values("campaign_id")
    TwoWaySelection.objects.filter(campaign_id__in=published).update(ledger_kept=False)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_campaign_openings_published_at_and_more"),
        ("exchange", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="twowayselection",
            name="ledger_head",
            field=models.CharField(blank=True, max_length=64, verbose_name="决定账本末端哈希"),
        ),
        migrations.AddField(
            model_name="twowayselection",
            name="ledger_kept",
            field=models.BooleanField(default=True, verbose_name="建有决定账本"),
        ),
        migrations.AddField(
            model_name="twowayselection",
            name="ledger_length",
            field=models.PositiveIntegerField(default=0, verbose_name="决定账本条数"),
        ),
        migrations.CreateModel(
            name="DecisionEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveIntegerField(verbose_name="序号")),
                ("kind", models.CharField(max_length=30, verbose_name="类型")),
                ("payload", models.JSONField(verbose_name="内容")),
                (
                    "prev_hash",
                    models.CharField(blank=True, max_length=64, verbose_name="前一条哈希"),
                ),
                ("hash", models.CharField(max_length=64, verbose_name="哈希")),
                ("at", models.DateTimeField(verbose_name="时间")),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="campaigns.campaign",
                    ),
                ),
            ],
            options={
                "verbose_name": "双向选择决定账本记录",
                "verbose_name_plural": "双向选择决定账本记录",
                "ordering": ["campaign_id", "seq"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("campaign", "seq"), name="b5_one_decision_entry_per_seq"
                    )
                ],
            },
        ),
        migrations.RunPython(mark_campaigns_without_ledger, migrations.RunPython.noop),
    ]
