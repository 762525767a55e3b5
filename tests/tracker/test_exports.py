"""Exports and imports: lossless JSON round trip, CSV round trip, feeds and calendars that
their readers accept, and imports that save all rows or none."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import feedparser
import icalendar
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tracker import shapes
from tracker.models import Actor, Event, Topic

pytestmark = pytest.mark.django_db


def export(fmt: str, *args: str) -> str:
    out = StringIO()
    call_command("export_events", "--format", fmt, *args, stdout=out)
    return out.getvalue()


def empty_database() -> None:
    Event.objects.all().delete()
    Actor.objects.all().delete()
    Topic.objects.all().delete()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_demo_data_round_trips(tmp_path: Path, fmt: str) -> None:
    call_command("load_demo", stdout=StringIO())
    first = export(fmt)
    if fmt == "csv":
        # CSV names actors and topics only by slug: keep them, empty the events.
        Event.objects.all().delete()
    else:
        empty_database()
    path = tmp_path / f"events.{fmt}"
    path.write_text(first, encoding="utf-8")
    out = StringIO()
    call_command("import_events", str(path), stdout=out)
    assert "Imported: 21 new, 0 updated." in out.getvalue()
    assert export(fmt) == first
    # Importing the same file again updates in place: still identical.
    call_command("import_events", str(path), stdout=StringIO())
    assert Event.objects.count() == 21
    assert export(fmt) == first


def test_json_export_is_complete() -> None:
    call_command("load_demo", stdout=StringIO())
    data = json.loads(export("json", "--filters", "country=US&country=IN&kind=deportation"))
    assert data["format"] == "engagement-tracker/1"
    assert {e["kind"] for e in data["events"]} == {"deportation"}
    event = next(e for e in data["events"] if e["figures"])
    assert {"label", "value", "unit", "period_start", "period_end"} <= set(event["figures"][0])
    assert all(e["start"][:4] == "2025" for e in data["events"])
    assert data["actors"] or data["events"][0]["participants"] == []


def test_bad_rows_import_nothing_and_are_all_reported(tmp_path: Path) -> None:
    call_command("load_demo", stdout=StringIO())
    rows = json.loads(export("json"))
    empty_database()
    rows["events"][2]["start"] = "2025-13"
    rows["events"][5]["kind"] = "gossip"
    rows["events"][7]["countries"] = ["ZZ"]
    rows["events"][9]["figures"] = [{"label": "x", "value": "lots", "unit": "USD"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="4 bad row"):
        call_command("import_events", str(path), stdout=StringIO(), stderr=err)
    report = err.getvalue()
    assert "line 3" in report
    assert "between 1 and 12" in report
    assert "line 6" in report
    assert "gossip" in report
    assert "line 8" in report
    assert "ZZ" in report
    assert "line 10" in report
    assert Event.objects.count() == 0
    assert Actor.objects.count() == 0


def test_csv_values_with_separators_round_trip(tmp_path: Path) -> None:
    """A ";", "|" or backslash inside a tag or a title at the time survives export and
    import (written after a backslash), and a spreadsheet's reader sees one cell."""
    from tests.factories import ActorFactory, EventFactory, ParticipationFactory

    event = EventFactory.create(title="Talks", countries=["US", "IN"])
    event.tags.add("trade; tariffs", "back\\slash")
    actor = ActorFactory.create(name="Piyush Goyal")
    ParticipationFactory.create(
        event=event,
        actor=actor,
        role="host",
        title_at_time="Minister of Commerce | Industry; Textiles",
    )
    first = export("csv")
    assert "trade\\; tariffs" in first
    Event.objects.all().delete()
    path = tmp_path / "events.csv"
    path.write_text(first, encoding="utf-8")
    call_command("import_events", str(path), stdout=StringIO())
    again = Event.objects.get(title="Talks")
    assert sorted(again.tags.names()) == ["back\\slash", "trade; tariffs"]
    assert again.participations.get().title_at_time == "Minister of Commerce | Industry; Textiles"
    assert export("csv") == first


def test_csv_bad_rows_and_dry_run(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "title,kind,start,countries\n"
        "Good call,call,2025-02,US; IN\n"
        "No date,meeting,,US\n"
        "Bad day,visit,31 Feb 2025,IN\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_events", str(path), stdout=StringIO(), stderr=err)
    assert "line 3" in err.getvalue()
    assert "line 4" in err.getvalue()
    assert Event.objects.count() == 0
    path.write_text("title,kind,start\nGood call,call,2025-02\n", encoding="utf-8")
    out = StringIO()
    call_command("import_events", str(path), "--dry-run", stdout=out)
    assert "Would import: 1 new" in out.getvalue()
    assert Event.objects.count() == 0
    path.write_text("name\nx\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_events", str(path), stdout=StringIO(), stderr=err)
    assert "missing columns: title, kind, start" in err.getvalue()


def test_feeds_parse_in_their_readers(client: Client) -> None:
    call_command("load_demo", stdout=StringIO())
    atom = client.get("/feeds/events.atom", {"country": "CO"})
    feed = feedparser.parse(atom.content)
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 2
    assert all("Colombia" in " ".join(t.term for t in e.tags) for e in feed.entries)
    assert feed.entries[0].link.startswith("http")

    calendar = icalendar.Calendar.from_ical(client.get("/calendar.ics").content)
    entries = list(calendar.walk("VEVENT"))
    assert len(entries) == 21
    month = next(e for e in entries if "known to the month" in str(e.get("description")))
    start, end = month.decoded("dtstart"), month.decoded("dtend")
    assert (start.day, (end - start).days) == (1, 28)  # all of February 2025
    assert any(str(e.get("status")) == "TENTATIVE" for e in entries)  # the scheduled one

    timeline = client.get("/export/timeline.json", {"country": "IN"}).json()
    assert timeline["title"]["text"]["headline"]
    for slide in timeline["events"]:
        assert set(slide["start_date"]) <= {"year", "month", "day", "display_date"}
        assert isinstance(slide["start_date"]["year"], int)
        assert slide["text"]["headline"]
        assert slide["group"]
    month_only = [s for s in timeline["events"] if "day" not in s["start_date"]]
    assert month_only  # "Feb 2025" has no made-up day

    csv_text = client.get("/export/events.csv", {"kind": "call"}).content.decode()
    assert csv_text.splitlines()[0].startswith("uid,title,kind")
    assert len(csv_text.strip().splitlines()) == 2
    assert client.get("/calendar.ics", {"country": "ZZ"}).status_code == 404


def test_timeline_links_to_its_feeds(client: Client) -> None:
    page = client.get("/", {"country": "IN"}).content.decode()
    for url in [
        "/feeds/events.atom?country=IN",
        "/calendar.ics?country=IN",
        "/export/events.csv?country=IN",
        "/export/timeline.json?country=IN",
    ]:
        assert url in page, url


@pytest.mark.usefixtures("tasks_now")
def test_admin_export_and_import_with_a_dry_run(client: Client, superuser: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    call_command("load_demo", stdout=StringIO())
    client.force_login(superuser)
    ids = [str(pk) for pk in Event.objects.values_list("pk", flat=True)]
    changelist = "/admin/tracker/event/"
    form = client.post(changelist, {"action": "export_admin_action", "_selected_action": ids})
    assert form.status_code == 200
    response = client.post(
        "/admin/tracker/event/export/",
        {
            "format": "0",
            "export_items": ids,
            **{f"eventresource_{c}": "on" for c in shapes.CSV_COLUMNS},
        },
    )
    assert response.status_code == 200, response.content[:500]
    exported = response.content.decode()
    assert exported.splitlines()[0].startswith("uid,title,kind")
    assert len(exported.strip().splitlines()) == 22

    Event.objects.all().delete()
    upload = SimpleUploadedFile("events.csv", exported.encode())
    check = client.post("/admin/tracker/event/import-file/", {"file": upload}, follow=True)
    page = check.content.decode()
    assert "21 new events" in page
    assert Event.objects.count() == 0  # a dry run first
    job_url = check.redirect_chain[-1][0]
    confirm = client.post(job_url, {"confirm": "1"})
    assert confirm.status_code == 302
    assert Event.objects.count() == 21
    assert "Imported 21 new" in client.get(job_url).content.decode()
    assert client.post(job_url, {"confirm": "1"}).status_code == 302  # again: nothing more
    assert Event.objects.count() == 21

    bad = SimpleUploadedFile("bad.csv", b"title,kind,start\nX,call,2025-13\n")
    response = client.post("/admin/tracker/event/import-file/", {"file": bad}, follow=True)
    errors = response.content.decode()
    assert "line 2" in errors
    assert "nothing was imported" in errors


@pytest.mark.usefixtures("tasks_now")
def test_admin_imports_xlsx(client: Client, superuser: Any) -> None:
    import tablib
    from django.core.files.uploadedfile import SimpleUploadedFile

    call_command("load_demo", stdout=StringIO())
    dataset = tablib.Dataset().load(export("csv"), format="csv")
    Event.objects.all().delete()
    client.force_login(superuser)
    upload = SimpleUploadedFile("events.xlsx", dataset.export("xlsx"))
    check = client.post("/admin/tracker/event/import-file/", {"file": upload}, follow=True)
    assert "21 new events" in check.content.decode()
    client.post(check.redirect_chain[-1][0], {"confirm": "1"})
    assert Event.objects.count() == 21
    assert export("csv") == dataset.export("csv").replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("huge.csv", b"title,kind,start\n" + b"x,call,2025\n" * 200, "largest accepted is 1,000"),
        ("binary.csv", bytes(range(256)) * 3, "unreadable file"),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not a readable .xlsx file"),
        ("events.json", b'{"events": [', "not JSON"),
    ],
)
@pytest.mark.usefixtures("tasks_now")
def test_admin_import_refuses_bad_files_clearly(
    client: Client, superuser: Any, settings: Any, name: str, content: bytes, message: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.IMPORT_MAX_BYTES = 1_000
    client.force_login(superuser)
    response = client.post(
        "/admin/tracker/event/import-file/",
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, page[page.find("error") - 200 : page.find("error") + 400]
    assert "nothing was imported" in page
    assert not Event.objects.exists()
