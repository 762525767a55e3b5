"""One description of an event's fields, and every shape made from it.

A stored event is read into an ``EventData`` (plain values: no model instances), either
from a prefetched model instance (``from_event``) or in bulk from plain queries for list
pages (tracker.api.rows). Every outward shape is made from that one description:

- ``api_object``: the API's JSON object (lists and details alike; ``EventSerializer``
  documents it for the OpenAPI schema, and a test keeps the two the same);
- ``record``: the lossless export record (JSON export and import), and ``csv_cells``, the
  same record as CSV columns;
- the calendar entry and the TimelineJS slide (tracker.interchange) read their values
  from it too, and drafts describe their figures with ``figure_record``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rest_framework import serializers

from .choices import DatePrecision
from .dates import PartialDate, format_span
from .formatting import format_change, format_period, format_quantity
from .links import LinkRow, event_links, named
from .models import Event


def tag_order(name: str) -> tuple[str, str]:
    """Tags sort by name regardless of case (ties by the exact name)."""
    return (name.casefold(), name)


@dataclass(frozen=True)
class ParticipantRow:
    actor_id: int
    actor_slug: str
    name: str
    role: str
    title_at_time: str
    country: str | None


@dataclass(frozen=True)
class SourceRow:
    url: str
    outlet: str
    title: str
    published: date | None
    author: str
    excerpt: str
    account_of: str | None = None  # the country whose own account it is


@dataclass
class FigureRow:
    """A figure; its period's bounds are days, or (in drafts) partial dates as ISO text."""

    label: str
    value: Decimal
    unit: str
    period_start: date | str | None = None
    period_end: date | str | None = None
    change_value: Decimal | None = None
    change_unit: str = ""


@dataclass(frozen=True)
class EventData:
    """An event as plain values. Lists are in the record's own order: countries and topics
    by name, participants, sources and figures as entered, related events newest first."""

    id: int
    uid: str
    title: str
    kind: str
    kind_name: str
    status: str
    summary: str
    notes: str
    start: PartialDate
    end: PartialDate | None
    span_start: date
    span_end: date
    created: datetime
    updated: datetime
    countries: list[tuple[str, str]] = field(default_factory=list)
    participants: list[ParticipantRow] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sources: list[SourceRow] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)
    related: list[tuple[int, str]] = field(default_factory=list)  # (id, uid)
    links: list[LinkRow] = field(default_factory=list)

    @property
    def display_date(self) -> str:
        return format_span(self.start, self.end)

    @property
    def start_precision(self) -> str:
        return str(self.start.precision)

    @property
    def end_precision(self) -> str | None:
        return str(self.end.precision) if self.end else None


def partial_dates(
    start: date, start_precision: str, end: date | None, end_precision: str
) -> tuple[PartialDate, PartialDate | None]:
    """An event's stored dates as partial dates."""
    first = PartialDate.from_date(start, start_precision)
    if end is None:
        return first, None
    return first, PartialDate.from_date(end, end_precision or DatePrecision.DAY)


def event_data(event: Event, **attached: Any) -> EventData:
    """An event's own columns (and its kind) with what is attached, read elsewhere."""
    start, end = partial_dates(event.start, event.start_precision, event.end, event.end_precision)
    return EventData(
        id=event.pk,
        uid=str(event.uid),
        title=event.title,
        kind=event.kind.slug,
        kind_name=event.kind.name,
        status=event.status,
        summary=event.summary,
        notes=event.notes,
        start=start,
        end=end,
        span_start=event.span_start,
        span_end=event.span_end,
        created=event.created,
        updated=event.updated,
        **attached,
    )


def from_event(event: Event) -> EventData:
    """The data of an event read with ``Event.objects.with_details()``."""
    return event_data(
        event,
        countries=[(c.code, c.name) for c in event.countries.all()],
        participants=[
            ParticipantRow(
                p.actor_id, p.actor.slug, p.actor.name, p.role, p.title_at_time, p.actor.country_id
            )
            for p in event.participations.all()
        ],
        topics=[t.slug for t in event.topics.all()],
        tags=[t.name for t in event.tags.all()],
        sources=[
            SourceRow(s.url, s.outlet, s.title, s.published, s.author, s.excerpt, s.account_of_id)
            for s in event.sources.all()
        ],
        figures=[
            FigureRow(
                f.label,
                f.value,
                f.unit,
                f.period_start,
                f.period_end,
                f.change_value,
                f.change_unit,
            )
            for f in event.figures.all()
        ],
        related=[(r.pk, str(r.uid)) for r in event.related.all()],
        links=event_links(event),
    )


# The API's JSON object ----------------------------------------------------------------------

_DATETIME = serializers.DateTimeField()
_DECIMAL = serializers.DecimalField(max_digits=24, decimal_places=4)


def _iso(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return str(value.isoformat())


def _day(value: date | str | None) -> date | None:
    assert not isinstance(value, str), "stored figures have days"
    return value


def _source(s: SourceRow) -> dict[str, Any]:
    """A source as the API and the exports both write it."""
    return {
        "url": s.url,
        "outlet": s.outlet,
        "title": s.title,
        "published": _iso(s.published),
        "author": s.author,
        "excerpt": s.excerpt,
        "account_of": s.account_of,
    }


def _api_figure(f: FigureRow) -> dict[str, Any]:
    return {
        "label": f.label,
        "value": _DECIMAL.to_representation(f.value),
        "unit": f.unit,
        "period_start": _iso(f.period_start),
        "period_end": _iso(f.period_end),
        "change_value": (
            _DECIMAL.to_representation(f.change_value) if f.change_value is not None else None
        ),
        "change_unit": f.change_unit,
        "display": format_quantity(f.value, f.unit),
        "display_change": format_change(f.change_value, f.change_unit),
        "display_period": format_period(_day(f.period_start), _day(f.period_end)),
    }


def api_object(data: EventData, url: str, highlight: str | None = None) -> dict[str, Any]:
    """The event as the API returns it; ``url`` is its detail URL."""
    return {
        "id": data.id,
        "url": url,
        "uid": data.uid,
        "title": data.title,
        "kind": data.kind,
        "status": data.status,
        "summary": data.summary,
        "notes": data.notes,
        "start": data.start.isoformat(),
        "end": data.end.isoformat() if data.end else None,
        "start_precision": data.start_precision,
        "end_precision": data.end_precision,
        "display_date": data.display_date,
        "span_start": _iso(data.span_start),
        "span_end": _iso(data.span_end),
        "countries": [{"code": code, "name": name} for code, name in data.countries],
        "participants": [
            {
                "actor": p.actor_id,
                "name": p.name,
                "role": p.role,
                "title_at_time": p.title_at_time,
                "country": p.country,
            }
            for p in data.participants
        ],
        "topics": list(data.topics),
        "tags": sorted(data.tags, key=tag_order),
        "sources": [_source(s) for s in data.sources],
        "figures": [_api_figure(f) for f in data.figures],
        "related": [pk for pk, _ in data.related],
        "links": api_links(data.links),
        "highlight": highlight,
        "created": _DATETIME.to_representation(data.created),
        "updated": _DATETIME.to_representation(data.updated),
    }


def api_links(links: list[LinkRow]) -> list[dict[str, Any]]:
    """Typed links as the API writes them, from this event's end."""
    return [
        {
            "kind": link.kind,
            "direction": "to" if link.outgoing else "from",
            "name": link.name,
            "label": link.label,
            "sentence": link.sentence,
            "event": link.id,
            "uid": link.uid,
            "title": link.title,
            "display_date": link.display_date,
        }
        for link in links
    ]


# The export record (JSON, CSV) --------------------------------------------------------------

FORMAT = "engagement-tracker/1"
CSV_COLUMNS = [
    "uid",
    "title",
    "kind",
    "status",
    "start",
    "end",
    "countries",
    "topics",
    "tags",
    "participants",
    "summary",
    "notes",
    "sources",
    "figures",
    "related",
    "links",
]


def plain_number(value: Decimal | None) -> str | None:
    """A decimal as the shortest exact text ("45.7", "25"), or None."""
    return None if value is None else format(value.normalize(), "f")


def figure_record(
    f: FigureRow, number: Callable[[Decimal | None], Any] = plain_number
) -> dict[str, Any]:
    """A figure as plain data; ``number`` writes its value and change (exports write exact
    text, drafts a JSON number)."""
    return {
        "label": f.label,
        "value": number(f.value),
        "unit": f.unit,
        "period_start": _iso(f.period_start),
        "period_end": _iso(f.period_end),
        "change_value": number(f.change_value),
        "change_unit": f.change_unit,
    }


def record(data: EventData, within: set[str] | None = None) -> dict[str, Any]:
    """The event as the lossless export writes it and the import reads it back: names
    instead of ids, every list in a stable order. ``within``: the uids of the events
    exported together (links to others would not import, so they are left out)."""
    related = sorted(uid for _, uid in data.related)
    return {
        "uid": data.uid,
        "title": data.title,
        "kind": data.kind,
        "status": data.status,
        "start": data.start.isoformat(),
        "end": data.end.isoformat() if data.end else None,
        "summary": data.summary,
        "notes": data.notes,
        "countries": sorted(code for code, _ in data.countries),
        "topics": sorted(data.topics),
        "tags": sorted(data.tags),
        "participants": [
            {"actor": p.actor_slug, "role": p.role, "title_at_time": p.title_at_time}
            for p in sorted(data.participants, key=lambda p: (p.actor_slug, p.role))
        ],
        "sources": [_source(s) for s in data.sources],
        "figures": [figure_record(f) for f in data.figures],
        "related": related if within is None else [uid for uid in related if uid in within],
        "links": sorted(
            (
                {"kind": link.name, "event": link.uid}
                for link in data.links
                if within is None or link.uid in within
            ),
            key=lambda link: (link["kind"], link["event"]),
        ),
    }


def link_record(item: Any) -> tuple[str, str, bool]:
    """(kind, other event's uid, outgoing) from an export's link ({"kind", "event"}, the
    kind named from this event's end); ValueError if it is not one."""
    if not isinstance(item, dict) or not isinstance(item.get("event"), str):
        raise ValueError("a link is an object with a kind and an event uid")
    kind, outgoing = named(item.get("kind"))
    return kind, item["event"], outgoing
