"""In the demo (DEBUG=1) a view's 404 is the Chinese page production shows, naming what was
not found — not Django's English debug page."""

from __future__ import annotations

from django.urls import reverse


def test_the_demo_answers_a_views_404_in_chinese(as_user, org, settings):
    settings.DEBUG, settings.CADREX_DEMO = True, True
    client = as_user("other_operator")  # of D02: D01's team member is not theirs
    response = client.post(reverse("organisation:team_remove", args=[org["team"].pk]))
    body = response.content.decode()
    assert response.status_code == 404 and 'data-testid="not-found"' in body
    assert "没有找到该工作专班成员，或您无权修改。" in body and "Page not found" not in body


def test_outside_the_demo_debug_keeps_djangos_page(as_user, org, settings):
    settings.DEBUG, settings.CADREX_DEMO = True, False
    client = as_user("other_operator")
    response = client.post(reverse("organisation:team_remove", args=[org["team"].pk]))
    assert (
        response.status_code == 404 and 'data-testid="not-found"' not in response.content.decode()
    )
