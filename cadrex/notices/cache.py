"""The public notices, rendered once per edition and served to every anonymous reader.

**Edition.** A cached page is keyed by its path, the language and the *edition*: the head of
the audit log (id and time of the latest event). Every change of a campaign is a service that
writes one event in its own transaction (DESIGN.md) — the office publishing the openings, the
daily counts, the contestants, the results, the 任前公示, a schedule change, a roster import;
the demo's batched paths write theirs in bulk — so the head moves, in the database and in the
same commit as the change, exactly when a notice may show something new. Each request reads
it (one query on the primary key's index), so the page after a publish shows the new figures
at once, in every gunicorn worker and on every app server sharing the database, and no
publish site needs a call that someone could forget. The event's time is part of the edition
so that a database rebuilt from scratch (``seed_demo --reset`` restarts the ids) never meets a
page of the old one.

**Store.** The rendered bodies sit in the ``public`` cache (``settings.CACHES``): per process,
since the edition already comes from the database; an old edition's pages are never asked for
again and expire. Their lifetime (the alias's TIMEOUT) only bounds a change made outside the
services (the admin, a shell); a page that shows the schedule's states (进行中, 已结束) keeps
no longer than the next moment one of them changes (``fresh_until``).

A printable notice (the 任前公示 PDF) is stored the same way, with its file name
(``Content-Disposition``) beside its type.

**What is not shared.** A reader who is logged in (their name, their menu, the office's
buttons) and a request carrying messages to show get the page rendered for them, as before.
A shared page carries no CSRF token (``csrf_token`` renders empty, no cookie is set): nothing
on a public page posts for an anonymous reader (the login page sets its own token), and so no
reader can ever see another's. A public page that one day needs a form posting for anonymous
readers must not use ``public_page``. The Content-Security-Policy header is computed per
response by its middleware (hashes of the templates' inline code, no nonces), so a stored
body never carries a stale one.
"""

from __future__ import annotations

import functools
from datetime import datetime

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as django_render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from cadrex.audit.models import Event

CACHE = "public"
_SHARED = "_cadrex_public_render"
_FRESH_UNTIL = "cadrex_fresh_until"
# Headers a stored page keeps besides its type: a printable notice's file name.
_KEPT_HEADERS = ("Content-Disposition",)


def edition() -> str:
    """The audit log's head: what a change anywhere moves, read from the database (plain
    SQL: on a cached page the ORM's compiling would cost more than the query)."""
    table = connection.ops.quote_name(Event._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, at FROM {table} ORDER BY id DESC LIMIT 1")
        head = cursor.fetchone()
    # No spaces: a cache key must suit every backend (memcached refuses them).
    return "0" if head is None else f"{head[0]}@{head[1]}".replace(" ", "T")


def _shareable(request: HttpRequest) -> bool:
    """The same page as any other anonymous reader's: a read by nobody, with no messages.
    Without a session cookie nobody is logged in (and nothing needs looking up)."""
    if request.method not in ("GET", "HEAD") or CookieStorage.cookie_name in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    if request.user.is_authenticated:
        return False
    return not request.session.get(SessionStorage.session_key)


def render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """``django.shortcuts.render`` for a public page: a page to be shared carries no CSRF
    token (rendering one would also set this reader's cookie)."""
    if getattr(request, _SHARED, False):
        context = {**context, "csrf_token": ""}
    return django_render(request, template, context)


def fresh_until(response: HttpResponse, moment: datetime | None) -> HttpResponse:
    """Say that this page shows something that changes by itself at ``moment``."""
    if moment is not None:
        setattr(response, _FRESH_UNTIL, moment)
    return response


def _timeout(response: HttpResponse) -> int | None:
    """Seconds to keep the page: the alias's default, or less when it changes at a moment."""
    default = caches[CACHE].default_timeout
    moment = getattr(response, _FRESH_UNTIL, None)
    if moment is None:
        return default
    left = int((moment - timezone.now()).total_seconds())
    return max(0, min(left, default)) if default is not None else max(0, left)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain page that holds nothing of this reader: no cookie set and no CSRF token
    rendered (a view that rendered one without ``render`` above is never shared)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def public_page(view):
    """Serve ``view``'s page from the cache to anonymous readers (see the module's notes).
    The view renders with ``render`` above and takes nothing from the query string."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _shareable(request):
            return view(request, *args, **kwargs)
        store = caches[CACHE]
        key = f"notices:{request.path}:{translation.get_language()}:{edition()}"
        hit = store.get(key)
        if hit is not None:
            body, content_type, *kept = hit
            response = HttpResponse(body, content_type=content_type)
            for header, value in kept[0] if kept else ():
                response[header] = value
        else:
            setattr(request, _SHARED, True)
            response = view(request, *args, **kwargs)
            if _storable(request, response):
                timeout = _timeout(response)
                if timeout != 0:
                    kept = tuple((h, response[h]) for h in _KEPT_HEADERS if h in response)
                    store.set(key, (response.content, response["Content-Type"], kept), timeout)
        # A logged-in reader gets another page: say so to any cache between us and them.
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper
