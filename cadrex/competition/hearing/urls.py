"""The hearing's URLs (A8), joined into the ``competition`` namespace by
``cadrex.competition.urls``. The juror's own link (``/j/<token>/``) sits at the site's root."""

from django.urls import path

from cadrex.competition import converters  # noqa: F401 — registers <table:fmt>
from cadrex.competition.hearing import chair_views as cv
from cadrex.competition.hearing import views as hv

urlpatterns = [
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
    path("hearings/<int:pk>/chair/", cv.hearing_chair, name="hearing_chair"),
    path("hearings/<int:pk>/scoring/open/", cv.scoring_open, name="scoring_open"),
    path("hearings/<int:pk>/scoring/close/", cv.scoring_close, name="scoring_close"),
    path("hearings/<int:pk>/scores/void/", cv.score_void, name="score_void"),
    path("hearings/<int:pk>/scores/paper/", cv.score_paper, name="score_paper"),
    path("hearings/<int:pk>/publish/", cv.results_publish, name="results_publish"),
    path("hearings/<int:pk>/summary.<table:fmt>", cv.score_summary, name="score_summary"),
]
