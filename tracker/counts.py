"""Counts kept by the write path: events by month × kind, by country, by topic, and by
country pair × month × kind, plus one row per event and pair of its countries.

Every service that changes events wraps the change in ``tracked(ids)``: the events' keys
are read before and after, and the difference is added to the counts in the same
transaction (an upsert per changed key), so the tables are never stale and never need a
recount. ``rebuild()`` recounts everything (after bulk loads); ``differences()`` compares
the tables with a full count (``manage.py verify_counts``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import combinations
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth

from tracker.models import (
    CountCountry,
    CountMonthKind,
    CountPair,
    CountTopic,
    Event,
    EventCountry,
    EventPair,
)

# (table, key columns) of each count; a key is a tuple in that order.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "month": (CountMonthKind._meta.db_table, ("month", "kind_id")),
    "country": (CountCountry._meta.db_table, ("country_id",)),
    "topic": (CountTopic._meta.db_table, ("topic_id",)),
    "pair": (CountPair._meta.db_table, ("a", "b", "month", "kind_id")),
}
Keys = Counter[tuple[str, tuple[Any, ...]]]
BATCH = 2000


def _month(day: date) -> date:
    return day.replace(day=1)


def keys(event_ids: Iterable[int]) -> tuple[Keys, dict[int, list[tuple[str, str, date]]]]:
    """What the events add to each count, and their pairs (a, b, start): three queries."""
    ids = list(set(event_ids))
    found: Keys = Counter()
    pairs: dict[int, list[tuple[str, str, date]]] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        events = {
            pk: (span_start, kind_id)
            for pk, span_start, kind_id in Event.objects.filter(pk__in=chunk).values_list(
                "pk", "span_start", "kind_id"
            )
        }
        codes: dict[int, list[str]] = {}
        for event_id, code in EventCountry.objects.filter(event_id__in=events).values_list(
            "event_id", "country_id"
        ):
            codes.setdefault(event_id, []).append(code)
        topic_links = Event.topics.through.objects.filter(event_id__in=events)
        for (topic_id,) in topic_links.values_list("topic_id"):
            found[("topic", (topic_id,))] += 1
        for pk, (span_start, kind_id) in events.items():
            month = _month(span_start)
            found[("month", (month, kind_id))] += 1
            mine = sorted(codes.get(pk, []))
            for code in mine:
                found[("country", (code,))] += 1
            pairs[pk] = [(a, b, span_start) for a, b in combinations(mine, 2)]
            for a, b, _ in pairs[pk]:
                found[("pair", (a, b, month, kind_id))] += 1
    return found, pairs


class Tracker:
    """The events a change touches; more may be added while it runs (new events)."""

    def __init__(self, event_ids: Iterable[int]) -> None:
        self.ids = {pk for pk in event_ids if pk is not None}
        self.before, self.pairs_before = keys(self.ids)

    def add(self, *event_ids: int | None) -> None:
        self.ids.update(pk for pk in event_ids if pk is not None)

    def finish(self) -> None:
        after, pairs_after = keys(self.ids)
        delta: Keys = Counter()
        delta.update(after)
        delta.subtract(self.before)
        apply(delta)
        changed = [pk for pk in self.ids if self.pairs_before.get(pk) != pairs_after.get(pk)]
        if changed:
            EventPair.objects.filter(event_id__in=changed).delete()
            EventPair.objects.bulk_create(
                [
                    EventPair(event_id=pk, a=a, b=b, span_start=start)
                    for pk in changed
                    for a, b, start in pairs_after.get(pk, [])
                ],
                batch_size=BATCH,
            )


@contextmanager
def tracked(event_ids: Iterable[int | None] = ()) -> Iterator[Tracker]:
    """Keep the counts right across a change to these events (and any added with
    ``add``), in the same transaction as the change."""
    with transaction.atomic():
        tracker = Tracker(pk for pk in event_ids if pk is not None)
        yield tracker
        tracker.finish()


def apply(delta: Keys) -> None:
    """Add the delta to the stored counts: one upsert per table, rows at zero removed."""
    by_table: dict[str, list[tuple[Any, ...]]] = {}
    for (name, key), n in delta.items():
        if n:
            by_table.setdefault(name, []).append((*key, n))
    with connection.cursor() as cursor:
        # Tables and rows in one fixed order: writers that touch the same counters lock
        # them in the same order, so they wait for each other instead of deadlocking.
        for name in sorted(by_table):
            rows = sorted(by_table[name], key=lambda row: tuple(str(part) for part in row[:-1]))
            table, columns = TABLES[name]
            cols = ", ".join(columns)
            marks = ", ".join(["%s"] * (len(columns) + 1))
            match = " AND ".join(f"{c} = %s" for c in columns)
            more = [row for row in rows if row[-1] > 0]
            fewer = [(row[-1], *row[:-1]) for row in rows if row[-1] < 0]
            if more:
                cursor.executemany(
                    f"INSERT INTO {table} ({cols}, n) VALUES ({marks}) "  # noqa: S608
                    f"ON CONFLICT ({cols}) DO UPDATE SET n = {table}.n + excluded.n",
                    more,
                )
            if fewer:  # a row that went with what it counted (a deleted topic) stays gone
                cursor.executemany(
                    f"UPDATE {table} SET n = n + %s WHERE {match}",  # noqa: S608
                    fewer,
                )
                cursor.executemany(
                    f"DELETE FROM {table} WHERE {match} AND n <= 0",  # noqa: S608
                    [row[1:] for row in fewer],
                )


def full() -> tuple[Keys, Counter[tuple[int, str, str, date]]]:
    """Every count from the events themselves, by other means than ``keys`` (grouping
    queries, pairs made from the country rows), so that a fault there shows (slow)."""
    found: Keys = Counter()
    months = (
        Event.objects.annotate(m=TruncMonth("span_start"))
        .values_list("m", "kind_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for month, kind_id, n in months:
        found[("month", (month.date() if hasattr(month, "date") else month, kind_id))] += n
    for code, n in (
        EventCountry.objects.values_list("country_id").annotate(n=Count("pk")).order_by()
    ):
        found[("country", (code,))] += n
    topic_links = Event.topics.through.objects.values_list("topic_id")
    for topic_id, n in topic_links.annotate(n=Count("pk")).order_by():
        found[("topic", (topic_id,))] += n
    events = {pk: (start, kind) for pk, start, kind in Event.objects.values_list(
        "pk", "span_start", "kind_id")}  # fmt: skip
    by_event: dict[int, set[str]] = {}
    for event_id, code in EventCountry.objects.values_list("event_id", "country_id"):
        by_event.setdefault(event_id, set()).add(code)
    pairs: Counter[tuple[int, str, str, date]] = Counter()
    for event_id, codes in by_event.items():
        start, kind = events[event_id]
        for a in codes:
            for b in codes:
                if a < b:
                    pairs[(event_id, a, b, start)] += 1
                    found[("pair", (a, b, start.replace(day=1), kind))] += 1
    return found, pairs


def stored() -> tuple[Keys, Counter[tuple[int, str, str, date]]]:
    found: Keys = Counter()
    for month, kind_id, n in CountMonthKind.objects.values_list("month", "kind_id", "n"):
        found[("month", (month, kind_id))] += n
    for code, n in CountCountry.objects.values_list("country_id", "n"):
        found[("country", (code,))] += n
    for topic_id, n in CountTopic.objects.values_list("topic_id", "n"):
        found[("topic", (topic_id,))] += n
    for a, b, month, kind_id, n in CountPair.objects.values_list("a", "b", "month", "kind_id", "n"):
        found[("pair", (a, b, month, kind_id))] += n
    pairs: Counter[tuple[int, str, str, date]] = Counter(
        EventPair.objects.values_list("event_id", "a", "b", "span_start")
    )
    return found, pairs


def differences() -> list[str]:
    """What the stored counts get wrong, as lines an operator can read (empty: none)."""
    expected, expected_pairs = full()
    actual, actual_pairs = stored()
    out = []
    for key in sorted(set(expected) | set(actual), key=str):
        if expected[key] != actual[key]:
            name, parts = key
            shown = " ".join(str(p) for p in parts)
            out.append(f"{name} {shown}: stored {actual[key]}, counted {expected[key]}")
    missing = expected_pairs - actual_pairs
    extra = actual_pairs - expected_pairs
    for (pk, a, b, _), n in sorted(missing.items()):
        out.append(f"pair row {a}-{b} of event {pk}: missing ({n})")
    for (pk, a, b, _), n in sorted(extra.items()):
        out.append(f"pair row {a}-{b} of event {pk}: not an event's pair ({n})")
    return out


REBUILD = [
    "DELETE FROM tracker_countmonthkind",
    "DELETE FROM tracker_countcountry",
    "DELETE FROM tracker_counttopic",
    "DELETE FROM tracker_countpair",
    "DELETE FROM tracker_eventpair",
    # The month of a date as text YYYY-MM-01 works on both databases; PostgreSQL casts it.
    """INSERT INTO tracker_countmonthkind (month, kind_id, n)
       SELECT {month}, kind_id, count(*) FROM tracker_event GROUP BY 1, 2""",
    """INSERT INTO tracker_countcountry (country_id, n)
       SELECT country_id, count(*) FROM tracker_eventcountry GROUP BY country_id""",
    """INSERT INTO tracker_counttopic (topic_id, n)
       SELECT topic_id, count(*) FROM tracker_event_topics GROUP BY topic_id""",
    """INSERT INTO tracker_eventpair (event_id, a, b, span_start)
       SELECT x.event_id, x.country_id, y.country_id, e.span_start
       FROM tracker_eventcountry x
       JOIN tracker_eventcountry y ON y.event_id = x.event_id AND x.country_id < y.country_id
       JOIN tracker_event e ON e.id = x.event_id""",
    """INSERT INTO tracker_countpair (a, b, month, kind_id, n)
       SELECT p.a, p.b, {month_of_pair}, e.kind_id, count(*)
       FROM tracker_eventpair p JOIN tracker_event e ON e.id = p.event_id
       GROUP BY 1, 2, 3, 4""",
]


@transaction.atomic
def rebuild() -> None:
    """Count everything again from the events (after bulk loads that bypass the services)."""
    if connection.vendor == "postgresql":
        month = "date_trunc('month', span_start)::date"
        month_of_pair = "date_trunc('month', e.span_start)::date"
    else:
        month = "strftime('%Y-%m-01', span_start)"
        month_of_pair = "strftime('%Y-%m-01', e.span_start)"
    with connection.cursor() as cursor:
        for statement in REBUILD:
            sql = statement.replace("{month}", month).replace("{month_of_pair}", month_of_pair)
            cursor.execute(sql)
