"""Story pages in Debian's chromium (Playwright) against a live server, at 1280 and 390 px:
under the site's CSP nothing fails (no console error, no failed request, no sideways
scrolling), printing hides the navigation, and axe-core (vendored in tests/vendor)
finds no violation. Screenshots of the story page go to docs/story-desktop.png and
docs/story-phone.png (as the review screen's go to docs/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from stories.models import Story
from tests.factories import EventFactory, kind, story_of
from tests.site.test_accessibility import violations

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDTHS = {1280: "desktop", 390: "phone"}


@pytest.fixture
def story(seeded: None) -> Story:
    call = EventFactory.create(
        title="Trump and Modi speak by phone",
        kind=kind("call"),
        start=date(2025, 1, 27),
        countries=["US", "IN"],
    )
    flight = EventFactory.create(
        title="US military aircraft with 104 deported Indians lands in Amritsar",
        kind=kind("deportation"),
        start=date(2025, 2, 5),
        countries=["US", "IN"],
    )
    visit = EventFactory.create(
        title='Modi meets Trump at the White House; leaders set "Mission 500" trade goal',
        kind=kind("visit"),
        start=date(2025, 2, 13),
        countries=["IN", "US"],
    )
    tariff = EventFactory.create(
        title="Additional tariff on Indian goods takes effect, bringing the total to 50%",
        kind=kind("trade-measure"),
        start=date(2025, 8, 27),
        countries=["US", "IN"],
    )
    agreement = EventFactory.create(
        title="First tranche of a bilateral trade agreement",
        kind=kind("agreement"),
        start=date(2025, 1, 1),
        start_precision="year",
        status="scheduled",
        countries=["US", "IN"],
    )
    return story_of(
        call,
        flight,
        visit,
        tariff,
        agreement,
        notes=[
            "A week after the inauguration, the two leaders speak by phone.",
            "Deportation flights become part of the relationship.",
            "The Prime Minister visits Washington.",
            "By the end of August, Indian goods face a 50 % tariff in all.",
            "What both sides still say they want – sometime in 2025.",
        ],
        title="US–India in 2025: talks, flights and tariffs",
        slug="us-india-2025",
        summary="How the year went between the United States and India, as the record "
        "tells it: from the first call to the tariffs of August.",
    )


def pages(story: Story) -> list[str]:
    return ["/stories/", story.get_absolute_url(), f"/stories/{story.slug}/print/"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_story_page_at_desktop_and_phone_width(
    chromium: Any, live_server: Any, story: Story, width: int
) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    for path in pages(story):
        tab.goto(live_server.url + path)
        tab.wait_for_load_state("networkidle")
        scroll = tab.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (path, scroll)  # no sideways scrolling
        broken = tab.evaluate(
            "[...document.querySelectorAll('img.flag')].filter(i => !i.naturalWidth).length"
        )
        assert broken == 0, path
    tab.goto(live_server.url + story.get_absolute_url())
    tab.wait_for_load_state("networkidle")
    titles = tab.locator(".story-event h2").all_inner_texts()
    assert titles[0] == "Trump and Modi speak by phone"
    assert titles[-1] == "First tranche of a bilateral trade agreement"
    DOCS.mkdir(exist_ok=True)
    tab.screenshot(path=str(DOCS / f"story-{WIDTHS[width]}.png"), full_page=True)
    tab.locator(".story-event h2 a").first.click()
    tab.wait_for_url("**/events/*/")
    assert tab.locator("h1").inner_text() == "Trump and Modi speak by phone"
    # Printing: no navigation, no export links; the entries are all there.
    tab.goto(live_server.url + story.get_absolute_url())
    tab.emulate_media(media="print")
    assert tab.locator("header.site nav").is_hidden()
    assert tab.locator(".story-exports").is_hidden()
    assert tab.locator(".story-entry").count() == 5
    context.close()
    assert problems == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_story_pages_have_no_axe_violations(
    chromium: Any, live_server: Any, story: Story, width: int
) -> None:
    # axe's script is injected into the page, so this context bypasses the CSP (the
    # test above reads the pages under it).
    context = chromium.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    found = {}
    for path in pages(story):
        for scheme in ("light", "dark"):
            tab.emulate_media(color_scheme=scheme)
            tab.goto(live_server.url + path)
            tab.wait_for_load_state("networkidle")
            problems = violations(tab)
            if problems:
                found[f"{path} ({scheme})"] = problems
    context.close()
    assert found == {}
