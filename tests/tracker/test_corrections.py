"""Corrections: a change to what readers were told of an event is recorded and shown as a
correction on its page, in the feed, in the next digest and in the change log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from digests.building import build, render
from digests.models import Subscription
from tracker import services
from tracker.models import Correction, Event

pytestmark = pytest.mark.django_db

WEEK_END = datetime(2026, 3, 9, 2, 30, tzinfo=UTC)


@pytest.fixture
def event() -> Event:
    with time_machine.travel(WEEK_END - timedelta(days=30), tick=False):
        return services.create_event(
            title="Trade ministers meet",
            kind="meeting",
            start="2025-02-05",
            countries=["US", "IN"],
            summary="They met in New Delhi.",
        )


def test_a_changed_date_is_a_correction_on_the_page_in_the_feed_and_the_digest(
    client: Client, event: Event
) -> None:
    subscriber = Subscription.objects.create(
        email="reader@example.org",
        filters="country=US&country=IN",
        confirmed_at=WEEK_END - timedelta(days=60),
        next_send_at=WEEK_END,
    )
    with time_machine.travel(WEEK_END - timedelta(days=2), tick=False):
        services.update_event(
            event, start="2025-02-06", correction_note="The readout gives the 6th."
        )
    (correction,) = Correction.objects.filter(event=event)
    assert correction.changes == [
        {"field": "date", "label": "Date", "before": "5 Feb 2025", "after": "6 Feb 2025"}
    ]
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Corrected on 7 Mar 2026" in page
    assert "<del>5 Feb 2025</del> → <ins>6 Feb 2025</ins>" in page
    assert "The readout gives the 6th." in page
    feed = feedparser.parse(client.get("/feeds/events.atom").content)
    entry = feed.entries[0]
    assert "Corrected on 7 Mar 2026: Date: 5 Feb 2025 → 6 Feb 2025." in entry.summary
    assert entry.updated.startswith("2026-03-07")
    digest = build(subscriber, WEEK_END - timedelta(days=7), WEEK_END)
    message = render(digest)
    assert "Corrected on 7 Mar 2026: Date: 5 Feb 2025 → 6 Feb 2025." in message.body
    assert "Corrected on 7 Mar 2026:" in str(message.alternatives[0][0])
    changes = client.get("/changes/").content.decode()
    assert "Trade ministers meet" in changes
    assert "<del>5 Feb 2025</del>" in changes


def test_what_is_and_is_not_a_correction(event: Event) -> None:
    services.update_event(event, title="Trade ministers meet again", summary="Reworded.")
    services.update_event(event, tags=["trade"])
    assert not Correction.objects.exists()  # wording, tags: not what readers rely on
    services.set_status(events=[event], status="cancelled")
    services.update_event(event, countries=["US", "IN", "JP"], kind="call")
    services.update_event(event, figures=[{"label": "Deficit", "value": "45.7e9", "unit": "USD"}])
    summaries = [c.summary for c in Correction.objects.order_by("made", "id")]
    assert summaries == [
        "Status: Occurred → Cancelled",
        "Kind: Meeting → Phone call; Countries: India, United States of America → India, "
        "Japan, United States of America",
        "Figures: none → Deficit: 45.7 bn USD",
    ]


def test_corrections_through_the_api_and_the_admin(
    client: Client, event: Event, superuser: User
) -> None:
    client.force_login(superuser)
    url = f"/api/v1/events/{event.pk}/"
    response = client.patch(
        url, {"status": "postponed", "correction_note": "Moved"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Correction.objects.get().note == "Moved"
    # A note that is not valid: 400 by its field, and the change is not made.
    bad = client.patch(
        url, {"status": "occurred", "correction_note": "a\x01b"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "correction_note" in bad.json()
    event.refresh_from_db()
    assert event.status == "postponed"
    assert Correction.objects.count() == 1
    # The admin's change form has the note.
    page = client.get(reverse("admin:tracker_event_change", args=[event.pk])).content.decode()
    assert 'name="correction_note"' in page


def test_the_change_log_lists_deletions_and_pages(client: Client, event: Event) -> None:
    other = services.create_event(title="Deleted talks", kind="call", start="2025-03")
    services.delete_events(events=[other])
    html = client.get("/changes/").content.decode()
    assert "Deleted:</strong> Deleted talks" in html
    assert client.get("/changes/", {"before": "not a time"}).status_code == 400
    old = client.get("/changes/", {"before": "2000-01-01T00:00:00Z"}).content.decode()
    assert "No corrections or deletions yet." in old


def test_an_empty_change_log(client: Client, settings: Any) -> None:
    assert "No corrections or deletions yet." in client.get("/changes/").content.decode()
