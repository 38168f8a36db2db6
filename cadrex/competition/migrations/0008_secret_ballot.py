"""ADR 0008: the secret ballot keeps the roll of members present apart from an unordered
box; one voting terminal per round; papers carry no time."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [("competition", "0007_transitions")]

    operations = [
        migrations.DeleteModel(name="BallotToken"),
        migrations.RemoveField(model_name="ballotpaper", name="cast_at"),
        migrations.AddField(
            model_name="ballotround",
            name="terminal_token",
            field=models.CharField(blank=True, max_length=64, verbose_name="投票终端链接令牌"),
        ),
        migrations.AddField(
            model_name="ballotround",
            name="terminal_device",
            field=models.CharField(blank=True, max_length=64, verbose_name="投票终端设备"),
        ),
        migrations.AddField(
            model_name="ballotround",
            name="terminal_pin",
            field=models.CharField(blank=True, max_length=128, verbose_name="监票人密码（散列）"),
        ),
        migrations.AddField(
            model_name="ballotround",
            name="terminal_failures",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="密码错误次数"),
        ),
        migrations.AddField(
            model_name="ballotround",
            name="issued",
            field=models.BooleanField(default=False, verbose_name="已发出一张待投选票"),
        ),
        migrations.AddField(
            model_name="ballotround",
            name="box",
            field=models.JSONField(blank=True, default=dict, verbose_name="票箱"),
        ),
        migrations.AddConstraint(
            model_name="ballotround",
            constraint=models.UniqueConstraint(
                condition=~Q(terminal_token=""),
                fields=("terminal_token",),
                name="a10_one_round_per_terminal_link",
            ),
        ),
        migrations.CreateModel(
            name="BallotVoter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=50, verbose_name="到会成员")),
                ("voted", models.BooleanField(default=False, verbose_name="已领取选票")),
                (
                    "ballot",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE,
                        related_name="voters",
                        to="competition.ballotround",
                    ),
                ),
            ],
            options={
                "verbose_name": "到会成员",
                "verbose_name_plural": "到会成员",
                "ordering": ["ballot_id", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="ballotvoter",
            constraint=models.UniqueConstraint(
                fields=("ballot", "name"), name="a10_member_once_per_round"
            ),
        ),
    ]
