"""Rows that keep the site running rather than record anything: the data version that
cached summaries follow, rate-limit counters, and import jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse


class DataVersion(models.Model):
    """A random token replaced whenever events change (tracker.stamps): summaries computed
    from the events (facet counts, activity charts) are cached under it."""

    name = models.CharField(max_length=40, primary_key=True)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"


class RateCounter(models.Model):
    """Attempts of one kind by one client (or to one recipient) in one time window, kept in
    the database so every process counts the same attempts (tracker.limits)."""

    key = models.CharField(max_length=64, help_text="A hash of the limit and who it counts.")
    window = models.DateTimeField(help_text="Start of the time window.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "rate counter"
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="ratecounter_once")]
        indexes = [models.Index(fields=["window"], name="ratecounter_window")]

    def __str__(self) -> str:
        return f"{self.key[:8]} {self.window:%Y-%m-%d %H:%M}: {self.count}"


class ImportJob(models.Model):
    """An uploaded file of events, checked and then imported by a worker (tracker.interchange.jobs):
    the request only stores it, so a big file never holds a web worker."""

    class State(models.TextChoices):
        CHECKING = "checking", "Being checked"
        CHECKED = "checked", "Checked: ready to import"
        IMPORTING = "importing", "Being imported"
        DONE = "done", "Imported"
        FAILED = "failed", "Refused: nothing was imported"

    filename = models.CharField(max_length=255)
    data = models.BinaryField(editable=False, help_text="The file as uploaded; emptied once done.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.CHECKING)
    rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField("new events", default=0)
    updated_count = models.PositiveIntegerField("updated events", default=0)
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "event import"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("admin:tracker_event_import_job", args=[self.pk])

    @property
    def running(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.IMPORTING)
