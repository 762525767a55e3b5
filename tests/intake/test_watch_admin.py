"""Watched sources and the review queue in the admin: adding a source, "Fetch now", its
history and state, "Add from URL", what is new since the editor last looked, rejecting in
bulk, and the daily email of drafts waiting for review."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.utils import timezone

from intake import reminders
from intake.models import (
    ArticleImport,
    DraftEvent,
    FetchRun,
    ReviewReminder,
    ReviewReminderSent,
    WatchedSource,
)
from tests.intake.feedserver import FeedServer, Route, article

pytestmark = pytest.mark.django_db
SOURCES = "/admin/intake/watchedsource/"
QUEUE = "/admin/intake/articleimport/"


@pytest.fixture
def server(settings: Any) -> Iterator[FeedServer]:
    settings.FETCH_ALLOW = ["127.0.0.1"]
    settings.FETCH_TIMEOUT = 1.0
    running = FeedServer().start()
    running.serve_articles("colombia-flights", "steel-tariffs", "oil-sanctions")
    running.serve_feed(
        [
            ("a", "/news/colombia-flights", "colombia-flights"),
            ("b", "/news/steel-tariffs", "steel-tariffs"),
        ]
    )
    yield running
    running.stop()


@pytest.fixture
def editor_client(editor: User) -> Client:
    editor.email = "editor@example.org"
    editor.save()
    client = Client()
    client.force_login(editor)
    return client


def add_source(client: Client, address: str, **fields: Any) -> Any:
    data = {"name": "State press", "url": address, "outlet": "State press", "countries": ["US"]}
    data |= {"every": "60", "active": "on", "runs-TOTAL_FORMS": "0", "runs-INITIAL_FORMS": "0"}
    return client.post(f"{SOURCES}add/", {**data, **fields})


def test_an_editor_adds_a_source_and_fetches_it_now(
    server: FeedServer, editor_client: Client, tasks_now: None
) -> None:
    response = add_source(editor_client, server.url("/feed.xml"))
    assert response.status_code == 302, response.content.decode()[:2000]
    source = WatchedSource.objects.get()
    assert source.next_fetch <= timezone.now()  # due at once: the dispatcher takes it
    page = editor_client.get(f"{SOURCES}{source.pk}/change/")
    assert b"Fetch now" in page.content
    assert b"Not fetched yet." in page.content
    done = editor_client.post(f"{SOURCES}{source.pk}/fetch/", follow=True)
    assert "State press: 2 new article(s) to review." in done.content.decode()
    assert ArticleImport.objects.filter(watched_source=source).count() == 2
    history = editor_client.get(f"{SOURCES}{source.pk}/change/").content.decode()
    assert "Fetch history" in history
    assert "Fetched." in history
    listing = editor_client.get(SOURCES).content.decode()
    assert "State press" in listing


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"url": "ftp://example.org/feed"}, "Only http and https addresses are fetched."),
        ({"url": "http://127.0.0.1/feed"}, "not a public address"),
        ({"url": "http://[::ffff:10.0.0.1]/feed"}, "not a public address"),
        ({"every": "1"}, "Fetch at most every 5 minutes."),
        ({"countries": ["XX"]}, "Select a valid choice"),
    ],
)
def test_a_bad_source_is_refused_with_a_message(
    editor_client: Client, settings: Any, fields: dict[str, Any], message: str
) -> None:
    settings.FETCH_ALLOW = []
    response = add_source(editor_client, "https://example.org/feed", **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WatchedSource.objects.exists()


def test_a_paused_source_shows_why_and_resumes(
    server: FeedServer, editor_client: Client, settings: Any, tasks_now: None
) -> None:
    settings.FETCH_MAX_FAILURES = 1
    server.routes["/feed.xml"] = Route(b"no", status=500, content_type="text/plain")
    add_source(editor_client, server.url("/feed.xml"))
    source = WatchedSource.objects.get()
    editor_client.post(f"{SOURCES}{source.pk}/fetch/")
    page = editor_client.get(SOURCES).content.decode()
    assert (
        "Paused. Paused after 1 failed fetches in a row; the last: The server answered HTTP 500."
        in page
    )
    editor_client.post(SOURCES, {"action": "resume", "_selected_action": [source.pk]})
    source.refresh_from_db()
    assert (source.active, source.failures, source.paused_reason) == (True, 0, "")
    assert FetchRun.objects.get().outcome == FetchRun.Outcome.FAILED


def test_a_viewer_cannot_fetch(server: FeedServer, viewer: User) -> None:
    source = WatchedSource.objects.create(name="S", url=server.url("/feed.xml"))
    client = Client()
    client.force_login(viewer)
    assert client.post(f"{SOURCES}{source.pk}/fetch/").status_code == 403
    assert client.post(f"{SOURCES}999/fetch/").status_code == 403
    assert not FetchRun.objects.exists()


def test_add_from_url(server: FeedServer, editor_client: Client) -> None:
    form = editor_client.get(QUEUE)
    assert b"Add from URL" in form.content
    url = server.url("/news/oil-sanctions")
    response = editor_client.post(f"{QUEUE}add-from-url/", {"url": url}, follow=True)
    stored = ArticleImport.objects.get()
    title, published, _outlet, _text = article("oil-sanctions")
    assert (stored.url, stored.title, stored.published) == (url, title, published)
    assert stored.outlet == "Press office of the test ministry"  # the page's site name
    assert not stored.text.startswith(title)  # the headline is the title, not a sentence
    assert stored.drafts.exists()
    assert stored.created_by is not None
    assert "draft event(s); review them below" in response.content.decode()
    again = editor_client.post(f"{QUEUE}add-from-url/", {"url": url})
    assert "This article was added already" in again.content.decode()
    assert ArticleImport.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/news/missing", "The page answered HTTP 404."),
        ("/feed.xml", "not one of text/html"),
        ("http://10.0.0.1/x", "not a public address"),
        ("javascript:alert(1)", "Enter a valid URL."),
        ("http://мвд.рф/x", "could not be found"),
    ],
)
def test_add_from_url_errors(
    server: FeedServer, editor_client: Client, path: str, message: str
) -> None:
    url = path if ":" in path else server.url(path)
    response = editor_client.post(f"{QUEUE}add-from-url/", {"url": url})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ArticleImport.objects.exists()


def test_the_queue_marks_what_is_new_filters_by_source_and_rejects_in_bulk(
    server: FeedServer, editor_client: Client, tasks_now: None
) -> None:
    add_source(editor_client, server.url("/feed.xml"))
    source = WatchedSource.objects.get()
    first = editor_client.get(QUEUE).content.decode()  # the first look: nothing is "new"
    assert "New</strong>" not in first
    editor_client.post(f"{SOURCES}{source.pk}/fetch/")
    pasted = ArticleImport.objects.create(title="Pasted by hand", text="Some text.")
    queue = editor_client.get(QUEUE).content.decode()
    assert queue.count("New</strong>") == 3
    assert "3 new</strong> since you last looked" in queue
    assert "Nothing new since you last looked" in editor_client.get(QUEUE).content.decode()
    only = editor_client.get(QUEUE, {"watched_source__id__exact": source.pk}).content.decode()
    assert "Pasted by hand" not in only
    assert article("steel-tariffs")[0] in only
    fetched = list(source.articles.values_list("pk", flat=True))
    open_before = DraftEvent.objects.filter(state="pending").count()
    response = editor_client.post(
        QUEUE, {"action": "reject_open_drafts", "_selected_action": fetched}, follow=True
    )
    assert "Rejected" in response.content.decode()
    assert not DraftEvent.objects.filter(article__in=fetched, state="pending").exists()
    assert DraftEvent.objects.filter(state="rejected").count() == open_before
    assert pasted.pk not in fetched


def reminder_for(user: User) -> None:
    ReviewReminder.objects.create(user=user)


@pytest.fixture
def waiting_drafts(server: FeedServer, editor_client: Client, tasks_now: None) -> None:
    add_source(editor_client, server.url("/feed.xml"))
    editor_client.post(f"{SOURCES}{WatchedSource.objects.get().pk}/fetch/")


def test_an_editor_asks_for_the_daily_email_and_stops_it(editor_client: Client) -> None:
    page = editor_client.get(f"{QUEUE}reminder/")
    assert b"Email me each day" in page.content
    editor_client.post(f"{QUEUE}reminder/")
    assert ReviewReminder.objects.count() == 1
    assert b"Daily email: on" in editor_client.get(QUEUE).content
    editor_client.post(f"{QUEUE}reminder/")
    assert not ReviewReminder.objects.exists()


def test_no_daily_email_without_an_address(make_user: Callable[..., User]) -> None:
    user = make_user("noaddress", "Editors", is_staff=True)
    client = Client()
    client.force_login(user)
    response = client.post(f"{QUEUE}reminder/", follow=True)
    assert "Your account has no email address" in response.content.decode()
    assert not ReviewReminder.objects.exists()


def test_the_daily_email_lists_drafts_waiting_once_a_day(
    waiting_drafts: None, editor: User, make_user: Callable[..., User], settings: Any
) -> None:
    settings.REVIEW_REMINDER_HOUR = 7
    reminder_for(editor)
    reminder_for(make_user("gone", "Editors", is_staff=False, email="gone@example.org"))
    today = timezone.now().date()
    early = timezone.make_aware(datetime.combine(today, datetime.min.time())) + timedelta(hours=6)
    assert reminders.send_due(early) == 0
    later = early + timedelta(hours=2)
    assert reminders.send_due(later) == 1
    assert reminders.send_due(later + timedelta(hours=3)) == 0  # once a day
    (message,) = mail.outbox
    waiting = DraftEvent.objects.filter(state="pending").count()
    assert message.to == ["editor@example.org"]
    assert message.subject == f"{waiting} draft events waiting for review"
    assert "in 2 articles are waiting for review" in message.body
    assert "http://" in message.body
    assert "/admin/intake/articleimport/" in message.body
    assert isinstance(message, EmailMultiAlternatives)
    html = message.alternatives[0][0]
    assert "State press" in str(html)
    assert ReviewReminderSent.objects.get().sent is not None
    with time_machine.travel(later + timedelta(days=1), tick=False):
        assert reminders.send_due() == 1


def test_no_daily_email_when_nothing_waits(editor: User, settings: Any) -> None:
    settings.REVIEW_REMINDER_HOUR = 0
    editor.email = "editor@example.org"
    editor.save()
    reminder_for(editor)
    assert reminders.send_due() == 0
    assert mail.outbox == []
