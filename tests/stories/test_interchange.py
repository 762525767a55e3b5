"""A story's JSON file: export then import into an empty story table gives the same story
(title, slug, summary, entries, order, notes), byte for byte the same file again; an
import updates the story with its uid; bad files are refused with every problem named,
a non-zero exit and nothing written."""

from __future__ import annotations

import json
import uuid
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from stories.interchange import FORMAT, StoryFileError, import_json
from stories.models import Story, StoryEntry
from tests.factories import EventFactory, StoryFactory, story_of
from tracker.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

NOTES = ["Where it starts – the first call.", "", "Then, a “tariff” of 25 %.\n\nTwo lines."]


@pytest.fixture
def story() -> Story:
    first = EventFactory.create(title="Modi and Trump speak", start=date(2025, 1, 27))
    second = EventFactory.create(title="Zoë's visit to Reykjavík", start=date(2025, 2, 13))
    third = EventFactory.create(
        title="Тариф: 25 % on steel", start=date(2025, 3, 1), start_precision="month"
    )
    return story_of(
        third,
        first,
        second,
        notes=NOTES,
        title="Steel – and after",
        slug="steel-and-after",
        summary="What happened.\n\nIn order.",
        view="country=US",
    )


def export(slug: str, path: Path) -> str:
    call_command("export_story", slug, "-o", str(path), stderr=StringIO())
    return path.read_text(encoding="utf-8")


def run_import(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_story", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def shape(story: Story) -> dict[str, Any]:
    return {
        "uid": story.uid,
        "title": story.title,
        "slug": story.slug,
        "summary": story.summary,
        "view": story.view,
        "entries": [
            (e.position, e.event.uid, e.note)
            for e in StoryEntry.objects.filter(story=story).select_related("event")
        ],
    }


def test_a_story_round_trips_through_export_and_import(story: Story, tmp_path: Path) -> None:
    before = shape(story)
    path = tmp_path / "story.json"
    text = export(story.slug, path)
    data = json.loads(text)
    assert data["format"] == FORMAT
    assert [e["event_title"] for e in data["entries"]] == [
        "Тариф: 25 % on steel",
        "Modi and Trump speak",
        "Zoë's visit to Reykjavík",
    ]
    assert [e["event_date"] for e in data["entries"]] == ["Mar 2025", "27 Jan 2025", "13 Feb 2025"]
    # The same file from the site.
    assert Client().get(f"/stories/{story.slug}.json").content.decode() == text

    Story.objects.all().delete()  # a clean story table; the events stay
    assert not StoryEntry.objects.exists()
    out, err = run_import(path)
    assert "Created the story “Steel – and after” (3 events)" in out
    assert err == ""
    again = Story.objects.get()
    assert shape(again) == before
    assert [e.note for e in StoryEntry.objects.filter(story=again)] == NOTES
    assert export(again.slug, tmp_path / "again.json") == text


def test_importing_a_story_with_a_known_uid_updates_it(story: Story, tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    data = json.loads(export(story.slug, path))
    data["title"] = "Steel, revised"
    data["entries"] = [
        dict(data["entries"][2], position=1),
        dict(data["entries"][0], note="N", position=2),
    ]
    path.write_text(json.dumps(data), encoding="utf-8")
    out, _ = run_import(path)
    assert "Updated the story “Steel, revised” (2 events)" in out
    story.refresh_from_db()
    assert Story.objects.count() == 1
    assert [(e.event.title, e.note) for e in story.entries.select_related("event")] == [
        ("Zoë's visit to Reykjavík", NOTES[2]),
        ("Тариф: 25 % on steel", "N"),
    ]


def file_with(story: Story, tmp_path: Path, change: Any) -> Path:
    path = tmp_path / "story.json"
    data = json.loads(export(story.slug, path))
    changed = change(data)
    path.write_text(
        changed if isinstance(changed, str) else json.dumps(changed if changed else data),
        encoding="utf-8",
    )
    return path


UNKNOWN = [str(uuid.UUID(int=1)), str(uuid.UUID(int=2))]


def unknown_events(data: dict[str, Any]) -> dict[str, Any]:
    data["title"] = "Must not be written"
    data["entries"][0]["event"] = UNKNOWN[0]
    data["entries"][2]["event"] = UNKNOWN[1]
    return data


BAD: dict[str, tuple[Any, str]] = {
    "not json": (lambda d: '{"format": ', "Not JSON"),
    "nested too deeply": (lambda d: "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "a list": (lambda d: "[]", "Expected a JSON object"),
    "another format": (lambda d: dict(d, format="engagement-tracker/1"), "Not a story file"),
    "unknown events": (unknown_events, f"Unknown event uids: {UNKNOWN[0]}, {UNKNOWN[1]}."),
    "a bad uid": (lambda d: dict(d, uid="nope"), "“uid” is not a UUID"),
    "entries not a list": (lambda d: dict(d, entries={"a": 1}), "“entries” must be a list"),
    "an event twice": (
        lambda d: dict(d, entries=[d["entries"][0], dict(d["entries"][0], position=2)]),
        "is in the story twice",
    ),
    "a position twice": (
        lambda d: dict(d, entries=[d["entries"][0], dict(d["entries"][1], position=1)]),
        "position 1 is taken",
    ),
    "a bad position": (
        lambda d: dict(d, entries=[dict(d["entries"][0], position="1")]),
        "“position” must be a whole number",
    ),
    "a note not text": (
        lambda d: dict(d, entries=[dict(d["entries"][0], note=["x"])]),
        "“note” must be text",
    ),
    "a control character": (
        lambda d: dict(d, entries=[dict(d["entries"][0], note="bell \u0007")]),
        "entries[0].note: Control characters",
    ),
    "a title too long": (lambda d: dict(d, title="x" * 201), "title: Ensure this value"),
    "a blank title": (lambda d: dict(d, title=""), "title: This field cannot be blank"),
    "a bad slug": (lambda d: dict(d, slug="no spaces allowed"), "slug: "),
    "a bad view": (lambda d: dict(d, view="country=XX"), "view: These filters are not valid"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_file_is_refused_with_its_problems_and_writes_nothing(
    story: Story, tmp_path: Path, case: str
) -> None:
    change, message = BAD[case]
    before = shape(story)
    path = file_with(story, tmp_path, change)
    err = StringIO()
    with pytest.raises(CommandError, match="not imported, nothing was written"):
        call_command("import_story", str(path), stdout=StringIO(), stderr=err)
    assert message in err.getvalue(), err.getvalue()
    story.refresh_from_db()
    assert shape(story) == before
    assert Story.objects.count() == 1
    # And as a new story (another uid): nothing created either.
    if case not in ("not json", "nested too deeply", "a list", "a bad uid"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["uid"] = str(uuid.uuid4())
        if case != "a bad slug":
            data["slug"] = "new-slug"
        with pytest.raises(StoryFileError):
            import_json(json.dumps(data))
        assert Story.objects.count() == 1


def test_a_slug_taken_by_another_story_is_refused(story: Story, tmp_path: Path) -> None:
    StoryFactory.create(slug="taken")
    path = file_with(story, tmp_path, lambda d: dict(d, uid=str(uuid.uuid4()), slug="taken"))
    with pytest.raises(StoryFileError) as caught:
        import_json(path.read_text(encoding="utf-8"))
    assert any(p.startswith("slug: ") for p in caught.value.problems)
    assert Story.objects.count() == 2


def test_unreadable_files_and_unknown_slugs_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_story", str(tmp_path / "missing.json"))
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_story", str(binary))
    with pytest.raises(CommandError, match="No story has the slug"):
        call_command("export_story", "no-such-story")
    with pytest.raises(CommandError, match="No story has the slug"):
        call_command("export_story", "nul\x00")
    assert not Story.objects.exists()
    assert not Event.objects.exists()


def test_an_empty_story_round_trips(tmp_path: Path) -> None:
    story = StoryFactory.create(title="Nothing yet", slug="nothing-yet", summary="")
    path = tmp_path / "empty.json"
    text = export(story.slug, path)
    Story.objects.all().delete()
    run_import(path)
    assert export("nothing-yet", tmp_path / "again.json") == text
