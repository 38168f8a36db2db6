"""Issue 10: ballot rounds get a status (a meeting without quorum is a round too), a seal,
and the count of members who did not vote; the opening keeps the last seal; the appointment
keeps when it was reviewed; the office's tie breaks are recorded."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def statuses(apps, schema_editor):
    BallotRound = apps.get_model("competition", "BallotRound")
    for ballot in BallotRound.objects.all():
        if ballot.counted_at is None:
            ballot.status = "open"
        elif (ballot.tally or {}).get("decided"):
            ballot.status = "decided"
        else:
            ballot.status = "undecided"
        ballot.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [
        ("competition", "0006_application_lapsed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("ballotround", "outcome", "tally"),
        migrations.AddField(
            model_name="ballotround",
            name="status",
            field=models.CharField(
                choices=[
                    ("open", "投票中"),
                    ("decided", "已产生任职人选"),
                    ("undecided", "未产生任职人选，须重新票决"),
                    ("no_quorum", "到会不足三分之二，未进行票决"),
                ],
                default="open",
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.AddField(
            model_name="ballotround",
            name="unvoted",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="未投票人数"),
        ),
        migrations.AddField(
            model_name="ballotround",
            name="unvoted_note",
            field=models.CharField(blank=True, max_length=200, verbose_name="未投票情况说明"),
        ),
        migrations.AddField(
            model_name="ballotround",
            name="seal",
            field=models.CharField(blank=True, max_length=64, verbose_name="封存哈希"),
        ),
        migrations.AddField(
            model_name="opening",
            name="ballot_head",
            field=models.CharField(blank=True, max_length=64, verbose_name="票决记录末端"),
        ),
        migrations.AddField(
            model_name="appointment",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="审核时间"),
        ),
        migrations.CreateModel(
            name="TieBreak",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("rank", models.PositiveSmallIntegerField(verbose_name="并列名次")),
                ("order", models.JSONField(verbose_name="确定的先后顺序（竞岗对象编号）")),
                ("reason", models.TextField(verbose_name="理由")),
                ("decided_at", models.DateTimeField(verbose_name="确定时间")),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "hearing",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tie_breaks",
                        to="competition.hearing",
                    ),
                ),
            ],
            options={"verbose_name": "并列名次的确定", "verbose_name_plural": "并列名次的确定"},
        ),
        migrations.AddConstraint(
            model_name="tiebreak",
            constraint=models.UniqueConstraint(
                fields=("hearing", "rank"), name="a8_one_tie_break_per_rank"
            ),
        ),
        migrations.RunPython(statuses, migrations.RunPython.noop),
    ]
