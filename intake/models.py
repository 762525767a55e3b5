"""Articles waiting for review and the draft events found in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import CountryField

from tracker.choices import EventStatus
from tracker.links import LINK_NAMES
from tracker.models import Country, Event, EventKind


class WatchedSource(models.Model):
    """A feed (RSS, Atom, JSON Feed) or a listing page the tracker fetches on a schedule;
    what is new in it becomes articles to review."""

    name = models.CharField(max_length=200)
    url = models.URLField(
        "URL",
        max_length=1000,
        unique=True,
        help_text="A feed (RSS, Atom or JSON Feed) or a page that lists the latest releases.",
    )
    outlet = models.CharField(
        max_length=200, blank=True, help_text="Given to each article; the name if empty."
    )
    countries = CountryField(
        multiple=True,
        blank=True,
        help_text="The countries it speaks for: a hint for whose statements its items are.",
    )
    every = models.PositiveIntegerField(
        "fetch every (minutes)",
        default=60,
        help_text="At least 5 minutes.",
    )
    active = models.BooleanField(
        default=True, help_text="Fetched on schedule; a source that keeps failing is paused."
    )
    paused_reason = models.CharField(max_length=500, blank=True, editable=False)
    next_fetch = models.DateTimeField(default=timezone.now, db_index=True)
    last_fetched = models.DateTimeField(null=True, blank=True, editable=False)
    etag = models.CharField("ETag", max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    failures = models.PositiveIntegerField("consecutive failures", default=0, editable=False)
    last_error = models.CharField(max_length=500, blank=True, editable=False)
    # A fetch in progress holds the source until then, so two never run at once; a worker
    # that died holding it lets go when the time passes.
    fetching_until = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(every__gte=5), name="source_every_5_minutes")
        ]

    def __str__(self) -> str:
        return self.name


class FetchRun(models.Model):
    """One fetch of a watched source: what came back and what was made of it."""

    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        OK = "ok", "Fetched"
        NOT_MODIFIED = "not-modified", "Not modified"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(WatchedSource, on_delete=models.CASCADE, related_name="runs")
    started = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=14, choices=Outcome.choices, default=Outcome.RUNNING)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0, help_text="Items in the feed or page.")
    articles = models.PositiveIntegerField(default=0, help_text="New articles to review.")
    drafts = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Seen before or duplicates.")
    error = models.CharField(max_length=500, blank=True)
    notes = models.TextField(blank=True, help_text="Items that could not be read, and why.")

    class Meta:
        ordering = ["-started", "-id"]
        indexes = [models.Index(fields=["source", "-started"], name="fetchrun_source_started")]

    def __str__(self) -> str:
        return f"{self.source} at {self.started:%Y-%m-%d %H:%M}"


class SeenItem(models.Model):
    """An item of a watched source already dealt with, so a feed that reorders or republishes
    makes nothing twice."""

    class Outcome(models.TextChoices):
        ARTICLE = "article", "Article to review"
        DUPLICATE = "duplicate", "Already in the tracker"
        NO_TEXT = "no-text", "No article text"
        FAILED = "failed", "Could not be read"

    source = models.ForeignKey(WatchedSource, on_delete=models.CASCADE, related_name="seen")
    guid = models.CharField("GUID", max_length=1000)
    url = models.URLField("URL", max_length=1000, blank=True, db_index=True)
    text_hash = models.CharField(max_length=64, blank=True, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.CharField(max_length=500, blank=True)
    article = models.ForeignKey(
        "ArticleImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="seenitem_source_guid")
        ]

    def __str__(self) -> str:
        return self.url or self.guid


class ReviewReminder(models.Model):
    """A staff member who gets a daily email of the drafts waiting for review."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_reminder"
    )
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)


class ReviewReminderSent(models.Model):
    """One reminder per person and day: the row is claimed before the email is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="reviewremindersent_user_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.day}"


class ReviewerVisit(models.Model):
    """When an editor last looked at the review queue: what came after is new to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user} at {self.seen}"


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
    watched_source = models.ForeignKey(
        WatchedSource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        editable=False,
        help_text="The watched source it was fetched from.",
    )
    text_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    people = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Everyone the article names, with the title and country it gives them "
        "(found by extraction, whether or not they take part in a draft).",
    )

    class Meta:
        db_table = "tracker_articleimport"  # the table it had before intake had an app
        ordering = ["-created", "-id"]
        constraints = [
            # Fetched articles are never made twice, whatever workers die or race.
            models.UniqueConstraint(
                fields=["url"],
                condition=Q(watched_source__isnull=False) & ~Q(url=""),
                name="articleimport_fetched_url",
            ),
            models.UniqueConstraint(
                fields=["text_hash"],
                condition=Q(watched_source__isnull=False) & ~Q(text_hash=""),
                name="articleimport_fetched_text",
            ),
        ]
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
    account_of = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="the article is the account of",
        help_text="The government whose own readout or statement the article is (proposed "
        "from its site or outlet); empty for an independent report. Its source is marked so.",
    )  # fmt: skip
    link_kind = models.CharField(
        max_length=20, blank=True, choices=LINK_NAMES,
        help_text="What this event is to an earlier one in the record (proposed when the "
        "article refers to it: a measure taking effect, a postponement, a response …).",
    )  # fmt: skip
    link_to = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="linked event",
    )  # fmt: skip

    class Meta:
        db_table = "tracker_draftevent"
        ordering = ["article", "position", "id"]
        verbose_name = "draft event"

    def __str__(self) -> str:
        return self.title
