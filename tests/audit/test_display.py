"""A logged value as people know it: status codes by their table's labels, coded fields by
their choices, times in Beijing to the second, dates as dates, 是/否, records by name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cadrex.audit.display import Change, Names, changes, field_label, value_text
from cadrex.audit.labels import Ref


def test_a_status_reads_by_its_transition_tables_labels():
    lines = changes(
        "application_decline", "application", {"status": "pending_consent"}, {"status": "declined"}
    )
    assert lines == [Change("状态", "待所在单位同意", "所在单位不同意")]
    assert lines[0].text == "状态：待所在单位同意 → 所在单位不同意"


def test_a_coded_field_reads_by_the_models_choices():
    assert value_text("level", "deputy", "opening") == "副职"


def test_a9_vetting_methods_logged_as_codes_read_by_their_labels():
    assert value_text("methods", ["talks", "files"], "vettingcandidate") == "个别谈话、查阅档案"


def test_booleans_read_yes_or_no_and_nothing_reads_as_a_dash():
    assert changes("x", "placement", {"reported_at": False}, {"reported_at": True}) == [
        Change("已报到", "否", "是")
    ]
    assert value_text("note", None) == value_text("note", "") == "—"


def test_a_logged_time_reads_in_beijing_to_the_second(clock):
    """Services log ISO text in UTC with milliseconds: the page shows Beijing, no fraction."""
    moment = clock.at(clock.today, 0, 30) + timedelta(seconds=15, microseconds=250_000)
    logged = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    assert value_text("at", logged) == f"{clock.today:%Y-%m-%d} 00:30:15"


def test_a_date_stays_a_date(clock):
    assert value_text("published_on", clock.today.isoformat(), "appointment") == (
        f"{clock.today:%Y-%m-%d}"
    )


def test_a_schedule_window_reads_from_and_to(clock):
    start = datetime.combine(clock.today, datetime.min.time(), tzinfo=UTC)
    window = [start.isoformat(), (start + timedelta(days=2)).isoformat()]
    line = changes("campaign_schedule_update", "campaign", {}, {"registration": window})[0]
    assert line.label == "报名、改报与每日公布报名人数"
    assert line.after == (
        f"{clock.today:%Y-%m-%d} 08:00:00 至 {clock.today + timedelta(days=2):%Y-%m-%d} 08:00:00"
    )


def test_only_the_keys_that_changed_are_shown():
    lines = changes(
        "opening_update",
        "opening",
        {"post_name": "办公室副主任", "seats": 1},
        {"post_name": "办公室副主任", "seats": 2},
    )
    assert [line.text for line in lines] == ["职数：1 → 2"]


def test_records_named_by_id_read_by_their_names(part_a, django_assert_max_num_queries):
    d01, t01 = part_a["d01"], part_a["t01"]
    names = Names()
    after = {"to_opening": d01.pk, "cancelled": [d01.pk, t01.pk, 999_999]}
    changes("application_switch", "application", None, after, names)  # learns the ids
    with django_assert_max_num_queries(1):  # one kind of record: one query
        names.fetch()
    lines = changes("application_switch", "application", None, after, names)
    assert [line.text for line in lines] == [
        f"改报职位：{d01}",
        f"不进行竞岗的职位：{d01}、{t01}、编号999999",
    ]
    assert names(Ref("unit", "code"), "D01") is None  # not fetched: asked for next time


def test_a_unit_by_its_code_reads_by_its_name(world):
    names = Names()
    changes("exchange_directed_set", "placement", {"unit": None}, {"unit": "D01"}, names)
    names.fetch()
    lines = changes("exchange_directed_set", "placement", {"unit": None}, {"unit": "D01"}, names)
    assert [line.text for line in lines] == ["单位：— → 市财政局"]


def test_a_name_reads_as_the_logged_models_own_word():
    assert field_label("name", "juror") == "姓名"
    assert field_label("name", "roster") == "名称"  # no model of that type: the table's word


def test_the_vetting_candidates_fixed_read_by_name(scored):
    top, second = scored["top"], scored["second"]
    names = Names()
    after = {"candidates": [top.pk, second.pk]}
    changes("vetting_fix", "opening", None, after, names)
    names.fetch()
    line = changes("vetting_fix", "opening", None, after, names)[0]
    assert line.text == f"人选：{top}、{second}"
