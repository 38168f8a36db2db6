"""B7 deadlines that act (ADR 0012): the orgdept settles a placement 逾期未答复 — treated
as a refusal, or given a new deadline. Listed on the standbys page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import Role
from cadrex.campaigns.selectors import current_campaign_or_404
from cadrex.exchange import deadlines
from cadrex.exchange.access import access_placement
from cadrex.exchange.forms import errors_text, row_ids
from cadrex.exchange.forms_decision import OverdueDecisionForm
from cadrex.exchange.kept_forms import KEEPER
from cadrex.kept_forms import KeptForms


def overdue_rows(campaign, kept: KeptForms) -> list:
    """Each placement 逾期未答复 with the orgdept's form (kept if refused)."""
    return [
        (
            p,
            kept.form(f"overdue-{p.pk}", OverdueDecisionForm, auto_id=row_ids("overdue", p.pk)),
        )
        for p in deadlines.overdue_placements(campaign)
    ]


@require_POST
@role_required(Role.ORGDEPT)
def overdue_decide(request, pk: int):
    placement = access_placement(request.user, pk, campaign=current_campaign_or_404())
    form = OverdueDecisionForm(request.POST)
    if not form.is_valid():
        KEEPER.keep(request, f"overdue-{pk}", form)
        messages.error(request, errors_text(form))
        return redirect("exchange:standbys")
    data, name = form.cleaned_data, placement.candidate.cadre.name
    if data["decision"] == "refuse":
        call = lambda: deadlines.placement_overdue_refuse(  # noqa: E731
            actor=request.user, placement=placement, note=data["note"]
        )
        done = f"已将{name}视为不服从安排，转入待岗。"
    else:
        call = lambda: deadlines.placement_deadline_extend(  # noqa: E731
            actor=request.user, placement=placement, deadline=data["deadline"], note=data["note"]
        )
        done = f"已为{name}重新确定表态截止日：{data['deadline']:%Y-%m-%d}。"
    KEEPER.act_keeping(request, f"overdue-{pk}", form, call, done)
    return redirect("exchange:standbys")
