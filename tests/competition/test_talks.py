"""C4: talks (谈心谈话) with the contestants not appointed keep their history — who held each,
when, and what was said, more than one per person; the to-do counts those not yet talked to."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.competition.decision import services as svc
from cadrex.competition.models import Talk
from cadrex.competition.todos import todo_counts
from tests.competition.controls import messages_of
from tests.competition.test_decision import _published

TODO = "名竞岗未任职人员待谈心谈话"


def _todo(user, campaign) -> int:
    return {t["text"]: t["count"] for t in todo_counts(user, campaign)}.get(TODO, 0)


def test_c4_a_person_is_talked_to_more_than_once_and_each_talk_is_kept(client, scored, clock):
    _published(scored)
    url = reverse("competition:talks")
    client.force_login(scored["users"]["operator"])
    people = client.get(url).context["people"]
    second = next(c for c in people if c.application_id == scored["second"].pk)
    first_day = clock.days(-3)
    for day, by, note in [
        (first_day, "局长", "鼓励继续努力"),
        (clock.today, "分管副局长", "了解思想动态，无异常"),
    ]:
        response = client.post(
            url, {"contestant": second.pk, "talked_on": day.isoformat(), "by": by, "note": note}
        )
        assert "已记录谈心谈话。" in messages_of(response)
    talks = Talk.objects.filter(application=scored["second"]).order_by("talked_on")
    assert [(t.talked_on, t.by, t.note) for t in talks] == [
        (first_day, "局长", "鼓励继续努力"),
        (clock.today, "分管副局长", "了解思想动态，无异常"),
    ]
    page = client.get(url)
    row = next(c for c in page.context["people"] if c.pk == second.pk)
    assert [t.by for t in row.talks] == ["局长", "分管副局长"]
    assert [c.application_id for c in page.context["pending"]] == [scored["third"].pk]
    html = page.content.decode()
    assert "鼓励继续努力" in html and "了解思想动态，无异常" in html and "再次记录" in html
    events = Event.objects.filter(action="talk_record").order_by("id")
    assert [(e.after["by"], e.after["talked_on"]) for e in events] == [
        ("局长", first_day.isoformat()),
        ("分管副局长", clock.today.isoformat()),
    ]


def test_c4_the_to_do_counts_only_people_not_yet_talked_to(scored, clock):
    _published(scored)
    operator, campaign = scored["users"]["operator"], scored["campaign"]
    assert _todo(operator, campaign) == 2
    assert _todo(scored["users"]["leader"], campaign) == 2
    assert _todo(scored["users"]["other_operator"], campaign) == 0  # not D01's contestants
    for _ in range(2):  # two talks with one person: one fewer pending, not two
        svc.talk_record(
            actor=None, application=scored["second"], talked_on=clock.today, by="局长", note=""
        )
    assert _todo(operator, campaign) == 1
    svc.talk_record(
        actor=None,
        application=scored["third"],
        talked_on=clock.today - timedelta(days=1),
        by="局长",
        note="",
    )
    assert _todo(operator, campaign) == 0


def test_c4_the_home_page_links_the_to_do_to_the_talks_page(client, scored):
    _published(scored)
    client.force_login(scored["users"]["leader"])
    todos = client.get(reverse("home")).context["todos"]
    item = next(t for t in todos if t["text"] == TODO)
    assert (item["count"], item["url"]) == (2, "competition:talks")
