"""Write services: validation, atomicity, merging actors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ActorFactory, EventFactory, ParticipationFactory, TopicFactory
from tracker import services
from tracker.choices import DatePrecision, EventStatus
from tracker.models import Actor, Event, Figure, Participation, Source

pytestmark = pytest.mark.django_db


def make_event(**overrides: object) -> Event:
    rubio = ActorFactory.create(name="Marco Rubio", title="Secretary of State")
    jaishankar = ActorFactory.create(name="S. Jaishankar", country_id="IN")
    TopicFactory.create(name="Trade", slug="trade")
    values: dict[str, object] = {
        "title": "Rubio and Jaishankar meet",
        "kind": "meeting",
        "start": "21 Jan 2025",
        "countries": ["US", "in"],
        "topics": ["trade"],
        "tags": ["quad", " "],
        "participants": [
            {"actor": rubio.pk, "role": "host", "title_at_time": "Secretary of State"},
            services.ParticipantData(actor=jaishankar, title_at_time="External Affairs Minister"),
        ],
        "sources": [{"outlet": "US Department of State", "published": date(2025, 1, 21)}],
        "figures": [
            {"label": "Tariff", "value": Decimal(25), "unit": "percent"},
        ],
    }
    values.update(overrides)
    return services.create_event(**values)  # type: ignore[arg-type]


def test_create_event_with_everything() -> None:
    event = make_event()
    assert event.start == date(2025, 1, 21)
    assert event.start_precision == DatePrecision.DAY
    assert event.country_codes == ["IN", "US"]
    assert [t.slug for t in event.topics.all()] == ["trade"]
    assert [t.name for t in event.tags.all()] == ["quad"]
    roles = {(p.actor.name, p.role, p.title_at_time) for p in event.participations.all()}
    assert roles == {
        ("Marco Rubio", "host", "Secretary of State"),
        ("S. Jaishankar", "participant", "External Affairs Minister"),
    }
    assert event.sources.get().outlet == "US Department of State"
    assert event.figures.get().display_value == "25 %"


def test_partial_dates_and_spans_through_the_service() -> None:
    event = make_event(start="Feb 2025")
    assert (event.start_precision, event.display_date) == ("month", "Feb 2025")
    span = make_event(start="2009", end="2024", title="Deportations 2009 to 2024")
    assert (span.span_start, span.span_end) == (date(2009, 1, 1), date(2024, 12, 31))
    same = make_event(start="2025-03-04", end="4 Mar 2025", title="One day")
    assert same.end is None


def test_failing_figure_leaves_no_half_written_event() -> None:
    with pytest.raises(ValidationError) as caught:
        make_event(
            figures=[
                {"label": "Tariff", "value": Decimal(25), "unit": "percent"},
                {"label": "Bad", "value": Decimal(1), "unit": "furlongs"},
            ]
        )
    assert "figures[1].unit" in caught.value.message_dict
    assert Event.objects.count() == 0
    assert Figure.objects.count() == 0
    assert Participation.objects.count() == 0
    assert Source.objects.count() == 0


def test_all_errors_are_reported_together() -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_event(
            title="",
            kind="nonsense",
            start="31 Feb 2025",
            countries=["XX"],
            topics=["nope"],
            participants=[{"actor": 999999}],
            sources=[{"excerpt": "no url, outlet or title"}],
        )
    errors = caught.value.message_dict
    assert {"kind", "start", "countries", "topics", "participants[0].actor", "sources[0]"} <= set(
        errors
    )
    assert "has no day" in errors["start"][0]
    assert Event.objects.count() == 0


def test_end_before_start_is_a_field_error() -> None:
    with pytest.raises(ValidationError) as caught:
        make_event(start="2025", end="2024")
    assert "end" in caught.value.message_dict


def test_update_event_replaces_only_given_parts() -> None:
    event = make_event()
    services.update_event(event, status=EventStatus.CANCELLED, figures=[], countries=["US"])
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert event.figures.count() == 0
    assert event.country_codes == ["US"]
    assert event.participations.count() == 2  # untouched
    assert event.sources.count() == 1


def test_failed_update_changes_nothing() -> None:
    event = make_event()
    with pytest.raises(ValidationError):
        services.update_event(event, title="New title", figures=[{"label": "x"}])
    event.refresh_from_db()
    assert event.title == "Rubio and Jaishankar meet"
    assert event.figures.count() == 1


def test_duplicate_event_copies_everything() -> None:
    event = make_event()
    copy = services.duplicate_event(event=event)
    assert copy.pk != event.pk
    assert copy.title.endswith("(copy)")
    assert copy.country_codes == event.country_codes
    assert copy.participations.count() == 2
    assert copy.figures.count() == 1


def test_set_status() -> None:
    events = [EventFactory.create(status="scheduled"), EventFactory.create(status="occurred")]
    assert services.set_status(events=events, status="occurred") == 1
    with pytest.raises(ValidationError):
        services.set_status(events=events, status="maybe")


def test_merge_actors_moves_participations_and_aliases() -> None:
    keep = ActorFactory.create(name="Vikram Misri", aliases=["Misri"], country_id=None, title="")
    dup = ActorFactory.create(name="V. Misri", aliases=["Foreign Secretary Misri"], country_id="IN",
                       title="Foreign Secretary")  # fmt: skip
    shared = EventFactory.create()
    ParticipationFactory.create(event=shared, actor=keep, title_at_time="")
    ParticipationFactory.create(event=shared, actor=dup, title_at_time="Foreign Secretary")
    other = ParticipationFactory.create(actor=dup)
    merged = services.merge_actors(keep=keep, merge=[dup])
    assert merged.aliases == ["Misri", "V. Misri", "Foreign Secretary Misri"]
    assert merged.country_id == "IN"
    assert merged.title == "Foreign Secretary"
    assert not Actor.objects.filter(pk=dup.pk).exists()
    assert shared.participations.get().title_at_time == "Foreign Secretary"
    other.refresh_from_db()
    assert other.actor == merged


def test_merge_needs_another_actor() -> None:
    actor = ActorFactory.create()
    with pytest.raises(ValidationError):
        services.merge_actors(keep=actor, merge=[actor])
