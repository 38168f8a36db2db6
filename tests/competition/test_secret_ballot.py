"""A10 the secret ballot (ADR 0008): only a member present votes, once, through the
supervisor at the room's terminal; unit staff never hold a usable link; nothing stored links
a paper to a member."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.competition.decision import ballot as ballots
from cadrex.competition.decision import services as decision
from cadrex.competition.decision.verify import verify_ballot
from cadrex.competition.models import BallotPaper, BallotRound, BallotStatus, BallotVoter
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only

PIN = "135790"
MEMBERS = ["张委员", "李委员", "王委员", "赵委员", "钱委员", "孙委员", "周委员"]


@pytest.fixture
def secret_round(scored, clock):
    for row in decision.vetting_fix(actor=None, opening=scored["d01"]):
        decision.vetting_record(
            actor=None,
            candidate=row,
            methods=["talks"],
            findings="德才表现良好",
            opinion="fit",
            vetted_on=clock.today,
        )
    open_only(scored["campaign"], Step.BALLOT)
    ballot = ballots.ballot_open(
        actor=None,
        opening=scored["d01"],
        held_on=clock.today,
        committee="市财政局党组",
        expected=9,
        present=7,
        mode="secret",
        voters=MEMBERS,
    )
    return {**scored, "ballot": ballot, "url": reverse("ballot_page", args=[ballot.terminal_token])}


def test_a10_a_secret_round_needs_the_roll_of_members_present(scored, clock):
    for row in decision.vetting_fix(actor=None, opening=scored["d01"]):
        decision.vetting_record(
            actor=None,
            candidate=row,
            methods=["talks"],
            findings="良好",
            opinion="fit",
            vetted_on=clock.today,
        )
    open_only(scored["campaign"], Step.BALLOT)
    for roll in ([], MEMBERS[:6], MEMBERS[:6] + [MEMBERS[0]]):
        with pytest.raises(RuleViolation) as caught:
            ballots.ballot_open(
                actor=None,
                opening=scored["d01"],
                held_on=clock.today,
                committee="党组",
                expected=9,
                present=7,
                mode="secret",
                voters=roll,
            )
        assert caught.value.field == "voters"
    assert not BallotRound.objects.exists()


def _terminal(secret_round) -> Client:
    """The room's tablet: the supervisor claims the terminal with a PIN."""
    tablet = Client()
    page = tablet.get(secret_round["url"])
    assert page.status_code == 200 and page.context["state"] == "unclaimed"
    tablet.post(secret_round["url"], {"pin": PIN, "pin_again": PIN})
    assert tablet.get(secret_round["url"]).context["state"] == "ours"
    return tablet


def _vote(tablet: Client, secret_round, member: str, marks: dict, pin: str = PIN):
    voter = BallotVoter.objects.get(ballot=secret_round["ballot"], name=member)
    tablet.post(secret_round["url"], {"step": "issue", "voter": voter.pk, "pin": pin})
    fields = {"step": "cast", **{f"m_{k}": v for k, v in marks.items()}}
    return tablet.post(secret_round["url"], fields)


def test_a10_the_link_alone_votes_for_nobody(secret_round, as_user):
    _terminal(secret_round)
    # The unit's operator has the link; from their own browser it is refused.
    staff = as_user("operator")
    page = staff.get(secret_round["url"])
    assert page.status_code == 403 and page.context["state"] == "theirs"
    staff.post(secret_round["url"], {"step": "cast", f"m_{secret_round['top'].pk}": "for"})
    secret_round["ballot"].refresh_from_db()
    assert secret_round["ballot"].box == {}


def test_a10_office_and_orgdept_see_progress_never_a_link(secret_round, as_user):
    token = secret_round["ballot"].terminal_token
    for persona in ("office", "orgdept"):
        body = (
            as_user(persona)
            .get(reverse("competition:decision", args=[secret_round["d01"].pk]))
            .content.decode()
        )
        assert "现场电子票决" in body and token not in body
    body = (
        as_user("operator")
        .get(reverse("competition:decision", args=[secret_round["d01"].pk]))
        .content.decode()
    )
    assert token in body  # the unit sets the room's device up


def test_a10_each_member_present_votes_once_with_the_supervisors_pin(secret_round):
    tablet = _terminal(secret_round)
    top = str(secret_round["top"].pk)
    ballot = secret_round["ballot"]
    voter = BallotVoter.objects.get(ballot=ballot, name=MEMBERS[0])
    page = tablet.post(secret_round["url"], {"step": "issue", "voter": voter.pk, "pin": "000000"})
    assert "监票人密码不正确" in page.context["error"]
    ballot.refresh_from_db()
    assert not ballot.issued and ballot.terminal_failures == 1
    _vote(tablet, secret_round, MEMBERS[0], {top: "for"})
    page = tablet.post(secret_round["url"], {"step": "issue", "voter": voter.pk, "pin": PIN})
    assert "已领取过选票" in page.context["error"]
    ballot.refresh_from_db()
    assert sum(ballot.box.values()) == 1 and ballot.voters.filter(voted=True).count() == 1


def test_a10_five_wrong_pins_lock_the_terminal_until_the_unit_resets_it(secret_round, as_user):
    tablet = _terminal(secret_round)
    voter = BallotVoter.objects.get(ballot=secret_round["ballot"], name=MEMBERS[0])
    for _ in range(5):
        tablet.post(secret_round["url"], {"step": "issue", "voter": voter.pk, "pin": "111111"})
    page = tablet.post(secret_round["url"], {"step": "issue", "voter": voter.pk, "pin": PIN})
    assert "已锁定" in page.context["error"]
    old = secret_round["ballot"].terminal_token
    as_user("operator").post(
        reverse("competition:terminal_reset", args=[secret_round["d01"].pk]),
        {"ballot": secret_round["ballot"].pk},
    )
    secret_round["ballot"].refresh_from_db()
    assert secret_round["ballot"].terminal_token != old
    assert tablet.get(secret_round["url"]).status_code == 404  # the old link is gone
    assert Event.objects.filter(action="ballot_terminal_reset").count() == 1


def test_a10_nothing_stored_links_a_paper_to_a_member(secret_round, as_user):
    tablet = _terminal(secret_round)
    top, second = str(secret_round["top"].pk), str(secret_round["second"].pk)
    cast = [{top: "for"}, {second: "for"}, {top: "for", second: "against"}, {top: "for"}]
    for member, marks in zip(MEMBERS, cast * 2, strict=False):
        _vote(tablet, secret_round, member, marks)
    ballot = secret_round["ballot"]
    ballots.ballot_count(actor=None, ballot=ballot)
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.DECIDED and ballot.elected_id == secret_round["top"].pk
    # The papers carry marks only, and their ids follow sorted content, not casting order.
    assert [f.name for f in BallotPaper._meta.get_fields()] == ["id", "ballot", "marks"]
    assert [f.name for f in BallotVoter._meta.get_fields()] == ["id", "ballot", "name", "voted"]
    stored = [p.marks for p in BallotPaper.objects.filter(ballot=ballot).order_by("id")]
    from cadrex.competition.chain import canonical

    assert [canonical(m) for m in stored] == sorted(canonical(m) for m in stored)
    # The log: who was handed a ballot (a roll call), and "a paper was cast" — no content.
    for event in Event.objects.filter(action="ballot_cast"):
        assert event.actor is None and not event.after and not event.before
        assert top not in event.note and second not in event.note
    issued = Event.objects.filter(action="ballot_issue")
    assert {e.after["member"] for e in issued} == set(MEMBERS)
    assert all(set(e.after) == {"member"} for e in issued)
    assert verify_ballot(secret_round["d01"]) == []


def test_a10_a_member_confirms_before_spoiling_a_paper(secret_round):
    tablet = _terminal(secret_round)
    top, second = str(secret_round["top"].pk), str(secret_round["second"].pk)
    page = _vote(tablet, secret_round, MEMBERS[0], {top: "for", second: "for"})
    assert "将作为无效票" in page.context["error"]
    assert [m for _, _, m in page.context["candidates"]] == ["for", "for"]  # marks kept
    ballot = secret_round["ballot"]
    ballot.refresh_from_db()
    assert ballot.box == {} and ballot.issued  # nothing cast yet; the ballot is still out
    tablet.post(
        secret_round["url"],
        {"step": "cast", f"m_{top}": "for", f"m_{second}": "for", "confirm_spoil": "on"},
    )
    ballot.refresh_from_db()
    assert sum(ballot.box.values()) == 1 and not ballot.issued


def test_a10_a_refused_hand_out_keeps_the_member_picked_never_the_pin(secret_round):
    tablet = _terminal(secret_round)
    voter = BallotVoter.objects.get(ballot=secret_round["ballot"], name=MEMBERS[2])
    page = tablet.post(secret_round["url"], {"step": "issue", "voter": voter.pk, "pin": "975310"})
    body = page.content.decode()
    assert page.status_code == 200 and "监票人密码不正确" in page.context["error"]
    assert f'<option value="{voter.pk}" selected>{MEMBERS[2]}</option>' in body
    assert "975310" not in body  # a PIN is never written back into the page
    pin_field = body[body.index('<label for="issue_pin">') : body.index("发放选票</button>")]
    assert "监票人密码不正确" in pin_field  # the error beside the PIN


def test_a10_a_refused_claim_says_why_beside_the_pin_and_echoes_neither(secret_round):
    tablet = Client()
    page = tablet.post(secret_round["url"], {"pin": "12ab56", "pin_again": "12ab56"})
    body = page.content.decode()
    assert page.context["state"] == "unclaimed" and "12ab56" not in body
    assert "监票人密码须为6至12位数字" in body[body.index('<label for="pin">') :]
    secret_round["ballot"].refresh_from_db()
    assert not secret_round["ballot"].terminal_device


def test_a10_a_step_the_page_never_sends_does_nothing(secret_round):
    tablet = _terminal(secret_round)
    voter = BallotVoter.objects.get(ballot=secret_round["ballot"], name=MEMBERS[0])
    for step in ("", "abc", "\u00b2", "x" * 10_000):
        page = tablet.post(secret_round["url"], {"step": step, "voter": voter.pk, "pin": PIN})
        assert page.status_code == 200 and page.context["error"] is None
    voter.refresh_from_db()
    assert not voter.voted and not Event.objects.filter(action="ballot_issue").exists()
