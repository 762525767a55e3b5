"""Partial dates: parsing, bounds, honest display and spans."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.choices import DatePrecision
from tracker.dates import PartialDate, PartialDateError, bounds, format_span, parse_span

pytestmark = pytest.mark.sqlite

days = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))
precisions = st.sampled_from(list(DatePrecision))


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    return PartialDate.from_date(draw(days), draw(precisions))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025", PartialDate(2025)),
        ("2025-02", PartialDate(2025, 2)),
        ("2025-02-05", PartialDate(2025, 2, 5)),
        ("Feb 2025", PartialDate(2025, 2)),
        ("Feb. 2025", PartialDate(2025, 2)),
        ("February 2025", PartialDate(2025, 2)),
        ("  february   2025 ", PartialDate(2025, 2)),
        ("Sept 2025", PartialDate(2025, 9)),
        ("21 March 2025", PartialDate(2025, 3, 21)),
        ("21st March 2025", PartialDate(2025, 3, 21)),
        ("the 21st of March, 2025", PartialDate(2025, 3, 21)),
        ("Mar 21, 2025", PartialDate(2025, 3, 21)),
        ("March 21 2025", PartialDate(2025, 3, 21)),
    ],
)
def test_parse_accepts_what_editors_type(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a date"),
        ("03/04/2025", "not a date we can read"),
        ("Smarch 2025", "not a month"),
        ("2025-13", "between 1 and 12"),
        ("30 Feb 2025", "has no day 30"),
        ("29 Feb 2023", "has no day 29"),
        ("next Friday", "not a date we can read"),
        ("25", "not a date we can read"),
    ],
)
def test_parse_rejects_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(PartialDateError, match=message):
        PartialDate.parse(text)


def test_precision_and_bounds() -> None:
    feb = PartialDate.parse("Feb 2024")
    assert feb.precision == DatePrecision.MONTH
    assert (feb.first_day, feb.last_day) == (date(2024, 2, 1), date(2024, 2, 29))
    assert PartialDate(2025).last_day == date(2025, 12, 31)
    assert bounds(date(2025, 7, 19), DatePrecision.YEAR) == (date(2025, 1, 1), date(2025, 12, 31))
    assert PartialDate(2025, 2).display() == "Feb 2025"
    assert PartialDate(2025, 2, 5).display() == "5 Feb 2025"
    assert PartialDate(2025, 2, 5).isoformat() == "2025-02-05"


@given(days, precisions)
def test_bounds_contain_the_date(value: date, precision: DatePrecision) -> None:
    first, last = bounds(value, precision)
    assert first <= value <= last
    assert PartialDate.from_date(first, precision) == PartialDate.from_date(last, precision)


@given(partial_dates())
def test_iso_and_display_round_trip(partial: PartialDate) -> None:
    assert PartialDate.parse(partial.isoformat()) == partial
    assert PartialDate.parse(partial.display()) == partial
    assert PartialDate.from_date(partial.first_day, partial.precision) == partial


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2009", "2024", "2009–2024"),
        ("Feb 2025", "Mar 2025", "Feb–Mar 2025"),
        ("Dec 2024", "Jan 2025", "Dec 2024 – Jan 2025"),
        ("5 Feb 2025", "7 Feb 2025", "5–7 Feb 2025"),
        ("28 Feb 2025", "2 Mar 2025", "28 Feb – 2 Mar 2025"),
        ("30 Dec 2024", "2 Jan 2025", "30 Dec 2024 – 2 Jan 2025"),
        ("2024", "Mar 2025", "2024 – Mar 2025"),
        ("Feb 2025", "Feb 2025", "Feb 2025"),
    ],
)
def test_format_span(start: str, end: str, shown: str) -> None:
    assert format_span(PartialDate.parse(start), PartialDate.parse(end)) == shown


@given(partial_dates(), partial_dates())
def test_formatted_spans_read_back(a: PartialDate, b: PartialDate) -> None:
    start, end = sorted([a, b], key=lambda p: (p.first_day, p.last_day))
    if end.last_day < start.first_day or end == start:
        return
    parsed_start, parsed_end = parse_span(format_span(start, end))
    assert (parsed_start, parsed_end) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("from 2009 to 2024", PartialDate(2009), PartialDate(2024)),
        ("2009-2024", PartialDate(2009), PartialDate(2024)),
        ("between March and May 2025", PartialDate(2025, 3), PartialDate(2025, 5)),
        ("2025-02-05/2025-02-07", PartialDate(2025, 2, 5), PartialDate(2025, 2, 7)),
        ("Feb 2025", PartialDate(2025, 2), None),
    ],
)
def test_parse_span(text: str, start: PartialDate, end: PartialDate | None) -> None:
    assert parse_span(text) == (start, end)


def test_parse_span_rejects_a_backwards_span() -> None:
    with pytest.raises(PartialDateError, match="before its start"):
        parse_span("2024–2009")
