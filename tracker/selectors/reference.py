"""Reads of reference data: countries in use, actors by name (misspelt too), the titles
an actor held, events that may duplicate one."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, Count, FloatField, Max, Min, Q, QuerySet, Value, When

from tracker.models import Actor, Country, Event, Participation


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
