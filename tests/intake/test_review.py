"""The review screen, server side: one screen per article, real fields checked by the
record's rules (a bad value is a message beside its field and nothing is stored), accept,
save, reject, merge into an event that looks the same, accept all, and the actor found by
name, alias or spelling."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from intake.models import ArticleImport, DraftEvent
from tests.factories import EventFactory
from tracker.models import Actor, Country, Event, EventKind, Topic

pytestmark = pytest.mark.django_db
TEXT = (
    "Deputy Secretary of State Christopher Landau spoke by phone on Tuesday with First Vice "
    "Foreign Minister Kim Hong-kyun. They discussed tariffs. The United States raised tariffs "
    "on steel to 25 per cent on March 12. A statement was issued afterwards."
)


def make_article() -> ArticleImport:
    article = ArticleImport.objects.create(
        title="Landau and Kim speak", outlet="Wire", published=date(2025, 4, 2), text=TEXT
    )
    kinds = {k.slug: k for k in EventKind.objects.all()}
    rows = [
        ("call", "Landau and Kim Hong-kyun speak by phone", "2025-04-01", ["US", "KR"],
         [{"name": "Christopher Landau", "title": "Deputy Secretary", "country": "US",
           "role": "participant"},
          {"name": "Kim Hong-kyun", "title": "Vice Foreign Minister", "country": None,
           "role": "participant"}],
         [], TEXT.split(". ")[0] + "."),
        ("trade-measure", "US raises tariffs on steel to 25%", "2025-03-12", ["US"], [],
         [{"label": "Tariff", "value": 25, "unit": "percent", "period_start": None,
           "period_end": None, "change_value": None, "change_unit": ""}],
         "The United States raised tariffs on steel to 25 per cent on March 12."),
        ("statement", "US statement", "2025-04-01", ["US"], [], [],
         "A statement was issued afterwards."),
    ]  # fmt: skip
    for position, (kind, title, start, countries, people, figures, evidence) in enumerate(rows):
        DraftEvent.objects.create(
            article=article, kind=kinds[kind], title=title, start=start, countries=countries,
            participants=people, figures=figures, evidence=evidence, position=position,
        )  # fmt: skip
    return article


def url(article: ArticleImport) -> str:
    return f"/admin/intake/articleimport/{article.pk}/review/"


def card_data(client: Client, article: ArticleImport, draft: DraftEvent) -> dict[str, Any]:
    """The card's form as the page sends it."""
    page = client.get(url(article))
    from intake.review import card

    entry = card(draft, 0)
    data: dict[str, Any] = {"draft": str(draft.pk)}
    for form in (entry.form, *entry.people.forms, *entry.figures.forms):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if isinstance(value, list):
                data[bound.html_name] = [getattr(v, "pk", v) for v in value]
            else:
                data[bound.html_name] = getattr(value, "pk", value)
    for formset in (entry.people, entry.figures):
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
    assert page.status_code == 200
    return data


@pytest.fixture
def editor_client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def test_the_screen_shows_the_article_and_every_draft(editor_client: Client) -> None:
    article = make_article()
    EventFactory.create(kind=EventKind.objects.get(slug="call"), start=date(2025, 4, 1),
                        countries=["US", "KR"], title="Landau calls Seoul")  # fmt: skip
    page = editor_client.get(url(article)).content.decode()
    assert page.count('<article class="card') == 3
    for colour in range(3):
        assert f'<mark class="ev ev-{colour}"' in page
    assert "Looks the same as:" in page
    assert "Landau calls Seoul" in page
    first = article.drafts.order_by("position")[0]
    assert f'name="d{first.pk}-countries"' in page


def test_accept_with_fields_edited(editor_client: Client) -> None:
    article = make_article()
    landau = Actor.objects.create(
        name="Christopher Landau", title="Deputy Secretary of State", country_id="US"
    )
    call = article.drafts.get(kind__slug="call")
    data = card_data(editor_client, article, call)
    prefix = f"d{call.pk}"
    assert data[f"{prefix}-people-0-actor"] == landau.pk  # the same name: chosen
    data[f"{prefix}-people-0-title"] = "Deputy Secretary of State"
    data[f"{prefix}-people-1-title"] = "First Vice Foreign Minister"
    data[f"{prefix}-countries"] = ["US", "KR"]
    trade_topic = Topic.objects.get_or_create(slug="trade", defaults={"name": "Trade"})[0]
    data[f"{prefix}-topics"] = [trade_topic.pk]
    data["action"] = "accept"
    response = editor_client.post(url(article), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    event = Event.objects.get()
    assert event.title == "Landau and Kim Hong-kyun speak by phone"
    assert sorted(event.country_codes) == ["KR", "US"]
    titles = {p.actor.name: p.title_at_time for p in event.participations.all()}
    assert titles == {
        "Christopher Landau": "Deputy Secretary of State",
        "Kim Hong-kyun": "First Vice Foreign Minister",
    }
    assert event.participations.get(actor__name="Christopher Landau").actor == landau
    assert [t.slug for t in event.topics.all()] == ["trade"]
    trade = article.drafts.get(kind__slug="trade-measure")
    assert response["Location"].endswith(f"?focus={trade.pk}")  # on to the next open draft


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"countries": ["XX"]}, "countries", "Select a valid choice"),
        ({"figures-0-unit": ""}, "figures-0-unit", "Give the unit"),
        ({"start": "2025-03-12", "end": "2025-03-01"}, "end", "The end is before the start."),
        ({"start": "12 March"}, "start", "Not a date"),
        ({"figures-0-period": "2025/2024"}, "figures-0-period", "ends before it starts"),
        ({"figures-0-value": "lots"}, "figures-0-value", "Enter a number."),
        (
            {"people-TOTAL_FORMS": "1", "people-0-role": "host", "people-0-title": "Minister"},
            "people-0-name",
            "Choose an actor or give the new actor",
        ),
    ],
    ids=["country", "unit", "end", "start", "period", "value", "person"],
)
def test_bad_values_are_shown_beside_their_field_and_nothing_is_stored(
    editor_client: Client, change: dict[str, Any], field: str, message: str
) -> None:
    article = make_article()
    trade = article.drafts.get(kind__slug="trade-measure")
    before = DraftEvent.objects.values().get(pk=trade.pk)
    data = card_data(editor_client, article, trade)
    prefix = f"d{trade.pk}"
    data.update({f"{prefix}-{key}": value for key, value in change.items()})
    data["action"] = "accept"
    response = editor_client.post(url(article), data)
    assert response.status_code == 400
    page = response.content.decode()
    # The message sits in the field's own row, right after its input.
    field_at = page.index(f'name="{prefix}-{field}"')
    error_at = page.index(f'id="id_{prefix}-{field}_error"')
    assert 0 < error_at - field_at < 3000
    assert message in page[error_at : error_at + 400]
    assert DraftEvent.objects.values().get(pk=trade.pk) == before
    assert not Event.objects.exists()


def test_save_keeps_the_draft_open(editor_client: Client) -> None:
    article = make_article()
    trade = article.drafts.get(kind__slug="trade-measure")
    data = card_data(editor_client, article, trade)
    data[f"d{trade.pk}-title"] = "US raises steel tariffs to 25%"
    data[f"d{trade.pk}-figures-0-value"] = "2.5"
    data[f"d{trade.pk}-figures-0-scale"] = "1000"
    data["action"] = "save"
    assert editor_client.post(url(article), data).status_code == 302
    trade.refresh_from_db()
    assert trade.state == DraftEvent.State.PENDING
    assert trade.title == "US raises steel tariffs to 25%"
    assert trade.figures[0]["value"] == 2500


def test_merge_reject_and_accept_all(editor_client: Client) -> None:
    article = make_article()
    existing = EventFactory.create(
        kind=EventKind.objects.get(slug="call"), start=date(2025, 4, 1), countries=["US", "KR"]
    )
    call = article.drafts.get(kind__slug="call")
    data = card_data(editor_client, article, call)
    data["merge_target"] = str(existing.pk)
    assert editor_client.post(url(article), data).status_code == 302
    call.refresh_from_db()
    assert (call.state, call.event) == (DraftEvent.State.MERGED, existing)
    assert set(existing.country_codes) >= {"US", "KR"}
    statement = article.drafts.get(kind__slug="statement")
    rejected = editor_client.post(url(article), {"draft": statement.pk, "action": "reject"})
    assert rejected.status_code == 302  # no fields needed to reject
    statement.refresh_from_db()
    assert statement.state == DraftEvent.State.REJECTED
    response = editor_client.post(url(article), {"action": "accept_all"}, follow=True)
    assert "Accepted 1 draft(s)." in response.content.decode()
    assert Event.objects.count() == 2
    assert not article.drafts.filter(state=DraftEvent.State.PENDING).exists()


def test_a_viewer_reads_but_cannot_review(viewer: User) -> None:
    article = make_article()
    client = Client()
    client.force_login(viewer)
    page = client.get(url(article)).content.decode()
    assert "needs an editor's rights" in page
    draft = article.drafts.first()
    assert draft is not None
    assert client.post(url(article), {"draft": draft.pk, "action": "reject"}).status_code == 403


def test_odd_posts_are_refused_with_a_message(editor_client: Client) -> None:
    article = make_article()
    for data in ({"draft": "x", "action": "accept"}, {"draft": "999", "action": "save"},
                 {"action": "explode"}):  # fmt: skip
        response = editor_client.post(url(article), data, follow=True)
        assert response.status_code == 200
    assert editor_client.get("/admin/intake/articleimport/999/review/").status_code == 403
    assert not Event.objects.exists()


def test_countries_come_from_titles_when_the_draft_has_none(editor_client: Client) -> None:
    article = make_article()
    call = article.drafts.get(kind__slug="call")
    call.countries = []
    call.participants[1]["title"] = "External Affairs Minister"
    call.save()
    from intake.review import card

    initial = card(call, 0).form.initial["countries"]
    assert set(Country.objects.filter(pk__in=["US", "IN"])) == set(initial)


def test_a_close_spelling_is_proposed_not_chosen(editor_client: Client) -> None:
    article = make_article()
    Actor.objects.create(name="Christopher Landau", title="Deputy Secretary of State")
    call = article.drafts.get(kind__slug="call")
    call.participants[0]["name"] = "Christopher Landeau"
    call.save()
    page = editor_client.get(url(article)).content.decode()
    assert "In the record, close to this name: Christopher Landau (Deputy Secretary" in page
    data = card_data(editor_client, article, call)
    assert f"d{call.pk}-people-0-actor" not in data
    assert data[f"d{call.pk}-people-0-name"] == "Christopher Landeau"


def test_the_people_an_article_names_are_listed_with_the_record_s_actors(
    editor_client: Client,
) -> None:
    # Extraction keeps everyone the article names, not only those taking part in a
    # draft: the spokesperson, the ambassador who attended. The screen says who the record
    # knows, and when the article gives them another title than their current one.
    from intake.drafts import Article, save_article

    Actor.objects.create(name="Marco Rubio", title="Senator", country_id="US")
    article = save_article(
        Article(
            text=(
                "Secretary of State Marco Rubio spoke with Indian External Affairs Minister "
                "S. Jaishankar on Monday. Department Spokesperson Tammy Bruce said the two "
                "discussed trade. Rubio thanked India."
            ),
            published=date(2025, 3, 12),
        )
    )
    names = [p["name"] for p in article.people]
    assert names == ["Marco Rubio", "S. Jaishankar", "Tammy Bruce"]  # "Rubio" is one of them
    assert article.people[0] == {"name": "Marco Rubio", "title": "Secretary of State",
                                 "country": "US"}  # fmt: skip
    page = editor_client.get(url(article)).content.decode()
    named = page[page.index("Named in the article") :]
    assert "Tammy Bruce" in named
    assert "not in the record" in named
    assert "/admin/tracker/actor/" in named
    assert "as Senator now" in named


def test_an_article_without_its_people_or_with_odd_ones_still_shows(
    editor_client: Client,
) -> None:
    article = make_article()  # stored before articles kept their people
    assert "Named in the article" not in editor_client.get(url(article)).content.decode()
    article.people = [{"name": "  "}, "x", {"name": "Kim Hong-kyun", "title": None}]
    article.save()
    page = editor_client.get(url(article)).content.decode()
    assert page.count("not in the record") == 1


def test_the_people_named_are_matched_to_the_record_in_one_query(editor_client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Actor.objects.create(name="Marco Rubio", aliases=["Rubio"], country_id="US")
    article = make_article()

    def queries(people: list[dict[str, str]]) -> int:
        article.people = people
        article.save()
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url(article)).status_code == 200
        return len(captured)

    one = queries([{"name": "Rubio"}])
    many = queries([{"name": "Rubio"}, *({"name": f"Person Number{i}"} for i in range(8))])
    assert many == one
    assert "/admin/tracker/actor/" in editor_client.get(url(article)).content.decode()
