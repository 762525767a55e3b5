"""Models and database constraints."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.db import IntegrityError, connection, transaction

from tests.factories import (
    ActorFactory,
    EventFactory,
    FigureFactory,
    SourceFactory,
    TopicFactory,
    kind,
)
from tracker.choices import DatePrecision, FigureUnit
from tracker.dates import PartialDate
from tracker.formatting import format_period
from tracker.models import Country, Event, EventKind, Figure
from tracker.selectors import possible_duplicates

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_seeded_kinds_carry_plover_and_cameo() -> None:
    slugs = set(EventKind.objects.values_list("slug", flat=True))
    assert slugs >= {
        "call", "meeting", "visit", "summit", "statement", "agreement", "trade-measure",
        "sanction", "deportation", "parliamentary", "data-release", "other",
    }  # fmt: skip
    call = kind("call")
    assert (call.plover_category, call.plover_mode, call.cameo_code) == ("CONSULT", "phone", "041")
    assert kind("deportation").plover_mode == "deport"
    assert kind("trade-measure").plover_category == "COERCE"
    assert kind("statement").plover_category == ""
    assert kind("statement").cameo_code == "01"


def test_countries_are_seeded_with_iso_codes() -> None:
    assert Country.objects.get(code="IN").name == "India"
    assert Country.objects.count() > 240
    # Flags are images served with the static files (emoji flags are boxes without an
    # emoji font); every country has one.
    for country in Country.objects.all():
        url = country.flag_url
        assert url.endswith(f"/flags/{country.code.lower()}.gif"), country.code
        assert finders.find(url.split("/static/", 1)[1]), country.code
        assert country.flag_html().startswith('<img class="flag"')


def test_span_is_derived_on_save_for_each_precision() -> None:
    month = EventFactory.create(start=date(2025, 2, 17), start_precision=DatePrecision.MONTH)
    assert (month.start, month.span_start, month.span_end) == (
        date(2025, 2, 1), date(2025, 2, 1), date(2025, 2, 28),
    )  # fmt: skip
    assert month.display_date == "Feb 2025"
    year = EventFactory.create(start=date(2025, 6, 1), start_precision=DatePrecision.YEAR)
    assert (year.span_start, year.span_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert year.display_date == "2025"
    span = EventFactory.create(
        start=date(2009, 1, 1), start_precision=DatePrecision.YEAR,
        end=date(2024, 1, 1), end_precision=DatePrecision.YEAR,
    )  # fmt: skip
    assert (span.span_start, span.span_end) == (date(2009, 1, 1), date(2024, 12, 31))
    assert span.display_date == "2009–2024"
    day = EventFactory.create(start=date(2025, 3, 21))
    assert day.display_date == "21 Mar 2025"
    assert str(day) == f"21 Mar 2025: {day.title}"


def test_end_before_start_is_refused_by_the_database() -> None:
    event = EventFactory.create(start=date(2025, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(end=date(2025, 2, 1), end_precision="day")


def test_end_before_start_is_refused_on_insert_with_raw_sql() -> None:
    meeting = kind("meeting")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tracker_event (uid, title, kind_id, status, summary, notes, start,"
            " start_precision, \"end\", end_precision, span_start, span_end, created, updated)"
            " VALUES (%s, 'x', %s, 'occurred', '', '', %s, 'day', %s, 'day', %s, %s, %s, %s)",
            [
                "0b0f0e0e-0000-4000-8000-000000000001", meeting.pk, date(2025, 3, 1),
                date(2025, 2, 1), date(2025, 3, 1), date(2025, 3, 1),
                "2025-03-01T00:00:00Z", "2025-03-01T00:00:00Z",
            ],
        )  # fmt: skip


def test_end_needs_a_precision_in_the_database() -> None:
    event = EventFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(end=date(2025, 12, 1), end_precision="")


def test_status_is_checked_by_the_database() -> None:
    event = EventFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(status="rumoured")


def test_figure_period_and_change_constraints() -> None:
    figure = FigureFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.filter(pk=figure.pk).update(
            period_start=date(2025, 1, 1), period_end=date(2024, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.filter(pk=figure.pk).update(change_value=Decimal(5), change_unit="")


def test_source_must_be_identified() -> None:
    source = SourceFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(source).objects.filter(pk=source.pk).update(url="", outlet="", title="")


def test_figure_display() -> None:
    figure = FigureFactory.create(
        label="Goods deficit",
        value=Decimal("45700000000"),
        unit=FigureUnit.USD,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        change_value=Decimal("5.4"),
        change_unit=FigureUnit.PERCENT,
    )
    assert figure.display_value == "45.7 bn USD"
    assert figure.display_period == "2024"
    assert figure.display_change == "+5.4 %"
    assert FigureFactory.create(value=Decimal("15668")).display_value == "15,668 persons"


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2009, 1, 1), date(2025, 2, 28), "Jan 2009 – Feb 2025"),
        (date(2009, 1, 1), date(2024, 12, 31), "2009–2024"),
        (date(2025, 2, 1), date(2025, 2, 28), "Feb 2025"),
        (date(2025, 2, 10), date(2025, 2, 20), "10–20 Feb 2025"),
        (None, date(2030, 12, 31), "until 2030"),
        (date(2025, 4, 5), None, "from 5 Apr 2025"),
        (None, None, ""),
    ],
)
def test_format_period(first: date | None, last: date | None, expected: str) -> None:
    assert format_period(first, last) == expected


def test_overlap_filter_includes_month_event_in_a_day_range() -> None:
    feb = EventFactory.create(start=date(2025, 2, 1), start_precision=DatePrecision.MONTH)
    march = EventFactory.create(start=date(2025, 3, 4))
    found = Event.objects.overlapping(date(2025, 2, 10), date(2025, 2, 20))
    assert list(found) == [feb]
    first, last = PartialDate.parse("2025-03").first_day, PartialDate.parse("2025-03").last_day
    assert list(Event.objects.overlapping(first, last)) == [march]
    assert set(Event.objects.overlapping(None, date(2025, 2, 1))) == {feb}


def test_for_country_means_all_involved() -> None:
    both = EventFactory.create(countries=["US", "IN"])
    EventFactory.create(countries=["US", "CO"])
    EventFactory.create(countries=["IN"])
    assert list(Event.objects.for_country("US", "IN")) == [both]
    assert Event.objects.for_country("us").count() == 2


def test_newest_first_ordering_and_status_querysets() -> None:
    older = EventFactory.create(start=date(2025, 1, 1))
    newer = EventFactory.create(start=date(2025, 5, 1), status="scheduled")
    assert list(Event.objects.newest_first()) == [newer, older]
    assert list(Event.objects.scheduled()) == [newer]
    assert list(Event.objects.occurred()) == [older]


def test_possible_duplicates_need_same_kind_overlap_and_countries() -> None:
    original = EventFactory.create(start=date(2025, 2, 5), countries=["US", "IN"])
    month = EventFactory.create(
        start=date(2025, 2, 1), start_precision=DatePrecision.MONTH, countries=["US", "IN"]
    )
    EventFactory.create(start=date(2025, 2, 5), countries=["US"])  # fewer countries
    EventFactory.create(start=date(2025, 2, 5), countries=["US", "IN", "CN"])  # more countries
    EventFactory.create(start=date(2025, 2, 5), countries=["US", "IN"], kind=kind("call"))
    EventFactory.create(start=date(2025, 3, 5), countries=["US", "IN"])  # another month
    assert list(possible_duplicates(original)) == [month]


def test_topic_cannot_be_its_own_ancestor() -> None:
    from django.core.exceptions import ValidationError

    parent = TopicFactory.create(name="Trade")
    child = TopicFactory.create(name="Tariffs", parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError):
        parent.full_clean()


def test_actor_slug_and_aliases() -> None:
    first = ActorFactory.create(name="Vikram Misri")
    second = ActorFactory.create(name="Vikram Misri", country_id="IN")
    assert first.slug == "vikram-misri"
    assert second.slug == "vikram-misri-2"
    first.aliases = [" Misri ", "misri", "", "Vikram Misri", "Foreign Secretary Misri"]
    first.full_clean()
    assert first.aliases == ["Misri", "Foreign Secretary Misri"]


def test_history_records_changes() -> None:
    event = EventFactory.create(title="Before")
    event.title = "After"
    event.save()
    assert [h.title for h in event.history.all()] == ["After", "Before"]
