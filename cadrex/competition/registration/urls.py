"""Registration's URLs (A1–A7). ``cadrex.competition.urls`` joins every stage's list under
the one ``competition`` namespace: paths and names are the app's, not the stage's."""

from django.urls import path

from cadrex.competition import converters  # noqa: F401 — registers <table:fmt>
from cadrex.competition.registration import blank_form, views
from cadrex.competition.registration import screening_views as sv

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
    path(
        "application-form/blank.<table:fmt>",
        blank_form.application_form_blank,
        name="application_form_blank",
    ),
    path("consents/", views.consents, name="consents"),
    path("consents/<int:pk>/", views.consent, name="consent"),
    # A4 daily counts on demand
    path("office/counts/snapshot/", views.counts_snapshot, name="counts_snapshot"),
    # A6 review
    path("office/review/", sv.review, name="review"),
    path("office/review/<int:pk>/", sv.review_decide, name="review_decide"),
    path("office/review/qualify-all/", sv.review_qualify_all, name="review_qualify_all"),
    path("office/review/close/", sv.review_close, name="review_close"),
    # A7 shortlist
    path("unit/applications/", sv.unit_applications, name="unit_applications"),
    path("openings/<int:pk>/shortlist/", sv.shortlist, name="shortlist"),
    path("office/shortlists/", sv.office_shortlists, name="office_shortlists"),
    path("office/contestants/publish/", sv.contestants_publish, name="contestants_publish"),
]
