"""A hearing big enough to benchmark: built straight in the database, outside any timer."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone


def build_hearing(jurors: int, contestants: int):
    from cadrex.campaigns.services import campaign_create, campaign_schedule_update
    from cadrex.competition.models import (
        Application,
        Hearing,
        HearingContestant,
        Juror,
        Opening,
        OpeningDeclaration,
    )
    from cadrex.registry import idnumber
    from cadrex.registry.models import Cadre, Unit
    from cadrex.rules.schedule import Step

    campaign = campaign_create(actor=None, name="基准测试", year=2026)
    now = timezone.now()
    campaign_schedule_update(
        actor=None,
        campaign=campaign,
        windows={Step.HEARING: (now - timedelta(hours=1), now + timedelta(days=1))},
    )
    host = Unit.objects.create(code="B01", name="基准局", kind="department")
    home = Unit.objects.create(code="B02", name="来源局", kind="department")
    declaration = OpeningDeclaration.objects.create(
        campaign=campaign, unit=host, status="submitted"
    )
    opening = Opening.objects.create(
        campaign=campaign,
        unit=host,
        declaration=declaration,
        post_name="办公室副主任",
        section="办公室",
        level="deputy",
        status="published",
        contestants_published_at=now,
    )
    hearing = Hearing.objects.create(opening=opening, scheduled_at=now, room="基准会议室")
    rows = []
    for i in range(contestants):
        first17 = f"33990119900101{i:03d}"
        number = first17 + idnumber.check_digit(first17)
        cadre = Cadre.objects.create(
            id_number=number,
            name=f"竞岗人{i}",
            sex=idnumber.sex(number),
            birth_date=idnumber.birth_date(number),
            unit=home,
        )
        application = Application.objects.create(
            campaign=campaign, cadre=cadre, home_unit=home, opening=opening, status="contestant"
        )
        rows.append(
            HearingContestant.objects.create(hearing=hearing, application=application, order=i + 1)
        )
    panel = [
        Juror(
            hearing=hearing,
            jury="leader",
            name=f"领导{i}",
            office_assigned=i < 2,
            token=secrets.token_urlsafe(24),
        )
        for i in range(7)
    ]
    panel += [
        Juror(hearing=hearing, jury="staff", name=f"群众{i}", token=secrets.token_urlsafe(24))
        for i in range(jurors - 7)
    ]
    Juror.objects.bulk_create(panel)
    tokens = list(Juror.objects.filter(hearing=hearing).values_list("token", flat=True))
    return hearing, rows, tokens
