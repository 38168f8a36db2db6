"""Part A's to-dos on a role's home page: what is waiting for this person, with links —
each stage says what it waits for."""

from __future__ import annotations

from cadrex.campaigns.models import Campaign
from cadrex.competition.decision.selectors import decision_todos
from cadrex.competition.registration.selectors import registration_todos


def todo_counts(user, campaign: Campaign) -> list[dict]:
    """The to-do counts on a role's home page: what is waiting for this person, with links."""
    items: list[dict] = []

    def add(count: int, text: str, url: str) -> None:
        if count:
            items.append({"count": count, "text": text, "url": url})

    registration_todos(user, campaign, add)
    decision_todos(user, campaign, add)
    return items
