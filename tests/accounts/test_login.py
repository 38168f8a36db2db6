from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

HOME_HEADINGS = {
    "office": "竞岗交流工作办公室 · 工作台",
    "orgdept": "市委组织部 · 工作台",
    "operator": "市财政局 · 经办人工作台",
    "leader": "市财政局 · 主要领导工作台",
    "cadre": "乙一，您好",
    "juror": "评委工作台",
}


@pytest.mark.parametrize("persona", list(HOME_HEADINGS))
def test_each_role_lands_on_its_own_home_page(client, world, campaign, persona):
    response = client.post(
        reverse("login"),
        {"username": world["users"][persona].username, "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert HOME_HEADINGS[persona] in response.content.decode()


def test_the_home_page_lists_what_the_role_does_in_the_open_step(as_user, world, campaign, clock):
    from datetime import timedelta

    from cadrex.campaigns.services import campaign_schedule_update
    from cadrex.rules.schedule import Step

    now = clock.now
    campaign_schedule_update(
        actor=None,
        campaign=campaign,
        windows={Step.REGISTRATION: (now - timedelta(days=1), now + timedelta(days=1))},
    )
    body = as_user("cadre").get(reverse("home")).content.decode()
    assert "报名竞争其他单位的竞岗职位（限报1个）" in body
    assert "报名竞争" not in as_user("juror").get(reverse("home")).content.decode()


def test_a_bad_password_is_refused_with_a_chinese_message(client, world):
    response = client.post(reverse("login"), {"username": "office", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


def test_five_failures_lock_the_account_even_for_the_right_password(client, world):
    for _ in range(5):
        client.post(reverse("login"), {"username": "office", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
