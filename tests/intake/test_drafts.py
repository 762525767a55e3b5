"""Reviewing drafts in the admin: add from article, accept, reject, merge."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from intake import drafts
from intake.models import ArticleImport, DraftEvent
from tests.factories import EventFactory, kind
from tracker.dates import PartialDate
from tracker.models import Actor, Event

pytestmark = pytest.mark.django_db

ARTICLES = Path(__file__).resolve().parent / "articles"
ADD = "admin:intake_articleimport_add"


def add_article(client: Client, name: str = "modi-washington.txt", **extra: Any) -> Any:
    data = {
        "text": (ARTICLES / name).read_text(),
        "url": "https://wire.example.org/modi",
        "published": "",
        "outlet": "",
        "title": "",
        **extra,
    }
    return client.post(reverse(ADD), data, follow=True)


def test_add_from_article_finds_drafts_and_marks_the_evidence(client: Client, editor: Any) -> None:
    client.force_login(editor)
    response = add_article(client)
    assert response.status_code == 200
    article = ArticleImport.objects.get()
    assert str(article.published) == "2025-02-14"
    assert article.outlet == "Sample Wire (test text)"
    assert article.drafts.count() == 4
    page = response.content.decode()
    assert "Found 4 draft event(s)" in page
    # The review screen: each draft's evidence marked in its colour, linked to its card.
    visit = article.drafts.get(kind__slug="visit")
    assert (
        f'data-card="card-{visit.pk}">Prime Minister Narendra Modi met President Donald Trump'
        in page
    )
    assert page.count('<article class="card') == 4
    draft = article.drafts.get(kind__slug="visit")
    review = client.get(reverse("admin:intake_draftevent_change", args=[draft.pk]))
    assert "Save and accept" in review.content.decode()


def test_upload_html_and_bad_input(client: Client, editor: Any) -> None:
    client.force_login(editor)
    html = (
        b"<html><body><p>Published: 2025-02-14</p><p>Modi met Trump on Thursday.</p></body></html>"
    )
    upload = SimpleUploadedFile("a.html", html, content_type="text/html")
    client.post(
        reverse(ADD),
        {"text": "", "upload": upload, "published": "", "url": "", "outlet": "", "title": ""},
    )
    assert ArticleImport.objects.get().drafts.count() == 1
    binary = SimpleUploadedFile("a.txt", b"\x00\x01\x02binary", content_type="text/plain")
    response = client.post(
        reverse(ADD),
        {"text": "", "upload": binary, "published": "", "url": "", "outlet": "", "title": ""},
    )
    assert "binary data" in response.content.decode()
    empty = client.post(
        reverse(ADD), {"text": " ", "published": "", "url": "", "outlet": "", "title": ""}
    )
    assert "empty" in empty.content.decode()
    assert ArticleImport.objects.count() == 1


def test_accepting_a_draft_creates_the_event(client: Client, editor: Any) -> None:
    client.force_login(editor)
    add_article(client)
    draft = DraftEvent.objects.get(kind__slug="visit")
    url = reverse("admin:intake_draftevent_change", args=[draft.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["kind"] = str(draft.kind_id)
    data["title"] = "Modi visits Trump at the White House"
    data["_accept"] = "1"
    response = client.post(url, data, follow=True)
    assert "Saved as" in response.content.decode()
    event = Event.objects.get()
    assert (event.title, event.display_date, event.status) == (
        "Modi visits Trump at the White House",
        "13 Feb 2025",
        "occurred",
    )
    assert {p.actor.name for p in event.participations.all()} == {"Narendra Modi", "Donald Trump"}
    assert event.participations.get(actor__name="Narendra Modi").title_at_time == "Prime Minister"
    source = event.sources.get()
    assert (source.url, source.outlet) == (
        "https://wire.example.org/modi",
        "Sample Wire (test text)",
    )
    assert "White House" in source.excerpt
    assert event.figures.get().display_value == "500 bn USD"
    assert event.created_by == editor
    draft.refresh_from_db()
    assert (draft.state, draft.event) == ("accepted", event)
    # Known actors are reused, not duplicated.
    other = DraftEvent.objects.get(kind__slug="call")
    drafts.accept(other)
    assert Actor.objects.filter(name="Donald Trump").count() == 1


def test_a_draft_without_a_date_is_not_accepted(client: Client, editor: Any) -> None:
    client.force_login(editor)
    add_article(client, "steel-tariffs.txt")
    undated = DraftEvent.objects.get(kind__slug="call")
    with pytest.raises(Exception, match="Give the date"):
        drafts.accept(undated)
    undated.refresh_from_db()
    assert undated.state == "pending"
    assert Event.objects.count() == 0
    drafts.reject(undated)
    undated.refresh_from_db()
    assert undated.state == "rejected"


def test_merging_into_an_existing_event(editor: Any) -> None:
    existing = EventFactory.create(
        kind=kind("deportation"), countries=["US"], start=PartialDate.parse("2025-02-05").first_day
    )
    stored = drafts.save_article(
        drafts.Article(
            text=(ARTICLES / "modi-washington.txt").read_text().split("\n\n", 1)[1],
            published=PartialDate.parse("2025-02-14").first_day,
            url="https://x.example/a",
        )
    )
    draft = stored.drafts.get(kind__slug="deportation")
    assert existing in drafts.similar_events(draft)
    draft.merge_into = existing
    draft.save()
    assert drafts.accept(draft, user=editor) == existing
    existing.refresh_from_db()
    assert sorted(existing.country_codes) == ["IN", "US"]
    assert existing.sources.filter(url="https://x.example/a").exists()
    assert existing.figures.filter(unit="persons", value=104).exists()
    assert Event.objects.count() == 1


def test_extract_events_save(capsys: Any) -> None:
    out = StringIO()
    call_command("extract_events", str(ARTICLES / "colombia-flights.txt"), "--save", stdout=out)
    assert '"review": "/admin/intake/articleimport/' in out.getvalue()
    assert ArticleImport.objects.get().drafts.count() == 3


def test_every_unit_extraction_writes_is_one_the_record_keeps() -> None:
    from intake.extraction.figures import CURRENCY
    from tracker.choices import FigureUnit

    written = {*CURRENCY.values(), "percent", "pp", "persons", "aircraft", "flights", "count"}
    assert written <= set(FigureUnit.values)


@pytest.mark.django_db
def test_a_draft_with_figures_in_ringgit_is_accepted(client: Client, editor: Any) -> None:
    client.force_login(editor)
    text = (
        "Published: 2024-09-19\n\nMalaysia and Singapore signed an investment agreement on "
        "Thursday worth RM2.5 billion."
    )
    response = client.post(
        reverse(ADD),
        {"text": text, "url": "", "published": "", "outlet": "", "title": ""},
        follow=True,
    )
    assert response.status_code == 200
    draft = DraftEvent.objects.get()
    assert [f["unit"] for f in draft.figures] == ["MYR"]
    event = drafts.accept(draft)
    assert event.figures.get().unit == "MYR"
