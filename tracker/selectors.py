"""Reads that are more than a one-liner."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, Count, FloatField, Max, Min, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear, TruncMonth

from .models import Actor, Country, Event, EventCountry, Participation


def countries_in_use() -> QuerySet[Country]:
    """Countries that at least one event involves, with ``n_events``, by name."""
    return (
        Country.objects.annotate(n_events=Count("event_links"))
        .filter(n_events__gt=0)
        .order_by("name")
    )


def possible_duplicates(event: Event) -> QuerySet[Event]:
    """Other events of the same kind, overlapping in date, with exactly the same countries."""
    codes = list(event.countries.values_list("code", flat=True))
    return (
        Event.objects.filter(kind_id=event.kind_id)
        .exclude(pk=event.pk)
        .overlapping(event.span_start, event.span_end)
        .for_country(*codes)
        .annotate(n_countries=Count("country_links"))
        .filter(n_countries=len(codes))
        .newest_first()
    )


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
    base = Event.objects.all() if ids is None else Event.objects.filter(pk__in=ids)
    rows = (
        base.annotate(month=TruncMonth("span_start"))
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
    country_links = EventCountry.objects.all()
    topic_links = Event.topics.through.objects.all()
    if ids is not None:
        country_links = country_links.filter(event__in=ids)
        topic_links = topic_links.filter(event__in=ids)
    countries = (
        country_links.values("country_id", "country__name")
        .annotate(n=Count("event_id"))
        .order_by("-n", "country__name")
    )
    topics = (
        topic_links.values("topic__slug", "topic__name")
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


def find_actors(text: str, queryset: QuerySet[Actor] | None = None) -> QuerySet[Actor]:
    """Actors whose name, alias or title contains ``text``, or whose name is close to it
    ("Misry" finds "Misri"); closest first. Trigram similarity on PostgreSQL, difflib on
    SQLite (actors are few)."""
    qs = Actor.objects.all() if queryset is None else queryset
    text = " ".join(text.split())
    if not text:
        return qs
    contains = Q(name__icontains=text) | Q(aliases__icontains=text) | Q(title__icontains=text)
    if connection.vendor == "postgresql":
        similarity = TrigramWordSimilarity(text, "name")
        return (
            qs.annotate(similarity=similarity)
            .filter(contains | Q(similarity__gte=TRIGRAM_THRESHOLD))
            .order_by("-similarity", "name", "id")
        )
    scores: dict[int, float] = {}
    needle = text.casefold()
    for pk, name, aliases, title in Actor.objects.values_list("pk", "name", "aliases", "title"):
        names = [name, *(aliases or [])]
        best = max(_closeness(needle, n.casefold()) for n in names)
        if any(needle in n.casefold() for n in [*names, title]):
            best = max(best, 1.0)
        if best >= DIFFLIB_THRESHOLD:
            scores[pk] = best
    order = Case(
        *[When(pk=pk, then=Value(score)) for pk, score in scores.items()],
        default=Value(0.0),
        output_field=FloatField(),
    )
    return (
        qs.filter(pk__in=list(scores))
        .annotate(similarity=order)
        .order_by("-similarity", "name", "id")
    )


TRIGRAM_THRESHOLD = 0.4  # pg_trgm word similarity
DIFFLIB_THRESHOLD = 0.75  # difflib ratio against the closest run of words


def _closeness(needle: str, name: str) -> float:
    """How well ``needle`` matches the best word run of ``name`` (0 to 1)."""
    words = name.split()
    size = max(1, len(needle.split()))
    candidates = [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))]
    return max(SequenceMatcher(None, needle, c).ratio() for c in [*candidates, name])


def empty_facets() -> dict[str, Any]:
    return {"count": 0, "kind": [], "country": [], "topic": [], "year": []}


def titles_held(actor: Actor) -> list[dict[str, Any]]:
    """The titles an actor held in the record, with the first and last event under each."""
    rows = (
        Participation.objects.filter(actor=actor)
        .exclude(title_at_time="")
        .values("title_at_time")
        .annotate(first=Min("event__span_start"), last=Max("event__span_end"), n=Count("pk"))
        .order_by("first")
    )
    return [
        {"title": r["title_at_time"], "first": r["first"], "last": r["last"], "count": r["n"]}
        for r in rows
    ]


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
