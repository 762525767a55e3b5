"""What intake proposes beyond the event: whose own account an article is, and the earlier
event a draft refers to; accepting or merging writes both, as the editor left them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from intake import drafts, proposals
from intake.extraction.pipeline import Article
from intake.models import DraftEvent
from tests.factories import EventFactory, kind
from tracker import services
from tracker.choices import EventStatus
from tracker.models import Event, EventLink

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "outlet", "expected"),
    [
        ("https://www.whitehouse.gov/briefings/readout", "The White House", "US"),
        ("https://www.mea.gov.in/bilateral-documents.htm", "Ministry of External Affairs", "IN"),
        ("https://www.mofa.go.jp/press/release", "", "JP"),
        ("https://www.gov.uk/government/news/readout", "", "GB"),
        ("https://example.org/statement", "Ministry of Foreign Affairs of Japan", "JP"),
        ("https://www.thehindu.com/news/national/call", "The Hindu", None),
        ("https://www.reuters.com/world/", "Reuters", None),
        ("https://timesofindia.indiatimes.com/", "Times of India", None),
    ],
)
def test_an_article_is_a_governments_account_only_from_its_site_or_outlet(
    url: str, outlet: str, expected: str | None
) -> None:
    assert proposals.account_country(url, outlet) == expected


def test_a_watched_sources_country_is_the_accounts(db: None) -> None:
    assert proposals.account_country("https://www.mfa.example/news", "", home="EE") == "EE"


@pytest.fixture
def announced(db: None) -> Event:
    return services.create_event(
        title="Order adds a 25% tariff on Indian goods",
        kind="trade-measure",
        start="2025-08-06",
        countries=["US", "IN"],
    )


def test_a_measure_taking_effect_is_linked_to_its_announcement(announced: Event) -> None:
    link = proposals.earlier_event(
        kind="trade-measure",
        start="2025-08-27",
        countries=["US", "IN"],
        evidence="The additional tariff on Indian goods took effect on Wednesday.",
    )
    assert link == ("announced_in", announced)
    # Not without the words, and not for another pair or a later date.
    for evidence, countries in [
        ("A tariff was imposed on Indian goods.", ["US", "IN"]),
        ("The tariff took effect.", ["US", "BR"]),
    ]:
        found = proposals.earlier_event(
            kind="trade-measure", start="2025-08-27", countries=countries, evidence=evidence
        )
        assert found is None
    assert (
        proposals.earlier_event(
            kind="trade-measure",
            start="2025-08-01",
            countries=["US", "IN"],
            evidence="The tariff takes effect.",
        )
        is None
    )


def test_a_postponement_and_a_response_find_what_they_refer_to(announced: Event) -> None:
    summit = EventFactory.create(
        title="Leaders to meet in Delhi",
        kind=kind("meeting"),
        status=EventStatus.SCHEDULED,
        start=date(2025, 9, 20),
        countries=["US", "IN"],
    )
    assert proposals.earlier_event(
        kind="meeting",
        start="2025-09-01",
        countries=["IN", "US"],
        evidence="The meeting was postponed to a later date.",
    ) == ("postpones", summit)
    assert proposals.earlier_event(
        kind="statement",
        start="2025-08-07",
        countries=["IN", "US"],
        evidence="India said the measure was unfair, in response to the order.",
    ) == ("response_to", announced)


def test_accepting_a_drafted_readout_writes_its_account_and_its_link(
    announced: Event, client: Client, editor: Any
) -> None:
    article = drafts.save_article(
        Article(
            text=(
                "Washington, August 27, 2025. The additional 25 percent tariff on goods from "
                "India took effect today, bringing the total tariff to 50 percent."
            ),
            published=date(2025, 8, 27),
            title="Additional tariff on Indian goods in effect",
            outlet="U.S. Customs and Border Protection",
            url="https://www.cbp.gov/trade/notice",
        )
    )
    draft = article.drafts.get(kind__slug="trade-measure")
    assert draft.account_of_id == "US"
    assert (draft.link_kind, draft.link_to) == ("announced_in", announced)
    # On the review screen, as fields the editor may change.
    client.force_login(editor)
    page = client.get(reverse("admin:intake_articleimport_review", args=[article.pk]))
    html = page.content.decode()
    assert "The article is the account of" in html
    assert "As announced in" in html
    event = drafts.accept(draft)
    assert event.sources.get().account_of_id == "US"
    link = EventLink.objects.get()
    assert (link.source, link.target, link.kind) == (announced, event, "announces")


def test_merging_the_other_sides_readout_adds_its_account(db: None) -> None:
    call = services.create_event(
        title="Modi and Trump speak",
        kind="call",
        start="2025-01-27",
        countries=["US", "IN"],
        sources=[services.SourceData(outlet="The White House", title="Readout", account_of="US")],
    )
    article = drafts.save_article(
        Article(
            text=(
                "New Delhi, 27 January 2025. Prime Minister Narendra Modi had a telephone "
                "conversation today with President Donald Trump of the United States."
            ),
            published=date(2025, 1, 27),
            title="PM's telephone conversation with President Trump",
            outlet="Ministry of External Affairs",
            url="https://www.mea.gov.in/press-releases.htm",
        )
    )
    draft = article.drafts.get(kind__slug="call")
    assert draft.account_of_id == "IN"
    drafts.merge(draft, call)
    assert sorted(call.sources.values_list("account_of", flat=True)) == ["IN", "US"]


def test_a_half_given_link_is_a_form_error_on_the_card(
    announced: Event, client: Client, editor: Any
) -> None:
    article = drafts.save_article(
        Article(
            text="On August 27, 2025 the tariff on Indian goods took effect.",
            published=date(2025, 8, 27),
            title="Tariff",
            outlet="A wire",
            url="https://wire.example.org/tariff",
        )
    )
    draft = article.drafts.first()
    assert draft is not None
    assert draft.account_of_id is None  # a wire: an independent report
    client.force_login(editor)
    url = reverse("admin:intake_articleimport_review", args=[article.pk])
    page = client.get(url)
    card = next(c for c in page.context["entries"] if c.draft.pk == draft.pk)
    data = {
        f"{card.form.prefix}-{name}": value
        for name, value in {
            "title": draft.title,
            "kind": draft.kind_id,
            "status": draft.status,
            "start": draft.start,
            "end": "",
            "link_kind": "cancels",
            "link_to": "",
        }.items()
    }
    for formset in (card.people, card.figures):
        data.update({f"{formset.prefix}-TOTAL_FORMS": "0", f"{formset.prefix}-INITIAL_FORMS": "0"})
    data.update({"draft": draft.pk, "action": "accept"})
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Give both what this event is and the event, or neither." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == DraftEvent.State.PENDING
    assert not Event.objects.exclude(pk=announced.pk).exists()
