"""Story services: order and notes, reordering, filling from a saved view, the database's
constraints, and bad input refused with field errors and nothing written."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stories import services
from stories.models import Story, StoryEntry
from stories.services import EntryData
from tests.factories import EventFactory, StoryFactory, kind, story_of
from tracker.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def events(n: int, **fields: Any) -> list[Event]:
    return [
        EventFactory.create(title=f"Event {i}", start=date(2025, 1, 1 + i), **fields)
        for i in range(n)
    ]


def order(story: Story) -> list[tuple[int, str, str]]:
    return [
        (e.position, e.event.title, e.note)
        for e in StoryEntry.objects.filter(story=story).select_related("event")
    ]


def test_a_story_keeps_its_events_in_the_order_given_with_their_notes() -> None:
    a, b, c = events(3)
    story = services.create_story(
        title="Three events",
        summary="Intro.",
        entries=[EntryData(event=c, note="First, the last."), {"event": a.pk}, EntryData(b)],
    )
    assert story.slug == "three-events"
    assert order(story) == [
        (1, "Event 2", "First, the last."),
        (2, "Event 0", ""),
        (3, "Event 1", ""),
    ]
    assert story.get_absolute_url() == "/stories/three-events/"
    assert story.history.count() == 1


def test_reordering_swaps_positions_without_a_clash_and_keeps_the_rows() -> None:
    a, b, c, d = events(4)
    story = story_of(a, b, c, notes=["on a", "on b", "on c"])
    ids = {e.event_id: e.pk for e in StoryEntry.objects.filter(story=story)}
    services.set_entries(
        story=story,
        entries=[EntryData(c, "on c, now first"), EntryData(a, "on a"), EntryData(d, "new")],
    )
    assert order(story) == [
        (1, "Event 2", "on c, now first"),
        (2, "Event 0", "on a"),
        (3, "Event 3", "new"),
    ]
    kept = {e.event_id: e.pk for e in StoryEntry.objects.filter(story=story)}
    assert kept[a.pk] == ids[a.pk]
    assert kept[c.pk] == ids[c.pk]  # moved, not made again
    assert b.pk not in kept
    services.set_entries(story=story, entries=[EntryData(d), EntryData(a), EntryData(c)])
    assert [t for _, t, _ in order(story)] == ["Event 3", "Event 0", "Event 2"]


def test_the_same_title_gets_a_numbered_slug_and_blank_title_is_refused() -> None:
    first = services.create_story(title="Tariffs: a timeline")
    second = services.create_story(title="Tariffs: a timeline")
    assert (first.slug, second.slug) == ("tariffs-a-timeline", "tariffs-a-timeline-2")
    assert services.create_story(title="Россия и Индия").slug == "story"
    with pytest.raises(ValidationError) as caught:
        services.create_story(title="", slug="x")
    assert "title" in caught.value.message_dict


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"slug": "has spaces"}, "slug"),
        ({"slug": "taken"}, "slug"),
        ({"title": "x" * 201}, "title"),
        ({"title": "nul \x00 here"}, "title"),
        ({"summary": "x" * 20_001}, "summary"),
        ({"uid": "not-a-uuid"}, "uid"),
    ],
)
def test_bad_story_fields_are_refused_and_nothing_is_written(
    fields: dict[str, Any], key: str
) -> None:
    StoryFactory.create(slug="taken")
    (event,) = events(1)
    values = {"title": "Fine", "slug": "fine", "entries": [EntryData(event)], **fields}
    with pytest.raises(ValidationError) as caught:
        services.create_story(**values)
    assert key in caught.value.message_dict, caught.value.message_dict
    assert Story.objects.count() == 1
    assert not StoryEntry.objects.exists()


def test_bad_entries_are_refused_by_field_and_the_story_is_left_as_it_was() -> None:
    a, b = events(2)
    story = story_of(a, b, notes=["keep", "these"], title="Before")
    cases: list[tuple[list[Any], str]] = [
        ([EntryData(a), EntryData(a)], "entries[1].event"),
        ([EntryData(a), EntryData(99_999_999)], "entries"),
        ([EntryData(a, note="x" * 20_001)], "entries[0].note"),
        ([EntryData(a, note="bell \x07")], "entries[0].note"),
        ([{"event": a.pk, "colour": "red"}], "entries[0]"),
        ([EntryData(a)] * (services.MAX_ENTRIES + 1), "entries"),
    ]
    for entries, key in cases:
        with pytest.raises(ValidationError) as caught:
            services.update_story(story=story, title="After", entries=entries)
        assert key in caught.value.message_dict, (key, caught.value.message_dict)
    story.refresh_from_db()
    assert story.title == "Before"
    assert order(story) == [(1, "Event 0", "keep"), (2, "Event 1", "these")]


def test_the_database_refuses_an_event_twice_or_a_position_twice() -> None:
    a, b = events(2)
    story = story_of(a)
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryEntry.objects.create(story=story, event=a, position=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryEntry.objects.create(story=story, event=b, position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryEntry.objects.create(story=story, event=b, position=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.create(title="Bad", slug="not a slug")


def test_deleting_an_event_removes_it_from_stories_and_the_rest_stay_in_order() -> None:
    from tracker import services as record

    a, b, c = events(3)
    story = story_of(a, b, c)
    record.delete_events(events=[b])
    assert [t for _, t, _ in order(story)] == ["Event 0", "Event 2"]
    d = EventFactory.create(title="Later")
    services.set_entries(story=story, entries=[EntryData(a), EntryData(c), EntryData(d)])
    assert order(story) == [(1, "Event 0", ""), (2, "Event 2", ""), (3, "Later", "")]


def test_fill_from_a_saved_view_adds_matching_events_oldest_first_skipping_those_in() -> None:
    india = events(4, countries=["US", "IN"])
    EventFactory.create(title="Elsewhere", start=date(2025, 1, 2), countries=["US", "CA"])
    EventFactory.create(
        title="A call", kind=kind("call"), start=date(2024, 12, 1), countries=["US", "IN"]
    )
    story = story_of(india[2], notes=["Chosen by hand first."])
    result = services.fill_from_view(
        story=story, view="http://127.0.0.1:8000/?country=IN&country=US&kind=meeting"
    )
    assert result == services.FillResult(added=3, already=1, left_out=0)
    assert order(story) == [
        (1, "Event 2", "Chosen by hand first."),
        (2, "Event 0", ""),
        (3, "Event 1", ""),
        (4, "Event 3", ""),
    ]
    story.refresh_from_db()
    assert story.view == "country=IN&country=US&kind=meeting"  # the view, checked
    again = services.fill_from_view(story=story, view=story.view)
    assert again == services.FillResult(added=0, already=4, left_out=0)


def test_fill_from_a_search_takes_the_matching_events_by_date_not_by_relevance() -> None:
    EventFactory.create(title="Tariffs on steel", start=date(2025, 3, 12))
    EventFactory.create(title="Tariffs tariffs tariffs announced", start=date(2025, 2, 1))
    EventFactory.create(title="A quiet meeting", start=date(2025, 1, 1))
    story = StoryFactory.create()
    result = services.fill_from_view(story=story, view='q=tariffs -"quiet meeting"')
    assert result.added == 2
    assert [t for _, t, _ in order(story)] == [
        "Tariffs tariffs tariffs announced",
        "Tariffs on steel",
    ]


def test_fill_stops_at_its_limit_and_says_how_many_were_left_out() -> None:
    events(5, countries=["JP"])
    story = StoryFactory.create()
    result = services.fill_from_view(story=story, view="country=JP", limit=2)
    assert result == services.FillResult(added=2, already=0, left_out=3)
    assert [t for _, t, _ in order(story)] == ["Event 0", "Event 1"]
    result = services.fill_from_view(story=story, view="?country=JP", limit=10)
    assert result == services.FillResult(added=3, already=2, left_out=0)


@pytest.mark.parametrize(
    ("view", "limit", "key"),
    [
        ("country=XX", 10, "view"),
        ("date_from=2025-99", 10, "view"),
        ("kind=no-such-kind", 10, "view"),
        ("country=US", 0, "limit"),
        ("country=US", services.MAX_ENTRIES + 1, "limit"),
    ],
)
def test_fill_from_a_bad_view_is_a_field_error_and_adds_nothing(
    view: str, limit: int, key: str
) -> None:
    events(2, countries=["US"])
    story = StoryFactory.create()
    with pytest.raises(ValidationError) as caught:
        services.fill_from_view(story=story, view=view, limit=limit)
    assert key in caught.value.message_dict
    assert not StoryEntry.objects.exists()
    story.refresh_from_db()
    assert story.view == ""


def test_fill_never_takes_a_story_beyond_its_most(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MAX_ENTRIES", 3)
    events(5, countries=["NZ"])
    story = StoryFactory.create()
    result = services.fill_from_view(story=story, view="country=NZ", limit=3)
    assert result.added == 3
    assert services.fill_from_view(story=story, view="country=NZ", limit=3).added == 0


def test_deleting_a_story_keeps_its_events() -> None:
    a, b = events(2)
    story = story_of(a, b)
    assert services.delete_stories(stories=[story]) == 1
    assert not StoryEntry.objects.exists()
    assert Event.objects.count() == 2
