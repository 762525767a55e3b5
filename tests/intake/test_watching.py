"""Watched sources against a real HTTP server on loopback (allowed through FETCH_ALLOW):
feeds and listing pages fetched, new items made into articles to review with drafts, and
everything a source can do wrong written on the source with nothing half made."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from intake import watching
from intake.models import ArticleImport, DraftEvent, FetchRun, SeenItem, WatchedSource
from tests.factories import EventFactory
from tests.intake.feedserver import FeedServer, Route, article, page
from tracker.models import Source

pytestmark = pytest.mark.django_db

THREE = [
    ("release-1", "/news/colombia-flights", "colombia-flights"),
    ("release-2", "/news/steel-tariffs", "steel-tariffs"),
    ("release-3", "/news/trade-deficit", "trade-deficit"),
]


@pytest.fixture
def server(settings: Any) -> Iterator[FeedServer]:
    settings.FETCH_ALLOW = ["127.0.0.1"]
    settings.FETCH_TIMEOUT = 1.0
    running = FeedServer().start()
    running.serve_articles("colombia-flights", "steel-tariffs", "trade-deficit", "quad-summit")
    yield running
    running.stop()


def watched(server: FeedServer, path: str = "/feed.xml", **fields: Any) -> WatchedSource:
    defaults = {"name": "Press office", "outlet": "Press office", "countries": ["US"]}
    defaults["url"] = server.url(path)
    return WatchedSource.objects.create(**{**defaults, **fields})


def fetched(source: WatchedSource) -> FetchRun:
    run = watching.fetch_source(source.pk)
    assert run is not None
    source.refresh_from_db()
    return run


def test_a_first_fetch_makes_articles_with_drafts(server: FeedServer) -> None:
    server.serve_feed(THREE, etag='"v1"')
    source = watched(server)
    run = fetched(source)
    assert (run.outcome, run.items, run.articles, run.skipped) == ("ok", 3, 3, 0)
    assert run.drafts == DraftEvent.objects.count() > 3
    articles = {a.url: a for a in ArticleImport.objects.all()}
    assert set(articles) == {server.url(path) for _g, path, _n in THREE}
    flights = articles[server.url("/news/colombia-flights")]
    title, published, _outlet, text = article("colombia-flights")
    assert (flights.title, flights.published, flights.outlet) == (title, published, "Press office")
    assert flights.watched_source == source
    # The main text only: no navigation, header or footer, a blank line between paragraphs.
    assert "Skip to main content" not in flights.text
    assert "newsletter" not in flights.text
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    assert flights.text.split("\n\n") == paragraphs  # the headline is the title, not text
    assert flights.drafts.filter(kind__slug="deportation").exists()
    assert (source.failures, source.last_error, source.etag) == (0, "", '"v1"')
    assert source.next_fetch > timezone.now() + timedelta(minutes=59)
    assert server.paths()[:2] == ["/robots.txt", "/feed.xml"]  # robots.txt first, once
    assert server.paths().count("/robots.txt") == 1
    assert server.requests[1][1]["User-Agent"].startswith("EngagementTracker/")


def test_a_second_fetch_answered_304_makes_nothing(server: FeedServer) -> None:
    server.serve_feed(THREE, etag='"v1"')
    source = watched(server)
    fetched(source)
    run = fetched(source)
    assert run.outcome == FetchRun.Outcome.NOT_MODIFIED
    assert run.http_status == 304
    assert ArticleImport.objects.count() == 3
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'


def test_republished_reordered_and_copied_items_make_nothing(server: FeedServer) -> None:
    server.serve_feed(THREE[:2])
    source = watched(server)
    assert fetched(source).articles == 2
    # The same items in another order, one under a new GUID, and a copy of an article's
    # text at another address: nothing new.
    server.routes["/news/copy"] = Route(page("steel-tariffs").replace(b"Press office", b"Mirror"))
    server.serve_feed(
        [
            ("release-2", "/news/steel-tariffs", "steel-tariffs"),
            ("republished-1", "/news/colombia-flights", "colombia-flights"),
            ("mirror-2", "/news/copy", "steel-tariffs"),
        ]
    )
    run = fetched(source)
    assert (run.articles, run.skipped) == (0, 3)
    assert ArticleImport.objects.count() == 2
    assert SeenItem.objects.get(guid="mirror-2").outcome == SeenItem.Outcome.DUPLICATE
    # A new item is still taken.
    server.serve_feed([*THREE[:2], THREE[2]])
    assert fetched(source).articles == 1


def test_an_item_already_a_source_of_the_record_is_not_fetched(server: FeedServer) -> None:
    event = EventFactory.create()
    Source.objects.create(event=event, url=server.url("/news/steel-tariffs"), outlet="Wire")
    server.serve_feed(THREE[1:2])
    run = fetched(watched(server))
    assert (run.articles, run.skipped) == (0, 1)
    assert "/news/steel-tariffs" not in server.paths()


def test_an_article_pasted_before_is_not_made_again(server: FeedServer, admin_client: Any) -> None:
    _title, published, _outlet, text = article("trade-deficit")
    admin_client.post(
        "/admin/intake/articleimport/add/",
        {
            "text": text,
            "published": published.isoformat(),
            "url": server.url("/news/trade-deficit"),
        },
    )
    assert ArticleImport.objects.count() == 1
    server.serve_feed(THREE[2:])
    run = fetched(watched(server))
    assert (run.articles, run.skipped) == (0, 1)


def test_atom_and_json_feeds_and_full_content(server: FeedServer) -> None:
    _title, _published, _outlet, text = article("quad-summit")
    body = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ministry</title><id>urn:ministry</id>
<updated>2025-03-01T00:00:00Z</updated>
<entry><id>urn:release:9</id><title>Quad leaders meet</title>
<link href="{server.url("/news/not-served")}"/><updated>2025-03-01T08:00:00Z</updated>
<content type="html">{body.replace("&", "&amp;").replace("<", "&lt;")}</content></entry></feed>"""
    server.routes["/atom"] = Route(atom.encode(), content_type="application/atom+xml")
    run = fetched(watched(server, "/atom"))
    assert run.articles == 1
    made = ArticleImport.objects.get()
    assert made.published == date(2025, 3, 1)
    assert made.title == "Quad leaders meet"
    assert "/news/not-served" not in server.paths()  # the feed's own full text was used
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Releases",
        "items": [
            {
                "id": "j-1",
                "url": server.url("/news/steel-tariffs"),
                "title": "Tariffs",
                "date_published": "2025-02-10T12:00:00Z",
            }
        ],
    }
    server.routes["/feed.json"] = Route(
        json.dumps(feed).encode(), content_type="application/feed+json"
    )
    run = fetched(watched(server, "/feed.json", name="JSON"))
    assert run.articles == 1
    assert ArticleImport.objects.get(url=server.url("/news/steel-tariffs")).published == date(
        2025, 2, 10
    )


def test_a_listing_page_is_read_for_its_article_links(server: FeedServer) -> None:
    listing = f"""<html><body><header><nav><a href="/news/about-the-ministry-and-its-work">About
the ministry and its work</a></nav></header><main><h1>Press releases</h1><ul>
<li><a href="/news/colombia-flights">Colombia backs down on deportation flights</a></li>
<li><a href="{server.url("/news/steel-tariffs")}#top">Steel tariffs raised again</a></li>
<li><a href="/news">More</a></li>
<li><a href="https://elsewhere.example/news/x">A story on another site entirely</a></li>
</ul></main><footer><a href="/news/privacy-policy-and-terms-of-use">Privacy policy and terms
of use</a></footer></body></html>"""
    server.routes["/releases"] = Route(listing.encode())
    run = fetched(watched(server, "/releases"))
    assert (run.items, run.articles) == (2, 2)
    assert not [p for p in server.paths() if "privacy" in p or "about" in p]


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(b"<rss><channel><item><title>x", content_type="text/xml"), "Not a feed"),
        (Route(b"%PDF-1.4 binary", content_type="application/pdf"), "not one of"),
        (Route(b'{"items": 3}', content_type="application/json"), "not a JSON Feed"),
        (Route(b"oops", status=500, content_type="text/plain"), "HTTP 500"),
        (Route(b"<rss/>", content_type="text/xml", delay=3), "did not answer within"),
        (Route(b"<rss>" + b" " * 200_000 + b"</rss>", content_type="text/xml"), "larger than"),
        (
            Route(
                gzip.compress(b"<rss>" + b" " * 5_000_000 + b"</rss>"),
                content_type="text/xml",
                headers={"Content-Encoding": "gzip"},
            ),
            "larger than",
        ),
        (Route(status=302, headers={"Location": "http://10.0.0.1/feed"}), "not a public address"),
        (Route(status=301, headers={"Location": "file:///etc/passwd"}), "Only http and https"),
    ],
    ids=[
        "malformed",
        "wrong-type",
        "json",
        "500",
        "timeout",
        "oversized",
        "gzip-bomb",
        "private",
        "file",
    ],
)
def test_a_bad_answer_leaves_a_clear_error_and_nothing_half_made(
    server: FeedServer, settings: Any, route: Route, message: str
) -> None:
    settings.FETCH_MAX_BYTES = 100_000
    server.routes["/feed.xml"] = route
    source = watched(server)
    before = timezone.now()
    run = fetched(source)
    assert run.outcome == FetchRun.Outcome.FAILED
    assert message in run.error
    assert message in source.last_error
    assert source.failures == 1
    assert source.active
    assert source.next_fetch >= before + timedelta(minutes=60)
    assert source.fetching_until is None
    assert not ArticleImport.objects.exists()
    assert not SeenItem.objects.exists()


def test_errors_back_off_and_then_pause_the_source(server: FeedServer, settings: Any) -> None:
    settings.FETCH_MAX_FAILURES = 3
    server.routes["/feed.xml"] = Route(b"down", status=503, content_type="text/plain")
    source = watched(server, every=30)
    waits = []
    for _ in range(3):
        start = timezone.now()
        run = watching.fetch_source(source.pk, force=True)
        assert run is not None
        source.refresh_from_db()
        waits.append(round((source.next_fetch - start).total_seconds() / 60))
    assert waits == [30, 60, 120]
    assert not source.active
    assert source.paused_reason.startswith("Paused after 3 failed fetches in a row")
    assert "HTTP 503" in source.paused_reason
    assert watching.due(timezone.now() + timedelta(days=2)) == []
    assert watching.fetch_source(source.pk) is None  # paused: only a forced fetch runs


def test_robots_txt_is_honoured(server: FeedServer) -> None:
    server.routes["/robots.txt"] = Route(
        b"User-agent: *\nDisallow: /news/steel\n", content_type="text/plain"
    )
    server.serve_feed(THREE)
    run = fetched(watched(server))
    assert run.articles == 2
    assert "robots.txt does not allow" in run.notes
    assert "/news/steel-tariffs" not in server.paths()
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    watching.cache.clear()  # read again the next day
    source = WatchedSource.objects.get()
    assert "robots.txt does not allow" in fetched(source).error
    assert server.paths().count("/feed.xml") == 1


def test_an_item_that_fails_is_tried_again_then_given_up(server: FeedServer, settings: Any) -> None:
    settings.FETCH_ITEM_ATTEMPTS = 2
    server.routes["/news/steel-tariffs"] = Route(b"busy", status=502, content_type="text/plain")
    server.serve_feed(THREE)
    source = watched(server)
    run = fetched(source)
    assert (run.outcome, run.articles) == ("ok", 2)
    assert "/news/steel-tariffs: The page answered HTTP 502." in run.notes
    fetched(source)
    fetched(source)
    assert server.paths().count("/news/steel-tariffs") == 2
    assert SeenItem.objects.get(guid="release-2").attempts == 2


def test_fetched_articles_are_unique_in_the_database(server: FeedServer) -> None:
    source = watched(server)
    common = {"text": "Text", "watched_source": source, "url": "https://x.example/a"}
    ArticleImport.objects.create(text_hash="a" * 64, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleImport.objects.create(text_hash="b" * 64, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleImport.objects.create(
            text="Other", text_hash="a" * 64, watched_source=source, url="https://x.example/b"
        )
    # Pasted articles may repeat: an editor pastes the same text twice on purpose.
    ArticleImport.objects.create(text="Text", text_hash="a" * 64, url="https://x.example/a")
    ArticleImport.objects.create(text="Text", text_hash="a" * 64, url="https://x.example/a")


def test_two_fetches_racing_for_one_item_make_one_article(
    server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both pass the "seen before?" checks (as two workers can at the same moment); the
    constraint lets one make the article and the other records a duplicate."""
    server.serve_feed(THREE[:1])
    first, second = watched(server), watched(server, name="Same feed", url=server.url("/f2"))
    server.routes["/f2"] = server.routes["/feed.xml"]
    monkeypatch.setattr(watching, "_known", lambda url, digest="": False)
    assert fetched(first).articles == 1
    run = fetched(second)
    assert (run.articles, run.skipped) == (0, 1)
    assert ArticleImport.objects.count() == 1
    assert SeenItem.objects.get(source=second).outcome == SeenItem.Outcome.DUPLICATE


def test_a_held_source_is_not_fetched_twice(server: FeedServer) -> None:
    server.serve_feed(THREE[:1])
    source = watched(server)
    assert watching.claim(source.pk) is not None
    assert watching.fetch_source(source.pk) is None
    assert watching.due() == []
    WatchedSource.objects.filter(pk=source.pk).update(
        fetching_until=timezone.now() - timedelta(seconds=1)
    )  # the holder died; its hold ran out
    assert watching.due() == [source.pk]
    assert fetched(source).articles == 1


def test_the_source_country_is_a_hint_for_drafts(server: FeedServer) -> None:
    server.serve_feed(THREE[2:])
    fetched(watched(server, countries=["US"]))
    assert ArticleImport.objects.get().drafts.exists()


def test_watch_sources_command(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.serve_feed(THREE[:2])
    source = watched(server)
    call_command("watch_sources", "--once")
    out = capsys.readouterr().out
    assert "Press office: 2 item(s), 2 new article(s)" in out
    assert f"new: {article('colombia-flights')[0]}" in out
    call_command("watch_sources", "--once")
    assert "No watched source is due." in capsys.readouterr().out
    call_command("watch_sources", "--source", str(source.pk))
    assert "0 new article(s)" in capsys.readouterr().out
    server.routes["/feed.xml"] = Route(b"gone", status=410, content_type="text/plain")
    with pytest.raises(CommandError, match="1 source"):
        call_command("watch_sources", "--source", str(source.pk))
    assert "HTTP 410" in capsys.readouterr().err
    with pytest.raises(CommandError, match="no watched source with id 999"):
        call_command("watch_sources", "--source", "999")


def test_a_feed_body_naming_a_local_file_is_not_read(server: FeedServer, tmp_path: Any) -> None:
    server.serve_feed(THREE)
    local = tmp_path / "local.xml"  # a feed on the worker's disk
    local.write_bytes(server.routes["/feed.xml"].body)
    server.routes["/feed.xml"] = Route(str(local).encode(), content_type="text/xml")
    run = fetched(watched(server))
    assert run.outcome == FetchRun.Outcome.FAILED
    assert "Not a feed" in run.error
    assert not ArticleImport.objects.exists()


def test_odd_values_in_a_feed_are_cleaned_not_fatal(server: FeedServer) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {
                "id": "nul\u0000id",
                "url": server.url("/news/steel-tariffs"),
                "title": "Tariffs\u0000 raised",
                "date_published": "0001-01-01T00:00:00+01:00",
            },
            {"id": "odd-host", "url": "http://мвд.рф/x", "title": "Elsewhere"},
        ],
    }
    server.routes["/feed.json"] = Route(
        json.dumps(feed).encode(), content_type="application/feed+json"
    )
    source = watched(server, "/feed.json")
    run = fetched(source)
    assert (run.outcome, run.articles) == ("ok", 1)
    made = ArticleImport.objects.get()
    # No date in the feed that a calendar has: the page's own date.
    assert (made.title, made.published) == ("Tariffs raised", article("steel-tariffs")[1])
    assert SeenItem.objects.filter(guid="nulid").exists()
    assert "мвд.рф" in run.notes or "xn--" in run.notes  # the other item: noted, not fatal
    assert source.failures == 0


def test_an_odd_charset_in_a_feed_is_a_clear_error_or_read(server: FeedServer) -> None:
    server.serve_feed(THREE[:1])
    server.routes["/feed.xml"].content_type = "text/xml; charset=undefined"
    run = fetched(watched(server))
    assert run.outcome in (FetchRun.Outcome.OK, FetchRun.Outcome.FAILED)
    assert not run.error.startswith("Internal error")


def test_an_editor_pausing_during_a_fetch_is_not_undone(
    server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.serve_feed(THREE[:1])
    source = watched(server)
    real = watching.read_items

    def editor_acts_meanwhile(answer: Any) -> Any:
        WatchedSource.objects.filter(pk=source.pk).update(
            active=False, paused_reason="Paused by an editor.", name="Renamed"
        )
        return real(answer)

    monkeypatch.setattr(watching, "read_items", editor_acts_meanwhile)
    assert fetched(source).outcome == FetchRun.Outcome.OK
    assert (source.active, source.name, source.fetching_until) == (False, "Renamed", None)
    assert source.last_fetched is not None


def test_a_fetch_cut_short_counts_as_a_failure(server: FeedServer, settings: Any) -> None:
    settings.FETCH_MAX_FAILURES = 2
    server.serve_feed(THREE[:1])
    source = watched(server, failures=1)
    FetchRun.objects.create(source=source)  # its worker died (killed, out of memory)
    assert watching.fetch_source(source.pk) is None
    source.refresh_from_db()
    assert not source.active
    assert "Interrupted" in source.paused_reason
    assert FetchRun.objects.get().outcome == FetchRun.Outcome.FAILED


def test_robots_txt_that_is_not_text_allows_and_an_unavailable_one_is_asked_once(
    server: FeedServer,
) -> None:
    server.serve_feed(THREE[:2])
    server.routes["/robots.txt"] = Route(b"<html>Not found</html>")  # a soft 404
    assert fetched(watched(server)).articles == 2
    watching.cache.clear()
    server.routes["/robots.txt"] = Route(b"down", status=503, content_type="text/plain")
    server.serve_feed(THREE)
    source = WatchedSource.objects.get()
    run = watching.fetch_source(source.pk, force=True)
    assert run is not None
    assert "robots.txt is unavailable" in run.error
    assert server.paths().count("/robots.txt") == 2


def test_the_item_limit_counts_new_items_only(server: FeedServer, settings: Any) -> None:
    settings.FETCH_MAX_ITEMS = 1
    server.serve_feed(THREE)
    source = watched(server)
    assert fetched(source).articles == 1
    assert fetched(source).articles == 1  # the seen one is passed over, the next taken
    assert fetched(source).articles == 1
    assert ArticleImport.objects.count() == 3
