"""Production hardening: check --deploy, the secret key, HTTPS, CSP, cookies, a read-only admin."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import subprocess
import sys
from base64 import b64encode
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from cadrex.accounts.models import LoginThrottle, User
from cadrex.web_security import inline_code

ROOT = Path(__file__).resolve().parent.parent
# Only these of the developer's or CI's environment reach the subprocess: nothing that would
# change what the settings see (DEBUG, DATABASE_URL, PYTEST_VERSION, the browser tier's
# DJANGO_ALLOW_ASYNC_UNSAFE …).
_PASSED_ON = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "VIRTUAL_ENV")


def readme_production_env() -> dict[str, str]:
    """The variables the README's Production section exports (SECRET_KEY made real)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Production", 1)[1].split("\n## ", 1)[0]
    command = re.search(r"^export (.+?)(?<!\\)$", section, re.M | re.S)
    assert command, "the README's Production section exports its variables"
    env = dict(re.findall(r"([A-Z_]+)=(\S+)", command.group(1).replace("\\\n", " ")))
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: os.environ[k] for k in _PASSED_ON if k in os.environ}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_readmes_production_variables():
    env = readme_production_env()
    assert {"SECURE_COOKIES", "CADREX_TRUSTED_PROXIES", "ALLOWED_HOSTS"} <= set(env)
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)" in result.stdout or (
        "System check identified no issues" in result.stdout
    )


def test_check_deploy_warns_when_https_is_on_but_no_proxy_is_trusted():
    env = readme_production_env()
    del env["CADREX_TRUSTED_PROXIES"]
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0 and "cadrex.W001" in result.stderr + result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = readme_production_env()
    del env["SECRET_KEY"]
    result = _run(
        ["-c", "import django; django.setup()"],
        {**env, "DJANGO_SETTINGS_MODULE": "cadrex.settings"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_local_run_with_debug_needs_no_key():
    result = _run(
        ["-c", "import django; django.setup(); print('started')"],
        {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "cadrex.settings"},
    )
    assert result.returncode == 0 and "started" in result.stdout, result.stderr


def test_secure_cookies_turn_on_https_redirect_and_hsts():
    env = readme_production_env()
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.CADREX_TRUSTED_PROXIES)"
    )
    result = _run(["-c", code], {**env, "DJANGO_SETTINGS_MODULE": "cadrex.settings"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "31536000",
        "True",
        "False",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "True",
        "True",
        "('127.0.0.1',)",
    ]


def test_over_https_the_answer_carries_hsts(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("notices:index"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# ---------------------------------------------------------------------------- cookies
def test_the_juror_device_cookie_is_secure_over_https(client, ready, settings):
    settings.SESSION_COOKIE_SECURE = True
    juror = ready["leaders"][0]
    response = client.get(reverse("juror_page", args=[juror.token]))
    cookie = response.cookies[f"cadrex_juror_{juror.pk}"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict"


def test_without_https_the_juror_cookie_still_works_on_plain_http(client, ready):
    juror = ready["leaders"][0]
    response = client.get(reverse("juror_page", args=[juror.token]))
    assert not response.cookies[f"cadrex_juror_{juror.pk}"]["secure"]


# ---------------------------------------------------------------------------- CSP
class _Inline(HTMLParser):
    """Inline scripts, on…= handlers and <style> blocks of a page, as the browser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.styles = [], [], []
        self._in: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [v or "" for k, v in attrs.items() if k.startswith("on")]
        if tag in ("script", "style") and "src" not in attrs:
            self._in, self._text = tag, []

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == self._in:
            body = "".join(self._text)
            if body.strip():
                (self.scripts if tag == "script" else self.styles).append(body)
            self._in = None


def _hash(text: str) -> str:
    return f"'sha256-{b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _pages(world) -> list[tuple[str, str]]:
    """(persona, url) of pages with inline code, and a plain one per role."""
    return [
        ("anon", reverse("login")),
        ("anon", reverse("notices:index")),
        ("office", reverse("home")),
        ("office", reverse("registry:roster_import")),
        ("office", reverse("competition:review")),
        ("office", reverse("competition:hearing_setup", args=[world["hearing"].pk])),
        ("office", reverse("competition:hearing_chair", args=[world["hearing"].pk])),
        ("cadre", reverse("competition:my_applications")),
        ("leader", reverse("competition:declaration")),
        ("office", reverse("campaigns:detail")),
        ("anon", reverse("juror_page", args=[world["leaders"][0].token])),
    ]


def test_every_page_has_a_csp_without_unsafe_inline_scripts_or_styles(ready):
    for persona, url in _pages(ready):
        client = Client()
        if persona != "anon":
            client.force_login(ready["users"][persona])
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        for directive in ("script-src", "style-src", "style-src-elem"):
            assert "'unsafe-inline'" not in policy[directive], (url, directive)
        assert policy["style-src-attr"] == ["'none'"], url
        assert ' style="' not in response.content.decode(), url  # the policy would block it
        page = _Inline()
        page.feed(response.content.decode())
        for script in page.scripts:
            assert _hash(script) in policy["script-src"], (url, script[:80])
        for handler in page.handlers:
            assert _hash(handler) in policy["script-src"], (url, handler)
        if page.handlers:
            assert "'unsafe-hashes'" in policy["script-src"]
        for style in page.styles:
            assert _hash(style) in policy["style-src-elem"], (url, style[:80])


def test_only_pages_with_htmx_filter_expressions_may_eval(ready, client):
    client.force_login(ready["users"]["office"])
    chair = client.get(reverse("competition:hearing_chair", args=[ready["hearing"].pk]))
    assert "'unsafe-eval'" in _policy(chair)["script-src"]
    for url in (reverse("home"), reverse("competition:hearing_setup", args=[ready["hearing"].pk])):
        assert "'unsafe-eval'" not in _policy(client.get(url))["script-src"]


def test_refusals_carry_the_policy_too(client, db):
    response = client.get("/%00")
    assert (
        response.status_code == 400 and "default-src 'self'" in response["Content-Security-Policy"]
    )


def test_no_inline_script_or_style_holds_template_code():
    # Such a block could not be allowed by a hash and would stay blocked.
    assert inline_code()["unhashable"] == ()


def test_a_templated_handler_is_allowed_only_as_its_template_renders_it():
    from cadrex.web_security import _pattern

    pattern = _pattern("return confirm('使“{{ r.name }}”从现在开始？')")
    assert pattern.fullmatch("return confirm('使“职位申报 A1”从现在开始？')")
    for injected in ("x');alert(1);('", 'x");alert(1)//', "x\\');alert(1)//"):
        assert not pattern.fullmatch(f"return confirm('使“{injected}”从现在开始？')")


# ---------------------------------------------------------------------------- admin
# Users and roles are kept in the admin; axes' records and the login counts may be deleted
# there (that unlocks). Everything else is written by services only.
EDITABLE = {"accounts.user", "auth.group"}
DELETE_ONLY = {
    "accounts.loginthrottle",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


def test_the_admin_is_read_only_for_everything_services_own(db):
    root = User(username="root", is_staff=True, is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = root
    wrong = {}
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label in EDITABLE:
            continue
        allowed = (
            model_admin.has_add_permission(request),
            model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request),
        )
        want = (False, False, label in DELETE_ONLY)
        if label.startswith("axes."):
            want = (False, *allowed[1:])  # axes' own admin: its records, never added here
        if allowed != want:
            wrong[label] = allowed
    assert wrong == {}


def test_a_superuser_cannot_edit_a_placement_through_the_admin(client, db, django_user_model):
    pytest.importorskip("cadrex.exchange.models")
    root = django_user_model.objects.create_superuser("root", password="root-pass-2026")
    client.force_login(root)
    assert client.get("/admin/exchange/placement/add/").status_code == 403
    assert client.get("/admin/exchange/placement/").status_code == 200
    assert client.get("/admin/accounts/loginthrottle/add/").status_code == 403
    assert LoginThrottle.objects.count() == 0


_CJK_END = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^\s*[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_no_chinese_sentence_is_broken_across_template_lines():
    """A line break inside Chinese text renders as a space ("须写 明理由"): a sentence stays
    on one line (or breaks inside a tag's brackets)."""
    root = Path(settings.BASE_DIR) / "cadrex" / "templates"
    broken = []
    for path in sorted(root.rglob("*.html")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, (line, following) in enumerate(zip(lines, lines[1:], strict=False), 1):
            if _CJK_END.search(line.rstrip()) and _CJK_START.search(following):
                broken.append(f"{path.relative_to(root)}:{n}")
    assert broken == []
