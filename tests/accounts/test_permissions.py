"""The permissions matrix: every page, every persona. A unit's people see only their unit."""

from __future__ import annotations

import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from cadrex.audit.models import Event
from cadrex.competition.models import Appointment, BallotRound, Hearing, Juror, Probation
from cadrex.competition.registration import services
from cadrex.documents.pdf import pdf_available
from tests.exchange.matrix import COVERED as EXCHANGE_COVERED
from tests.notifications.matrix import COVERED as NOTIFICATIONS_COVERED
from tests.organisation.matrix import COVERED as ORGANISATION_COVERED

PERSONAS = ["anon", "office", "orgdept", "operator", "leader", "other_operator", "cadre", "juror"]

# page → expected status per persona, in PERSONAS order. 302 for anon means "to login";
# 404 means "outside your scope" (we do not confirm another unit's record exists).
LOGIN = 302
MATRIX = {
    ("home", ()): [LOGIN, 200, 200, 200, 200, 200, 200, 200],
    # one person, several roles (ADR 0014): each person's own roles and their to-dos
    ("home:roles", ()): [LOGIN, 200, 200, 200, 200, 200, 200, 200],
    ("registry:units", ()): [LOGIN, 200, 200, 403, 403, 403, 403, 403],
    ("registry:unit_detail", ("D01",)): [LOGIN, 200, 200, 200, 200, 404, 403, 403],
    ("registry:my_unit", ()): [LOGIN, 403, 403, 302, 302, 302, 403, 403],
    ("registry:cadres", ()): [LOGIN, 200, 200, 200, 200, 200, 403, 403],
    ("registry:cadre_detail", ("甲二",)): [LOGIN, 200, 200, 200, 200, 404, 404, 403],
    ("registry:cadre_detail", ("乙一",)): [LOGIN, 200, 200, 404, 404, 200, 200, 403],
    ("registry:me", ()): [LOGIN, 403, 403, 403, 403, 403, 302, 403],
    ("registry:roster_import", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("registry:photos_import", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("registry:roster_template", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("registry:roster_export", ()): [LOGIN, 200, 200, 200, 200, 200, 403, 403],
    ("campaigns:detail", ()): [LOGIN, 200, 200, 403, 403, 403, 403, 403],
    ("campaigns:policy_edit", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("campaigns:schedule_edit", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("campaigns:calendar", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("campaigns:schedule", ()): [200] * 8,
    ("campaigns:schedule_xlsx", ()): [200] * 8,
    ("campaigns:policy_notes", ()): [LOGIN] + [200] * 7,
    ("campaigns:policy_notes_pdf", ()): [LOGIN] + [200] * 7,
    ("audit:events", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("notices:index", ()): [200] * 8,
    ("login", ()): [200, 302, 302, 302, 302, 302, 302, 302],
    # part A registration
    ("competition:declaration", ()): [LOGIN, 403, 403, 200, 200, 200, 403, 403],
    ("competition:opening_edit", ("d01",)): [LOGIN, 403, 403, 200, 200, 404, 403, 403],
    ("competition:office_declarations", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("competition:openings_xlsx", ()): [LOGIN, 200, 200, 200, 200, 200, 403, 403],
    ("competition:openings", ()): [LOGIN, 403, 403, 403, 403, 403, 200, 403],
    ("competition:apply", ("d01",)): [LOGIN, 403, 403, 403, 403, 403, 200, 403],
    ("competition:my_applications", ()): [LOGIN, 403, 403, 403, 403, 403, 200, 403],
    ("competition:application_form", ("app", "xlsx")): [LOGIN, 200, 403, 200, 200, 200, 200, 403],
    ("competition:application_form_blank", ("xlsx",)): [LOGIN, 200, 200, 200, 200, 200, 200, 200],
    ("competition:consents", ()): [LOGIN, 403, 403, 403, 200, 403, 403, 403],
    ("competition:review", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("competition:unit_applications", ()): [LOGIN, 403, 403, 200, 200, 200, 403, 403],
    ("competition:shortlist", ("d01",)): [LOGIN, 403, 403, 200, 200, 404, 403, 403],
    ("competition:office_shortlists", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("notices:openings", ()): [200] * 8,
    ("notices:daily_counts", ()): [200] * 8,
    ("notices:contestants", ()): [200] * 8,
    # A8 the hearing
    ("competition:hearings", ()): [LOGIN, 200, 403, 403, 200, 403, 403, 403],
    ("competition:hearing_setup", ("hearing",)): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("competition:hearing_chair", ("hearing",)): [LOGIN, 200, 403, 403, 200, 403, 403, 403],
    ("competition:score_summary", ("hearing", "xlsx")): [LOGIN, 200, 200, 403, 200, 403, 403, 403],
    ("notices:results", ()): [200] * 8,
    ("notices:publicity", ()): [200] * 8,
    ("notices:publicity_pdf", ()): [404] * 8,  # nobody in publicity yet (the appt is a draft)
    # A9–A12, C4
    ("competition:decisions", ()): [LOGIN, 200, 403, 200, 200, 200, 403, 403],
    ("competition:vetting_record_pdf", ("d01",)): [LOGIN, 200, 200, 200, 200, 404, 403, 403],
    ("competition:decision", ("d01",)): [LOGIN, 200, 200, 200, 200, 404, 403, 403],
    ("competition:appointments", ()): [LOGIN, 200, 200, 403, 403, 403, 403, 403],
    ("competition:appointment_details", ("appt",)): [LOGIN, 403, 403, 200, 200, 404, 403, 403],
    ("competition:appointment_form", ("appt", "lrmx")): [LOGIN, 200, 200, 200, 200, 404, 403, 403],
    ("competition:ballot_summary", ("ballot", "xlsx")): [LOGIN, 200, 200, 200, 200, 404, 403, 403],
    ("competition:headcounts", ()): [LOGIN, 200, 200, 403, 403, 403, 403, 403],
    ("competition:adjustments", ()): [LOGIN, 403, 403, 200, 200, 200, 403, 403],
    ("competition:talks", ()): [LOGIN, 403, 403, 200, 200, 200, 403, 403],
}

# POST-only actions → the personas who may post them. Everyone else is turned away
# (login for the anonymous, 403 for a wrong role) and the audit log does not move.
POSTS = {
    ("competition:declaration_submit", ()): {"leader"},
    ("competition:opening_delete", ("d01",)): {"operator", "leader"},
    ("competition:declaration_return", ("decl",)): {"office"},
    ("competition:openings_publish", ()): {"office"},
    ("competition:application_withdraw", ("app",)): {"cadre"},
    ("competition:consent", ("app",)): {"leader"},
    ("competition:counts_snapshot", ()): {"office"},
    ("competition:review_decide", ("app",)): {"office"},
    ("competition:review_qualify_all", ()): {"office"},
    ("competition:review_close", ()): {"office"},
    ("competition:contestants_publish", ()): {"office"},
    ("campaigns:schedule_shift", ()): {"office"},
    ("campaigns:calendar", ()): {"office"},
    ("campaigns:calendar_remove", ()): {"office"},
    ("competition:hearing_schedule", ("d01",)): {"office"},
    ("competition:hearing_draw_lots", ("hearing",)): {"office"},
    ("competition:juror_add", ("hearing",)): {"office"},
    ("competition:jurors_add_staff", ("hearing",)): {"office"},
    ("competition:juror_remove", ("hearing", "juror")): {"office"},
    ("competition:juror_release", ("hearing", "juror")): {"office"},
    ("competition:recusal_declare", ("hearing",)): {"office"},
    ("competition:scoring_open", ("hearing",)): {"office", "leader"},
    ("competition:scoring_close", ("hearing",)): {"office", "leader"},
    ("competition:score_void", ("hearing",)): {"office"},
    ("competition:score_paper", ("hearing",)): {"office"},
    ("competition:results_publish", ("hearing",)): {"office"},
    ("demo:advance", ()): {"office"},
    # Anyone logged in may ask to switch; a role not held is refused (tests/accounts/test_roles.py).
    ("role_switch", ()): set(PERSONAS) - {"anon"},
    ("competition:vetting_fix", ("d01",)): {"operator", "leader"},
    ("competition:vetting_record", ("d01",)): {"operator", "leader"},
    ("competition:ballot_open", ("d01",)): {"operator", "leader"},
    ("competition:ballot_papers", ("d01",)): {"operator", "leader"},
    ("competition:ballot_count", ("d01",)): {"operator", "leader"},
    ("competition:terminal_reset", ("d01",)): {"operator", "leader"},
    ("competition:tie_break", ("d01",)): {"office"},
    ("competition:appointment_prepare", ("d01",)): {"operator", "leader"},
    ("competition:appointment_submit", ("d01",)): {"leader"},
    ("competition:appointment_publicise", ("d01",)): {"operator", "leader"},
    ("competition:appointment_publish", ("d01",)): {"operator", "leader"},
    ("competition:appointment_review", ("appt",)): {"orgdept"},
    ("competition:appointment_details", ("appt",)): {"operator", "leader"},
    ("registry:cadre_photo_upload", ("甲二",)): {"office", "operator"},
    ("competition:probation_conclude", ("probation",)): {"orgdept"},
    ("competition:adjustments", ()): {"operator", "leader", "other_operator"},
    ("competition:talks", ()): {"operator", "leader", "other_operator"},
    ("registry:roster_export_start", ()): {
        "office",
        "orgdept",
        "operator",
        "leader",
        "other_operator",
    },
}
# logout is POST-only; admin is Django's own; a juror's link is guarded by its token and
# its device binding, not by a role (tests/competition/test_hearing.py covers it); a
# secret ballot's terminal link likewise (tests/competition/test_secret_ballot.py); a
# background job's page and file answer only the person who started it
# (tests/registry/test_roster_jobs.py, tests/jobs/test_jobs.py).
PDF_ONLY = {
    "campaigns:policy_notes_pdf",
    "competition:vetting_record_pdf",
}
NOT_OURS = {
    "logout",
    "admin",
    "healthz",
    "juror_page",
    "ballot_page",
    "registry:roster_job",
    "registry:roster_job_file",
}


def _names(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if entry.app_name != "admin":
                names |= _names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_the_matrix_covers_every_named_page():
    covered = (
        {name for name, _ in MATRIX}
        | {name for name, _ in POSTS}
        | EXCHANGE_COVERED
        | NOTIFICATIONS_COVERED
        | ORGANISATION_COVERED
    )
    assert _names() - covered - NOT_OURS == set()


def _url(world, name: str, args: tuple) -> str:
    resolved = []
    for arg in args:
        if arg in world["cadres"]:
            resolved.append(world["cadres"][arg].pk)
        elif arg in ("d01", "app", "decl", "hearing", "juror", "appt", "ballot", "probation"):
            resolved.append(world[arg].pk)
        else:
            resolved.append(arg)
    return reverse(name, args=resolved)


@pytest.fixture
def matrix_world(part_a, clock):
    """The personas' world with a published opening of D01 and 乙一's consented application."""
    application = services.application_submit(
        actor=None, cadre=part_a["cadres"]["乙一"], opening=part_a["d01"], recusal_confirmed=True
    )
    services.application_consent(actor=None, application=application, agree=True)
    hearing = Hearing.objects.create(opening=part_a["d01"], scheduled_at=clock.now, room="三楼")
    juror = Juror.objects.create(hearing=hearing, jury="staff", name="群众甲", token="matrix-token")
    appointment = Appointment.objects.create(
        opening=part_a["d01"], application=application, proposed_post="办公室副主任"
    )
    probation = Probation.objects.create(
        appointment=appointment, start=clock.today, end=clock.today
    )
    ballot = BallotRound.objects.create(
        opening=part_a["d01"],
        round=1,
        held_on=clock.today,
        committee="党组",
        expected=9,
        present=7,
        mode="counted",
        candidates=[],
    )
    return {
        **part_a,
        "app": application,
        "decl": part_a["d01"].declaration,
        "hearing": hearing,
        "juror": juror,
        "appt": appointment,
        "ballot": ballot,
        "probation": probation,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona_as_the_matrix_says(client, matrix_world, persona):
    world = matrix_world
    if persona != "anon":
        client.force_login(world["users"][persona])
    wrong = {}
    for (name, args), expected in MATRIX.items():
        if name in PDF_ONLY and not pdf_available():
            continue  # a PDF-only page redirects with a message when pango is missing
        status = client.get(_url(world, name, args)).status_code
        want = expected[PERSONAS.index(persona)]
        if status != want:
            wrong[f"{name}{args}"] = (want, status)
    assert wrong == {}


def test_a_unit_operator_cannot_filter_their_way_into_another_unit(as_user, world):
    page = as_user("operator").get(reverse("registry:cadres"), {"unit": "D02"})
    names = {c.name for c in page.context["page"]}
    assert names == {"甲一", "甲二"}


def test_a_unit_operators_export_holds_only_their_own_unit(as_user, world):
    response = as_user("operator").get(reverse("registry:roster_export"))
    wb = load_workbook(io.BytesIO(response.content))
    rows = [r for r in wb["干部"].iter_rows(min_row=2, values_only=True) if r[0]]
    units = {row[3] for row in rows}
    assert units == {"D01"} and len(rows) == 2


def test_only_the_office_sees_full_id_numbers(as_user, world):
    jia = world["cadres"]["甲二"]
    url = reverse("registry:cadre_detail", args=[jia.pk])
    assert jia.id_number in as_user("office").get(url).content.decode()
    body = as_user("operator").get(url).content.decode()
    assert jia.id_number not in body and jia.masked_id_number in body


def test_a_unit_operator_cannot_post_to_the_office_pages(as_user, world, campaign):
    client = as_user("operator")
    response = client.post(reverse("campaigns:policy_edit"), {"leader_jury_size": "5"})
    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.policy_overrides == {}
    with open(__file__, "rb") as handle:
        response = client.post(reverse("registry:roster_import"), {"file": handle})
    assert response.status_code == 403


@pytest.mark.django_db
def test_public_pages_show_no_personal_data(client, world, campaign):
    body = client.get(reverse("notices:index")).content.decode()
    for cadre in world["cadres"].values():
        assert cadre.name not in body and cadre.id_number not in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_actions_turn_away_everyone_else_and_change_nothing(client, matrix_world, persona):
    world = matrix_world
    if persona != "anon":
        client.force_login(world["users"][persona])
    wrong = {}
    for (name, args), allowed in POSTS.items():
        if persona in allowed:
            continue
        before = Event.objects.count()
        status = client.post(_url(world, name, args)).status_code
        want = LOGIN if persona == "anon" else (403, 404)
        if (
            status != want if persona == "anon" else status not in want
        ) or Event.objects.count() != before:
            wrong[name] = status
    assert wrong == {}


def test_refusals_are_chinese_pages_with_a_way_back(client, world):
    client.force_login(world["users"]["cadre"])
    body = client.get(reverse("audit:events")).content.decode()
    assert "无权访问" in body and "您的角色无权办理此事项" in body and "返回工作台" in body
    client.force_login(world["users"]["operator"])
    body = client.get(reverse("registry:unit_detail", args=["D02"])).content.decode()
    assert "没有找到该单位，或您无权查看" in body
