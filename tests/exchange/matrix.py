"""Part B pages covered by tests/exchange's own permission tests (see test_permissions)."""

COVERED: set[str] = set()
