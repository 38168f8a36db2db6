"""The pages over a campaign: the public notices and each role's home page render their
parts (named partials, includes) for the right people."""

from __future__ import annotations

from django.urls import reverse

SNAPSHOT = "立即统计今日人数"


def test_a4_only_the_office_sees_the_count_button_before_any_count(client, as_user, campaign):
    public = client.get(reverse("notices:daily_counts")).content.decode()
    assert "尚无统计数据。" in public and SNAPSHOT not in public
    office = as_user("office").get(reverse("notices:daily_counts")).content.decode()
    assert office.count(SNAPSHOT) == 1
    assert f'action="{reverse("competition:counts_snapshot")}"' in office


def test_the_office_home_shows_its_tasks_and_figures(as_user, campaign):
    body = as_user("office").get(reverse("home")).content.decode()
    assert '<h2 class="home-card-title">现在要做的事</h2>' in body
    assert '<div class="figure home-figure-text">导入 / 导出</div>' in body
    assert "style=" not in body


def test_the_public_index_lists_the_schedule_and_the_notices(client, campaign):
    body = client.get(reverse("notices:index")).content.decode()
    assert '<h2 class="notice-title">测试竞岗交流工作</h2>' in body
    assert "时间为北京时间" in body and "style=" not in body
