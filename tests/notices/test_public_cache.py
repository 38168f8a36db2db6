"""The public notices come from the cache and show what the office publishes at once.

Every test turns the public cache on (``public_cache``: per process, as in production). A
page changed behind the services' back (no event in the log) keeps showing the cached copy:
that is how these tests see that a page really came from the cache.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from cadrex.campaigns.services import campaign_schedule_update
from cadrex.competition.hearing import scoring
from cadrex.competition.models import DailyCount, Hearing
from cadrex.competition.registration import screening, services
from cadrex.rules.schedule import STEP_INFO, Step
from tests.competition.conftest import add_cadre, open_only
from tests.conftest import PASSWORD

COUNTS = reverse("notices:daily_counts")
SNAPSHOT = "立即统计今日人数"


def _today(body: str) -> list[str]:
    """The 报名人数 column of the daily counts, in the page's order (D01 first)."""
    return re.findall(r'data-testid="today">([^<]*)<', body)


def _apply(opening, cadre) -> None:
    application = services.application_submit(
        actor=None, cadre=cadre, opening=opening, recusal_confirmed=True
    )
    services.application_consent(actor=None, application=application, agree=True)


def test_a4_the_counts_page_after_a_publish_shows_the_new_figure(client, part_a, public_cache):
    campaign, d01 = part_a["campaign"], part_a["d01"]
    assert "尚无统计数据。" in client.get(COUNTS).content.decode()
    services.counts_snapshot(campaign=campaign)
    assert _today(client.get(COUNTS).content.decode()) == ["0", "0"]
    # Changed behind the services' back: the page comes from the cache.
    DailyCount.objects.update(applicants=42)
    assert _today(client.get(COUNTS).content.decode()) == ["0", "0"]
    _apply(d01, part_a["cadres"]["乙一"])
    services.counts_snapshot(campaign=campaign)
    assert _today(client.get(COUNTS).content.decode()) == ["1", "0"]


def test_a4_a_cached_page_costs_one_query(client, part_a, public_cache, django_assert_num_queries):
    services.counts_snapshot(campaign=part_a["campaign"])
    first = client.get(COUNTS)
    with django_assert_num_queries(1):  # the audit log's head, nothing else
        again = client.get(COUNTS)
    assert _today(again.content.decode()) == _today(first.content.decode()) == ["0", "0"]


def test_a7_the_contestants_show_as_soon_as_they_are_published(client, part_a, public_cache):
    campaign, d01 = part_a["campaign"], part_a["d01"]
    for i in range(3):
        _apply(d01, add_cadre(part_a["units"]["D02"], 500 + i * 2, name=f"竞岗人{i}"))
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    screening.review_qualify_all(actor=None, campaign=campaign)
    screening.review_close(actor=None, campaign=campaign)
    open_only(campaign, Step.SHORTLIST)
    screening.shortlist_record(actor=None, opening=d01)
    url = reverse("notices:contestants")
    assert "竞岗对象名单尚未公布。" in client.get(url).content.decode()
    screening.contestants_publish(actor=None, campaign=campaign)
    body = client.get(url).content.decode()
    assert "竞岗人0（市民政局）、竞岗人1（市民政局）、竞岗人2（市民政局）" in body


def test_a8_the_results_show_as_soon_as_they_are_published(client, scored, public_cache):
    url = reverse("notices:results")
    assert "尚未公布竞岗结果。" in client.get(url).content.decode()
    scoring.results_publish(actor=None, hearing=scored["hearing"])
    body = client.get(url).content.decode()
    names = [scored[k].cadre.name for k in ("top", "second", "third")]
    assert [body.index(name) for name in names] == sorted(body.index(name) for name in names)
    # A change that bypasses the log is not seen: the results came from the cache.
    Hearing.objects.update(results_published_at=None)
    assert names[0] in client.get(url).content.decode()


def _hx_token(body: str) -> str:
    return re.search(r'"X-CSRFToken": "([^"]*)"', body).group(1)


def test_a_shared_page_carries_nobodys_csrf_token(client, part_a, public_cache):
    for reader in (client, Client()):  # the first renders and stores, the second reads
        response = reader.get(COUNTS)
        assert _hx_token(response.content.decode()) == ""
        assert "csrftoken" not in response.cookies
    # A reader still signs in: the login page sets its own token.
    reader = Client(enforce_csrf_checks=True)
    reader.get(COUNTS)
    login = reader.get(reverse("login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    response = reader.post(
        reverse("login"),
        {"username": "office", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_a_logged_in_reader_gets_their_own_page(client, as_user, part_a, public_cache):
    services.counts_snapshot(campaign=part_a["campaign"])
    public = client.get(COUNTS).content.decode()
    office = as_user("office").get(COUNTS).content.decode()
    assert SNAPSHOT not in public and SNAPSHOT in office
    # The office's page carries its own token, for its snapshot button and htmx.
    assert _unmask_cipher_token(_hx_token(office)) == client.cookies["csrftoken"].value
    assert "登录" in public and "退出" in office
    client.logout()
    again = client.get(COUNTS).content.decode()
    assert SNAPSHOT not in again and "退出" not in again


def test_a_reader_with_a_message_sees_it(client, part_a, public_cache):
    client.get(reverse("notices:index"))  # cached for everyone
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "您已退出登录。")])
    assert "您已退出登录。" in client.get(reverse("notices:index")).content.decode()


def test_a_cached_page_carries_the_same_policy_and_no_nonce(client, part_a, public_cache):
    url = reverse("notices:index")
    rendered, cached = client.get(url), client.get(url)
    policy = rendered["Content-Security-Policy"]
    assert cached["Content-Security-Policy"] == policy and "nonce-" not in policy
    assert "script-src 'self'" in policy
    # A logged-in reader gets another page: caches on the way must keep them apart.
    assert "Cookie" in cached["Vary"] and "Cookie" in rendered["Vary"]


def test_s3_the_schedule_shows_a_step_closing_although_the_page_is_cached(
    client, campaign, clock, public_cache
):
    """The index shows each step's state: a cached copy lasts only until the next change."""
    now = clock.now
    windows = {}
    for i, step in enumerate(STEP_INFO):
        start = now - timedelta(days=60 - i)
        windows[step] = (start, start + timedelta(hours=12))
    windows[Step.REGISTRATION] = (now - timedelta(days=1), now + timedelta(minutes=2))
    campaign_schedule_update(actor=None, campaign=campaign, windows=windows)
    url = reverse("notices:index")
    assert client.get(url).content.decode().count("进行中") == 1
    clock.shift(timedelta(minutes=1))
    assert client.get(url).content.decode().count("进行中") == 1
    clock.shift(timedelta(minutes=2))
    assert client.get(url).content.decode().count("进行中") == 0


def test_a_page_that_rendered_a_csrf_token_is_never_shared(rf, db, public_cache):
    from django.http import HttpResponse
    from django.template import RequestContext, Template

    from cadrex.notices.cache import public_page

    @public_page
    def careless(request):  # renders the reader's token without cache.render
        return HttpResponse(Template("{{ csrf_token }}").render(RequestContext(request)))

    def read() -> str:
        request = rf.get("/notices/careless/")
        request.COOKIES = {}
        return careless(request).content.decode()

    first, second = read(), read()
    assert first and second and first != second
