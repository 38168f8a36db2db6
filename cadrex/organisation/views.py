"""C1 pages: the list everyone concerned reads, the office's page for the leading group and
its office, each unit's page for its responsible leader and task team, the printable list.

POSTs redirect back to their page (post/redirect/get); a refused form is kept in the session
and comes back as typed, each refusal beside its field (``cadrex.kept_forms``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cadrex.accounts.access import ROSTER_WIDE, role_required
from cadrex.accounts.models import UNIT_ROLES, Role, User
from cadrex.campaigns.selectors import current_campaign_or_404
from cadrex.documents.pdf import PdfUnavailable
from cadrex.documents.responses import PDF, XLSX, download
from cadrex.kept_forms import Keeper
from cadrex.organisation import selectors
from cadrex.organisation import services as svc
from cadrex.organisation.access import access_group_member, access_team_member
from cadrex.organisation.forms import (
    GroupMemberForm,
    GroupOfficeForm,
    ResponsibleLeaderForm,
    TaskTeamMemberForm,
)
from cadrex.organisation.models import Body, ResponsibleLeader
from cadrex.organisation.printing import organisation_pdf, organisation_xlsx
from cadrex.registry.models import Unit
from cadrex.web import act

KEEPER = Keeper("organisation_kept_form")
READERS = (*ROSTER_WIDE, *UNIT_ROLES)


def _units_for(user: User):
    """The units whose leader and team a reader sees: every unit in scope for the office and
    the orgdept, their own for a unit's people."""
    if user.role in ROSTER_WIDE:
        return Unit.objects.filter(vertically_managed=False)
    return Unit.objects.filter(pk=user.unit_id)


def _submit(request, name: str, form, call: Callable[[dict], object], done: str, to: str):
    """A form → one service → back to the page; a refused form is kept as typed."""
    if form.is_valid():
        KEEPER.act_keeping(request, name, form, lambda: call(form.cleaned_data), done)
    else:
        KEEPER.refuse_form(request, name, form, form.rule)
    return redirect(to)


# ------------------------------------------------------------------ the list


@role_required(*READERS)
def index(request):
    campaign = current_campaign_or_404()
    org = selectors.organisation(campaign, _units_for(request.user))
    return render(request, "organisation/index.html", {"org": org})


def _list_of(request):
    campaign = current_campaign_or_404()
    return selectors.organisation(campaign, _units_for(request.user)), timezone.localdate()


@role_required(*READERS)
def list_xlsx(request):
    org, today = _list_of(request)
    content = organisation_xlsx(org, today=today)
    return download(content, "组织领导及工作专班名单.xlsx", XLSX)


@role_required(*READERS)
def list_pdf(request):
    org, today = _list_of(request)
    try:
        content = organisation_pdf(org, today=today)
    except PdfUnavailable as missing:
        messages.error(request, str(missing))
        return redirect("organisation:index")
    return download(content, "组织领导及工作专班名单.pdf", PDF, inline=True)


# ------------------------------------------------------------------ the office's page


def _member_initial(member) -> dict:
    fields = ("position", "name", "post", "phone", "seq")
    return {field: getattr(member, field) for field in fields}


@role_required(Role.OFFICE)
def group(request):
    campaign = current_campaign_or_404()
    org = selectors.organisation(campaign, Unit.objects.none())
    kept = KEEPER.page(request)

    def rows(members):
        return [
            (
                m,
                kept.form(
                    f"member-{m.pk}",
                    GroupMemberForm,
                    body=m.body,
                    initial=_member_initial(m),
                    auto_id=f"id_%s_{m.pk}",
                ),
            )
            for m in members
        ]

    office = org.office
    office_initial = (
        {"seat": office.seat, "phone": office.phone, "address": office.address}
        if office
        else {"seat": "市委组织部"}
    )
    return render(
        request,
        "organisation/group.html",
        {
            "org": org,
            "leading_group": rows(org.leading_group),
            "office_members": rows(org.office_members),
            "add_group": kept.form(
                "member-add-leading_group",
                GroupMemberForm,
                body=Body.LEADING_GROUP,
                auto_id="id_%s_group",
            ),
            "add_office": kept.form(
                "member-add-office", GroupMemberForm, body=Body.OFFICE, auto_id="id_%s_office"
            ),
            "office_form": kept.form("office", GroupOfficeForm, initial=office_initial),
        },
    )


def _member_add(request, body: str):
    campaign = current_campaign_or_404()
    return _submit(
        request,
        f"member-add-{body}",
        GroupMemberForm(request.POST, body=body),
        lambda data: svc.group_member_add(actor=request.user, campaign=campaign, body=body, **data),
        f"已添加{Body(body).label}成员。",
        "organisation:group",
    )


@role_required(Role.OFFICE)
@require_POST
def group_member_add(request):
    return _member_add(request, Body.LEADING_GROUP)


@role_required(Role.OFFICE)
@require_POST
def office_member_add(request):
    return _member_add(request, Body.OFFICE)


@role_required(Role.OFFICE)
@require_POST
def member_edit(request, pk: int):
    member = access_group_member(request.user, pk, campaign=current_campaign_or_404())
    return _submit(
        request,
        f"member-{member.pk}",
        GroupMemberForm(request.POST, body=member.body),
        lambda data: svc.group_member_update(actor=request.user, member=member, **data),
        f"已修改{member.name}的信息。",
        "organisation:group",
    )


@role_required(Role.OFFICE)
@require_POST
def member_remove(request, pk: int):
    member = access_group_member(request.user, pk, campaign=current_campaign_or_404())
    done = f"已将{member.name}移出{member.get_body_display()}。"
    act(request, lambda: svc.group_member_remove(actor=request.user, member=member), done)
    return redirect("organisation:group")


@role_required(Role.OFFICE)
@require_POST
def office_edit(request):
    campaign = current_campaign_or_404()
    return _submit(
        request,
        "office",
        GroupOfficeForm(request.POST),
        lambda data: svc.group_office_update(actor=request.user, campaign=campaign, **data),
        "已保存领导小组办公室信息。",
        "organisation:group",
    )


# ------------------------------------------------------------------ each unit's page


def _leader_initial(leader: ResponsibleLeader | None) -> dict:
    if leader is None:
        return {}
    return {"name": leader.name, "post": leader.post, "phone": leader.phone}


def _team_initial(member) -> dict:
    return {f: getattr(member, f) for f in ("name", "post", "duty", "phone", "seq")}


@role_required(*UNIT_ROLES)
def unit(request):
    campaign = current_campaign_or_404()
    unit = request.user.unit
    (row,) = selectors.unit_teams(campaign, Unit.objects.filter(pk=unit.pk))
    kept = KEEPER.page(request)
    team = [
        (
            m,
            kept.form(
                f"team-{m.pk}",
                TaskTeamMemberForm,
                initial=_team_initial(m),
                auto_id=f"id_%s_{m.pk}",
            ),
        )
        for m in row.team
    ]
    return render(
        request,
        "organisation/unit.html",
        {
            "row": row,
            "office": selectors.group_office(campaign),
            "team": team,
            "leader_form": kept.form(
                "leader",
                ResponsibleLeaderForm,
                initial=_leader_initial(row.leader),
                auto_id="id_%s_leader",
            ),
            "add_form": kept.form("team-add", TaskTeamMemberForm, auto_id="id_%s_new"),
        },
    )


@role_required(*UNIT_ROLES)
@require_POST
def leader_set(request):
    campaign = current_campaign_or_404()
    return _submit(
        request,
        "leader",
        ResponsibleLeaderForm(request.POST),
        lambda data: svc.responsible_leader_set(
            actor=request.user, campaign=campaign, unit=request.user.unit, **data
        ),
        "已保存本单位第一责任人。",
        "organisation:unit",
    )


@role_required(*UNIT_ROLES)
@require_POST
def team_add(request):
    campaign = current_campaign_or_404()
    return _submit(
        request,
        "team-add",
        TaskTeamMemberForm(request.POST),
        lambda data: svc.task_team_member_add(
            actor=request.user, campaign=campaign, unit=request.user.unit, **data
        ),
        "已添加工作专班成员。",
        "organisation:unit",
    )


@role_required(*UNIT_ROLES)
@require_POST
def team_edit(request, pk: int):
    member = access_team_member(request.user, pk, campaign=current_campaign_or_404())
    return _submit(
        request,
        f"team-{member.pk}",
        TaskTeamMemberForm(request.POST),
        lambda data: svc.task_team_member_update(actor=request.user, member=member, **data),
        f"已修改{member.name}的信息。",
        "organisation:unit",
    )


@role_required(*UNIT_ROLES)
@require_POST
def team_remove(request, pk: int):
    member = access_team_member(request.user, pk, campaign=current_campaign_or_404())
    done = f"已将{member.name}移出本单位工作专班。"
    act(request, lambda: svc.task_team_member_remove(actor=request.user, member=member), done)
    return redirect("organisation:unit")
