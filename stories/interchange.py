"""A story in and out: the JSON file (export and import, events by their stable uid) and
the Markdown export.

The JSON file::

    {"format": "engagement-tracker-story/1", "uid": "…", "title": "…", "slug": "…",
     "summary": "…", "view": "country=US&country=IN",
     "entries": [{"position": 1, "note": "…", "event": "<event uid>",
                  "event_title": "…", "event_date": "21 Mar 2025"}, …]}

``event_title`` and ``event_date`` are there for people reading the file; an import reads
the event by its uid only (the event must be in the record already: import the events
first with ``import_events``)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from tracker.choices import EventStatus

from . import services
from .models import Story, StoryEntry
from .services import StoryRecord

FORMAT = "engagement-tracker-story/1"


class StoryFileError(ValueError):
    """A story file that cannot be imported, with every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


# JSON ---------------------------------------------------------------------------------


def story_data(story: Story, entries: list[StoryEntry]) -> dict[str, Any]:
    """The story as plain data (``entries`` in order, with their events)."""
    return {
        "format": FORMAT,
        "uid": str(story.uid),
        "title": story.title,
        "slug": story.slug,
        "summary": story.summary,
        "view": story.view,
        "entries": [
            {
                "position": n,
                "note": entry.note,
                "event": str(entry.event.uid),
                "event_title": entry.event.title,
                "event_date": entry.event.display_date,
            }
            for n, entry in enumerate(entries, 1)
        ],
    }


def to_json(story: Story, entries: list[StoryEntry]) -> str:
    return json.dumps(story_data(story, entries), indent=2, ensure_ascii=False) + "\n"


def _text(data: dict[str, Any], key: str, problems: list[str], *, where: str = "") -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}“{key}” must be text.")
        return ""
    return value


def _uid(value: Any, what: str, problems: list[str]) -> uuid.UUID | None:
    if not isinstance(value, str):
        problems.append(f"{what} must be a UUID (text).")
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        problems.append(f"{what} is not a UUID: “{value[:60]}”.")
        return None


def read_record(text: str) -> StoryRecord:
    """The story a JSON file describes, checked for shape (not yet against the record).
    Raises StoryFileError with every problem found."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise StoryFileError([f"Not JSON: {exc}."]) from None
    except RecursionError:
        raise StoryFileError(["Not readable: nested too deeply."]) from None
    if not isinstance(data, dict):
        raise StoryFileError(["Expected a JSON object (a story), not a list or a value."])
    if data.get("format") != FORMAT:
        raise StoryFileError([f'Not a story file: expected "format": "{FORMAT}".'])
    problems: list[str] = []
    story_uid = _uid(data.get("uid"), "“uid”", problems)
    title = _text(data, "title", problems)
    slug = _text(data, "slug", problems)
    summary = _text(data, "summary", problems)
    view = _text(data, "view", problems)
    items = data.get("entries", [])
    if not isinstance(items, list):
        problems.append("“entries” must be a list.")
        items = []
    if len(items) > services.MAX_ENTRIES:
        problems.append(f"A story holds at most {services.MAX_ENTRIES} events ({len(items)}).")
        items = []
    rows: list[tuple[int, int, uuid.UUID, str]] = []
    positions: set[int] = set()
    events: set[uuid.UUID] = set()
    for index, item in enumerate(items):
        where = f"Entry {index + 1}: "
        if not isinstance(item, dict):
            problems.append(f"{where}expected an object.")
            continue
        event = _uid(item.get("event"), f"{where}“event”", problems)
        note = _text(item, "note", problems, where=where)
        position = item.get("position", index + 1)
        if isinstance(position, bool) or not isinstance(position, int) or position < 1:
            problems.append(f"{where}“position” must be a whole number from 1.")
            continue
        if position in positions:
            problems.append(f"{where}position {position} is taken by another entry.")
        positions.add(position)
        if event is None:
            continue
        if event in events:
            problems.append(f"{where}event {event} is in the story twice.")
        events.add(event)
        rows.append((position, index, event, note))
    if problems or story_uid is None:
        raise StoryFileError(problems)
    rows.sort()
    return StoryRecord(
        uid=story_uid,
        title=title,
        slug=slug,
        summary=summary,
        view=view,
        entries=tuple((event, note) for _, _, event, note in rows),
    )


def messages(error: ValidationError) -> list[str]:
    """A service's ValidationError as lines: “field: message”."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        f"{field}: {message}" if field not in ("__all__", "non_field_errors") else message
        for field, found in error.message_dict.items()
        for message in found
    ]


def import_json(text: str, *, created_by: User | None = None) -> tuple[Story, bool]:
    """Create or update (by uid) the story a JSON file describes, all or nothing; returns
    it and whether it was created. Raises StoryFileError with every problem found."""
    record = read_record(text)
    if record.view:
        try:
            record = StoryRecord(**{**vars(record), "view": services.view_query(record.view)})
        except ValidationError as exc:
            raise StoryFileError(messages(exc)) from None
    try:
        return services.save_story_record(record=record, created_by=created_by)
    except ValidationError as exc:
        raise StoryFileError(messages(exc)) from None


# Markdown -----------------------------------------------------------------------------

# Characters Markdown reads as markup anywhere in a line, and at its start.
INLINE = re.compile(r"([\\`*_\[\]<>|~!#])")
LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.M)


def escape(text: str) -> str:
    """Plain text as Markdown shows it: markup characters escaped, so a title or note
    with ``*``, ``<script>`` or ``[link](…)`` reads as typed."""
    text = INLINE.sub(r"\\\1", text)
    return LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def paragraphs(text: str) -> str:
    """Plain text's lines kept: a line break inside a paragraph as a hard break."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return "\n\n".join("  \n".join(escape(line) for line in b.split("\n")) for b in blocks)


def to_markdown(story: Story, entries: list[StoryEntry], link: Callable[[str], str]) -> str:
    """The story as Markdown: title, introduction, then each entry's note and event (date,
    title linked to its page, kind, countries). ``link`` makes a path absolute."""
    out = [f"# {escape(story.title)}", ""]
    if story.summary.strip():
        out += [paragraphs(story.summary), ""]
    for n, entry in enumerate(entries, 1):
        event = entry.event
        out += ["---", ""]
        if entry.note.strip():
            out += [paragraphs(entry.note), ""]
        url = link(event.get_absolute_url())
        out += [f"## {n}. {escape(event.display_date)}: [{escape(event.title)}](<{url}>)", ""]
        countries = ", ".join(c.name for c in event.countries.all())
        facts = [event.kind.name]
        if event.status != EventStatus.OCCURRED:
            facts.append(event.get_status_display())
        if countries:
            facts.append(countries)
        out += [escape(" · ".join(facts)), ""]
    out += ["---", "", f"From the engagement tracker: <{link(story.get_absolute_url())}>", ""]
    return "\n".join(out)
