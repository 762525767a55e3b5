"""Writes to stories: typed, keyword-only, atomic, validated (as tracker.services).

Each call writes everything it was asked to or nothing: it runs in one transaction and
validates the story and every entry (``full_clean`` plus the story's own rules: an event
at most once, at most MAX_ENTRIES entries) before anything is saved. Problems are
``ValidationError``s keyed by field, with ``entries[2].note`` for an entry's field.

Entries are given in story order; their positions are written 1, 2, 3 … in that order.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import QueryDict
from django.utils.text import slugify

from tracker.filters import EventFilter, canonical_query
from tracker.models import Event

from .models import Story, StoryEntry

# The most events a story holds (its page, feed and exports show them all).
MAX_ENTRIES = 500
# The most events one fill from a saved view adds, unless told otherwise.
FILL_LIMIT = 100


@dataclass(frozen=True)
class EntryData:
    """One entry as the services take it: an event (or its id) and the note before it."""

    event: Event | int
    note: str = ""


@dataclass(frozen=True)
class FillResult:
    """What a fill from a saved view did: events added, matching events already in the
    story (skipped), and matching events left out by the limit."""

    added: int
    already: int
    left_out: int


class _Errors:
    """Field errors from several objects, raised together as one ValidationError."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def add_from(self, prefix: str, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            key = prefix if name == "__all__" else f"{prefix}.{name}" if prefix else name
            for message in messages:
                self.add(key or "non_field_errors", message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _entry_data(item: Any) -> EntryData:
    if isinstance(item, EntryData):
        return item
    if isinstance(item, Mapping):
        return EntryData(**item)
    raise TypeError("an entry is an event and a note")


def _resolve_entries(
    story: Story, items: Sequence[EntryData | Mapping[str, Any]], errors: _Errors
) -> list[StoryEntry]:
    """The entries as unsaved rows in story order (positions 1, 2, 3 …), each validated;
    problems go to ``errors``."""
    if len(items) > MAX_ENTRIES:
        errors.add("entries", f"A story holds at most {MAX_ENTRIES} events.")
        return []
    data: list[EntryData | None] = []
    for index, item in enumerate(items):
        try:
            data.append(_entry_data(item))
        except TypeError as exc:
            errors.add(f"entries[{index}]", str(exc))
            data.append(None)
    ids = [d.event for d in data if d is not None and not isinstance(d.event, Event)]
    valid_ids = [i for i in ids if isinstance(i, int) and not isinstance(i, bool) and i > 0]
    found = Event.objects.in_bulk(valid_ids)
    missing = [str(i) for i in ids if i not in found]
    if missing:
        errors.add("entries", f"Unknown events: {', '.join(missing)}.")
    rows: list[StoryEntry] = []
    seen: dict[int, int] = {}
    for index, d in enumerate(data):
        if d is None:
            continue
        event = d.event if isinstance(d.event, Event) else found.get(d.event)
        if event is None:
            continue
        if event.pk in seen:
            errors.add(
                f"entries[{index}].event",
                f"“{event.title}” is in the story already (entry {seen[event.pk] + 1}).",
            )
            continue
        seen[event.pk] = index
        row = StoryEntry(story=story, event=event, position=len(rows) + 1, note=d.note)
        try:
            row.full_clean(exclude=["story"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors.add_from(f"entries[{index}]", exc)
        rows.append(row)
    return rows


def _free_slug(title: str, story: Story) -> str:
    """The title's slug, numbered if another story has it ("trade-talks-2")."""
    base = slugify(title)[:90].strip("-") or "story"
    taken = set(
        Story.objects.filter(slug__startswith=base)
        .exclude(pk=story.pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _write(
    story: Story,
    *,
    fields: Mapping[str, Any],
    entries: Sequence[EntryData | Mapping[str, Any]] | None,
) -> Story:
    errors = _Errors()
    for name, value in fields.items():
        if value is not None:
            setattr(story, name, value)
    if not story.slug and story.title:
        story.slug = _free_slug(story.title, story)
    rows = _resolve_entries(story, entries, errors) if entries is not None else None
    try:
        story.full_clean()
    except ValidationError as exc:
        errors.add_from("", exc)
    errors.raise_if_any()
    story.save()
    if rows is not None:
        _write_entries(story, rows)
    return story


def _write_entries(story: Story, rows: list[StoryEntry]) -> None:
    """Make the story's entries exactly ``rows`` (in order), keeping the rows of events
    that stay (their ``added`` time) and touching only what changes. Rows that move go
    through positions beyond any in use first, so no two ever share one."""
    current = {e.event_id: e for e in StoryEntry.objects.filter(story=story)}
    wanted = {row.event_id for row in rows}
    gone = [e.pk for event_id, e in current.items() if event_id not in wanted]
    if gone:
        StoryEntry.objects.filter(pk__in=gone).delete()
    moved: list[StoryEntry] = []
    new: list[StoryEntry] = []
    for row in rows:
        entry = current.get(row.event_id)
        if entry is None:
            new.append(row)
        elif (entry.position, entry.note) != (row.position, row.note):
            entry.position, entry.note = row.position, row.note
            moved.append(entry)
    if moved:
        beyond = max(e.position for e in current.values()) + len(rows) + 1
        finals = [e.position for e in moved]
        for entry in moved:
            entry.position += beyond
        StoryEntry.objects.bulk_update(moved, ["position"])
        for entry, final in zip(moved, finals, strict=True):
            entry.position = final
        StoryEntry.objects.bulk_update(moved, ["position", "note"])
    if new:
        StoryEntry.objects.bulk_create(new)


@transaction.atomic
def create_story(
    *,
    title: str,
    slug: str = "",
    summary: str = "",
    view: str = "",
    entries: Sequence[EntryData | Mapping[str, Any]] = (),
    created_by: User | None = None,
    uid: uuid.UUID | str | None = None,
) -> Story:
    """Create a story with its entries (in order), or nothing at all. Without a slug, the
    title's is used (numbered if taken)."""
    story = Story(created_by=created_by)
    if uid is not None:
        try:
            story.uid = uid if isinstance(uid, uuid.UUID) else uuid.UUID(str(uid))
        except ValueError:
            raise ValidationError({"uid": f"Not a UUID: “{uid}”."}) from None
    fields = {"title": title, "slug": slug, "summary": summary, "view": view}
    return _write(story, fields=fields, entries=list(entries))


@transaction.atomic
def update_story(
    *,
    story: Story,
    title: str | None = None,
    slug: str | None = None,
    summary: str | None = None,
    view: str | None = None,
    entries: Sequence[EntryData | Mapping[str, Any]] | None = None,
) -> Story:
    """Change the given parts of a story; entries given replace the old ones whole (in
    the order given)."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    fields = {"title": title, "slug": slug, "summary": summary, "view": view}
    return _write(story, fields=fields, entries=None if entries is None else list(entries))


def set_entries(*, story: Story, entries: Sequence[EntryData | Mapping[str, Any]]) -> Story:
    """Make the story's entries exactly these, in this order."""
    return update_story(story=story, entries=entries)


def view_query(text: str) -> str:
    """A saved view as the timeline reads it: a query string (``country=US&topic=trade``)
    or a timeline address that ends with one, checked and in canonical form. A view that
    is not valid is a ValidationError on "view"."""
    text = text.strip()
    if "?" in text:
        text = text.split("?", 1)[1]
    text = text.split("#", 1)[0]
    try:
        return canonical_query(text)
    except ValueError as exc:
        raise ValidationError({"view": str(exc)}) from None


@transaction.atomic
def fill_from_view(*, story: Story, view: str, limit: int = FILL_LIMIT) -> FillResult:
    """Add the events of a saved view (the timeline's query string, read by the one
    EventFilter) after the story's entries: oldest first, at most ``limit`` of them, never
    beyond MAX_ENTRIES in all; events already in the story are skipped. The story
    remembers the view."""
    query = view_query(view)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_ENTRIES:
        raise ValidationError({"limit": f"Add from 1 to {MAX_ENTRIES} events at a time."})
    story = Story.objects.select_for_update().get(pk=story.pk)
    filterset = EventFilter(QueryDict(query), queryset=Event.objects.all())
    if not filterset.is_valid():  # canonical_query checked it already; say so all the same
        raise ValidationError({"view": "These filters are not valid."})
    matching = filterset.qs
    present = StoryEntry.objects.filter(story=story)
    in_story = present.values("event_id")
    already = matching.filter(pk__in=in_story).count()
    room = MAX_ENTRIES - present.count()
    candidates = matching.exclude(pk__in=in_story).order_by("span_start", "id")
    events = list(candidates[: max(0, min(limit, room))])
    left_out = candidates.count() - len(events)
    last = present.aggregate(last=Max("position"))["last"] or 0
    StoryEntry.objects.bulk_create(
        [
            StoryEntry(story=story, event=event, position=last + n)
            for n, event in enumerate(events, 1)
        ]
    )
    story.view = query
    story.full_clean()
    story.save()
    return FillResult(added=len(events), already=already, left_out=left_out)


@transaction.atomic
def delete_stories(*, stories: Iterable[Story]) -> int:
    """Delete stories with their entries (never the events); returns how many."""
    ids = [s.pk for s in stories]
    Story.objects.filter(pk__in=ids).delete()
    return len(ids)


@dataclass(frozen=True)
class StoryRecord:
    """A story as an export file describes it: events by their uid."""

    uid: uuid.UUID
    title: str
    slug: str
    summary: str = ""
    view: str = ""
    entries: tuple[tuple[uuid.UUID, str], ...] = ()  # (event uid, note), in order


@transaction.atomic
def save_story_record(*, record: StoryRecord, created_by: User | None = None) -> tuple[Story, bool]:
    """Create the story of ``record``, or update the story with its uid (its entries
    replaced whole); returns the story and whether it was created. Events unknown here
    are listed in one ValidationError on "entries", and nothing is written."""
    uids = [event_uid for event_uid, _ in record.entries]
    found = Event.objects.in_bulk(uids, field_name="uid")
    missing = [str(u) for u in uids if u not in found]
    if missing:
        raise ValidationError({"entries": [f"Unknown event uids: {', '.join(missing)}."]})
    entries = [EntryData(event=found[u], note=note) for u, note in record.entries]
    existing = Story.objects.select_for_update().filter(uid=record.uid).first()
    if existing is not None:
        story = update_story(
            story=existing,
            title=record.title,
            slug=record.slug,
            summary=record.summary,
            view=record.view,
            entries=entries,
        )
        return story, False
    story = create_story(
        uid=record.uid,
        title=record.title,
        slug=record.slug,
        summary=record.summary,
        view=record.view,
        entries=entries,
        created_by=created_by,
    )
    return story, True
