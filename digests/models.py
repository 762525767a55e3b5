"""Who follows which view of the record by email, and each digest sent to them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower


class Subscription(models.Model):
    """Someone who follows a view of the record by email, once a week."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    email = models.EmailField()
    filters = models.CharField(
        max_length=2000,
        blank=True,
        help_text="The timeline's query string, e.g. country=US&country=IN.",
    )
    name = models.CharField(max_length=200, blank=True, help_text="What the view is called.")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    hour = models.PositiveSmallIntegerField(default=8, help_text="Local hour, 0 to 23.")
    timezone = models.CharField(max_length=64, default="UTC")
    send_empty = models.BooleanField(
        default=False, help_text="Send a short note when a week has nothing new."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    paused = models.BooleanField(default=False)
    paused_reason = models.CharField(max_length=300, blank=True)
    next_send_at = models.DateTimeField(null=True, blank=True, db_index=True)
    failures = models.PositiveSmallIntegerField(default=0, help_text="Permanent failures in a row.")

    class Meta:
        db_table = "tracker_subscription"  # the table it had before digests had an app
        ordering = ["email", "id"]
        verbose_name = "digest subscription"
        indexes = [models.Index(fields=["paused", "next_send_at"], name="subscription_due")]
        constraints = [
            models.CheckConstraint(condition=Q(hour__lte=23), name="subscription_hour_valid"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="subscription_weekday_valid"),
            # One confirmation waits per address and view: subscribing again sends nothing.
            models.UniqueConstraint(
                Lower("email"),
                "filters",
                condition=Q(confirmed_at__isnull=True),
                name="subscription_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.name or self.filters or 'everything'}"

    def clean(self) -> None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError({"timezone": f"Unknown time zone “{self.timezone}”."}) from None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class DigestDelivery(models.Model):
    """One digest for one subscription and one period; unique, which makes sending
    exactly-once: a worker sends only after claiming the row with a conditional update."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        EMPTY = "empty", "Nothing to send"
        RETRYING = "retrying", "Temporary failure, will retry"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=300, blank=True)
    event_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "tracker_digestdelivery"
        ordering = ["-period_end", "id"]
        verbose_name = "digest delivery"
        verbose_name_plural = "digest deliveries"
        indexes = [models.Index(fields=["status", "claimed_at"], name="delivery_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period_start"], name="delivery_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="delivery_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription.email} {self.period_end:%Y-%m-%d}: {self.get_status_display()}"
