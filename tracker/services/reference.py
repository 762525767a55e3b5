"""Writes to the record's reference data: countries, kinds, actors, topics and tags (and
merging actors and tags). Each keeps the search index and the cached summaries in step
with what it changed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from taggit.models import Tag

from tracker import counts, search, stamps
from tracker.filters import topics_below
from tracker.models import (
    Actor,
    Country,
    Event,
    EventCountry,
    EventKind,
    Participation,
    TaggedEvent,
    Topic,
    normalise_aliases,
)

TOPIC_TREE_LOCK = 7_461_001  # PostgreSQL advisory lock: one change of a parent at a time


def _assign(obj: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


@transaction.atomic
def merge_actors(*, keep: Actor, merge: Iterable[Actor]) -> Actor:
    """Fold other actors into ``keep``: their participations move, their names become aliases.

    A participation that would repeat one ``keep`` already has (same event and role) is
    dropped; its title at the time is kept if ``keep``'s row has none.
    """
    keep = Actor.objects.select_for_update().get(pk=keep.pk)
    others = [a for a in merge if a.pk != keep.pk]
    if not others:
        raise ValidationError("Choose at least one other actor to merge.")
    aliases = list(keep.aliases)
    touched: set[int] = set()
    for other in Actor.objects.select_for_update().filter(pk__in=[a.pk for a in others]):
        for participation in other.participations.all():
            touched.add(participation.event_id)
            existing = Participation.objects.filter(
                event_id=participation.event_id, actor=keep, role=participation.role
            ).first()
            if existing is None:
                participation.actor = keep
                participation.save(update_fields=["actor"])
            else:
                if not existing.title_at_time and participation.title_at_time:
                    existing.title_at_time = participation.title_at_time
                    existing.save(update_fields=["title_at_time"])
                participation.delete()
        aliases.extend([other.name, *other.aliases])
        if keep.country is None and other.country is not None:
            keep.country = other.country
        if not keep.title and other.title:
            keep.title = other.title
        other.delete()
    keep.aliases = normalise_aliases(aliases, exclude=keep.name)
    keep.full_clean()
    keep.save()
    search.touch(touched | set(search.events_mentioning_actor(keep.pk)))
    return keep


@transaction.atomic
def save_actor(*, actor: Actor | None = None, **fields: Any) -> Actor:
    """Create an actor, or change the given fields of one, after full validation."""
    actor = actor or Actor()
    _assign(actor, fields)
    actor.full_clean()
    actor.save()
    search.touch(search.events_mentioning_actor(actor.pk))  # their names are searched
    return actor


@transaction.atomic
def save_topic(*, topic: Topic | None = None, **fields: Any) -> Topic:
    """Create a topic, or change the given fields of one (or save one changed in place, as
    the admin does). No cycles in the tree: changes to the tree are made one at a time (two
    at once could each pass the check)."""
    topic = topic or Topic()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TOPIC_TREE_LOCK])
    stored = Topic.objects.filter(pk=topic.pk).values_list("parent_id", flat=True)
    parent_before = stored.first() if topic.pk else None
    _assign(topic, fields)
    moved: list[int] = []
    if topic.pk and topic.parent_id != parent_before:
        # The events on this topic and those below are counted under the topics above.
        links = Event.topics.through.objects.filter(topic_id__in=topics_below([topic.pk]))
        moved = list(links.values_list("event_id", flat=True).distinct())
    with counts.tracked(moved):
        topic.full_clean()
        topic.save()
    search.touch(search.events_with_topic(topic.pk))
    return topic


@transaction.atomic
def delete_topics(*, topics: Iterable[Topic]) -> int:
    """Delete topics (not ones with sub-topics: those are protected); returns how many."""
    ids = [t.pk for t in topics]
    touched = set(
        Event.topics.through.objects.filter(topic_id__in=ids).values_list("event_id", flat=True)
    )
    with counts.tracked(touched):
        deleted, _ = Topic.objects.filter(pk__in=ids).delete()
    search.touch(touched)
    return deleted


@transaction.atomic
def save_kind(*, kind: EventKind | None = None, **fields: Any) -> EventKind:
    """Create or change a kind of event; counts and cards show kinds' names and colours."""
    kind = kind or EventKind()
    old_slug = kind.slug if kind.pk else None
    _assign(kind, fields)
    kind.full_clean()
    kind.save()
    if old_slug is not None and old_slug != kind.slug:  # the API shows events' kinds by slug
        search.touch(Event.objects.filter(kind=kind).values_list("pk", flat=True))
    stamps.bump()
    return kind


@transaction.atomic
def save_country(*, country: Country, **fields: Any) -> Country:
    """Change a country (its name is searched and shown on every event it is in)."""
    _assign(country, fields)
    country.full_clean()
    country.save()
    search.touch(EventCountry.objects.filter(country=country).values_list("event_id", flat=True))
    return country


def _tagged(tag_ids: Iterable[int]) -> set[int]:
    return set(
        TaggedEvent.objects.filter(tag_id__in=list(tag_ids)).values_list(
            "content_object_id", flat=True
        )
    )


@transaction.atomic
def save_tag(*, tag: Tag | None = None, **fields: Any) -> Tag:
    """Create or rename a tag (its name is searched on every event it tags)."""
    tag = tag or Tag()
    _assign(tag, fields)
    tag.full_clean()
    tag.save()
    search.touch(_tagged([tag.pk]))
    return tag


@transaction.atomic
def delete_tags(*, tags: Iterable[Tag]) -> int:
    ids = [t.pk for t in tags]
    touched = _tagged(ids)
    deleted, _ = Tag.objects.filter(pk__in=ids).delete()
    search.touch(touched)
    return deleted


@transaction.atomic
def merge_tags(*, keep: Tag, merge: Iterable[Tag]) -> Tag:
    """Fold other tags into ``keep``: events tagged with them are tagged with ``keep``
    (once), and the other tags are deleted."""
    others = [t for t in merge if t.pk != keep.pk]
    if not others:
        raise ValidationError("Choose at least one other tag to merge.")
    links = TaggedEvent.objects.filter(tag__in=others)
    event_ids = set(links.values_list("content_object_id", flat=True))
    tagged = _tagged([keep.pk])
    TaggedEvent.objects.bulk_create(
        [TaggedEvent(tag=keep, content_object_id=pk) for pk in sorted(event_ids - tagged)]
    )
    with search.deferred():
        links.delete()
        Tag.objects.filter(pk__in=[t.pk for t in others]).delete()
        search.touch(event_ids)
    return keep
