"""The decision's URLs (A9–A12, C4), joined into the ``competition`` namespace by
``cadrex.competition.urls``. The voting terminal's own link (``/b/<token>/``) sits at the
site's root."""

from django.urls import path

from cadrex.competition import converters  # noqa: F401 — registers <table:fmt>, <approval:fmt>
from cadrex.competition.decision import appointment_views as av
from cadrex.competition.decision import ballot_views as bv
from cadrex.competition.decision import terminal_views as tv
from cadrex.competition.decision import views as dv

urlpatterns = [
    # A9–A12, C4
    path("decisions/", dv.decisions, name="decisions"),
    path("openings/<int:pk>/decision/", dv.decision, name="decision"),
    path("openings/<int:pk>/vetting/", dv.vetting_fix, name="vetting_fix"),
    path("openings/<int:pk>/tie-break/", dv.tie_break, name="tie_break"),
    path("openings/<int:pk>/vetting/record/", dv.vetting_record, name="vetting_record"),
    path("openings/<int:pk>/vetting.pdf", av.vetting_record_pdf, name="vetting_record_pdf"),
    path("openings/<int:pk>/ballot/", bv.ballot_open, name="ballot_open"),
    path("openings/<int:pk>/ballot/papers/", bv.ballot_papers, name="ballot_papers"),
    path("openings/<int:pk>/ballot/count/", bv.ballot_count, name="ballot_count"),
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
    path("appointments/", av.appointments, name="appointments"),
    path("appointments/<int:pk>/review/", av.appointment_review, name="appointment_review"),
    path("appointments/<int:pk>/details/", av.appointment_details, name="appointment_details"),
    path("appointments/<int:pk>/form.<approval:fmt>", av.appointment_form, name="appointment_form"),
    path("ballots/<int:pk>/summary.<table:fmt>", av.ballot_summary, name="ballot_summary"),
    path("probations/<int:pk>/", av.probation_conclude, name="probation_conclude"),
    path("headcounts/", av.headcounts, name="headcounts"),
    path("adjustments/", av.adjustments, name="adjustments"),
    path("talks/", av.talks, name="talks"),
]
