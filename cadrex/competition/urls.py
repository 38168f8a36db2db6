from django.urls import path, register_converter

from cadrex.competition import decision_views as dv
from cadrex.competition import hearing_views as hv
from cadrex.competition import terminal_views as tv
from cadrex.competition import views


class _Formats:
    """A download's format: only the ones the view writes (anything else is a 404)."""

    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TableFormat(_Formats):
    regex = "xlsx|pdf"


class ApprovalFormat(_Formats):
    regex = "docx|pdf|lrmx"


register_converter(TableFormat, "table")
register_converter(ApprovalFormat, "approval")

app_name = "competition"
urlpatterns = [
    # A1 the unit declares, A2 the office publishes
    path("declaration/", views.declaration, name="declaration"),
    path("declaration/submit/", views.declaration_submit, name="declaration_submit"),
    path("openings/<int:pk>/edit/", views.opening_edit, name="opening_edit"),
    path("openings/<int:pk>/delete/", views.opening_delete, name="opening_delete"),
    path("office/declarations/", views.office_declarations, name="office_declarations"),
    path(
        "office/declarations/<int:pk>/return/", views.declaration_return, name="declaration_return"
    ),
    path("office/publish/", views.openings_publish, name="openings_publish"),
    path("openings.xlsx", views.openings_xlsx, name="openings_xlsx"),
    # A3–A5 applying, consenting, switching
    path("openings/", views.openings, name="openings"),
    path("openings/<int:pk>/apply/", views.apply, name="apply"),
    path("my/", views.my_applications, name="my_applications"),
    path(
        "applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"
    ),
    path("applications/<int:pk>/form.<table:fmt>", views.application_form, name="application_form"),
    path("consents/", views.consents, name="consents"),
    path("consents/<int:pk>/", views.consent, name="consent"),
    # A4 daily counts on demand
    path("office/counts/snapshot/", views.counts_snapshot, name="counts_snapshot"),
    # A6 review
    path("office/review/", views.review, name="review"),
    path("office/review/<int:pk>/", views.review_decide, name="review_decide"),
    path("office/review/qualify-all/", views.review_qualify_all, name="review_qualify_all"),
    path("office/review/close/", views.review_close, name="review_close"),
    # A7 shortlist
    path("unit/applications/", views.unit_applications, name="unit_applications"),
    path("openings/<int:pk>/shortlist/", views.shortlist, name="shortlist"),
    path("office/shortlists/", views.office_shortlists, name="office_shortlists"),
    path("office/contestants/publish/", views.contestants_publish, name="contestants_publish"),
    # A8 the hearing
    path("hearings/", hv.hearings, name="hearings"),
    path("openings/<int:pk>/hearing/", hv.hearing_schedule, name="hearing_schedule"),
    path("hearings/<int:pk>/", hv.hearing_setup, name="hearing_setup"),
    path("hearings/<int:pk>/lots/", hv.hearing_draw_lots, name="hearing_draw_lots"),
    path("hearings/<int:pk>/jurors/", hv.juror_add, name="juror_add"),
    path("hearings/<int:pk>/jurors/staff/", hv.jurors_add_staff, name="jurors_add_staff"),
    path("hearings/<int:pk>/jurors/<int:juror>/remove/", hv.juror_remove, name="juror_remove"),
    path("hearings/<int:pk>/jurors/<int:juror>/release/", hv.juror_release, name="juror_release"),
    path("hearings/<int:pk>/recusals/", hv.recusal_declare, name="recusal_declare"),
    path("hearings/<int:pk>/chair/", hv.hearing_chair, name="hearing_chair"),
    path("hearings/<int:pk>/scoring/open/", hv.scoring_open, name="scoring_open"),
    path("hearings/<int:pk>/scoring/close/", hv.scoring_close, name="scoring_close"),
    path("hearings/<int:pk>/scores/void/", hv.score_void, name="score_void"),
    path("hearings/<int:pk>/scores/paper/", hv.score_paper, name="score_paper"),
    path("hearings/<int:pk>/publish/", hv.results_publish, name="results_publish"),
    path("hearings/<int:pk>/summary.<table:fmt>", hv.score_summary, name="score_summary"),
    # A9–A12, C4
    path("decisions/", dv.decisions, name="decisions"),
    path("openings/<int:pk>/decision/", dv.decision, name="decision"),
    path("openings/<int:pk>/vetting/", dv.vetting_fix, name="vetting_fix"),
    path("openings/<int:pk>/tie-break/", dv.tie_break, name="tie_break"),
    path("openings/<int:pk>/vetting/record/", dv.vetting_record, name="vetting_record"),
    path("openings/<int:pk>/vetting.pdf", dv.vetting_record_pdf, name="vetting_record_pdf"),
    path("openings/<int:pk>/ballot/", dv.ballot_open, name="ballot_open"),
    path("openings/<int:pk>/ballot/papers/", dv.ballot_papers, name="ballot_papers"),
    path("openings/<int:pk>/ballot/count/", dv.ballot_count, name="ballot_count"),
    path("openings/<int:pk>/ballot/terminal-reset/", tv.terminal_reset, name="terminal_reset"),
    path("openings/<int:pk>/appointment/", dv.appointment_prepare, name="appointment_prepare"),
    path("openings/<int:pk>/appointment/submit/", dv.appointment_submit, name="appointment_submit"),
    path(
        "openings/<int:pk>/appointment/publicise/",
        dv.appointment_publicise,
        name="appointment_publicise",
    ),
    path(
        "openings/<int:pk>/appointment/publish/", dv.appointment_publish, name="appointment_publish"
    ),
    path("appointments/", dv.appointments, name="appointments"),
    path("appointments/<int:pk>/review/", dv.appointment_review, name="appointment_review"),
    path("appointments/<int:pk>/form.<approval:fmt>", dv.appointment_form, name="appointment_form"),
    path("ballots/<int:pk>/summary.<table:fmt>", dv.ballot_summary, name="ballot_summary"),
    path("probations/<int:pk>/", dv.probation_conclude, name="probation_conclude"),
    path("headcounts/", dv.headcounts, name="headcounts"),
    path("adjustments/", dv.adjustments, name="adjustments"),
    path("talks/", dv.talks, name="talks"),
]
