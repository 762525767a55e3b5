"""The timeline in a real browser (Debian's chromium driven by Playwright) against a live
server: filtering, searching, scrolling, going back, and no console errors. Screenshots of
the main pages at desktop and phone width go to test-results/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.factories import (
    ActorFactory,
    EventFactory,
    ParticipationFactory,
    TopicFactory,
    add_topics,
    kind,
)
from tracker.dates import PartialDate

# Live-server tests commit, so the database is emptied after each one (pytest-django runs
# them after the other tests); ``record`` asks for the seeded kinds and countries again.
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 780}}


class Page:
    """A browser tab that records console errors and failed requests."""

    def __init__(self, browser: Any, base: str, size: str = "desktop") -> None:
        self.context = browser.new_context(viewport=SIZES[size])
        self.tab = self.context.new_page()
        self.base = base
        self.size = size
        self.problems: list[str] = []
        self.tab.on("console", self._console)
        self.tab.on("pageerror", lambda error: self.problems.append(str(error)))
        self.tab.on("response", self._response)
        self.tab.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(message.text)

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"{response.status} {response.url}")

    def _dialog(self, dialog: Any) -> None:
        self.problems.append(f"dialog: {dialog.message}")  # markup must never run
        dialog.dismiss()

    def open(self, path: str) -> Any:
        self.tab.goto(self.base + path)
        self.tab.wait_for_load_state("networkidle")
        return self.tab

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.tab.screenshot(path=str(SCREENSHOTS / f"{name}-{self.size}.png"), full_page=True)


def day(text: str) -> Any:
    return PartialDate.parse(text).first_day


@pytest.fixture
def record(seeded: None) -> dict[str, Any]:
    trade = TopicFactory.create(slug="trade", name="Trade")
    rubio = ActorFactory.create(name="Marco Rubio", aliases=["Secretary Rubio"], country_id="US")
    pair_events = []
    for i in range(36):
        event = EventFactory.create(
            title=f"US–India trade round {i}",
            kind=kind("meeting"),
            summary=f"Negotiators met for round {i} of the trade talks.",
            start=day(f"2024-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}"),
            countries=["US", "IN"],
        )
        add_topics(event, trade)
        ParticipationFactory.create(event=event, actor=rubio, title_at_time="Secretary of State")
        pair_events.append(event)
    steel = EventFactory.create(
        title="Steel tariffs announced",
        kind=kind("trade-measure"),
        summary="The US announced steel tariffs on imports from Canada.",
        start=day("2025-02-10"),
        countries=["US", "CA"],
    )
    add_topics(steel, trade)
    EventFactory.create(
        title='<img src=x onerror="alert(1)"> Markup in a title',
        start=day("2025-03"),
        start_precision="month",
        countries=["US", "MX"],
    )
    return {"pair": pair_events, "steel": steel, "rubio": rubio}


def test_reading_the_timeline(chromium: Any, live_server: Any, record: dict[str, Any]) -> None:
    page = Page(chromium, live_server.url)
    tab = page.open("/")
    assert tab.locator("article.card").count() == 30
    assert tab.get_by_text("Markup in a title").count() == 1  # shown as text, not run
    page.shot("timeline")

    # Scrolling loads the older events through htmx.
    tab.locator("li.more").scroll_into_view_if_needed()
    # (locator waits: the policy forbids the eval that wait_for_function would need)
    tab.locator("article.card").nth(37).wait_for()
    assert tab.locator("article.card").count() == 38

    # Filter by a country pair and a topic.
    tab.locator("input[name=country][value=IN]").check()
    tab.locator("input[name=country][value=US]").check()
    tab.locator("input[name=topic][value=trade]").check()
    tab.get_by_role("button", name="Apply").click()
    tab.wait_for_load_state("networkidle")
    url = tab.url
    assert "country=IN" in url
    assert "country=US" in url
    assert "topic=trade" in url
    assert tab.locator("#results-title").inner_text() == "36 events"

    # Open an event, then go back to the same filtered view.
    tab.locator("article.card h3 a").first.click()
    tab.wait_for_load_state("networkidle")
    assert "/events/" in tab.url
    page.shot("event")
    tab.go_back()
    tab.wait_for_load_state("networkidle")
    assert tab.url == url
    assert tab.locator("#results-title").inner_text() == "36 events"
    tab.locator("article.card h3 a").first.click()
    tab.get_by_role("link", name="← Back to the results").click()
    tab.wait_for_load_state("networkidle")
    assert tab.url == url

    # Search a phrase and see it highlighted.
    tab = page.open("/")
    tab.get_by_label("Search").fill('"steel tariffs"')
    tab.get_by_role("button", name="Apply").click()
    tab.wait_for_load_state("networkidle")
    assert tab.locator("#results-title").inner_text() == "1 event"
    assert "steel" in tab.locator("article.card mark").first.inner_text().lower()
    assert "date_from" not in tab.url  # empty fields are dropped from shared URLs
    page.shot("search")

    # The chart narrows the view to a month.
    tab = page.open("/")
    tab.locator('svg a[aria-label^="Feb 2025"]').click()
    tab.wait_for_load_state("networkidle")
    assert "date_from=2025-02" in tab.url
    assert tab.locator("#results-title").inner_text() == "1 event"

    # The country-pair page, the actor page.
    tab = page.open("/countries/US/IN/")
    assert "United States of America" in tab.locator("h1").inner_text()
    assert tab.get_by_text("Engagements by quarter and kind").count() == 1
    assert "Marco Rubio" in tab.locator("#contacts-title + p + dl").inner_text()
    page.shot("pair")
    tab = page.open(f"/actors/{record['rubio'].slug}/")
    assert tab.get_by_text("Titles held in the record").count() == 1
    page.shot("actor")
    assert page.problems == []


def test_phone_width_and_keyboard(chromium: Any, live_server: Any, record: dict[str, Any]) -> None:
    page = Page(chromium, live_server.url, size="phone")
    tab = page.open("/")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "no sideways scrolling on a phone"
    page.shot("timeline")
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.textContent")
    assert "Skip to content" in focused
    # The filters come first on the screen as in the tab order: folded under one button
    # above the results; opened, the option lists scroll by whole rows.
    summary = tab.locator("details.filters-toggle > summary")
    results = tab.locator("#results-title")
    assert summary.bounding_box()["y"] < results.bounding_box()["y"]
    assert not tab.evaluate("document.querySelector('details.filters-toggle').open")
    for _ in range(8):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    else:
        raise AssertionError("the filters' button is not reached by Tab before the results")
    tab.keyboard.press("Enter")
    assert tab.locator("#f-q").is_visible()
    rows = tab.evaluate(
        "(() => { const list = document.querySelector('#options-kind');"
        " const row = list.querySelector('.option').getBoundingClientRect().height;"
        " return [list.clientHeight / row, list.scrollHeight > list.clientHeight]; })()"
    )
    assert abs(rows[0] - round(rows[0])) < 0.05, rows  # no row cut in half
    assert rows[1], "the kinds list scrolls"
    for path in ["/countries/US/IN/", f"/events/{record['steel'].pk}/", "/no-such-page/"]:
        page.open(path)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 360, path
    page.open(f"/events/{record['steel'].pk}/")
    page.shot("event")
    page.problems = [p for p in page.problems if "404" not in p]  # the 404 page itself
    assert page.problems == []


def test_digest_email_renders(chromium: Any, record: dict[str, Any]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from digests import building
    from digests.models import Subscription

    now = timezone.now()
    subscription = Subscription.objects.create(
        email="reader@example.org", filters="country=US", name="US engagements"
    )
    message = building.render(building.build(subscription, now - timedelta(days=7), now))
    html = str(message.alternatives[0][0])
    for size in ("desktop", "phone"):
        page = Page(chromium, "", size=size)
        page.tab.set_content(html)
        assert page.tab.get_by_role("link", name="Unsubscribe").count() == 1
        assert "Markup in a title" in page.tab.content()
        page.shot("digest-email")
        assert page.problems == []


def test_admin_and_api_docs_work_under_the_content_security_policy(
    chromium: Any, live_server: Any, record: dict[str, Any]
) -> None:
    """The policy allows no inline script: the admin's widgets, the export page's "Select
    all" box, Swagger UI and ReDoc must all run from files (a violation is a console
    error)."""
    from django.contrib.auth.models import User

    User.objects.create_superuser("csp-admin", "a@example.org", "pw-for-tests-only")
    page = Page(chromium, live_server.url)
    tab = page.open("/admin/login/")
    tab.fill("#id_username", "csp-admin")
    tab.fill("#id_password", "pw-for-tests-only")
    tab.click("input[type=submit]")
    tab.wait_for_url("**/admin/")
    event = record["steel"]
    tab = page.open(f"/admin/tracker/event/{event.pk}/change/")
    assert tab.locator("#id_title").input_value() == event.title
    tab = page.open("/admin/tracker/event/export/")
    toggle = tab.locator("input.select-toggle").first
    boxes = tab.locator("input[type=checkbox][name$='title']")
    assert toggle.count() == 1
    assert boxes.count() >= 1
    toggle.uncheck()
    assert not boxes.first.is_checked()  # the handler ran, from the static file
    toggle.check()
    assert boxes.first.is_checked()
    tab = page.open("/api/docs/")
    tab.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    tab = page.open("/api/redoc/")
    tab.wait_for_selector(".menu-content", timeout=15000)
    # ReDoc's "API docs by Redocly" logo is an image from its CDN: refused, as it should be.
    problems = [p for p in page.problems if "cdn.redoc.ly" not in p]
    assert problems == [], problems


def test_a_large_view_shows_its_events_first_and_its_counts_when_ready(
    chromium: Any, live_server: Any, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A view counted from its events (a search) that is expected to be large: the page
    comes first, then the chart, the number of events and the panel's counts (htmx)."""
    from tracker.web import views

    monkeypatch.setattr(views, "COUNT_LATER_ABOVE", 0)  # as if every such view were large
    page = Page(chromium, live_server.url)
    tab = page.open("/?q=trade")
    tab.locator("#counts svg").wait_for()
    from tracker import search
    from tracker.models import Event

    expected = search.search(Event.objects.all(), "trade").count()
    assert expected >= len(record["pair"])
    assert tab.locator("#results-title").inner_text() == f"{expected} events"
    assert tab.locator("#options-country .count").count() == 2  # US and IN, counted
    assert tab.locator("#options-kind input:checked").count() == 0
    page.shot("counted-later")
    # Choosing an option the counts brought still filters the view (counted later again).
    tab.locator("#options-country input[value=IN]").check()
    tab.get_by_role("button", name="Apply").click()
    tab.wait_for_load_state("networkidle")
    assert "country=IN" in tab.url
    tab.locator("#counts svg").wait_for()
    assert tab.locator("#results-title").inner_text() == f"{len(record['pair'])} events"
    assert tab.locator("#options-country input[value=IN]").is_checked()
    assert page.problems == []
