"""Importing event records (from a JSON or CSV file) through the services: every row is
checked, and either all are written or none."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from tracker import search, services, shapes
from tracker.choices import EventStatus, ParticipationRole
from tracker.models import Actor, Event, Topic


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
        _import_links(records, by_uid, failed, errors)
        if errors:
            transaction.set_rollback(True)
            raise ImportFailed(errors)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _import_links(
    records: list[tuple[int, dict[str, Any]]],
    by_uid: dict[str, Event],
    failed: set[str],
    errors: list[RowError],
) -> None:
    """Each imported event's typed links become those the file gives it, from either end
    (an export writes each link on both of its events)."""
    wanted: dict[str, set[tuple[str, str, str]]] = {}  # uid -> {(source, target, kind)}
    others: set[str] = set()
    for line, record in records:
        uid = str(record.get("uid") or "") if isinstance(record, dict) else ""
        if uid not in by_uid or record.get("links") is None:
            continue
        if not isinstance(record["links"], list):
            errors.append(RowError(line, uid, "links: give a list of objects."))
            continue
        wanted.setdefault(uid, set())
        for item in record["links"]:
            try:
                kind, other, outgoing = shapes.link_record(item)
            except ValueError as exc:
                errors.append(RowError(line, uid, f"links: {exc}"))
                continue
            link = (uid, other, kind) if outgoing else (other, uid, kind)
            others.add(other)
            for end in (uid, other):
                if end in by_uid:
                    wanted.setdefault(end, set()).add(link)
    known = {
        str(e.uid): e for e in Event.objects.filter(uid__in=[o for o in others if _is_uuid(o)])
    }
    missing = others - known.keys() - failed
    if missing:
        errors.append(RowError(0, "links", f"linked events not found: {sorted(missing)}"))
        return
    for uid, links in wanted.items():
        if any(end in failed for link in links for end in link[:2]):
            continue
        given = [
            services.LinkData(kind=kind, other=known[t if s == uid else s], outgoing=s == uid)
            for s, t, kind in sorted(links)
        ]
        # As any row: what the services refuse (a link to itself) is a row error.
        _row(
            errors, 0, uid, lambda _, e=by_uid[uid], g=given: services.update_event(e, links=g), {}
        )


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
        parent = Topic.objects.filter(slug=str(item["parent"])).first() if item["parent"] else None
        if item["parent"] and parent is None:
            raise ValidationError({"parent": f"No topic {item['parent']!r} (give it first)."})
        fields["parent"] = parent
    for name in ("description", "keywords"):
        if name in item:
            fields[name] = item[name] or ""
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
        "status": record.get("status") or EventStatus.OCCURRED,
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
                role=p.get("role") or ParticipationRole.PARTICIPANT,
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
