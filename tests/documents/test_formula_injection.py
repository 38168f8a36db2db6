"""Security issue 2: every spreadsheet cell of user text is text, in every download.

Each .xlsx writer gets the hostile values of ``hostile.HOSTILE`` (formulas, a NUL byte, a
string longer than a cell) wherever user text goes, and the downloads the app offers are
fetched with such text in the database. No cell may be a formula, none may pass Excel's
limit, and the text must come out as typed. The Word and .lrmx forms take the same values
without failing.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from types import SimpleNamespace as NS

import pytest
from django.urls import reverse

from cadrex.competition.decision import paperwork
from cadrex.competition.hearing import paperwork as hearing_paperwork
from cadrex.competition.registration import paperwork as registration_paperwork
from cadrex.competition.registration.forms_data import APPLICATION_FIELDS
from cadrex.documents.application_form import application_form_xlsx
from cadrex.documents.appointment_form import appointment_form_docx, appointment_form_lrmx
from cadrex.documents.ballot_summary import ballot_summary_xlsx
from cadrex.documents.exchange import (
    candidate_table_xlsx,
    preference_form_xlsx,
    proposal_form_xlsx,
    results_table_xlsx,
)
from cadrex.documents.openings import openings_table_xlsx
from cadrex.documents.score_summary import score_summary_xlsx
from cadrex.documents.values import (
    OpeningRow,
    OpeningsTable,
    ProposalForm,
    ProposalLine,
    ProposalUnit,
    ResultRow,
    ResultsTable,
)
from cadrex.documents.xlsx import sheet_title, table_workbook
from cadrex.exchange import paperwork as exchange_paperwork
from cadrex.registry.models import Unit
from tests.clock import current as current_clock
from tests.documents.hostile import FORMULAS, HOSTILE, NUL, appointment_like, assert_safe_workbook


@pytest.mark.parametrize("value", HOSTILE)
def test_issue2_the_table_writer_keeps_every_value_text(value):
    content = table_workbook(
        f"{value}/表", (value, "列"), [(value, 1), ("甲", value)], (10, 10), value
    )
    assert_safe_workbook(content, value)


@pytest.mark.parametrize(
    "title", ["单位/科室", "a[b]:c*?", "'引号'", "", "\x00", "名" * 40, "=1+1"]
)
def test_issue2_any_title_gives_a_sheet_title_excel_accepts(title):
    """A post or unit name with "/" once made the sheet title, and so the download, fail."""
    made = sheet_title(title)
    assert made and len(made) <= 31 and not set(made) & set("\\/*?:[]")
    assert not made.startswith("'") and not made.endswith("'")
    table_workbook(title, ("列",), [], (10,))  # no exception


@pytest.mark.parametrize("value", HOSTILE)
def test_issue2_the_openings_table(value):
    opening = OpeningRow(
        unit=value,
        post_name=value,
        level="副职",
        section=value,
        seats=1,
        duties=value,
        conditions=value,
        contact=value,
        headcount=3,
    )
    assert_safe_workbook(openings_table_xlsx(OpeningsTable(value, (opening,))), value)


@pytest.mark.parametrize("value", HOSTILE)
def test_issue2_the_part_b_tables(value):
    cadre = NS(
        name=value,
        sex="男",
        birth_date=current_clock().born(40),
        education=value,
        rank=value,
        current_post=value,
    )
    candidate = NS(
        cadre=cadre,
        home_unit=NS(name=value),
        signed_up=False,
        added_reason=value,
        preferences=NS(all=lambda: [NS(unit=NS(name=value), rank=1)]),
        preferences_filed_at=None,
    )
    proposal = ProposalLine(rank=1, name=value, home=value, choice=value)
    result = ResultRow(
        **dict.fromkeys(("name", "home", "unit", "how", "note", "answer"), value), deadline=None
    )
    for content in (
        candidate_table_xlsx(exchange_paperwork.candidate_table(value, [candidate])),
        preference_form_xlsx(exchange_paperwork.preference_form(value, [candidate], 2)),
        proposal_form_xlsx(
            ProposalForm(
                value, True, (ProposalUnit(unit=value, vacancies=1, proposals=(proposal,)),)
            )
        ),
        results_table_xlsx(ResultsTable(value, (result,))),
    ):
        assert_safe_workbook(content, value)


@pytest.mark.parametrize("value", HOSTILE)
def test_issue2_the_application_form_a_cadre_fills_in(value):
    """The issue's own example: =HYPERLINK(…) typed on the application form."""
    application = NS(
        pk=1,
        created_at=current_clock().now,
        form={f.key: value for f in APPLICATION_FIELDS},
        opening=NS(unit=NS(name=value), post_name=value),
        consent_at=None,
        reviewed_at=None,
        status="submitted",
        consent_note=value,
        review_note=value,
    )
    assert_safe_workbook(
        application_form_xlsx(registration_paperwork.application_form(application)), value
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_issue2_the_ballot_summary(value):
    ballot = NS(
        tally={},
        candidates=[],
        committee=value,
        held_on=current_clock().today,
        round=1,
        expected=9,
        present=7,
        on_leave=value,
        status="counted",
        supervisor=value,
        counter=value,
        opening=NS(unit=NS(name=value), post_name=value),
    )
    assert_safe_workbook(ballot_summary_xlsx(paperwork.ballot_summary(ballot)), value)


@pytest.mark.parametrize("value", (*FORMULAS, NUL, "换行\x0b之后", "响铃\x07"))
def test_issue2_the_appointment_form_takes_any_text_in_word_and_lrmx(value):
    """python-docx refuses control characters and ElementTree writes them into invalid XML:
    both once failed on text pasted from another program."""
    from docx import Document

    docx = appointment_form_docx(paperwork.approval_form(appointment_like(value)))
    cells = [c.text for t in Document(io.BytesIO(docx)).tables for r in t.rows for c in r.cells]
    assert cells[cells.index("拟任职务") + 1] == value.replace("\x00", "").replace(
        "\x0b", "\n"
    ).replace("\x07", "")
    root = ET.fromstring(appointment_form_lrmx(paperwork.approval_form(appointment_like(value))))
    assert root.findtext("RenMianLiYou") is not None


@pytest.mark.django_db
def test_issue2_the_downloads_of_part_a_with_formulas_in_the_database(client, scored):
    """The real downloads, from the database: unit, post, room, names and the form."""
    from cadrex.competition.models import Application

    h = dict(enumerate(FORMULAS))
    Unit.objects.filter(pk=scored["units"]["D01"].pk).update(name=h[0])
    opening = scored["d01"]
    opening.post_name, opening.duties, opening.contact = h[1], h[2], h[3]
    opening.save()
    hearing = scored["hearing"]
    hearing.room = h[4]
    hearing.save()
    top = scored["top"]
    top.cadre.name = h[4]
    top.cadre.save()
    Application.objects.filter(pk=top.pk).update(form={**top.form, "resume": h[0], "phone": h[2]})
    client.force_login(scored["users"]["office"])
    for url, values in [
        (reverse("competition:openings_xlsx"), (h[0], h[1], h[2], h[3])),
        (reverse("competition:application_form", args=[top.pk, "xlsx"]), (h[0], h[2])),
        (reverse("competition:score_summary", args=[hearing.pk, "xlsx"]), (h[0], h[1], h[4])),
        (reverse("registry:roster_export"), (h[0], h[4])),
        (reverse("registry:roster_template"), ()),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe_workbook(response.content, *values)


@pytest.mark.django_db
def test_issue2_the_score_summary_writer_with_a_formula_as_room(scored):
    scored["hearing"].room = '=HYPERLINK("http://x","y")'
    content = score_summary_xlsx(hearing_paperwork.score_summary(scored["hearing"]))
    assert_safe_workbook(content, '=HYPERLINK("http://x","y")')


@pytest.mark.django_db
def test_issue2_the_schedule_download_keeps_the_campaign_name_text(as_user, campaign):
    campaign.name = "=1+1"
    campaign.save()
    response = as_user("office").get(reverse("campaigns:schedule_xlsx"))
    assert response.status_code == 200
    assert_safe_workbook(response.content, "=1+1")


def test_issue2_a_string_cell_is_written_inline_never_as_a_formula_element():
    content = table_workbook("表", ("列",), [("=1+1",)], (10,))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
    assert "<is><t>=1+1</t></is>" in sheet and "<f>" not in sheet
    # Excel's quote prefix: editing the cell in Excel keeps it text, as a typed ' would.
    assert 'quotePrefix="1"' in styles
