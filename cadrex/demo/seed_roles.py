"""The demo's person with several roles (issue 15, ADR 0014): one login, ``multi``, who is
the demo town's principal leader (primary role), a general cadre of that town on the roster
(a grant: free to apply in part A and to sign up for part B) and, once the fast-forward has
set the hearings, a leader juror on the town's hearing (a seat naming the login).

``seed_multi_role`` runs at the end of ``seed_demo`` (after part A's applications, so that
the person is left free to apply); ``seat_multi_role_juror`` after the fast-forward sets
the hearings (``fast_forward``)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.hashers import make_password

from cadrex.accounts.models import Role, User
from cadrex.accounts.services import role_grant_add
from cadrex.campaigns.models import Campaign
from cadrex.competition.hearing import services as hearing_services
from cadrex.competition.models import Hearing, HearingStatus, Juror, Jury
from cadrex.registry.models import Cadre, Unit

USERNAME = "multi"


def _free_cadre(today: date, town: Unit) -> Cadre | None:
    """A general cadre of the town with good recent appraisals (part A's openings of other
    units are open to them, A3), no account yet and no application."""
    years = {str(y) for y in range(today.year - 3, today.year)}
    candidates = (
        Cadre.objects.filter(unit=town, middle_level_post__isnull=True, user__isnull=True)
        .exclude(applications__active=True)
        .order_by("id")
    )
    for cadre in candidates:
        grades = cadre.appraisals or {}
        if years <= set(grades) and all(grades[y] in ("称职", "优秀") for y in years):
            return cadre
    return candidates.first()


def seed_multi_role(*, today: date, town: Unit, password: str):
    """The person and their roles; returns the login to print (``city.DemoLogin``)."""
    from cadrex.demo.city import DemoLogin  # city calls this module: imported when called

    cadre = _free_cadre(today, town)
    if cadre is None:
        return None
    # The roster shows the post the person holds: the town's other principal leader (the
    # secretary is ``town_leader``), not the 科员 the generated roster gave them.
    cadre.current_post = (
        ("街道办事处主任" if town.name.endswith("街道") else "镇长")
        if town.kind == "town"
        else "主要负责人"
    )
    cadre.save(update_fields=["current_post"])
    person = User(
        username=USERNAME,
        role=Role.UNIT_LEADER,
        unit=town,
        cadre=cadre,
        first_name=cadre.name,
        password=make_password(password),
    )
    person.save()
    role_grant_add(
        actor=None, user=person, role=Role.CADRE, note="演示：单位主要领导同时是本单位名册干部"
    )
    return DemoLogin(
        USERNAME,
        "一人多角色",
        f"{cadre.name}：{town.name}主要领导，也是该单位干部；快进到公开竞岗后兼任评委。页头“切换角色”",
    )


def _leave_other_seats(hearing: Hearing, name: str) -> None:
    """A8 one person, one seat: the demo's staff panel (the town's general cadres) may have
    seated the person among the staff jurors; that seat is given up (through the service)
    before they take a leader's seat, and another cadre of the town takes it when the staff
    jury would fall below its minimum."""
    others = list(hearing.jurors.filter(name=name, user__isnull=True))
    for juror in others:
        hearing_services.juror_remove(actor=None, juror=juror)
    staff = hearing.jurors.filter(jury=Jury.STAFF).count()
    short = hearing.opening.campaign.policy.min_staff_jury_size - staff
    if others and short > 0:
        seated = set(hearing.jurors.values_list("name", flat=True)) | {name}
        names = list(
            Cadre.objects.filter(unit_id=hearing.opening.unit_id)
            .exclude(name__in=seated)
            .order_by("id")
            .values_list("name", flat=True)[:short]
        )
        if names:
            hearing_services.jurors_add_staff(actor=None, hearing=hearing, names=names)


def seat_multi_role_juror(campaign: Campaign) -> Juror | None:
    """A8: the person sits as a leader juror on their town's planned hearing (the office
    seats a unit's leaders on its panel): one of the town's own leader jurors makes room
    when the seven seats are full, and a staff seat of theirs is given up first (one
    person, one seat). Nothing when the hearing is already under way or held."""
    person = User.objects.filter(username=USERNAME).select_related("cadre", "unit").first()
    if person is None or person.cadre is None:
        return None
    hearing = Hearing.objects.filter(
        opening__campaign=campaign, opening__unit_id=person.unit_id, status=HearingStatus.PLANNED
    ).first()
    if hearing is None or hearing.jurors.filter(user=person).exists():
        return None
    leaders = hearing.jurors.filter(jury=Jury.LEADER, substitute=False)
    if leaders.count() >= campaign.policy.leader_jury_size:
        own = leaders.filter(office_assigned=False).order_by("-id").first()
        if own is None:
            return None
        hearing_services.juror_remove(actor=None, juror=own)
    _leave_other_seats(hearing, person.cadre.name)
    juror = hearing_services.juror_add(
        actor=None,
        hearing=hearing,
        jury=Jury.LEADER,
        name=person.cadre.name,
        affiliation=f"{person.unit.name}主要领导",
    )
    # The seat names the login (Juror.user): the juror role shows among the person's roles.
    Juror.objects.filter(pk=juror.pk).update(user=person)
    return juror
