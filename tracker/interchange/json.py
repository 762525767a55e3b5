"""The lossless JSON export (events by their stable uid, with the actors and topics they
refer to) and reading it back."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from tracker import shapes
from tracker.models import Actor, Event, Topic

from .records import ImportFailed, RowError


def ordered(events: Iterable[Event]) -> list[Event]:
    """Events in export order: by the first day they cover, then uid."""
    return sorted(events, key=lambda e: (e.span_start, str(e.uid)))


def to_json(events: Iterable[Event]) -> str:
    rows = ordered(events)
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
        "format": shapes.FORMAT,
        "topics": [
            {
                "slug": t.slug,
                "name": t.name,
                "parent": t.parent.slug if t.parent else None,
                "description": t.description,
                "keywords": t.keywords,
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
        "events": [shapes.record(shapes.from_event(e), within=exported) for e in rows],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _depth(topic: Topic) -> int:
    """How far below a root; a cycle already stored (the tree's rules refuse new ones)
    ends the count instead of looping."""
    depth, seen = 0, {topic.pk}
    while topic.parent is not None and topic.parent.pk not in seen:
        topic, depth = topic.parent, depth + 1
        seen.add(topic.pk)
    return depth


def read_json(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ImportFailed([RowError(1, "", f"not JSON: {exc}")]) from exc
    except RecursionError:
        raise ImportFailed([RowError(1, "", "not readable: too deeply nested")]) from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ImportFailed([RowError(1, "", 'expected an object with an "events" list')])
    topics, actors = data.get("topics") or [], data.get("actors") or []
    if not isinstance(topics, list) or not isinstance(actors, list):
        raise ImportFailed([RowError(1, "", '"topics" and "actors" are lists of objects')])
    return topics, actors, data["events"]
