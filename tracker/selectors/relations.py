"""Reads about relations between countries: partners, and a pair's engagements by year
and kind."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear

from tracker.models import CountCell, Country, CountTotal, Event


def partners(code: str, limit: int = 12) -> list[dict[str, Any]]:
    """The countries most often involved together with ``code`` (from the pair counts)."""
    code = code.upper()
    rows = CountTotal.objects.filter(c2=code, topic_id=0, n__gt=0).exclude(c1="")
    totals = dict(rows.values_list("c1").annotate(total=Sum("n")).order_by())
    names = dict(Country.objects.filter(pk__in=totals).values_list("code", "name"))
    ranked = sorted(totals.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))
    return [
        {"code": other, "name": names.get(other, other), "count": n}
        for other, n in ranked[:limit]
        if n > 0
    ]


def pair_kinds_by_year(first: str, second: str) -> dict[str, Any]:
    """A year × kind table of the events involving both countries, from the counts the
    write path keeps (a few hundred rows at most, whatever the size of the record)."""
    a, b = sorted((first.upper(), second.upper()))
    rows = (
        CountCell.objects.filter(c1=a, c2=b, topic_id=0, n__gt=0)
        .annotate(year=ExtractYear("first_month"))
        .values("year", "kind__slug", "kind__name", "kind__colour")
        .annotate(n=Sum("n"))
        .order_by("-year", "kind__name")
    )
    return _table(rows)


def kinds_by_year(events: QuerySet[Event]) -> dict[str, Any]:
    """A year × kind table of counts for a set of events (newest year first)."""
    rows = (
        Event.objects.filter(pk__in=events.order_by().values("pk"))
        .annotate(year=ExtractYear("span_start"))
        .values("year", "kind__slug", "kind__name", "kind__colour")
        .annotate(n=Count("pk"))
        .order_by("-year", "kind__name")
    )
    return _table(rows)


def _table(rows: Any) -> dict[str, Any]:
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
