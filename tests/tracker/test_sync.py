"""Keeping a copy of the record in sync through the API: the README's recipe (run here as
it is written there) through a random sequence of writes, with the clock moving between
them, leaves a copy identical to the record; and the deleted-events list."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import time_machine
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from tracker import services
from tracker.interchange.records import import_records
from tracker.models import Actor, DeletedEvent, Event, Topic

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def recipe() -> dict[str, Any]:
    """The README's sync recipe, executed as written."""
    code = re.search(r"```python\n(# The sync recipe.*?)```", README, re.S)
    assert code is not None, "the README has no sync recipe"
    namespace: dict[str, Any] = {}
    exec(compile(code[1], "README.md", "exec"), namespace)  # noqa: S102
    return namespace


class Answer:
    def __init__(self, response: Any) -> None:
        self.response = response
        self.headers = response.headers

    def raise_for_status(self) -> None:
        assert self.response.status_code == 200, self.response.content[:500]

    def json(self) -> Any:
        return self.response.json()


class Session:
    """What the recipe needs of `requests`, on Django's test client."""

    def __init__(self) -> None:
        self.client = Client()

    def get(self, url: str, params: dict[str, Any] | None = None) -> Answer:
        parts = urlsplit(url)
        query = urlencode(params) if params else parts.query
        return Answer(self.client.get(parts.path, QUERY_STRING=query))


def everything(session: Session) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for response in recipe()["pages"](session, "http://testserver/api/v1/events/", {}):
        for event in response.json()["results"]:
            found[event["uid"]] = event
    return found


def pick(index: int) -> Event | None:
    events = list(Event.objects.order_by("pk"))
    return events[index % len(events)] if events else None


operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.integers(0, 2), st.booleans()),
        st.tuples(st.just("update"), st.integers(0, 20), st.text("abc ", min_size=1, max_size=5)),
        st.tuples(
            st.just("status"), st.integers(0, 20), st.sampled_from(["scheduled", "occurred"])
        ),
        st.tuples(st.just("relate"), st.integers(0, 20), st.integers(0, 20)),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("reimport"), st.integers(0, 20)),
        st.tuples(
            st.just("rename-actor"), st.integers(0, 2), st.text("xyz", min_size=1, max_size=4)
        ),
        st.tuples(st.just("merge-actors"), st.integers(0, 2), st.integers(0, 2)),
        st.tuples(
            st.just("rename-topic"), st.integers(0, 1), st.text("pq", min_size=1, max_size=4)
        ),
        st.tuples(st.just("merge-tags")),
        st.tuples(st.just("sync")),
    ),
    min_size=1,
    max_size=14,
)


def run(step: tuple[Any, ...], gone: list[dict[str, Any]]) -> None:
    """One write through the services (``gone``: records of deleted events, to import)."""
    name, *args = step
    actors = list(Actor.objects.filter(name__startswith="Sync").order_by("pk"))
    topics = list(Topic.objects.filter(slug__startswith="sync-").order_by("pk"))
    if name == "create":
        services.create_event(
            title="Talks",
            kind="meeting",
            start="2025-02-05",
            countries=["US", "IN"],
            topics=topics[: args[0]],
            tags=["sync-a"] if args[1] else ["sync-b"],
            participants=[{"actor": actors[args[0] % len(actors)], "role": "host"}]
            if actors
            else [],
        )
    elif name == "rename-actor" and actors:
        services.save_actor(actor=actors[args[0] % len(actors)], name=f"Sync {args[1]}")
    elif name == "merge-actors" and len(actors) > 1:
        keep, other = actors[args[0] % len(actors)], actors[args[1] % len(actors)]
        if keep != other:
            services.merge_actors(keep=keep, merge=[other])
    elif name == "rename-topic" and topics:
        topic = topics[args[0] % len(topics)]
        if not Topic.objects.filter(slug=f"sync-{args[1]}").exists():
            services.save_topic(topic=topic, slug=f"sync-{args[1]}")
    elif name == "merge-tags":
        tags = list(Tag.objects.filter(name__startswith="sync-").order_by("name"))
        if len(tags) > 1:
            services.merge_tags(keep=tags[0], merge=tags[1:])
    elif name == "reimport" and gone:  # an event deleted, then imported again (same uid)
        report = import_records([(1, gone.pop(args[0] % len(gone)))])
        assert report.created == 1
    elif name in ("update", "status", "relate", "delete") and (event := pick(args[0])):
        if name == "update":
            services.update_event(event, title=f"Talks {args[1]}")
        elif name == "status":
            services.set_status(events=[event], status=args[1])
        elif name == "relate" and (other := pick(args[1])):
            services.update_event(event, related=[other])
        elif name == "delete":
            gone.append(
                {"uid": str(event.uid), "title": event.title, "kind": "meeting",
                 "start": "2025-02-05", "countries": ["US"]}
            )  # fmt: skip
            services.delete_events(events=[event])


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations)
def test_the_readme_recipe_keeps_an_identical_copy(steps: list[tuple[Any, ...]]) -> None:
    Event.objects.all().delete()
    DeletedEvent.objects.all().delete()
    Actor.objects.filter(name__startswith="Sync").delete()
    Topic.objects.filter(slug__startswith="sync-").delete()
    for i in range(3):
        Actor.objects.create(name=f"Sync actor {i}")
    for i in range(2):
        Topic.objects.create(slug=f"sync-topic-{i}", name=f"Sync topic {i}")
    sync = recipe()["sync"]
    session = Session()
    base = "http://testserver"
    clock = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    gone: list[dict[str, Any]] = []
    with time_machine.travel(clock, tick=False) as traveller:
        services.create_event(title="First", kind="call", start="2025-01-27", countries=["US"])
        copy: dict[str, Any] = {}
        since = sync(session, base, copy)  # the first copy: everything
        for step in steps:
            # Writes and syncs seconds apart: a change missed by updated_since would stay
            # missed (everything written within the same second would hide it).
            clock += timedelta(seconds=7)
            traveller.move_to(clock)
            if step[0] == "sync":
                since = sync(session, base, copy, since)
                assert copy == everything(session), step
            else:
                run(step, gone)
        clock += timedelta(seconds=7)
        traveller.move_to(clock)
        sync(session, base, copy, since)
        assert copy == everything(session)


def test_the_deleted_list_and_its_errors(client: Client) -> None:
    event = services.create_event(title="Gone soon", kind="call", start="2025-01-27")
    with time_machine.travel(datetime(2026, 3, 1, 12, 0, tzinfo=UTC), tick=False):
        services.delete_events(events=[event])
    answer = client.get("/api/v1/events/deleted/", {"since": "2026-03-01T11:59:00Z"}).json()
    assert answer["results"] == [
        {
            "uid": str(event.uid),
            "id": event.pk,
            "title": "Gone soon",
            "deleted": "2026-03-01T12:00:00Z",
        }
    ]
    later = client.get("/api/v1/events/deleted/", {"since": "2026-03-01T12:00:01Z"}).json()
    assert later["results"] == []
    for bad in ({}, {"since": "yesterday"}, {"since": "0001-01-01T00:00:00Z"}):
        response = client.get("/api/v1/events/deleted/", bad)
        assert response.status_code == 400, bad
        assert "since" in response.json(), bad
    # Imported again under its uid, it is no longer listed as deleted.
    import_records([(1, {"uid": str(event.uid), "title": "Back", "kind": "call", "start": "2025"})])
    assert client.get("/api/v1/events/deleted/", {"since": "2026-01-01"}).json()["results"] == []
