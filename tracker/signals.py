"""Keep the search index in step with every write, whichever path it takes (services, admin,
imports). Bulk writers wrap their work in ``search.deferred()`` to reindex once."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from . import search, stamps
from .models import (
    Actor,
    Event,
    EventCountry,
    EventKind,
    Figure,
    Participation,
    Source,
    TaggedEvent,
    Topic,
)


@receiver(post_save, sender=Event)
def event_saved(sender: Any, instance: Event, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        search.touch([instance.pk])


@receiver(post_save, sender=Participation)
@receiver(post_delete, sender=Participation)
@receiver(post_save, sender=Source)
@receiver(post_delete, sender=Source)
@receiver(post_save, sender=Figure)
@receiver(post_delete, sender=Figure)
@receiver(post_save, sender=EventCountry)
@receiver(post_delete, sender=EventCountry)
def part_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw and not _deleting_events(kwargs.get("origin")):
        search.touch([instance.event_id])


@receiver(post_save, sender=TaggedEvent)
@receiver(post_delete, sender=TaggedEvent)
def tag_changed(sender: Any, instance: TaggedEvent, raw: bool = False, **kwargs: Any) -> None:
    if not raw and not _deleting_events(kwargs.get("origin")):
        search.touch([instance.content_object_id])


def _deleting_events(origin: Any) -> bool:
    """A row deleted because its event is being deleted: nothing to reindex."""
    return isinstance(origin, Event) or (isinstance(origin, QuerySet) and origin.model is Event)


@receiver(m2m_changed, sender=Event.topics.through)
def topics_changed(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Event):
        search.touch([instance.pk])
    else:  # changed from the topic's side
        search.touch(search.events_with_topic(instance.pk))


@receiver(post_save, sender=Actor)
def actor_saved(sender: Any, instance: Actor, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        search.touch(search.events_mentioning_actor(instance.pk))


@receiver(post_save, sender=Topic)
def topic_saved(sender: Any, instance: Topic, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        search.touch(search.events_with_topic(instance.pk))


@receiver(pre_delete, sender=Topic)
def topic_deleting(sender: Any, instance: Topic, **kwargs: Any) -> None:
    instance._search_event_ids = search.events_with_topic(instance.pk)  # type: ignore[attr-defined]


@receiver(post_delete, sender=Topic)
def topic_deleted(sender: Any, instance: Topic, **kwargs: Any) -> None:
    search.touch(getattr(instance, "_search_event_ids", []))


@receiver(post_delete, sender=Event)
@receiver(post_save, sender=EventKind)
def summaries_changed(sender: Any, raw: bool = False, **kwargs: Any) -> None:
    """Deleted events and renamed kinds change facet counts and charts (other changes reach
    the search index, which replaces the token)."""
    if not raw:
        stamps.bump()
