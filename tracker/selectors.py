"""Reads that are more than a one-liner."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from .models import Country, Event


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
