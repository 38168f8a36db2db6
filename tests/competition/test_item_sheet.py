"""A8 the optional item score sheet on the juror's phone: one box per item with its
maximum, the items posted, the total computed by the server; each refusal beside its box."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing.verify import verify_hearing
from cadrex.competition.models import ChainEntry, Score
from tests.competition.test_phones import _data

SHEET = "工作思路=30；演讲表达=20；回答追问=30；综合素质=20"


@pytest.fixture
def sheet(ready):
    campaign = ready["campaign"]
    campaign.policy_overrides = {**campaign.policy_overrides, "score_items": SHEET}
    campaign.save(update_fields=["policy_overrides"])
    first = min(ready["contestants"], key=lambda c: c.order)
    scoring.scoring_open(actor=None, contestant=first)
    return {**ready, "first": first}


def _phone(juror) -> tuple[Client, str]:
    phone = Client()
    url = reverse("juror_page", args=[juror.token])
    phone.get(url)
    return phone, url


def _items(*values) -> dict:
    return {f"item_{n}": v for n, v in enumerate(values, start=1)}


def test_a8_the_phone_shows_one_box_per_item_with_its_maximum(sheet):
    phone, url = _phone(sheet["leaders"][0])
    html = phone.get(url).content.decode()
    assert 'data-testid="item-sheet"' in html and 'name="value"' not in html
    for n, (name, top) in enumerate([("工作思路", 30), ("演讲表达", 20), ("回答追问", 30)], 1):
        assert f'<label for="item_{n}">{name}（0～{top}分）</label>' in html
        assert f'data-max="{top}"' in html
    assert "cadrex/score-sheet.js" in html and 'data-testid="sheet-total"' in html


def test_a8_the_items_go_in_and_the_server_adds_them_up(sheet):
    first, juror = sheet["first"], sheet["leaders"][0]
    phone, url = _phone(juror)
    # A total sent beside the items is not read: the server adds the items up itself.
    data = {"contestant": first.pk, "value": "100", **_items("28.5", "19.75", "30", "0")}
    with CaptureQueriesContext(connection) as ran:
        body = phone.post(url, data).content.decode()
    assert "已提交" in body, body
    assert len(_data([q["sql"] for q in ran.captured_queries])) == 4
    score = Score.objects.get(juror=juror, contestant=first)
    assert score.value == Decimal("78.25")
    assert score.items == ["28.5", "19.75", "30", "0"]
    assert "工作思路 28.5" in body and "78.25" in body
    entry = ChainEntry.objects.get(juror=juror, kind="score")
    assert entry.payload["items"] == ["28.50", "19.75", "30.00", "0.00"]
    assert entry.payload["value"] == "78.25"


@pytest.mark.parametrize(
    ("items", "box", "message"),
    [
        (("31", "20", "30", "20"), "item_1", "“工作思路”的得分“31”超出0～30分的范围。"),
        (("30", "", "30", "20"), "item_2", "请填写“演讲表达”的得分（0～20分）。"),
        (("30", "20", "30", "2.555"), "item_4", "“综合素质”的得分“2.555”最多只能保留2位小数。"),
    ],
)
def test_a8_a_refused_item_is_said_beside_its_box_and_nothing_is_kept(sheet, items, box, message):
    first, juror = sheet["first"], sheet["leaders"][0]
    phone, url = _phone(juror)
    body = phone.post(url, {"contestant": first.pk, **_items(*items)}).content.decode()
    assert f'data-item-error="{box}" role="alert" data-testid="item-error">{message}</span>' in (
        body
    )
    assert 'data-testid="juror-error"' not in body
    assert f'name="item_1" value="{items[0]}"' in body  # typed values stay for a correction
    assert not Score.objects.filter(juror=juror).exists()
    assert not ChainEntry.objects.filter(juror=juror).exists()


def test_a8_a_sheet_with_an_item_missing_from_the_post_is_refused(sheet):
    first, juror = sheet["first"], sheet["leaders"][0]
    phone, url = _phone(juror)
    body = phone.post(url, {"contestant": first.pk, **_items("30", "20", "30")}).content.decode()
    assert "请填写“综合素质”的得分（0～20分）。" in body
    body = phone.post(url, {"contestant": first.pk, "value": "90"}).content.decode()
    assert "请填写“工作思路”的得分" in body
    assert not Score.objects.filter(juror=juror).exists()


def test_a8_a_hearing_scored_by_sheets_closes_ranks_and_verifies(sheet):
    first = sheet["first"]
    panel = hearing_selectors.panel_for(first)
    for k, juror in enumerate([*panel.leaders, *panel.staff]):
        phone, url = _phone(juror)
        body = phone.post(
            url, {"contestant": first.pk, **_items(str(20 + k % 5), "15", "25", "18.5")}
        ).content.decode()
        assert "已提交" in body, body
    closed = scoring.scoring_close(actor=None, contestant=first)
    assert closed.total is not None and closed.rank == 1
    assert verify_hearing(sheet["hearing"]) == []
