"""Each side's account and linked events in a real browser (Debian's chromium, Playwright),
on the demo record: an engagement with both sides' readouts, a tariff announced then in
force, and the pair page's counts, at 1280 and 390 px, with no axe-core violation and no
sideways scrolling. Screenshots of the event with two accounts go to docs/."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.site.test_accessibility import SIZES, violations
from tracker.models import Event

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_two_accounts_side_by_side_in_the_browser(
    chromium: Any, live_server: Any, seeded: None, size: str
) -> None:
    call_command("load_demo", stdout=StringIO())
    call = Event.objects.get(title="Trump and Modi speak by phone")
    in_force = Event.objects.get(title__startswith="Additional tariff on Indian goods takes")
    context = chromium.new_context(viewport=SIZES[size], bypass_csp=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    found = {}
    for path in [call.get_absolute_url(), in_force.get_absolute_url(), "/countries/IN/US/"]:
        tab.goto(live_server.url + path)
        tab.wait_for_load_state("networkidle")
        problems = violations(tab)
        if problems:
            found[path] = problems
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= SIZES[size]["width"], (path, width)
    assert found == {}

    tab.goto(live_server.url + call.get_absolute_url())
    accounts = tab.locator(".accounts .account")
    assert accounts.count() == 2
    first, second = (accounts.nth(i).bounding_box() for i in range(2))
    assert first is not None
    assert second is not None
    if size == "desktop":  # side by side
        assert abs(first["y"] - second["y"]) < 2
        assert second["x"] > first["x"] + first["width"] - 1
    else:  # one above the other
        assert second["y"] >= first["y"] + first["height"] - 1
    assert "India's account" in accounts.nth(0).inner_text()
    assert "only here" in accounts.nth(0).inner_text()
    assert tab.locator("table.aligned tbody tr").count() >= 3
    DOCS.mkdir(exist_ok=True)
    tab.locator("#accounts").scroll_into_view_if_needed()
    name = "accounts-desktop.png" if size == "desktop" else "accounts-phone.png"
    tab.screenshot(path=str(DOCS / name), full_page=True)

    tab.goto(live_server.url + in_force.get_absolute_url())
    assert "Announced on 6 Aug 2025, took effect on 27 Aug 2025" in tab.inner_text("main")
    tab.goto(live_server.url + "/countries/IN/US/")
    readouts = tab.locator("section[aria-labelledby=readouts-title]").inner_text()
    assert "Both sides'" in readouts
    context.close()
    assert errors == []
