from django.urls import path

from cadrex.exchange import deadline_views, decision_views, office_views, pdf_views, views

app_name = "exchange"
urlpatterns = [
    # B1 the cadre signs up; B3 files preferences; B7 answers
    path("my/", views.my, name="my"),
    path("my/signup/", views.signup, name="signup"),
    path("my/signup/withdraw/", views.signup_withdraw, name="signup_withdraw"),
    path("my/preferences/", views.preferences, name="preferences"),
    path("my/answer/", views.answer, name="answer"),
    path("preferences.xlsx", views.preferences_xlsx, name="preferences_xlsx"),
    # B1–B2 the unit declares, the office publishes
    path("unit/", views.unit, name="unit"),
    path("unit/submit/", views.declaration_submit, name="declaration_submit"),
    path("candidates.xlsx", views.candidates_xlsx, name="candidates_xlsx"),
    path("office/", office_views.office, name="office"),
    path(
        "office/declarations/<int:pk>/exception/",
        office_views.exception_allow,
        name="exception_allow",
    ),
    path(
        "office/declarations/<int:pk>/return/",
        office_views.declaration_return,
        name="declaration_return",
    ),
    path("office/publish/", office_views.vacancies_publish, name="vacancies_publish"),
    path("notice/vacancies/", office_views.vacancies_notice, name="vacancies_notice"),
    # B4 proposals
    path("unit/proposals/", views.proposals, name="proposals"),
    path("proposals.xlsx", views.proposals_xlsx, name="proposals_xlsx"),
    # B5 matching
    path("office/matching/", decision_views.matching, name="matching"),
    path("office/matching/run/", decision_views.matching_run, name="matching_run"),
    path("office/matching/round/", decision_views.round_open, name="round_open"),
    path("office/matching/<int:pk>/", decision_views.matching_detail, name="matching_detail"),
    path(
        "office/matching/<int:pk>/publish/",
        decision_views.matching_publish,
        name="matching_publish",
    ),
    path(
        "office/matching/<int:pk>/<str:part>.json",
        decision_views.matching_frozen,
        name="matching_frozen",
    ),
    path("results.xlsx", decision_views.results_xlsx, name="results_xlsx"),
    path("office/flows/", decision_views.flows, name="flows"),
    # B6 directed placement
    path("directed/", decision_views.directed, name="directed"),
    path("directed/draft/", decision_views.directed_draft, name="directed_draft"),
    path("directed/<int:pk>/", decision_views.directed_set, name="directed_set"),
    path("directed/confirm/", decision_views.directed_confirm, name="directed_confirm"),
    # B7 standby
    path("standbys/", decision_views.standbys, name="standbys"),
    path("standbys/<int:pk>/outcome/", decision_views.standby_outcome, name="standby_outcome"),
    # B7 a placement unanswered past its deadline (逾期未答复, ADR 0012)
    path("standbys/overdue/<int:pk>/", deadline_views.overdue_decide, name="overdue_decide"),
    # C3 reporting and relations transfer
    path("unit/arrivals/", decision_views.arrivals, name="arrivals"),
    path("placements/<int:pk>/transfer/", decision_views.transfer_tick, name="transfer_tick"),
    # printable PDFs beside the .xlsx (B1, B3, B4, B5–B6): same access as each .xlsx
    path("candidates.pdf", pdf_views.candidates_pdf, name="candidates_pdf"),
    path("preferences.pdf", pdf_views.preferences_pdf, name="preferences_pdf"),
    path("proposals.pdf", pdf_views.proposals_pdf, name="proposals_pdf"),
    path("results.pdf", pdf_views.results_pdf, name="results_pdf"),
]
