"""Reads of stories for their pages, feeds and exports: a fixed number of queries however
many entries a story has."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from .models import Story, StoryEntry


def stories() -> QuerySet[Story]:
    """Every story with how many events it holds, the latest changed first."""
    return Story.objects.annotate(entry_count=Count("entries")).order_by("-updated", "-id")


def entries_of(story: Story) -> list[StoryEntry]:
    """The story's entries in order, each with its story (this one), event, the event's
    kind and countries: two queries, however many entries."""
    return list(
        story.entries.select_related("event", "event__kind")
        .prefetch_related("event__countries")
        .order_by("position", "id")
    )
