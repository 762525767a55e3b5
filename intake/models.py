"""Articles waiting for review and the draft events found in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tracker.choices import EventStatus
from tracker.models import Event, EventKind


class ArticleImport(models.Model):
    """A pasted or uploaded article, kept with its source details while editors review the
    draft events found in it."""

    title = models.CharField(max_length=400, blank=True)
    url = models.URLField("URL", max_length=1000, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    published = models.DateField(
        null=True, blank=True, help_text="Relative dates (on Friday) are resolved against it."
    )
    text = models.TextField()
    extraction_note = models.CharField(
        max_length=300, blank=True, help_text="Why extraction stopped early, if it did."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "tracker_articleimport"  # the table it had before intake had an app
        ordering = ["-created", "-id"]
        verbose_name = "article to review"
        verbose_name_plural = "articles to review"

    def __str__(self) -> str:
        return self.title or self.outlet or f"Article {self.pk}"


class DraftEvent(models.Model):
    """A candidate event found in an article; an editor accepts, rejects or merges it."""

    class State(models.TextChoices):
        PENDING = "pending", "To review"
        ACCEPTED = "accepted", "Accepted"
        MERGED = "merged", "Merged into an event"
        REJECTED = "rejected", "Rejected"

    article = models.ForeignKey(ArticleImport, on_delete=models.CASCADE, related_name="drafts")
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT)
    title = models.CharField(max_length=300)
    start = models.CharField(
        max_length=40, blank=True, help_text="A partial date; empty if unknown."
    )
    end = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=12, choices=EventStatus.choices, default=EventStatus.OCCURRED
    )
    countries = models.JSONField(default=list, blank=True, help_text="ISO codes.")
    participants = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)
    figures = models.JSONField(default=list, blank=True)
    evidence = models.TextField()
    confidence = models.FloatField(default=0.5)
    unresolved = models.JSONField(default=list, blank=True, help_text="Dates left unresolved.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    merge_into = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Accepting adds this draft's source, people and figures to that event.",
    )  # fmt: skip
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
        editable=False,
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "tracker_draftevent"
        ordering = ["article", "position", "id"]
        verbose_name = "draft event"

    def __str__(self) -> str:
        return self.title
