"""Part B pages covered by tests/exchange's own permission tests (see test_permissions).

Each GET page → the status each persona gets, in ``PERSONAS`` order; each POST-only action →
the personas who may post it (everyone else is turned away and nothing is logged).
"""

from cadrex.documents.pdf import pdf_available

PERSONAS = ["anon", "office", "orgdept", "operator", "leader", "other_operator", "cadre", "juror"]
LOGIN = 302
_OFFICE_ORGDEPT = [LOGIN, 200, 200, 403, 403, 403, 403, 403]
_UNIT_ROLES = [LOGIN, 403, 403, 200, 200, 200, 403, 403]
_WIDE_AND_UNITS = [LOGIN, 200, 200, 200, 200, 200, 403, 403]

MATRIX = {
    ("exchange:my", ()): [LOGIN, 403, 403, 403, 403, 403, 200, 403],
    ("exchange:preferences", ()): [LOGIN, 403, 403, 403, 403, 403, 200, 403],
    ("exchange:preferences_xlsx", ()): [LOGIN, 200, 200, 403, 403, 403, 200, 403],
    ("exchange:unit", ()): _UNIT_ROLES,
    ("exchange:candidates_xlsx", ()): _WIDE_AND_UNITS,
    ("exchange:office", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("exchange:vacancies_notice", ()): [200] * 8,
    ("exchange:proposals", ()): _UNIT_ROLES,
    ("exchange:proposals_xlsx", ()): _WIDE_AND_UNITS,
    ("exchange:matching", ()): _OFFICE_ORGDEPT,
    ("exchange:matching_detail", ("run",)): _OFFICE_ORGDEPT,
    ("exchange:matching_frozen", ("run", "inputs")): _OFFICE_ORGDEPT,
    ("exchange:results_xlsx", ()): _OFFICE_ORGDEPT,
    ("exchange:flows", ()): _OFFICE_ORGDEPT,
    ("exchange:directed", ()): _OFFICE_ORGDEPT,
    ("exchange:standbys", ()): _OFFICE_ORGDEPT,
    ("exchange:arrivals", ()): _UNIT_ROLES,
}

# The tables as PDF (exchange/pdf_views.py): the same doors as each .xlsx. Checked where
# WeasyPrint runs (without pango a PDF link goes back with a message instead).
PDF_MATRIX = {
    ("exchange:candidates_pdf", ()): _WIDE_AND_UNITS,
    ("exchange:preferences_pdf", ()): [LOGIN, 200, 200, 403, 403, 403, 200, 403],
    ("exchange:proposals_pdf", ()): _WIDE_AND_UNITS,
    ("exchange:results_pdf", ()): _OFFICE_ORGDEPT,
}
if pdf_available():
    MATRIX.update(PDF_MATRIX)

POSTS = {
    ("exchange:signup", ()): {"cadre"},
    ("exchange:signup_withdraw", ()): {"cadre"},
    ("exchange:answer", ()): {"cadre"},
    ("exchange:declaration_submit", ()): {"leader"},
    ("exchange:exception_allow", ("decl",)): {"office"},
    ("exchange:declaration_return", ("decl",)): {"office"},
    ("exchange:vacancies_publish", ()): {"office"},
    ("exchange:matching_run", ()): {"office"},
    ("exchange:matching_publish", ("run",)): {"office"},
    ("exchange:round_open", ()): {"office"},
    ("exchange:directed_draft", ()): {"orgdept"},
    ("exchange:directed_set", ("placement",)): {"orgdept"},
    ("exchange:directed_confirm", ()): {"orgdept"},
    ("exchange:standby_outcome", ("standby",)): {"orgdept"},
    ("exchange:overdue_decide", ("placement",)): {"orgdept"},
    ("exchange:transfer_tick", ("placement",)): {"operator"},
}

COVERED: set[str] = (
    {name for name, _ in MATRIX} | {name for name, _ in PDF_MATRIX} | {name for name, _ in POSTS}
)
