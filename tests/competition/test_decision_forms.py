"""The decision page's forms (A9 vetting, A10 the committee's ballot, A11 the unit's steps):
every control labelled, a refused form shown again as it was typed with its error beside
the field, bad input refused in Chinese without writing anything."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.competition.decision import appointment as appointments
from cadrex.competition.decision import ballot as ballots
from cadrex.competition.decision import services as svc
from cadrex.competition.models import BallotPaper, BallotRound, BallotStatus, VettingCandidate
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only
from tests.competition.test_decision import open_ballot, vetted


class _Controls(HTMLParser):
    """The visible form controls of a page, and which of them no label names."""

    def __init__(self):
        super().__init__()
        self.for_ids: set[str] = set()
        self.controls: list[tuple[str, str | None, bool]] = []
        self.in_label = 0
        self.select = ""
        self.selected: dict[str, str] = {}  # a select's name → the option selected
        self.checked: list[str] = []  # names of the boxes ticked, in page order

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "select":
            self.select = a.get("name") or ""
            self.selected.setdefault(self.select, "")
        elif tag == "option" and "selected" in a:
            self.selected[self.select] = a.get("value") or ""
        elif tag == "input" and "checked" in a:
            self.checked.append(a.get("name") or "")
        if tag == "label":
            self.in_label += 1
            self.for_ids.add(a.get("for") or "")
        elif tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            named = bool(a.get("aria-label")) or self.in_label > 0
            self.controls.append((a.get("name") or "", a.get("id"), named))

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label -= 1

    def unlabelled(self) -> list[str]:
        return [name for name, id_, named in self.controls if not named and id_ not in self.for_ids]


def _page(client, opening) -> str:
    response = client.get(reverse("competition:decision", args=[opening.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _assert_labelled(body: str) -> list[str]:
    controls = _Controls()
    controls.feed(body)
    assert controls.unlabelled() == []
    return [name for name, _, _ in controls.controls]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _field(body: str, name: str) -> str:
    """The ``<div class="field">`` holding the control ``name``: its label, errors, input."""
    for block in re.findall(r'<div class="field">.*?</div>', body, flags=re.S):
        if f'name="{name}"' in block:
            return block
    raise AssertionError(f"no field {name}")


def test_every_control_of_the_decision_page_has_a_label_at_each_step(scored, as_user):
    opening = scored["d01"]
    operator = as_user("operator")
    names = _assert_labelled(_page(operator, opening))
    assert {"chosen", "reason"} <= set(names)
    vetted(scored, opinions=("fit", "fit"))
    VettingCandidate.objects.filter(opening=opening).update(opinion="")  # records open again
    names = _assert_labelled(_page(operator, opening))
    assert {"methods", "findings", "opinion", "vetted_on"} <= set(names)
    VettingCandidate.objects.filter(opening=opening).update(opinion="fit")
    names = _assert_labelled(_page(operator, opening))
    assert {"committee", "held_on", "expected", "present", "mode", "voters"} <= set(names)
    ballot = open_ballot(scored, 9, 7)
    top = str(scored["top"].pk)
    names = _assert_labelled(_page(operator, opening))
    assert {"p0_returned", f"p6_{top}"} <= set(names)
    ballots.ballot_enter_papers(actor=None, ballot=ballot, papers=[{top: "for"}] * 6 + [{}])
    ballots.ballot_count(actor=None, ballot=ballot)
    open_only(scored["campaign"], Step.APPOINTMENT)
    names = _assert_labelled(_page(operator, opening))
    assert {"proposed_post", "reason"} <= set(names)
    appointment = appointments.appointment_prepare(actor=None, opening=opening, reason="通过")
    appointments.appointment_submit(actor=None, appointment=appointment)
    appointments.appointment_review(actor=None, appointment=appointment, approve=True)
    names = _assert_labelled(_page(operator, opening))
    assert {"start", "end"} <= set(names)


def test_a10_a_refused_ballot_keeps_the_committees_numbers(scored, as_user, clock):
    vetted(scored)
    operator = as_user("operator")
    url = reverse("competition:ballot_open", args=[scored["d01"].pk])
    typed = {
        "committee": "市财政局党组（扩大）",
        "expected": "九",
        "present": "6",
        "mode": "counted",
        "supervisor": "监票人甲",
        "counter": "计票人乙",
        "on_leave": "请假者丙",
    }
    response = operator.post(url, {"held_on": clock.today.isoformat(), **typed})
    assert response.status_code == 302
    assert _messages(response) == ["应到会人数须填写0或正整数。（规则 A10）"]
    assert not BallotRound.objects.exists()
    body = _page(operator, scored["d01"])
    for name, value in typed.items():
        if name != "mode":
            assert f'value="{value}"' in _field(body, name)
    assert "应到会人数须填写0或正整数" in _field(body, "expected")  # beside its field
    # The form is shown once: the next visit offers a fresh one.
    assert 'value="九"' not in _page(operator, scored["d01"])


def test_a10_refused_paper_ballots_stay_as_typed(scored, as_user):
    vetted(scored)
    ballot = open_ballot(scored, 9, 6)
    open_only(scored["campaign"], Step.APPOINTMENT)  # the ballot's window has closed
    top, second = str(scored["top"].pk), str(scored["second"].pk)
    data = {"ballot": ballot.pk, f"p0_{second}": "against"}
    for i in range(5):
        data[f"p{i}_returned"] = "on"
        data[f"p{i}_{top}"] = "for"
    operator = as_user("operator")
    response = operator.post(reverse("competition:ballot_papers", args=[scored["d01"].pk]), data)
    assert response.status_code == 302 and len(_messages(response)) == 1
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN and not BallotPaper.objects.exists()
    controls = _Controls()
    controls.feed(_page(operator, scored["d01"]))
    marks = {k: v for k, v in controls.selected.items() if re.fullmatch(r"p\d+_\d+", k) and v}
    assert marks == {**{f"p{i}_{top}": "for" for i in range(5)}, f"p0_{second}": "against"}
    returned = [name for name in controls.checked if name.endswith("_returned")]
    assert returned == [f"p{i}_returned" for i in range(5)]  # the sixth: not returned, as typed


def test_a9_a_refused_vetting_record_keeps_what_was_written(scored, as_user):
    row = svc.vetting_fix(actor=None, opening=scored["d01"])[0]
    operator = as_user("operator")
    url = reverse("competition:vetting_record", args=[scored["d01"].pk])
    data = {"candidate": row.pk, "methods": ["talks", "files"], "findings": "政治素质好"}
    response = operator.post(url, {**data, "opinion": "", "vetted_on": "2026-02-30"})
    assert _messages(response) == ["请填写考察意见。（规则 A9）"]
    row.refresh_from_db()
    assert row.opinion == "" and not Event.objects.filter(action="vetting_record").exists()
    body = _page(operator, scored["d01"])
    assert "政治素质好</textarea>" in body
    assert re.search(r'value="talks"[^>]*checked', body) and re.search(
        r'value="files"[^>]*checked', body
    )
    assert "请填写考察意见" in _field(body, "opinion")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("expected", "9" * 30, "应到会人数过大，请核对。（规则 A10）"),
        ("present", "40000", "实到会人数过大，请核对。（规则 A10）"),
        ("committee", "党" * 101, "党委（党组）最多 100 个字。（规则 A10）"),
        ("supervisor", "x" * 51, "监票人最多 50 个字。（规则 A10）"),
    ],
)
def test_a10_a_number_or_name_no_meeting_has_is_refused(
    scored, as_user, clock, field, value, message
):
    vetted(scored)
    data = {
        "held_on": clock.today.isoformat(),
        "committee": "党组",
        "expected": "9",
        "present": "7",
    }
    response = as_user("operator").post(
        reverse("competition:ballot_open", args=[scored["d01"].pk]),
        {**data, "mode": "counted", field: value},
    )
    assert _messages(response) == [message]
    assert not BallotRound.objects.exists()


def test_a10_another_openings_round_or_no_id_is_not_found(scored, as_user):
    vetted(scored)
    ballot = open_ballot(scored, 9, 6)
    operator = as_user("operator")
    for bad in ("abc", "0", "-1", str(2**63), "", "²"):
        for name in ("ballot_papers", "ballot_count"):
            url = reverse(f"competition:{name}", args=[scored["d01"].pk])
            assert operator.post(url, {"ballot": bad, "p0_returned": "on"}).status_code == 404
    # Another unit's opening is not the operator's; the round is not that opening's either.
    url = reverse("competition:ballot_papers", args=[scored["t01"].pk])
    assert operator.post(url, {"ballot": ballot.pk}).status_code == 404
    as_user("office")  # the office may manage T01's opening, but the round is D01's
    assert operator.post(url, {"ballot": ballot.pk}).status_code == 403
    assert not BallotPaper.objects.exists()
