"""The decision's records (A9–A11) as the plain values the official forms take (``cadrex.documents.values``).

Each builder reads what its form shows in a fixed number of queries, whatever the number of
rows, and hands the renderer strings, numbers, dates and rows. What the records mean — which
status is a "no", what the roster held before the move, whether the viewer may read an ID
number in full — is decided here; how a form prints it is decided in ``cadrex.documents``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.utils import timezone

from cadrex.competition.decision.models import (
    VETTING_METHODS,
    Appointment,
    BallotRound,
    BallotStatus,
)
from cadrex.competition.registration.forms_data import age_on
from cadrex.competition.registration.models import Application, Opening
from cadrex.documents import values as v
from cadrex.registry.idnumber import mask
from cadrex.registry.photos import cadre_photo_bytes

# ------------------------------------------------------------------ A9 vetting record


def vetting_record(opening: Opening) -> v.VettingRecord:
    """考察材料: each vetting candidate of ``opening`` with the record the unit kept."""
    labels = dict(VETTING_METHODS)
    rows = opening.vetting.select_related("application__cadre__unit", "application__home_unit")
    return v.VettingRecord(
        unit_name=opening.unit.name,
        post_name=opening.post_name,
        reason=opening.vetting_reason,
        entries=tuple(
            v.VettingEntry(
                name=row.application.cadre.name,
                unit=row.application.applied_from.name,
                methods=tuple(labels.get(m, m) for m in row.methods),
                findings=row.findings,
                opinion=row.get_opinion_display(),
                vetted_on=row.vetted_on,
            )
            for row in rows
        ),
    )


# ------------------------------------------------------------------ A10 ballot summary


def candidate_names(ballots: Iterable[BallotRound]) -> dict[int, str]:
    """Application number → the person's name, for every candidate of ``ballots`` (one query)."""
    keys = {int(c) for b in ballots for c in b.candidates}
    if not keys:
        return {}
    return dict(Application.objects.filter(pk__in=keys).values_list("pk", "cadre__name"))


def ballot_lines(ballot: BallotRound, names: Mapping[int, str] | None = None) -> list[dict]:
    """Each candidate's votes and result, for the decision page and the voting terminal.

    ``names`` from ``candidate_names`` (several rounds, one query); read here when absent."""
    if names is None:
        names = candidate_names([ballot])
    tally = ballot.tally or {}
    counts = tally.get("counts", {})
    elected = set(tally.get("elected", []))
    lines = []
    for key in ballot.candidates:
        c = counts.get(key, {"for": 0, "against": 0, "abstain": 0})
        result = "当选" if key in elected else ("未过半数" if ballot.tally else "")
        lines.append(
            {
                "name": names.get(int(key), key),
                "for": c["for"],
                "against": c["against"],
                "abstain": c["abstain"],
                "result": result,
                "threshold": tally.get("threshold"),
            }
        )
    return lines


def _ballot_outcome(ballot: BallotRound) -> str:
    tally = ballot.tally or {}
    if ballot.status == BallotStatus.NO_QUORUM:
        return v.NO_QUORUM
    if not tally:
        return v.NOT_COUNTED
    if not tally.get("quorum_met"):
        return v.QUORUM_NOT_MET
    if tally.get("decided"):
        return v.DECIDED
    if tally.get("revote_among"):
        return v.REVOTE_TIED
    return v.UNDECIDED


def ballot_summary(ballot: BallotRound) -> v.BallotSummary:
    """《票决情况汇总表》 of one round. Reads ``ballot.opening.unit``: select it with the round."""
    tally = ballot.tally or {}
    return v.BallotSummary(
        unit_name=ballot.opening.unit.name,
        post_name=ballot.opening.post_name,
        committee=ballot.committee,
        held_on=ballot.held_on,
        round=ballot.round,
        expected=ballot.expected,
        present=ballot.present,
        on_leave=ballot.on_leave,
        supervisor=ballot.supervisor,
        counter=ballot.counter,
        outcome=_ballot_outcome(ballot),
        quorum_met=bool(tally.get("quorum_met")),
        returned=tally.get("returned", ""),
        valid=tally.get("valid", ""),
        invalid=tally.get("invalid", ""),
        threshold=tally.get("threshold", ""),
        lines=tuple(
            v.BallotLine(
                name=ln["name"],
                votes_for=ln["for"],
                against=ln["against"],
                abstain=ln["abstain"],
                result=ln["result"],
            )
            for ln in ballot_lines(ballot)
        ),
    )


# ------------------------------------------------------------------ A11 approval form


def approval_form(
    appointment: Appointment, *, full_id: bool = False, on: date | None = None
) -> v.ApprovalForm:
    """《干部任免审批表》 of ``appointment``, filled on ``on`` (today in Beijing by default).

    ``full_id``: the ID number in full — only for the office and the orgdept, which approves
    the form (ADR 0007); masked like every page otherwise. Reads the appointment's opening's
    unit and its application's cadre and unit applied from: select them with it."""
    on = on or timezone.localdate()
    application = appointment.application
    cadre = application.cadre
    before = appointment.before or {}
    return v.ApprovalForm(
        name=cadre.name,
        sex=cadre.sex,
        birth_date=cadre.birth_date,
        age=age_on(cadre.birth_date, on),
        ethnicity=cadre.ethnicity,
        native_place=cadre.native_place,
        birth_place=cadre.birth_place,
        party_join_date=cadre.party_join_date,
        work_start_date=cadre.work_start_date,
        health=cadre.health,
        professional_title=cadre.professional_title,
        speciality=cadre.speciality,
        ft_education=cadre.fulltime_education,
        ft_degree=cadre.fulltime_degree,
        ft_school=cadre.fulltime_school,
        is_education=cadre.inservice_education,
        is_degree=cadre.inservice_degree,
        is_school=cadre.inservice_school,
        # As it stood when the package was made: the person may have moved since.
        current_post=appointment.post_to_leave
        or f"{application.applied_from.name}{before.get('post', cadre.current_post)}",
        proposed_post=appointment.proposed_post,
        post_to_leave=appointment.post_to_leave,
        # As the unit edited it for this appointment, else the roster's.
        resume=getattr(appointment, "resume", "") or cadre.resume,
        rewards=cadre.rewards_and_sanctions,
        appraisals=tuple(sorted((cadre.appraisals or {}).items())),
        reason=appointment.reason,
        submitting_unit=appointment.opening.unit.name,
        id_number=cadre.id_number if full_id else mask(cadre.id_number),
        filled_on=on,
        family=_family(appointment),
        photo=cadre_photo_bytes(cadre.pk) if getattr(cadre, "pk", None) else b"",
    )


def _family(appointment: Appointment) -> tuple[v.FamilyMember, ...]:
    """The rows the unit entered (none on an appointment not yet stored, or on the plain
    stand-ins the document tests pass)."""
    if not getattr(appointment, "pk", None):
        return ()
    return tuple(
        v.FamilyMember(
            relation=m.relation, name=m.name, born=m.born, politics=m.politics, work=m.work
        )
        for m in appointment.family.all()
    )
