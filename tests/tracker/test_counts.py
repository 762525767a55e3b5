"""The counts kept by the write path equal a full count after every change, whatever
sequence of creates, updates (dates, spans, kinds, statuses, countries, topics), deletes,
duplicates, topic moves and deletions and imports drives them (hypothesis on the database in
use; PostgreSQL in CI); a recount in SQL gives the same cells. And the command that checks
them says what differs and repairs it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker import counts, services
from tracker.models import CountCell, CountTotal, Event, EventKind, EventPair, Topic

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]
CODES = ["US", "IN", "CN", "JP", "GB"]
KINDS = ["call", "meeting", "visit", "trade-measure"]
STATUSES = ["occurred", "scheduled", "cancelled"]

dates = st.dates(min_value=date(2023, 11, 1), max_value=date(2025, 3, 31)).map(
    lambda d: d.isoformat()
)
countries = st.lists(st.sampled_from(CODES), max_size=4, unique=True)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.sampled_from(KINDS), dates, countries, st.integers(0, 3)),
        st.tuples(st.just("update"), st.integers(0, 20), st.sampled_from(KINDS), dates),
        st.tuples(st.just("span"), st.integers(0, 20), dates, st.sampled_from(["", "2025-06"])),
        st.tuples(st.just("status"), st.integers(0, 20), st.sampled_from(STATUSES)),
        st.tuples(st.just("move-topic"), st.integers(0, 2), st.integers(-1, 2)),
        st.tuples(st.just("countries"), st.integers(0, 20), countries),
        st.tuples(st.just("topics"), st.integers(0, 20), st.integers(0, 3)),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("duplicate"), st.integers(0, 20)),
        st.tuples(st.just("drop-topic"), st.integers(0, 2)),
        st.tuples(st.just("import"), st.sampled_from(KINDS), dates, countries),
    ),
    min_size=1,
    max_size=12,
)


def topics(mask: int) -> list[Topic]:
    every = list(Topic.objects.filter(slug__startswith="count-").order_by("slug"))
    return [t for i, t in enumerate(every) if mask & (1 << i)]


def pick(index: int) -> Event | None:
    events = list(Event.objects.order_by("pk"))
    return events[index % len(events)] if events else None


def run(operation: tuple[Any, ...]) -> None:
    name, *args = operation
    if name == "create":
        kind, start, codes, mask = args
        services.create_event(
            title="Counted", kind=kind, start=start, countries=codes, topics=topics(mask)
        )
    elif name == "import":  # the import path: a record through the services
        from tracker.interchange.records import import_records

        kind, start, codes = args
        report = import_records(
            [(1, {"title": "Imported", "kind": kind, "start": start, "countries": codes})]
        )
        assert report.created == 1
    elif name == "move-topic":  # under another topic (refused if that makes a cycle)
        every = topics(0b111)  # those not dropped
        if not every:
            return
        topic = every[args[0] % len(every)]
        parent = every[args[1] % len(every)] if args[1] >= 0 else None
        try:
            services.save_topic(topic=topic, parent=parent)
        except ValidationError:
            topic.refresh_from_db()
    elif name == "drop-topic":
        left = [t for t in topics(0b11) if not t.children.exists()]  # others are protected
        if left:
            services.delete_topics(topics=[left[args[0] % len(left)]])
    elif (event := pick(args[0])) is None:
        return
    elif name == "update":
        services.update_event(event, kind=args[1], start=args[2])
    elif name == "countries":
        services.update_event(event, countries=args[1])
    elif name == "span":
        end = args[2] if args[2] >= args[1][:7] else ""
        services.update_event(event, start=args[1], end=end or None)
    elif name == "status":
        services.set_status(events=[event], status=args[1])
    elif name == "topics":
        services.update_event(event, topics=topics(args[1]))
    elif name == "delete":
        services.delete_events(events=[event])
    elif name == "duplicate":
        services.duplicate_event(event=event)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations)
def test_counts_equal_a_full_count_after_every_change(steps: list[tuple[Any, ...]]) -> None:
    Event.objects.all().delete()
    counts.rebuild()
    Topic.objects.filter(slug__startswith="count-").update(parent=None)
    Topic.objects.filter(slug__startswith="count-").delete()
    for i in range(3):
        Topic.objects.create(slug=f"count-{i}", name=f"Counted topic {i}")
    for step in steps:
        run(step)
        assert counts.differences() == [], step
    counts.rebuild()  # the recount in SQL gives what the write path kept
    assert counts.differences() == []
    CountCell.objects.exclude(also=0).delete()  # as before migration 0017, and more
    CountTotal.objects.exclude(also=0).delete()
    counts.recount_topic_pairs()
    assert counts.differences() == []


def test_pair_rows_follow_the_countries_and_the_date() -> None:
    event = services.create_event(
        title="Three", kind="meeting", start="2025-02-13", countries=["US", "IN", "JP"]
    )
    rows = set(EventPair.objects.filter(event=event).values_list("a", "b", "span_start"))
    start = date(2025, 2, 13)
    assert rows == {("IN", "US", start), ("IN", "JP", start), ("JP", "US", start)}
    services.update_event(event, start="2025-03", countries=["US", "IN"])
    rows = set(EventPair.objects.filter(event=event).values_list("a", "b", "span_start"))
    assert rows == {("IN", "US", date(2025, 3, 1))}
    cells = CountTotal.objects.filter(topic_id=0, c2="")
    assert cells.get(c1="IN").n == 1
    assert not cells.filter(c1="JP").exists()


def test_an_event_is_counted_under_its_topics_and_the_topics_above_them_once() -> None:
    trade = services.save_topic(slug="count-trade", name="Trade")
    tariffs = services.save_topic(slug="count-tariffs", name="Tariffs", parent=trade)
    steel = services.save_topic(slug="count-steel", name="Steel", parent=tariffs)
    services.create_event(
        title="T", kind="trade-measure", start="2025-03-12", countries=["US", "CN"],
        topics=[steel, tariffs],
    )  # fmt: skip
    totals = CountTotal.objects.filter(c1="", c2="")
    assert {t.topic_id: t.n for t in totals} == {0: 1, trade.pk: 1, tariffs.pk: 1, steel.pk: 1}
    services.save_topic(topic=tariffs, parent=None)  # moved out from under trade
    assert not CountTotal.objects.filter(topic_id=trade.pk).exists()
    assert counts.differences() == []
    tariffs.parent = trade  # changed in place and saved, as the admin does
    services.save_topic(topic=tariffs)
    assert CountTotal.objects.get(c1="", c2="", topic_id=trade.pk, also=0).n == 1
    assert counts.differences() == []


def test_verify_counts_says_what_differs_and_repairs_it(capsys: pytest.CaptureFixture[str]) -> None:
    services.create_event(title="A", kind="call", start="2025-02-13", countries=["US", "IN"])
    call_command("verify_counts")
    assert "The counts match a full count." in capsys.readouterr().out
    CountTotal.objects.filter(c1="US", c2="", topic_id=0).update(n=7)
    EventPair.objects.all().delete()
    with pytest.raises(CommandError, match="2 count"):
        call_command("verify_counts")
    out = capsys.readouterr().out
    assert "total US - 0 " in out
    assert ": stored 7, counted 1" in out
    assert "pair row IN-US of event" in out
    call_command("verify_counts", "--repair")
    assert "Repaired 2 count(s)." in capsys.readouterr().out
    assert counts.differences() == []


def test_a_cell_holds_kind_status_and_the_months_an_event_starts_and_ends_in() -> None:
    kind = EventKind.objects.get(slug="visit")
    services.create_event(title="V", kind=kind, start="2025-02", countries=["US"])
    services.create_event(title="W", kind=kind, start="2025-02-20", countries=["US"])
    services.create_event(title="X", kind=kind, start="2025-02-20", end="2025-04")
    cells = CountCell.objects.filter(c1="", c2="", topic_id=0, kind=kind, status="occurred")
    assert {(c.first_month, c.last_month, c.n) for c in cells} == {
        (date(2025, 2, 1), date(2025, 2, 1), 2),
        (date(2025, 2, 1), date(2025, 4, 1), 1),
    }


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_counts_and_do_not_deadlock(seeded: None) -> None:
    """Two writers at once, touching the same counters in opposite orders (topics, pairs):
    both finish, and the counts equal a full count."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections: PostgreSQL")
    first = Topic.objects.create(slug="count-a", name="Counted A")
    second = Topic.objects.create(slug="count-b", name="Counted B")
    problems: list[BaseException] = []

    def write(order: list[Topic], codes: list[str]) -> None:
        try:
            for i in range(15):
                event = services.create_event(
                    title=f"Concurrent {i}", kind="meeting", start=f"2025-0{1 + i % 3}-10",
                    countries=codes, topics=order,
                )  # fmt: skip
                services.update_event(event, topics=list(reversed(order)), countries=codes[::-1])
        except BaseException as exc:
            problems.append(exc)
        finally:
            connection.close()

    writers = [
        threading.Thread(target=write, args=([first, second], ["US", "IN", "JP"])),
        threading.Thread(target=write, args=([second, first], ["JP", "IN", "US"])),
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
    assert problems == []
    assert Event.objects.count() == 30
    assert counts.differences() == []
