"""Stories: an ordered, titled selection of events from the record, with an editor's short
note before each one (chosen by hand, or filled from a saved view of the timeline).

A story refers to events; it never copies them: its pages and exports show each event as
the record has it now (a corrected date shows corrected). Deleting an event removes it
from every story. Every write goes through ``stories.services``."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tracker.models import Event
from tracker.models.reference import VALID_SLUG
from tracker.validators import LONG_TEXT, PLAIN


class Story(models.Model):
    """A titled, ordered selection of events with an introduction and notes."""

    uid = models.UUIDField(
        "UID",
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Stable identifier across databases (story export and import).",
    )
    title = models.CharField(max_length=200, validators=PLAIN)
    slug = models.SlugField(max_length=100, unique=True, help_text="Its address: /stories/<slug>/.")
    summary = models.TextField(
        "introduction",
        blank=True,
        validators=LONG_TEXT,
        help_text="Plain text shown under the title, before the first event.",
    )
    view = models.CharField(
        "saved view",
        max_length=2000,
        blank=True,
        validators=PLAIN,
        help_text="The timeline query string the story was last filled from (if any).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        ordering = ["-updated", "-id"]
        verbose_name = "story"
        verbose_name_plural = "stories"
        constraints = [models.CheckConstraint(condition=VALID_SLUG, name="story_slug_valid")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:story", args=[self.slug])


class StoryEntry(models.Model):
    """One event of a story, at its position, with the editor's note shown before it."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="entries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="story_entries")
    position = models.PositiveIntegerField(help_text="1 for the first event, 2 for the next …")
    note = models.TextField(
        blank=True,
        validators=LONG_TEXT,
        help_text="The editor's short note, shown before the event (plain text).",
    )
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["story", "position"]
        verbose_name = "story entry"
        verbose_name_plural = "story entries"
        constraints = [
            models.UniqueConstraint(fields=["story", "event"], name="storyentry_event_once"),
            models.UniqueConstraint(fields=["story", "position"], name="storyentry_position_once"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="storyentry_position_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Entry {self.position}"
