"""The JSON API: shapes, filters, writes through the services, errors, pagination, caching."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.factories import (
    ActorFactory,
    EventFactory,
    FigureFactory,
    ParticipationFactory,
    SourceFactory,
    TopicFactory,
    add_topics,
    kind,
)
from tracker.choices import DatePrecision, EventStatus
from tracker.dates import PartialDate
from tracker.models import Event, Figure, Participation, Source

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"


def day(text: str) -> Any:
    return PartialDate.parse(text).first_day


def as_user(client: Client, user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def post(client: Client, url: str, body: Any, method: str = "post") -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return getattr(client, method)(url, data, content_type="application/json")


def new_event(**overrides: Any) -> dict[str, Any]:
    actor = overrides.pop("actor", None) or ActorFactory.create(name="S. Jaishankar")
    body = {
        "title": "Jaishankar and Rubio meet",
        "kind": "meeting",
        "status": "occurred",
        "summary": "A first bilateral meeting.",
        "start": "2025-01-21",
        "countries": ["US", {"code": "in", "name": "India"}],
        "participants": [
            {"actor": actor.pk, "role": "guest", "title_at_time": "External Affairs Minister"}
        ],
        "topics": [],
        "tags": ["bilateral", "Quad"],
        "sources": [{"url": "https://mea.example.org/readout", "outlet": "MEA"}],
        "figures": [
            {
                "label": "Goods trade",
                "value": "129.2",
                "unit": "USD",
                "period_start": "2024-01-01",
                "period_end": "2024-12-31",
            }
        ],
    }
    body.update(overrides)
    return body


def full_event(**kwargs: Any) -> Event:
    event = EventFactory.create(countries=["US", "IN"], **kwargs)
    add_topics(event, TopicFactory.create())
    event.tags.add("trade")
    ParticipationFactory.create(event=event)
    SourceFactory.create(event=event)
    FigureFactory.create(event=event)
    return event


# Reads ----------------------------------------------------------------------------------------


def test_event_representation(client: Client) -> None:
    event = EventFactory.create(
        title="Tariff order",
        kind=kind("trade-measure"),
        start=day("2009"),
        start_precision=DatePrecision.YEAR,
        end=day("2024"),
        end_precision=DatePrecision.YEAR,
        countries=["US", "IN"],
    )
    actor = ActorFactory.create(name="Marco Rubio", country_id="US")
    ParticipationFactory.create(
        event=event, actor=actor, role="host", title_at_time="Secretary of State"
    )
    FigureFactory.create(event=event, label="Deportees", value="15668", unit="persons")
    other = EventFactory.create()
    event.related.add(other)
    event.tags.add("deportations")

    data = client.get(f"{EVENTS}{event.pk}/").json()
    assert data["url"].endswith(f"{EVENTS}{event.pk}/")
    assert (data["start"], data["end"], data["display_date"]) == ("2009", "2024", "2009–2024")
    assert (data["start_precision"], data["end_precision"]) == ("year", "year")
    assert (data["span_start"], data["span_end"]) == ("2009-01-01", "2024-12-31")
    assert data["kind"] == "trade-measure"
    assert {c["code"] for c in data["countries"]} == {"US", "IN"}
    assert data["participants"] == [
        {
            "actor": actor.pk,
            "name": "Marco Rubio",
            "role": "host",
            "title_at_time": "Secretary of State",
            "country": "US",
        }
    ]
    assert data["figures"][0]["display"] == "15,668 persons"
    assert data["tags"] == ["deportations"]
    assert data["related"] == [other.pk]


@pytest.mark.sqlite
def test_list_objects_equal_detail_objects(client: Client) -> None:
    """Lists are built by tracker/api/rows.py, details by EventSerializer: same objects."""
    first = EventFactory.create(
        title="Tariff order on steel",
        kind=kind("trade-measure"),
        status=EventStatus.SCHEDULED,
        summary="Duties <b>rise</b>.",
        notes="Takes effect later.",
        start=day("2009"),
        start_precision=DatePrecision.YEAR,
        end=day("2024-03"),
        end_precision=DatePrecision.MONTH,
        countries=["US", "IN", "CN"],
    )
    second = full_event(title="Steel talks", start=day("2025-02-05"))
    plain = EventFactory.create(title="Steel call without anything attached")
    for event in (first, second):
        for name in ("Zed", "Ann"):
            ParticipationFactory.create(
                event=event, actor=ActorFactory.create(name=name, country_id=None)
            )
        SourceFactory.create(event=event, published=None, outlet="Wire")
        SourceFactory.create(event=event, published=day("2025-01-02"), excerpt="“Quoted”")
        FigureFactory.create(
            event=event,
            label="Deficit",
            value="-45.7",
            unit="USD",
            period_start=day("2024-01-01"),
            period_end=day("2024-12-31"),
            change_value="2.5",
            change_unit="percent",
        )
        FigureFactory.create(event=event, label="Tariff", value="25", unit="percent")
        event.tags.add("Quad", "bilateral", "Trade-talks")
        add_topics(event, TopicFactory.create(name="Zinc"), TopicFactory.create(name="Aluminium"))
    first.related.add(second, plain)

    for params in ({}, {"q": "steel"}, {"country": ["US", "IN"]}):
        listed = client.get(EVENTS, params).json()["results"]
        assert listed, params
        for item in listed:
            detail = client.get(item["url"]).json()
            if "q" in params:
                assert item["highlight"]
                assert "<mark>" in item["highlight"]
                item["highlight"] = None
            assert item == detail


@pytest.mark.sqlite
def test_the_documented_shape_is_the_shape_returned(client: Client) -> None:
    """EventSerializer describes events for the OpenAPI schema; what the API returns is
    made by tracker.shapes. For the same event both give the same object."""
    from rest_framework.test import APIRequestFactory

    from tracker.api.serializers import EventSerializer

    event = full_event(title="Steel talks", start=day("2025-02-05"))
    returned = client.get(f"{EVENTS}{event.pk}/").json()
    request = APIRequestFactory().get(f"{EVENTS}{event.pk}/")
    documented = EventSerializer(
        Event.objects.with_details().get(pk=event.pk), context={"request": request}
    ).data
    assert list(returned) == list(EventSerializer.Meta.fields)
    assert returned == json.loads(json.dumps(documented, cls=DjangoJSONEncoder))


@pytest.mark.parametrize("page_size", [10, 200])
def test_list_query_count_is_constant(client: Client, page_size: int) -> None:
    for _ in range(page_size + 1):
        full_event()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(EVENTS, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    # The page, its revisions, what is attached (one query per relation on SQLite, one in
    # all on PostgreSQL), the related events and the typed links; on PostgreSQL, the oldest
    # open transaction (for X-Sync-Since).
    sync = 1 if connection.vendor == "postgresql" else 0
    assert len(queries) <= 11 + sync, [q["sql"][:80] for q in queries]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(EVENTS, {"page_size": page_size})
    assert again.json() == response.json()
    # Kept: the page, its revisions, the related events and the typed links only.
    assert len(queries) == 4 + sync, [q["sql"][:80] for q in queries]


@pytest.mark.sqlite
def test_filters(client: Client) -> None:
    trade = TopicFactory.create(slug="trade", name="Trade")
    tariffs = TopicFactory.create(slug="tariffs", name="Tariffs", parent=trade)
    feb = EventFactory.create(title="Tariffs in February", kind=kind("trade-measure"),
                              start=day("2025-02"), start_precision="month",
                              countries=["US", "CA"], status=EventStatus.SCHEDULED)  # fmt: skip
    add_topics(feb, tariffs)
    feb.tags.add("Steel")
    call = EventFactory.create(title="Leaders speak", kind=kind("call"),
                               start=day("2025-03-12"), countries=["US", "IN"])  # fmt: skip
    rubio = ActorFactory.create(name="Marco Rubio")
    ParticipationFactory.create(event=call, actor=rubio)

    def titles(**params: Any) -> set[str]:
        response = client.get(EVENTS, params)
        assert response.status_code == 200, response.json()
        return {e["title"] for e in response.json()["results"]}

    both = {feb.title, call.title}
    assert titles() == both
    assert titles(date_from="2025-02-10", date_to="2025-02-20") == {feb.title}
    assert titles(date_from="Mar 2025") == {call.title}
    assert titles(country=["US", "IN"]) == {call.title}
    assert titles(country=["us"]) == both
    assert titles(actor=[str(rubio.pk)]) == {call.title}
    assert titles(actor=[rubio.slug]) == {call.title}
    assert titles(topic="trade") == {feb.title}  # sub-topics count
    assert titles(tag="steel") == {feb.title}
    assert titles(kind=["call", "trade-measure"]) == both
    assert titles(status="scheduled") == {feb.title}
    assert titles(precision="day") == {call.title}
    assert titles(q="leaders") == {call.title}
    assert titles(q="rubio") == {call.title}
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    assert titles(updated_since=later) == set()


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "2025-13"}, "date_from", "between 1 and 12"),
        ({"date_to": "Feb 30 2025"}, "date_to", "has no day 30"),
        ({"country": "ZZ"}, "country", "Unknown country code “ZZ”"),
        ({"kind": "gossip"}, "kind", "Unknown event kind “gossip”"),
        ({"actor": "nobody"}, "actor", "Nothing is called “nobody”"),
        ({"status": "rumoured"}, "status", "rumoured"),
        ({"updated_since": "yesterday"}, "updated_since", "valid date/time"),
        ({"page_size": "201"}, "page_size", "from 1 to 200"),
        ({"cursor": "garbage"}, "cursor", "not valid"),
        ({"date_from": "100%s"}, "date_from", "“100%s” is not a date"),
        ({"tag": "a\x00b"}, "tag", "Control characters"),
        ({"country": "U\x00S"}, "country", "Control characters"),
        ({"page_size": "²"}, "page_size", "from 1 to 200"),
        ({"actor": "²"}, "actor", "Nothing is called"),
        ({"updated_since": "0001-01-01T00:00:00+01:00"}, "updated_since", "between the years"),
        ({"tag": [f"t{i}" for i in range(60)]}, "tag", "at most 50"),
        ({"q": "x" * 501}, "q", "at most 500"),
    ],
)
def test_bad_filters_are_400_with_field_messages(
    client: Client, params: dict[str, str], field: str, message: str
) -> None:
    response = client.get(EVENTS, params)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


@pytest.mark.sqlite
def test_cursor_pages_are_stable_when_events_are_inserted(client: Client) -> None:
    same_day = day("2025-02-05")
    for i in range(6):
        EventFactory.create(title=f"e{i}", start=same_day)
    for i in range(4):
        EventFactory.create(title=f"old{i}", start=day("2024-06-01"))
    first = client.get(EVENTS, {"page_size": 4}).json()
    seen = [e["id"] for e in first["results"]]
    # New events on the boundary day and before it, between two page requests.
    EventFactory.create(title="new same day", start=same_day)
    EventFactory.create(title="new newest", start=day("2026-01-01"))
    EventFactory.create(title="new older", start=day("2024-12-01"))
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [e["id"] for e in page["results"]]
        url = page["next"]
    titles = dict(Event.objects.values_list("id", "title"))
    assert len(seen) == len(set(seen)), "an event was repeated"
    old = {pk for pk, title in titles.items() if not title.startswith("new")}
    assert old <= set(seen), "an event was skipped"
    assert "new older" in {titles[pk] for pk in seen}
    spans = [Event.objects.get(pk=pk).span_start for pk in seen]
    assert spans == sorted(spans, reverse=True)


def test_previous_link_walks_back(client: Client) -> None:
    EventFactory.create_batch(5)
    first = client.get(EVENTS, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    assert first["previous"] is None
    back = client.get(second["previous"]).json()
    assert [e["id"] for e in back["results"]] == [e["id"] for e in first["results"]]


def test_conditional_get(client: Client) -> None:
    event = EventFactory.create()
    detail = client.get(f"{EVENTS}{event.pk}/")
    assert detail.has_header("ETag")
    assert detail.has_header("Last-Modified")
    again = client.get(f"{EVENTS}{event.pk}/", headers={"if-none-match": detail["ETag"]})
    assert again.status_code == 304
    since = client.get(
        f"{EVENTS}{event.pk}/", headers={"if-modified-since": detail["Last-Modified"]}
    )
    assert since.status_code == 304
    listing = client.get(EVENTS)
    assert client.get(EVENTS, headers={"if-none-match": listing["ETag"]}).status_code == 304
    event.title = "Changed"
    event.save()
    assert client.get(EVENTS, headers={"if-none-match": listing["ETag"]}).status_code == 200


def test_lookups(client: Client) -> None:
    full_event()
    countries = client.get("/api/v1/countries/").json()
    assert {c["code"]: c["events"] for c in countries} == {"US": 1, "IN": 1}
    assert client.get("/api/v1/countries/in/").json()["name"] == "India"
    assert client.get("/api/v1/tags/").json()["results"] == [
        {"name": "trade", "slug": "trade", "events": 1}
    ]
    kinds = client.get("/api/v1/kinds/").json()
    call = next(k for k in kinds if k["slug"] == "call")
    assert (call["plover_category"], call["cameo_code"]) == ("CONSULT", "041")
    assert client.get("/api/v1/topics/").json()["results"][0]["events"] == 1
    assert client.get("/api/v1/actors/").json()["results"][0]["events"] == 1


# Writes ---------------------------------------------------------------------------------------


def test_create_event_through_the_api(client: Client, editor: User) -> None:
    as_user(client, editor)
    response = post(client, EVENTS, new_event(start="Feb 2025"))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert response["Location"] == data["url"]
    assert type(response["Location"]) is str  # WSGI servers reject str subclasses
    assert (data["start"], data["start_precision"], data["display_date"]) == (
        "2025-02",
        "month",
        "Feb 2025",
    )
    assert {c["code"] for c in data["countries"]} == {"IN", "US"}
    assert data["tags"] == ["bilateral", "Quad"]
    assert data["participants"][0]["title_at_time"] == "External Affairs Minister"
    assert data["figures"][0]["display"] == "129.2 USD"
    event = Event.objects.get()
    assert event.created_by == editor


def test_read_shape_round_trips_through_put(client: Client, editor: User) -> None:
    as_user(client, editor)
    created = post(client, EVENTS, new_event()).json()
    created["title"] = "Renamed"
    response = post(client, created["url"], created, method="put")
    assert response.status_code == 200, response.json()
    again = response.json()
    for key in ("countries", "participants", "tags", "sources", "figures", "start"):
        assert again[key] == created[key], key
    assert again["title"] == "Renamed"


def test_patch_changes_only_what_is_given(client: Client, editor: User) -> None:
    as_user(client, editor)
    created = post(client, EVENTS, new_event()).json()
    response = post(client, created["url"], {"status": "cancelled", "end": "2025-01-22"}, "patch")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "cancelled"
    assert data["display_date"] == "21–22 Jan 2025"
    assert data["participants"] == created["participants"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start": "2025-13"}, "start", "between 1 and 12"),
        ({"start": "Feb 30 2025"}, "start", "has no day 30"),
        ({"start": "2025-03-01", "end": "2025-02-01"}, "end", "before the start"),
        ({"countries": ["US", "ZZ"]}, "countries", "ZZ"),
        ({"participants": [{"actor": 999999}]}, "participants[0].actor", "Unknown actor"),
        ({"kind": "gossip"}, "kind", "Unknown event kind"),
        ({"topics": ["nope"]}, "topics", "Unknown topics"),
        ({"title": ""}, "title", "blank"),
        ({"countries": ["\ud800"]}, "countries[0]", "ISO 3166"),
        (
            {"figures": [{"label": "x", "value": "lots", "unit": "USD"}]},
            "figures[0].value",
            "number",
        ),
        (
            {
                "figures": [
                    {"label": "x", "value": "1", "unit": "USD", "period_start": "0999-01-01"}
                ]
            },
            "figures[0].period_start",
            "between 1000 and 9999",
        ),
        (
            {"figures": [{"label": "x", "value": "1", "unit": "USD", "change_value": "2"}]},
            "figures[0].change_unit",
            "unit of the change",
        ),
    ],
)
def test_bad_writes_are_400_and_save_nothing(
    client: Client, editor: User, changes: dict[str, Any], field: str, message: str
) -> None:
    as_user(client, editor)
    before = (Event.objects.count(), Participation.objects.count(), Figure.objects.count())
    response = post(client, EVENTS, new_event(**changes))
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert message in json.dumps(errors[field], ensure_ascii=False)
    after = (Event.objects.count(), Participation.objects.count(), Figure.objects.count())
    assert after == before


def test_put_replaces_everything_and_patch_errors_name_the_field(
    client: Client, editor: User
) -> None:
    as_user(client, editor)
    created = post(client, EVENTS, new_event(status="scheduled", notes="N")).json()
    minimal = {"title": "Only this", "kind": "call", "start": "2025-02-15"}
    replaced = post(client, created["url"], minimal, method="put").json()
    assert (replaced["summary"], replaced["notes"], replaced["status"]) == ("", "", "occurred")
    assert replaced["participants"] == []
    response = post(client, created["url"], {"end": "Feb 2025"}, method="patch")
    assert response.status_code == 400
    assert "before the start" in response.json()["end"][0]


def test_actor_list_query_count_is_constant(client: Client) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/actors/").status_code == 200
        return len(queries)

    ActorFactory.create_batch(3)
    few = count()
    ActorFactory.create_batch(30)
    assert count() == few


def test_failed_update_leaves_the_event_as_it_was(client: Client, editor: User) -> None:
    as_user(client, editor)
    created = post(client, EVENTS, new_event()).json()
    bad = {"title": "Changed", "sources": [], "figures": [{"label": "x", "value": "1",
           "unit": "USD", "period_start": "2025-02-01", "period_end": "2025-01-01"}]}  # fmt: skip
    response = post(client, created["url"], bad, method="patch")
    assert response.status_code == 400
    event = Event.objects.get()
    assert event.title == created["title"]
    assert Source.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"title": "x",', "Malformed JSON"),
        ('{"title": NaN}', "Malformed JSON"),
        (b"\xff\xfe", "not UTF-8"),
        ("[1, 2]", "Expected a dictionary"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_malformed_bodies(client: Client, editor: User, body: Any, message: str) -> None:
    as_user(client, editor)
    response = post(client, EVENTS, body)
    assert response.status_code == 400
    assert message in json.dumps(response.json())
    assert Event.objects.count() == 0


def test_body_over_the_limit(client: Client, editor: User, settings: Any) -> None:
    settings.API_MAX_BODY_BYTES = 2000
    as_user(client, editor)
    response = post(client, EVENTS, new_event(summary="x" * 3000))
    assert response.status_code == 400
    assert "larger than the limit of 2000 bytes" in response.json()["detail"]
    assert Event.objects.count() == 0


def test_actor_and_topic_writes(client: Client, editor: User) -> None:
    as_user(client, editor)
    response = post(client, "/api/v1/actors/", {"name": "Vikram Misri", "country": "IN",
                    "title": "Foreign Secretary", "aliases": ["Misri", "Misri"]})  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["aliases"] == ["Misri"]
    bad = post(client, "/api/v1/actors/", {"name": "X", "country": "ZZ"})
    assert bad.status_code == 400
    assert "country" in bad.json()
    parent = post(client, "/api/v1/topics/", {"slug": "trade", "name": "Trade"}).json()
    child = post(client, "/api/v1/topics/", {"slug": "tariffs", "name": "Tariffs",
                 "parent": "trade"})  # fmt: skip
    assert child.status_code == 201
    cycle = post(client, parent["url"], {"parent": "tariffs"}, method="patch")
    assert cycle.status_code == 400
    assert "parent" in cycle.json()


def test_anonymous_throttle(client: Client, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.API_ANON_RATE = "3/minute"
    codes = [client.get("/api/v1/kinds/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    cache.clear()


# Permissions ----------------------------------------------------------------------------------

ENDPOINTS = ["actors", "topics", "kinds", "tags", "countries", "events"]  # events last: deleted


@pytest.fixture
def objects() -> dict[str, str]:
    event = full_event()
    actor = event.participations.get().actor
    topic = event.topics.get()
    return {
        "events": f"{EVENTS}{event.pk}/",
        "actors": f"/api/v1/actors/{actor.pk}/",
        "topics": f"/api/v1/topics/{topic.slug}/",
        "kinds": "/api/v1/kinds/call/",
        "tags": "/api/v1/tags/trade/",
        "countries": "/api/v1/countries/US/",
    }


WRITABLE = {"events": {"post", "put", "patch", "delete"}, "actors": {"post", "put", "patch"},
            "topics": {"post", "put", "patch"}}  # fmt: skip
# What each role may write: (endpoint, method) pairs. Editors cannot delete events.
MAY_WRITE = {
    "anonymous": set(),
    "viewer": set(),
    "editor": {(e, m) for e, ms in WRITABLE.items() for m in ms if (e, m) != ("events", "delete")},
    "admin": {(e, m) for e, ms in WRITABLE.items() for m in ms},
}


@pytest.mark.parametrize("public", [True, False])
@pytest.mark.parametrize("role", ["anonymous", "viewer", "editor", "admin"])
def test_permission_matrix(
    client: Client,
    settings: Any,
    make_user: Any,
    objects: dict[str, str],
    role: str,
    public: bool,
) -> None:
    settings.TRACKER_PUBLIC = public
    settings.API_ANON_RATE = settings.API_USER_RATE = ""
    if role == "viewer":
        as_user(client, make_user("v", "Viewers"))
    elif role == "editor":
        as_user(client, make_user("e", "Editors"))
    elif role == "admin":
        as_user(client, User.objects.create_superuser("root", "r@example.org", "pw"))

    for endpoint in ENDPOINTS:
        detail = objects[endpoint]
        listing = f"/api/v1/{endpoint}/"
        for url in (listing, detail):
            code = client.get(url).status_code
            may_read = public or role != "anonymous"
            expected = 200 if may_read else 401
            assert code == expected, (role, public, "GET", url, code)
        for method in ("post", "put", "patch", "delete"):
            url = listing if method == "post" else detail
            code = post(client, url, {}, method=method).status_code
            if method not in WRITABLE.get(endpoint, set()):
                allowed = {401} if role == "anonymous" else {403, 405}
                assert code in allowed, (role, public, method, url, code)
            elif (endpoint, method) in MAY_WRITE[role]:
                # An empty body is not a valid new object; an empty patch changes nothing.
                assert code in (200, 204, 400), (role, public, method, url, code)
            else:
                expected = 401 if role == "anonymous" else 403
                assert code == expected, (role, public, method, url, code)


def test_event_detail_query_count(client: Client) -> None:
    event = full_event()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{EVENTS}{event.pk}/").status_code == 200
    assert len(queries) <= 10, [q["sql"][:60] for q in queries]


@pytest.mark.sqlite
def test_lookups_with_null_characters_are_400(client: Client, editor: User) -> None:
    """Found by the stateful schema test: a NUL in a related object's name reached the
    database (PostgreSQL refuses it) and became a 500."""
    as_user(client, editor)
    response = post(client, "/api/v1/topics/", {"name": "Ports", "parent": "a\x00b"})
    assert response.status_code == 400
    assert "parent" in response.json()
    response = post(client, "/api/v1/actors/", {"name": "A", "country": "U\x00"})
    assert response.status_code == 400
    assert "country" in response.json()


@pytest.mark.parametrize("search", [None, "talks"])
def test_a_pairs_pages_walk_forward_and_back_in_order(client: Client, search: str | None) -> None:
    """A pair's view sorts on its pair rows (their index); pages neither repeat nor skip,
    ties on the same day included, and the previous link walks back."""
    for i in range(7):
        start = day("2025-02-05") if i < 4 else day(f"2024-0{i - 3}-10")
        EventFactory.create(title=f"Pair talks {i}", start=start, countries=["US", "IN", "JP"])
    EventFactory.create(title="Other talks", start=day("2025-03-01"), countries=["US", "CN"])
    params: dict[str, Any] = {"country": ["IN", "US"], "page_size": 3}
    if search:
        params["q"] = search
    first = client.get(EVENTS, params).json()
    seen, pages, url = [e["id"] for e in first["results"]], [first], first["next"]
    while url:
        pages.append(client.get(url).json())
        seen += [e["id"] for e in pages[-1]["results"]]
        url = pages[-1]["next"]
    assert len(seen) == len(set(seen)) == 7
    if not search:  # (searches come most relevant first)
        spans = [Event.objects.get(pk=pk).span_start for pk in seen]
        assert spans == sorted(spans, reverse=True)
    back = client.get(pages[1]["previous"]).json()
    assert [e["id"] for e in back["results"]] == [e["id"] for e in first["results"]]
