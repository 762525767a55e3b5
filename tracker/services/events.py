"""Writes to events: typed, keyword-only, atomic, validated.

A service either writes everything it was asked to or nothing: each call runs in one
transaction and validates every object (``full_clean``) before it is saved, so a bad figure
never leaves a half-written event behind. Validation errors are ``ValidationError``s keyed by
field, with nested keys such as ``figures[1].unit`` for inline objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from tracker import corrections, counts, search, stamps
from tracker.choices import EventStatus, LinkKind, ParticipationRole
from tracker.dates import PartialDate, PartialDateError
from tracker.models import (
    SLUG_PATTERN,
    Actor,
    Country,
    DeletedEvent,
    Event,
    EventCountry,
    EventKind,
    EventLink,
    Figure,
    Participation,
    Source,
    Topic,
)
from tracker.validators import CONTROL
from tracker.validators import MESSAGE as CONTROL_MESSAGE

ISO_CODE = re.compile(r"^[A-Z]{2}$")
SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class ParticipantData:
    actor: Actor | int
    role: str = ParticipationRole.PARTICIPANT
    title_at_time: str = ""


@dataclass(frozen=True)
class SourceData:
    url: str = ""
    outlet: str = ""
    title: str = ""
    published: date | None = None
    author: str = ""
    excerpt: str = ""
    account_of: str | None = None  # the country whose own account it is (ISO code)


@dataclass(frozen=True)
class LinkData:
    """A typed link of an event to ``other``: ``outgoing`` reads "this event is <kind>
    the other" (this is the readout of that call); else "the other is <kind> this"."""

    kind: str
    other: Any  # Event | int
    outgoing: bool = True


@dataclass(frozen=True)
class FigureData:
    label: str
    value: Decimal
    unit: str
    period_start: date | None = None
    period_end: date | None = None
    change_value: Decimal | None = None
    change_unit: str = ""


@dataclass
class _Errors:
    """Collects field errors from several objects into one ValidationError."""

    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def add_from(self, prefix: str, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            if name == "__all__":
                key = prefix or "non_field_errors"
            else:
                key = f"{prefix}.{name}" if prefix else name
            for message in messages:
                self.add(key, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _as_partial(value: PartialDate | str | None, key: str, errors: _Errors) -> PartialDate | None:
    if value is None or value == "":
        return None
    if isinstance(value, PartialDate):
        return value
    try:
        return PartialDate.parse(value)
    except PartialDateError as exc:
        errors.add(key, str(exc))
        return None


def _resolve_kind(kind: EventKind | str, errors: _Errors) -> EventKind | None:
    if isinstance(kind, EventKind):
        return kind
    try:
        return EventKind.objects.get(slug=kind)
    except EventKind.DoesNotExist:
        errors.add("kind", f"Unknown event kind “{kind}”.")
        return None


def _resolve_countries(codes: Iterable[Country | str], errors: _Errors) -> list[Country]:
    wanted = [c.code if isinstance(c, Country) else str(c).strip().upper() for c in codes]
    found = Country.objects.in_bulk([code for code in wanted if ISO_CODE.match(code)])
    missing = [code for code in wanted if code not in found]
    if missing:
        errors.add("countries", f"Unknown country codes: {', '.join(missing)}.")
    return [found[code] for code in dict.fromkeys(wanted) if code in found]


def _resolve_topics(topics: Iterable[Topic | str], errors: _Errors) -> list[Topic]:
    items = list(topics)
    slugs = [t for t in items if not isinstance(t, Topic)]
    valid = [str(s) for s in slugs if SLUG.match(str(s))]
    found = Topic.objects.in_bulk(valid, field_name="slug")
    missing = [str(s) for s in slugs if str(s) not in found]
    if missing:
        errors.add("topics", f"Unknown topics: {', '.join(missing)}.")
    return [
        t if isinstance(t, Topic) else found[str(t)]
        for t in items
        if isinstance(t, Topic) or str(t) in found
    ]


def _resolve_related(related: Iterable[Event | int], errors: _Errors) -> list[Event]:
    items = list(related)
    ids = [r for r in items if not isinstance(r, Event)]
    found = Event.objects.in_bulk(ids)
    missing = [str(i) for i in ids if i not in found]
    if missing:
        errors.add("related", f"Unknown events: {', '.join(missing)}.")
    return [
        r if isinstance(r, Event) else found[r] for r in items if isinstance(r, Event) or r in found
    ]


def _resolve_links(
    event: Event, items: Iterable[LinkData | Mapping[str, Any]], errors: _Errors
) -> list[tuple[str, Event, bool]]:
    """Each link as (kind, other event, outgoing), repeats dropped."""
    given: list[tuple[int, LinkData]] = []
    for index, item in enumerate(items):
        try:
            given.append((index, _coerce(item, LinkData)))
        except TypeError as exc:
            errors.add(f"links[{index}]", str(exc))
    ids = [d.other for _, d in given if not isinstance(d.other, Event) and _is_id(d.other)]
    found = Event.objects.in_bulk(ids)
    links: list[tuple[str, Event, bool]] = []
    for index, data in given:
        if data.kind not in LinkKind.values:
            known = ", ".join(LinkKind.values)
            errors.add(f"links[{index}].kind", f"Unknown link “{data.kind}” (one of {known}).")
            continue
        other = data.other if isinstance(data.other, Event) else None
        if other is None and _is_id(data.other):
            other = found.get(data.other)
        if other is None:
            errors.add(f"links[{index}].event", f"Unknown event {data.other}.")
        elif event.pk is not None and other.pk == event.pk:
            errors.add(f"links[{index}].event", "An event is not linked to itself.")
        elif (link := (str(data.kind), other, bool(data.outgoing))) not in links:
            links.append(link)
    return links


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def _coerce(data: Any, cls: type) -> Any:
    return cls(**data) if isinstance(data, Mapping) else data


def _build_participations(
    items: Sequence[ParticipantData | Mapping[str, Any]], errors: _Errors
) -> list[Participation]:
    rows = []
    actor_ids = [
        p.actor
        for p in (_coerce(i, ParticipantData) for i in items)
        if not isinstance(p.actor, Actor)
    ]
    actors = Actor.objects.in_bulk(actor_ids)
    seen = set()
    for index, item in enumerate(items):
        key = f"participants[{index}]"
        try:
            data = _coerce(item, ParticipantData)
        except TypeError as exc:
            errors.add(key, str(exc))
            continue
        actor = data.actor if isinstance(data.actor, Actor) else actors.get(data.actor)
        if actor is None:
            errors.add(f"{key}.actor", f"Unknown actor {data.actor}.")
            continue
        if (actor.pk, data.role) in seen:
            errors.add(key, f"{actor} is listed twice as {data.role}.")
            continue
        seen.add((actor.pk, data.role))
        rows.append(Participation(actor=actor, role=data.role, title_at_time=data.title_at_time))
    return rows


def _build_children(
    items: Sequence[Any], cls: type, model: type[models.Model], prefix: str, errors: _Errors
) -> list[Any]:
    rows = []
    for index, item in enumerate(items):
        try:
            data = _coerce(item, cls)
        except TypeError as exc:
            errors.add(f"{prefix}[{index}]", str(exc))
            continue
        values = vars(data)
        if cls is SourceData:
            given = values.pop("account_of", None)
            code = given.code if isinstance(given, Country) else given
            values["account_of_id"] = (str(code).strip().upper() or None) if code else None
        rows.append(model(**values))
    return rows


def _validate_children(
    event: Event, prefix: str, rows: Sequence[models.Model], errors: _Errors
) -> None:
    for index, row in enumerate(rows):
        row.event = event  # type: ignore[attr-defined]
        try:
            row.full_clean(exclude=["event"])
        except ValidationError as exc:
            errors.add_from(f"{prefix}[{index}]", exc)


class EventDetails(TypedDict, total=False):
    """What an event may have beyond its title, kind and start."""

    end: PartialDate | str | None
    status: str
    summary: str
    notes: str
    countries: Iterable[Country | str]
    topics: Iterable[Topic | str]
    tags: Iterable[str]
    participants: Sequence[ParticipantData | Mapping[str, Any]]
    sources: Sequence[SourceData | Mapping[str, Any]]
    figures: Sequence[FigureData | Mapping[str, Any]]
    related: Iterable[Event | int]
    links: Iterable[LinkData | Mapping[str, Any]]


class EventParts(EventDetails, total=False):
    """The parts of an event a service call may give (each one it gives is written)."""

    title: str
    kind: EventKind | str
    start: PartialDate | str


# An event's lists: given, they replace what the event had.
LISTS = ("countries", "topics", "tags", "participants", "sources", "figures", "related", "links")
# The most of each an event may have (the API documents the same bounds).
MOST = {
    "countries": 250,
    "topics": 100,
    "tags": 100,
    "participants": 200,
    "sources": 100,
    "figures": 100,
    "related": 200,
    "links": 200,
}
# A tag's name: its slug gets a number appended when taken ("trade_1"), and must still fit
# the slug's 100 characters.
TAG_LENGTH = 90
# The parts a new (or a wholly replaced) event has when they are not given.
DEFAULTS: dict[str, Any] = {
    "end": None,
    "status": EventStatus.OCCURRED,
    "summary": "",
    "notes": "",
    **dict.fromkeys(LISTS, ()),
}


@transaction.atomic
def create_event(
    *,
    title: str,
    kind: EventKind | str,
    start: PartialDate | str,
    created_by: User | None = None,
    uid: Any = None,
    **parts: Unpack[EventDetails],
) -> Event:
    """Create an event with everything attached to it, or nothing at all."""
    event = Event(created_by=created_by)
    if uid is not None:
        event.uid = uid
    values = {**DEFAULTS, **parts, "title": title, "kind": kind, "start": start}
    return _write_event(event, **values)


@transaction.atomic
def update_event(event: Event, *, correction_note: str = "", **parts: Unpack[EventParts]) -> Event:
    """Change the given parts of an event; lists given replace the old ones whole. A
    change to its date, kind, status, countries, participants or figures is recorded as
    a correction, with ``correction_note`` shown to readers."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = corrections.snapshot(event.pk)
    written = _write_event(event, **parts)
    corrections.record(event.pk, before, correction_note)
    return written


def replace_event(event: Event, *, correction_note: str = "", **parts: Unpack[EventParts]) -> Event:
    """Replace an event whole: every part not given is emptied (or takes its default)."""
    return update_event(event, correction_note=correction_note, **{**DEFAULTS, **parts})


def clean_tags(names: Iterable[str]) -> list[str]:
    """Tag names as stored: stripped, blanks and repeats dropped; too long, too many or
    holding control characters is a ValidationError on "tags"."""
    tags: list[str] = []
    seen: set[str] = set()
    for name in names:
        name = " ".join(str(name).split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            tags.append(name)
    problems = []
    if len(tags) > MOST["tags"]:
        problems.append(f"Give at most {MOST['tags']}.")
    if any(len(name) > TAG_LENGTH for name in tags):
        problems.append(f"A tag has at most {TAG_LENGTH} characters.")
    if any(CONTROL.search(name) for name in tags):
        problems.append(CONTROL_MESSAGE)
    if problems:
        raise ValidationError({"tags": problems})
    return tags


def _write_event(event: Event, **values: Any) -> Event:
    errors = _Errors()
    given: dict[str, Any] = {
        k: list(v) if k in LISTS and v is not None else v for k, v in values.items()
    }
    for name in LISTS:
        if name != "tags" and len(given.get(name) or ()) > MOST[name]:
            errors.add(name, f"Give at most {MOST[name]}.")

    for name in ("title", "status", "summary", "notes"):
        if name in given:
            setattr(event, name, given[name])
    if "kind" in given:
        kind = _resolve_kind(given["kind"], errors)
        if kind is not None:
            event.kind = kind
    if "start" in given:
        start = _as_partial(given["start"], "start", errors)
        if start is None and "start" not in errors.errors:
            errors.add("start", "Give the date the event starts (or happened).")
        elif start is not None:
            event.start_date = start
    if "end" in given:
        event.end_date = _as_partial(given["end"], "end", errors)

    countries = _resolve_countries(given["countries"], errors) if "countries" in given else None
    topics = _resolve_topics(given["topics"], errors) if "topics" in given else None
    related = _resolve_related(given["related"], errors) if "related" in given else None
    links = _resolve_links(event, given["links"], errors) if "links" in given else None
    tags = None
    if "tags" in given:
        try:
            tags = clean_tags(given["tags"] or ())
        except ValidationError as exc:
            errors.add_from("", exc)
    participations = (
        _build_participations(given["participants"], errors) if "participants" in given else None
    )
    sources = (
        _build_children(given["sources"], SourceData, Source, "sources", errors)
        if "sources" in given
        else None
    )
    figures = (
        _build_children(given["figures"], FigureData, Figure, "figures", errors)
        if "figures" in given
        else None
    )

    if not {"start", "kind"} & errors.errors.keys():
        try:
            event.full_clean(exclude=["span_start", "span_end"])
        except ValidationError as exc:
            errors.add_from("", exc)
    for prefix, rows in (
        ("participants", participations),
        ("sources", sources),
        ("figures", figures),
    ):
        if rows is not None:
            _validate_children(event, prefix, rows, errors)
    errors.raise_if_any()

    creating = event.pk is None
    with search.deferred(), counts.tracked([event.pk]) as tracked:
        _save_event_parts(event, countries, topics, tags, related, participations, sources, figures)
        if links is not None:
            _save_links(event, links)
        tracked.add(event.pk)
        search.touch([event.pk])
        if creating:
            forget_deletion(event.uid)
    return event


def forget_deletion(uid: Any) -> None:
    """An event made again under its old uid (an import) is no longer deleted."""
    DeletedEvent.objects.filter(uid=uid).delete()


def _save_event_parts(
    event: Event,
    countries: list[Country] | None,
    topics: list[Topic] | None,
    tags: list[str] | None,
    related: list[Event] | None,
    participations: list[Participation] | None,
    sources: list[Any] | None,
    figures: list[Any] | None,
) -> None:
    new = event.pk is None  # nothing attached yet: add, without reading what is there
    event.save()
    if countries is not None:
        if new:
            EventCountry.objects.bulk_create(
                [EventCountry(event=event, country=c) for c in countries]
            )
        else:
            _set_countries(event, countries)  # counted by the caller's tracking
    if topics is not None:
        if not new:
            event.topics.set(topics)
        elif topics:
            event.topics.add(*topics)
    if tags is not None:
        if not new:
            event.tags.set(tags)
        elif tags:
            event.tags.add(*tags)
    if related is not None:
        others = [r for r in related if r.pk != event.pk]
        before = set() if new else set(event.related.values_list("pk", flat=True))
        if not new:
            event.related.set(others)
        elif others:
            event.related.add(*others)
        # The relation shows on both events: those added or removed changed too.
        search.touch(before ^ {r.pk for r in others})
    for manager, rows in (
        (event.participations, participations),
        (event.sources, sources),
        (event.figures, figures),
    ):
        if rows is not None:
            if not new:
                manager.all().delete()
            for row in rows:
                row.event = event
                row.save()


def _save_links(event: Event, links: list[tuple[str, Event, bool]]) -> None:
    """Make the event's typed links (both ways) exactly these."""
    mine = Q(source=event) | Q(target=event)
    before = set(EventLink.objects.filter(mine).values_list("source_id", "target_id", "kind"))
    wanted = {
        (event.pk, other.pk, kind) if outgoing else (other.pk, event.pk, kind)
        for kind, other, outgoing in links
    }
    for source, target, kind in before - wanted:
        EventLink.objects.filter(source_id=source, target_id=target, kind=kind).delete()
    EventLink.objects.bulk_create(
        [EventLink(source_id=s, target_id=t, kind=k) for s, t, k in sorted(wanted - before)]
    )
    # A link shows on both events: the other ends of those added or removed changed too.
    search.touch({pk for s, t, _ in before ^ wanted for pk in (s, t)} - {event.pk})


def set_countries(*, event: Event, countries: Iterable[Country]) -> None:
    """Make the event's countries exactly these, touching only the rows that change."""
    before = corrections.snapshot(event.pk)
    with counts.tracked([event.pk]):
        _set_countries(event, countries)
    corrections.record(event.pk, before)


def _set_countries(event: Event, countries: Iterable[Country]) -> None:
    wanted = {c.code for c in countries}
    current = set(EventCountry.objects.filter(event=event).values_list("country_id", flat=True))
    EventCountry.objects.filter(event=event, country_id__in=current - wanted).delete()
    EventCountry.objects.bulk_create(
        [EventCountry(event=event, country_id=code) for code in sorted(wanted - current)]
    )
    search.touch([event.pk])


@transaction.atomic
def set_status(*, events: Iterable[Event], status: str) -> int:
    """Set the status of several events (saving each so history records who did it)."""
    if status not in EventStatus.values:
        raise ValidationError({"status": f"Unknown status “{status}”."})
    changing = [event for event in events if event.status != status]
    with counts.tracked(event.pk for event in changing):  # counted by status too
        for event in changing:
            before = event.get_status_display()
            event.status = status
            event.save(update_fields=["status", "updated"])
            corrections.status_changed(event, before)
    changed = [event.pk for event in changing]
    search.touch(changed)  # cards and feeds show the status
    return len(changed)


@transaction.atomic
def delete_events(*, events: Iterable[Event]) -> int:
    """Delete events with everything attached to them; returns how many."""
    ids = [e.pk for e in events]
    with counts.tracked(ids):
        gone = Event.objects.filter(pk__in=ids).values_list("pk", "uid", "title")
        now = timezone.now()
        DeletedEvent.objects.bulk_create(
            [
                DeletedEvent(event_id=pk, uid=uid, title=title, deleted=now)
                for pk, uid, title in gone
            ],
            update_conflicts=True,
            unique_fields=["uid"],
            update_fields=["event_id", "title", "deleted"],
        )
        # Events that listed a deleted one among their related events show a change.
        links = Event.related.through.objects.filter(to_event_id__in=ids)
        neighbours = set(links.values_list("from_event_id", flat=True))
        typed = EventLink.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids))
        neighbours |= {pk for pair in typed.values_list("source_id", "target_id") for pk in pair}
        neighbours -= set(ids)
        Event.objects.filter(pk__in=ids).delete()
    search.touch(neighbours)
    stamps.bump()  # counts, charts and pages computed with them are stale now
    return len(ids)


@transaction.atomic
def attached_data(event: Event) -> dict[str, list[Any]]:
    """The event's participants, sources and figures as data for create/update_event."""
    return {
        "participants": [
            ParticipantData(actor=p.actor, role=p.role, title_at_time=p.title_at_time)
            for p in event.participations.select_related("actor")
        ],
        "sources": [
            SourceData(
                url=s.url,
                outlet=s.outlet,
                title=s.title,
                published=s.published,
                author=s.author,
                excerpt=s.excerpt,
                account_of=s.account_of_id,
            )
            for s in event.sources.all()
        ],
        "figures": [
            FigureData(
                label=f.label,
                value=f.value,
                unit=f.unit,
                period_start=f.period_start,
                period_end=f.period_end,
                change_value=f.change_value,
                change_unit=f.change_unit,
            )
            for f in event.figures.all()
        ],
    }


def duplicate_event(*, event: Event, created_by: User | None = None) -> Event:
    """Copy an event with everything attached, as a starting point for a similar one."""
    return create_event(
        title=f"{event.title} (copy)",
        kind=event.kind,
        start=event.start_date,
        end=event.end_date,
        status=event.status,
        summary=event.summary,
        notes=event.notes,
        countries=list(event.countries.all()),
        topics=list(event.topics.all()),
        tags=[t.name for t in event.tags.all()],
        **attached_data(event),
        related=list(event.related.all()),
        created_by=created_by,
    )


def _period_day(value: Any, *, last: bool) -> date | None:
    """A figure's period bound from ISO text: a full date, or a partial one ("2024")."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    partial = PartialDate.parse(str(value))
    return partial.last_day if last else partial.first_day


def figure_data(item: Mapping[str, Any]) -> FigureData:
    """A figure from plain data (exports, drafts, demo files): numbers as text or numbers,
    period bounds as dates or partial dates. Raises KeyError, ValueError, InvalidOperation
    or PartialDateError on bad input."""
    change = item.get("change_value")
    return FigureData(
        label=str(item["label"]),
        value=Decimal(str(item["value"])),
        unit=item["unit"],
        period_start=_period_day(item.get("period_start"), last=False),
        period_end=_period_day(item.get("period_end"), last=True),
        change_value=Decimal(str(change)) if change not in (None, "") else None,
        change_unit=item.get("change_unit") or "",
    )


def source_data(item: Mapping[str, Any]) -> SourceData:
    """A source from plain data; ``published`` as an ISO date."""
    published = item.get("published")
    return SourceData(
        url=item.get("url") or "",
        outlet=item.get("outlet") or "",
        title=item.get("title") or "",
        published=date.fromisoformat(published)
        if isinstance(published, str) and published
        else published or None,
        author=item.get("author") or "",
        excerpt=item.get("excerpt") or "",
        account_of=item.get("account_of") or None,
    )


def link_data(event: Event) -> list[LinkData]:
    """The event's typed links, both ways, as data for create/update_event."""
    return [
        *(LinkData(kind=k, other=t, outgoing=True) for k, t in _ends(event.links_out, "target")),
        *(LinkData(kind=k, other=s, outgoing=False) for k, s in _ends(event.links_in, "source")),
    ]


def _ends(manager: Any, end: str) -> list[tuple[str, Event]]:
    return [(link.kind, getattr(link, end)) for link in manager.select_related(end)]
