"""Counts over a set of events: by month and kind (the chart), kind, country, topic and
year (the facets)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from tracker.models import CountCountry, CountMonthKind, CountTopic, Event, EventCountry


def _matching_ids(events: QuerySet[Event]) -> QuerySet[Any] | None:
    """The events' ids as a subquery, or None when ``events`` is every event (then counts
    read the tables directly instead of joining a million ids)."""
    if not events.query.where and not events.query.combinator and not events.query.distinct:
        return None
    return events.order_by().values("pk")


def monthly_counts(events: QuerySet[Event]) -> list[dict[str, Any]]:
    """Events per month of their start and kind: {month, slug, name, colour, n}, by month.
    One scan gives the activity chart, the kind and year facets and the total."""
    ids = _matching_ids(events)
    if ids is None:  # every event: the counts the write path keeps
        rows: Any = (
            CountMonthKind.objects.filter(n__gt=0)
            .values("month", "kind__slug", "kind__name", "kind__colour", "n")
            .order_by("month", "kind__slug")
        )
    else:
        rows = (
            Event.objects.filter(pk__in=ids)
            .annotate(month=TruncMonth("span_start"))
            .values("month", "kind__slug", "kind__name", "kind__colour")
            .annotate(n=Count("pk"))
            .order_by("month", "kind__slug")
        )
    out = []
    for r in rows:
        month = r["month"]
        out.append(
            {
                "month": month.date() if hasattr(month, "date") else month,
                "slug": r["kind__slug"],
                "name": r["kind__name"],
                "colour": r["kind__colour"],
                "n": r["n"],
            }
        )
    return out


def facets(events: QuerySet[Event], monthly: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Counts by kind, country, topic and start year for a filtered set of events.

    Each event has one kind and one start year, so those counts add up to ``count``; an
    event involves several countries and topics, so those may add up to more. ``monthly``:
    what monthly_counts gave for the same events, if already read.
    """
    if monthly is None:
        monthly = monthly_counts(events)
    kinds: dict[str, dict[str, Any]] = {}
    years: dict[int, int] = {}
    for row in monthly:
        kind = kinds.setdefault(
            row["slug"], {"value": row["slug"], "label": row["name"], "count": 0}
        )
        kind["count"] += row["n"]
        years[row["month"].year] = years.get(row["month"].year, 0) + row["n"]
    ids = _matching_ids(events)
    countries: Any
    topics: Any
    if ids is None:  # every event: the counts the write path keeps
        countries = (
            CountCountry.objects.filter(n__gt=0)
            .values("country_id", "country__name", "n")
            .order_by("-n", "country__name")
        )
        topics = (
            CountTopic.objects.filter(n__gt=0)
            .values("topic__slug", "topic__name", "n")
            .order_by("-n", "topic__name")
        )
    else:
        countries = (
            EventCountry.objects.filter(event__in=ids)
            .values("country_id", "country__name")
            .annotate(n=Count("event_id"))
            .order_by("-n", "country__name")
        )
        topics = (
            Event.topics.through.objects.filter(event__in=ids)
            .values("topic__slug", "topic__name")
            .annotate(n=Count("event_id"))
            .order_by("-n", "topic__name")
        )
    return {
        "count": sum(years.values()),
        "kind": sorted(kinds.values(), key=lambda k: (-k["count"], k["label"])),
        "country": [
            {"value": c["country_id"], "label": c["country__name"], "count": c["n"]}
            for c in countries
        ],
        "topic": [
            {"value": t["topic__slug"], "label": t["topic__name"], "count": t["n"]} for t in topics
        ],
        "year": [
            {"value": str(y), "label": str(y), "count": n}
            for y, n in sorted(years.items(), reverse=True)
        ],
    }


def empty_facets() -> dict[str, Any]:
    return {"count": 0, "kind": [], "country": [], "topic": [], "year": []}
