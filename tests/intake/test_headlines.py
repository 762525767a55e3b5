"""Draft titles as a desk editor writes them: from the draft's structure, short, with the
kind's action and its actors, never the evidence sentence cut off."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from intake.extraction.headlines import MAX_LENGTH, country, headline, short_name
from intake.extraction.pipeline import Draft, Figure, Gazetteer, Participant, read_article, run
from tracker.dates import PartialDate

ARTICLES = Path(__file__).parent / "articles"
# Words that say each kind's action.
ACTIONS = {
    "call": ("phone",),
    "meeting": ("meet", "talks"),
    "visit": ("visit",),
    "summit": ("summit",),
    "statement": ("statement",),
    "agreement": ("agreement", "deal"),
    "trade-measure": ("tariff",),
    "sanction": ("sanction",),
    "deportation": ("deport",),
    "parliamentary": ("parliament",),
    "data-release": ("data",),
}


def project_drafts() -> list[Draft]:
    drafts = []
    for path in sorted(ARTICLES.glob("*.txt")):
        drafts += run(read_article(path.read_text()), Gazetteer()).drafts
    return drafts


def test_titles_of_the_project_articles() -> None:
    drafts = project_drafts()
    assert len(drafts) >= 15
    for draft in drafts:
        title = draft.title
        assert len(title) <= MAX_LENGTH, title
        assert "…" not in title, title
        assert not draft.evidence.startswith(title[:30]), title  # not the sentence cut off
        assert any(word in title.lower() for word in ACTIONS[draft.kind]), (draft.kind, title)
        names = {short_name(p.name) for p in draft.participants}
        places = {country(code) for code in draft.countries}
        assert any(name in title for name in names | places), title
    assert len({d.title for d in drafts}) >= len(drafts) - 3  # titles tell drafts apart


def draft(kind: str, evidence: str, **fields: object) -> Draft:
    return Draft(kind=kind, evidence=evidence, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("made", "expected"),
    [
        (
            draft(
                "call",
                "Deputy Secretary Landau spoke with First Vice Foreign Minister Kim Hong-kyun.",
                countries=["US", "KR"],
                participants=[
                    Participant("Christopher Landau", "Deputy Secretary of State", "US"),
                    Participant("Kim Hong-kyun", "First Vice Foreign Minister", "KR"),
                    Participant("Tammy Bruce", "Spokesperson", "US", role="spokesperson"),
                ],
            ),
            "Landau and Kim Hong-kyun speak by phone",
        ),
        (
            draft(
                "trade-measure",
                "The President raised the tariff on steel and aluminium imports to 25 per cent.",
                countries=["US"],
                figures=[Figure(label="Tariff", value=Decimal(25), unit="percent")],
            ),
            "US raises tariffs on steel and aluminium to 25%",
        ),
        (
            draft(
                "deportation",
                "In February 2025, 388 Indian nationals were deported from the US on US "
                "military aircraft.",
                countries=["IN", "US"],
                start=PartialDate.parse("2025-02"),
                figures=[Figure(label="Deported", value=Decimal(388), unit="persons")],
            ),
            "US deports 388 to India on military flights (Feb 2025)",
        ),
        (
            draft(
                "visit",
                "Prime Minister Modi will travel to Washington next week.",
                countries=["IN", "US"],
                status="scheduled",
                participants=[Participant("Narendra Modi", "Prime Minister", "IN")],
            ),
            "Modi to visit US",
        ),
        (
            draft(
                "data-release",
                "The goods deficit with India was $45.7 billion in 2024.",
                countries=["US", "IN"],
                figures=[
                    Figure(
                        label="Goods deficit",
                        value=Decimal("45700000000"),
                        unit="USD",
                        period_start="2024",
                        period_end="2024",
                    )
                ],
            ),
            "US data: goods deficit with India $45.7bn (2024)",
        ),
        (
            draft(
                "other",
                "Ukraine announced the expulsion of the two Hungarian diplomats.",
                countries=["UA", "HU"],
                figures=[Figure(label="People concerned", value=Decimal(2), unit="persons")],
            ),
            "Ukraine expels 2 diplomats of Hungary",
        ),
        (
            draft(
                "other",
                "Russia said it would close Finland's consulate general in St Petersburg.",
                countries=["RU", "FI"],
            ),
            "Russia and Finland: consulate closure",
        ),
    ],
    ids=["call", "tariff", "deportation", "scheduled-visit", "data", "expelled", "consulate"],
)
def test_titles_from_structure(made: Draft, expected: str) -> None:
    assert headline(made, "Kind") == expected


def test_a_long_title_drops_what_does_not_fit() -> None:
    people = [Participant(f"Firstname Verylongfamilyname{i}x" * 2) for i in range(5)]
    made = draft("meeting", "They met.", participants=people, countries=["US", "IN"])
    title = headline(made, "Meeting")
    assert len(title) <= MAX_LENGTH
    assert title.endswith("meet")


@pytest.mark.parametrize(
    ("text", "outlet", "expected"),
    [
        (
            "Forty six foreign criminals and immigration offenders have been returned to "
            "Vietnam and Timor-Leste on a groundbreaking charter flight from the UK on 25 "
            "July 2024.",
            "Home Office, GOV.UK",
            "UK deports 46 to Vietnam and Timor-Leste (25 Jul 2024)",
        ),
        (
            "43 failed asylum seekers and foreign offenders were returned on a charter flight "
            "to Nigeria and Ghana on 10 April 2025.",
            "Home Office, GOV.UK",
            "UK deports 43 to Nigeria and Ghana (10 Apr 2025)",
        ),
    ],
)
def test_a_removal_flight_is_the_sender_s_not_the_destination_s(
    text: str, outlet: str, expected: str
) -> None:
    # The flight's destinations ("returned to Vietnam and Timor-Leste") do not deport; the
    # government whose release it is leads, and two destinations are both named.
    article = read_article(
        f"Published: 2025-04-11\nOutlet: {outlet}\nURL: https://www.gov.uk/government/news/x"
        f"\n\n{text}"
    )
    (flight,) = run(article, Gazetteer()).drafts
    assert flight.title == expected
