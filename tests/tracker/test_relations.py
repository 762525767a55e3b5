"""The relations page of a country pair: last contact by level, what is coming, cadence
and balance by quarter, figures over time and the people on each side."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import ActorFactory, EventFactory, FigureFactory, ParticipationFactory, kind
from tracker import selectors
from tracker.dates import PartialDate

pytestmark = pytest.mark.django_db


def day(text: str) -> Any:
    return PartialDate.parse(text).first_day


@pytest.mark.parametrize(
    ("title", "country", "level"),
    [
        ("President", "US", "leaders"),
        ("Prime Minister", "IN", "leaders"),
        ("King", "ES", "leaders"),
        ("Vice President", "US", "deputies"),
        ("Deputy Prime Minister and Foreign Minister", "SG", "deputies"),
        ("Deputy Secretary of State", "US", "deputies"),
        ("Minister of State for External Affairs", "IN", "deputies"),
        ("Secretary of State", "US", "foreign"),
        ("External Affairs Minister", "IN", "foreign"),
        ("Minister of Foreign Affairs", "FR", "foreign"),
        ("Foreign Secretary", "GB", "foreign"),
        ("Foreign Secretary", "IN", "officials"),  # India's senior diplomat, not a minister
        ("Secretary of State for Business and Trade", "GB", "officials"),
        ("Ambassador to India", "US", "officials"),
        ("", "US", "officials"),
    ],
)
def test_levels_of_contact_come_from_the_title_at_the_time(
    title: str, country: str, level: str
) -> None:
    assert selectors.level_of(title, country) == level


def person(name: str, country: str) -> Any:
    return ActorFactory.create(name=name, country_id=country)


@pytest.fixture
def pair() -> dict[str, Any]:
    trump, vance, rubio, envoy = (
        person("Donald Trump", "US"),
        person("JD Vance", "US"),
        person("Marco Rubio", "US"),
        person("Eric Garcetti", "US"),
    )
    modi, jaishankar = person("Narendra Modi", "IN"), person("S. Jaishankar", "IN")
    wong = person("Penny Wong", "AU")

    def event(start: str, slug: str, people: list[tuple[Any, str]], **kwargs: Any) -> Any:
        made = EventFactory.create(
            start=day(start),
            start_precision=kwargs.pop("precision", "day"),
            kind=kind(slug),
            countries=kwargs.pop("countries", ["US", "IN"]),
            **kwargs,
        )
        for actor, title in people:
            ParticipationFactory.create(event=made, actor=actor, title_at_time=title)
        return made

    made = {
        "leaders": event("2025-02-13", "meeting", [(trump, "President"), (modi, "Prime Minister")]),
        "foreign": event(
            "2025-03-04",
            "call",
            [(rubio, "Secretary of State"), (jaishankar, "External Affairs Minister")],
        ),
        # A vice president received by a prime minister: a contact of deputies.
        "deputies": event(
            "2025-04-21", "visit", [(vance, "Vice President"), (modi, "Prime Minister")]
        ),
        "officials": event("2025-05-02", "meeting", [(envoy, "Ambassador to India")]),
        # Not contacts: a statement by a president, a meeting that was cancelled.
        "statement": event("2025-06-01", "statement", [(trump, "President")]),
        "cancelled": event(
            "2025-06-10",
            "meeting",
            [(trump, "President"), (modi, "Prime Minister")],
            status="cancelled",
        ),
        "quad": event(
            "2025-01-21",
            "meeting",
            [
                (rubio, "Secretary of State"),
                (jaishankar, "External Affairs Minister"),
                (wong, "Foreign Minister"),
            ],
            countries=["US", "IN", "AU"],
        ),
        "agreement": event("2025", "agreement", [], precision="year"),
        "tariff": event("2025-08-06", "trade-measure", [(trump, "President")]),
    }
    soon = timezone.localdate() + timedelta(days=20)
    made["coming"] = EventFactory.create(
        title="Trade talks, next round",
        start=soon,
        status="scheduled",
        kind=kind("meeting"),
        countries=["US", "IN"],
    )
    made["overdue"] = EventFactory.create(
        start=timezone.localdate() - timedelta(days=40),
        status="scheduled",
        kind=kind("meeting"),
        countries=["US", "IN"],
    )
    return made


def test_last_contact_at_each_level(pair: dict[str, Any]) -> None:
    contacts = {c["key"]: c for c in selectors.last_contacts("IN", "US")}
    assert list(contacts) == ["leaders", "foreign", "deputies", "officials"]
    for level in ("leaders", "foreign", "deputies", "officials"):
        assert contacts[level]["event"] == pair[level], level
    names = [p.actor.name for p in contacts["deputies"]["people"]]
    assert sorted(names) == ["JD Vance", "Narendra Modi"]


def test_coming_up_is_what_is_scheduled_and_not_over(pair: dict[str, Any]) -> None:
    assert selectors.coming_up("US", "IN") == [pair["coming"]]


def test_quarters_count_an_event_only_in_a_quarter_its_dates_are_in(
    pair: dict[str, Any],
) -> None:
    quarters = selectors.quarterly("US", "IN")
    columns = quarters["columns"]
    assert columns[:3] == ["Q1 2025", "Q2 2025", "Q3 2025"]
    # The agreement known only to 2025 is in no quarter.
    assert quarters["longer"] == 1
    by_kind = {row["kind"].slug: [c["n"] for c in row["cells"]] for row in quarters["kinds"]}
    assert "agreement" not in by_kind
    assert by_kind["meeting"][:3] == [2, 2, 0]  # Q2: the envoy's and the cancelled one
    balance = {q["label"]: q for q in quarters["balance"]}
    assert (balance["Q1 2025"]["cooperative"], balance["Q1 2025"]["coercive"]) == (3, 0)
    assert (balance["Q3 2025"]["cooperative"], balance["Q3 2025"]["coercive"]) == (0, 1)
    assert balance["Q2 2025"]["other"] == 1  # the statement is neither
    assert "tariff or trade measure" in quarters["sides"]["coercive"]
    assert "phone call" in quarters["sides"]["cooperative"]


def test_figures_are_series_per_unit_with_partial_dates_as_spans(pair: dict[str, Any]) -> None:
    first = FigureFactory.create(
        event=pair["foreign"], label="US goods deficit with India", value=Decimal("45.7e9"),
        unit="USD", period_start=day("2024-01-01"), period_end=day("2024-12-31"),
    )  # fmt: skip
    second = FigureFactory.create(
        event=pair["tariff"], label="US goods deficit with India", value=Decimal("41.5e9"),
        unit="USD", period_start=day("2023-01-01"), period_end=day("2023-12-31"),
    )  # fmt: skip
    monthly = EventFactory.create(
        start=day("2025-02"), start_precision="month", countries=["US", "IN"]
    )
    count = FigureFactory.create(event=monthly, label="Deportees", value=116, unit="persons")
    charts = {c["unit"]: c for c in selectors.figure_series("US", "IN")}
    dollars = charts["USD"]
    assert [p["figure"] for p in dollars["points"]] == [second, first]  # by their periods
    assert len(dollars["lines"]) == 1  # the same label: joined
    assert dollars["top_value"] == "45.7 bn USD"
    (point,) = charts["persons"]["points"]
    assert point["figure"] == count
    assert point["partial"]  # dated by an event known to the month: drawn across it
    assert point["span"] == (day("2025-02-01"), day("2025-02-28"))


def test_people_on_each_side_with_their_latest_title(pair: dict[str, Any]) -> None:
    sides = {s["code"]: s for s in selectors.people_by_side("US", "IN")}
    us = [(p["actor"].name, p["title"], p["count"]) for p in sides["US"]["people"]]
    assert us[0] == ("Donald Trump", "President", 4)
    assert ("Marco Rubio", "Secretary of State", 2) in us
    assert [p["actor"].name for p in sides["IN"]["people"]] == ["Narendra Modi", "S. Jaishankar"]
    assert [p["actor"].name for p in sides[""]["people"]] == ["Penny Wong"]


def test_the_relations_page(client: Client, pair: dict[str, Any]) -> None:
    FigureFactory.create(event=pair["tariff"], label="Additional tariff", value=25, unit="percent")
    html = client.get("/countries/IN/US/").content.decode()
    for text in [
        "Last contact, by level",
        "Heads of state or government",
        pair["leaders"].title,
        "Trade talks, next round",
        "Engagements by quarter and kind",
        "Cooperation and coercion by quarter",
        "1 event known only to a longer span",
        "Figures over time",
        "Additional tariff",
        "People involved",
        "Penny Wong",
    ]:
        assert text in html, text
    # With nothing recorded between them, the page says so and offers no empty charts.
    empty = client.get("/countries/FR/BR/").content.decode()
    assert "none recorded" in empty
    assert "Nothing scheduled between them" in empty
    assert "Cooperation and coercion" not in empty


def test_the_page_reads_the_pairs_latest_events_and_says_so(
    pair: dict[str, Any], monkeypatch: Any
) -> None:
    from tracker.selectors import relations

    monkeypatch.setattr(relations, "RECENT_EVENTS", 4)
    contacts = {c["key"]: c for c in selectors.last_contacts("US", "IN")}
    # The four newest: the two scheduled meetings, the tariff, the cancelled meeting.
    assert contacts["leaders"]["event"] is None
    assert contacts["leaders"]["looked_at"] == 4
    people = {s["code"]: s for s in selectors.people_by_side("US", "IN")}
    assert [p["actor"].name for p in people["US"]["people"]] == ["Donald Trump"]
