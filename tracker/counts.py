"""Counts kept by the write path, so that readers add a few stored numbers instead of
counting a million events.

Each event is counted in the cells of ``CountCell`` (and, over all months, ``CountTotal``)
that a view of the timeline may ask about: for every country key (no country, each of its
countries, each ordered pair of them) and every topic key (any topic, each of its topics and
the topics above them), under its kind, status and the months it starts and ends in; and,
counted without countries and within each of its countries, for every ordered pair of
those topics (``also``).
``EventPair`` holds one row per event and unordered pair of its countries, for the list of
"events that involve both". ``AccountCount`` counts each pair's events by kind, status
and whose own accounts their sources hold (both sides', one side's, neither's).

Every service that changes events wraps the change in ``tracked(ids)``: the events' keys
are read before and after, and the difference is added to the counts in the same
transaction, so the tables are never stale and never need a recount. ``rebuild()`` recounts
everything (after bulk loads); ``differences()`` compares the tables with a full count
(``manage.py verify_counts``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import combinations, permutations
from typing import Any

from django.db import connection, transaction

from tracker.models import (
    AccountCount,
    CountCell,
    CountTotal,
    Event,
    EventCountry,
    EventPair,
    Source,
    Topic,
)

KEY_COLUMNS = ("c1", "c2", "topic_id", "also", "kind_id", "status")
# (table, key columns, PostgreSQL types of the key columns) of each count.
TABLES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "cell": (
        CountCell._meta.db_table,
        (*KEY_COLUMNS, "first_month", "last_month"),
        ("varchar", "varchar", "int", "int", "bigint", "varchar", "date", "date"),
    ),
    "total": (
        CountTotal._meta.db_table,
        KEY_COLUMNS,
        ("varchar", "varchar", "int", "int", "bigint", "varchar"),
    ),
    "accounts": (
        AccountCount._meta.db_table,
        ("a", "b", "kind_id", "status", "sides"),
        ("varchar", "varchar", "bigint", "varchar", "varchar"),
    ),
}
Keys = Counter[tuple[str, tuple[Any, ...]]]
PairRow = tuple[str, str, date, bool]
BATCH = 2000


def month(day: date) -> date:
    return day.replace(day=1)


def country_keys(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(c1, c2) of every count an event with these countries is in."""
    mine = sorted(set(codes))
    return [("", ""), *((code, "") for code in mine), *permutations(mine, 2)]


def topic_keys(topic_ids: Iterable[int], parents: dict[int, int | None]) -> list[int]:
    """0 (any topic) and the topics, each with every topic above it, once each."""
    found: set[int] = set()
    for topic_id in topic_ids:
        current: int | None = topic_id
        while current is not None and current not in found:
            found.add(current)
            current = parents.get(current)
    return [0, *sorted(found)]


def topic_parents() -> dict[int, int | None]:
    return dict(Topic.objects.values_list("pk", "parent_id"))


def keys(event_ids: Iterable[int]) -> tuple[Keys, dict[int, list[PairRow]]]:
    """What the events add to each count, and their pair rows: five queries a batch."""
    ids = list(set(event_ids))
    found: Keys = Counter()
    pairs: dict[int, list[PairRow]] = {}
    parents = topic_parents() if ids else {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = Event.objects.filter(pk__in=chunk).values_list(
            "pk", "kind_id", "status", "span_start", "span_end"
        )
        events: dict[int, tuple[int, str, date, date]] = {
            pk: (kind_id, status, span_start, span_end)
            for pk, kind_id, status, span_start, span_end in rows
        }
        codes: dict[int, list[str]] = {}
        for event_id, code in EventCountry.objects.filter(event_id__in=events).values_list(
            "event_id", "country_id"
        ):
            codes.setdefault(event_id, []).append(code)
        accounts: dict[int, set[str]] = {}
        own = Source.objects.filter(event_id__in=events, account_of__isnull=False)
        for event_id, code in own.values_list("event_id", "account_of_id"):
            accounts.setdefault(event_id, set()).add(code)
        topics: dict[int, list[int]] = {}
        links = Event.topics.through.objects.filter(event_id__in=events)
        for event_id, topic_id in links.values_list("event_id", "topic_id"):
            topics.setdefault(event_id, []).append(topic_id)
        for pk, (kind_id, status, span_start, span_end) in events.items():
            first, last = month(span_start), month(span_end)
            mine = sorted(codes.get(pk, []))
            on = topic_keys(topics.get(pk, []), parents)
            for c1, c2 in country_keys(mine):
                for topic_id in on:
                    found[("cell", (c1, c2, topic_id, 0, kind_id, status, first, last))] += 1
                    found[("total", (c1, c2, topic_id, 0, kind_id, status))] += 1
            for c1 in ("", *mine):  # without countries, and within each one
                for topic_id, also in permutations(on[1:], 2):
                    found[("cell", (c1, "", topic_id, also, kind_id, status, first, last))] += 1
                    found[("total", (c1, "", topic_id, also, kind_id, status))] += 1
            pairs[pk] = [(a, b, span_start, len(mine) > 2) for a, b in combinations(mine, 2)]
            told = accounts.get(pk, set())
            for a, b in combinations(mine, 2):
                sides = ("a" if a in told else "") + ("b" if b in told else "")
                found[("accounts", (a, b, kind_id, status, sides))] += 1
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
        stale = [pk for pk in changed if self.pairs_before.get(pk)]
        if stale:  # (a new event has none)
            EventPair.objects.filter(event_id__in=stale).delete()
        if changed:
            EventPair.objects.bulk_create(
                [
                    EventPair(event_id=pk, a=a, b=b, span_start=start, multilateral=multi)
                    for pk in changed
                    for a, b, start, multi in pairs_after.get(pk, [])
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
    """Add the delta to the stored counts (one statement per table on PostgreSQL); rows
    brought to zero are removed."""
    by_table: dict[str, list[tuple[Any, ...]]] = {}
    for (name, key), n in delta.items():
        if n:
            by_table.setdefault(name, []).append((*key, n))
    with connection.cursor() as cursor:
        # Tables and rows in one fixed order: writers that touch the same counters lock
        # them in the same order, so they wait for each other instead of deadlocking.
        for name in sorted(by_table):
            rows = sorted(by_table[name], key=lambda row: tuple(str(part) for part in row[:-1]))
            table, columns, types = TABLES[name]
            cols = ", ".join(columns)
            upsert = f"ON CONFLICT ({cols}) DO UPDATE SET n = {table}.n + excluded.n"
            fewer = [row[:-1] for row in rows if row[-1] < 0]
            if connection.vendor == "postgresql":
                arrays = [list(column) for column in zip(*rows, strict=True)]
                unnest = ", ".join(f"%s::{t}[]" for t in (*types, "int"))
                cursor.execute(
                    f"INSERT INTO {table} ({cols}, n) SELECT * FROM unnest({unnest}) {upsert}",  # noqa: S608
                    arrays,
                )
                if fewer:
                    keys_sql = ", ".join(f"%s::{t}[]" for t in types)
                    cursor.execute(
                        f"DELETE FROM {table} WHERE n <= 0 AND ({cols}) IN "  # noqa: S608
                        f"(SELECT * FROM unnest({keys_sql}))",
                        [list(column) for column in zip(*fewer, strict=True)],
                    )
                continue
            marks = ", ".join(["%s"] * (len(columns) + 1))
            cursor.executemany(f"INSERT INTO {table} ({cols}, n) VALUES ({marks}) {upsert}", rows)  # noqa: S608
            if fewer:
                match = " AND ".join(f"{c} = %s" for c in columns)
                cursor.executemany(f"DELETE FROM {table} WHERE n <= 0 AND {match}", fewer)  # noqa: S608


def full() -> tuple[Keys, Counter[tuple[int, str, str, date, bool]]]:
    """Every count from the events themselves, all at once (slow: for checking)."""
    found, pairs = keys(Event.objects.values_list("pk", flat=True))
    rows: Counter[tuple[int, str, str, date, bool]] = Counter(
        (pk, *row) for pk, mine in pairs.items() for row in mine
    )
    return found, rows


def stored() -> tuple[Keys, Counter[tuple[int, str, str, date, bool]]]:
    found: Keys = Counter()
    for name, model in (("cell", CountCell), ("total", CountTotal), ("accounts", AccountCount)):
        columns = TABLES[name][1]
        for *key, n in model.objects.values_list(*columns, "n"):
            found[(name, tuple(key))] += n
    rows: Counter[tuple[int, str, str, date, bool]] = Counter(
        EventPair.objects.values_list("event_id", "a", "b", "span_start", "multilateral")
    )
    return found, rows


def differences() -> list[str]:
    """What the stored counts get wrong, as lines an operator can read (empty: none)."""
    expected, expected_pairs = full()
    actual, actual_pairs = stored()
    out = []
    for key in sorted(set(expected) | set(actual), key=str):
        if expected[key] != actual[key]:
            name, parts = key
            shown = " ".join(str(p) or "-" for p in parts)
            out.append(f"{name} {shown}: stored {actual[key]}, counted {expected[key]}")
    missing = expected_pairs - actual_pairs
    extra = actual_pairs - expected_pairs
    for (pk, a, b, *_), n in sorted(missing.items()):
        out.append(f"pair row {a}-{b} of event {pk}: missing or out of date ({n})")
    for (pk, a, b, *_), n in sorted(extra.items()):
        out.append(f"pair row {a}-{b} of event {pk}: not the event's pair as it is ({n})")
    return out


# A recount in SQL (fast on a million events). {month} and {last_month} are the months of
# span_start and span_end (the dialects differ); {yes} and {no} are booleans; {above} and
# {on} are the topics above each topic, and each event's topics with those above them;
# {where} narrows the totals recounted.
ABOVE = """above(topic_id, id) AS (
           SELECT id, id FROM tracker_topic
           UNION SELECT above.topic_id, t.parent_id FROM above
           JOIN tracker_topic t ON t.id = above.id WHERE t.parent_id IS NOT NULL
       )"""
ON = """SELECT DISTINCT et.event_id, above.id FROM tracker_event_topics et
           JOIN above ON above.topic_id = et.topic_id"""
TOPIC_PAIRS = """INSERT INTO tracker_countcell
         (c1, c2, topic_id, also, kind_id, status, first_month, last_month, n)
       WITH RECURSIVE {above}, tk(event_id, topic_id) AS ({on}),
       ck(event_id, c1) AS (
           SELECT id, '' FROM tracker_event
           UNION ALL SELECT event_id, country_id FROM tracker_eventcountry
       )
       SELECT ck.c1, '', x.topic_id, y.topic_id, e.kind_id, e.status, {month}, {last_month},
              count(*)
       FROM tk x JOIN tk y ON y.event_id = x.event_id AND y.topic_id <> x.topic_id
       JOIN ck ON ck.event_id = x.event_id
       JOIN tracker_event e ON e.id = x.event_id
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"""
TOTALS = """INSERT INTO tracker_counttotal (c1, c2, topic_id, also, kind_id, status, n)
       SELECT c1, c2, topic_id, also, kind_id, status, sum(n) FROM tracker_countcell
       {where} GROUP BY 1, 2, 3, 4, 5, 6"""
# Each pair's events by whose accounts their sources hold (after the pair rows).
ACCOUNTS = """INSERT INTO tracker_accountcount (a, b, kind_id, status, sides, n)
       SELECT p.a, p.b, e.kind_id, e.status,
              CASE WHEN EXISTS (SELECT 1 FROM tracker_source s WHERE s.event_id = p.event_id
                                AND s.account_of_id = p.a) THEN 'a' ELSE '' END
              || CASE WHEN EXISTS (SELECT 1 FROM tracker_source s WHERE s.event_id = p.event_id
                                   AND s.account_of_id = p.b) THEN 'b' ELSE '' END,
              count(*)
       FROM tracker_eventpair p JOIN tracker_event e ON e.id = p.event_id
       GROUP BY 1, 2, 3, 4, 5"""
REBUILD = [
    "DELETE FROM tracker_countcell",
    "DELETE FROM tracker_counttotal",
    "DELETE FROM tracker_eventpair",
    """INSERT INTO tracker_eventpair (event_id, a, b, span_start, multilateral)
       SELECT x.event_id, x.country_id, y.country_id, e.span_start,
              CASE WHEN (SELECT count(*) FROM tracker_eventcountry z
                         WHERE z.event_id = x.event_id) > 2 THEN {yes} ELSE {no} END
       FROM tracker_eventcountry x
       JOIN tracker_eventcountry y ON y.event_id = x.event_id AND x.country_id < y.country_id
       JOIN tracker_event e ON e.id = x.event_id""",
    """INSERT INTO tracker_countcell
         (c1, c2, topic_id, also, kind_id, status, first_month, last_month, n)
       WITH RECURSIVE {above},
       ck(event_id, c1, c2) AS (
           SELECT id, '', '' FROM tracker_event
           UNION ALL SELECT event_id, country_id, '' FROM tracker_eventcountry
           UNION ALL SELECT event_id, a, b FROM tracker_eventpair
           UNION ALL SELECT event_id, b, a FROM tracker_eventpair
       ),
       tk(event_id, topic_id) AS (
           SELECT id, 0 FROM tracker_event UNION ALL {on}
       )
       SELECT ck.c1, ck.c2, tk.topic_id, 0, e.kind_id, e.status, {month}, {last_month},
              count(*)
       FROM ck JOIN tk ON tk.event_id = ck.event_id JOIN tracker_event e ON e.id = ck.event_id
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8""",
    TOPIC_PAIRS,
    TOTALS,
]
RECOUNT_ACCOUNTS = ["DELETE FROM tracker_accountcount", ACCOUNTS]
RECOUNT_TOPIC_PAIRS = [
    "DELETE FROM tracker_countcell WHERE also <> 0",
    "DELETE FROM tracker_counttotal WHERE also <> 0",
    TOPIC_PAIRS,
    TOTALS,
]


@transaction.atomic
def rebuild() -> None:
    """Count everything again from the events (after bulk loads that bypass the services)."""
    _run([*REBUILD, *RECOUNT_ACCOUNTS], where="")


@transaction.atomic
def rebuild_cells() -> None:
    """The cells, totals and pair rows only (migration 0014: accounts came later)."""
    _run(REBUILD, where="")


def _run(statements: list[str], where: str) -> None:
    """The statements, in this database's dialect."""
    if connection.vendor == "postgresql":
        words = {
            "{month}": "date_trunc('month', e.span_start)::date",
            "{last_month}": "date_trunc('month', e.span_end)::date",
            "{yes}": "true",
            "{no}": "false",
        }
    else:  # dates as text YYYY-MM-01, as SQLite stores them
        words = {
            "{month}": "strftime('%Y-%m-01', e.span_start)",
            "{last_month}": "strftime('%Y-%m-01', e.span_end)",
            "{yes}": "1",
            "{no}": "0",
        }
    words.update({"{above}": ABOVE, "{on}": ON, "{where}": where})
    with connection.cursor() as cursor:
        for statement in statements:
            for word, sql in words.items():
                statement = statement.replace(word, sql)
            cursor.execute(statement)


@transaction.atomic
def recount_accounts() -> None:
    """Count each pair's events by whose accounts are on record again (migration 0023)."""
    _run(RECOUNT_ACCOUNTS, where="")


@transaction.atomic
def recount_topic_pairs() -> None:
    """Count the cells of topic pairs (``also``) again, and nothing else (when what they
    hold changes: migration 0017 added them within each country)."""
    _run(RECOUNT_TOPIC_PAIRS, where="WHERE also <> 0")
