"""One user name's failed logins across many addresses: growing delays, and device cookies.

django-axes locks a (user name, client address) pair after 5 failures. A guesser with many
addresses is not stopped by that, and locking the user name itself would hand them a way to
lock the real user out. So (OWASP's "device cookies"):

- every failed password check for a user name is counted across all addresses; after
  ``CADREX_LOGIN_USER_LIMIT`` failures within ``CADREX_LOGIN_WINDOW_MINUTES`` each further try
  from a device that has not proven itself must wait a delay, doubling from
  ``CADREX_LOGIN_DELAY_SECONDS`` up to ``CADREX_LOGIN_DELAY_CAP_SECONDS``. A try inside the
  delay is answered 429 with the time left, without checking the password (or counting).
  Once the delay has passed the next try is checked as usual; quiet for a whole window, the
  count starts again (a successful login does not reset it: that says nothing about the
  guessers). At worst a guesser gets one try per cap, and nobody waits longer;
- a browser that logged in successfully carries a signed cookie naming the user names it
  logged in as. For those names it is exempt from the delays (still subject to axes' own
  (user name, address) lockout). Its own failures are counted under the device; past the same
  limit it loses the exemption until its delay has passed.

Both admin and the login page go through here (``LoginThrottleMiddleware.LOGIN_VIEWS``).
``manage.py unlock_login USER`` clears a user name's count (and axes' lockouts).
"""

from __future__ import annotations

import math
import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core import signing
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from cadrex.accounts.models import LoginThrottle

USER = "user:"
DEVICE = "device:"
COOKIE = "cadrex_device"
_SALT = "cadrex.accounts.throttle.device"
_REMEMBERED = 5  # user names one device cookie remembers (a shared office PC)


def normalise(username: str) -> str:
    """The user name as the login form hands it to authenticate() (stripped, NFKC)."""
    return unicodedata.normalize("NFKC", (username or "").strip())


# ---------------------------------------------------------------------------- the counts
def _window() -> timedelta:
    return timedelta(minutes=settings.CADREX_LOGIN_WINDOW_MINUTES)


def delay_after(failures: int) -> timedelta:
    """The wait after the ``failures``-th failure in a row (none below the limit)."""
    over = failures - settings.CADREX_LOGIN_USER_LIMIT
    if over < 0:
        return timedelta(0)
    seconds = settings.CADREX_LOGIN_DELAY_SECONDS * 2 ** min(over, 32)
    return timedelta(seconds=min(seconds, settings.CADREX_LOGIN_DELAY_CAP_SECONDS))


def wait_seconds(key: str, now=None) -> int:
    """How long a try under ``key`` must still wait (0: it may go ahead)."""
    now = now or timezone.now()
    until = (
        LoginThrottle.objects.filter(key=key, locked_until__gt=now)
        .values_list("locked_until", flat=True)
        .first()
    )
    return math.ceil((until - now).total_seconds()) if until else 0


def record_failure(key: str, now=None) -> LoginThrottle:
    now = now or timezone.now()
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(
            key=key, defaults={"last_failure_at": now}
        )
        if row.failures and row.last_failure_at <= now - _window():
            row.failures = 0  # quiet for a whole window: start again
        row.failures += 1
        row.last_failure_at = now
        delay = delay_after(row.failures)
        row.locked_until = now + delay if delay else None
        row.save()
    # Forget what has been quiet for a window, so the table holds only live counts.
    LoginThrottle.objects.filter(last_failure_at__lte=now - _window()).exclude(
        locked_until__gt=now
    ).delete()
    return row


def reset(*keys: str) -> None:
    LoginThrottle.objects.filter(key__in=keys).delete()


def unlock(username: str) -> int:
    """Clear a user name's count here and its axes lockouts; returns the rows removed."""
    from axes.models import AccessAttempt

    removed, _ = LoginThrottle.objects.filter(key=USER + username).delete()
    attempts, _ = AccessAttempt.objects.filter(username=username).delete()
    return removed + attempts


def describe(seconds: int) -> str:
    """A wait in Chinese: ``45 秒``, ``2 分钟``, ``15 分钟``."""
    if seconds < 60:
        return f"{seconds} 秒"
    return f"{math.ceil(seconds / 60)} 分钟"


# ---------------------------------------------------------------------------- device cookie
def _device(request) -> dict | None:
    value = request.COOKIES.get(COOKIE)
    if not value:
        return None
    try:
        device = signing.loads(
            value, salt=_SALT, max_age=timedelta(days=settings.CADREX_DEVICE_COOKIE_DAYS)
        )
    except signing.BadSignature:
        return None
    if not isinstance(device, dict) or not isinstance(device.get("u"), list):
        return None
    return device


def trusted_device(request, username: str, now=None) -> str | None:
    """The device's nonce if this browser logged in as ``username`` before and has not since
    failed too often itself; otherwise None."""
    device = _device(request)
    if device is None or username not in device["u"]:
        return None
    nonce = str(device.get("n", ""))
    if not nonce or wait_seconds(DEVICE + nonce, now):
        return None
    return nonce


def _remember(request, response, username: str) -> None:
    device = _device(request) or {"n": secrets.token_urlsafe(12), "u": []}
    names = [name for name in device["u"] if name != username][-(_REMEMBERED - 1) :]
    value = signing.dumps({"n": device["n"], "u": [*names, username]}, salt=_SALT)
    response.set_cookie(
        COOKIE,
        value,
        max_age=settings.CADREX_DEVICE_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


# ---------------------------------------------------------------------------- the wiring
class PasswordCheckedMarker:
    """An authentication backend placed after axes' and before ModelBackend. Reaching it
    means axes let the attempt through and a password is about to be checked; only such a
    failure counts (an attempt axes refused checked nothing)."""

    def authenticate(self, request, **credentials):
        if request is not None:
            request._cadrex_password_checked = True
        return None

    # No get_user(): sessions name ModelBackend, and the test client's force_login picks the
    # first backend that has one.


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs):
    if request is None or not getattr(request, "_cadrex_password_checked", False):
        return
    username = normalise(str(credentials.get("username") or ""))
    if not username or len(username) > 150:
        return  # the login forms refuse longer names before authenticate()
    login = getattr(request, "_cadrex_login", None) or {}
    nonce = login.get("device") if login.get("username") == username else None
    record_failure(DEVICE + nonce if nonce else USER + username)


@receiver(user_logged_in)
def _count_success(sender, request, user, **kwargs):
    if request is None or not getattr(request, "_cadrex_password_checked", False):
        return  # force_login and the like: no password was checked
    # The device's own count starts again. The user name's count does not: the real user
    # getting in says nothing about the guessers, who would otherwise get a fresh allowance
    # each time; it fades after a quiet window, and this device is trusted from now on.
    login = getattr(request, "_cadrex_login", None) or {}
    if login.get("device"):
        reset(DEVICE + login["device"])
    request._cadrex_remember_device = user.get_username()


class LoginThrottleMiddleware:
    """Refuses a login try that must still wait (429), and hands out the device cookie."""

    LOGIN_VIEWS = {"login", "admin:login"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        username = getattr(request, "_cadrex_remember_device", None)
        if username:
            _remember(request, response, username)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name not in self.LOGIN_VIEWS:
            return None
        username = normalise(request.POST.get("username", ""))
        if not username or len(username) > 150:
            return None  # no such user name: the form says so
        now = timezone.now()
        nonce = trusted_device(request, username, now)
        request._cadrex_login = {"username": username, "device": nonce}
        wait = 0 if nonce else wait_seconds(USER + username, now)
        if not wait:
            return None
        response = render(
            request,
            "accounts/throttled.html",
            {"username": username, "wait": describe(wait), "seconds": wait},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
