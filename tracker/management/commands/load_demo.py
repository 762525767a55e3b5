"""Load the demo record of 2025 events (tracker/demo/demo_events.json); safe to run again."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tracker import services
from tracker.choices import ActorKind, ParticipationRole
from tracker.models import Actor, Country, Event, Topic

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "demo_events.json"
# Demo events get UIDs derived from their keys, so a second run finds what the first made.
DEMO_NAMESPACE = uuid.UUID("6f1c2b1e-8a4e-4c55-9d1e-2b7a4f0c9e11")


def demo_uid(key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, key)


class Command(BaseCommand):
    help = "Load the demo events of 2025 with their actors, topics, sources and figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEMO_FILE, help="Demo data file (JSON).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read demo data from {path}: {exc}") from exc
        try:
            created = load(data)
        except ValidationError as exc:
            raise CommandError(f"Demo data is invalid: {exc.message_dict}") from exc
        except KeyError as exc:
            raise CommandError(f"Demo data is missing the field {exc}.") from exc
        total = Event.objects.filter(uid__in=[demo_uid(e["key"]) for e in data["events"]]).count()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data: {created} event(s) added, {total} demo events in all.")
        )
        if path == DEMO_FILE:  # the demo story is told from the demo events
            from stories.demo import load_demo_stories

            load_demo_stories(self.stdout)


@transaction.atomic
def load(data: dict[str, Any]) -> int:
    """Create what is missing; leave what exists untouched. Returns the events created."""
    if not Country.objects.exists():
        Country.sync_from_registry()
    topics: dict[str, Topic] = {}
    for item in data["topics"]:
        topic = Topic.objects.filter(slug=item["slug"]).first() or services.save_topic(
            slug=item["slug"],
            name=item["name"],
            parent=topics.get(item["parent"]) if item.get("parent") else None,
            keywords=item.get("keywords", ""),
        )
        if item.get("keywords") and not topic.keywords:
            topic = services.save_topic(topic=topic, keywords=item["keywords"])
        topics[item["slug"]] = topic

    actors: dict[str, Actor] = {}
    for item in data["actors"]:
        actor = Actor.objects.filter(name=item["name"], country_id=item.get("country")).first()
        if actor is None:
            actor = services.save_actor(
                name=item["name"],
                aliases=item.get("aliases", []),
                kind=item.get("kind", ActorKind.PERSON),
                country_id=item.get("country"),
                title=item.get("title", ""),
            )
        actors[item["key"]] = actor

    by_key: dict[str, Event] = {}
    created = 0
    for item in data["events"]:
        uid = demo_uid(item["key"])
        event = Event.objects.filter(uid=uid).first()
        if event is None:
            event = services.create_event(
                uid=uid,
                title=item["title"],
                kind=item["kind"],
                status=item["status"],
                start=item["start"],
                end=item.get("end"),
                summary=item.get("summary", ""),
                countries=item.get("countries", []),
                topics=item.get("topics", []),
                tags=item.get("tags", []),
                participants=[
                    services.ParticipantData(
                        actor=actors[p["actor"]],
                        role=p.get("role", ParticipationRole.PARTICIPANT),
                        title_at_time=p.get("title_at_time", ""),
                    )
                    for p in item.get("participants", [])
                ],
                sources=[services.source_data(s) for s in item.get("sources", [])],
                figures=[services.figure_data(f) for f in item.get("figures", [])],
            )
            created += 1
        by_key[item["key"]] = event

    for item in data["events"]:
        event = by_key[item["key"]]
        wanted = {by_key[k].pk for k in item.get("related", [])}
        existing = set(event.related.values_list("pk", flat=True))
        if wanted - existing:
            services.update_event(event, related=sorted(wanted | existing))
        links = [(link["kind"], by_key[link["event"]]) for link in item.get("links", [])]
        if any(not event.links_out.filter(kind=k, target=t).exists() for k, t in links):
            services.update_event(
                event,
                links=[
                    *services.link_data(event),
                    *(services.LinkData(kind=k, other=t) for k, t in links),
                ],
            )
    return created
