"""A10 the secret ballot at the meeting (现场电子票决), ADR 0008.

Eligibility and the ballot are kept apart, as trusted voting systems do (OpenSlides keeps
who voted apart from the votes of an anonymous poll; Helios and Belenios separate the voter
list from the ballot box). Here:

- **Eligibility** is the roll of members present (``BallotVoter``), taken when the round
  opens, and the supervisor (监票人) at the room's one voting terminal: the terminal is
  claimed by the first device that opens its link, with a PIN the supervisor chooses there;
  unit staff see the link but not the PIN, so the link alone votes for nobody. For each
  member the supervisor picks the name and types the PIN: one ballot is handed out and the
  name is ticked (``voted``), exactly as a paper ballot is handed over at a roll call.
- **The ballot box** is a multiset on the round: {paper as canonical JSON: how many}. A cast
  adds one to a count; nothing records when, in which order, or from which hand. At the count
  the papers become rows in sorted order (``ballot._empty_box``) and the round is sealed.

No field, time, order or log entry links a paper to a member: the roll has no times, the box
no order, the log says "a paper was cast" with no content and no member.
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F

from cadrex.audit.services import event_record
from cadrex.competition.chain import canonical
from cadrex.competition.decision.models import (
    BallotMode,
    BallotRound,
    BallotStatus,
    BallotVoter,
)
from cadrex.rules import RuleViolation
from cadrex.rules.ballot import MARKS

PIN_FAILURES = 5  # then the terminal locks until the unit resets it (audited)


def _device(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _round(token: str) -> BallotRound:
    ballot = (
        BallotRound.objects.select_for_update(of=("self",))
        .select_related("opening__unit")
        .filter(terminal_token=token, mode=BallotMode.SECRET)
        .first()
        if token
        else None
    )
    if ballot is None:
        raise RuleViolation("A10", "投票终端链接无效。")
    if ballot.status != BallotStatus.OPEN:
        raise RuleViolation("A10", "本轮票决已经结束。")
    return ballot


def _require_device(ballot: BallotRound, secret: str | None) -> None:
    if not ballot.terminal_device:
        raise RuleViolation("A10", "投票终端尚未由监票人启用。")
    if not secret or not secrets.compare_digest(_device(secret), ballot.terminal_device):
        raise RuleViolation("A10", "该投票终端已在另一台设备上启用，本设备不能用于投票。")
    if ballot.terminal_failures >= PIN_FAILURES:
        raise RuleViolation("A10", "监票人密码错误次数过多，投票终端已锁定，请由本单位重置终端。")


def terminal_state(token: str, secret: str | None) -> tuple[BallotRound | None, str]:
    """What the terminal page shows: ``unclaimed``, ``ours``, ``theirs`` or ``invalid``."""
    ballot = BallotRound.objects.filter(
        terminal_token=token, mode=BallotMode.SECRET, status=BallotStatus.OPEN
    ).first()
    if ballot is None or not token:
        return None, "invalid"
    if not ballot.terminal_device:
        return ballot, "unclaimed"
    if secret and secrets.compare_digest(_device(secret), ballot.terminal_device):
        return ballot, "ours"
    return ballot, "theirs"


@transaction.atomic
def terminal_claim(*, token: str, pin: str, pin_again: str) -> str:
    """The supervisor starts the terminal on the room's device and chooses the PIN there.
    Returns the device secret for this browser's cookie."""
    ballot = _round(token)
    if ballot.terminal_device:
        raise RuleViolation("A10", "该投票终端已在另一台设备上启用。")
    pin = (pin or "").strip()
    if not (pin.isascii() and pin.isdigit() and 6 <= len(pin) <= 12):
        raise RuleViolation("A10", "监票人密码须为6至12位数字。", field="pin")
    if pin != (pin_again or "").strip():
        raise RuleViolation("A10", "两次输入的密码不一致。", field="pin_again")
    secret = secrets.token_urlsafe(24)
    ballot.terminal_device, ballot.terminal_pin = _device(secret), make_password(pin)
    ballot.save(update_fields=["terminal_device", "terminal_pin"])
    event_record(actor=None, action="ballot_terminal_claim", obj=ballot)
    return secret


def ballot_issue(*, token: str, secret: str | None, voter_id: int, pin: str) -> BallotVoter:
    """The supervisor hands one ballot to a member present who has not had one. A wrong PIN
    is counted (in its own transaction: the refusal must not roll the count back)."""
    try:
        with transaction.atomic():
            return _issue(token=token, secret=secret, voter_id=voter_id, pin=pin)
    except _WrongPin:
        BallotRound.objects.filter(terminal_token=token, status=BallotStatus.OPEN).update(
            terminal_failures=F("terminal_failures") + 1
        )
        raise


def _issue(*, token: str, secret: str | None, voter_id: int, pin: str) -> BallotVoter:
    ballot = _round(token)
    _require_device(ballot, secret)
    if ballot.issued:
        raise RuleViolation("A10", "上一张选票尚未投入票箱。")
    if not check_password((pin or "").strip(), ballot.terminal_pin):
        raise _WrongPin(ballot.terminal_failures + 1)
    voter = BallotVoter.objects.select_for_update().filter(pk=voter_id, ballot=ballot).first()
    if voter is None:
        raise RuleViolation("A10", "请选择到会成员。", field="voter")
    if voter.voted:
        raise RuleViolation("A10", f"{voter.name}已领取过选票，每人只能投一次。", field="voter")
    voter.voted = True
    voter.save(update_fields=["voted"])
    ballot.issued, ballot.terminal_failures = True, 0
    ballot.save(update_fields=["issued", "terminal_failures"])
    event_record(actor=None, action="ballot_issue", obj=ballot, after={"member": voter.name})
    return voter


class _WrongPin(RuleViolation):
    def __init__(self, failures: int) -> None:
        left = max(PIN_FAILURES - failures, 0)
        super().__init__("A10", f"监票人密码不正确（还可尝试{left}次）。", field="pin")


@transaction.atomic
def ballot_cast(
    *, token: str, secret: str | None, marks: dict, confirm_spoil: bool = False
) -> None:
    """The member marks the ballot handed to them; it drops into the box, unnamed. A paper
    with more "for" than seats is invalid (A10): the member confirms before spoiling it."""
    ballot = _round(token)
    _require_device(ballot, secret)
    if not ballot.issued:
        raise RuleViolation("A10", "请先由监票人发放选票。")
    paper = {}
    for candidate in ballot.candidates:
        mark = marks.get(str(candidate), "abstain")
        if mark not in MARKS:
            raise RuleViolation("A10", "选票内容无效。")
        if mark != "abstain":
            paper[str(candidate)] = mark
    ayes = sum(1 for mark in paper.values() if mark == "for")
    if ayes > ballot.opening.seats and not confirm_spoil:
        raise RuleViolation(
            "A10",
            f"本票对{ayes}名候选人投了赞成票，超过拟任职数{ballot.opening.seats}名，将作为无效票。"
            "如需改投，请修改后再投；如确认投出，请勾选“确认投出无效票”。",
            field="confirm_spoil",
        )
    key = canonical(paper)
    box = dict(ballot.box)
    box[key] = int(box.get(key, 0)) + 1
    ballot.box, ballot.issued = box, False
    ballot.save(update_fields=["box", "issued"])
    event_record(actor=None, action="ballot_cast", obj=ballot, note="投入选票一张")


@transaction.atomic
def terminal_reset(*, actor, ballot: BallotRound) -> BallotRound:
    """The unit frees the terminal (a flat tablet, a locked PIN): a new link, no device.
    The roll and the box stay as they are."""
    ballot = BallotRound.objects.select_for_update().get(pk=ballot.pk)
    if ballot.mode != BallotMode.SECRET or ballot.status != BallotStatus.OPEN:
        raise RuleViolation("A10", "只有进行中的现场电子票决可以重置投票终端。")
    if ballot.issued:
        raise RuleViolation("A10", "有一张已发出的选票尚未投入票箱，请先完成投票。")
    ballot.terminal_token = secrets.token_urlsafe(24)
    ballot.terminal_device = ballot.terminal_pin = ""
    ballot.terminal_failures = 0
    ballot.save(
        update_fields=["terminal_token", "terminal_device", "terminal_pin", "terminal_failures"]
    )
    event_record(actor=actor, action="ballot_terminal_reset", obj=ballot)
    return ballot


def candidates_of(token: str) -> list[str]:
    ballot = BallotRound.objects.filter(terminal_token=token).only("candidates").first()
    return [str(c) for c in ballot.candidates] if ballot else []
