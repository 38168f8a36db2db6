"""Sending one delivery: email through Django's backend, SMS through the configured gateway.

Chinese SMS providers differ, so the gateway is described in settings (docs/operations.md):
``CADREX_SMS_URL`` (unset: no SMS), ``CADREX_SMS_TEMPLATE`` (the message, with the fields
``{sign}``, ``{title}``, ``{body}``, ``{link}``), ``CADREX_SMS_PAYLOAD`` (the JSON body posted,
whose string values may name ``{mobile}``, ``{message}``, ``{sign}``, ``{title}``),
``CADREX_SMS_AUTH_HEADER`` (``Name: value``) and ``CADREX_SMS_TIMEOUT``. A reply other than
2xx, or no reply in time, is a failure the task retries.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from cadrex.notifications.models import Channel, Delivery

SMS_MAX_CHARS = 300  # providers split long messages and bill each part; the inbox has the rest


class SendError(Exception):
    """The channel refused or did not answer; the message says why (kept on the delivery)."""


class _SafeFields(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def absolute_link(link: str) -> str:
    base = getattr(settings, "CADREX_SITE_URL", "")
    return f"{base}{link}" if link and base else link


def sms_message(delivery: Delivery) -> str:
    n = delivery.notification
    fields = _SafeFields(
        sign=settings.CADREX_SMS_SIGN, title=n.title, body=n.body, link=absolute_link(n.link)
    )
    return settings.CADREX_SMS_TEMPLATE.format_map(fields)[:SMS_MAX_CHARS]


def _fill(value: Any, fields: dict[str, str]) -> Any:
    """Put the fields into every string of the parsed JSON template (never into its text, so
    a quote in a message cannot break the JSON)."""
    if isinstance(value, str):
        for name, text in fields.items():
            value = value.replace("{" + name + "}", text)
        return value
    if isinstance(value, list):
        return [_fill(v, fields) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, fields) for k, v in value.items()}
    return value


def sms_payload(delivery: Delivery) -> bytes:
    n = delivery.notification
    fields = {
        "mobile": delivery.address,
        "message": sms_message(delivery),
        "sign": settings.CADREX_SMS_SIGN,
        "title": n.title,
    }
    template = json.loads(settings.CADREX_SMS_PAYLOAD)
    return json.dumps(_fill(template, fields), ensure_ascii=False).encode()


def send_sms(delivery: Delivery) -> None:
    url = settings.CADREX_SMS_URL
    if not url:
        raise SendError("未配置短信网关（CADREX_SMS_URL）。")
    request = urllib.request.Request(url, data=sms_payload(delivery), method="POST")
    request.add_header("Content-Type", "application/json; charset=utf-8")
    header = settings.CADREX_SMS_AUTH_HEADER
    if header and ":" in header:
        name, value = header.split(":", 1)
        request.add_header(name.strip(), value.strip())
    try:
        with urllib.request.urlopen(request, timeout=settings.CADREX_SMS_TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        raise SendError(f"短信网关返回 HTTP {error.code}。") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SendError(f"无法连接短信网关：{error}") from None
    if not 200 <= status < 300:
        raise SendError(f"短信网关返回 HTTP {status}。")


def send_email(delivery: Delivery) -> None:
    n = delivery.notification
    body = n.body
    if n.link:
        body += f"\n\n详情：{absolute_link(n.link)}"
    try:
        send_mail(
            subject=f"【{settings.CADREX_SMS_SIGN}】{n.title}",
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[delivery.address],
            fail_silently=False,
        )
    except Exception as error:  # noqa: BLE001 — any backend failure is retried
        raise SendError(f"邮件发送失败：{error}") from None


SENDERS = {Channel.EMAIL: send_email, Channel.SMS: send_sms}
