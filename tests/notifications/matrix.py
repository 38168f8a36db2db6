"""The notifications' pages in the permission matrix (see tests/accounts/test_permissions.py):
every signed-in person has an inbox and contacts of their own; the public is sent to login."""

PERSONAS = ["anon", "office", "orgdept", "operator", "leader", "other_operator", "cadre", "juror"]
LOGIN = 302

MATRIX = {
    ("notifications:inbox", ()): [LOGIN] + [200] * 7,
    ("notifications:contact", ()): [LOGIN] + [200] * 7,
}
# POST-only: anyone signed in may post for their own messages (redirect back to the inbox).
POSTS = {
    ("notifications:mark_all_read", ()): [LOGIN] + [302] * 7,
}
# mark_read names one message: tests/notifications/test_inbox.py checks its door (404 to others).
COVERED: set[str] = (
    {name for name, _ in MATRIX} | {name for name, _ in POSTS} | {"notifications:mark_read"}
)
