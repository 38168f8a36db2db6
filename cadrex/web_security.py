"""Guards in front of every view: who the client really is, and input refused before it counts.

- ``client_ip``: the real client address. Behind a trusted proxy (``CADREX_TRUSTED_PROXIES``)
  it is taken from X-Forwarded-For; a header that did not come through one is ignored. Axes
  (``AXES_CLIENT_IP_CALLABLE``) and the login throttle use it.
- ``TrustedProxyMiddleware``: drops X-Forwarded-Proto/-Host from a client that is not a
  trusted proxy, so nobody can claim HTTPS (``SECURE_PROXY_SSL_HEADER``) by sending a header.
- ``RequestGuardMiddleware``: a body over ``CADREX_MAX_REQUEST_BYTES`` → 413 before it is read;
  NUL and other control characters in the path, query, form fields, file names or headers →
  400 (PostgreSQL refuses NUL in text, the .xlsx/.docx writers refuse control characters);
  cookies carrying them are dropped; an id in the path beyond any database key → 404.
- ``ContentSecurityPolicyMiddleware``: django-csp's header, plus the hashes of the inline
  scripts, handlers and styles that the templates carry verbatim (no 'unsafe-inline').
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import ipaddress
import re
from pathlib import Path

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.views.defaults import page_not_found

# ---------------------------------------------------------------------------- client address
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str | None) -> str | None:
    """One hop of a forwarding chain as a normalised IP address, or None if it is not one."""
    text = (text or "").strip()
    if not text or len(text) > 64:
        return None
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # 203.0.113.5:51234
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str | None, networks: tuple[_Network, ...]) -> bool:
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip.version == net.version and ip in net for net in networks)


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Did this request reach us through a proxy we trust to set X-Forwarded-* headers?

    With a count, every request is taken to come through the proxies (gunicorn must then be
    reachable only through them); with addresses, the connecting peer must be one of them."""
    proxies = settings.CADREX_TRUSTED_PROXIES
    if not proxies:
        return False
    if isinstance(proxies, int):
        return True
    return _trusted(_address(request.META.get("REMOTE_ADDR")), _networks(tuple(proxies)))


def client_ip(request: HttpRequest) -> str | None:
    """The real client's address (a valid IP address, or None when there is none).

    No trusted proxy: REMOTE_ADDR, whatever X-Forwarded-For says. ``N`` proxies: each appends
    the address it received the request from, so the client is the N-th entry from the right
    of ``X-Forwarded-For + [REMOTE_ADDR]``. Proxy addresses: walk that chain from the right
    while the hop is a trusted proxy; the first hop that is not one is the client. Anything
    left of it was written by the client and is never believed."""
    remote = _address(request.META.get("REMOTE_ADDR"))
    proxies = settings.CADREX_TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [_address(hop) for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if isinstance(proxies, int):
        chain = [*(hop for hop in forwarded if hop is not None), remote]
        return chain[-(proxies + 1)] if len(chain) > proxies else remote
    networks = _networks(tuple(proxies))
    current = remote
    for hop in reversed(forwarded):
        if not _trusted(current, networks) or hop is None:
            break
        current = hop
    return current


def check_proxy_settings(app_configs=None, **kwargs):
    """Deploy check: HTTPS behind a proxy needs the proxy trusted, or nothing is ever HTTPS."""
    from django.core.checks import Warning

    if settings.SECURE_PROXY_SSL_HEADER and not settings.CADREX_TRUSTED_PROXIES:
        return [
            Warning(
                "SECURE_COOKIES is on but CADREX_TRUSTED_PROXIES is empty: X-Forwarded-Proto "
                "from the TLS proxy is ignored, so every request looks like plain HTTP and is "
                "redirected to HTTPS again and again.",
                hint="Set CADREX_TRUSTED_PROXIES to the proxy's address (docs/operations.md).",
                id="cadrex.W001",
            )
        ]
    return []


class TrustedProxyMiddleware:
    """Forwarded headers from a client that is not a trusted proxy are dropped."""

    SPOOFABLE = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request):
            for header in self.SPOOFABLE:
                request.META.pop(header, None)
        return self.get_response(request)


# ---------------------------------------------------------------------------- hostile input
# C0 control characters and DEL. Tab, line feed and carriage return are ordinary in form
# fields (a textarea) and header values; nothing else of these belongs in text a person typed.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The largest key PostgreSQL's bigint (and SQLite's integer) can hold.
MAX_DB_INT = 2**63 - 1
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refusal(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """A short Chinese page saying why the request was refused (nothing was changed)."""
    body = render_to_string(
        "http_refused.html", {"title": title, "message": message, "status": status}, request
    )
    return HttpResponse(body, status=status)


def _bad_text(request: HttpRequest) -> str | None:
    """Where the request carries a character that has no business there, or None."""
    if _CONTROL.search(request.path_info):
        return "网址"
    for key, values in request.GET.lists():
        if _CONTROL_IN_TEXT.search(key) or any(_CONTROL_IN_TEXT.search(v) for v in values):
            return "网址中的查询参数"
    for name, value in request.META.items():
        if name.startswith("HTTP_") and isinstance(value, str) and _CONTROL_IN_TEXT.search(value):
            return "请求头"
    return None


def _bad_form(request: HttpRequest) -> str | None:
    for key, values in request.POST.lists():
        if _CONTROL_IN_TEXT.search(key) or any(_CONTROL_IN_TEXT.search(v) for v in values):
            return "表单内容"
    for upload in request.FILES.values():
        if _CONTROL.search(upload.name or ""):
            return "上传文件的文件名"
    return None


def _clean_cookies(request: HttpRequest) -> None:
    """A cookie with a control character (e.g. a quoted "\\000") is dropped, not looked up."""
    cookies = request.COOKIES
    if any(_CONTROL.search(k) or _CONTROL.search(v) for k, v in cookies.items()):
        request.COOKIES = {
            k: v for k, v in cookies.items() if not (_CONTROL.search(k) or _CONTROL.search(v))
        }


class RequestGuardMiddleware:
    """Refuse what no page can use, before any view, form or database query sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = self._size(request) or self._text(request)
        if refused is not None:
            return refused
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            return self._post_only(request, response)
        return response

    @staticmethod
    def _post_only(request, bare) -> HttpResponse:
        """A button's address opened as a link (``require_POST`` answers 405 with no body):
        say so in Chinese instead of a blank page."""
        page = refusal(
            request,
            405,
            "此地址不能直接打开",
            "此地址只接受页面上的按钮提交，未作任何修改。请返回上一页，在页面上办理。",
        )
        if bare.has_header("Allow"):
            page["Allow"] = bare["Allow"]
        return page

    def _size(self, request) -> HttpResponse | None:
        limit = settings.CADREX_MAX_REQUEST_BYTES
        raw = (request.META.get("CONTENT_LENGTH") or "").strip()
        if raw:
            if not (raw.isascii() and raw.isdigit()):
                return refusal(request, 400, "请求有误", "请求的内容长度无效。")
            if int(raw) > limit:
                return self._too_big(request)
        elif request.META.get("HTTP_TRANSFER_ENCODING"):
            # A streamed (chunked) body of unknown length: Django would not read it, and
            # nothing here needs one; say so instead of silently seeing an empty form.
            return refusal(
                request, 411, "请求有误", "提交的内容缺少长度信息，请使用浏览器重新提交。"
            )
        return None

    def _too_big(self, request) -> HttpResponse:
        return refusal(
            request,
            413,
            "提交的内容过大",
            f"提交的内容超过 {settings.CADREX_MAX_REQUEST_MB} MB，未被接收。"
            "名册等文件请拆分后分批上传。",
        )

    def _text(self, request) -> HttpResponse | None:
        _clean_cookies(request)
        where = _bad_text(request)
        has_form = request.method not in ("GET", "HEAD", "OPTIONS") and (
            request.content_type in _FORM_TYPES
        )
        if where is None and has_form:
            try:
                where = _bad_form(request)
            except RequestDataTooBig:
                return self._too_big(request)
            except (SuspiciousOperation, MultiPartParserError):
                return refusal(
                    request, 400, "请求有误", "提交的表单格式有误，请刷新页面后重新提交。"
                )
        if where is not None:
            return refusal(
                request,
                400,
                "请求含有不允许的字符",
                f"{where}中含有不可见的控制字符（如 NUL），已拒绝处理，未作任何修改。"
                "请检查输入内容（例如从其他软件粘贴的文字）后重试。",
            )
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        """An id in the path that no database key can hold is simply not there (404)."""
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not -MAX_DB_INT <= value <= MAX_DB_INT:
                return refusal(request, 404, "没有找到", "没有找到该页面，或您无权查看。")
        return None


# ---------------------------------------------------------------------------- CSP
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_STYLE = re.compile(r"<style[^>]*>(?P<body>.*?)</style>", re.S | re.I)
_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.I)
_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# What a template variable may stand for inside an allowed handler: letters, digits, spaces
# and any non-ASCII character (a Chinese step name) — nothing that can end a JavaScript
# string or form a call, so a value can never turn the handler into other code.
_SAFE_VALUE = r"[A-Za-z0-9 \u0080-\U0010ffff]*"


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _template_dirs() -> list[Path]:
    from django.apps import apps

    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    dirs += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    return [d for d in dirs if d.is_dir()]


def _templates() -> list[Path]:
    project = Path(settings.BASE_DIR) / "cadrex"
    return sorted(
        path
        for directory in _template_dirs()
        if project in directory.parents or directory == project
        for path in directory.rglob("*.html")
    )


# The <style> htmx 2 adds for its request indicators unless the page's htmx-config meta turns
# it off (base.html does; the juror's phone page does not extend base.html). A fixed string:
# tests/browser/test_csp.py notices if an htmx upgrade changes it.
HTMX_INDICATOR_STYLE = (
    ".htmx-indicator{opacity:0;visibility: hidden} "
    ".htmx-request .htmx-indicator, .htmx-request.htmx-indicator"
    "{opacity:1;visibility: visible;transition: opacity 200ms ease-in}"
)


def _pattern(source: str) -> re.Pattern:
    """A handler written with template variables, as a pattern of what it may render to."""
    parts, last = [], 0
    for match in _TEMPLATE_CODE.finditer(source):
        parts += [re.escape(html.unescape(source[last : match.start()])), _SAFE_VALUE]
        last = match.end()
    parts.append(re.escape(html.unescape(source[last:])))
    return re.compile("".join(parts))


@functools.cache
def inline_code() -> dict[str, tuple]:
    """The inline scripts, on…= handlers and <style> blocks written in the project's
    templates: the hashes of those written verbatim, the patterns of handlers that hold
    template variables, and the templates whose inline <script>/<style> holds template code
    (those cannot be allowed: they stay blocked)."""
    scripts, handlers, patterns, unhashable = set(), set(), {}, set()
    styles = {_sha256(HTMX_INDICATOR_STYLE)}
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for match in _SCRIPT.finditer(text):
            body = match["body"]
            if "src=" in match["attrs"] or not body.strip():
                continue
            if _TEMPLATE_CODE.search(body):
                unhashable.add(str(path))
            else:
                scripts.add(_sha256(body))
        for match in _HANDLER.finditer(text):
            source = match["dq"] if match["dq"] is not None else match["sq"]
            if _TEMPLATE_CODE.search(source):
                patterns[source] = _pattern(source)
            else:
                handlers.add(_sha256(html.unescape(source)))
        for match in _STYLE.finditer(text):
            if _TEMPLATE_CODE.search(match["body"]):
                unhashable.add(str(path))
            else:
                styles.add(_sha256(match["body"]))
    return {
        "scripts": tuple(sorted(scripts)),
        "handlers": tuple(sorted(handlers)),
        "styles": tuple(sorted(styles)),
        "patterns": tuple(patterns.values()),
        "unhashable": tuple(sorted(unhashable)),
    }


# The same handlers as ``_HANDLER``, sought in the body's bytes lowered (ASCII only, so every
# offset stays that of the original): a literal "on" to start from and no case-folding makes
# the scan of a large page several times cheaper than ``_HANDLER`` on the decoded text.
_HANDLER_BYTES = re.compile(rb"""on[a-z]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _handlers_in(body: bytes, charset: str) -> list[str]:
    """The source of every inline event handler in ``body`` (as ``_HANDLER`` finds them)."""
    found = []
    for match in _HANDLER_BYTES.finditer(body.lower()):
        if match.start() == 0 or not body[match.start() - 1 : match.start()].isspace():
            continue
        group = 1 if match.group(1) is not None else 2
        found.append(body[match.start(group) : match.end(group)].decode(charset, "replace"))
    return found


def _rendered_handlers(response) -> list[str]:
    """Hashes of the handlers in this page that a templated handler rendered to."""
    patterns = inline_code()["patterns"]
    if not patterns or getattr(response, "streaming", False):
        return []
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    found = []
    for raw in _handlers_in(response.content, response.charset):
        source = html.unescape(raw)
        if any(pattern.fullmatch(source) for pattern in patterns):
            found.append(_sha256(source))
    return found


# Pages whose htmx triggers carry a filter expression (hx-trigger="every 3s[…]"), which htmx
# evaluates as JavaScript: they alone may use eval until the templates drop those filters.
# (A refused paper or voided sheet shows the chair's page again at its own address.)
EVAL_PAGES = {
    "juror_page",
    "competition:hearing_chair",
    "competition:score_void",
    "competition:score_paper",
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header, with the templates' own inline code allowed by hash."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        code = inline_code()
        handlers = [*code["handlers"], *_rendered_handlers(response)]
        script = [*code["scripts"]]
        if handlers:
            script += ["'unsafe-hashes'", *handlers]
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in EVAL_PAGES:
            script.append("'unsafe-eval'")
        update = dict(parts.update or {})
        for directive, extra in (
            ("script-src", script),
            ("style-src", list(code["styles"])),
            ("style-src-elem", list(code["styles"])),
        ):
            if extra:
                update[directive] = [*update.get(directive, []), *extra]
        parts.update = update
        return parts


class DemoNotFoundMiddleware:
    """The demo runs with DEBUG=1, where Django answers a view's 404 with its English debug
    page: there (CADREX_DEMO=1) a 404 gets the Chinese page production shows, naming what
    was not found, so a tester sees what a user would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and settings.DEBUG and settings.CADREX_DEMO:
            return page_not_found(request, exception)
        return None
