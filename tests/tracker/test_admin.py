"""Admin data entry through the real admin views: forms, inlines, filters, actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    EventFactory,
    ParticipationFactory,
    TopicFactory,
    add_topics,
    kind,
)
from tracker.choices import DatePrecision, EventStatus
from tracker.models import Actor, Event, Participation

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:tracker_event_changelist"
ADD = "admin:tracker_event_add"


def _inline(prefix: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def event_form(**overrides: Any) -> dict[str, Any]:
    actor = overrides.pop("actor", None)
    data: dict[str, Any] = {
        "title": "US and India trade ministers meet",
        "kind": kind("meeting").pk,
        "status": EventStatus.OCCURRED,
        "start_text": "Feb 2025",
        "end_text": "",
        "country_set": ["US", "IN"],
        "tags": "trade, bilateral",
        "summary": "They met.",
        "notes": "",
    }
    data.update(_inline("participations", [
        {"actor": actor.pk, "role": "host", "title_at_time": "Commerce Secretary"}
    ] if actor else []))  # fmt: skip
    data.update(_inline("sources", [{
        "outlet": "Ministry of Commerce", "published": "2025-02-06", "title": "Readout",
        "url": "https://commerce.example.org/readout", "author": "", "excerpt": "",
    }]))  # fmt: skip
    data.update(_inline("figures", [{
        "label": "Bilateral goods trade", "value": "129.2", "unit": "USD",
        "period_start": "2024-01-01", "period_end": "2024-12-31",
        "change_value": "", "change_unit": "",
    }]))  # fmt: skip
    data.update(_inline("links_out", []))
    data.update(_inline("links_in", []))
    data.update(overrides)
    return data


@pytest.fixture
def admin_client_for(client: Client) -> Any:
    def login(user: User) -> Client:
        client.force_login(user)
        return client

    return login


def test_add_event_with_inlines_stores_month_precision(admin_client_for: Any, editor: User) -> None:
    client = admin_client_for(editor)
    actor = ActorFactory.create(name="Piyush Goyal")
    response = client.post(reverse(ADD), event_form(actor=actor), follow=True)
    assert response.status_code == 200
    event = Event.objects.get(title="US and India trade ministers meet")
    assert (event.start_precision, event.display_date) == (DatePrecision.MONTH, "Feb 2025")
    assert event.created_by == editor
    assert sorted(event.country_codes) == ["IN", "US"]
    assert sorted(event.tags.names()) == ["bilateral", "trade"]
    participation = event.participations.get()
    assert (participation.actor, participation.title_at_time) == (actor, "Commerce Secretary")
    assert event.sources.get().outlet == "Ministry of Commerce"
    assert event.figures.get().display_value == "129.2 USD"

    changelist = client.get(reverse(CHANGELIST)).content.decode()
    assert "Feb 2025" in changelist
    assert "1 Feb 2025" not in changelist


@pytest.mark.parametrize("typed", ["2025-02", "February 2025"])
def test_other_ways_of_typing_a_month(admin_client_for: Any, superuser: User, typed: str) -> None:
    client = admin_client_for(superuser)
    client.post(reverse(ADD), event_form(start_text=typed))
    assert Event.objects.get().display_date == "Feb 2025"


def test_span_and_bad_dates_give_form_errors_and_save_nothing(
    admin_client_for: Any, superuser: User
) -> None:
    client = admin_client_for(superuser)
    response = client.post(reverse(ADD), event_form(start_text="31 Feb 2025"))
    assert response.status_code == 200
    assert "Feb 2025 has no day 31." in response.content.decode()
    response = client.post(reverse(ADD), event_form(start_text="2024", end_text="2009"))
    assert "The end comes before the start." in response.content.decode()
    bad_figure = event_form()
    bad_figure["figures-0-value"] = "lots"
    response = client.post(reverse(ADD), bad_figure)
    assert response.status_code == 200
    assert Event.objects.count() == 0

    client.post(reverse(ADD), event_form(start_text="2009", end_text="2024"))
    assert Event.objects.get().display_date == "2009–2024"


def test_changelist_filters_search_and_date_range(admin_client_for: Any, viewer: User) -> None:
    client = admin_client_for(viewer)
    topic = TopicFactory.create(name="Tariffs")
    feb = EventFactory.create(
        title="Tariff order", kind=kind("trade-measure"), start=PartialDateStart("2025-02"),
        start_precision=DatePrecision.MONTH, countries=["US", "CA"], status=EventStatus.SCHEDULED,
    )  # fmt: skip
    add_topics(feb, topic)
    march = EventFactory.create(
        title="Foreign ministers' call", kind=kind("call"),
        start=PartialDateStart("2025-03-12"), countries=["US", "IN"],
    )  # fmt: skip
    ParticipationFactory.create(event=march, actor=ActorFactory.create(name="Marco Rubio"))

    def titles(**params: str) -> set[str]:
        response = client.get(reverse(CHANGELIST), params)
        assert response.status_code == 200
        return {e.title for e in response.context["cl"].result_list}

    both = {feb.title, march.title}
    assert titles() == both
    assert titles(kind__id__exact=str(kind("call").pk)) == {march.title}
    assert titles(status__exact="scheduled") == {feb.title}
    assert titles(start_precision__exact="month") == {feb.title}
    assert titles(country="CA") == {feb.title}
    assert titles(topics__id__exact=str(topic.pk)) == {feb.title}
    assert titles(q="Rubio") == {march.title}
    assert titles(q="tariff") == {feb.title}
    # Overlap: an event of Feb 2025 belongs to the range 10–20 Feb 2025.
    assert titles(date_from="10 Feb 2025", date_to="20 Feb 2025") == {feb.title}
    assert titles(date_from="Mar 2025") == {march.title}
    assert titles(date_to="2024") == set()
    page = client.get(reverse(CHANGELIST), {"date_from": "someday"}, follow=True)
    assert "Date range ignored" in page.content.decode()
    assert {e.title for e in page.context["cl"].result_list} == both


def PartialDateStart(text: str) -> Any:
    from tracker.dates import PartialDate

    return PartialDate.parse(text).first_day


def test_changelist_query_count_does_not_grow(admin_client_for: Any, superuser: User) -> None:
    client = admin_client_for(superuser)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(CHANGELIST)).status_code == 200
        return len(queries)

    EventFactory.create_batch(3, countries=["US", "IN"])
    few = count_queries()
    EventFactory.create_batch(40, countries=["US", "MX", "CA"])
    assert count_queries() == few


def test_status_actions(admin_client_for: Any, editor: User) -> None:
    client = admin_client_for(editor)
    events = EventFactory.create_batch(2, status=EventStatus.SCHEDULED)
    ids = [str(e.pk) for e in events]
    client.post(reverse(CHANGELIST), {"action": "mark_occurred", "_selected_action": ids})
    assert set(Event.objects.values_list("status", flat=True)) == {EventStatus.OCCURRED}
    client.post(reverse(CHANGELIST), {"action": "mark_cancelled", "_selected_action": ids[:1]})
    assert Event.objects.get(pk=ids[0]).status == EventStatus.CANCELLED


def test_duplicate_action_copies_and_opens_the_copy(admin_client_for: Any, editor: User) -> None:
    client = admin_client_for(editor)
    event = EventFactory.create(countries=["US", "IN"])
    ParticipationFactory.create(event=event)
    response = client.post(
        reverse(CHANGELIST), {"action": "duplicate", "_selected_action": [str(event.pk)]}
    )
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:tracker_event_change", args=[copy.pk])
    assert sorted(copy.country_codes) == ["IN", "US"]
    assert copy.participations.count() == 1
    assert copy.uid != event.uid


def test_new_event_like_an_existing_one_gets_a_warning(admin_client_for: Any, editor: User) -> None:
    client = admin_client_for(editor)
    existing = EventFactory.create(kind=kind("meeting"), start=PartialDateStart("2025-02-14"),
                                   countries=["US", "IN"])  # fmt: skip
    response = client.post(reverse(ADD), event_form(), follow=True)
    page = response.content.decode()
    assert "may duplicate an existing one" in page
    assert reverse("admin:tracker_event_change", args=[existing.pk]) in page
    assert Event.objects.count() == 2  # a warning, not a refusal


def test_merge_actors_action(admin_client_for: Any, superuser: User) -> None:
    client = admin_client_for(superuser)
    keep = ActorFactory.create(name="Subrahmanyam Jaishankar")
    other = ActorFactory.create(name="S. Jaishankar")
    ParticipationFactory.create(actor=other)
    url = reverse("admin:tracker_actor_changelist")
    selected = {"action": "merge_actors", "_selected_action": [str(keep.pk), str(other.pk)]}
    confirm = client.post(url, selected)
    assert confirm.status_code == 200
    assert "Merge actors" in confirm.content.decode()
    client.post(url, {**selected, "keep": str(keep.pk)})
    assert list(Actor.objects.values_list("name", flat=True)) == ["Subrahmanyam Jaishankar"]
    assert Actor.objects.get().aliases == ["S. Jaishankar"]
    assert Participation.objects.get().actor_id == keep.pk


def test_history_view_lists_changes(admin_client_for: Any, superuser: User) -> None:
    client = admin_client_for(superuser)
    event = EventFactory.create(title="Before")
    event.title = "After"
    event.save()
    response = client.get(reverse("admin:tracker_event_history", args=[event.pk]))
    assert response.status_code == 200
    assert "After" in response.content.decode()


def test_change_form_shows_the_typed_date(admin_client_for: Any, superuser: User) -> None:
    client = admin_client_for(superuser)
    event = EventFactory.create(start=PartialDateStart("2009"), start_precision="year",
                                end=PartialDateStart("2024"), end_precision="year")  # fmt: skip
    page = client.get(reverse("admin:tracker_event_change", args=[event.pk])).content.decode()
    assert 'value="2009"' in page
    assert 'value="2024"' in page


def test_figures_are_entered_and_shown_as_on_the_site(admin_client_for: Any, editor: User) -> None:
    """A figure's number is typed with its scale ("45.7 bn") and its period as partial
    dates ("2024", "Feb 2025"); the change form shows them the same way, not as
    45700000000.0000 and 31/12/2024."""
    client = admin_client_for(editor)
    form = event_form()
    form.update({
        "figures-0-label": "US goods deficit with India", "figures-0-value": "45.7 bn",
        "figures-0-period_start": "2024", "figures-0-period_end": "2024",
        "figures-0-change_value": "+2.1 bn", "figures-0-change_unit": "USD",
    })  # fmt: skip
    client.post(reverse(ADD), form)
    figure = Event.objects.get().figures.get()
    assert figure.value == 45_700_000_000
    assert (str(figure.period_start), str(figure.period_end)) == ("2024-01-01", "2024-12-31")
    assert figure.change_value == 2_100_000_000
    page = client.get(reverse("admin:tracker_event_change", args=[figure.event_id]))
    html = page.content.decode()
    assert 'name="figures-0-value" value="45.7 bn"' in html
    assert 'name="figures-0-period_start" value="2024"' in html
    assert 'name="figures-0-period_end" value="2024"' in html
    assert 'name="figures-0-change_value" value="2.1 bn"' in html
    assert "45700000000" not in html
    # Months and open ends; "15,668" with its grouping; bad numbers are form errors.
    form.update({"figures-0-value": "15,668", "figures-0-period_start": "Jan 2009",
                 "figures-0-period_end": "Feb 2025", "figures-0-change_value": ""})  # fmt: skip
    form["title"] = "Deportations since 2009"
    client.post(reverse(ADD), form)
    second = Event.objects.get(title="Deportations since 2009").figures.get()
    assert second.value == 15668
    assert (str(second.period_start), str(second.period_end)) == ("2009-01-01", "2025-02-28")
    for typed in ["lots", "45.7 zillion", "1e30", "9" * 30]:
        form.update({"figures-0-value": typed, "title": f"Bad {typed}"})
        response = client.post(reverse(ADD), form)
        assert response.status_code == 200, typed
        assert not Event.objects.filter(title=f"Bad {typed}").exists(), typed
