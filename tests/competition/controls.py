"""What a person sees of a page's forms: the controls they fill in, and whether each has a
label (``<label for>``, or an aria-label where a visible label would crowd a table row)."""

from __future__ import annotations

from html.parser import HTMLParser

from django.contrib.messages import get_messages


class _Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append({**attrs, "tag": tag})


def unlabelled(html: str) -> list[str]:
    """The controls without a label (the page must show at least one control)."""
    page = _Controls()
    page.feed(html)
    assert page.controls, "the page shows no form"
    return [
        f"{c['tag']} name={c.get('name')}"
        for c in page.controls
        if not (c.get("aria-label") or c.get("id") in page.label_for)
    ]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]
