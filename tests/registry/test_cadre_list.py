"""The 干部名册 list (issue 13): keyset pages in a stable order, every row once, as many
queries for a page deep in a big roster as for the first page of a small one; on
PostgreSQL the name search can use a trigram index."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadrex.registry import idnumber
from cadrex.registry.models import Cadre, MiddleLevelPost
from cadrex.registry.selectors import PAGE_SIZE, cadre_page, cadre_search
from tests.conftest import make_id

SURNAMES = "王李张刘陈杨赵黄周吴"


def add_cadres(world, clock, n: int, *, start: int = 0) -> None:
    """``n`` more cadres spread over three units, some sharing a name."""
    units = [world["units"][code] for code in ("D01", "D02", "T01")]
    people = []
    for i in range(start, start + n):
        number = make_id(clock.born(30 + i // 400, 1 + (i // 200) % 2, 1), 1 + (i % 200) * 2)
        people.append(
            Cadre(
                id_number=number,
                name=f"{SURNAMES[i % 10]}{'明华' if i % 7 else '明'}",  # names repeat
                sex=idnumber.sex(number),
                birth_date=idnumber.birth_date(number),
                unit=units[i % 3],
                current_post="科员",
            )
        )
    Cadre.objects.bulk_create(people)


def list_order():
    return list(Cadre.objects.order_by("unit_id", "name", "id").values_list("pk", flat=True))


def walk(client, params: dict) -> tuple[list[list[int]], list[str]]:
    """Follow 下一页 from the first page to the last: the pks of each page and the links."""
    pages, links = [], []
    url = reverse("registry:cadres")
    query = dict(params)
    while True:
        response = client.get(url, query)
        pages.append([c.pk for c in response.context["page"]])
        match = re.search(r'href="\?([^"]*)" data-testid="next-page"', response.content.decode())
        if not match:
            return pages, links
        links.append(match[1])
        query = dict(parse_qsl(html.unescape(match[1]), keep_blank_values=True))


def test_the_pages_cover_every_row_once_in_a_stable_order(as_user, world, clock):
    add_cadres(world, clock, 2 * PAGE_SIZE + 17)
    pages, links = walk(as_user("office"), {})
    assert [len(p) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 22]
    assert [pk for page in pages for pk in page] == list_order()
    assert all(link.startswith("after=") for link in links)


def test_previous_links_walk_back_over_the_same_pages(as_user, world, clock):
    add_cadres(world, clock, 2 * PAGE_SIZE + 17)
    client = as_user("office")
    forward, _ = walk(client, {})
    last = client.get(reverse("registry:cadres"), {"after": forward[1][-1]})
    back = []
    body = last.content.decode()
    while match := re.search(r'href="\?before=(\d+)" data-testid="previous-page"', body):
        response = client.get(reverse("registry:cadres"), {"before": match[1]})
        back.append([c.pk for c in response.context["page"]])
        body = response.content.decode()
    assert back == forward[:2][::-1]


def test_the_pages_of_a_search_keep_its_filters_and_cover_its_rows(as_user, world, clock):
    add_cadres(world, clock, 3 * PAGE_SIZE)
    pages, links = walk(as_user("office"), {"q": "明华", "rank": ""})
    expected = list(
        Cadre.objects.filter(name__contains="明华")
        .order_by("unit_id", "name", "id")
        .values_list("pk", flat=True)
    )
    assert [pk for page in pages for pk in page] == expected
    assert len(pages) > 1 and all("q=" in link for link in links)


def test_a_unit_operators_pages_hold_their_unit_only(as_user, world, clock):
    add_cadres(world, clock, 3 * PAGE_SIZE)
    d01 = world["units"]["D01"]
    pages, _ = walk(as_user("operator"), {"unit": "D02"})
    seen = [pk for page in pages for pk in page]
    assert seen == list(
        Cadre.objects.filter(unit=d01).order_by("name", "id").values_list("pk", flat=True)
    )


@pytest.mark.parametrize("cursor", ["abc", "-1", "0", "9" * 30, str(2**63), "1.5"])
def test_a_cursor_that_names_no_row_gives_the_first_page(as_user, world, clock, cursor):
    add_cadres(world, clock, PAGE_SIZE + 5)
    client = as_user("office")
    first = [c.pk for c in client.get(reverse("registry:cadres")).context["page"]]
    for name in ("after", "before"):
        response = client.get(reverse("registry:cadres"), {name: cursor})
        assert response.status_code == 200
        assert [c.pk for c in response.context["page"]] == first


def test_a_cursor_outside_the_users_scope_gives_the_first_page(as_user, world, clock):
    add_cadres(world, clock, PAGE_SIZE)
    other = Cadre.objects.filter(unit=world["units"]["D02"]).first()
    response = as_user("operator").get(reverse("registry:cadres"), {"after": other.pk})
    assert {c.unit.code for c in response.context["page"]} == {"D01"}


def queries_for(client, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("registry:cadres"), params).status_code == 200
    return len(queries)


def test_the_list_makes_as_many_queries_for_a_big_roster_as_for_a_small_one(as_user, world, clock):
    client = as_user("office")
    add_cadres(world, clock, PAGE_SIZE + 10)
    MiddleLevelPost.objects.create(
        cadre=Cadre.objects.last(), unit=world["units"]["D01"], section="科", level="chief"
    )
    small = {
        "first": queries_for(client, {}),
        "search": queries_for(client, {"q": "王"}),
        "deep": queries_for(client, {"after": list_order()[PAGE_SIZE]}),
        "back": queries_for(client, {"before": list_order()[PAGE_SIZE]}),
    }
    add_cadres(world, clock, 6 * PAGE_SIZE, start=PAGE_SIZE + 10)
    big = {
        "first": queries_for(client, {}),
        "search": queries_for(client, {"q": "王"}),
        "deep": queries_for(client, {"after": list_order()[5 * PAGE_SIZE]}),
        "back": queries_for(client, {"before": list_order()[5 * PAGE_SIZE]}),
    }
    assert big == small
    # session, user, units, count, page, the export list; the header: unread notices (ADR
    # 0013), the roles held and the juror seats (ADR 0014)
    assert small["first"] <= 9


def test_the_page_walks_the_list_index_not_an_offset(world, clock):
    add_cadres(world, clock, 2 * PAGE_SIZE)
    cadres = cadre_search(Cadre.objects.all())
    with CaptureQueriesContext(connection) as queries:
        page = cadre_page(cadres, after=list_order()[PAGE_SIZE])
    sql = queries[-1]["sql"]
    assert "OFFSET" not in sql.upper()
    assert re.search(r"\(.*unit_id.*name.*id.*\) > \(", sql)
    assert [c.pk for c in page] == list_order()[PAGE_SIZE + 1 : 2 * PAGE_SIZE + 1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_on_postgresql_the_name_search_can_use_the_trigram_index(world, clock):
    add_cadres(world, clock, 200)
    query = cadre_search(Cadre.objects.all(), q="王明华")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # A test's table is small and freshly filled: tell the planner to read it by bitmap
        # (what it picks for a big roster) so that the plan shows which indexes can serve.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "registry_cadre_name_trgm" in plan
    assert [c.name for c in query][:1] == ["王明华"]
