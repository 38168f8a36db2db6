"""The demo personas' contacts for notifications (ADR 0013): a made-up mobile number and an
address under ``.invalid``, so that with the fake SMS gateway (``manage.py fake_sms_gateway``,
``CADREX_SMS_URL``) or the console email backend every channel can be watched."""

from __future__ import annotations

from cadrex.accounts.models import User
from cadrex.notifications.services import contact_update

PERSONAS = (
    "office",
    "orgdept",
    "town_op",
    "town_leader",
    "dept_op",
    "dept_leader",
    "cadre",
    "multi",
)


def seed_contacts() -> int:
    """Give each demo persona a mobile number 1390000000N and ``<login>@demo.invalid``."""
    users = User.objects.filter(username__in=PERSONAS).order_by("username")
    for i, user in enumerate(users, start=1):
        contact_update(actor=user, mobile=f"1390000{i:04d}", email=f"{user.username}@demo.invalid")
    return len(users)
