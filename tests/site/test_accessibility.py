"""axe-core (vendored in tests/vendor/axe-core) on every public page and on the admin's
event forms, at desktop and phone width, in Debian's chromium; and the keyboard on the
relations page."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from digests import links
from digests.models import Subscription
from tests.factories import (
    ActorFactory,
    EventFactory,
    FigureFactory,
    ParticipationFactory,
    TopicFactory,
    add_topics,
    kind,
)
from tracker.dates import PartialDate

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js").read_text()
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
}"""


def day(text: str) -> Any:
    return PartialDate.parse(text).first_day


@pytest.fixture
def record(seeded: None) -> dict[str, Any]:
    trade = TopicFactory.create(slug="trade", name="Trade")
    trump = ActorFactory.create(name="Donald Trump", country_id="US")
    modi = ActorFactory.create(name="Narendra Modi", country_id="IN")
    meeting = EventFactory.create(
        title="Modi meets Trump at the White House",
        kind=kind("meeting"),
        start=day("2025-02-13"),
        countries=["US", "IN"],
    )
    add_topics(meeting, trade)
    ParticipationFactory.create(event=meeting, actor=trump, title_at_time="President")
    ParticipationFactory.create(event=meeting, actor=modi, title_at_time="Prime Minister")
    FigureFactory.create(
        event=meeting,
        label="Trade target",
        value=Decimal("500e9"),
        unit="USD",
        period_end=day("2030-12-31"),
        change_value=Decimal("-2.5"),
        change_unit="percent",
    )
    tariff = EventFactory.create(
        title="Additional tariff on Indian goods",
        kind=kind("trade-measure"),
        start=day("2025-08"),
        start_precision="month",
        countries=["US", "IN"],
    )
    FigureFactory.create(event=tariff, label="Tariff", value=25, unit="percent")
    EventFactory.create(
        title="Agreement targeted for the fall",
        kind=kind("agreement"),
        start=day("2025"),
        start_precision="year",
        countries=["US", "IN"],
    )
    subscription = Subscription.objects.create(email="r@example.org", filters="country=US")
    manage = links.links(subscription)["manage"]
    return {"meeting": meeting, "trump": trump, "manage": "/" + manage.split("/", 3)[3]}


def violations(tab: Any) -> list[dict[str, Any]]:
    tab.evaluate(AXE)
    return list(tab.evaluate(RUN))


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_public_pages_have_no_axe_violations(
    chromium: Any, live_server: Any, record: dict[str, Any], size: str
) -> None:
    context = chromium.new_context(viewport=SIZES[size], bypass_csp=True)
    tab = context.new_page()
    pages = [
        "/",
        "/?date_from=2025-08&date_to=2025-08",
        "/countries/US/",
        "/countries/US/IN/",
        f"/events/{record['meeting'].pk}/",
        f"/actors/{record['trump'].slug}/",
        "/topics/trade/",
        "/digests/subscribe/?country=US",
        record["manage"],
        "/lanes/",
        "/lanes/?scale=year&at=2025",
        "/changes/",
        "/lanes/?scale=month&at=2025-02&country=IN",
    ]
    found = {}
    for path in pages:
        tab.goto(live_server.url + path)
        tab.wait_for_load_state("networkidle")
        problems = violations(tab)
        if problems:
            found[path] = problems
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= SIZES[size]["width"], (path, width)  # no sideways scrolling
        # Flags are images that load (not emoji); the chart keeps its height on a phone.
        broken = tab.evaluate(
            "[...document.querySelectorAll('img.flag')].filter(i => !i.naturalWidth).length"
        )
        assert broken == 0, path
        bars = tab.locator(".chart svg.bars")
        if bars.count():
            assert bars.bounding_box()["height"] >= 100, (path, size)
    context.close()
    assert found == {}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_admin_event_forms_have_no_axe_violations(
    chromium: Any, live_server: Any, record: dict[str, Any], superuser: User, size: str
) -> None:
    context = chromium.new_context(viewport=SIZES[size], bypass_csp=True)
    tab = context.new_page()
    tab.goto(live_server.url + "/admin/login/")
    tab.fill("#id_username", superuser.username)
    tab.fill("#id_password", "pw-for-tests-only")
    tab.click("input[type=submit]")
    found = {}
    for path in [
        "/admin/tracker/event/add/",
        f"/admin/tracker/event/{record['meeting'].pk}/change/",
    ]:
        tab.goto(live_server.url + path)
        tab.wait_for_load_state("networkidle")
        problems = violations(tab)
        if problems:
            found[path] = problems
        if size == "desktop":  # the whole form fits a 1280 px screen, inlines included
            assert tab.evaluate("document.documentElement.scrollWidth") <= 1280, path
            tables = tab.evaluate(
                "[...document.querySelectorAll('.inline-group table')].map(t =>"
                " [t.closest('.inline-group').id, t.scrollWidth, t.parentElement.clientWidth])"
            )
            for group, wide, room in tables:
                assert wide <= room + 1, (path, group, wide, room)
    context.close()
    assert found == {}


def test_the_relations_page_by_keyboard(
    chromium: Any, live_server: Any, record: dict[str, Any]
) -> None:
    """Every link of the relations page is reached with Tab, in reading order, and the
    scrolling table of quarters takes the focus (so it scrolls from the keyboard)."""
    context = chromium.new_context(viewport=SIZES["phone"])
    tab = context.new_page()
    tab.goto(live_server.url + "/countries/US/IN/")
    seen = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        seen.append(
            tab.evaluate(
                "(() => { const e = document.activeElement; const s = e.closest('section');"
                " return (s ? s.getAttribute('aria-labelledby') : '')"
                " + '|' + (e.getAttribute('href') || e.getAttribute('role') || e.tagName); })()"
            )
        )
    context.close()
    sections = [s.split("|")[0] for s in seen if s.split("|")[0]]
    order = list(dict.fromkeys(sections))
    assert order[:3] == ["contacts-title", "cadence-title", "figures-title"], order
    assert any(s.startswith("cadence-title|region") for s in seen), seen
    assert f"contacts-title|/events/{record['meeting'].pk}/" in seen


def test_the_lanes_by_keyboard(chromium: Any, live_server: Any, record: dict[str, Any]) -> None:
    """← and → move the window, − zooms out; Tab reaches each event, Enter opens it."""
    context = chromium.new_context(viewport=SIZES["desktop"])
    tab = context.new_page()
    tab.goto(live_server.url + "/lanes/?scale=year&at=2025")
    tab.keyboard.press("ArrowRight")
    tab.wait_for_url("**at=2026**")
    tab.keyboard.press("ArrowLeft")
    tab.wait_for_url("**at=2025**")
    for _ in range(60):
        tab.keyboard.press("Tab")
        label = tab.evaluate("document.activeElement.getAttribute('aria-label') || ''")
        if label.startswith("Modi meets Trump"):
            break
    else:
        raise AssertionError("Tab does not reach the event in its lane")
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/events/{record['meeting'].pk}/")
    tab.goto(live_server.url + "/lanes/?scale=year&at=2025")
    tab.keyboard.press("-")
    tab.wait_for_url("**scale=years**")
    context.close()


def test_the_filters_by_keyboard_alone(
    chromium: Any, live_server: Any, record: dict[str, Any]
) -> None:
    """At desktop width: Tab to the search box, type, Tab on to a country, Space, then
    Enter on Apply; and a typed actor name is resolved to its slug."""
    context = chromium.new_context(viewport=SIZES["desktop"])
    tab = context.new_page()
    tab.goto(live_server.url + "/")
    for _ in range(10):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "f-q":
            break
    tab.keyboard.type("White House")
    for _ in range(10):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.name") == "country":
            break
    chosen = tab.evaluate("document.activeElement.value")
    tab.keyboard.press("Space")
    tab.focus("form.filters button[type=submit]")
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**country={chosen}**")
    assert "q=White+House" in tab.url
    assert tab.locator("#results-title").inner_text() == "1 event"
    tab.goto(live_server.url + "/")
    tab.fill("#f-actor", "Donald Trump")
    tab.focus("form.filters button[type=submit]")
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**actor={record['trump'].slug}**")
    assert "Modi meets Trump" in tab.locator("#events").inner_text()
    context.close()
