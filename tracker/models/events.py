"""The event record: dated engagements between countries, with who took part, sources and
figures.

Dates are partial: an event's ``start`` (and optional ``end``) is stored as the first day of
what is known, together with its precision (day, month or year). ``span_start`` and
``span_end`` are the first and last day the event covers; they are derived on save so range
filters and ordering run on plain indexed columns.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from tracker.choices import DatePrecision, EventStatus, FigureUnit, LinkKind, ParticipationRole
from tracker.dates import MAX_YEAR, MIN_YEAR, PartialDate, format_span
from tracker.formatting import format_change, format_period, format_quantity
from tracker.validators import LONG_TEXT, PLAIN

from .reference import Actor, Country, EventKind, Topic


class TaggedEvent(TaggedItemBase):
    """Tag links with a real foreign key to the event, so tag queries join cleanly."""

    content_object = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "event tag"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedevent_unique")
        ]


# Sort keys of a view of a country pair (see EventQuerySet.for_country, tracker.pagination).
PAIR_KEYS = ("pair_start", "pair_event")


class EventQuerySet(models.QuerySet["Event"]):
    """Chainable reads: ``Event.objects.occurred().for_country("US", "IN")``."""

    def occurred(self) -> EventQuerySet:
        return self.filter(status=EventStatus.OCCURRED)

    def scheduled(self) -> EventQuerySet:
        return self.filter(status=EventStatus.SCHEDULED)

    def for_country(self, *codes: str) -> EventQuerySet:
        """Events involving every one of the countries. Two or more: the pair table
        ("both" is one index range); a third narrows further by its country rows."""
        wanted = sorted({code.upper() for code in codes})
        qs = self
        if len(wanted) >= 2:
            a, b = wanted[0], wanted[1]
            if not EventPair.objects.filter(a=a, b=b).exists():
                return qs.none()  # a pair never seen together: no scan for what is not there
            # Joined (one row per event: the pair is fixed), with the pair row's copy of the
            # start as the key that pages sort on: newest first along the pair's own index.
            qs = qs.filter(pairs__a=a, pairs__b=b)
            if PAIR_KEYS[0] not in qs.query.annotations:
                qs = qs.annotate(
                    **{PAIR_KEYS[0]: F("pairs__span_start"), PAIR_KEYS[1]: F("pairs__event_id")}
                )
            wanted = wanted[2:]
        for code in wanted:
            qs = qs.filter(pk__in=EventCountry.objects.filter(country_id=code).values("event_id"))
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
        """Everything an event's page, its API object and its export show, in a fixed
        number of queries whatever the number of events."""
        return self.select_related("kind").prefetch_related(*details(), *link_details())


def details() -> list[Any]:
    """What a timeline card shows, and ``with_details`` prefetches (for
    ``prefetch_related_objects`` on events already read)."""
    return [
        "countries",
        "topics",
        "tags",
        models.Prefetch(
            "participations",
            queryset=Participation.objects.select_related("actor", "actor__country"),
        ),
        models.Prefetch("sources", queryset=Source.objects.select_related("account_of")),
        "figures",
        models.Prefetch("related", queryset=Event.objects.only("id", "uid", "title")),
    ]


def link_details() -> list[Any]:
    """An event's typed links, both ways, with both ends (not on timeline cards)."""
    ends = EventLink.objects.select_related("source", "target")
    return [models.Prefetch("links_out", queryset=ends), models.Prefetch("links_in", queryset=ends)]


class Event(models.Model):
    """A dated engagement between countries: a call, a visit, a tariff measure …"""

    uid = models.UUIDField(
        "UID",
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Stable identifier across databases (exports, imports).",
    )
    title = models.CharField(max_length=300, validators=PLAIN)
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT, related_name="events")
    status = models.CharField(
        max_length=12, choices=EventStatus.choices, default=EventStatus.OCCURRED
    )
    summary = models.TextField(blank=True, validators=LONG_TEXT)
    notes = models.TextField(
        blank=True, validators=LONG_TEXT, help_text="Editors' notes; shown on the event page."
    )
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
    # When anything the API shows of the event last changed: its own fields, or a name it
    # shows (an actor renamed or merged, a topic renamed, a tag merged). Set by
    # search.touch, which every such change calls; the API's updated_since reads it.
    # A database default too, so rows written by raw SQL (bulk loads) have one.
    revised = models.DateTimeField(
        default=timezone.now, db_default=Now(), db_index=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["span_start", "span_end", "revised"])

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
            # Alerts: the events recorded since a rule last looked.
            models.Index(fields=["created"], name="event_created"),
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
    revision = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        null=True,  # added to rows already indexed without rebuilding SQLite's table
        help_text="New whenever the event or anything shown with it changes (every write "
        "reindexes it): the key of its forms kept between requests (tracker.event_cache).",
    )

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
        validators=PLAIN,
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
    outlet = models.CharField(max_length=200, blank=True, validators=PLAIN)
    title = models.CharField(max_length=400, blank=True, validators=PLAIN)
    published = models.DateField(null=True, blank=True)
    author = models.CharField(max_length=200, blank=True, validators=PLAIN)
    excerpt = models.TextField(
        blank=True, validators=LONG_TEXT, help_text="The passage that supports the event."
    )
    account_of = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="account of",
        help_text="The government whose own account this is (its readout, its spokesperson's "
        "statement); empty for an independent report.",
    )
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
        # Watched sources skip an item whose URL is already a source of the record.
        indexes = [models.Index(fields=["url"], name="source_url")]

    def __str__(self) -> str:
        return self.title or self.outlet or self.url

    def clean(self) -> None:
        if not (self.url or self.outlet or self.title):
            raise ValidationError("Give the source's URL, outlet or title.")


class EventLink(models.Model):
    """What one event is to another, read from ``source`` to ``target``: a readout of a
    call, the announcement of a tariff (the target: its taking effect), a follow-up, a
    response, a cancellation, a postponement. Shown on both events (tracker.links)."""

    source = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)

    class Meta:
        ordering = ["source", "kind", "target"]
        verbose_name = "link between events"
        verbose_name_plural = "links between events"
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="eventlink_unique"),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="eventlink_not_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values), name="eventlink_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["target"], name="eventlink_target")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.get_kind_display().lower()} {self.target_id}"


class Figure(models.Model):
    """A number attached to an event, with its unit, the period it covers and its change."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(max_length=200, validators=PLAIN)
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


# Counts kept by the write path (tracker/counts.py), in the same transaction as every change
# to an event: the chart, the facets and the pair page read them instead of counting a
# million events. `manage.py verify_counts` compares them with a full count.


class Correction(models.Model):
    """A change to what a reader was told of an event already in the record: its date,
    kind, status, countries, participants or figures, each from what to what, with an
    optional public note. Written by the services in the transaction of the change."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="corrections")
    made = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(help_text='[{"field", "label", "before", "after"}, …]')
    note = models.TextField(blank=True, validators=LONG_TEXT, help_text="Shown to readers.")

    class Meta:
        ordering = ["-made", "-id"]
        indexes = [
            models.Index(fields=["-made", "-id"], name="correction_newest_first"),
            models.Index(fields=["event", "made"], name="correction_event"),
        ]

    def __str__(self) -> str:
        return f"Correction of event {self.event_id} ({self.made:%Y-%m-%d %H:%M})"

    @property
    def summary(self) -> str:
        """ "Date: 5 Feb 2025 → 6 Feb 2025; Status: Scheduled → Occurred" """
        return "; ".join(
            f"{c['label']}: {c['before'] or 'none'} → {c['after'] or 'none'}" for c in self.changes
        )


class DeletedEvent(models.Model):
    """What is left of a deleted event, for API clients that keep a copy in sync (GET
    /api/v1/events/deleted/?since=…). Written in the transaction that deletes the event;
    removed if an event with the same uid is created again (an import)."""

    uid = models.UUIDField(unique=True)
    event_id = models.BigIntegerField(help_text="The id the event had.")
    title = models.CharField(max_length=300)
    deleted = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deleted", "id"]
        indexes = [models.Index(fields=["deleted", "id"], name="deletedevent_since")]

    def __str__(self) -> str:
        return f"{self.title} (deleted {self.deleted:%Y-%m-%d %H:%M})"


class EventPair(models.Model):
    """One row per event and unordered pair of its countries (a < b), with the event's
    start: "events that involve both" is an index range, newest first. ``multilateral``:
    the event involves other countries too (the pair's third countries are counted from
    these rows alone)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pairs")
    a = models.CharField(max_length=2)
    b = models.CharField(max_length=2)
    span_start = models.DateField()
    multilateral = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["a", "b", "event"], name="eventpair_unique"),
            models.CheckConstraint(condition=Q(a__lt=F("b")), name="eventpair_ordered"),
        ]
        indexes = [
            models.Index(fields=["a", "b", "-span_start", "-event"], name="eventpair_newest_first"),
            models.Index(fields=["event"], name="eventpair_event"),
            models.Index(
                fields=["a", "b"], condition=Q(multilateral=True), name="eventpair_multilateral"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.a}–{self.b} in event {self.event_id}"


class CountCell(models.Model):
    """Events counted by what the filters ask about: their countries (``c1`` and ``c2``:
    none, one, or an ordered pair), a topic (``topic_id``; 0 for any, else the topic or one
    above it), kind, status, and the months the event starts and ends in. Readers add
    the cells a view selects instead of counting the events.

    ``also``: a second topic of the same events (0: none asked), kept for events counted
    without countries or within one country (``c2`` empty): the topics of a topic's
    events."""

    c1 = models.CharField(max_length=2, blank=True)
    c2 = models.CharField(max_length=2, blank=True)
    topic_id = models.IntegerField(default=0)
    also = models.IntegerField(default=0)
    kind = models.ForeignKey(EventKind, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10)
    first_month = models.DateField()
    last_month = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    *("c1", "c2", "topic_id", "also", "kind", "status"),
                    *("first_month", "last_month"),
                ],
                name="countcell_unique",
            )
        ]
        indexes = [models.Index(fields=["c2", "topic_id"], name="countcell_by_other")]

    def __str__(self) -> str:
        return f"{self.c1}–{self.c2} topic {self.topic_id} {self.first_month:%Y-%m}: {self.n}"


class CountTotal(models.Model):
    """The same counts over all months (the facets of views without dates read these)."""

    c1 = models.CharField(max_length=2, blank=True)
    c2 = models.CharField(max_length=2, blank=True)
    topic_id = models.IntegerField(default=0)
    also = models.IntegerField(default=0)
    kind = models.ForeignKey(EventKind, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["c1", "c2", "topic_id", "also", "kind", "status"],
                name="counttotal_unique",
            )
        ]
        indexes = [models.Index(fields=["c2", "topic_id"], name="counttotal_by_other")]

    def __str__(self) -> str:
        return f"{self.c1}–{self.c2} topic {self.topic_id}: {self.n}"


class AccountCount(models.Model):
    """The events of each pair of countries (``a`` < ``b``) by kind and status, counted by
    whose own accounts their sources hold (``sides``: "ab" both, "a" or "b" one side's
    only, "" neither): the relations page reads these instead of the pair's events."""

    a = models.CharField(max_length=2)
    b = models.CharField(max_length=2)
    kind = models.ForeignKey(EventKind, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10)
    sides = models.CharField(max_length=2, blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["a", "b", "kind", "status", "sides"], name="accountcount_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.a}–{self.b} {self.sides or 'neither'}: {self.n}"
