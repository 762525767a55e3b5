"""Each event's API object and timeline card are kept between requests (tracker.event_cache)
and must never outlive a change: to the event, to anything shown with it, or to code."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from taggit.models import Tag

from tests.factories import ActorFactory, TopicFactory
from tracker import services
from tracker.api import rows
from tracker.models import Country, Event, EventKind

pytestmark = pytest.mark.django_db
EVENTS = "/api/v1/events/"


def make(title: str, **parts: Any) -> Event:
    return services.create_event(
        title=title,
        kind="call",
        start="2025-02-10",
        countries=["US", "IN"],
        summary=f"Readout of {title}",
        **parts,
    )


def listed(client: Client) -> dict[int, dict[str, Any]]:
    return {item["id"]: item for item in client.get(EVENTS).json()["results"]}


def assert_fresh(client: Client) -> None:
    """The list (kept objects) shows every event as its detail (never kept) does."""
    items = listed(client)
    assert items
    for pk, item in items.items():
        assert item == client.get(f"{EVENTS}{pk}/").json(), pk


@pytest.fixture
def record() -> dict[str, Any]:
    actor = ActorFactory.create(name="Marco Rubio", country_id="US")
    topic = TopicFactory.create(name="Trade", slug="trade")
    first = make(
        "First call",
        participants=[services.ParticipantData(actor=actor, title_at_time="Secretary")],
        topics=[topic],
        tags=["steel"],
        figures=[services.FigureData(label="Deficit", value=Decimal("45700000000"), unit="USD")],
    )
    second = make("Second call", related=[first])
    return {"actor": actor, "topic": topic, "first": first, "second": second}


CHANGES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "title": lambda r: services.update_event(r["first"], title="First call, corrected"),
    "countries": lambda r: services.set_countries(
        event=r["first"], countries=Country.objects.filter(code__in=["US", "CN"])
    ),
    "status": lambda r: services.set_status(events=[r["first"]], status="cancelled"),
    "figures": lambda r: services.update_event(
        r["first"],
        figures=[services.FigureData(label="Deficit", value=Decimal("50000000000"), unit="USD")],
    ),
    "actor renamed": lambda r: services.save_actor(actor=r["actor"], name="Marco A. Rubio"),
    "topic renamed": lambda r: services.save_topic(topic=r["topic"], name="Trade and tariffs"),
    "tag renamed": lambda r: services.save_tag(tag=Tag.objects.get(name="steel"), name="Steel"),
    "country renamed": lambda r: services.save_country(
        country=Country.objects.get(code="IN"), name="India (Bharat)"
    ),
    "kind renamed": lambda r: services.save_kind(
        kind=EventKind.objects.get(slug="call"), name="Telephone call", colour="#123456"
    ),
    "related event deleted": lambda r: services.delete_events(events=[r["first"]]),
    "related added elsewhere": lambda r: services.update_event(
        make("Third call"), related=[r["second"]]
    ),
    "saved without the services": lambda r: Event.objects.get(pk=r["second"].pk).save(),
}


@pytest.mark.parametrize("change", CHANGES)
def test_kept_api_objects_follow_every_change(
    client: Client, record: dict[str, Any], change: str
) -> None:
    assert_fresh(client)
    listed(client)  # kept now
    CHANGES[change](record)
    assert_fresh(client)


def test_only_changed_events_are_read_again(
    client: Client, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[int] = []

    def spy(events: list[Event]) -> Any:
        read.extend(e.pk for e in events)
        return real(events)

    real = rows.read
    monkeypatch.setattr(rows, "read", spy)
    first = listed(client)
    assert sorted(read) == sorted(first)
    read.clear()
    assert listed(client) == first
    assert read == []
    services.update_event(record["first"], title="Changed")
    assert listed(client)[record["first"].pk]["title"] == "Changed"
    assert read == [record["first"].pk]


def test_kept_cards_follow_changes_and_keep_each_pages_back_link(
    client: Client, record: dict[str, Any]
) -> None:
    page = client.get("/", {"country": "IN"}).content.decode()
    assert "Marco Rubio" in page
    assert f"/events/{record['first'].pk}/?back=/%3Fcountry%3DIN" in page
    other = client.get("/", {"kind": "call"}).content.decode()  # the same cards, kept
    assert f"/events/{record['first'].pk}/?back=/%3Fkind%3Dcall" in other
    assert "back=/%3Fcountry" not in other
    plain = client.get("/").content.decode()
    assert f'href="/events/{record["first"].pk}/"' in plain
    assert "<!--back-" not in plain + other

    services.save_kind(kind=EventKind.objects.get(slug="call"), name="Telephone call")
    page = client.get("/", {"country": "IN"}).content.decode()
    assert page.count('<span class="badge kind">Telephone call</span>') == 2
    services.save_actor(actor=record["actor"], name="Marco A. Rubio")
    page = client.get("/", {"country": "IN"}).content.decode()
    assert "Marco A. Rubio" in page
    assert "Marco Rubio" not in page


def test_a_search_highlights_its_own_words_in_kept_cards(
    client: Client, record: dict[str, Any]
) -> None:
    first = client.get("/", {"q": "first"}).content.decode()
    assert "<mark>First</mark>" in first
    readouts = client.get("/", {"q": "readout"}).content.decode()  # the same card, kept
    assert "<mark>Readout</mark>" in readouts
    assert "<mark>First</mark>" not in readouts
