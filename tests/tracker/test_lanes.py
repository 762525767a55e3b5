"""Lanes by kind: a window of ten years, one year or one month, zoomed and moved by links,
with every event drawn as honestly as its date is known."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import EventFactory, kind
from tracker.dates import PartialDate

pytestmark = pytest.mark.django_db


def day(text: str) -> Any:
    return PartialDate.parse(text).first_day


@pytest.fixture
def events() -> dict[str, Any]:
    def make(title: str, start: str, precision: str = "day", **kw: Any) -> Any:
        return EventFactory.create(
            title=title, start=day(start), start_precision=precision,
            countries=kw.pop("countries", ["US", "IN"]), **kw,
        )  # fmt: skip

    return {
        "call": make("Leaders speak", "2025-01-27", kind=kind("call")),
        "flights": make("Two flights in February", "2025-02", "month", kind=kind("deportation")),
        "agreement": make("Agreement this year", "2025", "year", kind=kind("agreement")),
        "visit": make(
            "Four-day visit",
            "2025-02-12",
            kind=kind("visit"),
            end=day("2025-02-15"),
            end_precision="day",
        ),
        "other": make("Canada tariffs", "2025-03-04", kind=kind("trade-measure"), countries=["CA"]),
        "old": make("Talks in 2019", "2019-06-01", kind=kind("meeting")),
    }


def test_ten_years_are_cells_per_month_and_bands_for_longer_spans(
    client: Client, events: dict[str, Any]
) -> None:
    html = client.get("/lanes/", {"country": ["US", "IN"]}).content.decode()
    assert "2016–2025" in html
    assert 'aria-label="Phone call, Jan 2025: 1 event"' in html
    assert 'aria-label="Meeting, Jun 2019: 1 event"' in html
    assert "Agreement, Jan 2025 – Dec 2025: 1 event known only to this span" in html
    assert "Tariff or trade measure" not in html  # the Canadian event is not in this view
    # Each cell zooms to its year, keeping the view's filters.
    assert 'href="?country=US&amp;country=IN&amp;scale=year&amp;at=2025-01"' in html
    assert 'aria-label="2019: zoom to this year"' in html


def test_a_year_draws_each_event_as_its_date_is_known(
    client: Client, events: dict[str, Any]
) -> None:
    html = client.get("/lanes/", {"scale": "year", "at": "2025"}).content.decode()
    # Known to the day: a dot; a span of days: a solid bar; known to the month or the
    # year: a pale bar across all of it, never a dot on a made-up day.
    assert (
        'aria-label="Leaders speak, 27 Jan 2025"><title>Leaders speak (27 Jan 2025)</title><circle'
        in html
    )
    visit = html.split('aria-label="Four-day visit, 12–15 Feb 2025"')[1].split("</a>")[0]
    assert 'fill-opacity=".9"' in visit
    flights = html.split('aria-label="Two flights in February, Feb 2025"')[1].split("</a>")[0]
    assert "<rect" in flights
    assert 'fill-opacity=".35"' in flights
    agreement = html.split('aria-label="Agreement this year, 2025"')[1].split("</a>")[0]
    assert 'fill-opacity=".35"' in agreement
    assert 'aria-label="Feb: zoom to February 2025"' in html
    assert 'href="?scale=year&amp;at=2024"' in html  # earlier
    assert 'href="?scale=year&amp;at=2026"' in html  # later
    assert 'href="?scale=years&amp;at=2025"' in html  # zoom out


def test_a_month_by_day_and_the_ends_of_the_calendar(
    client: Client, events: dict[str, Any]
) -> None:
    html = client.get("/lanes/", {"scale": "month", "at": "2025-02"}).content.decode()
    assert "February 2025" in html
    assert "Four-day visit" in html
    assert "Leaders speak" not in html  # January
    assert 'href="?scale=month&amp;at=2025-01"' in html
    last = client.get("/lanes/", {"scale": "month", "at": "9999-12"})
    assert last.status_code == 200
    assert 'rel="next"' not in last.content.decode()
    first = client.get("/lanes/", {"scale": "years", "at": "1003"})
    assert first.status_code == 200
    assert 'rel="prev"' not in first.content.decode()
    # A date that is not one falls back to the latest events; bad filters are errors.
    assert "2025" in client.get("/lanes/", {"scale": "year", "at": "soon"}).content.decode()
    bad = client.get("/lanes/", {"date_from": "2025-13"}).content.decode()
    assert "Some filters could not be used" in bad
