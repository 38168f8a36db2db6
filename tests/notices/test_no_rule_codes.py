"""Rule IDs stay out of what the public reads (DESIGN.md, Conventions): no page under
/notices/ — every one of them, found from the URL configuration, so a new notice is
checked too — shows a “依据 A1” column or a “（规则 A3）” note, to a reader or to the office."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.urls import URLPattern, get_resolver, reverse

from cadrex.competition.hearing import scoring
from cadrex.competition.registration import services
from cadrex.documents.pdf import pdf_available
from tests.notices.test_publicity import _in_publicity

RULE_NOTE = re.compile(r"规则 ?[ABCS]\d|依据 ?[ABCS]\d")
# A bare ID in the text (“A1”, “A3–A5”, “S3”), as a 依据 column prints it.
RULE_ID = re.compile(r"(?<![A-Za-z0-9_])[ABCS]\d{1,2}(?![0-9])")
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def _notice_pages() -> list[str]:
    """Every named page of the notices app (none takes an argument)."""
    notices = next(
        entry
        for entry in get_resolver().url_patterns
        if getattr(entry, "namespace", None) == "notices"
    )
    return [
        reverse(f"notices:{entry.name}")
        for entry in notices.url_patterns
        if isinstance(entry, URLPattern) and entry.name
    ]


def _text(response, tmp_path) -> str:
    """What a reader sees: the page without its markup, or the PDF's text."""
    if response["Content-Type"] == "application/pdf":
        path = tmp_path / "page.pdf"
        path.write_bytes(response.content)
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return HIDDEN.sub(" ", response.content.decode())


@pytest.fixture
def everything_published(scored):
    """Openings, daily counts, contestants, results and a 任前公示: every notice has rows."""
    services.counts_snapshot(campaign=scored["campaign"])
    scoring.results_publish(actor=None, hearing=scored["hearing"])
    _in_publicity(scored)
    return scored


def test_the_notices_are_all_walked():
    pages = _notice_pages()
    assert reverse("notices:index") in pages and reverse("notices:publicity_pdf") in pages


@pytest.mark.parametrize("persona", ["anon", "office"])
def test_no_public_page_carries_a_rule_code(client, everything_published, persona, tmp_path):
    if persona != "anon":
        client.force_login(everything_published["users"][persona])
    found = {}
    for url in _notice_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"] == "application/pdf" and not pdf_available():
            continue
        text = _text(response, tmp_path)
        codes = RULE_NOTE.findall(text) + RULE_ID.findall(text)
        if codes:
            found[url] = codes
    assert found == {}


def test_the_schedule_on_the_index_has_no_rule_column(client, everything_published):
    body = client.get(reverse("notices:index")).content.decode()
    assert "<th>步骤</th>" in body and "<th>依据</th>" not in body
    assert "报名、改报与每日公布报名人数" in body  # the steps are there, by name


def test_the_plans_schedule_shows_rule_ids_to_the_office_only(client, as_user, campaign):
    url = reverse("campaigns:schedule")
    assert "<th>依据</th>" in as_user("office").get(url).content.decode()
    for reader in (client, as_user("cadre")):
        assert "<th>依据</th>" not in reader.get(url).content.decode()
