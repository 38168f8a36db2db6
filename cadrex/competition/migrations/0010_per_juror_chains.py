"""A8: one hash chain per juror, sealed at each contestant's close (ADR 0003).

Hearings scored before this migration had one chain for the whole hearing. Each is first
walked link by link as it stands (a hearing whose chain no longer verifies stops the
migration: integrity evidence is not rewritten over a problem); then its entries are laid
into one chain per juror in their recorded order, every score's ``chain_seq`` follows its
entry, and each contestant whose scoring has closed gets its seal, in the order they closed.
"""

import hashlib
import json

import django.db.models.deletion
from django.db import migrations, models


def _hash(prev: str, kind: str, seq: int, payload) -> str:
    # cadrex.audit.chain.entry_hash, frozen here as this migration was written.
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev}|{kind}|{seq}|{text}".encode()).hexdigest()


def _old_chain_ok(hearing, entries) -> bool:
    prev = ""
    for expected, entry in enumerate(entries, start=1):
        if entry.seq != expected or entry.prev_hash != prev:
            return False
        if entry.hash != _hash(prev, entry.kind, entry.seq, entry.payload):
            return False
        prev = entry.hash
    return prev == hearing.chain_head and len(entries) == hearing.chain_length


def _rechain(hearing, entries, Score, ChainSeal, HearingContestant) -> None:
    juror_of: dict[int, int] = {}  # old seq of a score entry → juror
    contestant_of: dict[int, int] = {}  # old seq → contestant
    new_seq: dict[int, int] = {}  # old seq → seq in its juror's chain
    heads: dict[int, tuple[int, str]] = {}
    last_old: dict[int, int] = {}  # contestant → old seq of its last entry
    for entry in entries:
        entry.old_seq = entry.seq
        payload = dict(entry.payload)
        if entry.kind == "score":
            juror, contestant = payload["juror"], payload["contestant"]
        else:
            juror, contestant = juror_of[payload["score_seq"]], contestant_of[payload["score_seq"]]
            payload["score_seq"] = new_seq[payload["score_seq"]]
        juror_of[entry.seq], contestant_of[entry.seq] = juror, contestant
        last_old[contestant] = entry.seq
        last, prev = heads.get(juror, (0, ""))
        seq = last + 1
        new_seq[entry.seq] = seq
        entry.juror_id, entry.seq, entry.payload, entry.prev_hash = juror, seq, payload, prev
        entry.hash = _hash(prev, entry.kind, seq, payload)
        heads[juror] = (seq, entry.hash)
    for score in Score.objects.filter(contestant__hearing_id=hearing.pk):
        score.chain_seq = new_seq.get(score.chain_seq, 0)  # 0: in no chain, verify names it
        score.save(update_fields=["chain_seq"])
    # Seals, in the order the contestants closed: each covers every entry up to the last
    # entry of that contestant (and of every contestant closed before it).
    closed = HearingContestant.objects.filter(hearing_id=hearing.pk, scoring="closed")
    prev, cut, seq = "", 0, 0
    for contestant in closed.order_by("closed_at", "order"):
        cut = max(cut, last_old.get(contestant.pk, 0))
        covered: dict[int, tuple[int, str]] = {}
        for entry in entries:
            if entry.old_seq <= cut:
                covered[entry.juror_id] = (entry.seq, entry.hash)
        seq += 1
        payload = {
            "contestant": contestant.pk,
            "heads": {str(j): [s, h] for j, (s, h) in sorted(covered.items())},
            "leader_mean": f"{contestant.leader_mean:.2f}",
            "staff_mean": f"{contestant.staff_mean:.2f}",
            "total": f"{contestant.total:.2f}",
        }
        digest = _hash(prev, "seal", seq, payload)
        ChainSeal.objects.create(
            hearing_id=hearing.pk,
            contestant_id=contestant.pk,
            seq=seq,
            payload=payload,
            prev_hash=prev,
            hash=digest,
            at=contestant.closed_at,
        )
        prev = digest
    hearing.chain_head, hearing.chain_length = prev, seq
    hearing.save(update_fields=["chain_head", "chain_length"])


def per_juror(apps, schema_editor):
    Hearing = apps.get_model("competition", "Hearing")
    ChainEntry = apps.get_model("competition", "ChainEntry")
    ChainSeal = apps.get_model("competition", "ChainSeal")
    Score = apps.get_model("competition", "Score")
    HearingContestant = apps.get_model("competition", "HearingContestant")
    for hearing in Hearing.objects.order_by("pk"):
        entries = list(ChainEntry.objects.filter(hearing_id=hearing.pk).order_by("seq"))
        if not entries and not hearing.chain_length:
            continue
        if not _old_chain_ok(hearing, entries):
            raise RuntimeError(
                f"公开竞岗#{hearing.pk}的评分链未通过核验，迁移不改写它：请先用本次升级前的版本"
                "运行 manage.py verify_hearing 查明原因。"
            )
        _rechain(hearing, entries, Score, ChainSeal, HearingContestant)
        ChainEntry.objects.bulk_update(entries, ["juror", "seq", "payload", "prev_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("competition", "0009_delete_headcountfreeze"),
    ]

    operations = [
        migrations.AlterField(
            model_name="hearing",
            name="chain_head",
            field=models.CharField(blank=True, max_length=64, verbose_name="封存链末端"),
        ),
        migrations.AlterField(
            model_name="hearing",
            name="chain_length",
            field=models.PositiveIntegerField(default=0, verbose_name="封存次数"),
        ),
        migrations.AddField(
            model_name="chainentry",
            name="juror",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="chain",
                to="competition.juror",
            ),
        ),
        migrations.CreateModel(
            name="ChainSeal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveIntegerField(verbose_name="序号")),
                ("payload", models.JSONField(verbose_name="内容")),
                (
                    "prev_hash",
                    models.CharField(blank=True, max_length=64, verbose_name="前一条哈希"),
                ),
                ("hash", models.CharField(max_length=64, verbose_name="哈希")),
                ("at", models.DateTimeField(verbose_name="时间")),
                (
                    "contestant",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="seal",
                        to="competition.hearingcontestant",
                    ),
                ),
                (
                    "hearing",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="seals",
                        to="competition.hearing",
                    ),
                ),
            ],
            options={
                "verbose_name": "评分封存记录",
                "verbose_name_plural": "评分封存记录",
                "ordering": ["hearing_id", "seq"],
                "constraints": [
                    models.UniqueConstraint(fields=("hearing", "seq"), name="one_seal_per_seq")
                ],
            },
        ),
        migrations.RemoveConstraint(
            model_name="chainentry",
            name="one_entry_per_seq",
        ),
        migrations.RunPython(per_juror, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="chainentry",
            name="juror",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="chain",
                to="competition.juror",
            ),
        ),
        migrations.AlterModelOptions(
            name="chainentry",
            options={
                "ordering": ["hearing_id", "juror_id", "seq"],
                "verbose_name": "评分链记录",
                "verbose_name_plural": "评分链记录",
            },
        ),
        migrations.AddConstraint(
            model_name="chainentry",
            constraint=models.UniqueConstraint(
                fields=("juror", "seq"), name="one_entry_per_juror_seq"
            ),
        ),
    ]
