"""The demo story: made from the demo events (by their demo uids), in order, labelled as
demo; a second run leaves it as it is; without the demo events it is skipped."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from stories.demo import ENTRIES, STORY_UID, load_demo_stories
from stories.models import Story
from tracker.management.commands.load_demo import demo_uid

pytestmark = pytest.mark.django_db


def test_the_demo_story_is_made_from_the_demo_events_in_order() -> None:
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    story = load_demo_stories(out)
    assert story is not None
    assert story.uid == STORY_UID
    assert "(demo)" in story.title
    assert story.summary.startswith("Demo story")
    entries = list(story.entries.select_related("event"))
    assert [e.event.uid for e in entries] == [demo_uid(key) for key, _ in ENTRIES]
    assert [e.note for e in entries] == [note for _, note in ENTRIES]
    again = StringIO()
    assert load_demo_stories(again) == story
    assert "there already" in again.getvalue()
    assert Story.objects.count() == 1


def test_without_the_demo_events_the_demo_story_is_skipped() -> None:
    out = StringIO()
    assert load_demo_stories(out) is None
    assert "skipped" in out.getvalue()
    assert not Story.objects.exists()
