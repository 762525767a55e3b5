"""Facets read from the kept cells equal facets counted from the events the filters select,
for any view the cells answer (countries, a topic with its sub-topics, kinds, statuses,
whole months and years), and their total equals the number of events listed."""

from __future__ import annotations

import random
from typing import Any
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker import selectors, services
from tracker.filters import EventFilter
from tracker.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]
CODES = ["US", "IN", "CN", "JP", "MX"]
KINDS = ["call", "meeting", "visit", "trade-measure"]
STATUSES = ["occurred", "scheduled", "cancelled", "postponed"]


@pytest.fixture
def record(django_db_blocker: Any) -> None:
    """Sixty events of every precision, some spanning months or years, on a small tree of
    topics (trade > tariffs > steel; security)."""
    trade = services.save_topic(slug="cell-trade", name="Trade")
    tariffs = services.save_topic(slug="cell-tariffs", name="Tariffs", parent=trade)
    steel = services.save_topic(slug="cell-steel", name="Steel", parent=tariffs)
    security = services.save_topic(slug="cell-security", name="Security")
    every = [trade, tariffs, steel, security]
    rng = random.Random(7)
    for i in range(60):
        year, month, day = rng.choice([2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28)
        start = rng.choice([f"{year}-{month:02}-{day:02}", f"{year}-{month:02}", f"{year}"])
        end = None
        if i % 6 == 0:
            end = f"{year + rng.randint(0, 1)}-12"
        services.create_event(
            title=f"Cell {i}",
            kind=rng.choice(KINDS),
            status=rng.choice(STATUSES),
            start=start,
            end=end,
            countries=rng.sample(CODES, rng.randint(0, 4)),
            topics=rng.sample(every, rng.randint(0, 2)),
        )


def months() -> st.SearchStrategy[str]:
    return st.builds(
        lambda y, m, whole_year: f"{y}" if whole_year else f"{y}-{m:02}",
        st.integers(2023, 2025),
        st.integers(1, 12),
        st.booleans(),
    )


views = st.fixed_dictionaries(
    {},
    optional={
        "country": st.lists(st.sampled_from(CODES), max_size=2, unique=True),
        "topic": st.sampled_from(["cell-trade", "cell-tariffs", "cell-steel", "cell-security"]),
        "kind": st.lists(st.sampled_from(KINDS), max_size=2, unique=True),
        "status": st.lists(st.sampled_from(STATUSES), max_size=2, unique=True),
        "date_from": months(),
        "date_to": months(),
    },
)


def filtered(params: dict[str, Any]) -> EventFilter:
    filterset = EventFilter(QueryDict(urlencode(params, doseq=True)), queryset=Event.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(views)
def test_kept_cells_give_what_counting_the_events_gives(record: None, params: Any) -> None:
    filterset = filtered(params)
    shape = selectors.shape_of(filterset)
    assert shape is not None, params
    kept = selectors.summary(filterset.qs, shape)
    counted = selectors.summary(filterset.qs, None)
    assert kept.facets == counted.facets, params
    assert kept.monthly == counted.monthly, params
    assert kept.facets["count"] == filterset.qs.count(), params


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(CODES), st.sampled_from(CODES), views)
def test_a_pair_page_counts_its_own_events(record: None, a: str, b: str, params: Any) -> None:
    """Within a page's scope (a pair's events) with filters of its own."""
    params = {k: v for k, v in params.items() if k != "country"}
    scope = selectors.Scope(countries=tuple(sorted({a, b})))
    base = Event.objects.for_country(*scope.countries)
    filterset = EventFilter(QueryDict(urlencode(params, doseq=True)), queryset=base)
    assert filterset.is_valid()
    shape = selectors.shape_of(filterset, scope)
    assert shape is not None
    assert selectors.summary(filterset.qs, shape).facets == selectors.facets(filterset.qs)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "cell"},
        {"actor": "nobody-here"},
        {"country": ["US", "IN", "CN"]},
        {"date_from": "2024-03-10"},
        {"date_to": "2024-03-30"},
        {"topic": ["cell-trade", "cell-security"]},
        {"precision": "month"},
        {"country": ["GB", "FR"], "q": "cell"},  # a pair never seen together
        {"country": ["GB", "FR", "DE"]},
    ],
)
def test_other_views_are_counted_from_their_events(record: None, params: dict[str, Any]) -> None:
    filterset = EventFilter(QueryDict(urlencode(params, doseq=True)), queryset=Event.objects.all())
    if not filterset.is_valid():
        assert "actor" in params  # an unknown actor: the filter says so
        return
    assert selectors.shape_of(filterset) is None
    found = selectors.summary(filterset.qs, None)
    assert found.facets["count"] == filterset.qs.count()


def test_a_pair_with_a_date_and_a_kind_is_a_handful_of_queries(
    record: None, django_assert_max_num_queries: Any
) -> None:
    filterset = filtered({"country": ["US", "IN"], "kind": "call", "date_from": "2024"})
    shape = selectors.shape_of(filterset)
    assert shape is not None
    # The pair (as the filter asks), its cells by month, whether it has multilateral events
    # and their third countries, its topics, then names of kinds, countries and topics.
    with django_assert_max_num_queries(8):
        selectors.summary(filterset.qs, shape)


def test_any_other_view_is_counted_in_one_query_and_names_added_after(record: None) -> None:
    from django.db import connection

    filterset = filtered({"q": "cell", "country": ["US"]})
    with CaptureQueriesContext(connection) as captured:
        selectors.summary(filterset.qs, None)
    reads = [q["sql"] for q in captured if q["sql"].startswith(("SELECT", "WITH"))]
    assert len([sql for sql in reads if "MATERIALIZED" in sql]) == 1
    # Whether topics nest, the count, then the names of kinds, countries and topics by id.
    assert len(reads) <= 5
