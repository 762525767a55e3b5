"""factory-boy factories for the domain model.

They write rows directly (tests need dates, kinds and states no form would make in one
step), so, as the services do after every write, each one reindexes the event it made or
changed: the search index and the cached summaries stay in step with the rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory

from tracker import counts, search
from tracker.choices import DatePrecision, EventStatus, FigureUnit
from tracker.models import (
    Actor,
    Event,
    EventCountry,
    EventKind,
    Figure,
    Participation,
    Source,
    Topic,
)


def kind(slug: str = "meeting") -> EventKind:
    """The seeded kinds come from a data migration."""
    return EventKind.objects.get(slug=slug)


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class ActorFactory(factory.django.DjangoModelFactory[Actor]):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    country_id = "US"
    title = "Minister"


class Indexed:
    """After creating the row, reindex the event it belongs to (as the services do)."""

    @classmethod
    def _after_postgeneration(cls, instance: Any, create: bool, results: Any = None) -> None:
        super()._after_postgeneration(instance, create, results)  # type: ignore[misc]
        if create:
            search.touch([getattr(instance, "event_id", None) or instance.pk])


class EventFactory(Indexed, factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Event {n}")
    kind = factory.LazyFunction(kind)
    status = EventStatus.OCCURRED
    start = date(2025, 2, 5)
    start_precision = DatePrecision.DAY

    @factory.post_generation
    def countries(obj: Event, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        # Made without the services: counted here as the services would count it.
        with counts.tracked() as tracked:
            if extracted:
                EventCountry.objects.bulk_create(
                    [EventCountry(event=obj, country_id=code) for code in extracted]
                )
            tracked.add(obj.pk)


class ParticipationFactory(Indexed, factory.django.DjangoModelFactory[Participation]):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    actor = factory.SubFactory(ActorFactory)
    title_at_time = "Minister"


class SourceFactory(Indexed, factory.django.DjangoModelFactory[Source]):
    class Meta:
        model = Source

    event = factory.SubFactory(EventFactory)
    outlet = "Example Outlet"
    title = factory.Sequence(lambda n: f"Report {n}")
    url = "https://example.org/report"
    published = date(2025, 2, 5)


class FigureFactory(Indexed, factory.django.DjangoModelFactory[Figure]):
    class Meta:
        model = Figure

    event = factory.SubFactory(EventFactory)
    label = "Deportees"
    value = Decimal("104")
    unit = FigureUnit.PERSONS


def add_topics(event: Event, *topics: Any) -> None:
    """Put topics on an event made by a factory, counted as the services count them."""
    with counts.tracked([event.pk]):
        event.topics.add(*topics)


# Stories (stories/) ----------------------------------------------------------------------


class StoryFactory(factory.django.DjangoModelFactory[Any]):
    """A story without entries (add them with ``story_of`` or the services)."""

    class Meta:
        model = "stories.Story"

    title = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    summary = "How it went, in order."


def story_of(*events: Event, notes: Any = (), **fields: Any) -> Any:
    """A story of these events in this order (with ``notes`` before them, if given),
    written through the services as an editor's would be."""
    from stories import services as story_services

    given = [*notes, *[""] * (len(events) - len(notes))]
    values = {"title": "A story", "slug": "a-story", **fields}
    return story_services.create_story(
        **values,
        entries=[
            story_services.EntryData(event=e, note=n) for e, n in zip(events, given, strict=True)
        ],
    )
