"""A story as an Atom feed: one entry per event, in the story's order, each with the
editor's note (plain text, as the timeline's feed)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from tracker.choices import EventStatus
from tracker.interchange.atom import PlainTextAtomFeed, printable
from tracker.web.feeds import exports

from . import selectors
from .models import Story, StoryEntry


@dataclass(frozen=True)
class Read:
    """What one request's feed shows (passed to each method: the feed instance is
    shared by every request and thread, so nothing is kept on it)."""

    story: Story
    entries: list[StoryEntry]


class StoryFeed(Feed):
    feed_type = PlainTextAtomFeed
    # Atom requires an author; a story is the tracker's, not one editor's.
    author_name = item_author_name = "Engagement tracker"
    item_guid_is_permalink = False

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Read:
        story = get_object_or_404(Story, slug=kwargs["slug"])
        return Read(story, selectors.entries_of(story))

    def title(self, obj: Read) -> str:
        return printable(obj.story.title)

    def subtitle(self, obj: Read) -> str:
        return printable(obj.story.summary)

    def link(self, obj: Read) -> str:
        return obj.story.get_absolute_url()

    def feed_url(self, obj: Read) -> str:
        return reverse("stories:story-feed", args=[obj.story.slug])

    def feed_guid(self, obj: Read) -> str:
        return f"urn:uuid:{obj.story.uid}"

    def items(self, obj: Read) -> list[StoryEntry]:
        return obj.entries

    def item_title(self, item: StoryEntry) -> str:
        return printable(f"{item.event.display_date}: {item.event.title}")

    def item_description(self, item: StoryEntry) -> str:
        """The editor's note, then what the event is (kind, status, countries) and its
        summary."""
        event = item.event
        facts = [event.kind.name]
        if event.status != EventStatus.OCCURRED:
            facts.append(event.get_status_display())
        countries = ", ".join(c.name for c in event.countries.all())
        if countries:
            facts.append(countries)
        parts = [item.note.strip(), " · ".join(facts), event.summary.strip()]
        return printable("\n\n".join(p for p in parts if p))

    def item_link(self, item: StoryEntry) -> str:
        return item.event.get_absolute_url()

    def item_guid(self, item: StoryEntry) -> str:
        """The same event in the same story is the same entry (whatever its position)."""
        return f"urn:uuid:{uuid.uuid5(item.story.uid, str(item.event.uid))}"

    def item_pubdate(self, item: StoryEntry) -> datetime:
        return item.added

    def item_updateddate(self, item: StoryEntry) -> datetime:
        return max(item.story.updated, item.event.updated, item.added)

    def item_categories(self, item: StoryEntry) -> list[str]:
        return [item.event.kind.name, *[c.name for c in item.event.countries.all()]]


story_feed = exports(StoryFeed())
