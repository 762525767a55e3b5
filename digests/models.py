"""Who follows which view of the record, how (a weekly or daily digest by email, or
alerts as it happens by email or to a webhook), and everything sent to them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower


class Subscription(models.Model):
    """A view of the record followed by email (a weekly or daily digest, or alerts as it
    happens) or by a webhook (alerts as it happens, daily or weekly)."""

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Weekly digest"
        DAILY = "daily", "Daily digest"
        INSTANT = "instant", "As it happens"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        WEBHOOK = "webhook", "JSON webhook (signed)"
        SLACK = "slack", "Slack incoming webhook"
        TEAMS = "teams", "Microsoft Teams incoming webhook"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    email = models.EmailField(blank=True)
    cadence = models.CharField(
        max_length=8,
        choices=Cadence.choices,
        default=Cadence.WEEKLY,
        help_text="By email: a weekly or daily digest, or alerts as it happens. To a webhook: "
        "alerts, as it happens or gathered daily or weekly at the hour.",
    )
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    url = models.URLField(
        "webhook URL", max_length=500, blank=True, help_text="Where a webhook rule posts."
    )
    secret = models.CharField(
        max_length=64, blank=True, editable=False, help_text="Signs a JSON webhook's messages."
    )
    alert_cursor = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Alerts: events recorded and corrections made after this are still to send.",
    )
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
        verbose_name = "subscription or alert rule"
        verbose_name_plural = "subscriptions and alert rules"
        indexes = [models.Index(fields=["paused", "next_send_at"], name="subscription_due")]
        constraints = [
            models.CheckConstraint(condition=Q(hour__lte=23), name="subscription_hour_valid"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="subscription_weekday_valid"),
            # An email rule has an address; a webhook rule has a URL and sends alerts.
            models.CheckConstraint(
                condition=(Q(channel="email") & ~Q(email="")) | (~Q(channel="email") & ~Q(url="")),
                name="subscription_channel_target",
            ),
            # One confirmation waits per address and view: subscribing again sends nothing.
            models.UniqueConstraint(
                Lower("email"),
                "filters",
                condition=Q(confirmed_at__isnull=True),
                name="subscription_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.name or self.filters or 'everything'}"

    @property
    def target(self) -> str:
        """Where it goes: the address, or the webhook's host."""
        if self.channel == self.Channel.EMAIL:
            return self.email
        from urllib.parse import urlsplit

        return f"{self.get_channel_display()} {urlsplit(self.url).hostname or ''}"

    @property
    def alerts(self) -> bool:
        """Sent as batches of new and corrected events (alerts), not as digests."""
        return self.cadence == self.Cadence.INSTANT or self.channel != self.Channel.EMAIL

    def clean(self) -> None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError({"timezone": f"Unknown time zone “{self.timezone}”."}) from None
        if self.channel == self.Channel.EMAIL and not self.email:
            raise ValidationError({"email": "An email rule needs an address."})
        if self.channel != self.Channel.EMAIL:
            if not self.url:
                raise ValidationError({"url": "A webhook rule needs the URL to post to."})
            from intake.fetching import Blocked, checked_url

            try:
                checked_url(self.url)
            except Blocked as exc:
                raise ValidationError({"url": str(exc)}) from None

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


class AlertDelivery(models.Model):
    """One alert message: the new events and corrections a rule had not sent yet, found in
    one dispatch. Sent exactly once with the same claim as digests (digests.sending)."""

    Status = DigestDelivery.Status

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=300, blank=True)
    event_count = models.PositiveIntegerField(default=0)
    correction_count = models.PositiveIntegerField(default=0)
    response = models.CharField(max_length=300, blank=True, help_text="The receiver's answer.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "alert delivery"
        verbose_name_plural = "alert deliveries"
        indexes = [models.Index(fields=["status", "claimed_at"], name="alertdelivery_status")]

    def __str__(self) -> str:
        return (
            f"{self.subscription.target} {self.created:%Y-%m-%d %H:%M}: {self.get_status_display()}"
        )


class AlertItem(models.Model):
    """An event (or a correction of one) in an alert: once per rule, whatever happens."""

    delivery = models.ForeignKey(AlertDelivery, on_delete=models.CASCADE, related_name="items")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey("tracker.Event", on_delete=models.CASCADE, related_name="+")
    correction = models.ForeignKey(
        "tracker.Correction", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"],
                condition=Q(correction__isnull=True),
                name="alert_event_once_per_rule",
            ),
            models.UniqueConstraint(
                fields=["subscription", "correction"],
                condition=Q(correction__isnull=False),
                name="alert_correction_once_per_rule",
            ),
        ]

    def __str__(self) -> str:
        what = f"correction {self.correction_id} of " if self.correction_id else ""
        return f"Alert {self.delivery_id}: {what}event {self.event_id}"
