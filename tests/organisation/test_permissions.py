"""C1's doors, every persona: who reads the list, who keeps the leading group (the office),
who keeps a unit's leader and task team (that unit's people only)."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from cadrex.audit.models import Event
from cadrex.documents.pdf import pdf_available
from tests.organisation.matrix import COVERED, LOGIN, MATRIX, PDF_ONLY, PERSONAS, POSTS


def _url(org, name: str, args: tuple) -> str:
    return reverse(name, args=[org[a].pk for a in args])


def test_c1_the_matrix_covers_every_page_of_the_app():
    names = set()
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == "organisation":
            names |= {f"organisation:{p.name}" for p in entry.url_patterns}
    assert names and names == COVERED


@pytest.mark.parametrize("persona", PERSONAS)
def test_c1_every_page_answers_each_persona_as_the_matrix_says(client, org, persona):
    if persona != "anon":
        client.force_login(org["users"][persona])
    pages = {**MATRIX, **(PDF_ONLY if pdf_available() else {})}
    wrong = {}
    for (name, args), statuses in pages.items():
        want = statuses[PERSONAS.index(persona)]
        status = client.get(_url(org, name, args)).status_code
        if status != want:
            wrong[name] = (status, want)
    assert wrong == {}


@pytest.mark.parametrize("persona", PERSONAS)
def test_c1_posts_turn_away_everyone_else_and_change_nothing(client, org, persona):
    if persona != "anon":
        client.force_login(org["users"][persona])
    wrong = {}
    for (name, args), allowed in POSTS.items():
        if persona in allowed:
            continue
        before = Event.objects.count()
        status = client.post(_url(org, name, args), {"name": "张三"}).status_code
        refused = status == LOGIN if persona == "anon" else status in (403, 404)
        if not refused or Event.objects.count() != before:
            wrong[name] = status
    assert wrong == {}
