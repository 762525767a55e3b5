"""A story's PDF (its text read back with pypdf), Markdown and Atom feed: the story's
title, then each entry's note, date and title, in the story's order."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import feedparser
import pytest
from django.test import Client
from pypdf import PdfReader

from stories.models import Story
from tests.factories import EventFactory, kind, story_of
from tracker import services as record

pytestmark = pytest.mark.django_db


@pytest.fixture
def story() -> Story:
    """Events given out of date order (a story's order is the editor's), with Unicode
    titles and each precision of date."""
    tariff = EventFactory.create(
        title="Steel tariffs – 25 % from 12 March",
        kind=kind("trade-measure"),
        start=date(2025, 3, 12),
        countries=["US", "CA"],
    )
    call = EventFactory.create(
        title="Модди и Трамп: phone call with Zoë Ἀθηνᾶ",
        kind=kind("call"),
        start=date(2025, 1, 27),
        countries=["US", "IN"],
    )
    talks = EventFactory.create(
        title="Trade talks continue",
        start=date(2025, 2, 1),
        start_precision="month",
        countries=["IN", "US"],
    )
    span = EventFactory.create(
        title="Deportation flights over the years",
        kind=kind("deportation"),
        start=date(2009, 1, 1),
        start_precision="year",
        end=date(2024, 1, 1),
        end_precision="year",
        status="occurred",
        countries=["US", "IN"],
    )
    return story_of(
        call,
        tariff,
        talks,
        span,
        notes=[
            "It starts with a call.",
            "Then the tariffs *bite* <b>hard</b>.",
            "",
            "For the long view:\n\nsixteen years of flights.",
        ],
        title="A year – in four events",
        slug="a-year",
        summary="How the year went.\nAs the record tells it.",
    )


def in_order(text: str, wanted: list[str]) -> None:
    """Each of ``wanted`` appears in ``text``, each after the one before."""
    at = 0
    for item in wanted:
        found = text.find(item, at)
        assert found >= 0, f"{item!r} not found after position {at} in {text[at : at + 400]!r}"
        at = found + len(item)


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return flat("\n".join(page.extract_text() for page in reader.pages))


def test_the_pdf_has_the_title_and_each_entry_date_and_title_in_order(story: Story) -> None:
    response = Client().get("/stories/a-year.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="a-year.pdf"'
    content = response.content
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata is not None
    assert reader.metadata.title == "A year – in four events"
    text = pdf_text(content)
    in_order(
        text,
        [
            "A year – in four events",
            "How the year went.",
            "It starts with a call.",
            "1. 27 Jan 2025",
            "Модди и Трамп: phone call with Zoë Ἀθηνᾶ",
            "Phone call",
            "Then the tariffs *bite* <b>hard</b>.",
            "2. 12 Mar 2025",
            "Steel tariffs – 25 % from 12 March",
            "3. Feb 2025",
            "Trade talks continue",
            "sixteen years of flights.",
            "4. 2009–2024",
            "Deportation flights over the years",
        ],
    )
    # The fonts are embedded (nothing depends on the server's fonts).
    descriptors = []
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()["/DescendantFonts"][0].get_object()
            descriptors.append(font["/FontDescriptor"].get_object())
    assert descriptors
    assert all("/FontFile2" in descriptor for descriptor in descriptors)


def test_a_long_story_runs_over_pages_in_order() -> None:
    events = [
        EventFactory.create(title=f"Meeting number {i:02d}", start=date(2025, 1, 1 + i))
        for i in range(28)
    ]
    story_of(*events, notes=[f"Note {i:02d}." for i in range(28)], slug="long")
    content = Client().get("/stories/long.pdf").content
    assert len(PdfReader(io.BytesIO(content)).pages) > 1
    wanted = []
    for i in range(28):
        wanted += [f"Note {i:02d}.", f"{i + 1}. {1 + i} Jan 2025", f"Meeting number {i:02d}"]
    in_order(pdf_text(content), wanted)


def test_the_pdf_takes_characters_its_font_lacks_and_very_long_words() -> None:
    event = EventFactory.create(title="中美 talks " + "x" * 250, countries=["CN", "US"])
    story_of(event, notes=["يتحدث " + "y" * 300], title="习近平 and the record", slug="wide")
    response = Client().get("/stories/wide.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "talks" in text
    assert "x" * 40 in text


def test_the_markdown_has_the_notes_then_the_events_in_order(story: Story) -> None:
    response = Client().get("/stories/a-year.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("# A year – in four events\n\nHow the year went.  \nAs the record")
    links = re.findall(r"\]\(<(http://testserver/events/\d+/)>\)", text)
    assert links == [f"http://testserver{e.event.get_absolute_url()}" for e in story.entries.all()]
    in_order(
        text,
        [
            "It starts with a call.",
            "## 1. 27 Jan 2025: [Модди и Трамп: phone call with Zoë Ἀθηνᾶ]",
            "Phone call · India, United States of America",
            r"Then the tariffs \*bite\* \<b\>hard\</b\>.",
            "## 2. 12 Mar 2025: [Steel tariffs – 25 % from 12 March]",
            "Tariff or trade measure · Canada, United States of America",
            "## 3. Feb 2025: [Trade talks continue]",
            "For the long view:\n\nsixteen years of flights.",
            "## 4. 2009–2024: [Deportation flights over the years]",
            "From the engagement tracker: <http://testserver/stories/a-year/>",
        ],
    )
    assert "<b>" not in text  # markup typed in a note stays text


def atom_entries(client: Client, url: str) -> tuple[Any, list[Any]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed.feed, feed.entries


def test_the_atom_feed_has_one_entry_per_event_in_story_order(story: Story) -> None:
    feed, entries = atom_entries(Client(), "/stories/a-year/feed.atom")
    assert feed.title == "A year – in four events"
    assert feed.subtitle == "How the year went.\nAs the record tells it."
    assert [link.href for link in feed.links if link.rel == "self"] == [
        "http://testserver/stories/a-year/feed.atom"
    ]
    assert [e.title for e in entries] == [
        "27 Jan 2025: Модди и Трамп: phone call with Zoë Ἀθηνᾶ",
        "12 Mar 2025: Steel tariffs – 25 % from 12 March",
        "Feb 2025: Trade talks continue",
        "2009–2024: Deportation flights over the years",
    ]
    assert {e.summary_detail.type for e in entries} == {"text/plain"}
    assert entries[0].summary.startswith(
        "It starts with a call.\n\nPhone call · India, United States of America"
    )
    # Markup typed in a note is text, as typed.
    assert entries[1].summary.startswith("Then the tariffs *bite* <b>hard</b>.")
    assert [e.link for e in entries] == [
        f"http://testserver{entry.event.get_absolute_url()}" for entry in story.entries.all()
    ]
    ids = [e.id for e in entries]
    assert len(set(ids)) == 4
    assert all(i.startswith("urn:uuid:") for i in ids)
    assert all(e.author == "Engagement tracker" for e in entries)


def test_the_feed_follows_a_new_order_and_a_corrected_event(story: Story) -> None:
    from stories import services

    entries = list(story.entries.select_related("event"))
    before = {e.event.title: e for e in entries}
    _, old = atom_entries(Client(), "/stories/a-year/feed.atom")
    old_ids = {e.title: e.id for e in old}
    services.set_entries(
        story=story,
        entries=[services.EntryData(e.event, e.note) for e in reversed(entries)],
    )
    record.update_event(before["Trade talks continue"].event, title="Trade talks go on")
    _, new = atom_entries(Client(), "/stories/a-year/feed.atom")
    titles = [e.title for e in new]
    assert titles[0] == "2009–2024: Deportation flights over the years"
    assert titles[1] == "Feb 2025: Trade talks go on"
    assert new[0].id == old_ids[titles[0]]  # an entry keeps its id when it moves


def test_an_empty_story_exports_too() -> None:
    story_of(title="Nothing yet", slug="empty", summary="")
    client = Client()
    assert client.get("/stories/empty.pdf").status_code == 200
    assert client.get("/stories/empty.md").content.decode().startswith("# Nothing yet\n")
    _, entries = atom_entries(client, "/stories/empty/feed.atom")
    assert entries == []
