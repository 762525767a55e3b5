"""The one FilterSet for events: the API, the web timeline, the feeds and the digests use it,
so a saved query string means the same thing everywhere.

Repeatable parameters: ``country`` means *all* of the given countries are involved
(``country=US&country=IN``); ``actor``, ``topic``, ``tag``, ``kind``, ``status`` and
``precision`` match *any* of the given values. Dates are partial and use overlap: an event of
``Feb 2025`` is inside ``date_from=2025-02-10&date_to=2025-02-20``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from . import search
from .choices import DatePrecision, EventStatus
from .dates import PartialDate
from .fields import PartialDateField
from .models import Actor, Country, Event, EventKind, Participation, TaggedEvent, Topic
from .models.events import PAIR_KEYS

MAX_VALUES = 50


def validate_search(text: str) -> None:
    try:
        search.parse(text)
    except search.SearchSyntaxError as exc:
        raise ValidationError(str(exc), code="search_syntax") from exc


def reject_nul(values: list[str]) -> None:
    """Null characters cannot be stored or searched, and a filter takes at most MAX_VALUES
    values; say so instead of failing later."""
    if any("\x00" in v for v in values):
        raise ValidationError("Null characters are not allowed.", code="null_characters")
    if len(values) > MAX_VALUES:
        raise ValidationError(f"Give at most {MAX_VALUES} values.", code="too_many")


class CountryCodesField(forms.ModelMultipleChoiceField):
    """ISO codes, case-insensitive: ``us`` is ``US``."""

    default_error_messages = {"invalid_choice": "Unknown country code “%(value)s”."}

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            value = [str(v).strip().upper() for v in value if str(v).strip()]
            reject_nul(value)
        return super().clean(value)


class SlugOrIdField(forms.ModelMultipleChoiceField):
    """Objects named by slug or by numeric id; any unknown one is an error."""

    default_error_messages = {"invalid_choice": "Nothing is called “%(value)s”."}

    def _check_values(self, value: Iterable[Any]) -> QuerySet[Any]:
        values = [str(v).strip() for v in value if str(v).strip()]
        reject_nul(values)
        assert self.queryset is not None
        numeric = [v for v in values if v.isascii() and v.isdigit()]
        ids = [int(v) for v in numeric if len(v) < 19]
        slugs = [v for v in values if v not in numeric]
        found = list(self.queryset.filter(Q(pk__in=ids) | Q(slug__in=slugs)))
        known = {str(o.pk) for o in found} | {o.slug for o in found}
        for v in values:
            if v not in known:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": v},
                )
        return found  # type: ignore[return-value]  # the objects, without asking again


class TextListField(forms.Field):
    """A repeatable free-text parameter (``tag=quad&tag=trade``)."""

    widget = forms.MultipleHiddenInput

    def clean(self, value: Any) -> list[str]:
        if value in (None, "", [], ()):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        cleaned = [str(v).strip() for v in values if str(v).strip()]
        reject_nul(cleaned)
        if any(len(v) > 100 for v in cleaned):
            raise ValidationError("A tag is at most 100 characters long.", code="max_length")
        return cleaned


class BoundedDateTimeField(IsoDateTimeField):
    """An ISO 8601 time from year 1000 to 9000 (beyond, databases overflow)."""

    def clean(self, value: Any) -> Any:
        cleaned = super().clean(value)
        if cleaned is not None and not 1000 <= cleaned.year <= 9000:
            raise ValidationError("Give a time between the years 1000 and 9000.", code="range")
        return cleaned


class BoundedDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedDateTimeField


class CountryCodesFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CountryCodesField


class SlugOrIdFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = SlugOrIdField


@extend_schema_field(OpenApiTypes.STR)
class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Objects named by slug (repeatable)."""


class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


class TextListFilter(django_filters.MultipleChoiceFilter):
    """Free text, repeatable (documented as an array)."""

    field_class = TextListField


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=500,
        validators=[validate_search],
        help_text=(
            'Web-search syntax: words, "quoted phrases", OR, -excluded. Searches titles, '
            "names and aliases, topics, tags, summaries, sources, figures and notes; "
            "results come by relevance, or newest first when the search matches more than "
            "20,000 events (the X-Search-Order response header says which)."
        ),
    )
    date_from = PartialDateFilter(
        method="filter_date_from",
        help_text="Events that end on or after this partial date (2025, 2025-02, 2025-02-10).",
    )
    date_to = PartialDateFilter(
        method="filter_date_to",
        help_text="Events that start on or before the end of this partial date.",
    )
    country = CountryCodesFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        method="filter_country",
        help_text="ISO 3166 code; repeat for events that involve all of them (US and IN).",
    )
    actor = SlugOrIdFilter(
        queryset=Actor.objects.all(),
        method="filter_actor",
        help_text="Actor id or slug; repeat for any of them.",
    )
    topic = SlugOrIdFilter(
        queryset=Topic.objects.all(),
        method="filter_topic",
        help_text="Topic slug (its sub-topics count too); repeat for any of them.",
    )
    tag = TextListFilter(method="filter_tag", help_text="Tag name or slug; repeat for any.")
    kind = SlugsFilter(
        queryset=EventKind.objects.all(),
        to_field_name="slug",
        field_name="kind__slug",
        distinct=False,  # one kind per event: no duplicates to remove (DISTINCT would sort)
        error_messages={"invalid_choice": "Unknown event kind “%(value)s”."},
        help_text="Event kind slug (call, meeting, trade-measure, …); repeat for any.",
    )
    status = django_filters.MultipleChoiceFilter(
        choices=EventStatus.choices,
        distinct=False,
        help_text="scheduled, occurred, cancelled or postponed.",
    )
    precision = django_filters.MultipleChoiceFilter(
        field_name="start_precision",
        distinct=False,
        choices=DatePrecision.choices,
        help_text="How exactly the start is known: day, month or year.",
    )
    updated_since = BoundedDateTimeFilter(
        field_name="revised",
        lookup_expr="gte",
        help_text=(
            "Only events whose data changed at or after this time (ISO 8601): their own "
            "fields, or a name they show (an actor, topic or tag renamed or merged). "
            "Deleted events: /api/v1/events/deleted/?since=."
        ),
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Event]) -> QuerySet[Event]:
        queryset = super().filter_queryset(queryset)
        date_to = self.form.cleaned_data.get("date_to")
        if date_to and PAIR_KEYS[0] in queryset.query.annotations:
            # A pair's view pages along its pair rows' start: the same bound on that copy
            # lets the walk start at the end of the range instead of at the newest event.
            queryset = queryset.filter(**{f"{PAIR_KEYS[0]}__lte": date_to.last_day})
        return queryset

    def filter_q(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        try:
            return search.search(queryset, value)
        except search.SearchSyntaxError as exc:
            raise ValidationError({"q": [str(exc)]}) from exc

    def filter_date_from(
        self, queryset: QuerySet[Event], name: str, value: PartialDate
    ) -> QuerySet[Event]:
        return queryset.filter(span_end__gte=value.first_day)

    def filter_date_to(
        self, queryset: QuerySet[Event], name: str, value: PartialDate
    ) -> QuerySet[Event]:
        return queryset.filter(span_start__lte=value.last_day)

    def filter_country(
        self, queryset: QuerySet[Event], name: str, value: Iterable[Country]
    ) -> QuerySet[Event]:
        codes = [c.code for c in value]
        return queryset.for_country(*codes) if codes else queryset  # type: ignore[attr-defined]

    def filter_actor(
        self, queryset: QuerySet[Event], name: str, value: Iterable[Actor]
    ) -> QuerySet[Event]:
        ids = [a.pk for a in value]
        if not ids:
            return queryset
        return queryset.filter(
            Exists(Participation.objects.filter(event=OuterRef("pk"), actor_id__in=ids))
        )

    def filter_topic(
        self, queryset: QuerySet[Event], name: str, value: Iterable[Topic]
    ) -> QuerySet[Event]:
        ids = [t.pk for t in value]
        if not ids:
            return queryset
        links = Event.topics.through.objects.filter(
            event_id=OuterRef("pk"), topic_id__in=topics_below(ids)
        )
        return queryset.filter(Exists(links))

    def filter_tag(self, queryset: QuerySet[Event], name: str, value: list[str]) -> QuerySet[Event]:
        if not value:
            return queryset
        wanted = Q()
        for tag in value:
            wanted |= Q(tag__name__iexact=tag) | Q(tag__slug__iexact=tag)
        return queryset.filter(
            Exists(TaggedEvent.objects.filter(wanted, content_object_id=OuterRef("pk")))
        )


def topics_below(ids: Iterable[int]) -> list[int]:
    """The given topics' ids and those of every topic below them, resolved before the
    query that uses them: the planner then knows how many events it is looking for."""
    wanted = [int(i) for i in ids]
    if not wanted:
        return []
    marks = ", ".join(["%s"] * len(wanted))  # placeholders only: the ids go as parameters
    sql = (
        "WITH RECURSIVE below(id) AS ("  # noqa: S608
        "SELECT id FROM tracker_topic WHERE id IN (" + marks + ") "
        "UNION SELECT t.id FROM tracker_topic t JOIN below ON t.parent_id = below.id"
        ") SELECT id FROM below"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, wanted)
        return sorted(row[0] for row in cursor.fetchall())


def canonical_query(value: str) -> str:
    """A view's filters checked as the timeline checks them, in a canonical form: the
    timeline's own filters only, in order, without empty values (nor its page cursor).
    Raises ValueError saying which filters are not valid."""
    data = QueryDict(value.lstrip("?"))
    pairs = [
        (key, item)
        for key, values in data.lists()
        if key in EventFilter.base_filters
        for item in values
        if item.strip()
    ]
    filterset = EventFilter(QueryDict(urlencode(pairs)), queryset=Event.objects.none())
    if pairs and not filterset.is_valid():
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())
        raise ValueError(f"These filters are not valid ({problems}).")
    return urlencode(pairs)


def known_pairs(params: Any, *also: str) -> list[tuple[str, str]]:
    """The filters in ``params`` (and the parameters named in ``also``), sorted: the same
    view however its URL is written, and nothing else. Cache keys are made of these, so a
    parameter no view reads (?junk=1, ?junk=2 …) makes no new cache entry."""
    names = set(EventFilter.base_filters) | set(also)
    return sorted((k, v) for k, values in params.lists() if k in names for v in values)


def describe(filters: str, *, links: bool = True) -> str:
    """The view in words: “tariffs”; US and IN; topic trade; #quad. With ``links=False``
    (what goes to an address nobody has confirmed yet) free text loses anything a mail
    program would turn into a link, and is cut short."""
    data = QueryDict(filters)
    parts = []
    if data.get("q"):
        text = data["q"] if links else linkless(data["q"])
        if text:
            parts.append(f"“{text}”")
    for key, label in (("country", ""), ("topic", "topic "), ("kind", ""), ("tag", "#")):
        values = data.getlist(key) if links else [linkless(v) for v in data.getlist(key)]
        values = [v for v in values if v]
        if values:
            parts.append(label + (" and ".join(values) if key == "country" else ", ".join(values)))
    return "; ".join(parts)


# Words a mail program shows as a link: a scheme, "www.", an address or a domain name.
LINK_LIKE = re.compile(r"\S*(?:[:/@\\]|www\.|\w\.[a-z]{2,})\S*", re.IGNORECASE)


def linkless(text: str, limit: int = 60) -> str:
    """Free text without link-like words, at most ``limit`` characters."""
    words = " ".join(LINK_LIKE.sub("…", text).split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
