"""The demo's one page action: fast-forward (演示快进), for the office, demo only."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import Role
from cadrex.campaigns.selectors import current_campaign_or_404
from cadrex.demo.fast_forward import fast_forward
from cadrex.demo.forms import FastForwardForm
from cadrex.rules import RuleViolation
from cadrex.web import refuse


@require_POST
@role_required(Role.OFFICE)
def demo_advance(request):
    """Demo only (CADREX_DEMO=1): fast-forward the demo campaign to a step."""
    if not settings.CADREX_DEMO:
        raise Http404("仅限演示环境。")
    form = FastForwardForm(request.POST)
    if not form.is_valid():
        raise Http404(form.refusal())
    try:
        with transaction.atomic():
            notes = fast_forward(current_campaign_or_404(), form.cleaned_data["step"])
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(request, "演示已快进，此前各环节的操作已由系统代为完成。")
        for note in notes or []:
            messages.info(request, note)
    return redirect("campaigns:detail")
