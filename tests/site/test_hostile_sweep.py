"""Hostile text in every field of an event, everywhere it is shown: markup stays text in
every HTML page, email and feed; odd Unicode (right-to-left, emoji, combining marks) comes
back exactly as it went in; values too long or dates impossible are refused with a field
message and save nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from digests import building, scheduling
from digests.models import Subscription
from tracker import services
from tracker.models import Event

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
IMAGE = '<img src=x onerror="alert(1)">'
UNICODE = "مرحبا \u202eevil\u202c 🇮🇳👩🏽‍⚖️ Zoë Z\u0335a\u0301lgo"  # RTL, override, emoji, marks


def hostile(label: str) -> str:
    return f"{label} {SCRIPT}{IMAGE} {UNICODE}"


@pytest.fixture
def event(superuser: User) -> Event:
    actor = services.save_actor(
        name=hostile("Name"), aliases=[hostile("Alias")], title=hostile("Title"), country_id="US"
    )
    topic = services.save_topic(name=hostile("Topic"), slug="hostile-topic")
    return services.create_event(
        title=hostile("Title"),
        kind="meeting",
        start="2025-02-05",
        summary=hostile("Summary"),
        notes=hostile("Notes"),
        countries=["US", "IN"],
        topics=[topic],
        tags=["tag" + SCRIPT[:20]],
        participants=[{"actor": actor.pk, "title_at_time": hostile("Then")}],
        sources=[
            {
                "url": "https://example.org/a?b=<c>",
                "outlet": hostile("Outlet"),
                "title": hostile("Source"),
                "excerpt": hostile("Excerpt"),
            }
        ],
        figures=[{"label": hostile("Figure"), "value": "12", "unit": "persons"}],
        created_by=superuser,
    )


def html_pages(event: Event) -> list[str]:
    actor = event.participations.get().actor
    return [
        "/",
        "/?q=title",
        f"/events/{event.pk}/",
        f"/actors/{actor.slug}/",
        "/countries/US/",
        "/countries/US/IN/",
        "/topics/hostile-topic/",
        "/admin/tracker/event/",
        f"/admin/tracker/event/{event.pk}/change/",
        f"/admin/tracker/event/{event.pk}/history/",
        "/admin/tracker/actor/",
        f"/admin/tracker/actor/{actor.pk}/change/",
        "/admin/tracker/topic/",
    ]


def test_markup_is_text_in_every_html_page(client: Client, event: Event, superuser: User) -> None:
    client.force_login(superuser)
    for url in html_pages(event):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert SCRIPT not in page, url
        assert IMAGE not in page, url
        assert "&lt;script&gt;" in page or "&lt;" in page, url  # shown, escaped


def test_markup_is_text_in_feeds_and_emails(client: Client, event: Event) -> None:
    feed = client.get("/feeds/events.atom").content.decode()
    assert SCRIPT not in feed
    assert IMAGE not in feed
    subscription = Subscription.objects.create(
        email="r@example.org", filters="country=US", confirmed_at=timezone.now()
    )
    now = timezone.now() + timedelta(days=1)
    message = building.render(building.build(subscription, now - scheduling.PERIOD, now))
    html = str(message.alternatives[0][0])
    assert "Title" in html
    assert SCRIPT not in html
    assert IMAGE not in html


def test_odd_unicode_comes_back_exactly(client: Client, event: Event) -> None:
    data = client.get(f"/api/v1/events/{event.pk}/").json()
    assert data["title"] == hostile("Title")
    assert data["participants"][0]["title_at_time"] == hostile("Then")
    assert data["figures"][0]["label"] == hostile("Figure")
    # TimelineJS shows its text as HTML: the export escapes markup, keeps the rest.
    slide = json.loads(client.get("/export/timeline.json").content)["events"][0]
    assert slide["text"]["headline"].startswith("Title &lt;script&gt;")
    assert slide["text"]["headline"].endswith(UNICODE)
    rows = list(csv.DictReader(io.StringIO(client.get("/export/events.csv").content.decode())))
    assert (rows[0]["title"], rows[0]["summary"]) == (hostile("Title"), hostile("Summary"))
    ics = client.get(f"/events/{event.pk}.ics").content.decode()
    assert "مرحبا" in ics


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "x" * 301),
        ("summary", "x" * 20_001),
        ("start", "2025-02-30"),
        ("start", "13/13/2025"),
        ("end", "2024-01-01"),  # before the start
        ("title", ""),
        ("countries", ["XX"]),
        ("figures", [{"label": "a", "value": "1e400", "unit": "USD"}]),
    ],
)
def test_bad_values_are_refused_by_field_and_save_nothing(
    client: Client, editor: User, field: str, value: Any
) -> None:
    client.force_login(editor)
    body = {"title": "Fine", "kind": "call", "start": "2025-02-05", field: value}
    response = client.post("/api/v1/events/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert any(key.split("[")[0].split(".")[0] in (field, "end") for key in errors), errors
    assert not Event.objects.exists()


def test_csv_cells_are_no_formulas_and_round_trip(client: Client, tmp_path: Any) -> None:
    from django.core.management import call_command

    from tracker.interchange.csv import spreadsheet_value

    texts = {
        "title": '=HYPERLINK("http://example.invalid","click")',
        "summary": "+1+1",
        "notes": "'=already quoted",
    }
    services.create_event(
        title=texts["title"],
        summary=texts["summary"],
        notes=texts["notes"],
        kind="call",
        start="2025-02-05",
        countries=["US"],
    )
    services.create_event(title="-5 % tariff", kind="call", start="2025-02", notes="@SUM(A1)")
    first = client.get("/export/events.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(first)))
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@")), (column, cell)
    by_title = {spreadsheet_value(r["title"]): r for r in rows}
    assert by_title[texts["title"]]["title"] == "'" + texts["title"]
    assert by_title[texts["title"]]["notes"] == "''=already quoted"
    path = tmp_path / "events.csv"
    path.write_text(first, encoding="utf-8")
    Event.objects.all().delete()
    call_command("import_events", str(path), stdout=io.StringIO())
    event = Event.objects.get(title=texts["title"])
    assert (event.summary, event.notes) == (texts["summary"], texts["notes"])
    assert Event.objects.get(title="-5 % tariff").notes == "@SUM(A1)"
    assert client.get("/export/events.csv").content.decode() == first
