"""Watched sources through real parts: Celery workers and beat (separate processes) on a
Redis server of the test's own, PostgreSQL, and a real HTTP server on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from intake.models import ArticleImport, DraftEvent, FetchRun, SeenItem, WatchedSource
from tests.intake.feedserver import FeedServer
from tests.workers import Services, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    running = FeedServer().start()
    running.serve_articles("colombia-flights", "steel-tariffs")
    running.serve_feed(
        [
            ("a", "/news/colombia-flights", "colombia-flights"),
            ("b", "/news/steel-tariffs", "steel-tariffs"),
        ]
    )
    yield running
    running.stop()


@pytest.fixture
def watching_services(services: Services, settings: Any) -> Services:
    settings.FETCH_ALLOW = ["127.0.0.1"]  # this process checks the admin's form
    services.extra_env = {
        "FETCH_ALLOW": "127.0.0.1",
        "FETCH_LEASE_SECONDS": "2",
        "FETCH_TIMEOUT": "60",
        "WATCH_DISPATCH_SECONDS": "1",
    }
    return services


def test_a_worker_killed_mid_fetch_and_restarted_makes_no_duplicate(
    watching_services: Services, server: FeedServer
) -> None:
    held = threading.Event()
    server.routes["/news/steel-tariffs"].hold = held  # the second page hangs
    source = WatchedSource.objects.create(name="Press", url=server.url("/feed.xml"))
    first = watching_services.start_worker("first")
    watching_services.call("intake.tasks.fetch_source", source.pk)
    wait_for(lambda: "/news/steel-tariffs" in server.paths(), 60, "the second page asked for")
    assert ArticleImport.objects.count() == 1  # the first item made, committed
    watching_services.kill_worker(first)
    held.set()
    watching_services.start_worker("second")
    wait_for(lambda: WatchedSource.objects.get().fetching_until is not None, 5, "the hold")

    # The dead worker's hold runs out; the next fetch finishes the job without repeating it.
    def finished() -> bool:
        watching_services.call("intake.tasks.fetch_source", source.pk)
        return FetchRun.objects.filter(outcome=FetchRun.Outcome.OK).exists()

    wait_for(finished, 60, "a fetch after the hold ran out")
    assert sorted(ArticleImport.objects.values_list("url", flat=True)) == [
        server.url("/news/colombia-flights"),
        server.url("/news/steel-tariffs"),
    ]
    assert SeenItem.objects.filter(outcome=SeenItem.Outcome.ARTICLE).count() == 2
    interrupted = FetchRun.objects.get(outcome=FetchRun.Outcome.FAILED)
    assert interrupted.error.startswith("Interrupted")


def test_a_source_added_in_the_admin_makes_drafts_with_nobody_pressing_anything(
    watching_services: Services, server: FeedServer, seeded: None
) -> None:
    watching_services.start_worker("worker")
    watching_services.start_beat()
    user = User.objects.create_superuser("chief", "chief@example.org", "pw-for-tests-only")
    client = Client()
    client.force_login(user)
    data: dict[str, Any] = {
        "name": "Press office",
        "url": server.url("/feed.xml"),
        "outlet": "Press office",
        "countries": ["US"],
        "every": "60",
        "active": "on",
        "runs-TOTAL_FORMS": "0",
        "runs-INITIAL_FORMS": "0",
    }
    assert client.post("/admin/intake/watchedsource/add/", data).status_code == 302
    wait_for(lambda: ArticleImport.objects.count() == 2, 90, "two articles from the feed")
    assert DraftEvent.objects.filter(article__watched_source__name="Press office").exists()
    queue = client.get("/admin/intake/articleimport/").content.decode()
    assert "Colombia backs down on deportation flights" in queue
