"""Events out to JSON, CSV, iCalendar and TimelineJS, and back in from JSON and CSV.

JSON is lossless: events (by their stable ``uid``) with everything attached, and the actors
and topics they refer to, so exporting, importing into an empty database and exporting
again gives the same file. CSV has one row per event; list columns are joined with
``; `` and sources and figures are JSON in their cells.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html import escape
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from . import search, services
from .models import Actor, Event, Topic

CALENDAR_STATUS = {"cancelled": "CANCELLED", "scheduled": "TENTATIVE", "postponed": "TENTATIVE"}


def to_ics(events: Iterable[Event]) -> bytes:
    """All-day calendar entries covering each event's span, with an honest description:
    an event known only to the month spans the month and says so."""
    calendar = Calendar()
    calendar.add("prodid", "-//Engagement tracker//EN")
    calendar.add("version", "2.0")
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"{event.uid}@engagement-tracker")
        entry.add("summary", event.title)
        entry.add("dtstart", event.span_start)
        entry.add("dtend", event.span_end + timedelta(days=1))
        entry.add("dtstamp", event.updated)
        entry.add("last-modified", event.updated)
        precision = (
            ""
            if event.start_precision == "day"
            else (f" (date known to the {event.start_precision}: {event.display_date})")
        )
        entry.add("description", f"{event.get_status_display()}{precision}. {event.summary}")
        entry.add("url", settings.SITE_URL + reverse("tracker:event", args=[event.pk]))
        entry.add("categories", [event.kind.name])
        entry.add("status", CALENDAR_STATUS.get(event.status, "CONFIRMED"))
        calendar.add_component(entry)
    return calendar.to_ical()


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
]


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def event_record(event: Event) -> dict[str, Any]:
    """One event as plain data (what JSON export writes and import reads)."""
    end = event.end_date
    return {
        "uid": str(event.uid),
        "title": event.title,
        "kind": event.kind.slug,
        "status": event.status,
        "start": event.start_date.isoformat(),
        "end": end.isoformat() if end else None,
        "summary": event.summary,
        "notes": event.notes,
        "countries": sorted(c.code for c in event.countries.all()),
        "topics": sorted(t.slug for t in event.topics.all()),
        "tags": sorted(t.name for t in event.tags.all()),
        "participants": [
            {"actor": p.actor.slug, "role": p.role, "title_at_time": p.title_at_time}
            for p in sorted(event.participations.all(), key=lambda p: (p.actor.slug, p.role))
        ],
        "sources": [
            {
                "url": s.url,
                "outlet": s.outlet,
                "title": s.title,
                "published": _day(s.published),
                "author": s.author,
                "excerpt": s.excerpt,
            }
            for s in event.sources.all()
        ],
        "figures": [
            {
                "label": f.label,
                "value": _number(f.value),
                "unit": f.unit,
                "period_start": _day(f.period_start),
                "period_end": _day(f.period_end),
                "change_value": _number(f.change_value),
                "change_unit": f.change_unit,
            }
            for f in event.figures.all()
        ],
        "related": sorted(str(r.uid) for r in event.related.all()),
    }


def _ordered(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.span_start, str(e.uid)))


def to_json(events: Iterable[Event]) -> str:
    rows = _ordered(events)
    exported = {str(e.uid) for e in rows}
    actor_ids = {p.actor_id for e in rows for p in e.participations.all()}
    topic_ids = {t.pk for e in rows for t in e.topics.all()}
    # Parents come along so the tree imports whole.
    topics = list(Topic.objects.filter(pk__in=topic_ids).select_related("parent"))
    parents = {t.parent for t in topics if t.parent}
    while parents - set(topics):
        topics += list(parents - set(topics))
        parents = {t.parent for t in topics if t.parent}
    data = {
        "format": FORMAT,
        "topics": [
            {
                "slug": t.slug,
                "name": t.name,
                "parent": t.parent.slug if t.parent else None,
                "description": t.description,
            }
            for t in sorted(topics, key=lambda t: (_depth(t), t.slug))
        ],
        "actors": [
            {
                "slug": a.slug,
                "name": a.name,
                "aliases": a.aliases,
                "kind": a.kind,
                "country": a.country_id,
                "title": a.title,
            }
            for a in Actor.objects.filter(pk__in=actor_ids).order_by("slug")
        ],
        "events": [_within(event_record(e), exported) for e in rows],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _within(record: dict[str, Any], exported: set[str]) -> dict[str, Any]:
    """Links to events outside a (filtered) export would not import: keep those inside."""
    return {**record, "related": [uid for uid in record["related"] if uid in exported]}


def _depth(topic: Topic) -> int:
    depth = 0
    while topic.parent is not None:
        topic, depth = topic.parent, depth + 1
    return depth


def to_csv(events: Iterable[Event]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = _ordered(events)
    exported = {str(e.uid) for e in rows}
    for event in rows:
        writer.writerow(csv_row(event, exported))
    return out.getvalue()


# A cell starting with one of these is a formula to spreadsheets (CSV injection): such
# cells, and cells starting with the escaping quote itself, get a leading "'", which
# spreadsheets hide and read_csv removes, so the round trip stays exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def spreadsheet_safe(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def spreadsheet_value(cell: str) -> str:
    """The cell as exported before spreadsheet_safe."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def csv_row(event: Event, exported: set[str] | None = None) -> dict[str, str]:
    """One event as the CSV columns (lists joined with "; ", sources and figures as JSON),
    safe to open in a spreadsheet."""
    return {key: spreadsheet_safe(cell) for key, cell in _csv_cells(event, exported).items()}


def _csv_cells(event: Event, exported: set[str] | None) -> dict[str, str]:
    record = event_record(event)
    if exported is not None:
        record = _within(record, exported)
    return {
        **{
            k: record[k] or ""
            for k in ("uid", "title", "kind", "status", "start", "end", "summary", "notes")
        },
        "countries": "; ".join(record["countries"]),
        "topics": "; ".join(record["topics"]),
        "tags": "; ".join(record["tags"]),
        "participants": "; ".join(
            f"{p['actor']}|{p['role']}|{p['title_at_time']}" for p in record["participants"]
        ),
        "sources": _cell(record["sources"]),
        "figures": _cell(record["figures"]),
        "related": "; ".join(record["related"]),
    }


def _cell(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False) if rows else ""


def to_timelinejs(events: Iterable[Event], title: str = "Engagement tracker") -> dict[str, Any]:
    """TimelineJS's JSON: partial dates become its year/month/day fields (a month-precise
    event has no day), kinds become groups. TimelineJS shows headlines, texts and groups
    as HTML, so they are escaped here: markup in an event stays text on any page that
    embeds the timeline."""

    def when(partial: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"year": partial.year}
        if partial.month:
            out["month"] = partial.month
        if partial.day:
            out["day"] = partial.day
        out["display_date"] = partial.display()
        return out

    slides = []
    for event in _ordered(events):
        slide: dict[str, Any] = {
            "unique_id": f"event-{event.uid}",
            "start_date": when(event.start_date),
            "text": {"headline": escape(event.title), "text": escape(event.summary)},
            "group": escape(event.kind.name),
            "display_date": escape(event.display_date),
        }
        if event.end_date:
            slide["end_date"] = when(event.end_date)
        slides.append(slide)
    return {"title": {"text": {"headline": escape(title), "text": ""}}, "events": slides}


# Import ------------------------------------------------------------------------------------


@dataclass
class RowError:
    line: int
    uid: str
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return f"{self.uid}: {self.message}"
        return f"line {self.line} ({self.uid or 'no uid'}): {self.message}"


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} bad row(s); nothing was imported.")
        self.errors = errors


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0


def read_json(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ImportFailed([RowError(1, "", f"not JSON: {exc}")]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ImportFailed([RowError(1, "", 'expected an object with an "events" list')])
    return data.get("topics") or [], data.get("actors") or [], data["events"]


def read_csv(text: str, max_rows: int | None = None) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a CSV export as records, reading at most ``max_rows`` (more is an
    error that says so, found without reading the rest)."""
    csv.field_size_limit(10_000_000)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("title", "kind", "start") if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFailed([RowError(1, "", f"missing columns: {', '.join(missing)}")])
    try:
        return _csv_rows(reader, max_rows)
    except csv.Error as exc:
        raise ImportFailed([RowError(reader.line_num, "", f"not valid CSV: {exc}")]) from exc


def _csv_rows(reader: Any, max_rows: int | None) -> list[tuple[int, dict[str, Any]]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    for raw in reader:
        if max_rows is not None and len(rows) >= max_rows:
            raise ImportFailed(
                [
                    RowError(
                        0, "file", f"the file has more than {max_rows:,} events (IMPORT_MAX_ROWS)"
                    )
                ]
            )
        line = reader.line_num
        row = {k: spreadsheet_value(v) if isinstance(v, str) else v for k, v in raw.items()}
        try:
            record = {
                "uid": row.get("uid") or None,
                "title": row.get("title", ""),
                "kind": row.get("kind", ""),
                "status": row.get("status") or "occurred",
                "start": row.get("start", ""),
                "end": row.get("end") or None,
                "summary": row.get("summary", ""),
                "notes": row.get("notes", ""),
                "countries": _split(row.get("countries")),
                "topics": _split(row.get("topics")),
                "tags": _split(row.get("tags")),
                "participants": [_participant(p) for p in _split(row.get("participants"))],
                "sources": json.loads(row["sources"]) if row.get("sources") else [],
                "figures": json.loads(row["figures"]) if row.get("figures") else [],
                "related": _split(row.get("related")),
            }
        except ValueError as exc:
            raise ImportFailed(
                [RowError(line, row.get("uid") or "", f"unreadable cell: {exc}")]
            ) from exc
        rows.append((line, record))
    return rows


def _participant(cell: str) -> dict[str, str]:
    """ "actor-slug|role|title at the time" """
    actor, role, title = [*cell.split("|", 2), "", ""][:3]
    return {"actor": actor, "role": role, "title_at_time": title}


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


PROGRESS_EVERY = 25


def import_records(
    records: list[tuple[int, dict[str, Any]]],
    *,
    topics: list[dict[str, Any]] = (),  # type: ignore[assignment]
    actors: list[dict[str, Any]] = (),  # type: ignore[assignment]
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Create or update events by uid through the services; all rows or none.
    ``progress(rows done)`` is called every PROGRESS_EVERY rows."""
    errors: list[RowError] = []
    report = ImportReport()
    with transaction.atomic(), search.deferred(discard=dry_run):
        for index, item in enumerate(topics, start=1):
            _row(errors, 0, f"topic {index}", _import_topic, item)
        for index, item in enumerate(actors, start=1):
            _row(errors, 0, f"actor {index}", _import_actor, item)
        by_uid: dict[str, Event] = {}
        lines: dict[str, int] = {}
        for done, (line, record) in enumerate(records, start=1):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done)
            uid = str(record.get("uid") or "") if isinstance(record, dict) else ""
            if uid and uid in lines:
                errors.append(RowError(line, uid, f"the same uid is on line {lines[uid]}"))
                continue
            result = _row(errors, line, uid, _import_event, record)
            if result is None:
                continue
            event, created = result
            lines[str(event.uid)] = line
            by_uid[str(event.uid)] = event
            if created:
                report.created += 1
            else:
                report.updated += 1
        failed = {e.uid for e in errors}
        for line, record in records:
            uid = str(record.get("uid") or "") if isinstance(record, dict) else ""
            if uid not in by_uid or record.get("related") is None:
                continue
            try:
                related = [r for r in _strings(record, "related") if r != uid]
            except ValidationError as exc:
                errors.append(RowError(line, uid, _describe(exc)))
                continue
            wanted = list(Event.objects.filter(uid__in=[r for r in related if _is_uuid(r)]))
            missing = set(related) - {str(e.uid) for e in wanted} - failed
            if missing:
                errors.append(RowError(line, uid, f"related events not found: {sorted(missing)}"))
                continue
            by_uid[uid].related.set(wanted)
        if errors:
            transaction.set_rollback(True)
            raise ImportFailed(errors)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _row(errors: list[RowError], line: int, label: str, action: Any, item: Any) -> Any:
    """Run one row's import in a savepoint; record what went wrong instead of raising."""
    if not isinstance(item, dict):
        errors.append(RowError(line, label, "expected an object"))
        return None
    try:
        with transaction.atomic():
            return action(item)
    except ValidationError as exc:
        errors.append(RowError(line, label, _describe(exc)))
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        errors.append(RowError(line, label, f"bad value: {exc!r}"))
    except DatabaseError as exc:
        errors.append(RowError(line, label, f"the database refused it: {exc}".strip()))
    return None


def _strings(record: dict[str, Any], name: str) -> list[str]:
    value = record.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError({name: "Give a list of strings."})
    return value


def _objects(record: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = record.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValidationError({name: "Give a list of objects."})
    return value


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return "; ".join(error.messages)


def _import_topic(item: dict[str, Any]) -> None:
    """Create a topic, or change the fields the record gives (others stay as they are)."""
    topic = Topic.objects.filter(slug=item["slug"]).first()
    fields: dict[str, Any] = {"slug": item["slug"]}
    if "name" in item or topic is None:
        fields["name"] = item.get("name") or item["slug"]
    if "parent" in item:
        fields["parent"] = Topic.objects.get(slug=item["parent"]) if item["parent"] else None
    if "description" in item:
        fields["description"] = item["description"] or ""
    services.save_topic(topic=topic, **fields)


def _import_actor(item: dict[str, Any]) -> None:
    """Create an actor, or change the fields the record gives (others stay as they are)."""
    actor = Actor.objects.filter(slug=item["slug"]).first()
    fields: dict[str, Any] = {"slug": item["slug"]}
    for name in ("name", "aliases", "kind", "title"):
        if name in item:
            fields[name] = item[name] if item[name] is not None else ""
    if "country" in item:
        fields["country_id"] = item["country"] or None
    if actor is None:
        fields.setdefault("name", item["slug"])
    services.save_actor(actor=actor, **fields)


def _actor_for(ref: str) -> Actor:
    actor = Actor.objects.filter(slug=ref).first() or Actor.objects.filter(name=ref).first()
    if actor is None:
        actor = services.save_actor(name=ref)
    return actor


def _import_event(record: dict[str, Any]) -> tuple[Event, bool]:
    for name in ("title", "kind", "start"):
        if not record.get(name):
            raise ValidationError({name: "This field is required."})
    for slug in _strings(record, "topics"):
        if not Topic.objects.filter(slug=slug).exists():
            # A topic named only by its slug: created (and validated) like any other.
            services.save_topic(slug=slug, name=slug.replace("-", " ").capitalize())
    fields = {
        "title": record["title"],
        "kind": record["kind"],
        "status": record.get("status") or "occurred",
        "start": record["start"],
        "end": record.get("end") or None,
        "summary": record.get("summary") or "",
        "notes": record.get("notes") or "",
        "countries": _strings(record, "countries"),
        "topics": _strings(record, "topics"),
        "tags": _strings(record, "tags"),
        "participants": [
            services.ParticipantData(
                actor=_actor_for(p["actor"]),
                role=p.get("role") or "participant",
                title_at_time=p.get("title_at_time") or "",
            )
            for p in _objects(record, "participants")
        ],
        "sources": [services.source_data(s) for s in _objects(record, "sources")],
        "figures": [services.figure_data(f) for f in _objects(record, "figures")],
    }
    uid = record.get("uid")
    existing = Event.objects.filter(uid=uid).first() if uid else None
    if existing is not None:
        return services.update_event(existing, **fields), False
    return services.create_event(uid=uid, **fields), True
