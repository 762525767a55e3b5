"""Reads about relations between countries: partners, and a pair's engagements by year
and kind."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from tracker.models import Event, EventCountry


def partners(code: str, limit: int = 12) -> list[dict[str, Any]]:
    """The countries most often involved together with ``code``."""
    events = EventCountry.objects.filter(country_id=code.upper()).values("event_id")
    rows = (
        EventCountry.objects.filter(event_id__in=events)
        .exclude(country_id=code.upper())
        .values("country_id", "country__name")
        .annotate(n=Count("event_id"))
        .order_by("-n", "country__name")[:limit]
    )
    return [{"code": r["country_id"], "name": r["country__name"], "count": r["n"]} for r in rows]


def kinds_by_year(events: QuerySet[Event]) -> dict[str, Any]:
    """A year × kind table of counts for a set of events (newest year first)."""
    rows = (
        Event.objects.filter(pk__in=events.order_by().values("pk"))
        .annotate(year=ExtractYear("span_start"))
        .values("year", "kind__slug", "kind__name", "kind__colour")
        .annotate(n=Count("pk"))
        .order_by("-year", "kind__name")
    )
    kinds: dict[str, dict[str, str]] = {}
    years: dict[int, dict[str, int]] = {}
    for r in rows:
        kinds.setdefault(r["kind__slug"], {"name": r["kind__name"], "colour": r["kind__colour"]})
        years.setdefault(r["year"], {})[r["kind__slug"]] = r["n"]
    ordered = sorted(kinds.items(), key=lambda item: item[1]["name"])
    return {
        "kinds": [{"slug": slug, **info} for slug, info in ordered],
        "rows": [
            {
                "year": year,
                "counts": [counts.get(slug, 0) for slug, _ in ordered],
                "total": sum(counts.values()),
            }
            for year, counts in sorted(years.items(), reverse=True)
        ],
    }
