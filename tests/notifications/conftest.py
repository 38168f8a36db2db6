"""The notifications' fixtures: a fake SMS gateway on a free port, email to locmem."""

from __future__ import annotations

import pytest

from cadrex.accounts.models import Role, User
from cadrex.notifications.fake_gateway import start_in_thread
from cadrex.notifications.models import Contact
from tests.exchange.conftest import directed, part_b, published, through_proposals  # noqa: F401

MOBILE = "13800138000"
LEADER_MOBILE = "13900139000"


@pytest.fixture
def gateway(settings):
    server = start_in_thread()
    settings.CADREX_SMS_URL = server.url
    settings.CADREX_SMS_SIGN = "青川市委组织部"
    settings.CADREX_SMS_AUTH_HEADER = "Authorization: Bearer test-key"
    settings.CADREX_SMS_TIMEOUT = 5
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def failing_gateway(settings):
    def start(fail_first: int):
        server = start_in_thread(fail_first=fail_first)
        settings.CADREX_SMS_URL = server.url
        started.append(server)
        return server

    started = []
    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.fixture
def channels(settings, world):
    """Email on (Django's test runner keeps it in mail.outbox); the cadre 乙一 and a new
    leader of D02 have contacts."""
    settings.CADREX_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cadre = world["users"]["cadre"]
    Contact.objects.create(user=cadre, mobile=MOBILE, email="yiyi@example.cn")
    leader = User.objects.create(
        username="leader_d02", role=Role.UNIT_LEADER, unit=world["units"]["D02"]
    )
    Contact.objects.create(user=leader, mobile=LEADER_MOBILE, email="d02@example.cn")
    return {"cadre": cadre, "leader_d02": leader}
