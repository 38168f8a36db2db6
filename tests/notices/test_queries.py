"""Each public page runs the same number of queries in a small city and a larger one: the
contestants and results notices fetch every list's people in one query, not one per opening
or hearing. (The public cache is off here, as in the rest of the suite: this is the page
being rendered; one of the queries is the audit log's head that keys the cache.)"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

QUERIES = {
    "index": 3,  # the log's head, the campaign, its schedule
    "openings": 3,  # the log's head, the campaign, the openings with their units
    "daily_counts": 4,  # … the counts, the openings
    "contestants": 4,  # … the openings, every contestant with unit
    "results": 4,  # … the hearings, every contestant with name
    "publicity": 3,  # … the appointments with person, units and opening
}


@pytest.mark.parametrize("openings", [2, 5])
def test_each_public_page_costs_the_same_queries_in_a_small_and_a_larger_city(
    client, city, django_assert_num_queries, openings
):
    city(openings)
    bodies = {}
    for page, queries in QUERIES.items():
        with django_assert_num_queries(queries):
            response = client.get(reverse(f"notices:{page}"))
        assert response.status_code == 200
        bodies[page] = response.content.decode()
    # Every opening's list and every hearing's results are on the page.
    assert bodies["contestants"].count('<section class="card">') == openings
    assert bodies["contestants"].count("（市民政局）") == 3 * openings
    assert bodies["results"].count('<section class="card">') == openings
    assert len(re.findall(r"<td>竞岗\d+人\d</td>", bodies["results"])) == 3 * openings
    assert len(re.findall(r'data-testid="today">3<', bodies["daily_counts"])) == openings
