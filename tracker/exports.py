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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
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
            for t in sorted(topics, key=lambda t: (t.parent_id is not None, t.slug))
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
        "events": [event_record(e) for e in rows],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_csv(events: Iterable[Event]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in _ordered(events):
        writer.writerow(csv_row(event))
    return out.getvalue()


def csv_row(event: Event) -> dict[str, str]:
    """One event as the CSV columns (lists joined with "; ", sources and figures as JSON)."""
    record = event_record(event)
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
    event has no day), kinds become groups."""

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
            "text": {"headline": event.title, "text": event.summary},
            "group": event.kind.name,
            "display_date": event.display_date,
        }
        if event.end_date:
            slide["end_date"] = when(event.end_date)
        slides.append(slide)
    return {"title": {"text": {"headline": title, "text": ""}}, "events": slides}


# Import ------------------------------------------------------------------------------------


@dataclass
class RowError:
    line: int
    uid: str
    message: str

    def __str__(self) -> str:
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


def read_csv(text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("title", "kind", "start") if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFailed([RowError(1, "", f"missing columns: {', '.join(missing)}")])
    rows = []
    for row in reader:
        line = reader.line_num
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


def import_records(
    records: list[tuple[int, dict[str, Any]]],
    *,
    topics: list[dict[str, Any]] = (),  # type: ignore[assignment]
    actors: list[dict[str, Any]] = (),  # type: ignore[assignment]
    dry_run: bool = False,
) -> ImportReport:
    """Create or update events by uid through the services; all rows or none."""
    errors: list[RowError] = []
    report = ImportReport()
    with transaction.atomic(), search.deferred():
        _import_topics(topics)
        _import_actors(actors)
        by_uid: dict[str, Event] = {}
        for line, record in records:
            try:
                event, created = _import_event(record)
            except ValidationError as exc:
                detail = (
                    "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
                    if hasattr(exc, "error_dict")
                    else "; ".join(exc.messages)
                )
                errors.append(RowError(line, str(record.get("uid") or ""), detail))
                continue
            except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
                errors.append(RowError(line, str(record.get("uid") or ""), f"bad value: {exc}"))
                continue
            by_uid[str(event.uid)] = event
            if created:
                report.created += 1
            else:
                report.updated += 1
        for line, record in records:
            uid = str(record.get("uid") or "")
            failed = {e.uid for e in errors}
            if uid in by_uid and record.get("related") is not None:
                wanted = list(Event.objects.filter(uid__in=record["related"]))
                missing = set(record["related"]) - {str(e.uid) for e in wanted} - failed
                if missing:
                    errors.append(RowError(line, uid, "related events not found"))
                    continue
                by_uid[uid].related.set(wanted)
        if errors:
            transaction.set_rollback(True)
            raise ImportFailed(errors)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return "; ".join(error.messages)


def _import_topics(topics: Iterable[dict[str, Any]]) -> None:
    for item in topics:
        parent = Topic.objects.filter(slug=item["parent"]).first() if item.get("parent") else None
        Topic.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "parent": parent,
                "description": item.get("description", ""),
            },
        )


def _import_actors(actors: Iterable[dict[str, Any]]) -> None:
    for item in actors:
        actor = Actor.objects.filter(slug=item["slug"]).first()
        services.save_actor(
            actor=actor,
            name=item["name"],
            slug=item["slug"],
            aliases=item.get("aliases") or [],
            kind=item.get("kind") or "person",
            country_id=item.get("country") or None,
            title=item.get("title") or "",
        )


def _actor_for(ref: str) -> Actor:
    actor = Actor.objects.filter(slug=ref).first() or Actor.objects.filter(name=ref).first()
    if actor is None:
        actor = services.save_actor(name=ref)
    return actor


def _import_event(record: dict[str, Any]) -> tuple[Event, bool]:
    for name in ("title", "kind", "start"):
        if not record.get(name):
            raise ValidationError({name: "This field is required."})
    for slug in record.get("topics", []):
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": slug.replace("-", " ").capitalize()}
        )
    fields = {
        "title": record["title"],
        "kind": record["kind"],
        "status": record.get("status") or "occurred",
        "start": record["start"],
        "end": record.get("end") or None,
        "summary": record.get("summary") or "",
        "notes": record.get("notes") or "",
        "countries": record.get("countries") or [],
        "topics": record.get("topics") or [],
        "tags": record.get("tags") or [],
        "participants": [
            services.ParticipantData(
                actor=_actor_for(p["actor"]),
                role=p.get("role") or "participant",
                title_at_time=p.get("title_at_time") or "",
            )
            for p in record.get("participants") or []
        ],
        "sources": [services.source_data(s) for s in record.get("sources") or []],
        "figures": [services.figure_data(f) for f in record.get("figures") or []],
    }
    uid = record.get("uid")
    existing = Event.objects.filter(uid=uid).first() if uid else None
    if existing is not None:
        return services.update_event(existing, **fields), False
    return services.create_event(uid=uid, **fields), True


def dataset_to_csv(raw: bytes, filename: str) -> str:
    """An uploaded CSV, XLSX or JSON (our export format) as CSV text or JSON text."""
    import tablib

    name = filename.lower()
    if name.endswith(".json"):
        return raw.decode("utf-8")
    if name.endswith(".xlsx"):
        dataset = tablib.Dataset().load(io.BytesIO(raw), format="xlsx")
        return str(dataset.export("csv"))
    return raw.decode("utf-8-sig")
