"""Domain model: dated events between countries, with who took part, sources and figures.

Dates are partial: an event's ``start`` (and optional ``end``) is stored as the first day of
what is known, together with its precision (day, month or year). ``span_start`` and
``span_end`` are the first and last day the event covers; they are derived on save so range
filters and ordering run on plain indexed columns.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django_countries import countries as country_registry
from django_countries.fields import Country as CountryInfo
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from .choices import (
    ActorKind,
    DatePrecision,
    EventStatus,
    FigureUnit,
    ParticipationRole,
    PloverCategory,
)
from .dates import MAX_YEAR, MIN_YEAR, PartialDate, PartialDateError, format_span

# What Django's slug validator and the URLs' <slug:…> accept: a row that breaks it could
# not be linked, and every page listing it would fail.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
VALID_SLUG = Q(slug__regex=SLUG_PATTERN)


class Country(models.Model):
    """A state, identified by its ISO 3166-1 alpha-2 code (names from django-countries)."""

    code = models.CharField("ISO code", max_length=2, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = "country"
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tracker:country", args=[self.code])

    @property
    def flag(self) -> str:
        """The flag as an emoji (regional indicator symbols)."""
        return str(CountryInfo(code=self.code).unicode_flag)

    @classmethod
    def sync_from_registry(cls) -> int:
        """Create or rename countries from django-countries' ISO 3166 list; return the count."""
        rows = [cls(code=str(code), name=str(name)) for code, name in country_registry]
        Country.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
        )
        return len(rows)


class EventKind(models.Model):
    """A kind of event (phone call, visit, tariff measure …) with its PLOVER/CAMEO mapping."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    plover_category = models.CharField(
        "PLOVER category", max_length=20, choices=PloverCategory.choices, blank=True
    )
    plover_mode = models.CharField("PLOVER mode", max_length=40, blank=True)
    cameo_code = models.CharField(
        "CAMEO code", max_length=10, blank=True, help_text="Closest CAMEO event code."
    )
    colour = models.CharField(max_length=7, default="#6b7280", help_text="Badge colour as #rrggbb.")
    icon = models.CharField(max_length=40, blank=True, help_text="Short icon name.")
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "event kind"
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="eventkind_colour_hex"
            ),
            models.CheckConstraint(condition=VALID_SLUG, name="eventkind_slug_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A curated subject (trade, defence, immigration …), optionally under a parent topic."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="topic_not_own_parent"),
            models.CheckConstraint(condition=VALID_SLUG, name="topic_slug_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tracker:topic", args=[self.slug])

    def clean(self) -> None:
        seen = {self.pk}
        parent = self.parent
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError({"parent": "A topic cannot be its own ancestor."})
            seen.add(parent.pk)
            parent = parent.parent


class Actor(models.Model):
    """A person, an organisation or office, or a government that takes part in events.

    ``title`` is the current title; the title held at the time of an event belongs to
    the participation.
    """

    name = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names used in sources, one per line."
    )
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.PERSON)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="actors"
    )
    title = models.CharField("current title", max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "actor"
        constraints = [models.CheckConstraint(condition=VALID_SLUG, name="actor_slug_valid")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tracker:actor", args=[self.slug])

    def clean(self) -> None:
        if not isinstance(self.aliases, list) or not all(
            isinstance(alias, str) for alias in self.aliases
        ):
            raise ValidationError({"aliases": "Aliases must be a list of names."})
        self.aliases = normalise_aliases(self.aliases, exclude=self.name)
        if not self.slug and self.name:
            self.slug = self._unique_slug()  # before the constraints are checked

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        base = slugify(self.name)[:200] or "actor"
        slug, n = base, 2
        while Actor.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


def normalise_aliases(aliases: Iterable[str], *, exclude: str = "") -> list[str]:
    """Strip, drop blanks and duplicates (case-insensitively) and the actor's own name."""
    seen = {exclude.strip().casefold()} if exclude else set()
    result = []
    for alias in aliases:
        alias = " ".join(alias.split())
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            result.append(alias)
    return result


class TaggedEvent(TaggedItemBase):
    """Tag links with a real foreign key to the event, so tag queries join cleanly."""

    content_object = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "event tag"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedevent_unique")
        ]


class EventQuerySet(models.QuerySet["Event"]):
    """Chainable reads: ``Event.objects.occurred().for_country("US", "IN")``."""

    def occurred(self) -> EventQuerySet:
        return self.filter(status=EventStatus.OCCURRED)

    def scheduled(self) -> EventQuerySet:
        return self.filter(status=EventStatus.SCHEDULED)

    def for_country(self, *codes: str) -> EventQuerySet:
        """Events that involve every one of the given countries."""
        qs = self
        for code in codes:
            qs = qs.filter(
                pk__in=EventCountry.objects.filter(country_id=code.upper()).values("event_id")
            )
        return qs

    def overlapping(self, first: date | None, last: date | None) -> EventQuerySet:
        """Events whose span overlaps the closed range [first, last] (either end open)."""
        qs = self
        if first is not None:
            qs = qs.filter(span_end__gte=first)
        if last is not None:
            qs = qs.filter(span_start__lte=last)
        return qs

    def newest_first(self) -> EventQuerySet:
        return self.order_by("-span_start", "-id")

    def with_details(self) -> EventQuerySet:
        """Everything a list shows, in a fixed number of queries whatever the page size."""
        return self.select_related("kind").prefetch_related(
            "countries",
            "topics",
            "tags",
            models.Prefetch(
                "participations",
                queryset=Participation.objects.select_related("actor", "actor__country"),
            ),
            "sources",
            "figures",
            models.Prefetch("related", queryset=Event.objects.only("id", "uid", "title")),
        )


class Event(models.Model):
    """A dated engagement between countries: a call, a visit, a tariff measure …"""

    uid = models.UUIDField(
        "UID",
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Stable identifier across databases (exports, imports).",
    )
    title = models.CharField(max_length=300)
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT, related_name="events")
    status = models.CharField(
        max_length=12, choices=EventStatus.choices, default=EventStatus.OCCURRED
    )
    summary = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="Editors' notes; shown on the event page.")
    start = models.DateField(help_text="First day of the start date at its precision.")
    start_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end = models.DateField(null=True, blank=True)
    end_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True, default=""
    )
    span_start = models.DateField(editable=False, help_text="First day the event covers.")
    span_end = models.DateField(editable=False, help_text="Last day the event covers.")
    countries = models.ManyToManyField(
        Country, through="EventCountry", related_name="events", blank=True
    )
    topics = models.ManyToManyField(Topic, related_name="events", blank=True)
    tags = TaggableManager(through=TaggedEvent, blank=True)
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)
    history = HistoricalRecords(excluded_fields=["span_start", "span_end"])

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-span_start", "-id"]
        verbose_name = "event"
        indexes = [
            models.Index(fields=["-span_start", "-id"], name="event_newest_first"),
            models.Index(fields=["span_end"], name="event_span_end"),
            models.Index(fields=["status", "span_start"], name="event_status_start"),
            # "Coming up": scheduled events that have not ended (few, whatever the history).
            models.Index(
                fields=["span_end"], condition=Q(status="scheduled"), name="event_scheduled_end"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="event_end_on_or_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(end__isnull=True) & Q(end_precision=""))
                | (Q(end__isnull=False) & ~Q(end_precision="")),
                name="event_end_has_precision",
            ),
            models.CheckConstraint(
                condition=Q(span_end__gte=F("span_start")), name="event_span_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="event_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_precision__in=DatePrecision.values),
                name="event_start_precision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_date}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("tracker:event", args=[self.pk])

    # Partial dates ---------------------------------------------------------------------

    @property
    def start_date(self) -> PartialDate:
        return PartialDate.from_date(self.start, self.start_precision)

    @start_date.setter
    def start_date(self, value: PartialDate) -> None:
        self.start, self.start_precision = value.first_day, value.precision

    @property
    def end_date(self) -> PartialDate | None:
        if self.end is None:
            return None
        return PartialDate.from_date(self.end, self.end_precision or DatePrecision.DAY)

    @end_date.setter
    def end_date(self, value: PartialDate | None) -> None:
        if value is None:
            self.end, self.end_precision = None, ""
        else:
            self.end, self.end_precision = value.first_day, value.precision

    @property
    def display_date(self) -> str:
        """The honest date: "21 Mar 2025", "Feb 2025", "2009–2024"."""
        if self.start is None:
            return ""
        return format_span(self.start_date, self.end_date)

    def derive_span(self) -> None:
        """Normalise start/end to the first day of their precision and derive the span."""
        start = self.start_date
        self.start = start.first_day
        self.span_start = start.first_day
        end = self.end_date
        if end is None:
            self.span_end = start.last_day
        else:
            self.end = end.first_day
            self.span_end = end.last_day

    def clean(self) -> None:
        if self.start is None:
            return
        if self.end is not None and not self.end_precision:
            self.end_precision = DatePrecision.DAY
        if self.end is None:
            self.end_precision = ""
        self.derive_span()
        if self.end is not None and self.end < self.start:
            raise ValidationError({"end": "The end comes before the start."})
        if self.end is not None and self.end_date == self.start_date:
            self.end_date = None
            self.derive_span()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.start is not None:
            if self.end is None:
                self.end_precision = ""
            self.derive_span()
        super().save(*args, **kwargs)

    @property
    def country_codes(self) -> list[str]:
        return [c.code for c in self.countries.all()]


class EventSearch(models.Model):
    """The text search sees for one event, in four weighted parts (kept by tracker.search).

    PostgreSQL searches ``vector`` (GIN-indexed); SQLite searches an FTS5 table that
    mirrors these columns (see migration 0004).
    """

    event = models.OneToOneField(
        "Event", on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    title = models.TextField(blank=True)
    names = models.TextField(
        blank=True, help_text="Participants, aliases, countries, topics, tags."
    )
    body = models.TextField(blank=True, help_text="Summary, sources and figure labels.")
    notes = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = "search document"

    def __str__(self) -> str:
        return self.title


class EventCountry(models.Model):
    """One row per event and state involved, indexed by country first for pair queries."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="country_links")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="event_links")

    class Meta:
        verbose_name = "event country"
        verbose_name_plural = "event countries"
        ordering = ["event", "country"]
        constraints = [
            models.UniqueConstraint(fields=["country", "event"], name="eventcountry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} in event {self.event_id}"


class Participation(models.Model):
    """An actor's part in an event, with the title they held at the time."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(
        max_length=20, choices=ParticipationRole.choices, default=ParticipationRole.PARTICIPANT
    )
    title_at_time = models.CharField(
        "title at the time",
        max_length=200,
        blank=True,
        help_text="The title the actor held on the event's date.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "id"]
        verbose_name = "participation"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"], name="participation_unique_actor_role"
            )
        ]

    def __str__(self) -> str:
        title = f", {self.title_at_time}" if self.title_at_time else ""
        return f"{self.actor}{title} ({self.get_role_display()})"


class Source(models.Model):
    """Where a fact comes from: a readout, an article, a proceeding."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField("URL", max_length=1000, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=400, blank=True)
    published = models.DateField(null=True, blank=True)
    author = models.CharField(max_length=200, blank=True)
    excerpt = models.TextField(blank=True, help_text="The passage that supports the event.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "published", "id"]
        verbose_name = "source"
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(outlet="") | ~Q(title=""),
                name="source_identified",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.outlet or self.url

    def clean(self) -> None:
        if not (self.url or self.outlet or self.title):
            raise ValidationError("Give the source's URL, outlet or title.")


class Figure(models.Model):
    """A number attached to an event, with its unit, the period it covers and its change."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=24, decimal_places=4)
    unit = models.CharField(max_length=12, choices=FigureUnit.choices)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    change_value = models.DecimalField(
        max_digits=24,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Change against the previous period.",
    )
    change_unit = models.CharField(max_length=12, choices=FigureUnit.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "id"]
        verbose_name = "figure"
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="figure_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(change_value__isnull=True) | ~Q(change_unit=""),
                name="figure_change_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.display_value}"

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The period ends before it starts."
        for name in ("period_start", "period_end"):
            day = getattr(self, name)
            if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
                errors[name] = f"Give a year between {MIN_YEAR} and {MAX_YEAR}."
        if self.change_value is not None and not self.change_unit:
            errors["change_unit"] = "Give the unit of the change."
        if errors:
            raise ValidationError(errors)

    @property
    def display_value(self) -> str:
        """ "45.7 bn USD", "25 %", "104 persons"."""
        return format_quantity(self.value, self.unit)

    @property
    def display_change(self) -> str:
        return format_change(self.change_value, self.change_unit)

    @property
    def display_period(self) -> str:
        return format_period(self.period_start, self.period_end)


def format_number(value: Decimal) -> str:
    """Plain decimal without trailing zeros, with thin grouping: 15,668 or 45.7."""
    normalised = value.normalize()
    if normalised == normalised.to_integral_value():
        return f"{int(normalised):,}"
    return f"{normalised:,f}"


_SCALES = ((Decimal(10) ** 12, "tn"), (Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m"))


def format_change(value: Decimal | None, unit: str) -> str:
    """ "+2.5 %", "-3 bn USD", or "" when there is no change."""
    if value is None:
        return ""
    return ("+" if value > 0 else "") + format_quantity(value, unit)


def format_quantity(value: Decimal, unit: str) -> str:
    if unit == FigureUnit.PERCENT:
        return f"{format_number(value)} %"
    if unit == FigureUnit.PERCENTAGE_POINTS:
        return f"{format_number(value)} pp"
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{format_number(value / scale)} {word} {unit}"
    return f"{format_number(value)} {unit}"


def format_period(first: date | None, last: date | None) -> str:
    """A figure's period as honestly as its bounds allow: "2024", "Feb 2025", "2009–2024"."""
    if first is None and last is None:
        return ""
    try:
        return _format_period(first, last)
    except PartialDateError:  # a year no partial date can hold: show the ISO dates
        return " – ".join(d.isoformat() if d else "…" for d in (first, last))


def _format_period(first: date | None, last: date | None) -> str:
    if first is None:
        assert last is not None
        return f"until {_as_partial(last, is_end=True).display()}"
    if last is None:
        return f"from {_as_partial(first, is_end=False).display()}"
    for precision in (DatePrecision.YEAR, DatePrecision.MONTH):
        start = PartialDate.from_date(first, precision)
        end = PartialDate.from_date(last, precision)
        if start.first_day == first and end.last_day == last:
            return format_span(start, end)
    return format_span(_as_partial(first, is_end=False), _as_partial(last, is_end=True))


def _as_partial(day: date, *, is_end: bool) -> PartialDate:
    """The coarsest partial date that starts (or, for an end, ends) exactly on ``day``."""
    for precision in (DatePrecision.YEAR, DatePrecision.MONTH):
        candidate = PartialDate.from_date(day, precision)
        if (candidate.last_day if is_end else candidate.first_day) == day:
            return candidate
    return PartialDate.from_date(day, DatePrecision.DAY)


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
        ordering = ["-created", "-id"]
        verbose_name = "article to review"

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
        ordering = ["article", "position", "id"]
        verbose_name = "draft event"

    def __str__(self) -> str:
        return self.title


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
    """An uploaded file of events, checked and then imported by a worker (tracker.importing):
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
