"""C1 pages covered by tests/organisation's own permission tests (see test_permissions).

Each GET page → the status each persona gets, in ``PERSONAS`` order; each POST-only action →
the personas who may post it (everyone else is turned away and nothing is logged). Ids name
records of D01 (``member``: a leading group member, ``team``: a D01 task team member).
"""

PERSONAS = ["anon", "office", "orgdept", "operator", "leader", "other_operator", "cadre", "juror"]
LOGIN = 302
_READERS = [LOGIN, 200, 200, 200, 200, 200, 403, 403]

MATRIX = {
    ("organisation:index", ()): _READERS,
    ("organisation:list_xlsx", ()): _READERS,
    ("organisation:group", ()): [LOGIN, 200, 403, 403, 403, 403, 403, 403],
    ("organisation:unit", ()): [LOGIN, 403, 403, 200, 200, 200, 403, 403],
}
# The PDF needs WeasyPrint's system libraries: its door is checked where they are installed.
PDF_ONLY = {("organisation:list_pdf", ()): _READERS}

POSTS = {
    ("organisation:group_member_add", ()): {"office"},
    ("organisation:office_member_add", ()): {"office"},
    ("organisation:member_edit", ("member",)): {"office"},
    ("organisation:member_remove", ("member",)): {"office"},
    ("organisation:office_edit", ()): {"office"},
    ("organisation:leader_set", ()): {"operator", "leader", "other_operator"},
    ("organisation:team_add", ()): {"operator", "leader", "other_operator"},
    # another unit's team member is not found (404) for other_operator
    ("organisation:team_edit", ("team",)): {"operator", "leader"},
    ("organisation:team_remove", ("team",)): {"operator", "leader"},
}

COVERED: set[str] = (
    {name for name, _ in MATRIX} | {name for name, _ in PDF_ONLY} | {name for name, _ in POSTS}
)
