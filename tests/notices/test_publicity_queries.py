"""A11: the 任前公示 page and its printable notice run the same number of queries however
many people are in publicity (the city's stages never hold one there at a measured moment:
tests/test_query_counts.py leaves the printable notice to this file)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from cadrex.competition.models import Appointment, AppointmentStatus
from cadrex.notices import views
from cadrex.organisation.models import GroupOffice

# the log's head, the campaign, the appointments with people and units, the office, and the
# office's holiday entries (the working-day count of each period, ADR 0012)
QUERIES = 5


def _publicise_every_winner(city: dict, today) -> None:
    """Each hearing's first-ranked contestant in publicity (the records as the services leave
    them; the services' own path is in tests/notices/test_publicity.py)."""
    for hearing in city["hearings"]:
        top = hearing.contestants.order_by("rank", "order").first()
        Appointment.objects.create(
            opening=hearing.opening,
            application=top.application,
            status=AppointmentStatus.PUBLICISED,
            proposed_post=f"{hearing.opening.unit.name}{hearing.opening.post_name}",
            publicity_start=today,
            publicity_end=today + timedelta(days=6),
        )


@pytest.mark.parametrize("openings", [2, 5])
def test_a11_publicity_costs_the_same_queries_in_a_small_and_a_larger_city(
    client, city, clock, monkeypatch, django_assert_num_queries, openings
):
    built = city(openings)
    GroupOffice.objects.create(campaign=built["campaign"], phone="0573-82000000")
    _publicise_every_winner(built, clock.today)
    # The queries are in gathering the notice, not in typesetting it.
    monkeypatch.setattr(views, "publicity_notice_pdf", lambda notice: b"%PDF-")
    with django_assert_num_queries(QUERIES):
        body = client.get(reverse("notices:publicity")).content.decode()
    assert body.count('data-testid="publicity-person"') == openings
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("notices:publicity_pdf"))
    assert response.status_code == 200 and response.content == b"%PDF-"
