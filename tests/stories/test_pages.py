"""Story pages: the list, a story (its notes and events in order, a fixed number of
queries however long), the printable layout; who may read them (private mode refuses
anonymous readers on every story URL); hostile text and addresses; the admin (ordered
entries, filling from a saved view, bad input as form errors)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from stories.models import Story, StoryEntry
from tests.factories import EventFactory, StoryFactory, kind, story_of
from tests.stories.test_exports import in_order
from tracker.models import Event

pytestmark = pytest.mark.django_db


def make_events(n: int, **fields: Any) -> list[Event]:
    return [
        EventFactory.create(
            title=f"Talks round {i}", start=date(2025, 1, 1 + i % 28), countries=["US", "IN"]
        )
        for i in range(n)
    ]


@pytest.fixture
def story() -> Story:
    call = EventFactory.create(
        title="Leaders speak by phone",
        kind=kind("call"),
        start=date(2025, 1, 27),
        countries=["US", "IN"],
    )
    tariff = EventFactory.create(
        title="Tariff takes effect",
        kind=kind("trade-measure"),
        start=date(2025, 8, 1),
        start_precision="month",
        status="scheduled",
        countries=["US", "IN"],
    )
    return story_of(
        tariff,
        call,
        notes=["First the tariff.", "Then, looking back, the call."],
        title="Two events",
        slug="two-events",
        summary="An introduction.",
    )


def urls(slug: str) -> dict[str, str]:
    return {
        "story-list": "/stories/",
        "story": f"/stories/{slug}/",
        "story-print": f"/stories/{slug}/print/",
        "story-feed": f"/stories/{slug}/feed.atom",
        "story-markdown": f"/stories/{slug}.md",
        "story-pdf": f"/stories/{slug}.pdf",
        "story-json": f"/stories/{slug}.json",
    }


def test_every_story_route_is_covered_here() -> None:
    from tests.site.test_access import routes

    names = {name for pattern, name in routes() if pattern.startswith("stories/")}
    assert names == set(urls("x"))


def test_the_story_page_shows_notes_then_events_in_order(story: Story) -> None:
    page = Client().get("/stories/two-events/").content.decode()
    in_order(
        page,
        [
            '<h1 id="story-title">Two events</h1>',
            "An introduction.",
            "First the tariff.",
            "Aug 2025",
            "Scheduled",
            "Tariff takes effect",
            "Then, looking back, the call.",
            "27 Jan 2025",
            "Phone call",
            "Leaders speak by phone",
            "India",
        ],
    )
    for entry in story.entries.select_related("event"):
        assert f'href="{entry.event.get_absolute_url()}"' in page
    assert 'href="/countries/IN/"' in page
    assert 'href="/stories/two-events/feed.atom"' in page  # the feed, for feed readers
    assert "style=" not in page.split("<main", 1)[1]  # no inline styles in the story
    assert "<script>" not in page  # nor inline scripts
    assert '<a href="/stories/">Stories</a>' in page  # the site's navigation


def test_the_list_and_the_printable_page(story: Story) -> None:
    StoryFactory.create(title="An empty one", slug="empty")
    page = Client().get("/stories/").content.decode()
    assert page.index("An empty one") < page.index("Two events")  # latest changed first
    assert "2 events" in page
    assert "0 events" in page
    printable = Client().get("/stories/two-events/print/").content.decode()
    assert 'class="story-print"' in printable
    assert '<nav aria-label="Site">' not in printable
    assert "First the tariff." in printable
    assert "http://testserver/stories/two-events/" in printable
    assert printable.index("Tariff takes effect") < printable.index("Leaders speak by phone")


def test_the_story_page_reads_in_a_fixed_number_of_queries(
    django_assert_max_num_queries: Any, viewer: User
) -> None:
    short = story_of(*make_events(2), slug="short")
    long_events = [
        EventFactory.create(
            title=f"Long {i}", start=date(2024, 1, 1 + i % 28), countries=["US", "IN", "CN"]
        )
        for i in range(40)
    ]
    story_of(*long_events, notes=[f"n{i}" for i in range(40)], slug="long")
    client = Client()
    for slug in (short.slug, "long"):
        with django_assert_max_num_queries(3):
            assert client.get(f"/stories/{slug}/").status_code == 200
        with django_assert_max_num_queries(3):
            assert client.get(f"/stories/{slug}/print/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/stories/").status_code == 200
    client.force_login(viewer)
    for slug in (short.slug, "long"):
        with django_assert_max_num_queries(8):  # + the session, the user, permissions
            assert client.get(f"/stories/{slug}/").status_code == 200
    for suffix in (".md", ".pdf", ".json", "/feed.atom"):
        with django_assert_max_num_queries(12):  # + the export rate's counter
            assert client.get(f"/stories/long{suffix}").status_code == 200


@pytest.mark.parametrize("public", [True, False])
def test_private_mode_refuses_anonymous_readers_on_every_story_url(
    story: Story, settings: Any, make_user: Any, viewer: User, public: bool
) -> None:
    settings.TRACKER_PUBLIC = public
    nobody = Client()
    nobody.force_login(make_user("nobody"))
    reader = Client()
    reader.force_login(viewer)
    for name, url in urls(story.slug).items():
        anonymous = Client().get(url)
        if public:
            assert anonymous.status_code == 200, name
        else:
            assert anonymous.status_code == 302, name
            assert anonymous["Location"].startswith("/admin/login/"), name
            assert b"Two events" not in anonymous.content
            assert Client().head(url).status_code == 302, name
            assert nobody.get(url).status_code == 403, name
        assert reader.get(url).status_code == 200, name
        assert Client().post(url).status_code in (405, 302 if not public else 405), name


def test_missing_stories_and_hostile_addresses_are_4xx_never_5xx(story: Story) -> None:
    client = Client()
    client.raise_request_exception = False
    for url in urls("no-such-story").values():
        if url != "/stories/":
            assert client.get(url).status_code == 404, url
    for value in ["x" * 3000, "9" * 40, "-1", "1e309", "%E2%80%AE%F0%9F%98%80", "%00", "a%01b"]:
        for url in urls(value).values():
            code = client.get(url).status_code
            assert 400 <= code < 500 or url == "/stories/", (url[:80], code)
    for page in ["0", "-1", "9" * 40, "x", "1e309", "%00"]:
        code = client.get(f"/stories/?page={page}").status_code
        assert code == (400 if page == "%00" else 200), (page, code)


SCRIPT = '<script>alert("x")</script>'
IMAGE = '<img src=x onerror="alert(1)">'
ODD = "مرحبا \u202eevil\u202c 🇮🇳 Zoë"


def test_markup_in_a_story_stays_text_everywhere() -> None:
    event = EventFactory.create(title=f"Event {SCRIPT}", countries=["US"])
    story_of(
        event,
        notes=[f"Note {IMAGE} {ODD}"],
        title=f"Title {SCRIPT} {ODD}",
        slug="hostile",
        summary=f"Intro {IMAGE}",
    )
    client = Client()
    for url in urls("hostile").values():
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith((".pdf", ".json")):
            continue
        body = response.content.decode()
        assert SCRIPT not in body, url
        assert IMAGE not in body, url
    page = client.get("/stories/hostile/").content.decode()
    assert "&lt;script&gt;" in page
    assert ODD in page
    markdown = client.get("/stories/hostile.md").content.decode()
    assert r"\<script\>" in markdown
    assert client.get("/stories/hostile.json").json()["title"] == f"Title {SCRIPT} {ODD}"


# The admin ----------------------------------------------------------------------------


def management(total: int, initial: int = 0) -> dict[str, Any]:
    return {
        "entries-TOTAL_FORMS": str(total),
        "entries-INITIAL_FORMS": str(initial),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }


def row(i: int, event: Event, position: Any = "", note: str = "", **extra: Any) -> dict[str, Any]:
    return {
        f"entries-{i}-event": str(event.pk),
        f"entries-{i}-position": str(position),
        f"entries-{i}-note": note,
        **{f"entries-{i}-{k}": v for k, v in extra.items()},
    }


def test_an_editor_writes_reorders_and_fills_a_story_in_the_admin(editor: User) -> None:
    a, b, c = make_events(3)
    later = EventFactory.create(title="Later talks", start=date(2025, 6, 1), countries=["JP"])
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/stories/story/add/").status_code == 200
    data = {
        "title": "Written in the admin",
        "slug": "admin-story",
        "summary": "Intro.",
        "fill_view": "",
        "fill_limit": "100",
        **management(3),
        **row(0, a, 2, "Second"),
        **row(1, b, "", "Last (no position)"),
        **row(2, c, 1, "First"),
    }
    response = client.post("/admin/stories/story/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    story = Story.objects.get(slug="admin-story")
    assert story.created_by == editor
    entries = list(story.entries.select_related("event"))
    assert [(e.position, e.event, e.note) for e in entries] == [
        (1, c, "First"),
        (2, a, "Second"),
        (3, b, "Last (no position)"),
    ]
    assert client.get(f"/admin/stories/story/{story.pk}/change/").status_code == 200

    # Swap the first two, drop the last, and fill from a saved view.
    ids = {e.event_id: e.pk for e in entries}
    change = {
        "title": "Written in the admin",
        "slug": "admin-story",
        "summary": "Intro.",
        "fill_view": "http://127.0.0.1:8000/?country=JP",
        "fill_limit": "10",
        **management(3, 3),
        **row(0, c, 2, "First, now second", id=ids[c.pk], story=story.pk),
        **row(1, a, 1, "Second, now first", id=ids[a.pk], story=story.pk),
        **row(2, b, 3, "Last", id=ids[b.pk], story=story.pk, DELETE="on"),
    }
    response = client.post(f"/admin/stories/story/{story.pk}/change/", change, follow=True)
    assert response.status_code == 200
    assert "Added 1 event(s) from the saved view" in response.content.decode()
    assert [(e.position, e.event, e.note) for e in story.entries.select_related("event")] == [
        (1, a, "Second, now first"),
        (2, c, "First, now second"),
        (3, later, ""),
    ]
    story.refresh_from_db()
    assert story.view == "country=JP"
    assert story.history.count() >= 2


def test_bad_admin_input_is_a_form_error_and_writes_nothing(editor: User) -> None:
    a, b = make_events(2)
    client = Client()
    client.force_login(editor)
    base = {"title": "T", "slug": "t", "summary": "", "fill_limit": "100"}
    cases = [
        ({**base, "fill_view": "country=XX", **management(1), **row(0, a)}, "not valid"),
        ({**base, **management(2), **row(0, a), **row(1, a)}, "is in the story twice"),
        ({**base, "slug": "no spaces", **management(1), **row(0, a)}, "Enter a valid"),
        ({**base, **management(1), **row(0, b, note="bell \x07")}, "Control characters"),
        ({**base, "fill_limit": "0", **management(0)}, "greater than or equal to 1"),
    ]
    for data, message in cases:
        response = client.post("/admin/stories/story/add/", data)
        assert response.status_code in (200, 400), response.status_code
        if response.status_code == 200:
            assert message in response.content.decode(), message
    assert not Story.objects.exists()
    assert not StoryEntry.objects.exists()


def test_viewers_read_stories_in_the_admin_but_change_nothing(viewer: User, story: Story) -> None:
    client = Client()
    client.force_login(viewer)
    assert client.get("/admin/stories/story/").status_code == 200
    assert client.get(f"/admin/stories/story/{story.pk}/change/").status_code == 200
    assert client.get("/admin/stories/story/add/").status_code == 403
    response = client.post(f"/admin/stories/story/{story.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Story.objects.filter(pk=story.pk).exists()


def test_the_admin_deletes_a_story_not_its_events(editor: User, story: Story) -> None:
    client = Client()
    client.force_login(editor)
    response = client.post(f"/admin/stories/story/{story.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Story.objects.exists()
    assert Event.objects.count() == 2


def test_a_story_is_reverted_from_its_history(superuser: User, story: Story) -> None:
    from stories import services

    services.update_story(story=story, title="Renamed")
    first = story.history.order_by("history_date").first()
    assert first is not None
    client = Client()
    client.force_login(superuser)
    url = f"/admin/stories/story/{story.pk}/history/{first.history_id}/"
    form = {"title": "Two events", "slug": "two-events", "summary": "An introduction."}
    response = client.post(url, {**form, "fill_limit": "100", **management(0)})
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    assert story.title == "Two events"
    assert story.entries.count() == 2


def test_hostile_values_in_the_admin_form_are_form_errors_never_5xx(editor: User) -> None:
    (event,) = make_events(1)
    client = Client()
    client.force_login(editor)
    client.raise_request_exception = False
    base = {"title": "T", "slug": "t", "summary": "", "fill_limit": "100", **management(1)}
    for field, value in [
        ("event", "9" * 40),
        ("event", "-1"),
        ("event", "abc"),
        ("event", "1e309"),
        ("position", "-5"),
        ("position", "x"),
        ("note", "x" * 30_000),
    ]:
        data = {**base, **row(0, event), f"entries-0-{field}": value}
        response = client.post("/admin/stories/story/add/", data)
        assert response.status_code == 200, (field, value, response.status_code)
        assert "Please correct the error" in response.content.decode(), (field, value)
    for value in ["9" * 40, "abc", "1e309"]:
        response = client.post("/admin/stories/story/add/", {**base, "fill_limit": value})
        assert response.status_code == 200, value
    assert not Story.objects.exists()
    # A very large position is only an order: the rows are numbered 1, 2 … when saved.
    data = {**base, **row(0, event, position="9" * 15)}
    assert client.post("/admin/stories/story/add/", data).status_code == 302
    assert list(StoryEntry.objects.values_list("position", flat=True)) == [1]
