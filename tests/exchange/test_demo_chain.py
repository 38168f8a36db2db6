"""Demo fast-forward of part B from any state: every pair of targets chains in order, a
second fast-forward to the same target changes nothing, and work begun by hand is finished
as it stands (B1–B4), so that the matching (B5) runs and verifies afterwards."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command

from cadrex.demo.part_b import advance_part_b
from cadrex.exchange import services
from cadrex.exchange.models import (
    DeclarationStatus,
    ExchangeCandidate,
    ExchangeDeclaration,
    ExchangeSignup,
    Preference,
    Proposal,
    TwoWaySelection,
)
from cadrex.rules.schedule import Step
from tests.competition.conftest import add_cadre, open_only

TARGETS = (Step.EXCHANGE_SIGNUP, Step.VACANCIES, Step.PREFERENCES, Step.PROPOSALS, Step.MATCHING)


@pytest.fixture
def city(world, campaign):
    """The small world with ten general cadres in each in-scope unit, so that every unit
    sends two or three people (the demo sends at most a third of them)."""
    for n, unit in enumerate(u for u in world["units"].values() if not u.vertically_managed):
        for k in range(9):
            add_cadre(unit, 900 + 20 * n + 2 * k + 1, f"{unit.code}干部{k}")
    return {**world, "campaign": campaign}


def _advance(campaign, target: Step) -> None:
    """As ``demo_advance`` does: part B's work before ``target``, then ``target`` opens."""
    advance_part_b(campaign=campaign, target=target, start_now=lambda s: open_only(campaign, s))
    open_only(campaign, target)


def _snapshot(campaign) -> tuple:
    """Everything part B's fast-forward writes, as plain values."""
    return (
        sorted(
            ExchangeSignup.objects.filter(campaign=campaign).values_list("cadre_id", "withdrawn_at")
        ),
        sorted(
            ExchangeDeclaration.objects.filter(campaign=campaign).values_list(
                "unit__code", "status", "vacancies", "exception_reason"
            )
        ),
        sorted(ExchangeCandidate.objects.filter(campaign=campaign).values_list("cadre_id")),
        TwoWaySelection.objects.filter(campaign=campaign)
        .values_list("vacancies_published_at", flat=True)
        .first(),
        sorted(Preference.objects.values_list("candidate_id", "unit__code", "rank")),
        sorted(Proposal.objects.values_list("declaration__unit__code", "candidate_id", "rank")),
    )


def _reached(campaign, target: Step) -> None:
    """What a fast-forward to ``target`` must have done (B1–B4 before it)."""
    order = list(Step)
    past = order.index(target)
    declarations = ExchangeDeclaration.objects.filter(campaign=campaign)
    if past > order.index(Step.EXCHANGE_SIGNUP):
        assert declarations.count() == 3
        assert set(declarations.values_list("status", flat=True)) == {DeclarationStatus.SUBMITTED}
    published = TwoWaySelection.objects.filter(
        campaign=campaign, vacancies_published_at__isnull=False
    ).exists()
    assert published == (past > order.index(Step.VACANCIES))
    filed = ExchangeCandidate.objects.filter(campaign=campaign, preferences_filed_at__isnull=False)
    assert filed.exists() == (past > order.index(Step.PREFERENCES))
    saved = declarations.filter(proposals_saved_at__isnull=False)
    assert saved.exists() == (past > order.index(Step.PROPOSALS))


@pytest.mark.parametrize(
    ("first", "then"), list(itertools.combinations(TARGETS, 2)), ids=lambda s: str(s)
)
def test_b1_b4_every_pair_of_fast_forward_targets_chains(city, first, then):
    campaign = city["campaign"]
    _advance(campaign, first)
    _reached(campaign, first)
    _advance(campaign, then)
    _reached(campaign, then)
    done = _snapshot(campaign)
    _advance(campaign, then)  # the same target again: everything is already done
    assert _snapshot(campaign) == done


def test_b1_b5_a_chained_demo_matches_publishes_and_verifies(city, capsys):
    campaign = city["campaign"]
    for target in TARGETS:
        _advance(campaign, target)
    assert ExchangeDeclaration.objects.exclude(exception_at=None).count() == 2  # D01, D02
    run = services.matching_run(actor=None, campaign=campaign)
    assert run.blocking_pairs == 0
    services.matching_publish(actor=None, run=run)
    done = _snapshot(campaign)
    _advance(campaign, Step.MATCHING)  # after publication nothing before it is touched
    assert _snapshot(campaign) == done
    capsys.readouterr()
    call_command("verify_matching")
    assert "OK" in capsys.readouterr().out


def test_b1_b4_the_fast_forward_finishes_what_was_begun_by_hand(city, clock):
    campaign, units, cadres = city["campaign"], city["units"], city["cadres"]
    open_only(campaign, Step.EXCHANGE_SIGNUP)
    # By hand: 乙一 signs up; D01 saves a draft it never submits (one person, two seats);
    # T01 declares and submits on its own.
    services.signup_create(actor=None, campaign=campaign, cadre=cadres["乙一"])
    jia2 = cadres["甲二"]
    services.declaration_save(
        actor=None,
        campaign=campaign,
        unit=units["D01"],
        cadre_ids=[jia2.pk],
        added={jia2.pk: "轮岗"},
        vacancies=2,
    )
    bing1 = cadres["丙一"]
    services.signup_create(actor=None, campaign=campaign, cadre=bing1)
    services.declaration_save(
        actor=None, campaign=campaign, unit=units["T01"], cadre_ids=[bing1.pk], vacancies=1
    )
    services.declaration_submit(actor=None, campaign=campaign, unit=units["T01"])

    _advance(campaign, Step.PREFERENCES)
    d01 = ExchangeDeclaration.objects.get(campaign=campaign, unit=units["D01"])
    assert d01.status == DeclarationStatus.SUBMITTED and d01.exception_allowed
    assert list(d01.candidates.values_list("cadre_id", flat=True)) == [jia2.pk]
    t01 = ExchangeDeclaration.objects.get(campaign=campaign, unit=units["T01"])
    assert list(t01.candidates.values_list("cadre_id", flat=True)) == [bing1.pk]

    # By hand: 丙一 files one preference, then the office fast-forwards.
    candidates = {c.cadre_id: c for c in ExchangeCandidate.objects.filter(campaign=campaign)}
    services.preferences_save(
        actor=None, candidate=candidates[bing1.pk], unit_ids=[units["D01"].pk]
    )
    _advance(campaign, Step.PROPOSALS)
    assert list(
        Preference.objects.filter(candidate=candidates[bing1.pk]).values_list("unit__code")
    ) == [("D01",)]

    # By hand: D01 proposes 丙一 alone; the fast-forward proposes for the other units.
    services.proposals_save(
        actor=None, campaign=campaign, unit=units["D01"], candidate_ids=[candidates[bing1.pk].pk]
    )
    _advance(campaign, Step.MATCHING)
    d01_proposals = Proposal.objects.filter(declaration__unit=units["D01"])
    assert list(d01_proposals.values_list("candidate__cadre_id", flat=True)) == [bing1.pk]
    assert Proposal.objects.exclude(declaration__unit=units["D01"]).exists()
    assert services.matching_run(actor=None, campaign=campaign).blocking_pairs == 0


def test_b2_vacancies_published_by_hand_are_not_published_again(city):
    campaign = city["campaign"]
    _advance(campaign, Step.VACANCIES)
    services.vacancies_publish(actor=None, campaign=campaign, acknowledge_undeclared=True)
    published = TwoWaySelection.objects.get(campaign=campaign).vacancies_published_at
    _advance(campaign, Step.MATCHING)
    _reached(campaign, Step.MATCHING)
    assert TwoWaySelection.objects.get(campaign=campaign).vacancies_published_at == published
