"""The review screen in a real browser (chromium, Playwright) against a live server: an
editor, with the keyboard only, fixes a participant's title through the actor
autocomplete, adds a country, merges one draft into an event that looks the same, rejects
one and accepts the last; the record holds exactly that. At desktop width and at 390 px;
axe-core finds no WCAG A/AA violation; screenshots go to docs/."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from intake.models import ArticleImport, DraftEvent
from tests.factories import EventFactory
from tracker.models import Actor, Event, EventKind

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
DOCS = Path(__file__).resolve().parents[2] / "docs"
TEXT = (
    "Deputy Secretary of State Christopher Landau spoke by phone on Tuesday with First Vice "
    "Foreign Minister Kim Hong-kyun of South Korea. The United States raised tariffs on "
    "steel to 25 per cent on March 12. A statement was issued afterwards."
)


def record() -> tuple[ArticleImport, Event]:
    Actor.objects.create(
        name="Christopher Landau", title="Deputy Secretary of State", country_id="US"
    )
    kinds = {k.slug: k for k in EventKind.objects.all()}
    existing = EventFactory.create(
        kind=kinds["trade-measure"], start=date(2025, 3, 12), countries=["US"],
        title="US steel tariffs rise to 25%",
    )  # fmt: skip
    article = ArticleImport.objects.create(
        title="Landau and Kim speak", outlet="Wire", published=date(2025, 4, 2), text=TEXT
    )
    sentences = [s if s.endswith(".") else s + "." for s in TEXT.split(". ")]
    rows = [
        ("call", "Landau and Kim Hong-kyun speak by phone", "2025-04-01", ["US"],
         [{"name": "Landau", "title": "Deputy Secretary", "country": "US",
           "role": "participant"},
          {"name": "Kim Hong-kyun", "title": "First Vice Foreign Minister", "country": "KR",
           "role": "participant"}], sentences[0]),
        ("trade-measure", "US raises tariffs on steel to 25%", "2025-03-12", ["US"], [],
         sentences[1]),
        ("statement", "US statement", "2025-04-01", ["US"], [], sentences[2]),
    ]  # fmt: skip
    for position, (kind, title, start, countries, people, evidence) in enumerate(rows):
        DraftEvent.objects.create(
            article=article, kind=kinds[kind], title=title, start=start, countries=countries,
            participants=people, evidence=evidence, position=position,
        )  # fmt: skip
    return article, existing


def sign_in(tab: Any, base: str) -> None:
    User.objects.create_superuser("desk", "desk@example.org", "pw-for-tests-only")
    tab.goto(f"{base}/admin/login/")
    tab.fill("#id_username", "desk")
    tab.fill("#id_password", "pw-for-tests-only")
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{base}/admin/")


def active(tab: Any) -> str:
    return str(
        tab.evaluate(
            "() => { const e = document.activeElement;"
            " const row = e.closest('.form-row');"
            " return (e.id || '') + '|' + (e.getAttribute('aria-labelledby') || '')"
            " + '|' + (e.className || '') + '|' + (e.name || '')"
            " + '|' + (row ? row.className : ''); }"
        )
    )


def tab_until(tab: Any, test: Any, limit: int = 80, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the focused element passes ``test``."""
    for _ in range(limit):
        if test(active(tab)):
            return
        tab.keyboard.press(key)
    raise AssertionError(f"never reached; last focus {active(tab)}")


def choose(tab: Any, typed: str, option: str) -> None:
    """In an open select2: type, wait for the option, take it with Enter."""
    tab.keyboard.type(typed, delay=30)
    tab.locator(".select2-results__option--highlighted", has_text=option).first.wait_for()
    tab.keyboard.press("Enter")
    tab.locator(".select2-container--open").first.wait_for(state="detached")


def submit(tab: Any, key: str) -> None:
    """Press a key that sends the card, and wait for the page that answers."""
    with tab.expect_navigation():
        tab.keyboard.press(key)
    tab.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", [1280, 390])
def test_an_editor_reviews_an_article_with_the_keyboard_only(
    chromium: Any,
    live_server: Any,
    seeded: None,
    width: int,
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    article, existing = record()
    call, trade, statement = article.drafts.order_by("position")
    context = chromium.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(tab, live_server.url)
    tab.goto(f"{live_server.url}/admin/intake/articleimport/{article.pk}/review/")
    tab.wait_for_load_state("networkidle")
    assert f"card-{call.pk}|" in active(tab)  # the first open draft has focus

    results = Axe().run(
        tab, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    )
    assert results.violations_count == 0, results.generate_report()
    DOCS.mkdir(exist_ok=True)
    tab.screenshot(path=str(DOCS / f"review-{'desktop' if width > 800 else 'phone'}.png"))

    # Card 1: edit; the actor autocomplete brings the title the actor holds; a country.
    tab.keyboard.press("e")
    prefix = f"d{call.pk}"
    tab_until(tab, lambda a: "select2-selection" in a and f"{prefix}-people-0-actor" in a)
    tab.keyboard.press("Enter")
    choose(tab, "Landau", "Christopher Landau")
    title = tab.locator(f"#id_{prefix}-people-0-title")
    assert title.input_value() == "Deputy Secretary of State"
    tab_until(tab, lambda a: "field-countries" in a and "select2-search" in a, key="Shift+Tab")
    choose(tab, "South Korea", "South Korea")
    tab_until(tab, lambda a: f"id_{prefix}-start|" in a, key="Shift+Tab")
    submit(tab, "Enter")  # Enter in a field saves the card, keeping it open
    assert f"card-{call.pk}|" in active(tab)

    # Card 2: it looks like an event already in the record: merge into it.
    tab.keyboard.press("j")
    assert f"card-{trade.pk}|" in active(tab)
    tab.keyboard.press("m")
    assert "merge-this" in active(tab)
    submit(tab, "Enter")
    assert f"card-{statement.pk}|" in active(tab)  # on to the next open draft

    # Card 3: reject; focus goes back to the one still open, which is accepted.
    submit(tab, "r")
    assert f"card-{call.pk}|" in active(tab)
    submit(tab, "a")
    assert "review-end" in active(tab)
    assert "Every draft of this article has been reviewed" in tab.content()
    assert problems == []

    states = dict(article.drafts.values_list("pk", "state"))
    assert states == {call.pk: "accepted", trade.pk: "merged", statement.pk: "rejected"}
    assert Event.objects.count() == 2
    made = Event.objects.exclude(pk=existing.pk).get()
    assert made.title == "Landau and Kim Hong-kyun speak by phone"
    assert sorted(made.country_codes) == ["KR", "US"]
    people = {p.actor.name: p.title_at_time for p in made.participations.all()}
    assert people == {
        "Christopher Landau": "Deputy Secretary of State",
        "Kim Hong-kyun": "First Vice Foreign Minister",
    }
    assert Actor.objects.filter(name="Christopher Landau").count() == 1
    assert existing.sources.filter(excerpt__startswith="The United States raised").exists()
    context.close()
