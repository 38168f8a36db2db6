"""The demo's batched forms done the slow way: one service call per row.

Each stand-in has the interface of its batched form in ``cadrex.demo.batch_*`` and calls
the app's own service for every act, exactly as the demo did before it batched them.
``test_batches`` runs the demo once with the batched forms and once with these, and asserts
that both leave the same records and the same audit log.
"""

from __future__ import annotations

from datetime import timedelta

from cadrex.competition.decision import appointment as appointments
from cadrex.competition.decision import ballot as ballots
from cadrex.competition.decision import services as decision
from cadrex.competition.models import BallotMode, DailyCount
from cadrex.competition.registration import screening
from cadrex.competition.registration import services as registration
from cadrex.demo import batch_appointment, batch_decision, batch_screening
from cadrex.exchange import services as exchange
from cadrex.registry.models import Cadre

# ------------------------------------------------------------------ batch_registration


def openings_declare(campaign, plans, *, now) -> None:
    for unit, openings in plans:
        for data in openings:
            registration.opening_add(actor=None, campaign=campaign, unit=unit, data=data, now=now)
        registration.declaration_submit(actor=None, campaign=campaign, unit=unit, now=now)


class Registration:
    def __init__(self, campaign, *, now) -> None:
        self.now = now

    def submit(self, cadre, opening, *, typed, recusal_confirmed):
        return registration.application_submit(
            actor=None,
            cadre=cadre,
            opening=opening,
            typed=typed,
            recusal_confirmed=recusal_confirmed,
            now=self.now,
        )

    def consent(self, application, *, agree, note=""):
        return registration.application_consent(
            actor=None, application=application, agree=agree, note=note, now=self.now
        )


def counts_before(campaign, today, since) -> None:
    days = (today - since).days
    for count in DailyCount.objects.filter(opening__campaign=campaign, day=today):
        for back in range(1, days + 1):
            share = max(0.0, 1 - back / (days + 1))
            DailyCount.objects.update_or_create(
                opening_id=count.opening_id,
                day=today - timedelta(days=back),
                defaults={"applicants": int(count.applicants * share)},
            )


# ------------------------------------------------------------------ batch_screening


class Review(batch_screening.Review):
    def review(self, application, *, qualified, note="", now, schedule):
        return screening.application_review(
            actor=None, application=application, qualified=qualified, note=note, now=now
        )


class Shortlists(batch_screening.Shortlists):
    def record(self, opening, *, method="", note="", order=None, now, schedule):
        screening.shortlist_record(
            actor=None, opening=opening, method=method, note=note, order=order, now=now
        )

    def finish(self) -> None:
        pass


# ------------------------------------------------------------------ batch_decision


class Vetting(batch_decision.Vetting):
    def fix(self, opening, ranking, *, now, schedule):
        self.rows[opening.pk] = decision.vetting_fix(actor=None, opening=opening, now=now)

    def flush(self) -> None:
        pass

    def record(self, candidate, *, methods, findings, opinion, vetted_on, now, schedule):
        decision.vetting_record(
            actor=None,
            candidate=candidate,
            methods=methods,
            findings=findings,
            opinion=opinion,
            vetted_on=vetted_on,
            now=now,
        )
        candidate.opinion = opinion

    def finish(self) -> None:
        pass


class Ballots(batch_decision.Ballots):
    def open(self, opening, *, held_on, committee, expected, present, now, schedule, **more):
        ballot = ballots.ballot_open(
            actor=None,
            opening=opening,
            held_on=held_on,
            committee=committee,
            expected=expected,
            present=present,
            mode=BallotMode.COUNTED,
            now=now,
            **more,
        )
        self.rounds[opening.pk].append(ballot)
        return ballot

    def enter_papers(self, ballot, papers):
        return ballots.ballot_enter_papers(actor=None, ballot=ballot, papers=papers)

    def count(self, ballot, *, now, schedule):
        ballots.ballot_count(actor=None, ballot=ballot, now=now)
        ballot.refresh_from_db()
        return ballot


# ------------------------------------------------------------------ batch_appointment


class Appointments(batch_appointment.Appointments):
    def prepare(self, opening, *, reason, now, schedule):
        appointment = appointments.appointment_prepare(
            actor=None, opening=opening, reason=reason, now=now
        )
        self.found[opening.pk] = appointment
        return appointment

    def submit(self, appointment, *, now, schedule):
        appointments.appointment_submit(actor=None, appointment=appointment, now=now)
        appointment.refresh_from_db()

    def approve(self, appointment, *, now, schedule):
        appointments.appointment_review(actor=None, appointment=appointment, approve=True, now=now)
        appointment.refresh_from_db()

    def publicise(self, appointment, *, start, now, schedule):
        appointments.appointment_publicise(
            actor=None, appointment=appointment, start=start, now=now
        )
        appointment.refresh_from_db()


# ------------------------------------------------------------------ batch_exchange


def signups_create(campaign, cadre_ids, *, now) -> None:
    for pk in cadre_ids:
        cadre = Cadre.objects.get(pk=pk)
        exchange.signup_create(actor=None, campaign=campaign, cadre=cadre, now=now)


def declarations_save(campaign, forms, *, now):
    saved = {}
    for unit, cadre_ids, added, vacancies in forms:
        saved[unit.pk] = exchange.declaration_save(
            actor=None,
            campaign=campaign,
            unit=unit,
            cadre_ids=cadre_ids,
            added=added,
            vacancies=vacancies,
            now=now,
        )
    return saved


def declarations_submit(campaign, units, *, now) -> None:
    for unit in units:
        exchange.declaration_submit(actor=None, campaign=campaign, unit=unit, now=now)


def preferences_save(campaign, forms, *, now) -> None:
    for candidate, unit_ids in forms:
        exchange.preferences_save(actor=None, candidate=candidate, unit_ids=unit_ids, now=now)


def proposals_save(campaign, forms, *, now) -> None:
    for unit, candidate_ids in forms:
        exchange.proposals_save(
            actor=None, campaign=campaign, unit=unit, candidate_ids=candidate_ids, now=now
        )


STAND_INS = {
    "batch_registration": ["openings_declare", "Registration", "counts_before"],
    "batch_screening": ["Review", "Shortlists"],
    "batch_decision": ["Vetting", "Ballots"],
    "batch_appointment": ["Appointments"],
    "batch_exchange": [
        "signups_create",
        "declarations_save",
        "declarations_submit",
        "preferences_save",
        "proposals_save",
    ],
}
