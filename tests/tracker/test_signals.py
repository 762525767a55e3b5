"""Unusual this week: a pair's count of a kind in the last 7 days against the same weeks
of the previous 52, on the country and pair pages and in the weekly digest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from digests.building import build, render
from digests.models import Subscription
from tests.factories import EventFactory, kind
from tracker.selectors import signals

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 8)


@pytest.fixture
def record() -> None:
    def event(day: date, slug: str, **kw: Any) -> None:
        EventFactory.create(start=day, kind=kind(slug), countries=["US", "IN"], **kw)

    # Calls: one in each of two earlier weeks, three in the last 7 days (busier).
    event(TODAY - timedelta(days=7 * 3), "call")
    event(TODAY - timedelta(days=7 * 10 + 2), "call")
    for days in (0, 2, 6):
        event(TODAY - timedelta(days=days), "call")
    # A call known only to the month, and a cancelled one: in no week.
    EventFactory.create(
        start=TODAY.replace(day=1), start_precision="month", kind=kind("call"),
        countries=["US", "IN"],
    )  # fmt: skip
    event(TODAY - timedelta(days=1), "call", status="cancelled")
    # Meetings: two a week for 30 of the previous weeks, none now (quieter).
    for week in range(1, 31):
        for extra in (0, 1):
            event(TODAY - timedelta(days=7 * week + extra), "meeting")
    # Another pair, as usual.
    EventFactory.create(start=TODAY, kind=kind("call"), countries=["FR", "DE"])


def test_busier_and_quieter_than_usual(record: None) -> None:
    found = {(s["kind"].slug, s["busy"]): s for s in signals.unusual(("IN", "US"), TODAY)}
    assert set(found) == {("call", True), ("meeting", False)}
    assert found[("call", True)]["words"] == (
        "3 × phone call in the last 7 days; at most 1 in any of the previous 52 weeks "
        "(a typical week: 0)"
    )
    assert found[("meeting", False)]["words"] == (
        "no meeting in the last 7 days; a typical week of the previous 52 had 2"
    )
    # A week later the calls are the ordinary past.
    assert not [s for s in signals.unusual(("US",), TODAY + timedelta(days=7)) if s["busy"]]
    assert signals.unusual(("FR", "DE"), TODAY) == []
    assert signals.unusual(("US", "IN", "FR"), TODAY) == []


def test_shown_on_the_pages_and_in_the_digest(client: Client, record: None) -> None:
    with time_machine.travel(datetime(2026, 3, 8, 12, 0, tzinfo=UTC), tick=False):
        for url in ("/countries/US/IN/", "/countries/IN/"):
            html = client.get(url).content.decode()
            assert "Unusual this week" in html, url
            assert "3 × phone call in the last 7 days" in html, url
            assert "the same 7-day weeks of the previous 52" in html, url
        quiet_country = client.get("/countries/FR/").content.decode()
        assert "Unusual this week" not in quiet_country
    subscriber = Subscription.objects.create(
        email="r@example.org",
        filters="country=US",
        timezone="UTC",
        confirmed_at=datetime(2026, 1, 1, tzinfo=UTC),
        next_send_at=datetime(2026, 3, 9, 8, 0, tzinfo=UTC),
    )
    digest = build(
        subscriber, datetime(2026, 3, 2, 8, 0, tzinfo=UTC), datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    )
    message = render(digest)
    assert "== Unusual this week ==" in message.body
    assert "India and United States of America: 3 × phone call" in message.body
    assert "Unusual this week" in str(message.alternatives[0][0])
