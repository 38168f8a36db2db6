"""Login throttling that knows the real client (the security issue, part 3).

django-axes locks one (user name, client address) pair; behind the README's proxy the client
is taken from X-Forwarded-For, and only from a trusted proxy. One user name's failures across
many addresses slow every device that has not logged in as that user before (doubling
delays up to a cap); a device that has is exempt. Time is moved with the frozen clock.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from cadrex.accounts import throttle
from cadrex.accounts.models import LoginThrottle
from cadrex.web_security import client_ip
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def _try(client: Client, password: str, address: str = "127.0.0.1", username="office", **meta):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **meta
    )


def _logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


@pytest.fixture
def defaults(settings):
    """The shipped limits, whatever the environment says."""
    settings.CADREX_LOGIN_USER_LIMIT = 10
    settings.CADREX_LOGIN_WINDOW_MINUTES = 60
    settings.CADREX_LOGIN_DELAY_SECONDS = 60
    settings.CADREX_LOGIN_DELAY_CAP_SECONDS = 900
    settings.AXES_FAILURE_LIMIT = 5
    settings.CADREX_TRUSTED_PROXIES = None
    return settings


# ---------------------------------------------------------------------------- client address
def _request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings):
    settings.CADREX_TRUSTED_PROXIES = None
    assert client_ip(_request("203.0.113.5", "1.1.1.1")) == "203.0.113.5"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(settings):
    settings.CADREX_TRUSTED_PROXIES = 1
    # nginx appends the address it saw; whatever the client wrote stays to its left.
    assert client_ip(_request("127.0.0.1", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(_request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"
    assert client_ip(_request("127.0.0.1", "garbage\x00, 198.51.100.7:4431")) == "198.51.100.7"


def test_listed_proxies_are_believed_only_when_the_request_comes_from_one(settings):
    settings.CADREX_TRUSTED_PROXIES = ("10.0.0.0/8", "127.0.0.1")
    # Through nginx (127.0.0.1) and a load balancer (10.0.0.2): the first untrusted hop.
    assert client_ip(_request("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"
    # A client connecting directly forges the header: ignored.
    assert client_ip(_request("203.0.113.5", "10.0.0.2, 1.1.1.1")) == "203.0.113.5"
    # A trusted proxy that passes on garbage: stop at the proxy, never at the garbage.
    assert client_ip(_request("127.0.0.1", "not-an-address")) == "127.0.0.1"
    assert client_ip(_request("127.0.0.1", "::ffff:198.51.100.7")) == "198.51.100.7"


def test_a_forged_x_forwarded_proto_from_a_direct_client_does_not_count_as_https(
    client, db, settings
):
    settings.CADREX_TRUSTED_PROXIES = ("127.0.0.1",)
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    url = reverse("notices:index")
    direct = client.get(url, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_PROTO="https")
    assert direct.status_code == 301 and direct["Location"].startswith("https://")
    proxied = client.get(url, HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200


# ---------------------------------------------------------------------------- (user, address)
def test_behind_the_proxy_five_failures_lock_only_that_client(client, world, defaults):
    defaults.CADREX_TRUSTED_PROXIES = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(4):
        assert _try(client, "wrong", **attacker).status_code == 200
    _try(client, "wrong", **attacker)  # the fifth locks (axes answers it 429 already)
    locked = _try(client, PASSWORD, **attacker)
    assert locked.status_code == 429 and "账号已暂时锁定" in locked.content.decode()
    # The real office, behind the same proxy, is a different client and logs in.
    assert _logged_in(_try(Client(), PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9"))


def test_a_direct_client_cannot_dodge_its_lockout_with_x_forwarded_for(client, world, defaults):
    for i in range(5):
        _try(client, "wrong", address="203.0.113.5", HTTP_X_FORWARDED_FOR=f"10.9.9.{i}")
    refused = _try(client, PASSWORD, address="203.0.113.5", HTTP_X_FORWARDED_FOR="10.9.9.99")
    assert refused.status_code == 429


# ---------------------------------------------------------------------------- across addresses
def _attack(addresses: int, guesses: int) -> list[int]:
    statuses = []
    for a in range(addresses):
        guesser = Client()
        for _ in range(guesses):
            statuses.append(_try(guesser, "guess", address=f"198.51.100.{a + 1}").status_code)
    return statuses


def test_twenty_addresses_times_four_guesses_get_slowed_not_the_trusted_device(
    client, world, defaults, clock
):
    # The real office logged in on its own PC last week: that browser holds a device cookie.
    assert _logged_in(_try(client, PASSWORD, address="203.0.113.9"))
    assert throttle.COOKIE in client.cookies
    client.post(reverse("logout"))
    clock.shift(timedelta(days=7))

    statuses = _attack(addresses=20, guesses=4)
    # Ten passwords were checked (form page); the other 70 tries were turned away unchecked.
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429] * 70
    row = LoginThrottle.objects.get(key="user:office")
    assert row.failures == 10
    refused = _try(Client(), "guess", address="198.51.100.99")
    body = refused.content.decode()
    assert "请稍后再试" in body and "需等待 <strong>1 分钟</strong>" in body
    assert refused["Retry-After"] == "60"

    # The office on its trusted PC is not slowed at all …
    assert _logged_in(_try(client, PASSWORD, address="203.0.113.9"))
    # … while a new phone must wait like everyone else, then gets in once the delay passed.
    phone = Client()
    assert _try(phone, PASSWORD, address="192.0.2.44").status_code == 429
    clock.shift(timedelta(seconds=60))
    assert _logged_in(_try(phone, PASSWORD, address="192.0.2.44"))
    # From now on the phone is trusted too; the guessers are still counted.
    assert throttle.COOKIE in phone.cookies
    assert LoginThrottle.objects.get(key="user:office").failures == 10


def test_delays_double_up_to_the_cap_and_time_passing_unlocks(world, defaults, clock):
    for i in range(10):
        _try(Client(), "guess", address=f"198.51.100.{i + 1}")
    waits = []
    for i in range(8):
        refused = _try(Client(), "guess", address=f"198.51.100.{100 + i}")
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        clock.shift(timedelta(seconds=waits[-1]))
        assert _try(Client(), "guess", address=f"198.51.100.{200 + i}").status_code == 200
    # 1, 2, 4, 8 minutes, then the 15-minute cap: never longer, however long it goes on.
    assert waits == [60, 120, 240, 480, 900, 900, 900, 900]
    assert "需等待 <strong>15 分钟</strong>" in _try(Client(), "x").content.decode()
    # Time passing unlocks: after the cap the real user (any device) gets in.
    clock.shift(timedelta(seconds=900))
    assert _logged_in(_try(Client(), PASSWORD, address="192.0.2.44"))


def test_tries_turned_away_during_a_delay_neither_count_nor_extend_it(world, defaults, clock):
    _attack(addresses=10, guesses=1)
    before = LoginThrottle.objects.get(key="user:office")
    _attack(addresses=30, guesses=1)
    after = LoginThrottle.objects.get(key="user:office")
    assert (after.failures, after.locked_until) == (before.failures, before.locked_until)


def test_a_quiet_window_starts_the_count_again(world, defaults, clock):
    _attack(addresses=9, guesses=1)
    clock.shift(timedelta(minutes=61))
    assert _attack(addresses=9, guesses=1) == [200] * 9
    assert LoginThrottle.objects.get(key="user:office").locked_until is None


def test_a_trusted_device_that_fails_too_often_loses_its_exemption(client, world, defaults, clock):
    assert _logged_in(_try(client, PASSWORD))
    client.post(reverse("logout"))
    _attack(addresses=10, guesses=1)  # the user name is now slowed for other devices
    # Someone with this browser guesses from many addresses: counted under the device.
    for i in range(10):
        assert _try(client, "guess", address=f"192.0.2.{i + 1}").status_code == 200
    assert _try(client, PASSWORD, address="192.0.2.50").status_code == 429
    clock.shift(timedelta(seconds=60))
    assert _logged_in(_try(client, PASSWORD, address="192.0.2.50"))


def test_the_device_cookie_is_signed_and_names_the_user(client, world, defaults):
    _attack(addresses=10, guesses=1)
    forged = Client()
    forged.cookies[throttle.COOKIE] = '{"n": "x", "u": ["office"]}'
    assert _try(forged, PASSWORD, address="192.0.2.7").status_code == 429
    # A device trusted for the operator is not trusted for the office.
    operator = Client()
    assert _logged_in(_try(operator, PASSWORD, username="operator"))
    assert _try(operator, PASSWORD, address="192.0.2.8").status_code == 429


def test_the_device_cookie_is_httponly_and_secure_over_https(client, world, defaults):
    defaults.SESSION_COOKIE_SECURE = True
    response = _try(client, PASSWORD)
    cookie = response.cookies[throttle.COOKIE]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"


def test_the_admin_login_is_slowed_too(world, defaults):
    _attack(addresses=10, guesses=1)
    response = Client().post(reverse("admin:login"), {"username": "office", "password": PASSWORD})
    assert response.status_code == 429


def test_a_full_width_user_name_is_the_same_user_name(world, defaults):
    _attack(addresses=10, guesses=1)
    assert _try(Client(), PASSWORD, username="ｏｆｆｉｃｅ ").status_code == 429


def test_one_user_names_failures_do_not_slow_another(world, defaults):
    _attack(addresses=10, guesses=1)
    assert _logged_in(_try(Client(), PASSWORD, username="operator"))


def test_unlock_login_clears_the_count_and_axes_lockouts(client, world, defaults):
    for _ in range(5):
        _try(client, "wrong", address="203.0.113.9")
    _attack(addresses=10, guesses=1)
    assert LoginThrottle.objects.get(key="user:office").locked_until is not None
    assert _try(client, PASSWORD, address="203.0.113.9").status_code == 429
    call_command("unlock_login", "office")
    assert _logged_in(_try(client, PASSWORD, address="203.0.113.9"))


def test_force_login_neither_counts_nor_hands_out_a_device_cookie(client, world):
    client.force_login(world["users"]["office"])
    response = client.get(reverse("home"))
    assert response.status_code == 200 and throttle.COOKIE not in response.cookies


def test_the_waits_read_in_chinese():
    assert throttle.describe(45) == "45 秒"
    assert throttle.describe(60) == "1 分钟"
    assert throttle.describe(61) == "2 分钟"
