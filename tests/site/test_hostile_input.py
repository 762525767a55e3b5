"""Hostile and odd input across the site: files, queries, names and permissions."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from digests import building, links, scheduling
from digests.models import Subscription
from tests.factories import EventFactory
from tracker.interchange import jobs
from tracker.models import Actor, Event, Topic

pytestmark = pytest.mark.django_db


def test_hostile_json_imports_report_rows_and_write_nothing(tmp_path: Path) -> None:
    uid = "6f1c2b1e-8a4e-4c55-9d1e-2b7a4f0c9e11"
    good = {"uid": uid, "title": "Talks", "kind": "meeting", "start": "2025-02", "related": [uid]}
    data = {
        "topics": [{"name": "No slug"}, "nonsense"],
        "actors": [{"slug": "x", "name": "X", "kind": "alien"}],
        "events": [
            1,
            good,
            dict(good),
            {**good, "uid": None, "sources": "abc"},
            {**good, "uid": None, "topics": "trade"},
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_events", str(path), stdout=StringIO(), stderr=err)
    report = err.getvalue()
    for expected in [
        "topic 1",
        "topic 2",
        "actor 1",
        "line 1",
        "the same uid is on line 2",
        "sources: Give a list of objects",
        "topics: Give a list of strings",
    ]:
        assert expected in report, expected
    assert (Event.objects.count(), Actor.objects.count(), Topic.objects.count()) == (0, 0, 0)


def test_partial_actor_records_change_only_what_they_give(tmp_path: Path) -> None:
    Actor.objects.create(
        name="Marco Rubio",
        slug="marco-rubio",
        aliases=["Rubio"],
        country_id="US",
        title="Secretary of State",
    )
    path = tmp_path / "actors.json"
    path.write_text(
        json.dumps({"actors": [{"slug": "marco-rubio", "title": "Senator"}], "events": []})
    )
    call_command("import_events", str(path), stdout=StringIO())
    actor = Actor.objects.get()
    assert (actor.title, actor.aliases, actor.country_id) == ("Senator", ["Rubio"], "US")


def test_bad_spreadsheets_are_refused(tmp_path: Path) -> None:
    with pytest.raises(jobs.Refused, match="xlsx"):
        jobs.read_text(b"not a zip", "events.xlsx")
    path = tmp_path / "bom.csv"
    path.write_text("\ufeffuid,title,kind,start\n,Call,call,2025-02\n", encoding="utf-8")
    call_command("import_events", str(path), stdout=StringIO())
    assert Event.objects.get().title == "Call"


def test_long_queries_and_control_characters_do_not_break_pages(client: Client) -> None:
    EventFactory.create(title="Tariff\x0b talks\x1f", summary="With a \x08 backspace")
    words = " ".join(f"w{i}" for i in range(40))
    for url in [
        "/",
        "/feeds/events.atom",
        "/calendar.ics",
        "/export/events.csv",
        "/export/timeline.json",
    ]:
        response = client.get(url, {"q": words})
        assert response.status_code in (200, 404), url
    assert "at most 32" in client.get("/", {"q": words}).content.decode()
    assert client.get("/api/v1/events/", {"q": words}).status_code == 400
    feed = client.get("/feeds/events.atom")
    assert feed.status_code == 200
    assert b"\x0b" not in feed.content


def test_private_mode_needs_the_view_permission(
    client: Client, settings: Any, make_user: Any, viewer: Any
) -> None:
    settings.TRACKER_PUBLIC = False
    subscription = Subscription.objects.create(email="a@example.org")
    token = links.token(subscription)
    assert client.get("/feeds/events.atom").status_code == 302
    assert client.post("/digests/subscribe/", {"email": "b@example.org"}).status_code == 302
    assert client.get(f"/digests/preview/{token}/").status_code == 302
    client.force_login(make_user("nobody"))
    assert client.get("/").status_code == 403
    assert client.get("/calendar.ics").status_code == 403
    client.force_login(viewer)
    assert client.get("/").status_code == 200


def test_staff_previews_need_permission_and_hide_personal_links(
    client: Client, make_user: Any, superuser: Any
) -> None:
    subscription = Subscription.objects.create(email="a@example.org")
    url = f"/digests/preview-id/{subscription.pk}/"
    client.force_login(make_user("staff", is_staff=True))
    assert client.get(url).status_code == 403
    client.force_login(superuser)
    page = client.get(url).content.decode()
    assert "/digests/unsubscribe/" not in page
    assert "/digests/manage/" not in page


def test_digest_periods_follow_the_wall_clock_without_gaps_or_overlaps() -> None:
    london = Subscription(email="a@example.org", weekday=0, hour=8, timezone="Europe/London")
    autumn = datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # Monday 08:00 GMT, after the change
    start = scheduling.previous_send_time(london, autumn)
    assert start == datetime(2026, 10, 19, 7, 0, tzinfo=UTC)  # Monday 08:00 BST
    assert scheduling.next_send_time(london, start) == autumn


def test_an_event_on_a_send_day_is_in_one_digest() -> None:
    sub = Subscription.objects.create(
        email="a@example.org", weekday=0, hour=8, timezone="UTC", filters=""
    )
    monday = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    EventFactory.create(title="On the Monday", start=monday.date())
    Event.objects.update(updated=monday - timedelta(days=30))
    earlier = building.build(sub, monday - timedelta(days=7), monday)
    later = building.build(sub, monday, monday + timedelta(days=7))
    counts = [d.count for d in (earlier, later)]
    assert counts == [0, 1]


def test_a_newline_in_a_view_name_does_not_break_the_email() -> None:
    sub = Subscription.objects.create(email="a@example.org", name="US\nBcc: x@example.org")
    now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    message = building.render(building.build(sub, now - timedelta(days=7), now))
    assert "\n" not in message.subject
    message.message()  # would raise BadHeaderError
