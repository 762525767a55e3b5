"""At 100,000 events (PostgreSQL), the pair filter and the facets read what they should:
the pair table's index for the list, a few kept cells for the counts (the planner expects
a few hundred rows, not a scan of the events), and a handful of queries either way."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import kind
from tracker import counts, selectors
from tracker.filters import EventFilter
from tracker.models import CountCell, Event
from tracker.models.events import PAIR_KEYS
from tracker.pagination import beyond, keyset_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def hundred_thousand() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO tracker_event (uid, title, kind_id, status, summary, notes, start,
                start_precision, "end", end_precision, span_start, span_end, created, updated)
            SELECT gen_random_uuid(), 'Event ' || i, %s, 'occurred', '', '',
                   DATE '2010-01-01' + (i %% 5000), 'day', NULL, '',
                   DATE '2010-01-01' + (i %% 5000), DATE '2010-01-01' + (i %% 5000), now(), now()
            FROM generate_series(1, 100000) AS i
            """,
            [kind("meeting").pk],
        )
        # Most events are of one pair; a few of a rare one.
        cursor.execute(
            """
            INSERT INTO tracker_eventcountry (event_id, country_id)
            SELECT id, c FROM tracker_event,
              LATERAL unnest(CASE WHEN id % 100 = 0 THEN ARRAY['JP', 'CN']
                                  ELSE ARRAY['US', 'IN'] END) AS c
            """
        )
    counts.rebuild()
    with connection.cursor() as cursor:
        cursor.execute(  # only what these tests read: other tests plan on their own statistics
            "ANALYZE tracker_event, tracker_eventcountry, tracker_eventpair, tracker_countcell,"
            " tracker_counttotal"
        )


def explained(queryset: Any) -> dict[str, Any]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        found = cursor.fetchone()[0]
    document = found if isinstance(found, list) else json.loads(found)
    return dict(document[0]["Plan"])


def nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(n for child in node.get("Plans", []) for n in nodes(child))]


def test_pair_filter_and_facets_at_a_hundred_thousand_events(
    hundred_thousand: None, client: Client
) -> None:
    """One test, one data set (it takes seconds to make)."""
    # The list, first and deeper pages: newest first along the pair table's own index
    # (a, b, start, event), never a sort of the pair's events, however many it has.
    for pair in (("US", "IN"), ("JP", "CN")):
        events = Event.objects.for_country(*pair)
        first = keyset_page(events, None, 30)
        assert len(first.rows) == 30
        deeper = events.filter(
            beyond(PAIR_KEYS, [first.rows[-1].pair_start, first.rows[-1].pk], False)
        )
        for page in (events, deeper):
            newest = page.order_by(*(f"-{key}" for key in PAIR_KEYS))  # annotations
            found = nodes(explained(newest.values("pk")[:31]))
            assert not [n for n in found if n["Node Type"] == "Sort"], pair
            assert "eventpair_newest_first" in {n.get("Index Name") for n in found}, pair
        second = keyset_page(events, first.next_cursor, 30)
        assert {e.pk for e in first.rows}.isdisjoint({e.pk for e in second.rows})
        assert first.rows[-1].span_start >= second.rows[0].span_start

    # A pair with an end date starts its walk at that date (the bound on the pair rows).
    ended = EventFilter(QueryDict("country=US&country=IN&date_to=2012"), queryset=Event.objects)
    assert ended.is_valid()
    newest = ended.qs.order_by(*(f"-{key}" for key in PAIR_KEYS)).values("pk")[:31]
    walk = [n for n in nodes(explained(newest)) if n.get("Index Name") == "eventpair_newest_first"]
    assert walk, "the pair index"
    assert "span_start" in walk[0].get("Index Cond", ""), walk[0]

    # The counts: a few kept cells, read by index, whatever the size of the pair.
    filterset = EventFilter(
        QueryDict("country=US&country=IN&date_from=2012"), queryset=Event.objects.all()
    )
    assert filterset.is_valid()
    shape = selectors.shape_of(filterset)
    assert shape is not None
    cells = CountCell.objects.filter(
        c1="IN", c2="US", topic_id=0, also=0, last_month__gte=shape.after
    ).values("first_month", "n")
    top = explained(cells)
    assert top["Plan Rows"] < 5000, top  # months × kinds × statuses, not events
    assert all(n["Node Type"] != "Seq Scan" for n in nodes(top)), top
    with CaptureQueriesContext(connection) as captured:
        found_counts = selectors.summary(filterset.qs, shape)
    assert found_counts.facets["count"] == filterset.qs.count() > 50000
    assert not [q for q in captured if "MATERIALIZED" in q["sql"]]  # no event counted
    assert len(captured) <= 8

    # Pages and the API: a fixed number of queries, however many events a pair has.
    for path in ("/countries/US/IN/", "/countries/JP/CN/", "/countries/JP/US/"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        assert len(captured) <= 30, (path, len(captured))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            "/api/v1/events/facets/", {"country": ["US", "IN"], "kind": "meeting"}
        )
    assert response.json()["count"] == 99000
    assert len(captured) <= 14


def test_three_countries_are_bounded_by_their_rarest_pair(hundred_thousand: None) -> None:
    """The planner takes three countries as independent; the view's size estimate is at
    least the fewest events of two of them (so large views are counted later)."""
    from tracker import services

    for _ in range(3):
        services.create_event(
            title="Three", kind="meeting", start="2024-01-05", countries=["US", "IN", "CN"]
        )
    every = Event.objects.for_country("US", "IN", "CN")
    assert selectors.estimated_size(every, ["US", "IN", "CN"]) >= 3
    # IN and JP never met: nothing there, whatever else is asked.
    none = Event.objects.for_country("US", "IN", "JP")
    assert selectors.estimated_size(none, ["us", "in", "jp"]) == 0
