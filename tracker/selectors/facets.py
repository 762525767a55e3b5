"""Counts over a set of events: by month and kind (the chart), and by kind, country, topic
and year (the facets).

Most views are a few countries, a topic, kinds, statuses and whole months: their counts are
sums of the cells the write path keeps (tracker/counts.py), whatever the size of the record.
Any other view (a search, an actor, a tag, a day, three countries …) is counted from the
events it selects, in one query that reads them once.

A topic's count includes the events on the topics below it: the number a reader gets by
choosing it.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, QuerySet, Sum

from tracker import search
from tracker.counts import month
from tracker.filters import EventFilter, topics_below
from tracker.models import (
    CountCell,
    Country,
    CountTotal,
    Event,
    EventCountry,
    EventKind,
    EventPair,
    Topic,
)

Monthly = list[dict[str, Any]]
# Memory for the hash tables of one count of a view's events (PostgreSQL's work_mem; its
# default of 4 MB sorts a few hundred thousand events on disk).
COUNTING_MEMORY = "64MB"


@dataclass(frozen=True)
class Shape:
    """A view the kept counts can answer: events involving every one of ``countries``
    (at most two), on ``topic`` or a topic below it (0: any), of any of ``kinds`` and
    ``statuses`` (empty: any), overlapping the months from ``after`` to ``before``."""

    countries: tuple[str, ...] = ()
    topic: int = 0
    kinds: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    after: date | None = None
    before: date | None = None


@dataclass(frozen=True)
class Scope:
    """What a page's own events are, before its filters: the countries they all involve
    and the topic they are on. ``counted=False``: something else (an actor's events)."""

    countries: tuple[str, ...] = ()
    topic: int = 0
    counted: bool = True


EVERY_EVENT = Scope()


@dataclass
class Summary:
    monthly: Monthly = field(default_factory=list)
    facets: dict[str, Any] = field(default_factory=lambda: empty_facets())


def countries_of(filterset: EventFilter, scope: Scope = EVERY_EVENT) -> list[str]:
    """The countries every event of a valid filter set's view involves, sorted."""
    chosen = filterset.form.cleaned_data.get("country") if filterset.is_bound else None
    return sorted({*scope.countries, *(country.code for country in chosen or [])})


def shape_of(filterset: EventFilter, scope: Scope = EVERY_EVENT) -> Shape | None:
    """The view a valid filter set selects within ``scope``, if the counts can answer it."""
    if not scope.counted:
        return None
    data: dict[str, Any] = filterset.form.cleaned_data if filterset.is_bound else {}
    if any(data.get(name) for name in ("q", "actor", "tag", "precision", "updated_since")):
        return None
    countries = countries_of(filterset, scope)
    topics = {t.pk for t in data.get("topic") or []}
    if len(countries) > 2 or len(topics) > 1 or (topics and scope.topic):
        return None
    after = before = None
    if data.get("date_from"):
        after = data["date_from"].first_day
        if after.day != 1:
            return None
    if data.get("date_to"):
        last = data["date_to"].last_day
        if last.day != calendar.monthrange(last.year, last.month)[1]:
            return None
        before = month(last)
    return Shape(
        countries=tuple(countries),
        topic=next(iter(topics), scope.topic),
        kinds=tuple(sorted(k.pk for k in data.get("kind") or [])),
        statuses=tuple(sorted(data.get("status") or [])),
        after=after,
        before=before,
    )


def summary(events: QuerySet[Event], shape: Shape | None = None) -> Summary:
    """The chart's counts and the facets of ``events`` (which ``shape`` describes, when
    given: then they come from the kept counts)."""
    if shape is None:
        months, countries, topics = _counted(events)
    else:
        months, countries, topics = _kept(shape)
    return _named(months, countries, topics)


def estimated_size(events: QuerySet[Event], countries: Iterable[str] = ()) -> int:
    """How many events a view selects, about: PostgreSQL's estimate (a plan, about a
    millisecond; 0 on other databases). For three countries or more, the planner takes
    them as independent and guesses far too few; the fewest events of any two of them
    (kept counts) bound the view better."""
    if connection.vendor != "postgresql":
        return 0
    try:
        planned = search.planned_rows(events.order_by().values("pk"))
    except EmptyResultSet:  # none(): nothing there
        return 0
    codes = sorted({code.upper() for code in countries})
    if len(codes) < 3:
        return planned
    pairs = (
        CountTotal.objects.filter(c1__in=codes, c2__in=codes, topic_id=0, also=0)
        .values_list("c1", "c2")
        .annotate(total=Sum("n"))
        .order_by()
    )
    seen = {(c1, c2): n for c1, c2, n in pairs}
    return max(planned, min(seen.get((a, b), 0) for a, b in combinations(codes, 2)))


def facets(events: QuerySet[Event], shape: Shape | None = None) -> dict[str, Any]:
    return summary(events, shape).facets


def empty_facets() -> dict[str, Any]:
    return {"count": 0, "kind": [], "country": [], "topic": [], "year": []}


# Each topic (topic_id) with itself and every topic above it (id).
ABOVE = (
    "WITH RECURSIVE above(topic_id, id) AS ("
    "SELECT id, id FROM tracker_topic UNION SELECT above.topic_id, t.parent_id FROM above "
    "JOIN tracker_topic t ON t.id = above.id WHERE t.parent_id IS NOT NULL)"
)

# What both ways of counting give: {(first month, last month, kind id): n}, {code: n},
# {topic id: n}. The months are those the events' spans start and end in.
Counts = tuple[dict[tuple[date, date, int], int], dict[str, int], dict[int, int]]


def _cells(shape: Shape, *, dated: bool) -> QuerySet[Any]:
    """The cells of the view's kinds, statuses and months (of every country and topic
    key: the caller picks those)."""
    cells: QuerySet[Any] = (CountCell if dated else CountTotal).objects.filter(n__gt=0)
    if shape.kinds:
        cells = cells.filter(kind_id__in=shape.kinds)
    if shape.statuses:
        cells = cells.filter(status__in=shape.statuses)
    if shape.after:
        cells = cells.filter(last_month__gte=shape.after)
    if shape.before:
        cells = cells.filter(first_month__lte=shape.before)
    return cells


def _kept(shape: Shape) -> Counts:
    """Sums of kept cells: a few thousand rows at most for any of these views."""
    countries = list(shape.countries)
    dated = bool(shape.after or shape.before)
    c1, c2, *_ = [*countries, "", ""]
    key = {"c1": c1, "c2": c2}
    cells = _cells(shape, dated=True)
    months: dict[tuple[date, date, int], int] = {}
    for first, last, kind_id, n in (
        cells.filter(**key, topic_id=shape.topic, also=0)
        .values_list("first_month", "last_month", "kind_id")
        .annotate(total=Sum("n"))
        .order_by()
    ):
        months[(first, last, kind_id)] = n
    total = sum(months.values())
    totals = _cells(shape, dated=dated)
    by_country: dict[str, int] = dict.fromkeys(countries, total) if total else {}
    if len(countries) < 2:
        # Events with one more country: that country first, the view's one second.
        others = totals.filter(c2=key["c1"], topic_id=shape.topic, also=0).exclude(c1="")
        for code, n in others.values_list("c1").annotate(total=Sum("n")).order_by():
            by_country[code] = n
    else:
        by_country.update(_third_countries(shape))
    if shape.topic and len(countries) > 1:  # topics of a topic's events, within a pair
        return months, by_country, _counted(_ids_on_topic(shape), months=False)[2]
    if shape.topic:  # the topic itself, and the others of its events (``also``)
        rows = totals.filter(**key, topic_id=shape.topic).exclude(also=0)
        by_topic = dict(rows.values_list("also").annotate(total=Sum("n")).order_by())
        by_topic[shape.topic] = total
    else:
        rows = totals.filter(**key, also=0).exclude(topic_id=0)
        by_topic = dict(rows.values_list("topic_id").annotate(total=Sum("n")).order_by())
    return months, by_country, by_topic


def _selected(shape: Shape) -> QuerySet[Event]:
    """The events of a shape as a query (for the counts the cells do not hold)."""
    events = Event.objects.all()
    if shape.countries:
        events = events.for_country(*shape.countries)
    if shape.kinds:
        events = events.filter(kind_id__in=shape.kinds)
    if shape.statuses:
        events = events.filter(status__in=shape.statuses)
    if shape.after or shape.before:
        last = shape.before
        if last is not None:
            last = last.replace(day=calendar.monthrange(last.year, last.month)[1])
        events = events.overlapping(shape.after, last)
    if shape.topic:
        links = Event.topics.through.objects.filter(topic_id__in=topics_below([shape.topic]))
        events = events.filter(pk__in=links.values("event_id"))
    return events


def _ids_on_topic(shape: Shape) -> QuerySet[Any]:
    """The ids of a topic's events within countries, from the links and country rows
    alone (the events' own rows only when kinds, statuses or months narrow them)."""
    links = Event.topics.through.objects.filter(topic_id__in=topics_below([shape.topic]))
    for code in shape.countries:
        links = links.filter(
            event_id__in=EventCountry.objects.filter(country_id=code).values("event_id")
        )
    if shape.kinds or shape.statuses or shape.after or shape.before:
        rest = Shape(
            kinds=shape.kinds, statuses=shape.statuses, after=shape.after, before=shape.before
        )
        links = links.filter(event_id__in=_selected(rest).values("pk"))
    return links.values("event_id").distinct()


def _third_countries(shape: Shape) -> dict[str, int]:
    """For a pair: the other countries of its events, counted from the pair's multilateral
    events only (an event of just the two has no third)."""
    a, b = shape.countries
    multilateral = EventPair.objects.filter(a=a, b=b, multilateral=True)
    if not multilateral.exists():  # (one index probe; the count below plans for many)
        return {}
    events = _selected(Shape(**{**shape.__dict__, "countries": ()})).filter(
        pk__in=multilateral.values("event_id")
    )
    rows = (
        EventCountry.objects.filter(event__in=events.order_by().values("pk"))
        .exclude(country_id__in=shape.countries)
        .values_list("country_id")
        .annotate(total=Count("event_id"))
        .order_by()
    )
    return dict(rows)


def _counted(events: QuerySet[Event], *, months: bool = True) -> Counts:
    """Counts of any set of events, read once: one query with three groupings."""
    # Without months, ``events`` is a query of event ids alone (one column).
    columns = ("pk", "kind_id", "span_start", "span_end")
    query = events.order_by().values_list(*columns) if months else events
    try:
        inner, params = query.order_by().query.sql_with_params()
    except EmptyResultSet:  # none() (a pair never seen together): nothing to count
        return {}, {}, {}
    if connection.vendor == "postgresql":
        first_sql = "to_char(span_start, 'YYYY-MM-01')"
        last_sql = "to_char(span_end, 'YYYY-MM-01')"
    else:
        first_sql = "strftime('%%Y-%%m-01', span_start)"
        last_sql = "strftime('%%Y-%%m-01', span_end)"
    parts = []
    if months:
        # The first and last months of each span, one text: 'YYYY-MM-01YYYY-MM-01'.
        months_sql = f"{first_sql} || {last_sql}"
        parts.append(f"SELECT 0, {months_sql}, kind_id, count(*) FROM m GROUP BY 2, 3")  # noqa: S608
        parts.append(
            "SELECT 1, ec.country_id, 0, count(*) FROM m "
            "JOIN tracker_eventcountry ec ON ec.event_id = m.id GROUP BY 2"
        )
    if Topic.objects.filter(parent__isnull=False).exists():  # each event once per topic above
        parts.append(
            "SELECT 2, '', a.id, count(DISTINCT m.id) FROM m "
            "JOIN tracker_event_topics et ON et.event_id = m.id "
            "JOIN above a ON a.topic_id = et.topic_id GROUP BY 3"
        )
    else:  # no topic above another: the links are the counts
        parts.append(
            "SELECT 2, '', et.topic_id, count(*) FROM m "
            "JOIN tracker_event_topics et ON et.event_id = m.id GROUP BY 3"
        )
    # The inner query is a QuerySet's, its values passed as parameters.
    names = "id, kind_id, span_start, span_end" if months else "id"
    selected = f"m({names}) AS MATERIALIZED ({inner}) "
    sql = ABOVE + ", " + selected + " UNION ALL ".join(parts)
    by_month: dict[tuple[date, date, int], int] = {}
    by_country: dict[str, int] = {}
    by_topic: dict[int, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Hash tables of a few hundred thousand events in memory, not sorted on disk.
            cursor.execute(f"SET LOCAL work_mem = '{COUNTING_MEMORY}'")
        cursor.execute(sql, params)
        for what, text, number, n in cursor.fetchall():
            if what == 0:
                first, last = date.fromisoformat(text[:10]), date.fromisoformat(text[10:])
                by_month[(first, last, number)] = n
            elif what == 1:
                by_country[text] = n
            else:
                by_topic[number] = n
    return by_month, by_country, by_topic


def _named(
    months: dict[tuple[date, date, int], int], countries: dict[str, int], topics: dict[int, int]
) -> Summary:
    """Counts by id made into the chart's rows and the facets, with names."""
    kinds = {k.pk: k for k in EventKind.objects.filter(pk__in={kind for *_, kind in months})}
    monthly: Monthly = [
        {
            "month": first,
            "last": last,
            "slug": kinds[kind_id].slug,
            "name": kinds[kind_id].name,
            "colour": kinds[kind_id].colour,
            "n": n,
        }
        for (first, last, kind_id), n in sorted(
            months.items(), key=lambda item: (item[0][:2], kinds[item[0][2]].slug)
        )
        if n > 0
    ]
    by_kind: dict[str, dict[str, Any]] = {}
    years: dict[int, int] = {}
    for row in monthly:
        kind = by_kind.setdefault(
            row["slug"], {"value": row["slug"], "label": row["name"], "count": 0}
        )
        kind["count"] += row["n"]
        years[row["month"].year] = years.get(row["month"].year, 0) + row["n"]
    country_names = dict(Country.objects.filter(pk__in=countries).values_list("code", "name"))
    topic_rows = {t.pk: t for t in Topic.objects.filter(pk__in=topics).only("slug", "name")}
    return Summary(
        monthly,
        {
            "count": sum(years.values()),
            "kind": sorted(by_kind.values(), key=lambda k: (-k["count"], k["label"])),
            "country": sorted(
                (
                    {"value": code, "label": country_names.get(code, code), "count": n}
                    for code, n in countries.items()
                    if n > 0
                ),
                key=lambda c: (-c["count"], c["label"]),
            ),
            "topic": sorted(
                (
                    {"value": topic_rows[pk].slug, "label": topic_rows[pk].name, "count": n}
                    for pk, n in topics.items()
                    if n > 0 and pk in topic_rows
                ),
                key=lambda t: (-t["count"], t["label"]),
            ),
            "year": [
                {"value": str(y), "label": str(y), "count": n}
                for y, n in sorted(years.items(), reverse=True)
            ],
        },
    )
