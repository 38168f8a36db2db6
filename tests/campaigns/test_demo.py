from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from cadrex.accounts.models import User
from cadrex.campaigns.selectors import current_campaign, open_steps
from cadrex.demo.city import DEMO_PASSWORD
from cadrex.registry.demo import CitySize, build_city
from cadrex.registry.models import Cadre, Unit
from cadrex.registry.selectors import units_with_headcount


@pytest.mark.django_db
def test_seed_demo_builds_the_fictional_city(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "office" in out and DEMO_PASSWORD in out
    assert Cadre.objects.count() == 3000
    units = units_with_headcount(Unit.objects.all())
    assert units.filter(kind="town").count() == 12
    assert units.exclude(kind="town").filter(vertically_managed=False).count() == 60
    assert units.filter(vertically_managed=True).count() == 4
    depts = units.filter(kind="department", vertically_managed=False)
    assert depts.filter(middle_level_headcount__gte=8).exists()
    assert depts.filter(middle_level_headcount__lt=8).exists()
    # The schedule sits around today: some step is open now.
    assert open_steps(current_campaign())
    assert set(User.objects.values_list("role", flat=True)) == {
        "office",
        "orgdept",
        "unit_operator",
        "unit_leader",
        "cadre",
        "juror",
    }


def test_the_demo_city_is_deterministic(clock):
    today = clock.today
    assert build_city(CitySize(cadres=500), today) == build_city(CitySize(cadres=500), today)


@pytest.mark.django_db
def test_seed_demo_refuses_to_overwrite_and_resets_only_sqlite():
    call_command("seed_demo", "--cadres", "300")
    first = list(Cadre.objects.order_by("id_number").values_list("id_number", "name", "unit__code"))
    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_demo", "--cadres", "300")
    if connection.vendor == "sqlite":
        call_command("seed_demo", "--cadres", "300", "--reset")
    else:  # a real database is never wiped by the demo command
        with pytest.raises(CommandError, match="只能用于本地 SQLite"):
            call_command("seed_demo", "--cadres", "300", "--reset")
    after = Cadre.objects.order_by("id_number").values_list("id_number", "name", "unit__code")
    assert list(after) == first


@pytest.mark.django_db
def test_every_demo_login_lands_on_its_home_page(client):
    call_command("seed_demo", "--cadres", "300")
    for user in User.objects.all():
        client.logout()
        response = client.post(
            reverse("login"), {"username": user.username, "password": DEMO_PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("home"), user.username
        assert response.templates[0].name == f"home/{user.role}.html"
