"""The demo's batched forms (``cadrex.demo.batch_*``) write what the services write.

The fast-forward does many units' or people's acts at once, reading what the checks need
once instead of once per act. These tests hold it to the services: the whole demo city
(seed, part A to the published appointments, part B to the proposals) built with the
batched forms leaves exactly the records and the audit log that one service call per act
leaves (``reference``); and a batched form refuses what its service refuses, with the
same rule and message.
"""

from __future__ import annotations

import json
import random
import secrets
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

import cadrex.demo.city as demo_city
from cadrex.campaigns.selectors import current_campaign
from cadrex.competition.models import Application, Opening
from cadrex.competition.registration import services as registration
from cadrex.demo import batch_exchange, batch_registration
from cadrex.demo.fast_forward import fast_forward
from cadrex.exchange import services as exchange
from cadrex.exchange.models import ExchangeCandidate, ExchangeDeclaration
from cadrex.registry.demo import CitySize, build_city
from cadrex.registry.models import Cadre
from cadrex.registry.roster import CADRE_COLUMNS
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests import clock as test_clock
from tests.conftest import workbook_bytes
from tests.demo import reference

UNITS = {"T01", "T02", "T03", "D01", "D02", "D04", "V01"}
APPS = {"accounts", "audit", "campaigns", "competition", "exchange", "registry"}


def _small_city(size: CitySize, today) -> bytes:
    """Seven units of the demo roster: three towns, three departments, one vertical."""
    units, cadres, posts = build_city(CitySize(cadres=3000), today)
    at = [c.field for c in CADRE_COLUMNS].index("unit")
    return workbook_bytes(
        [u for u in units if u[0] in UNITS],
        [c for c in cadres if c[at] in UNITS],
        [p for p in posts if p[2] in UNITS],
    ).getvalue()


def _records() -> dict[str, list]:
    """Every row of the apps the demo writes: as stored, in the order of their ids; the
    log sorted (a batch writes its events together, the services one act at a time)."""
    found = {}
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "password"]
        if model.__name__ == "Event":
            fields.remove("id")
        rows = [json.dumps(r, default=str) for r in model.objects.values_list(*fields)]
        found[model.__name__] = sorted(rows) if model.__name__ == "Event" else rows
    return found


def _demo_city(clock, monkeypatch) -> dict[str, list]:
    """The small demo city seeded, part A fast-forwarded to the adjustment, the appointments
    published nine days later, part B to the matching; then the records."""
    draw = random.Random(2014)  # lots and links as random as ever, the same in both runs
    monkeypatch.setattr(secrets, "token_hex", lambda n=32: f"{draw.getrandbits(8 * n):0{2 * n}x}")
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n=32: f"t{draw.getrandbits(8 * n):x}")
    clock.move_to(clock.base)
    demo_city.seed_demo(today=clock.today, cadres=300)
    campaign = current_campaign()
    fast_forward(campaign, Step.ADJUSTMENT)
    clock.shift(timedelta(days=9))
    fast_forward(campaign, Step.ADJUSTMENT)  # the publicity is over: published now
    clock.shift(timedelta(minutes=5))
    fast_forward(campaign, Step.MATCHING)
    return _records()


def _in_a_savepoint(build):
    point = transaction.savepoint()
    try:
        return build()
    finally:
        transaction.savepoint_rollback(point)


@pytest.mark.django_db
def test_the_batched_forms_write_what_one_service_call_per_act_writes(clock, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("compares ids as written: SQLite rolls its sequences back with a savepoint")
    monkeypatch.setattr(demo_city, "city_workbook", _small_city)
    batched = _in_a_savepoint(lambda: _demo_city(clock, monkeypatch))
    with monkeypatch.context() as swap:
        for module, names in reference.STAND_INS.items():
            for name in names:
                swap.setattr(f"cadrex.demo.{module}.{name}", getattr(reference, name))
        served = _in_a_savepoint(lambda: _demo_city(clock, monkeypatch))
    assert batched["Appointment"] and batched["Proposal"]  # it went all the way
    assert '"published"' in "".join(batched["Appointment"])
    for model in served:
        assert batched[model] == served[model], model


# ---------------------------------------------------------------------- refusals


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The small demo city at registration, once for the module; emptied afterwards."""
    travel, clock = test_clock.start(test_clock.session_base(), tick=False)
    try:
        with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
            patch.setattr(demo_city, "city_workbook", _small_city)
            demo_city.seed_demo(today=clock.today, cadres=300)
    finally:
        test_clock.stop(travel)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(seeded, db):
    return current_campaign()


def _refusal(act) -> tuple[str, str]:
    with pytest.raises(RuleViolation) as refused, transaction.atomic():
        act()
    return refused.value.rule, refused.value.message


def test_a3_a_batched_application_is_refused_as_the_service_refuses_it(demo, clock):
    opening = Opening.objects.filter(campaign=demo).select_related("unit").first()
    own = Cadre.objects.filter(unit=opening.unit, middle_level_post=None).first()  # own unit
    taken = Application.objects.filter(campaign=demo, active=True).first().cadre  # has one
    now = timezone.now()
    for cadre in (own, taken):
        served = _refusal(
            lambda c=cadre: registration.application_submit(
                actor=None, cadre=c, opening=opening, typed={}, recusal_confirmed=True, now=now
            )
        )
        form = batch_registration.Registration(demo, now=now)
        person = Cadre.objects.select_related("unit").get(pk=cadre.pk)
        refused = _refusal(
            lambda f=form, p=person: f.submit(p, opening, typed={}, recusal_confirmed=True)
        )
        assert refused == served
    batch = batch_registration.Registration(demo, now=now)
    assert (
        _refusal(lambda: batch.submit(own, opening, typed={}, recusal_confirmed=False))[0] == "A3"
    )


def test_b1_batched_sign_ups_and_declarations_are_refused_as_the_services_refuse_them(demo, clock):
    fast_forward(demo, Step.EXCHANGE_SIGNUP)  # the step opens now
    now = clock.now
    chief = Cadre.objects.exclude(middle_level_post=None).select_related("unit").first()
    served = _refusal(
        lambda: exchange.signup_create(actor=None, campaign=demo, cadre=chief, now=now)
    )
    assert _refusal(lambda: batch_exchange.signups_create(demo, [chief.pk], now=now)) == served
    unit, other = chief.unit, Cadre.objects.exclude(unit=chief.unit).first()
    form = (unit, [other.pk], {}, 1)  # somebody of another unit
    served = _refusal(
        lambda: exchange.declaration_save(
            actor=None, campaign=demo, unit=unit, cadre_ids=[other.pk], vacancies=1, now=now
        )
    )
    assert _refusal(lambda: batch_exchange.declarations_save(demo, [form], now=now)) == served


def test_b3_b4_batched_forms_are_refused_as_the_services_refuse_them(demo, clock):
    fast_forward(demo, Step.PREFERENCES)
    now = clock.now
    candidate = ExchangeCandidate.objects.filter(campaign=demo).select_related("home_unit").first()
    home = [candidate.home_unit_id]  # B3: never one's own unit
    served = _refusal(
        lambda: exchange.preferences_save(actor=None, candidate=candidate, unit_ids=home, now=now)
    )
    assert (
        _refusal(lambda: batch_exchange.preferences_save(demo, [(candidate, home)], now=now))
        == served
    )
    fast_forward(demo, Step.PROPOSALS)
    now = clock.now
    declaration = ExchangeDeclaration.objects.filter(campaign=demo, vacancies__gt=0).first()
    stranger = ExchangeCandidate.objects.exclude(preferences__unit=declaration.unit_id).first()
    unit, people = declaration.unit, [stranger.pk]  # B4: only people who listed the unit
    served = _refusal(
        lambda: exchange.proposals_save(
            actor=None, campaign=demo, unit=unit, candidate_ids=people, now=now
        )
    )
    assert _refusal(lambda: batch_exchange.proposals_save(demo, [(unit, people)], now=now)) == (
        served
    )
