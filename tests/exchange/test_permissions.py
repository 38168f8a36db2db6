"""Part B's permissions matrix: every page, every persona; a unit sees only its own."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver, reverse

from cadrex.audit.models import Event
from cadrex.exchange import services
from cadrex.exchange.models import ExchangeDeclaration, Placement, Standby
from tests.exchange.matrix import COVERED, LOGIN, MATRIX, PERSONAS, POSTS


@pytest.fixture
def matrix_world(directed):
    """Every kind of record exists: a published run, placements, one standby (乙二)."""
    placements = {
        p.candidate.cadre.name: p for p in Placement.objects.select_related("candidate__cadre")
    }
    services.placement_answer(actor=None, placement=placements["乙二"], accept=False)
    return {
        **directed,
        "decl": ExchangeDeclaration.objects.get(unit=directed["units"]["D01"]),
        "placement": placements["乙一"],  # 乙一 (of D02, the cadre persona) → D01
        "standby": Standby.objects.get(),
    }


def _url(world, name: str, args: tuple) -> str:
    return reverse(name, args=[world[a].pk if a in world else a for a in args])


def test_every_named_page_of_part_b_is_in_the_matrix():
    exchange = next(
        r for r in get_resolver().url_patterns if getattr(r, "namespace", "") == "exchange"
    )
    names = {f"exchange:{p.name}" for p in exchange.url_patterns if isinstance(p, URLPattern)}
    assert names == COVERED


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_part_b_page_answers_each_persona_as_the_matrix_says(client, matrix_world, persona):
    if persona != "anon":
        client.force_login(matrix_world["users"][persona])
    wrong = {}
    for (name, args), expected in MATRIX.items():
        status = client.get(_url(matrix_world, name, args)).status_code
        want = expected[PERSONAS.index(persona)]
        if status != want:
            wrong[f"{name}{args}"] = (want, status)
    assert wrong == {}


@pytest.mark.parametrize("persona", PERSONAS)
def test_part_b_actions_turn_away_everyone_else_and_change_nothing(client, matrix_world, persona):
    if persona != "anon":
        client.force_login(matrix_world["users"][persona])
    wrong = {}
    for (name, args), allowed in POSTS.items():
        if persona in allowed:
            continue
        before = Event.objects.count()
        status = client.post(_url(matrix_world, name, args), {"item": "reported_at"}).status_code
        ok = status == LOGIN if persona == "anon" else status in (403, 404)
        if not ok or Event.objects.count() != before:
            wrong[name] = status
    assert wrong == {}


def test_the_b4_and_c3_pages_show_a_unit_only_its_own(as_user, matrix_world):
    d02 = as_user("other_operator").get(reverse("exchange:arrivals"))
    assert {p.candidate.cadre.name for p, _ in d02.context["arrivals"]} == {"甲二", "丙二"}
    d01 = as_user("operator").get(reverse("exchange:arrivals"))
    assert {p.candidate.cadre.name for p, _ in d01.context["arrivals"]} == {"丙一", "乙一"}
    proposals = as_user("other_operator").get(reverse("exchange:proposals"))
    assert {c.cadre.name for c, _ in proposals.context["pool"]} == {"甲二", "甲三", "丙一", "丙二"}


def test_an_unknown_placement_answers_404(client, matrix_world):
    client.force_login(matrix_world["users"]["orgdept"])
    response = client.post(reverse("exchange:directed_set", args=[999999]), {"unit": ""})
    assert response.status_code == 404
