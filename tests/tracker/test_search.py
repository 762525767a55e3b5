"""Full-text search on a fixed corpus; the same tests run on PostgreSQL and on SQLite."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ActorFactory, EventFactory, FigureFactory, SourceFactory, kind
from tracker import search, services, stamps
from tracker.dates import PartialDate
from tracker.models import Event, EventSearch

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def corpus() -> dict[str, Event]:
    rubio = ActorFactory.create(name="Marco Rubio", aliases=["Secretary Rubio"])
    jaishankar = ActorFactory.create(name="Subrahmanyam Jaishankar", aliases=["EAM"])
    steel = EventFactory.create(
        title="Tariffs on steel announced",
        kind=kind("trade-measure"),
        summary="The United States announced tariffs on steel imports from Canada.",
        countries=["US", "CA"],
        start=PartialDate.parse("2025-02-10").first_day,
    )
    meeting = EventFactory.create(
        title="Foreign ministers meet",
        kind=kind("meeting"),
        summary="The two ministers discussed trade and defence.",
        countries=["US", "IN"],
        start=PartialDate.parse("2025-01-21").first_day,
    )
    services.update_event(
        meeting,
        participants=[
            services.ParticipantData(actor=rubio, role="host"),
            services.ParticipantData(actor=jaishankar, role="guest"),
        ],
    )
    call = EventFactory.create(
        title="Readout of a call",
        kind=kind("call"),
        summary="They spoke about Indian nationals deported by the United States.",
        notes="A tariff question was raised briefly.",
        countries=["US", "IN"],
        start=PartialDate.parse("2025-01-27").first_day,
    )
    flight = EventFactory.create(
        title="Deportation flight lands",
        kind=kind("deportation"),
        summary="A military flight with deported Indians landed in Amritsar.",
        countries=["US", "IN"],
        start=PartialDate.parse("2025-02-05").first_day,
    )
    SourceFactory.create(event=flight, outlet="The Hindu", title="Flight lands in Amritsar")
    data = EventFactory.create(
        title="Trade data for 2024",
        kind=kind("data-release"),
        summary="Annual figures were published in Bogotá.",
        notes="Mentions steel.",
        countries=["US", "CO"],
        start=PartialDate.parse("2025-02").first_day,
        start_precision="month",
    )
    FigureFactory.create(event=data, label="Goods deficit")
    services.update_event(data, tags=["annual-figures"])
    return {"steel": steel, "meeting": meeting, "call": call, "flight": flight, "data": data}


def found(text: str) -> list[str]:
    events = search.search(Event.objects.all(), text)
    events = events.order_by("-score", "-span_start", "-id")  # type: ignore[misc]
    return [e.title for e in events]


def test_stemming_and_weights(corpus: dict[str, Event]) -> None:
    # "tariff" finds "Tariffs" (title) and "tariff" (notes); the title match ranks first.
    assert found("tariff") == ["Tariffs on steel announced", "Readout of a call"]
    assert found("announcing") == ["Tariffs on steel announced"]


def test_phrases_match_in_order(corpus: dict[str, Event]) -> None:
    assert found('"deported Indians"') == ["Deportation flight lands"]
    assert set(found("deported Indians")) == {"Deportation flight lands", "Readout of a call"}
    assert found('"deported Indians') == ["Deportation flight lands"]  # quote left open


def test_or_and_exclusion(corpus: dict[str, Event]) -> None:
    assert set(found("steel OR deficit")) == {"Tariffs on steel announced", "Trade data for 2024"}
    assert found("steel -tariffs") == ["Trade data for 2024"]
    assert found("-tariff -deficit -Amritsar") == ["Foreign ministers meet"]  # only exclusions
    assert found('-"deported Indians" deported') == ["Readout of a call"]


def test_names_aliases_tags_sources_figures_and_accents(corpus: dict[str, Event]) -> None:
    assert found("Rubio") == ["Foreign ministers meet"]
    assert found("EAM") == ["Foreign ministers meet"]
    assert found("Hindu") == ["Deportation flight lands"]
    assert found("deficit") == ["Trade data for 2024"]
    assert found("annual-figures") == ["Trade data for 2024"]
    assert found("bogota") == ["Trade data for 2024"]
    assert "Foreign ministers meet" in found("India")  # country names are searchable


def test_renaming_an_actor_or_topic_updates_the_index(corpus: dict[str, Event]) -> None:
    actor = corpus["meeting"].participations.get(role="host").actor
    services.save_actor(actor=actor, aliases=["Rubio", "Marquito"])
    assert found("Marquito") == ["Foreign ministers meet"]
    topic = services.save_topic(slug="trade", name="Trade")
    services.update_event(corpus["call"], topics=[topic])
    services.save_topic(topic=topic, name="Commerce")
    assert found("commerce") == ["Readout of a call"]
    services.delete_topics(topics=[topic])
    assert found("commerce") == []


def test_highlights_mark_the_matched_words(corpus: dict[str, Event]) -> None:
    steel = corpus["steel"]
    marks = search.highlights([steel.pk], "tariffs")
    assert "<mark>Tariffs</mark>" in marks[steel.pk]
    services.update_event(steel, summary="Tariffs <script>alert(1)</script> crocodile")
    marked = search.highlights([steel.pk], "crocodile")[steel.pk]
    assert "<script>" not in marked  # escaped (SQLite) or dropped as markup (PostgreSQL)
    assert "<mark>crocodile</mark>" in marked


def test_api_orders_by_relevance_and_paginates(corpus: dict[str, Event], client: Client) -> None:
    first = client.get("/api/v1/events/", {"q": "tariff", "page_size": "1"}).json()
    assert [e["title"] for e in first["results"]] == ["Tariffs on steel announced"]
    assert "<mark>" in first["results"][0]["highlight"]
    second = client.get(first["next"]).json()
    assert [e["title"] for e in second["results"]] == ["Readout of a call"]
    assert second["next"] is None
    back = client.get(second["previous"]).json()
    assert [e["title"] for e in back["results"]] == ["Tariffs on steel announced"]


def test_facets_add_up(corpus: dict[str, Event], client: Client) -> None:
    response = client.get("/api/v1/events/facets/", {"country": "IN"})
    facets = response.json()
    assert facets["count"] == 3
    assert sum(f["count"] for f in facets["kind"]) == facets["count"]
    assert sum(f["count"] for f in facets["year"]) == facets["count"]
    assert {f["value"]: f["count"] for f in facets["country"]} == {"US": 3, "IN": 3}
    searched = client.get("/api/v1/events/facets/", {"q": "steel"}).json()
    assert searched["count"] == 2
    assert {f["value"] for f in searched["kind"]} == {"trade-measure", "data-release"}


def test_fuzzy_actor_autocomplete(corpus: dict[str, Event], client: Client) -> None:
    ActorFactory.create(name="Vikram Misri")
    names = [a["name"] for a in client.get("/api/v1/actors/", {"q": "Misry"}).json()["results"]]
    assert names == ["Vikram Misri"]
    names = [a["name"] for a in client.get("/api/v1/actors/", {"q": "eam"}).json()["results"]]
    assert names == ["Subrahmanyam Jaishankar"]


def test_reindex_command_rebuilds(corpus: dict[str, Event]) -> None:
    EventSearch.objects.all().delete()
    assert found("tariff") == []
    out = StringIO()
    call_command("reindex_search", stdout=out)
    assert "Reindexed 5 event(s)" in out.getvalue()
    assert found("tariff") == ["Tariffs on steel announced", "Readout of a call"]
    EventSearch.objects.filter(event=corpus["call"]).delete()
    call_command("reindex_search", "--missing", stdout=out)
    assert "Reindexed 1 event(s)" in out.getvalue()
    assert found("tariff") == ["Tariffs on steel announced", "Readout of a call"]


AWKWARD = ['"open', "-", "- -", "OR", "a OR", "' OR 1=1 --", "x" * 10_000, '""', "((", "*"]


@given(text=st.text(max_size=600) | st.sampled_from(AWKWARD))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_input_gives_a_result_or_a_400(
    corpus: dict[str, Event], client: Client, text: str
) -> None:
    response = client.get("/api/v1/events/", {"q": text})
    assert response.status_code in (200, 400), response.content[:300]
    facets = client.get("/api/v1/events/facets/", {"q": text})
    assert facets.status_code in (200, 400)


def test_query_plan_uses_the_gin_index() -> None:
    """With 100,000 events of ordinary length the planner reads the GIN index."""
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO tracker_event (uid, title, kind_id, status, summary, notes, start,
                start_precision, "end", end_precision, span_start, span_end, created, updated)
            SELECT gen_random_uuid(),
                   'Event ' || i || CASE WHEN i %% 2000 = 0 THEN ' tariffs' ELSE ' talks' END,
                   %s, 'occurred',
                   'Ministers ' || i || ' discussed trade, defence and technology at length',
                   '', DATE '2020-01-01' + (i %% 1000), 'day', NULL, '',
                   DATE '2020-01-01' + (i %% 1000), DATE '2020-01-01' + (i %% 1000), now(), now()
            FROM generate_series(1, 100000) AS i
            """,
            [kind("meeting").pk],
        )
        cursor.execute(
            "INSERT INTO tracker_eventsearch (event_id, title, names, body, notes, revision) "
            "SELECT id, title, '', summary, '', gen_random_uuid() FROM tracker_event"
        )
    EventSearch.objects.update(vector=search._pg_vector())
    with connection.cursor() as cursor:
        # Statistics from every row, not a sample: a word in 0.05% of the rows is then
        # estimated as rare as it is, whatever other tests left in the tables.
        cursor.execute("SET LOCAL default_statistics_target = 10000")
        cursor.execute("ANALYZE tracker_eventsearch")
        cursor.execute("ANALYZE tracker_event")
    queryset = search.search(Event.objects.all(), "tariff").values("pk")
    plan = queryset.explain()
    assert "eventsearch_vector_gin" in plan, plan
    assert queryset.count() == 50


def test_searches_too_broad_to_rank_come_newest_first(client: Client, monkeypatch: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite ranks every match (bm25 over FTS5)")
    EventFactory.create(title="Sanctions announced", start=PartialDate.parse("2024").first_day)
    EventFactory.create(
        title="Later call", notes="sanctions came up", start=PartialDate.parse("2025").first_day
    )

    def titles() -> tuple[list[str], str]:
        response = client.get("/api/v1/events/", {"q": "sanctions"})
        return [e["title"] for e in response.json()["results"]], response["X-Search-Order"]

    assert titles() == (["Sanctions announced", "Later call"], "relevance")
    assert "most relevant first" in client.get("/", {"q": "sanctions"}).content.decode()
    monkeypatch.setattr(search, "RANK_LIMIT", 0)  # as if PostgreSQL expected many matches
    assert titles() == (["Later call", "Sanctions announced"], "newest")
    # Pages are cached per view until the data change.
    stamps.bump()
    page = client.get("/", {"q": "sanctions"}).content.decode()
    assert "too many matches to rank by relevance" in page
    cards = page.split('id="events"')[1]
    assert cards.index("Later call") < cards.index("Sanctions announced")
