"""The demo's fast-forward (演示快进): the work of the steps before a chosen one, from any
state, then the chosen step opens now."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from cadrex.campaigns import transitions
from cadrex.campaigns.models import Campaign
from cadrex.campaigns.sweeps import sweep_all
from cadrex.demo.part_a_decision import _appoint, _ballot, _vet
from cadrex.demo.part_a_hearing import _hearings
from cadrex.demo.part_a_registration import _review, _shortlist
from cadrex.demo.seed_roles import seat_multi_role_juror
from cadrex.demo.timeline import FAST_FORWARD_STEPS, _before, _start_now, _Timeline
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import STEP_INFO, Step

__all__ = ["FAST_FORWARD_STEPS", "fast_forward"]


@transaction.atomic  # all or nothing: a batched form's refusal undoes the whole fast-forward
def fast_forward(campaign: Campaign, step: Step, seed: int = 2014) -> list[str]:
    """Demo only: do every earlier step's work the way its users would, then start ``step``
    now. Returns notes on what had to wait (a publicity still running, a unit over its cap).

    From any state — nothing done yet, part of it done by hand, or fast-forwarded before —
    it completes what is missing and never repeats what is done, acting in the past (see
    ``_Timeline``): review qualifies nearly everyone and closes (A6); every opening fixes its
    contestants (pre-screen order = application order when more than the cap, A7) and the
    lists are published; each opening gets a hearing with a panel of 7 leader jurors (the
    unit's chiefs and chiefs of other units sent by the office), a substitute, up to 15 staff
    jurors, and its lot — set in the coming days when ``step`` is the hearing, held in the
    past when it is later; vetting (a tie at the 1:2 cut ordered by the office first), the
    ballot and the appointment are done for every opening except those of the units with
    demo logins, which are left for the tester to walk. The chosen step's own work is left
    to its users (the review at 资格审查, the shortlists at 确定竞岗对象), but for the hearing
    its hearings are prepared so that they can be run. Part B's steps (``advance_part_b``)
    then happen at the real now.
    """
    _refuse_going_back(campaign, step)
    rng = random.Random(seed)
    timeline = _Timeline(campaign, step)
    if _before(Step.QUALIFICATION_REVIEW, step):
        _review(timeline, rng)
    if _before(Step.SHORTLIST, step):
        _shortlist(timeline)
    if not _before(step, Step.HEARING):
        _hearings(timeline, rng, run=_before(Step.HEARING, step))
        seat_multi_role_juror(campaign)  # the demo's person with several roles (ADR 0014)
    if _before(Step.VETTING, step):
        _vet(timeline)
    if _before(Step.BALLOT, step):
        _ballot(timeline)
    if _before(Step.APPOINTMENT, step):
        _appoint(timeline)
    if not _before(step, Step.EXCHANGE_SIGNUP):
        from cadrex.demo.part_b import advance_part_b

        advance_part_b(campaign=campaign, target=step, start_now=lambda s: _start_now(campaign, s))
    timeline.finish()
    # What the daily sweep would have done by now (ADR 0012): lapses, overdue answers.
    sweep_all(campaign)
    return timeline.notes


def _reached(campaign: Campaign, step: Step) -> Step | None:
    """The furthest step of ``step``'s part (A or B: they run side by side) whose window has
    begun: where the demo is in that part."""
    part_b = not _before(step, Step.EXCHANGE_SIGNUP)
    steps = [s for s in FAST_FORWARD_STEPS if (not _before(s, Step.EXCHANGE_SIGNUP)) == part_b]
    now = timezone.now()
    windows = transitions.windows_for(campaign, steps)
    begun = [s for s in steps if windows[s] is not None and windows[s].start <= now]
    return begun[-1] if begun else None


def _refuse_going_back(campaign: Campaign, step: Step) -> None:
    """Forward only: a step before the one the demo has reached would open it again beside
    the later work (a review in progress while the hearings are being held)."""
    reached = _reached(campaign, step)
    if reached is not None and _before(step, reached):
        raise RuleViolation(
            "",
            f"演示快进只能向后：当前已到“{STEP_INFO[reached][1]}”，不能回到"
            f"“{STEP_INFO[step][1]}”。如需重新办理某一环节，请在日程中对该环节使用“从现在开始”；"
            "如需从头演示，请重新生成演示城市（make demo）。",
        )
