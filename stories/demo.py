"""The demo story: a year of US–India engagements told from the demo record (labelled as
demo). ``load_demo`` calls ``load_demo_stories`` after the demo events are in; it is safe
to run again (a story already there is left as it is)."""

from __future__ import annotations

import uuid
from typing import Protocol

from django.core.exceptions import ValidationError

from tracker.models import Event

from . import services
from .models import Story

# The demo story's uid (a second run finds what the first made); its events are the demo
# events' keys (tracker/demo/demo_events.json), each with the note shown before it.
STORY_UID = uuid.UUID("3a0f6a52-5b1e-4d8e-9c47-0e2f5d7b6c11")
TITLE = "US–India in 2025: talks, deportation flights and tariffs (demo)"
SLUG = "us-india-2025-demo"
SUMMARY = (
    "Demo story, written for demonstration from the demo record: how the year went between "
    "the United States and India, from the first meetings of the new US administration to "
    "the tariffs of August. Check each event against its sources before relying on it."
)
ENTRIES = [
    (
        "2025-01-21-rubio-jaishankar-bilateral",
        "The new US Secretary of State's first bilateral meeting is with India's foreign "
        "minister, on his first full day in office.",
    ),
    ("2025-01-27-trump-modi-call", "A week later the two leaders speak by phone."),
    (
        "2025-02-05-deportation-flight-amritsar",
        "Deportation flights become part of the relationship: the first US military "
        "aircraft lands in Amritsar.",
    ),
    (
        "2025-02-06-jaishankar-parliament-deportations",
        "The next day the foreign minister answers questions about it in Parliament.",
    ),
    (
        "2025-02-13-modi-white-house-visit",
        "The Prime Minister visits Washington; the leaders set a goal for trade.",
    ),
    (
        "2025-04-02-reciprocal-tariffs-announced",
        "Tariffs are announced on nearly every trading partner, India among them.",
    ),
    (
        "2025-04-21-vance-modi-new-delhi",
        "Talks go on: the Vice President's visit settles the terms of the trade talks.",
    ),
    (
        "2025-08-06-order-additional-tariff-india-russian-oil",
        "An additional tariff on Indian goods is ordered over purchases of Russian oil …",
    ),
    (
        "2025-08-27-additional-tariff-india-takes-effect",
        "… and takes effect three weeks later.",
    ),
]


class Writes(Protocol):
    def write(self, text: str) -> object: ...


def load_demo_stories(stdout: Writes) -> Story | None:
    """Create the demo story from the demo events that are in the record (events missing
    are left out); returns it, or None when it could not be made. Says what it did."""
    from tracker.management.commands.load_demo import demo_uid

    existing = Story.objects.filter(uid=STORY_UID).first()
    if existing is not None:
        stdout.write(f"Demo story: “{existing.title}” is there already.\n")
        return existing
    by_uid = Event.objects.in_bulk([demo_uid(key) for key, _ in ENTRIES], field_name="uid")
    entries = [
        services.EntryData(event=by_uid[demo_uid(key)], note=note)
        for key, note in ENTRIES
        if demo_uid(key) in by_uid
    ]
    if len(entries) < 2:
        stdout.write("Demo story: skipped (the demo events are not in the record).\n")
        return None
    slug = "" if Story.objects.filter(slug=SLUG).exists() else SLUG
    try:
        story = services.create_story(
            uid=STORY_UID, title=TITLE, slug=slug, summary=SUMMARY, entries=entries
        )
    except ValidationError as exc:
        stdout.write(f"Demo story: skipped ({exc.messages}).\n")
        return None
    stdout.write(
        f"Demo story: “{story.title}” with {len(entries)} events, at /stories/{story.slug}/.\n"
    )
    return story
