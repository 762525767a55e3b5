"""Patterns met in the corpus's development part, each kept by one sentence or two: what
the rules must go on reading right (the corpus itself only keeps a floor under the
totals)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from intake.extraction import dates
from intake.extraction.evaluate import _office, score_article
from intake.extraction.figures import find_figures
from intake.extraction.gazetteer import source_country
from intake.extraction.people import Participant
from intake.extraction.pipeline import Article, Draft, Gazetteer, _travellers, extract, run
from intake.extraction.reading import sentences
from tracker.dates import PartialDate

WEDNESDAY = date(2025, 3, 12)


def drafts(
    text: str,
    published: date = WEDNESDAY,
    home: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[dict[str, Any]]:
    article = Article(text=text, published=published, home=home)
    return [d.as_json() for d in extract(article, gazetteer)]


def titles(text: str, **kwargs: Any) -> dict[str, str]:
    """Each person the drafts name, with the title they were given."""
    return {p["name"]: p["title"] for d in drafts(text, **kwargs) for p in d["participants"]}


def events(text: str, **kwargs: Any) -> list[tuple[str, str | None, list[str]]]:
    return [(d["kind"], d["start"], sorted(d["countries"])) for d in drafts(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A skipped country name as a possessive, a name with "el-", a qualifier.
        (
            "Jordan's King Abdullah II met Egyptian President Abdel Fattah el-Sisi in Cairo "
            "on 10 March 2025.",
            [("meeting", "2025-03-10", ["EG", "JO"])],
        ),
        (
            "Turkish President Recep Tayyip Erdogan hosted Syrian interim President Ahmed "
            "al-Sharaa in Ankara on February 4.",
            [("meeting", "2025-02-04", ["SY", "TR"])],
        ),
        # Protests and summoned envoys are statements between the two.
        (
            "The Philippines summoned the Chinese ambassador on Monday to protest the water "
            "cannon incident.",
            [("statement", "2025-03-10", ["CN", "PH"])],
        ),
        # "The first such visit since 2019" is no visit from 2019.
        (
            "Indian Foreign Minister S. Jaishankar held talks with Chinese Foreign Minister "
            "Wang Yi in Beijing on Monday, the first such visit since 2019.",
            [("visit", "2025-03-10", ["CN", "IN"])],
        ),
        # Two clauses, two days: "yesterday evening … announced" and "today imposed".
        (
            "Yesterday evening, the United States announced a 10% reciprocal tariff on UK "
            "exports and have today imposed a 25% global tariff on cars.",
            [
                ("trade-measure", "2025-03-11", ["GB", "US"]),
                ("trade-measure", "2025-03-12", ["GB", "US"]),
            ],
        ),
        # The explicit day after a relative one wins; "after July 9" is some day in July.
        (
            "The tariffs will take effect in one week, on April 9.",
            [("trade-measure", "2025-04-09", [])],
        ),
        (
            "After July 9, the US will start charging Indonesia steep tariffs.",
            [("trade-measure", "2025-07", ["ID", "US"])],
        ),
        # "Followed by two more on the 15th and 16th": an event for each day.
        (
            "The first flight carrying 104 Indian deportees landed in Amritsar on February 5, "
            "followed by two more on the 15th and 16th of February.",
            [
                ("deportation", "2025-02-05", ["IN"]),
                ("deportation", "2025-02-15", ["IN"]),
                ("deportation", "2025-02-16", ["IN"]),
            ],
        ),
        # Background: "Since returning to office on January 20".
        (
            "Since returning to office on January 20, President Trump has deported thousands "
            "of migrants to Mexico.",
            [("deportation", None, ["MX"])],
        ),
        # A day of the month alone.
        (
            "Jaishankar met Sri Lankan Foreign Minister Vijitha Herath in Colombo on 4 th.",
            [("meeting", "2025-03-04", ["LK"])],
        ),
    ],
)
def test_dated_events_of_the_development_part(
    text: str, expected: list[tuple[str, str | None, list[str]]]
) -> None:
    assert events(text) == expected


def test_a_trip_for_named_gatherings_is_each_of_them_too() -> None:
    text = (
        "Canadian Prime Minister Mark Carney will travel to Brussels, Belgium, and The Hague, "
        "the Netherlands, from June 22 to 25, 2025, to participate in the Canada-European "
        "Union (EU) Summit and the NATO Summit."
    )
    # A visit to each state, some day of the trip; a summit in each.
    assert sorted(events(text, published=date(2025, 6, 18))) == [
        ("summit", "2025-06", ["BE", "CA"]),
        ("summit", "2025-06", ["CA", "NL"]),
        ("visit", "2025-06", ["BE", "CA"]),
        ("visit", "2025-06", ["CA", "NL"]),
    ]


def test_the_speaker_s_two_exchanges_each_with_its_clause_s_country() -> None:
    text = (
        "I spoke to Armenian Foreign Minister Mirzoyan on 18 January regarding the "
        "humanitarian situation there, and I met the Azerbaijani ambassador yesterday."
    )
    assert events(text, published=date(2023, 1, 31), home="GB") == [
        ("call", "2023-01-18", ["AM", "GB"]),
        ("meeting", "2023-01-30", ["AZ", "GB"]),
    ]


def test_two_pairs_two_calls_and_an_account_of_one_is_part_of_it() -> None:
    text = (
        "Saudi Arabia's Foreign Minister Prince Faisal bin Farhan took a phone call on "
        "Sunday from his Iranian counterpart Hossein Amirabdollahian. Qatar's foreign "
        "minister also spoke with Amirabdollahian by phone on Sunday. In a post on X on "
        "Sunday, Iranian foreign ministry spokesperson Nasser Kanaani said the calls were "
        "constructive."
    )
    found = drafts(text, published=date(2024, 4, 15))
    assert [(d["kind"], d["start"], sorted(d["countries"])) for d in found] == [
        ("call", "2024-04-14", ["IR", "SA"]),
        ("call", "2024-04-14", ["IR", "QA"]),
    ]
    titles = {p["name"]: p["title"] for d in found for p in d["participants"]}
    assert titles["Faisal bin Farhan"] == "Foreign Minister"  # not "Arabia Foreign Minister"


def test_a_data_release_is_dated_on_release_and_names_its_partner_only() -> None:
    release = drafts(
        "In January, Canada's merchandise exports increased 5.5% while imports were up "
        "2.3%, amid U.S. tariff threats.",
        published=date(2025, 3, 6),
    )
    assert [(d["kind"], d["start"], d["countries"]) for d in release] == [
        ("data-release", "2025-03-06", ["CA"])
    ]
    partner = drafts(
        "Indonesia's trade surplus with the United States has kept growing while the two "
        "governments negotiate over Washington's tariffs, the statistics agency reported on "
        "Monday.",
        published=date(2025, 4, 21),
    )
    assert [(d["kind"], d["start"], sorted(d["countries"])) for d in partner] == [
        ("data-release", "2025-04-21", ["ID", "US"])
    ]


def test_counts_in_words_and_of_things() -> None:
    found = drafts(
        "Forty six foreign criminals have been returned to Vietnam on a charter flight. "
        "Japan will impose export restrictions on 12 Chinese firms from April 1.",
        published=date(2024, 7, 25),
    )
    figures = sorted((f["value"], f["unit"]) for d in found for f in d["figures"])
    assert figures == [(12, "count"), (46, "persons")]


def test_the_article_s_wong_is_not_the_record_s() -> None:
    record = Gazetteer(
        [{"name": "Penny Wong", "aliases": ["Wong"], "title": "Foreign Minister", "country": "AU"}]
    )
    found = drafts(
        "Singapore's Prime Minister Lawrence Wong will visit Malaysia on 6 January 2025. "
        "On 6 January 2025, Prime Minister Anwar will host dinner for Prime Minister Wong.",
        published=date(2025, 1, 5),
        gazetteer=record,
    )
    names = {p["name"] for d in found for p in d["participants"]}
    assert "Penny Wong" not in names
    assert "Lawrence Wong" in names


def test_a_title_is_scored_as_the_office_it_names() -> None:
    expected = {
        "events": [],
        "actors": [
            {"name": "Xi Jinping", "title": "President of the People's Republic of China"},
            {"name": "Karin Keller-Sutter", "title": "Swiss President"},
            {"name": "Hamad bin Isa Al Khalifa", "title": "King"},
            {"name": "Vijitha Herath", "title": "Foreign Minister"},
        ],
    }
    got = [
        {
            "participants": [
                {"name": "Xi Jinping", "title": "President"},
                {"name": "Karin Keller-Sutter", "title": "President"},
                {"name": "Hamad bin Isa Al Khalifa", "title": "His Majesty King"},
                {"name": "Vijitha Herath", "title": "External Affairs Minister"},
            ],
            "figures": [],
            "kind": "call",
            "start": None,
            "end": None,
            "countries": [],
            "evidence": "",
        }
    ]
    people = score_article(expected, got, "titles").fields["people"]
    assert (people.found, people.expected) == (3, 4)  # a different office is still wrong


def test_list_items_are_sentences_of_their_own() -> None:
    text = "Major programmes\n- The Royal Audience with the King\n- A bilateral meeting\n\nEnd."
    assert sentences(text) == [
        "Major programmes",
        "The Royal Audience with the King",
        "A bilateral meeting",
        "End.",
    ]


def test_people_counted_in_millions_and_on_aircraft_and_the_local_dollar() -> None:
    found = drafts(
        "The United States imposed sanctions on Monday over a war that displaced 12 million "
        "Sudanese. The United States deported 1,703 Indians between January and July, the "
        "ministry said on Friday. Of the total, 767 people came back on commercial flights "
        "and 333 on US military aircraft."
    )
    figures = sorted((f["value"], f["unit"]) for d in found for f in d["figures"])
    assert (12000000, "persons") in figures
    assert (333, "persons") in figures
    assert (333, "aircraft") not in figures
    article = Article(
        text="China removed duties on barley worth nearly $1 billion on Monday.",
        published=WEDNESDAY,
        url="https://www.aph.gov.au/hansard",
    )
    (measure,) = [d.as_json() for d in extract(article)]
    assert [(f["value"], f["unit"]) for f in measure["figures"]] == [(1000000000, "AUD")]


def test_a_visit_where_office_holders_are_met_one_by_one_and_a_call_that_day() -> None:
    text = (
        "Today 6 September, Foreign Minister Margus Tsahkna was on a visit to Helsinki, where "
        "he met with Finnish Prime Minister Petteri Orpo, Foreign Minister Elina Valtonen "
        "and Minister for European Affairs Joakim Strand. With his Finnish counterpart, "
        "Minister Tsahkna had a phone conversation with Ukraine's new foreign minister "
        "Andrii Sybiha."
    )
    found = drafts(text, published=date(2024, 9, 6), home="EE")
    assert [(d["kind"], d["start"], sorted(d["countries"])) for d in found] == [
        ("visit", "2024-09-06", ["EE", "FI"]),
        ("meeting", "2024-09-06", ["EE", "FI"]),
        ("meeting", "2024-09-06", ["EE", "FI"]),
        ("meeting", "2024-09-06", ["EE", "FI"]),
        ("call", "2024-09-06", ["EE", "FI", "UA"]),
    ]
    met = [[p["name"] for p in d["participants"]] for d in found[1:4]]
    assert met == [
        ["Margus Tsahkna", "Petteri Orpo"],
        ["Margus Tsahkna", "Elina Valtonen"],
        ["Margus Tsahkna", "Joakim Strand"],
    ]
    # "Ukraine's new foreign minister": the word of time does not hide the country.
    sybiha = next(p for p in found[-1]["participants"] if p["name"] == "Andrii Sybiha")
    assert sybiha["country"] == "UA"


def test_talks_with_one_and_a_session_with_another_are_no_list() -> None:
    text = (
        "External Affairs Minister S Jaishankar will travel to Russia from August 21 to 23, "
        "where he is to hold talks "
        "with his Russian counterpart Sergey Lavrov and co-chair a session of the "
        "India-Russia Inter-Governmental Commission on Trade, Economic, Scientific, "
        "Technological and Cultural Cooperation with First Deputy Prime Minister Denis "
        "Manturov."
    )
    found = drafts(text, published=date(2025, 8, 16))
    assert [d["kind"] for d in found] == ["visit", "meeting"]
    assert len(found[1]["participants"]) == 3


def test_a_measure_that_names_only_its_target_is_the_other_party_s() -> None:
    text = (
        "Canada will apply a 25% tariff on certain US-made vehicles from Wednesday, Prime "
        "Minister Mark Carney said. Canada's counter-tariffs answer the United States. "
        "On April 3, a 25% tariff on Canadian automobiles was imposed."
    )
    found = events(text, published=date(2025, 4, 8))
    assert ("trade-measure", "2025-04-03", ["CA", "US"]) in found
    # A country after the goods is where they go, not the target: the imposer's own.
    text = (
        "President Donald Trump signed proclamations on Monday that put a 25 per cent "
        "tariff on all steel and aluminium imported into the United States. Canada, Brazil "
        "and Mexico are among the largest suppliers. Canadian officials said they would "
        "respond to the United States."
    )
    assert events(text, published=date(2025, 2, 11))[0] == ("trade-measure", "2025-02-10", ["US"])


def test_a_body_s_measure_against_a_country_takes_no_other_country() -> None:
    text = (
        "Today the Council has imposed restrictive measures against seven individuals "
        "responsible for actions destabilising the Republic of Moldova. The Council also "
        "listed A7, a company with ties to Moscow. Moscow denied any role in Moldova."
    )
    found = events(text, published=date(2025, 7, 15))
    assert found[0] == ("sanction", "2025-07-15", ["MD"])


def test_a_statement_also_released_after_the_day_s_summit_is_of_that_day() -> None:
    text = (
        "The two leaders on Aug. 23 announced this at a joint news conference after their "
        "summit in Tokyo with Japanese Prime Minister Shigeru Ishiba and South Korean "
        "President Lee Jae Myung. They also released the meeting's outcome in an official "
        "statement for the first time in 17 years."
    )
    assert events(text, published=date(2025, 8, 25)) == [
        ("summit", "2025-08-23", ["JP", "KR"]),
        ("statement", "2025-08-23", ["JP", "KR"]),
    ]


def test_offices_at_length_and_holders_in_brackets() -> None:
    text = (
        "The Minister for Trade Policy and Economic Security (Mr Douglas Alexander) met "
        "Indian Commerce Minister Piyush Goyal on Monday. Prime Minister Lawrence Wong will "
        "be accompanied by Minister for Education Chan Chun Sing, Minister for Social and "
        "Family Development and Second Minister for Health Masagos Zulkifli."
    )
    people = titles(text)
    assert people["Douglas Alexander"] == "Minister for Trade Policy and Economic Security"
    assert people["Chan Chun Sing"] == "Minister for Education"
    assert "Health Masagos Zulkifli" not in people
    assert "Policy" not in people
    assert "Education Chan Chun Sing" not in people


def test_people_named_after_a_history_sentence_join_the_story_s_event() -> None:
    text = (
        "A deportation flight taking 28 Afghan nationals to Afghanistan left Germany on "
        "Friday morning. It was Germany's first deportation of Afghans to their home country "
        "since the Taliban took power again three years ago, in August 2021. At a news "
        "conference, government spokesperson Steffen "
        "Hebestreit stressed that Berlin was not in direct talks with the Taliban."
    )
    found = drafts(text, published=date(2024, 8, 31))
    assert [(d["kind"], d["start"]) for d in found] == [("deportation", "2024-08-30")]
    assert [p["name"] for p in found[0]["participants"]] == ["Steffen Hebestreit"]


def test_a_release_s_partners_are_those_its_figures_are_of_trade_with() -> None:
    text = (
        "Japan ran a trade deficit of 2.2 trillion yen in the first six months of this year, "
        "government data released Thursday showed. Exports to the United States fell 11 per "
        "cent in June. Shipments to China decreased by nearly 5 per cent, and exports to "
        "Mexico dropped by nearly 20 per cent. Among buyers, Germany ranked fourth with "
        "exports of 1 trillion yen."
    )
    assert events(text, published=date(2025, 7, 17)) == [
        ("data-release", "2025-07-17", ["CN", "JP", "MX", "US"])
    ]
    # The release's own sentence is read alike: a ranking of partners names none.
    lead = (
        "Vietnam's trade surplus rose to $3 billion in June, with China the largest source "
        "of imports and the United States the top buyer, figures released on Monday showed."
    )
    assert events(lead, published=date(2025, 7, 7)) == [("data-release", "2025-07-07", ["VN"])]
    lead = "Trade between Russia and China rose 2 per cent, figures released on Monday showed."
    assert events(lead, published=date(2025, 7, 7)) == [
        ("data-release", "2025-07-07", ["CN", "RU"])
    ]


def test_what_a_leader_did_in_a_past_term_is_background() -> None:
    text = (
        "China's trade with Russia reached a record last year, according to official "
        "figures released on Monday. US President-elect Donald Trump, who put sweeping "
        "tariffs on China during his first term, has promised even tougher trade policies "
        "as he gets ready to begin his second term next week."
    )
    assert [kind for kind, _, _ in events(text, published=date(2025, 1, 13))] == ["data-release"]


def test_a_title_before_a_name_whose_first_letters_spell_a_month_is_that_name_s() -> None:
    text = (
        "At the invitation of Minister of Foreign Affairs Wang Yi, Minister of Foreign "
        "Affairs of Estonia Margus Tsahkna will visit China from November 4 to 6."
    )
    people = titles(text)
    assert people == {
        "Wang Yi": "Minister of Foreign Affairs",
        "Margus Tsahkna": "Minister of Foreign Affairs of Estonia",
    }


def test_tolls_jobs_sanctions_and_a_count_a_step_brings() -> None:
    text = (
        "Australia has now imposed more than 1,400 sanctions on Russia on Monday. Estimates "
        "put the toll at more than 20,000 dead and over 14 million displaced. The move "
        "brings to 73 the number of oil tankers under UK sanctions. The trade supports 2.5 "
        "million jobs."
    )
    figures = {(f["value"], f["unit"]) for d in drafts(text) for f in d["figures"]}
    assert {
        (20000, "persons"),
        (14000000, "persons"),
        (1400, "count"),
        (73, "count"),
        (2500000, "count"),
    } <= figures


def test_figures_told_before_the_event_s_sentence_are_its_own() -> None:
    text = (
        "The group of 96 men and 26 women, aged from 19 to 68, was gathered from across the "
        "country. U.S. Immigration and Customs Enforcement put 122 Chinese nationals on a "
        "flight back to China on June 3."
    )
    found = drafts(text, published=date(2025, 6, 9))
    assert [(d["kind"], d["start"]) for d in found] == [("deportation", "2025-06-03")]
    counts = {(f["value"], f["unit"]) for f in found[0]["figures"]}
    assert counts == {(96, "persons"), (26, "persons"), (122, "persons")}


def test_a_release_that_dates_nothing_tells_its_news_in_its_month() -> None:
    text = (
        "43 failed asylum seekers and foreign offenders were returned on a charter flight "
        "to Nigeria and Ghana. Those removed included 15 failed asylum seekers and 11 "
        "foreign national offenders."
    )
    found = drafts(text, published=date(2025, 4, 25), home="GB")
    assert [(d["kind"], d["start"]) for d in found] == [("deportation", "2025-04")]
    assert {f["value"] for f in found[0]["figures"]} == {43, 15, 11}


def test_today_s_decision_dates_the_step_the_release_tells() -> None:
    text = (
        "The Council established a new framework for restrictive measures in response to "
        "Russia's destabilising actions abroad. Today's decision is part of the EU's "
        "response to the continued campaign of hybrid activities by Russia."
    )
    assert events(text, published=date(2024, 10, 8)) == [("sanction", "2024-10-08", ["RU"])]


def test_what_the_parties_said_is_needed_is_no_event_and_a_spokesman_for_an_office() -> None:
    text = (
        "Today, President Abdel Fattah El-Sisi received a phone call from Prime Minister of "
        "Italy, Ms. Giorgia Meloni. Spokesman for the Presidency, Counselor Ahmed Fahmy, said "
        "that the two leaders lauded their relations. They also emphasized the need to "
        "advance their cooperation and to hold intensive coordination and consultations."
    )
    found = drafts(text, published=date(2023, 7, 6), home="EG")
    assert [(d["kind"], d["start"]) for d in found] == [("call", "2023-07-06")]
    people = {p["name"]: p["title"] for p in found[0]["participants"]}
    assert people["Ahmed Fahmy"] == "Spokesman for the Presidency"


def test_a_written_question_to_the_taoiseach_is_parliamentary() -> None:
    text = (
        "Written answers\n\nWednesday, 23 October 2024\n\n23. To ask the Taoiseach to "
        "report on his visit to the United States and his meeting with President Biden."
    )
    found = events(text, published=date(2024, 10, 23), home="IE")
    assert found[0][:2] == ("parliamentary", "2024-10-23")


def test_preparations_for_two_gatherings_are_each_of_them() -> None:
    text = (
        "Malaysia's Foreign Minister Mohamad Hasan spoke by telephone with his Australian "
        "counterpart Penny Wong on Tuesday. They also went over preparations for the second "
        "Malaysia-Australia Annual Leaders' Meeting and for the ASEAN-Australia Special "
        "Summit, scheduled for March in Melbourne."
    )
    kinds = [(k, d) for k, d, _ in events(text, published=date(2024, 2, 13))]
    assert kinds == [("call", "2024-02-13"), ("meeting", "2024-03"), ("summit", "2024-03")]


def test_names_written_with_their_accents_or_without() -> None:
    text = (
        "Việt Nam will levy anti-dumping duties on Chinese hot-rolled steel from July 6. "
        "Turkiye and São Tomé and Príncipe signed an agreement on Monday."
    )
    assert events(text, published=date(2025, 7, 7)) == [
        ("trade-measure", "2025-07-06", ["CN", "VN"]),
        ("agreement", "2025-07-07", ["ST", "TR"]),
    ]
    from intake.extraction.gazetteer import COUNTRIES

    assert COUNTRIES.find("talks in Hà Nội on Monday") == ["VN"]


def test_the_president_of_the_council_of_ministers_is_the_release_s_own() -> None:
    text = (
        "The President of the Council of Ministers, Giorgia Meloni, had a bilateral meeting "
        "today with the Prime Minister of the United Kingdom, Keir Starmer."
    )
    found = drafts(text, published=date(2024, 7, 11), home="IT")
    assert [(d["kind"], sorted(d["countries"])) for d in found] == [("meeting", ["GB", "IT"])]
    meloni = next(p for p in found[0]["participants"] if p["name"] == "Giorgia Meloni")
    assert (meloni["title"], meloni["country"]) == ("President of the Council of Ministers", "IT")


def test_an_office_with_an_unknown_portfolio_and_a_body_s_office() -> None:
    text = (
        "43 failed asylum seekers were returned on a charter flight to Nigeria and Ghana on "
        "Tuesday. Minister for Border Security and Asylum Angela Eagle said: the flight "
        "shows what partnerships deliver. The step was proposed by the High Representative "
        "for Foreign Affairs and Security Policy Josep Borrell, on Monday."
    )
    people = {
        p["name"]: (p["title"], p["country"])
        for d in drafts(text, published=date(2025, 4, 25))
        for p in d["participants"]
    }
    assert people["Angela Eagle"] == ("Minister for Border Security and Asylum", None)
    assert people["Josep Borrell"][1] is None  # the EU's, no government's


def test_a_trip_to_meet_and_the_day_the_traveller_returns() -> None:
    text = (
        "Prime Minister Christopher Luxon will travel to Melbourne on Tuesday 5 March to meet "
        "with his Southeast Asian counterparts. He is travelling at the invitation of "
        "Australian Prime Minister Anthony Albanese. Mr Luxon returns to New Zealand on "
        "Wednesday evening, 6 March."
    )
    found = drafts(text, published=date(2024, 3, 4), home="NZ")
    assert [(d["kind"], d["start"], d["end"], sorted(d["countries"])) for d in found] == [
        ("visit", "2024-03-05", "2024-03-06", ["AU", "NZ"])
    ]


def test_a_spokesperson_s_office_after_the_name_at_a_release_s_end() -> None:
    text = (
        "Minister Ronald Lamola received a courtesy call from Secretary Antony Blinken on "
        "Monday.\n\nMedia Enquiries: Chrispin Phiri, Spokesperson for the Minister of "
        "International Relations and Cooperation"
    )
    people = titles(text)
    assert people["Chrispin Phiri"] == (
        "Spokesperson for the Minister of International Relations and Cooperation"
    )


def test_a_suffix_after_a_name_and_no_sentence_end_inside_brackets() -> None:
    text = (
        "On July 8, at 10:45 a.m. local time (11:45 p.m. Japan time), Minister Kamikawa, in "
        "the presence of His Excellency Ferdinand R. Marcos, Jr., President of the Republic "
        "of the Philippines, signed the agreement with Hon. Gilberto C. Teodoro, Jr., "
        "Secretary of National Defense of the Republic of the Philippines."
    )
    assert len(sentences(text)) == 1
    found = drafts(text, published=date(2024, 7, 8), home="JP")
    assert [(d["kind"], d["start"]) for d in found] == [("agreement", "2024-07-08")]
    people = {p["name"]: (p["title"], p["country"]) for p in found[0]["participants"]}
    assert people["Ferdinand R. Marcos, Jr."] == (
        "President of the Republic of the Philippines",
        "PH",
    )
    assert people["Gilberto C. Teodoro, Jr."][1] == "PH"
    assert sentences("They met at 5 p.m. The talks (in Cairo) went on. It ended.") == [
        "They met at 5 p.m.",
        "The talks (in Cairo) went on.",
        "It ended.",
    ]


def test_an_office_at_length_with_its_holder_in_commas_and_a_series_of_talks() -> None:
    text = (
        "The Minister of Foreign Affairs, African Cooperation and Moroccan Expatriates, "
        "Nasser Bourita, held, Wednesday in Cairo, a series of talks with a number of his "
        "Arab counterparts, on the sidelines of the Arab League Council meeting. Bourita "
        "met with the Minister of Foreign Affairs, Cooperation "
        "and Mauritanians Abroad, Mohamed Salem Ould Merzoug, to discuss cooperation."
    )
    found = drafts(text, published=date(2024, 3, 6), home="MA")
    # The series is told first, then each of its talks, on its day.
    assert [(d["kind"], d["start"]) for d in found] == [("meeting", "2024-03-06")] * 2
    assert sorted(found[1]["countries"]) == ["MA", "MR"]
    people = {p["name"]: (p["title"], p["country"]) for p in found[1]["participants"]}
    assert people["Nasser Bourita"] == (
        "Minister of Foreign Affairs, African Cooperation and Moroccan Expatriates",
        "MA",
    )
    assert people["Mohamed Salem Ould Merzoug"][1] == "MR"


def test_a_leader_is_a_title() -> None:
    text = (
        "Kazakh President Kassym-Jomart Tokayev spoke by phone with Russian leader Vladimir "
        "Putin on Monday."
    )
    people = {
        p["name"]: (p["title"], p["country"]) for d in drafts(text) for p in d["participants"]
    }
    assert people["Vladimir Putin"] == ("Leader", "RU")


def test_a_trip_told_by_its_last_day_holds_undated_meetings_in_its_month() -> None:
    text = (
        "Prime Minister Lawrence Wong concluded his introductory visit to Indonesia today.\n\n"
        "Prime Minister Wong met Indonesian President Prabowo Subianto in Jakarta on 6 "
        "November 2024.\n\nPrime Minister Wong also met Vice-President Gibran Rakabuming Raka."
    )
    found = events(text, published=date(2024, 11, 6), home="SG")
    assert found == [
        ("visit", "2024-11-06", ["ID", "SG"]),
        ("meeting", "2024-11-06", ["ID", "SG"]),
        ("meeting", "2024-11", ["ID", "SG"]),
    ]


def test_meetings_held_with_a_list_of_titled_people_one_each() -> None:
    text = (
        "On October 22, the first day of the summit, the President held meetings with "
        "Prime Minister of India Narendra Modi, President of South Africa Cyril Ramaphosa, "
        "and President of China Xi Jinping."
    )
    found = drafts(text, published=date(2024, 10, 24), home="RU")
    assert [(d["kind"], d["start"], sorted(d["countries"])) for d in found] == [
        ("meeting", "2024-10-22", ["IN", "RU"]),
        ("meeting", "2024-10-22", ["RU", "ZA"]),
        ("meeting", "2024-10-22", ["CN", "RU"]),
    ]
    # Each name has its own title, not the next one's.
    people = {p["name"]: p["title"] for d in found for p in d["participants"]}
    assert people == {
        "Narendra Modi": "Prime Minister of India",
        "Cyril Ramaphosa": "President of South Africa",
        "Xi Jinping": "President of China",
    }


def test_a_trip_brought_to_an_end_dates_no_meeting_told_after_it() -> None:
    text = (
        "Brazilian President Luiz Inácio Lula da Silva left Hanoi on March 29, bringing to an "
        "end a three-day state visit to Vietnam. Lula also had meetings with Prime Minister "
        "Pham Minh Chinh."
    )
    found = drafts(text, published=date(2025, 3, 29))
    assert [(d["kind"], d["start"], d["end"]) for d in found] == [
        ("visit", "2025-03-27", "2025-03-29"),  # three days up to the day he left
        ("meeting", "2025-03", None),
    ]


def test_a_trip_put_off_puts_off_what_it_was_to_hold_and_the_following_day() -> None:
    text = (
        "US President Joe Biden has put off his trip to Germany because of the hurricane, "
        "White House press secretary Karine Jean-Pierre said. Biden was to arrive in Germany "
        "on the evening of October 10. The following day Federal President Frank-Walter "
        "Steinmeier was to welcome him at Bellevue Palace, after which the two heads of state "
        "were to hold talks."
    )
    found = drafts(text, published=date(2024, 10, 8))
    assert [(d["kind"], d["start"], d["status"]) for d in found] == [
        ("visit", "2024-10-10", "postponed"),
        ("meeting", "2024-10-11", "postponed"),
    ]
    # A measure still to come that month is no part of the trip.
    measure = text + " The new US tariffs on German cars take effect on October 20."
    found = drafts(measure, published=date(2024, 10, 8))
    assert found[-1]["kind"] == "trade-measure"
    assert found[-1]["status"] == "scheduled"
    from intake.extraction import dates

    anchor = PartialDate(2024, 10, 10)
    (mention,) = dates.find("The next day they met.", date(2024, 10, 8), anchor=anchor)
    assert mention.start == PartialDate(2024, 10, 11)
    assert not dates.find("the day after the summit", date(2024, 10, 8), anchor=anchor)


def test_a_territory_is_the_state_it_belongs_to() -> None:
    from intake.extraction.gazetteer import COUNTRIES

    assert COUNTRIES.find("talks in Papeete, French Polynesia") == ["FR"]
    assert COUNTRIES.find("a flight to Guam and Puerto Rico") == ["US"]
    assert COUNTRIES.find("Greenland and the Faroe Islands") == ["DK"]
    assert COUNTRIES.find("Hong Kong") == ["HK"]  # a region of its own in the record


def test_a_parliament_by_its_own_name_is_its_state() -> None:
    from intake.extraction.gazetteer import COUNTRIES, source_country

    assert COUNTRIES.find("a written answer in the Dáil") == ["IE"]
    assert COUNTRIES.find("the Knesset and the Bundestag") == ["IL", "DE"]
    outlet = "Houses of the Oireachtas, Dáil Éireann written answers"
    assert source_country("https://www.kildarestreet.com/wrans/", outlet) == "IE"


def test_meetings_on_a_summit_s_sidelines_and_a_meeting_that_fell_through() -> None:
    text = (
        "Prime Minister Shigeru Ishiba reached Lima early on Friday for the APEC meeting. On the "
        "sidelines he held bilateral meetings with outgoing US President Joe Biden and "
        "Chinese President Xi Jinping. He had at first tried to arrange a meeting with US "
        "President-elect Donald Trump, but those plans fell through."
    )
    found = drafts(text, published=date(2024, 11, 19), home="JP")
    kinds = [(d["kind"], d["start"], d["status"], sorted(d["countries"])) for d in found]
    assert kinds[0] == ("visit", "2024-11-15", "occurred", ["JP", "PE"])
    assert ("meeting", "2024-11-15", "occurred", ["CN", "JP"]) in kinds
    trump = [d for d in found if any(p["name"] == "Donald Trump" for p in d["participants"])]
    assert [(d["status"], d["participants"][0]["title"]) for d in trump] == [
        ("cancelled", "President-elect")
    ]
    # A plan told in the past is of the days around the story, not of next week.
    text = "From Lima, Ishiba was scheduled to be in Brazil on Monday for a Group of 20 summit."
    assert drafts(text, published=date(2024, 11, 19))[0]["start"] == "2024-11-18"


def test_where_a_traveller_comes_from_is_no_party() -> None:
    text = "From Lima, Prime Minister Ishiba travelled to Brazil on Monday for the G20 summit."
    visit, summit = drafts(text, published=date(2024, 11, 19), home="JP")
    assert (visit["kind"], sorted(visit["countries"])) == ("visit", ["BR", "JP"])
    assert (summit["kind"], sorted(summit["countries"])) == ("summit", ["BR", "JP"])


def test_states_listed_as_the_subject_each_take_their_own_measure() -> None:
    text = (
        "Poland, Slovakia and Hungary announced their own restrictions on imports of "
        "Ukrainian grain on Friday."
    )
    assert events(text, published=date(2023, 9, 19)) == [
        ("trade-measure", "2023-09-15", ["PL", "UA"]),
        ("trade-measure", "2023-09-15", ["SK", "UA"]),
        ("trade-measure", "2023-09-15", ["HU", "UA"]),
    ]
    # Not a list of anything else: "Trump, Vance and Rubio announced tariffs on Brazil".
    from intake.extraction.pipeline import _imposers

    assert _imposers("Trump, Vance and Rubio announced tariffs on Brazil.") == []


def test_a_government_s_own_release_of_a_removal_flight_is_its_own_removal() -> None:
    text = "43 people were returned on a charter flight to Nigeria and Ghana on Tuesday."
    for url, outlet, expected in [
        ("https://www.gov.uk/government/news/returns", "Home Office", ["GB", "GH", "NG"]),
        ("https://www.dawn.com/news/1", "Dawn (Pakistan)", ["GH", "NG"]),
    ]:
        article = Article(text=text, published=date(2025, 4, 25), url=url, outlet=outlet)
        (flight,) = [d.as_json() for d in extract(article)]
        assert sorted(flight["countries"]) == expected, url
    # A statistics office's figures are its country's; a parliament's questions too.
    text = "Exports rose 2 per cent in August, figures released on Friday showed."
    outlet = "Office for National Statistics (UK)"
    article = Article(
        text=text, published=date(2024, 10, 11), url="https://ons.gov.uk/", outlet=outlet
    )
    assert [d.as_json()["countries"] for d in extract(article)] == [["GB"]]


def test_an_office_of_two_departments_and_a_state_s_formal_name() -> None:
    text = (
        "The Entity List is a powerful tool, said Under Secretary of Commerce for Industry "
        "and Security Alan F. Estevez. The President met President of the State of Palestine "
        "Mahmoud Abbas on Thursday."
    )
    people = {
        p["name"]: (p["title"], p["country"])
        for d in drafts(text, published=date(2025, 1, 16), home="US")
        for p in d["participants"]
    }
    assert people["Mahmoud Abbas"] == ("President of the State of Palestine", "PS")
    from intake.extraction.people import LOOSE_OFFICE

    match = LOOSE_OFFICE.search(sentences(text)[0])
    assert match is not None
    assert match.group("name") == "Alan F. Estevez"


def test_further_conversations_date_the_conversation_told_after_them() -> None:
    text = (
        "On Thursday, Radosław Sikorski, the head of Polish diplomacy, held further "
        "conversations with his counterparts. Notably, he held his first conversation with "
        "UK Foreign Secretary David Cameron. During his conversation with France's Foreign "
        "Minister Catherine Colonna, Minister Sikorski declared to restore good relations."
    )
    found = events(text, published=date(2023, 12, 14), home="PL")
    assert found == [("call", "2023-12-14", ["GB", "PL"]), ("call", "2023-12-14", ["FR", "PL"])]


def test_a_government_s_own_release_of_a_call_with_one_state_is_its_call() -> None:
    text = (
        "On October 23, Vladimir Putin held bilateral meetings with President of Iran Masoud "
        "Pezeshkian and President of Turkiye Recep Tayyip Erdogan."
    )
    official = Article(
        text=text,
        published=date(2024, 10, 24),
        url="http://en.kremlin.ru/events/president/trips/75395",
        outlet="President of Russia",
    )
    assert [sorted(d.as_json()["countries"]) for d in extract(official)] == [
        ["IR", "RU"],
        ["RU", "TR"],
    ]
    news = Article(text=text, published=date(2024, 10, 24), url="https://www.dawn.com/news/1")
    assert all("RU" not in d.as_json()["countries"] for d in extract(news))


def test_lines_that_are_headings_are_sentences_and_a_weekday_before_its_date() -> None:
    text = (
        "President Stubb to make state visit to Estonia\n"
        "Press release 28/2024\n"
        "15 May 2024\n"
        "President of the Republic of Finland Alexander Stubb will make a state visit to "
        "Estonia from Monday 27 to Wednesday 29 May 2024. The aim of the state visit is to\n"
        "further consolidate bilateral relations between Finland and Estonia."
    )
    assert sentences(text)[:3] == [
        "President Stubb to make state visit to Estonia",
        "Press release 28/2024",
        "15 May 2024",
    ]
    assert sentences(text)[-1].startswith("The aim of the state visit is to further")
    visits = [d for d in drafts(text, published=date(2024, 5, 15)) if d["kind"] == "visit"]
    assert [(d["start"], d["end"], d["status"]) for d in visits] == [
        ("2024-05-27", "2024-05-29", "scheduled")
    ]
    from intake.extraction import dates

    (mention,) = dates.find("On Monday 40 people were returned", date(2024, 5, 15))
    assert mention.start == PartialDate(2024, 5, 13)  # a weekday, not "Monday 40"


def test_one_plural_title_before_two_names() -> None:
    text = (
        "Secretary Rubio spoke by phone last Friday with Foreign Ministers Baiba Braze and "
        "Kęstutis Budrys. Presidents Xi Jinping and Vladimir Putin met in Kazan on Tuesday."
    )
    people = titles(text)
    assert people["Baiba Braze"] == people["Kęstutis Budrys"] == "Foreign Minister"
    assert people["Xi Jinping"] == people["Vladimir Putin"] == "President"


def test_setting_off_the_day_before_is_the_journey_to_the_visit() -> None:
    text = (
        "Indonesian President Prabowo Subianto paid a one-day state visit to Australia on "
        "Wednesday, November 12, 2025. Prabowo left for Sydney on Tuesday afternoon, "
        "November 11, 2025."
    )
    assert events(text, published=date(2025, 11, 12)) == [("visit", "2025-11-12", ["AU", "ID"])]


def test_a_governor_general_an_amir_and_an_administrator() -> None:
    text = (
        "Governor-General of Australia Sam Mostyn welcomed Indonesian President Prabowo "
        "Subianto on Wednesday. Modi held talks with the Amir, Sheikh Meshal Al-Ahmad "
        "Al-Jaber Al-Sabah, on Sunday. USAID Administrator Samantha Power met the Taoiseach "
        "on Monday."
    )
    people = titles(text)
    assert people["Sam Mostyn"] == "Governor-General of Australia"
    assert people["Meshal Al-Ahmad Al-Jaber Al-Sabah"] == "Amir"
    assert people["Samantha Power"] == "USAID Administrator"


def test_three_offices_held_at_once() -> None:
    text = (
        "Mohammed bin Rashid Al Maktoum, Vice President, Prime Minister and Ruler of Dubai, "
        "met Sultan Haitham bin Tarik of Oman in Abu Dhabi on Tuesday."
    )
    people = titles(text)
    assert people["Mohammed bin Rashid Al Maktoum"] == (
        "Vice President, Prime Minister and Ruler of Dubai"
    )


def test_a_ministry_s_spokesperson_and_a_presidential_adviser() -> None:
    text = (
        "Ministry of Foreign Affairs spokesperson Bretty Sarapuu said on Monday that the call "
        "had been called off. Kazakh presidential advisor and spokesman Ruslan Zheldibay said "
        "the two presidents spoke by phone on Friday."
    )
    people = titles(text)
    assert people["Bretty Sarapuu"] == "Ministry of Foreign Affairs spokesperson"
    assert people["Ruslan Zheldibay"] == "Presidential advisor and spokesman"
    text = "Earlier, Kazakh presidential advisor Ruslan Zheldibay said the visit is planned."
    assert "Earlier" not in {p["name"] for d in drafts(text) for p in d["participants"]}


def countries_of(text: str, **kwargs: Any) -> dict[str, str | None]:
    """Each person the drafts name, with the country they were given."""
    return {p["name"]: p["country"] for d in drafts(text, **kwargs) for p in d["participants"]}


def test_an_office_the_source_s_government_lacks_is_another_s() -> None:
    # A title without a country is the source's own only when its government has the
    # office: no federal president in Kyiv, no president in London, no king in Washington.
    visit = (
        "Biden was to arrive in Germany on the evening of October 10. The following day "
        "Federal President Frank-Walter Steinmeier was to welcome him at Bellevue Palace "
        "in Berlin."
    )
    found = countries_of(visit, published=date(2024, 10, 8), home="UA")
    assert found["Frank-Walter Steinmeier"] == "DE"
    found = countries_of(
        "The Foreign Secretary met President Santiago Peña in Asunción on 20 February.",
        home="GB",
    )
    assert found["Santiago Peña"] == "PY"
    found = countries_of(
        "Secretary Blinken met King Abdullah II and Foreign Minister Ayman Safadi on Monday.",
        home="US",
    )
    assert found["Abdullah II"] is None  # a king, but of which country the sentence omits
    # The source's own offices are still its own.
    found = countries_of(
        "Prime Minister Anthony Albanese spoke by phone with President Joe Biden on Monday.",
        home="AU",
    )
    assert found == {"Anthony Albanese": "AU", "Joe Biden": None}


def test_a_programme_s_items_are_of_the_visit_s_day() -> None:
    # A media advisory's programme: each line led by its hour, capitalised as a heading
    # but no heading; talks in it are held on the day of the one-day visit.
    text = (
        "President Cyril Ramaphosa will on Thursday, 24 April 2025, host the President of "
        "Ukraine, President Volodymyr Zelenskyy, on an Official Visit to South Africa.\n\n"
        "Media Programme of the incoming Official Visit by Ukraine:\n\n"
        "11h00: President Ramaphosa receives President Zelenskyy at the Union Buildings\n\n"
        "12h00: Closed Session Official Talks by President Ramaphosa and President Zelenskyy\n\n"
        "13h15: Media briefing by President Ramaphosa and President Zelenskyy\n"
    )
    assert events(text, published=date(2025, 4, 22), home="ZA") == [
        ("visit", "2025-04-24", ["UA", "ZA"]),
        ("meeting", "2025-04-24", ["UA", "ZA"]),
    ]


def test_a_two_country_trip_put_off_and_dated_at_one_stop() -> None:
    # The trip names two stops, a later sentence dates one: the other is a visit of its
    # own from the traveller's side, and both stay put off.
    text = (
        "US President Joe Biden has put off his trip to Germany and Angola because of the "
        "strength of Hurricane Milton. Under the plan now dropped, Biden was to arrive in "
        "Germany on the evening of October 10."
    )
    found = drafts(text, published=date(2024, 10, 8))
    assert [(d["kind"], d["start"], sorted(d["countries"]), d["status"]) for d in found] == [
        ("visit", "2024-10-10", ["DE", "US"], "postponed"),
        ("visit", "2024", ["AO", "US"], "postponed"),
    ]


def test_a_visit_programme_s_day_dates_what_is_told_under_it() -> None:
    # "On Monday 27 May, …" opens a day of the programme: meetings told after it without
    # a day of their own are of that day (not merely of the trip's month), until the
    # next day opens; a date that is not one day ("On 24 and 25 April") opens none.
    text = (
        "Finnish President Alexander Stubb will make a state visit to Estonia from Monday 27 to "
        "Wednesday 29 May 2024. On Monday 27 May, President of Estonia Alar Karis will greet "
        "the President at the Freedom Square in Tallinn. At the Riigikogu, President Stubb "
        "will meet with Lauri Hussar, President of the Riigikogu. On Tuesday 28 May, "
        "President Stubb will visit the Rakett69 Science Studios."
    )
    found = events(text, published=date(2024, 5, 15), home="FI")
    assert ("meeting", "2024-05-27", ["EE", "FI"]) in found
    text = (
        "On 24 and 25 April 2025, the NATO Secretary General, Mr. Mark Rutte, will travel to "
        "Washington DC. The Secretary General will meet the Secretary of State, Mr. Marco "
        "Rubio."
    )
    found = events(text, published=date(2025, 4, 23))
    assert ("meeting", "2025-04", ["US"]) in found


def test_inspectors_visits_are_no_visit() -> None:
    # A labour authority's "inspection campaigns and visits" ending in deportations: the
    # deportations are the event; inspectors visiting shops is no visit between states.
    text = (
        "The Labour Market Regulatory Authority (LMRA) announced the implementation of 1,496 "
        "inspection campaigns and visits, during the week of 26 November to 2 December 2023, "
        "which resulted in the detention of 121 violating and irregular workers, while 115 "
        "violators were deported."
    )
    found = drafts(text, published=date(2023, 12, 4), home="BH")
    assert [(d["kind"], d["start"], d["end"]) for d in found] == [
        ("deportation", "2023-11-26", "2023-12-02")
    ]


def test_calls_with_two_counterparts_named_in_turn() -> None:
    # Plural "calls" with two people are a call with each; "Latvian and Lithuanian
    # counterparts, Foreign Ministers Baiba Braze and Kęstutis Budrys" names their
    # countries in the order of the names.
    text = (
        "A telephone call between Estonia's Minister of Foreign Affairs, Margus Tsahkna, "
        "and the new U.S. Secretary of State, Marco Rubio, has been put off, ERR reported "
        "on Monday. Rubio did hold calls last Friday with Tsahkna's Latvian and Lithuanian "
        "counterparts, Foreign Ministers Baiba Braze and Kęstutis Budrys."
    )
    found = drafts(text, published=date(2025, 1, 27), home="EE")
    held = [d for d in found if d["status"] == "occurred"]
    assert [(d["kind"], d["start"], sorted(d["countries"])) for d in held] == [
        ("call", "2025-01-24", ["LV", "US"]),
        ("call", "2025-01-24", ["LT", "US"]),
    ]
    people = countries_of(text, published=date(2025, 1, 27), home="EE")
    assert (people["Baiba Braze"], people["Kęstutis Budrys"]) == ("LV", "LT")


def test_a_dail_answer_on_a_removal_flight() -> None:
    # The Dáil's written answers are Ireland's own record, wherever they are read; orders
    # signed are no removals, and "up to 09 May" is a tally's cut-off, not an event's day.
    text = (
        "The number of deportation orders signed in 2024 (2,403) increased by 180% "
        "compared to 2023 (857). This year 1,608 deportation orders have been signed up to "
        "09 May 2025.\n\nI can advise the Deputy that on 30 April 2025, a chartered flight "
        "to Georgia resulted in the removal of 39 people from the State who were subject "
        "to deportation orders."
    )
    article = Article(
        text=text,
        published=date(2025, 5, 13),
        url="https://www.kildarestreet.com/wrans/?id=2025-05-13a.2019",
        outlet="Dáil Éireann written answers (via KildareStreet.com)",
    )
    found = [d.as_json() for d in extract(article)]
    assert [(d["kind"], d["start"], d["countries"]) for d in found] == [
        ("deportation", "2025-04-30", ["IE"])
    ]


def test_what_the_report_recalls_is_news() -> None:
    # The parties' own recollection is background; the account recalling the day before's
    # audience tells one more event of the visit ("received Sultan Haitham" is a meeting).
    text = (
        "Sheikh Mohammed bin Rashid Al Maktoum, the UAE's Vice President, met Sultan "
        "Haitham bin Tariq of Oman on Tuesday. The Sultan had arrived in the UAE on Monday on "
        "a state visit. The report recalled that a day earlier, on Monday, UAE President "
        "Sheikh Mohamed bin Zayed Al Nahyan had received Sultan Haitham and discussed "
        "cooperation between the UAE and Oman."
    )
    found = events(text, published=date(2024, 4, 23))
    assert ("meeting", "2024-04-22", ["AE", "OM"]) in found
    assert ("meeting", "2024-04-23", ["AE", "OM"]) in found


def test_visitors_and_visas_are_no_visit() -> None:
    # "visitors from all countries" names no trip, and lends the state visit told before it
    # neither its month nor a cancellation ("scrapped visa requirements").
    text = (
        "Kenya and Ghana signed seven agreements on Wednesday (3 April 2024). Ruto spoke at a "
        "press conference, held after the two leaders' talks during his State Visit to Ghana. "
        "Kenya itself scrapped visa requirements for visitors from all countries in January."
    )
    assert not [e for e in events(text, published=date(2024, 4, 3)) if e[1] == "2024-01"]


def test_two_states_announcing_sanctions_on_a_day_each_impose_their_own() -> None:
    text = (
        "The United States and Britain on Monday announced sanctions against a network "
        "which, they say, targeted Iranian dissidents."
    )
    assert events(text, published=date(2024, 1, 30)) == [
        ("sanction", "2024-01-29", ["IR", "US"]),
        ("sanction", "2024-01-29", ["GB", "IR"]),
    ]


def test_informal_meetings_with_leaders_listed_are_one_each_with_the_office_named() -> None:
    # "The prime minister" is the Prime Minister the story named; leaders of several states
    # (one named without a title) each had a meeting of their own.
    text = (
        "Pakistan's Prime Minister Shehbaz Sharif met Russian President Vladimir Putin on "
        "Sunday. The prime minister also held informal meetings with Malaysian Prime Minister "
        "Anwar Ibrahim, Belarusian President Alexander Lukashenko and Tajik President Emomali "
        "Rahmon on Sunday."
    )
    assert events(text, published=date(2025, 8, 31)) == [
        ("meeting", "2025-08-31", ["PK", "RU"]),
        ("meeting", "2025-08-31", ["MY", "PK"]),
        ("meeting", "2025-08-31", ["BY", "PK"]),
        ("meeting", "2025-08-31", ["PK", "TJ"]),
    ]


def test_a_sentence_opening_on_the_time_of_its_news_is_no_background() -> None:
    # "When he visited India in July, …" dates the visit it tells; "revived after Modi and
    # Xi met in Kazan on October 23" stays the background of the news.
    text = (
        "When he visited India in July, the Foreign Secretary discussed with External Affairs "
        "Minister Jaishankar how to strengthen the relationship."
    )
    assert [e[:2] for e in events(text, published=date(2024, 10, 30))] == [("visit", "2024-07")]
    background = "Border trade was revived after Modi and Xi met in Kazan on July 23."
    assert not [e for e in events(background, published=date(2024, 10, 30)) if e[1]]


def test_a_written_question_s_will_is_no_future() -> None:
    text = (
        "To ask the Secretary of State for Foreign, Commonwealth and Development Affairs, if "
        "he will make an assessment of reports of India holding talks with Russia.\n\n"
        "This question was answered on 30th October 2024."
    )
    article = Article(
        text=text,
        published=date(2024, 10, 30),
        url="https://questions-statements.parliament.uk/written-questions/detail/2024-10-23/10892",
    )
    found = [d.as_json() for d in extract(article)]
    assert [(d["kind"], d["status"]) for d in found] == [("parliamentary", "occurred")]


def test_a_month_opening_the_sentence_dates_it_and_tariff_threats_are_no_tariff() -> None:
    text = (
        "In October, Sheikh Hamdan bin Mohammed, Crown Prince of Dubai, met the Emir of Kuwait "
        "while on an official visit to Kuwait."
    )
    # The meeting, and the visit it was held on.
    assert sorted(e[:2] for e in events(text, published=date(2024, 11, 9))) == [
        ("meeting", "2024-10"),
        ("visit", "2024-10"),
    ]
    figures = (
        "In January, in the context of tariff threats on Canadian goods, Canada's merchandise "
        "exports increased 5.5%, Statistics Canada data released today showed."
    )
    assert [e[0] for e in events(figures, published=date(2025, 3, 6))] == ["data-release"]


def test_a_measure_is_of_the_day_its_statement_announced_it() -> None:
    # The ban told first, its day in the statement after; the curbs it answered, on sales
    # to China, are a measure of their own day.
    text = (
        "China has answered the latest American technology restrictions with a ban on exports "
        "to the United States of several materials. In a statement Tuesday, the Chinese "
        "Ministry of Commerce said gallium and germanium may no longer be shipped to America. "
        "The measure followed action by the White House on Monday, when Washington imposed new "
        "curbs on sales to China of high-bandwidth memory chips."
    )
    assert events(text, published=date(2024, 12, 4)) == [
        ("trade-measure", "2024-12-03", ["CN", "US"]),
        ("trade-measure", "2024-12-02", ["CN", "US"]),
    ]


def test_a_meeting_on_a_summit_s_sidelines_tells_the_summit_too() -> None:
    # The summit is of the meeting's month (its own days are not told), between the
    # meeting's parties and its host; a later meeting is no mention of it.
    text = (
        "The President of the Council of Ministers, Giorgia Meloni, had a bilateral meeting "
        "today with the Prime Minister of the United Kingdom, Keir Starmer, in the margins of "
        "the NATO Summit in Washington. The two leaders agreed to meet again on 18 July."
    )
    found = events(text, published=date(2024, 7, 11))
    (summit,) = [e for e in found if e[0] == "summit"]
    assert summit[1] == "2024-07"
    assert {"GB", "US"} <= set(summit[2])  # the host, and the Prime Minister's country
    assert ("meeting", "2024-07-11") in [e[:2] for e in found]


def test_a_flight_set_off_one_day_and_arrived_the_next_spans_both() -> None:
    text = (
        "Forty six foreign criminals and immigration offenders have been returned to Vietnam "
        "and Timor-Leste on a charter flight. After setting off on Wednesday (24 July), the "
        "flight arrived in Timor-Leste at approximately 9am BST today (25 July)."
    )
    (flight,) = drafts(text, published=date(2024, 7, 25))
    assert (flight["kind"], flight["start"], flight["end"]) == (
        "deportation",
        "2024-07-24",
        "2024-07-25",
    )


def test_duties_collected_starting_one_day_and_ending_another_span_their_years() -> None:
    text = (
        "Malaysia has put definitive anti-dumping duties on imports of PET from China, with "
        "effect from today. The Customs Department will collect the duties for five years, "
        '"starting May 7, 2025 and ending May 6, 2030," the ministry said.'
    )
    (duty,) = drafts(text, published=date(2025, 5, 7))
    assert (duty["start"], duty["end"]) == ("2025-05-07", "2030-05-06")


def test_what_is_still_to_come_during_a_trip_under_way_stays_scheduled() -> None:
    # The trip began before the story was written; the meeting it tells as to come is
    # still scheduled. Setting out on the day of the story is setting out still.
    text = (
        "Egyptian President Abdel Fattah al-Sisi arrived in Doha on Sunday on a Gulf tour. "
        "During his stay in Qatar, Al-Sisi is scheduled to meet Sheikh Tamim to discuss "
        "cooperation."
    )
    found = drafts(text, published=date(2025, 4, 13))
    assert [(d["kind"], d["status"]) for d in found] == [
        ("visit", "occurred"),
        ("meeting", "scheduled"),
    ]
    setting_out = (
        "German Chancellor Olaf Scholz is setting out on Sunday on a three-day trip to "
        "Central Asia, with Uzbekistan as his first stop."
    )
    (trip,) = drafts(setting_out, published=date(2024, 9, 15))
    assert trip["status"] == "scheduled"
    done = "The Taoiseach met President Biden in October; the meeting went ahead as scheduled."
    assert [d["status"] for d in drafts(done, published=date(2024, 10, 23))] == ["occurred"]


def test_a_parliament_s_record_names_who_asked_and_who_answered() -> None:
    # Members who ask are titled as the Dáil titles them; the one who answers holds the
    # office the questions were put to.
    text = (
        "Written answers\n\nRichard Boyd Barrett (Dún Laoghaire, People Before Profit "
        "Alliance)\n\n23. To ask the Taoiseach to report on his visit to the United States. "
        "[41379/24]\n\nPaul Murphy (Dublin South West, RISE)\n\n24. To ask the Taoiseach to "
        "report on his meeting with President Biden. [41382/24]\n\nSimon Harris (Wicklow, "
        "Fine Gael)\n\nI visited Washington D.C. earlier this month."
    )
    article = Article(
        text=text,
        published=date(2024, 10, 23),
        url="https://www.kildarestreet.com/wrans/?id=2024-10-23a.22",
        outlet="Dáil Éireann written answers",
    )
    people = {p.name: (p.title, p.country) for p in run(article).people}
    assert people["Richard Boyd Barrett"] == ("TD", "IE")
    assert people["Paul Murphy"] == ("TD", "IE")
    assert people["Simon Harris"] == ("Taoiseach", "IE")


def test_two_people_each_with_an_office_after_the_name_keep_their_own() -> None:
    text = (
        "HM King Hamad will hold talks with Sergio Mattarella, President of the Italian "
        "Republic, and Giorgia Meloni, Italian Prime Minister, to discuss the ties."
    )
    found = titles(text, published=date(2023, 10, 15))
    assert found["Sergio Mattarella"] == "President of the Italian Republic"
    assert found["Giorgia Meloni"] == "Prime Minister"
    listed = "Ahn met Yeo Han-koo, Minister of Trade, Industry, and Energy, on Monday."
    assert titles(listed)["Yeo Han-koo"] == "Minister of Trade, Industry, and Energy"


def test_a_counterpart_holds_the_office_under_their_own_country_s_name() -> None:
    text = (
        "This afternoon, Foreign Affairs Minister, Alberto van Klaveren, received a telephone "
        "call from his US counterpart, Antony Blinken."
    )
    assert titles(text)["Antony Blinken"] == "Secretary of State"
    indian = (
        "Foreign Minister Sergey Lavrov received a call from his Indian counterpart, S. Jaishankar."
    )
    assert titles(indian)["S. Jaishankar"] == "External Affairs Minister"


def test_where_a_report_was_filed_is_no_party_but_its_day_stays() -> None:
    text = (
        "Paris, Dec 22 - Switzerland said on Friday that it had extended its sanctions "
        "against Russia to more individuals and entities."
    )
    assert events(text, published=date(2023, 12, 22)) == [("sanction", "2023-12-22", ["CH", "RU"])]


def test_meetings_with_companies_or_business_leaders_are_no_engagement_between_states() -> None:
    text = (
        "President Mirziyoyev held a telephone conversation with President Trump on Friday. It "
        "was emphasized that a series of bilateral meetings and negotiations with leading US "
        "companies and organizations will be held this month."
    )
    assert [e[0] for e in events(text, published=date(2025, 9, 6))] == ["call"]


def test_a_trip_s_length_told_after_its_first_day_gives_its_last() -> None:
    text = (
        "Chinese President Xi Jinping flew into Budapest on May 8 after his stop in Serbia. "
        "Xi's three-day visit to Hungary coincides with the 75th anniversary of relations."
    )
    (visit,) = drafts(text, published=date(2024, 5, 9))
    assert (visit["kind"], visit["start"], visit["end"]) == ("visit", "2024-05-08", "2024-05-10")


def test_a_summit_counts_the_states_met_on_its_sidelines() -> None:
    text = (
        "Pakistan's Prime Minister Shehbaz Sharif met Russian President Vladimir Putin on "
        "Sunday on the sidelines of the SCO summit in Tianjin. The prime minister also held "
        "informal meetings with Malaysian Prime Minister Anwar Ibrahim and Belarusian "
        "President Alexander Lukashenko."
    )
    (summit,) = [d for d in drafts(text, published=date(2025, 8, 31)) if d["kind"] == "summit"]
    assert sorted(summit["countries"]) == ["BY", "CN", "MY", "PK", "RU"]


def test_a_leader_named_by_country_alone_in_a_list_of_titled_ones() -> None:
    text = (
        "Pakistan's Prime Minister Shehbaz Sharif met a series of world leaders on Sunday, "
        "among them Russian President Vladimir Putin and Türkiye's Recep Tayyip Erdogan."
    )
    met = events(text, published=date(2025, 8, 31))
    assert ("meeting", "2025-08-31", ["PK", "TR"]) in met
    # Alone, a possessive before a name is no person: "Japan's Nikkei Asia".
    alone = "Japan's Nikkei Asia reported on Sunday that the talks were postponed."
    assert not [p for d in drafts(alone) for p in d["participants"]]


def test_a_meeting_told_next_in_a_government_s_release_is_of_that_day() -> None:
    text = (
        "On 25 June, President Tharman received a ceremonial welcome at the Presidential "
        "Palace, before calling on President Karis. He subsequently had a meeting with Prime "
        "Minister of Estonia Kaja Kallas at Stenbock House."
    )
    release = Article(text, date(2024, 6, 26), outlet="Ministry of Foreign Affairs, Singapore")
    met = [(d.kind, str(d.start), sorted(d.countries)) for d in extract(release)]
    assert met == [("meeting", "25 Jun 2024", ["EE", "SG"])] * 2
    # In a newspaper's report, one side unnamed, the meeting is the day's only one.
    report = Article(text, date(2024, 6, 26), outlet="The Straits Times")
    assert len(extract(report)) == 1


def test_a_qualifier_before_the_country_of_a_title_is_part_of_the_title() -> None:
    people = {
        p.name: p.title
        for p in run(
            Article(
                "Ishiba met outgoing US President Joe Biden and acting Iranian President "
                "Mohammad Mokhber on Friday. Former US President Donald Trump was not there.",
                date(2024, 11, 16),
            )
        ).people
    }
    assert people == {
        "Joe Biden": "Outgoing President",
        "Mohammad Mokhber": "Acting President",
        "Donald Trump": "Former President",
    }


def test_directors_and_aides_are_titled_but_a_plural_title_is_no_one() -> None:
    named = run(
        Article(
            "Canada sanctioned Jeantel Joseph, former director general of the National Agency "
            "for Protected Areas, on Monday. Yury Ushakov, Putin's aide, said the talks would "
            "follow. The blacklist includes Jong Kyong Thaek, director of the General Political "
            "Bureau. All Pr. Director General/Director Generals under CBIC.",
            date(2024, 10, 23),
        )
    ).people
    assert {p.name: p.title for p in named} == {
        "Jeantel Joseph": "Former director general",
        "Yury Ushakov": "Putin aide",
        "Jong Kyong Thaek": "Director of the General Political Bureau",
    }


def test_counts_of_people_by_month_and_by_what_befell_them() -> None:
    found = find_figures(
        "The Labour Market Regulatory Authority announced 1,496 inspection campaigns, which "
        "resulted in the detention of 121 violating and irregular workers, while 115 "
        "violators were deported.",
        [],
    )
    assert {(int(f.value), f.label) for f in found} == {
        (121, "People detained"),
        (115, "People deported"),
    }
    monthly = find_figures(
        "Its monthly breakdown of people deported was: October 2024, 40,223 people; November "
        "2024, 28,703; December 2024, 25,085.",
        [],
    )
    assert sorted(int(f.value) for f in monthly) == [25085, 28703, 40223]
    war = find_figures("The war has left more than 20,000 dead and 14 million displaced.", [])
    assert {(int(f.value), f.label) for f in war} == {
        (20000, "People killed"),
        (14000000, "People displaced"),
    }


def test_meetings_told_after_a_day_s_series_of_them_are_of_that_day() -> None:
    text = (
        "Pakistan's Prime Minister Shehbaz Sharif met a series of world leaders on Sunday, "
        "among them Russian President Vladimir Putin. Sharif, who arrived in China this week on "
        "a six-day visit, was welcomed by President Xi Jinping at a banquet. The prime minister "
        "also held informal meetings with Malaysian Prime Minister Anwar Ibrahim and Kyrgyz "
        "President Sadyr Japarov."
    )
    met = [e for e in events(text, published=date(2025, 8, 31)) if e[0] == "meeting"]
    assert met == [
        ("meeting", "2025-08-31", ["PK", "RU"]),
        ("meeting", "2025-08-31", ["MY", "PK"]),
        ("meeting", "2025-08-31", ["KG", "PK"]),
    ]


def test_an_exchange_told_twice_between_the_same_people_that_day_is_one() -> None:
    text = (
        "A photograph shows Indian Prime Minister Narendra Modi with his Kuwaiti counterpart, "
        "Sheikh Ahmad Al-Abdullah Al-Ahmad Al-Sabah, at a meeting in Kuwait on Sunday. On "
        "Sunday Modi held talks with the Amir, Sheikh Meshal Al-Ahmad Al-Jaber Al-Sabah, and "
        "with Prime Minister Sheikh Ahmad Al-Abdullah Al-Ahmad Al-Sabah."
    )
    met = [d for d in drafts(text, published=date(2024, 12, 23)) if d["kind"] == "meeting"]
    assert sorted(len(d["participants"]) for d in met) == [2, 2]
    assert len(met) == 2


def test_a_royal_known_by_style_and_one_name() -> None:
    text = (
        "The UAE President arrived in Kuwait on Sunday on a state visit during which he will "
        "meet the country's Emir, Sheikh Meshal."
    )
    assert titles(text, published=date(2024, 10, 20)) == {"Sheikh Meshal": "Emir"}
    named_in_full = (
        "Amir Sheikh Meshal Al-Ahmad Al-Jaber Al-Sabah arrived in Ankara on Wednesday. He was "
        "received by the President, and the Amir, Sheikh Meshal, held talks with him."
    )
    found = run(Article(named_in_full, date(2024, 5, 8))).people
    assert [p.name for p in found] == ["Meshal Al-Ahmad Al-Jaber Al-Sabah"]
    # Not the record's actor of that first name: the article has not named him.
    record = Gazetteer([{"name": "Mohamed Muizzu", "title": "President", "country": "MV"}])
    ruler = "The UAE President will meet the country's Emir, Sheikh Mohamed, on Sunday."
    named = run(Article(ruler, date(2024, 10, 20)), record).people
    assert [p.name for p in named] == ["Sheikh Mohamed"]


def test_a_visit_lasts_the_days_its_release_s_headline_gives() -> None:
    release = Article(
        "Prime Minister Lawrence Wong concluded his introductory visit to Indonesia today.",
        date(2024, 11, 6),
        title="Introductory Visit of Prime Minister Lawrence Wong to Indonesia, 5 to 6 "
        "November 2024",
        outlet="Ministry of Foreign Affairs, Singapore",
    )
    (visit,) = extract(release)
    assert (visit.kind, str(visit.start), str(visit.end)) == ("visit", "5 Nov 2024", "6 Nov 2024")
    # A headline's days that are not the visit's leave it as the text tells it.
    later = Article(
        "Prime Minister Lawrence Wong concluded his visit to Indonesia today.",
        date(2024, 11, 6),
        title="Visit of Prime Minister Lawrence Wong to Malaysia, 20 to 21 November 2024",
    )
    (visit,) = extract(later)
    assert (str(visit.start), visit.end) == ("6 Nov 2024", None)


def test_a_stop_within_a_visit_s_days_is_part_of_it() -> None:
    text = (
        "Finnish President Alexander Stubb will make a state visit to Estonia from Monday 27 to "
        "Wednesday 29 May 2024. On Tuesday 28 May, President Stubb will visit the Rakett69 "
        "Science Studios and meet schoolchildren there."
    )
    assert events(text, published=date(2024, 5, 15)) == [("visit", "2024-05-27", ["EE", "FI"])]


def test_today_s_visit_is_of_the_day() -> None:
    text = (
        "During today's visit, South Africa's President held official talks with President Prabowo."
    )
    assert [e[1] for e in events(text, published=date(2025, 10, 22))] == ["2025-10-22"]


def test_the_longest_department_a_title_names_is_read() -> None:
    text = (
        "The UK Foreign Secretary, David Lammy, and the Minister of Foreign Affairs, "
        "International Trade and Worship of Argentina, Diana Mondino, met in New York on 24 "
        "September. Deputy Prime Minister and Minister of Foreign Affairs and International "
        "Cooperation Antonio Tajani hosted the talks."
    )
    found = titles(text, published=date(2024, 9, 25))
    assert found["Diana Mondino"] == (
        "Minister of Foreign Affairs, International Trade and Worship of Argentina"
    )
    assert found["Antonio Tajani"] == (
        "Deputy Prime Minister and Minister of Foreign Affairs and International Cooperation"
    )


def test_figures_in_an_answer_to_parliament_are_the_answer_s() -> None:
    text = (
        "Minister Piyush Goyal told the Rajya Sabha in a written reply on Friday that the "
        "trade deficit with China was $85 billion. Services exports grew by 253% from €1.4 "
        "billion in 2016 to more than €3.7 billion in 2023, he said."
    )
    found = drafts(text, published=date(2024, 7, 27))
    assert [d["kind"] for d in found] == ["parliamentary"]
    assert len(found[0]["figures"]) >= 3


def test_meetings_with_several_leaders_on_a_summit_s_sidelines_tell_the_summit_too() -> None:
    text = (
        "Pakistan's Prime Minister Shehbaz Sharif met a series of world leaders on Sunday, "
        "among them Russian President Vladimir Putin and Türkiye's Recep Tayyip Erdogan, on "
        "the sidelines of a two-day summit of the Shanghai Cooperation Organization in Tianjin."
    )
    found = events(text, published=date(2025, 8, 31))
    assert ("summit", "2025-08", ["PK", "RU", "TR"]) in found
    assert ("meeting", "2025-08-31", ["PK", "TR"]) in found


def test_a_meeting_with_a_body_s_official_during_a_trip_is_not_the_host_s() -> None:
    sharif = Participant("Shehbaz Sharif", "Prime Minister", "PK")
    trip = Draft(
        "visit",
        "Sharif arrived in China",
        countries=["CN", "PK"],
        participants=[sharif, Participant("Xi Jinping", "President", "CN")],
    )
    with_un = Draft(
        "meeting",
        "Sharif met Guterres",
        countries=["PK"],
        participants=[sharif, Participant("António Guterres", "United Nations Secretary-General")],
    )
    in_denmark = Draft(
        "meeting",
        "In Denmark, he will meet Mette Frederiksen",
        countries=["DK"],
        participants=[Participant("Mette Frederiksen", "Prime Minister", "DK")],
    )
    tour = Draft(
        "visit",
        "Modi will visit Denmark",
        countries=["DK", "IN"],
        participants=[Participant("Narendra Modi", "Prime Minister", "IN")],
    )
    _travellers([trip, with_un, tour, in_denmark])
    assert with_un.countries == ["PK"]  # a body's official: no host country
    assert in_denmark.countries == ["DK", "IN"]  # the traveller's, where the trip went


def test_a_release_s_headline_dates_the_visit_its_text_tells_only_the_meetings_of() -> None:
    article = Article(
        text=(
            "Senior Minister Teo Chee Hean was hosted to lunch by Qatar Prime Minister and "
            "Minister of Foreign Affairs Sheikh Mohammed Bin Abdulrahman Al Thani on 25 "
            "November 2024. SM Teo also met Deputy Prime Minister Sheikh Saoud Bin "
            "Abdulrahman Al Thani on 25 November 2024. SM Teo will depart Doha for Ankara on "
            "27 November 2024."
        ),
        published=date(2024, 11, 25),
        title="Working Visit by Senior Minister Teo Chee Hean to Qatar, 24 to 27 November 2024",
        url="https://www.mfa.gov.sg/Newsroom/Press-Statements-Transcripts-and-Photos/2024/11/Teo",
    )
    found = [
        (d.kind, d.start and d.start.isoformat(), d.end and d.end.isoformat(), sorted(d.countries))
        for d in extract(article)
    ]
    assert found == [
        ("visit", "2024-11-24", "2024-11-27", ["QA", "SG"]),  # the headline's
        ("meeting", "2024-11-25", None, ["QA", "SG"]),  # hosted to lunch
        ("meeting", "2024-11-25", None, ["QA", "SG"]),  # also met another, that day
        ("visit", "2024-11-27", None, ["QA", "TR"]),  # the next leg, not the headline's
    ]


def test_a_visit_told_undated_is_the_one_its_headline_dates() -> None:
    article = Article(
        text=(
            "President Tharman Shanmugaratnam is in Estonia on an Official Visit at the "
            "invitation of Estonian President Alar Karis. On 25 June, President Tharman "
            "received a ceremonial welcome at the Presidential Palace, before calling on "
            "President Karis."
        ),
        published=date(2024, 6, 26),
        title="Official Visit of President Tharman Shanmugaratnam to Estonia, 25 to 26 June 2024",
        url="https://www.mfa.gov.sg/Newsroom/Press-Statements-Transcripts-and-Photos/2024/06/Tharman",
    )
    visits = [d for d in extract(article) if d.kind == "visit"]
    assert [(v.start, v.end, sorted(v.countries)) for v in visits if v.start and v.end] == [
        (PartialDate(2024, 6, 25), PartialDate(2024, 6, 26), ["EE", "SG"])
    ]


def test_ministers_known_by_surname_from_the_headline_are_each_met_by_full_name() -> None:
    text = (
        "Secretary Rubio’s Meeting with Danish Foreign Minister Rasmussen, Norwegian Foreign "
        "Minister Eide, and Swedish Foreign Minister Stenergard\n\nReadout\n\nApril 3, 2025\n\n"
        "The below is attributable to Spokesperson Tammy Bruce:\n\nSecretary of State Marco "
        "Rubio met with Danish Foreign Minister Lars Løkke Rasmussen, Norwegian Foreign "
        "Minister Espen Barth Eide, and Swedish Foreign Minister Maria Malmer Stenergard "
        "today in Brussels. The Secretary and the ministers discussed Ukraine."
    )
    found = extract(Article(text=text, published=date(2025, 4, 3)))
    assert [(sorted(d.countries), sorted(p.name for p in d.participants)) for d in found] == [
        (["DK", "US"], ["Lars Løkke Rasmussen", "Marco Rubio"]),
        (["NO", "US"], ["Espen Barth Eide", "Marco Rubio"]),
        (["SE", "US"], ["Marco Rubio", "Maria Malmer Stenergard"]),
    ]  # the spokesperson above the readout met no one


def test_a_tour_s_last_stop_told_on_its_day_is_a_visit_of_its_own() -> None:
    text = (
        "Australian Foreign Minister Penny Wong will travel to Malaysia and Vietnam from March "
        "10 to 14, meeting the leaders of both countries, the department said in a statement "
        "on Saturday (March 8, 2025). Ms Wong will then fly to Vietnam on March 14 for the "
        "second leg of the trip, the statement said."
    )
    found = [
        (d.kind, d.start, d.end, sorted(d.countries))
        for d in extract(Article(text=text, published=date(2025, 3, 8)))
    ]
    assert ("visit", PartialDate(2025, 3, 10), PartialDate(2025, 3, 13), ["AU", "MY"]) in found
    assert ("visit", PartialDate(2025, 3, 14), None, ["AU", "VN"]) in found
    # Some day of the tour, not the day the statement was made.
    assert [(d[1], d[2]) for d in found if d[0] == "meeting"] == [(PartialDate(2025, 3), None)]


def test_a_commission_meeting_to_decide_a_measure_is_the_measure() -> None:
    text = (
        "The Korea Trade Commission held its 463rd meeting on Thursday, August 28, 2025, to "
        "resolve one anti-dumping investigation."
    )
    assert events(text, published=date(2025, 9, 1)) == [("trade-measure", "2025-08-28", ["KR"])]


def test_a_measure_a_government_s_release_tells_against_one_state_is_its_own() -> None:
    text = (
        "Provisional anti-dumping duties on Chinese steel wire are in effect from April 24 "
        "to November 23, 2025."
    )
    release = Article(
        text=text,
        published=date(2025, 9, 1),
        url="https://www.motie.go.kr/en/press/1",
        outlet="Ministry of Trade, Industry and Energy",
    )
    assert [d.countries for d in extract(release)] == [["KR", "CN"]]
    report = Article(text=text, published=date(2025, 9, 1))  # a newspaper's: no party added
    assert [d.countries for d in extract(report)] == [["CN"]]


def test_a_government_s_plane_seized_is_a_sanction() -> None:
    text = (
        "Washington on Thursday impounded a jet owned by the Venezuelan government in the "
        "Dominican Republic."
    )
    assert [kind for kind, _, _ in events(text, published=date(2025, 2, 7))] == ["sanction"]


@pytest.mark.parametrize(
    ("text", "month"),
    [
        # A month behind publication, in a clause that looks back: this year's, though
        # another clause of the sentence looks ahead.
        (
            "Following the visit by ministers Anand and Champagne to Mexico in August, this "
            "visit will further strengthen our relationship.",
            PartialDate(2025, 8),
        ),
        # A month that is a clause of its own is read with the next: next year's.
        ("In August, the two leaders will meet again.", PartialDate(2026, 8)),
        ("The two leaders will meet again in August.", PartialDate(2026, 8)),
    ],
)
def test_a_month_alone_is_of_the_year_its_own_clause_looks_to(
    text: str, month: PartialDate
) -> None:
    from intake.extraction import dates

    assert [m.start for m in dates.find(text, date(2025, 9, 16))] == [month]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A portfolio no list names, ending in "Affairs".
        (
            "Foreign Affairs Minister Penny Wong and Minister for Pacific Island Affairs Pat "
            "Conroy met Prime Minister James Marape in Port Moresby on Monday.",
            {"Pat Conroy": "Minister for Pacific Island Affairs"},
        ),
        # A member's letters after one name start no title for the next.
        (
            "Marles met Deputy Prime Minister John Rosso MP, and Minister for Defence Dr Billy "
            "Joseph in Port Moresby on Monday.",
            {"John Rosso": "Deputy Prime Minister", "Billy Joseph": "Minister for Defence"},
        ),
    ],
)
def test_titles_read_from_their_own_words(text: str, expected: dict[str, str]) -> None:
    found = titles(text)
    assert {name: found.get(name) for name in expected} == expected


def test_a_trip_s_stops_told_without_days_are_visits_of_its_month() -> None:
    text = (
        "This week, Deputy Prime Minister Richard Marles and Foreign Affairs Minister Penny "
        "Wong will travel to the Pacific. The Deputy Prime Minister will travel to Papua New "
        "Guinea to discuss defence ties. During the visit he will meet with Prime Minister "
        "James Marape. The Foreign Minister will then travel to Fiji to attend the Pacific "
        "Islands Forum Foreign Ministers Meeting."
    )
    found = events(text, published=date(2025, 8, 12), home="AU")
    assert found[:2] == [
        ("visit", "2025-08", ["AU", "PG"]),  # the first stop is the trip's
        ("meeting", "2025-08", ["AU", "PG"]),  # with the host the release names bare
    ]
    # A journey to attend a gathering: the visit, and the gathering.
    assert [kind for kind, _, countries in found[2:] if "FJ" in countries] == [
        "visit",
        "meeting",
    ]


def test_another_stop_told_without_a_day_is_a_visit_of_the_trip_s_month() -> None:
    text = (
        "This week, Australian Deputy Prime Minister Richard Marles will travel to Papua New "
        "Guinea to discuss defence ties. The Deputy Prime Minister will also travel to "
        "Vanuatu to discuss the Nakamal Agreement."
    )
    assert events(text, published=date(2025, 8, 12)) == [
        ("visit", "2025-08", ["AU", "PG"]),
        ("visit", "2025-08", ["AU", "VU"]),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kenya and Ethiopia have signed seven Memoranda of Understanding.", [(7, "count")]),
        ("They witnessed 5 MoU signing ceremonies.", [(5, "count")]),
        (
            "About 10 Japanese equipment manufacturers will be affected; 23 chip-making items "
            "need approval.",
            [(10, "count"), (23, "count")],
        ),
        (
            "Final duties of 27.91 to 34.10 percent, with undertakings from nine Chinese "
            "exporters.",
            [(27.91, "percent"), (34.10, "percent"), (9, "count")],
        ),
    ],
)
def test_counts_of_things_and_ranges_of_rates(text: str, expected: list[tuple[float, str]]) -> None:
    found = sorted((float(f.value), f.unit) for f in find_figures(text, []))
    assert found == sorted(expected)


def test_a_unit_the_record_has_no_name_for_is_scored_as_a_count() -> None:
    expected = {
        "events": [
            {
                "kind": "sanction",
                "start": "2025-01-27",
                "countries": ["CA", "BY"],
                "figures": [
                    {"value": 12, "unit": "entities"},
                    {"value": 10, "unit": "individuals"},
                    {"value": 5, "unit": "years"},
                ],
            }
        ]
    }
    got = [
        {
            "kind": "sanction",
            "start": "2025-01-27",
            "end": None,
            "countries": ["CA", "BY"],
            "participants": [],
            "evidence": "",
            "figures": [
                {"value": 12, "unit": "count"},
                {"value": 10, "unit": "persons"},
                {"value": 5, "unit": "count"},
            ],
        }
    ]
    figures = score_article(expected, got, "x").fields["figures"]
    assert (figures.found, figures.expected) == (2, 3)  # five years is no count of things


def test_the_first_of_a_three_day_visit_starts_it() -> None:
    text = (
        "The President made the remarks on Wednesday on the first of a three-day State Visit "
        "by Ethiopia Prime Minister Abiy Ahmed at State House Nairobi."
    )
    (visit,) = drafts(text, published=date(2024, 2, 28), home="KE")
    assert (visit["kind"], visit["start"], visit["end"]) == ("visit", "2024-02-28", "2024-03-01")


def test_a_written_question_is_the_record_s_and_not_what_it_asks_about() -> None:
    text = (
        "Written Question\n\nThursday 21st March 2024\n\nAsked by: Fabian Hamilton (Labour - "
        "Leeds North East)\n\nTo ask the Minister of State, Foreign, Commonwealth and "
        "Development Office, whether he has made an assessment of the Argentine Foreign "
        "Ministry's reaction to the Foreign Secretary's visit to the Falkland Islands in "
        "February 2024.\n\nAnswered by David Rutley\n\nAs the Foreign Secretary made clear in "
        "his meeting with Argentine Foreign Minister Mondino at the G20 in February, there can "
        "be no discussions on sovereignty."
    )
    found = events(text, published=date(2024, 3, 21), home="GB")
    assert found[0][:2] == ("parliamentary", "2024-03-21")
    # "the G20 in February": a gathering's name, no figure whose period the month is.
    assert any(kind in {"meeting", "visit"} and start == "2024-02" for kind, start, _ in found)


def test_looking_forward_to_a_month_is_the_coming_one() -> None:
    from intake.extraction import dates

    text = "He was looking forward to travelling to Canada for the G7 Summit in June."
    assert [m.start for m in dates.find(text, date(2025, 4, 6))] == [PartialDate(2025, 6)]


def test_a_tour_s_stops_told_one_by_one_are_visits_with_what_is_done_there() -> None:
    text = (
        "Today, the Prime Minister, Mark Carney, announced that he will travel to Malaysia, "
        "Singapore, and the Republic of Korea, from October 24 to November 1, 2025. In Kuala "
        "Lumpur, Malaysia, the Prime Minister will attend the ASEAN Summit. While in Malaysia, "
        "Prime Minister Carney will meet with the Prime Minister of Malaysia, Anwar Ibrahim. "
        "In Singapore, the Prime Minister will meet the Prime Minister of Singapore, Lawrence "
        "Wong. The Prime Minister will then travel to Gyeongju, Korea, to participate in the "
        "APEC Economic Leaders’ Meeting."
    )
    found = events(text, published=date(2025, 10, 17), home="CA")
    assert ("visit", "2025-10", ["CA", "MY"]) in found
    assert ("summit", "2025-10", ["CA", "MY"]) in found
    assert ("meeting", "2025-10", ["CA", "MY"]) in found  # "While in Malaysia": the same stop
    assert ("visit", "2025-10", ["CA", "SG"]) in found
    assert ("meeting", "2025-10", ["CA", "SG"]) in found
    # The last stop is the tour's own, some days of it up to its last; "then" follows the
    # trip, not the day it was announced.
    assert ("visit", "2025-10", ["CA", "KR"]) in found
    assert all(start != "2025-10-17" for _, start, _ in found)


def test_a_government_s_own_sanction_is_on_the_story_s_other_party() -> None:
    text = (
        "Today, the Department of the Treasury’s Office of Foreign Assets Control (OFAC) "
        "sanctioned Abdelrahim Hamdan Dagalo for his leadership of the Rapid Support Forces "
        "(RSF), an entity whose members have engaged in acts of violence in Sudan. The United "
        "States stands in solidarity with the people of Sudan. Sudan's civilians deserve peace."
    )
    release = Article(
        text=text,
        published=date(2023, 9, 6),
        url="https://home.treasury.gov/news/press-releases/jy1718",
    )
    assert [(d.kind, d.countries) for d in extract(release)] == [("sanction", ["US", "SD"])]


def test_a_dateline_with_its_weekday_names_no_party() -> None:
    text = (
        "Istanbul, Wednesday, 20 August 2025 - Vietnam's Ministry of Industry and Trade has "
        "imposed anti-dumping duties on galvanized steel from China and South Korea."
    )
    assert events(text, published=date(2025, 8, 20)) == [
        ("trade-measure", "2025-08-20", ["CN", "KR", "VN"])
    ]


def test_a_release_dating_nothing_is_of_its_headline_s_day() -> None:
    release = Article(
        text=(
            "U.S. Immigration and Customs Enforcement facilitated a removal flight to Senegal. "
            "The flight facilitated the removal of 132 Senegalese nationals."
        ),
        published=date(2023, 9, 14),
        title="ICE conducts single adult removal flight Sept. 14",
        url="https://www.ice.gov/news/releases/x",
    )
    (flight,) = extract(release)
    assert (flight.kind, flight.start) == ("deportation", PartialDate(2023, 9, 14))


def test_a_secretary_of_state_for_a_portfolio_is_no_us_secretary_of_state() -> None:
    from intake.extraction.people import title_country

    assert title_country("Secretary of State") == "US"
    assert title_country("Deputy Secretary of State") == "US"
    assert (
        title_country("Secretary of State for Foreign, Commonwealth and Development Affairs")
        == "GB"
    )
    assert title_country("Secretary of State for Health and Social Care") is None


def test_how_long_an_office_has_been_held_dates_no_event() -> None:
    from intake.extraction import dates

    text = "He also met Anna McMorrin, Member of Parliament since 2017, in London."
    assert all(m.background for m in dates.find(text, date(2024, 4, 15)))


def test_an_ambassador_expelled_is_a_statement_dated_when_it_was_said() -> None:
    text = (
        "President Cyril Ramaphosa's office said on Saturday that Ebrahim Rasool, South "
        "Africa's ambassador to the United States, had been expelled, confirming that "
        "relations have worsened since Donald Trump was inaugurated in January."
    )
    assert events(text, published=date(2025, 3, 15)) == [("statement", "2025-03-15", ["US", "ZA"])]


def test_a_statistician_s_month_of_trade_is_a_release_with_its_listed_partners() -> None:
    text = (
        "Malaysia's total trade kept growing at a double-digit pace in August 2024, Chief "
        "Statistician Mohd Uzir Mahidin said in a statement today. The rise in exports came "
        "mainly from shipments to the United States (up RM6.1 billion), then Taiwan (up "
        "RM2.3 billion) and Singapore (up RM2.1 billion). In 2024, trade turnover grew by 15 "
        "percent."
    )
    (release,) = drafts(text, published=date(2024, 9, 19))
    assert (release["kind"], release["start"]) == ("data-release", "2024-09-19")
    assert release["countries"] == ["MY", "US", "TW", "SG"]
    assert {f["unit"] for f in release["figures"]} == {"MYR", "percent"}


def test_styles_before_a_name_are_no_part_of_it() -> None:
    text = (
        "Chief Statistician Malaysia Datuk Dr Mohd Uzir Mahidin said trade rose in August. "
        "Samdech Moha Borvor Thipadei Hun Manet, Prime Minister of Cambodia, met Prime "
        "Minister Datuk Seri Anwar Ibrahim in Kuala Lumpur on Monday."
    )
    found = run(Article(text=text, published=date(2024, 9, 19)))
    assert {p.name: p.title for p in found.people} == {
        "Mohd Uzir Mahidin": "Chief Statistician",
        "Hun Manet": "Prime Minister of Cambodia",
        "Anwar Ibrahim": "Prime Minister",
    }


def test_a_caption_line_without_a_stop_is_a_paragraph_of_its_own() -> None:
    caption = (
        "One of the main issues discussed by Presidents Lula and Boric was regional "
        "infrastructure. This corridor will connect ports in São Paulo, Paraná, and Santa "
        "Catarina with the Chilean ports of Iquique and Antofagasta - Credit: Ricardo Stuckert"
    )
    text = f"{caption}\nOn Tuesday, April 22, Lula welcomed the President of Chile, Gabriel Boric."
    assert sentences(text)[-1].startswith("On Tuesday, April 22")
    wrapped = "The ministers met on Monday in\nBrasília to discuss trade."
    assert sentences(wrapped) == ["The ministers met on Monday in Brasília to discuss trade."]


def test_leaders_overseeing_a_signing_at_their_meeting_tell_the_agreement_too() -> None:
    text = (
        "Tinubu and the Emir of the State of Qatar, Sheikh Tamim bin Hamad Al Thani, oversaw "
        "the signing of the agreements between the two countries during a meeting in Doha on "
        "Sunday."
    )
    found = events(text, published=date(2024, 3, 6), home="NG")
    assert [(kind, start) for kind, start, _ in found] == [
        ("meeting", "2024-03-03"),
        ("agreement", "2024-03-03"),
    ]


def test_counterparts_listed_by_their_states_are_met_one_by_one() -> None:
    text = (
        "Foreign Minister Winston Peters arrived in New York on Monday. While there, Mr "
        "Peters held talks with a range of counterparts, including from Iceland, Italy, "
        "Jordan and Egypt, on Tuesday."
    )
    found = events(text, published=date(2024, 9, 26), home="NZ")
    assert [countries for kind, _, countries in found if kind == "meeting"] == [
        ["IS", "NZ"],
        ["IT", "NZ"],
        ["JO", "NZ"],
        ["EG", "NZ"],
    ]
    # Leaders of the states who met together are one meeting.
    together = (
        "Rubio met jointly with the leaders of Jamaica, Haiti and Barbados in Kingston on "
        "Wednesday."
    )
    assert [k for k, _, _ in events(together, published=date(2025, 3, 27))] == ["meeting"]


def test_a_name_that_is_mostly_something_else_is_its_state_in_a_list_of_states() -> None:
    gazetteer = Gazetteer()
    assert gazetteer.countries("counterparts from Iceland, Italy, Jordan and Egypt") == [
        "IS",
        "IT",
        "JO",
        "EG",
    ]
    assert gazetteer.countries("Egypt and Jordan") == ["EG", "JO"]
    assert gazetteer.countries("a talk by Michael Jordan and Egypt's envoy") == ["EG"]


def test_then_before_an_office_is_no_step_in_the_story() -> None:
    text = (
        "Foreign Minister Winston Peters today wrapped up a week of engagements at the "
        "United Nations. Our visit was about support for the UN Charter, as articulated by "
        "then Prime Minister Peter Fraser, Mr Peters says."
    )
    found = drafts(text, published=date(2024, 9, 30), home="NZ")
    assert all(d["start"] != "2024-09-30" for d in found)


def test_a_visit_told_again_without_its_day_keeps_the_status_it_was_told_with() -> None:
    text = (
        "President Hakainde Hichilema is set to start a two-day state visit to Kigali, Rwanda. "
        "His itinerary also takes in the Kigali Special Economic Zone, where the visit is meant "
        "to give him a view of Rwanda's industry."
    )
    (visit,) = drafts(text, published=date(2023, 6, 20))
    assert (visit["kind"], visit["status"]) == ("visit", "scheduled")


def test_two_counterparts_are_met_one_by_one_and_dated_alike() -> None:
    text = (
        "Prime Minister Christopher Luxon has met his counterparts from Tonga and Samoa on "
        "the sidelines of the Pacific Islands Forum."
    )
    found = events(text, published=date(2024, 8, 28), home="NZ")
    assert found == [("meeting", "2024-08", ["NZ", "TO"]), ("meeting", "2024-08", ["NZ", "WS"])]


def test_a_stay_for_the_next_days_is_a_visit_from_the_day_it_is_told() -> None:
    text = "Prime Minister Christopher Luxon is in Nuku'alofa for the next three days."
    (visit,) = drafts(text, published=date(2024, 8, 28), home="NZ")
    assert (visit["kind"], visit["start"], visit["end"], sorted(visit["countries"])) == (
        "visit",
        "2024-08-28",
        "2024-08-30",
        ["NZ", "TO"],
    )


def test_antidumping_without_a_hyphen_is_a_trade_measure() -> None:
    text = (
        "On November 29, 2024, the U.S. Department of Commerce announced its preliminary "
        "affirmative determinations in the antidumping duty investigations of solar cells "
        "from Cambodia and Malaysia."
    )
    assert [kind for kind, _, _ in events(text, published=date(2024, 11, 29))] == ["trade-measure"]


def test_a_meeting_on_the_sidelines_of_a_summit_told_with_its_day_is_of_that_day() -> None:
    text = (
        "Chief Adviser Muhammad Yunus came back home on Friday (December 20) evening, bringing "
        "to an end his trip to Egypt for the 11th D-8 Summit. On Thursday (Dec 19), Prof Yunus "
        "addressed the 11th D-8 summit, held in the Egyptian capital, Cairo. On the sidelines "
        "of the D-8 summit, Prof Yunus held a bilateral meeting with Pakistan's Prime Minister "
        "Shehbaz Sharif at a hotel."
    )
    found = events(text, published=date(2024, 12, 20), home="BD")
    assert ("meeting", "2024-12-19", ["BD", "PK"]) in found


def test_a_body_named_after_a_title_is_no_person() -> None:
    text = (
        "Hussein Al Sheikh, Secretary General of the Palestine Liberation Organisation (PLO), "
        "met Prof Yunus on Thursday."
    )
    found = run(Article(text=text, published=date(2024, 12, 20)))
    assert [p.name for p in found.people] == ["Hussein Al Sheikh"]


def test_two_met_under_a_headline_that_names_the_meeting_are_one_meeting() -> None:
    text = (
        "Prime Minister Rishi Sunak welcomed the President of the United States, Joe Biden, "
        "to Downing Street this morning."
    )
    article = Article(
        text=text,
        title="PM meeting with President Biden: 10 July 2023",
        published=date(2023, 7, 10),
        home="GB",
    )
    (meeting,) = [d.as_json() for d in extract(article)]
    assert {p["name"] for p in meeting["participants"]} == {"Rishi Sunak", "Joe Biden"}


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("a new £55-million support package", 55_000_000, "GBP"),
        ("a US$1.5-billion deal", 1_500_000_000, "USD"),
        ("a 2-million euro grant", 2_000_000, "EUR"),
    ],
)
def test_a_sum_with_its_scale_after_a_hyphen_is_counted_whole(
    text: str, value: int, unit: str
) -> None:
    assert [(f.value, f.unit) for f in find_figures(text, [], "USD")] == [(value, unit)]


def test_a_meeting_agreed_to_be_held_in_a_later_month_is_of_this_year_and_to_come() -> None:
    text = (
        "Prime Minister Rishi Sunak and President Joe Biden agreed to hold the first high level "
        "meeting between Number 10 and White House representatives in October."
    )
    (meeting,) = drafts(text, published=date(2023, 7, 10), home="GB")
    assert (meeting["kind"], meeting["start"], meeting["status"]) == (
        "meeting",
        "2023-10",
        "scheduled",
    )


def test_a_measure_in_effect_since_a_year_is_not_dated_by_it() -> None:
    text = (
        "These designations follow President Biden's approval of a new Executive Order "
        "terminating the Zimbabwe sanctions program that had been in effect since 2003."
    )
    assert all(d["start"] != "2003" for d in drafts(text, published=date(2024, 3, 4), home="US"))


def test_a_top_diplomat_is_the_foreign_minister() -> None:
    text = (
        "Slovakia's top diplomat Juraj Blanár held talks on Thursday with his Azerbaijani "
        "counterpart Jeyhun Bayramov in Malta."
    )
    found = run(Article(text=text, published=date(2024, 12, 5)))
    assert {(p.name, p.title, p.country) for p in found.people} == {
        ("Juraj Blanár", "Foreign Minister", "SK"),
        ("Jeyhun Bayramov", "Foreign Minister", "AZ"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Fico shook hands with Russian President Vladimir Putin in Moscow on Friday.",
        "Putin received both Fico and Serbian President Aleksandar Vučić at the Kremlin on Friday.",
    ],
)
def test_a_handshake_and_a_reception_of_both_are_meetings(text: str) -> None:
    assert [k for k, _, _ in events(text, published=date(2025, 5, 9))] == ["meeting"]


def test_nationals_sent_back_to_their_home_country_are_deported() -> None:
    text = "Germany sent dozens of Afghan nationals back to their home country on July 18."
    assert events(text, published=date(2025, 7, 18)) == [
        ("deportation", "2025-07-18", ["AF", "DE"])
    ]


def test_due_to_meet_his_counterparts_is_a_meeting() -> None:
    text = (
        "German Interior Minister Alexander Dobrindt was due to meet his counterparts from "
        "France and Poland together on Friday."
    )
    assert [k for k, _, _ in events(text, published=date(2025, 7, 18))] == ["meeting"]


def test_a_year_in_a_date_is_no_count_of_people() -> None:
    text = (
        "Germany's previous government had for the first time since the Taliban's return in "
        "2021 deported Afghan nationals to their homeland."
    )
    assert all(f.value != 2021 for f in find_figures(text, dates.find(text, date(2025, 7, 18))))


def test_then_before_a_title_is_the_office_held_at_the_time() -> None:
    found = run(Article(text="Then-Chancellor Olaf Scholz had promised to step up deportations."))
    assert [(p.name, p.title) for p in found.people] == [("Olaf Scholz", "Chancellor")]
    assert _office("then-Prime Minister") == _office("Prime Minister")


def test_a_sum_reached_and_a_ceremony_attended_by_others_are_no_visits() -> None:
    text = (
        "Vietnam's President To Lam visited Laos on 11-12 July. Trade between Laos and Vietnam "
        "reached USD 476.8 million in the first quarter of 2024. The two leaders also launched "
        "a database project at a ceremony attended by senior delegates, and President To Lam "
        "handed over 20 cars to help Laos host the ASEAN Chairmanship in 2024."
    )
    assert events(text, published=date(2024, 7, 12), home="VN") == [
        ("visit", "2024-07-11", ["LA", "VN"])
    ]


def test_a_meeting_during_a_summit_held_in_a_capital_tells_the_summit_too() -> None:
    text = (
        "Peru's Foreign Minister, Elmer Schialer, met his Colombian counterpart, Rosa "
        "Villavicencio, last Thursday, 21 August, during the summit of Amazon countries held "
        "in Bogotá."
    )
    found = events(text, published=date(2025, 8, 22), home="PE")
    assert ("summit", "2025-08", ["CO", "PE"]) in found


def test_partners_each_with_a_figure_of_their_own_are_partners_of_the_release() -> None:
    text = (
        "Indonesia's trade surplus came to $2.02 billion in January 2024, the statistics "
        "agency said on Thursday. By trading partner, the largest contributions to the surplus "
        "came from India ($1.38 billion), the United States ($1.21 billion) and the Philippines "
        "($0.63 billion). Indonesia ran deficits with three major partners: China ($1.38 "
        "billion), Australia ($0.43 billion) and Thailand ($0.42 billion)."
    )
    (release,) = drafts(text, published=date(2024, 2, 15), home="ID")
    assert (release["kind"], sorted(release["countries"])) == (
        "data-release",
        ["AU", "CN", "ID", "IN", "PH", "TH", "US"],
    )


@pytest.mark.parametrize(
    ("words", "code"),
    [("Laotian", "LA"), ("Welsh", "GB"), ("Guinean", "GN"), ("Papua New Guinean", "PG")],
)
def test_demonyms_the_libraries_lack_name_their_state(words: str, code: str) -> None:
    assert Gazetteer().countries(f"the {words} delegation") == [code]


def test_since_a_deal_came_into_force_dates_no_event() -> None:
    text = (
        "It is the first deportation of a migrant who crossed the English Channel since the "
        "returns deal came into force last month."
    )
    assert all(d["start"] != "2025-08" for d in drafts(text, published=date(2025, 9, 18)))


def test_a_migrant_returned_to_a_state_is_a_deportation() -> None:
    text = (
        "The first migrant has been returned to France on Thursday under the one in, one out "
        "arrangement between the UK and France."
    )
    assert events(text, published=date(2025, 9, 18)) == [
        ("deportation", "2025-09-18", ["FR", "GB"])
    ]


def test_ties_dating_back_to_a_year_tell_history_not_news() -> None:
    text = (
        "The Minister will hold consultations with his counterpart on Thursday, 27 March 2025, "
        "in Pretoria. South Africa and the DRC maintain strong ties, dating back to 1997 when "
        "former President Nelson Mandela facilitated a meeting between the late President "
        "Désiré Kabila and Mobutu Sese Seko aboard a ship."
    )
    found = drafts(text, published=date(2025, 3, 26))
    assert [p["name"] for d in found for p in d["participants"]] == []


def test_a_release_told_first_by_its_figures_takes_the_day_the_text_gives() -> None:
    text = (
        "Shipments to the US have risen for five months in a row and topped $11 billion, while "
        "falling exports to China left Korea with a trade deficit with China. The Ministry's "
        '"December Trends", released on Monday, showed exports to the US of $11.29 billion.'
    )
    (release,) = drafts(text, published=date(2024, 1, 2))
    assert (release["kind"], release["start"], release["countries"]) == (
        "data-release",
        "2024-01-01",
        ["KR", "US", "CN"],
    )


def test_another_capital_summoning_the_same_envoy_that_day_is_another_summons() -> None:
    text = (
        "Germany's Federal Foreign Office summoned the Russian ambassador on Friday over the "
        "drones. France's foreign ministry also summoned the Russian ambassador in Paris on "
        "Friday."
    )
    assert events(text, published=date(2025, 9, 12)) == [
        ("statement", "2025-09-12", ["DE", "RU"]),
        ("statement", "2025-09-12", ["FR", "RU"]),
    ]


def test_met_first_with_one_and_then_with_another_is_two_meetings() -> None:
    text = (
        "European Council President António Costa and European Commission President Ursula "
        "von der Leyen met first with Chinese President Xi Jinping and then with Premier Li "
        "Qiang on 24 July 2025."
    )
    found = drafts(text, published=date(2025, 7, 24))
    assert [
        sorted(p["name"] for p in d["participants"]) for d in found if d["kind"] == "meeting"
    ] == [
        ["António Costa", "Ursula von der Leyen", "Xi Jinping"],
        ["António Costa", "Li Qiang", "Ursula von der Leyen"],
    ]


def test_a_release_of_a_body_of_several_states_speaks_for_none_wherever_republished() -> None:
    outlet = (
        "European Commission and European Council (joint EU press release, as republished by "
        "the European Documentation Centre of the University of Almería)"
    )
    assert source_country("https://www.cde.ual.es/x", outlet) is None
    assert source_country("https://www.ons.gov.uk/x", "Office for National Statistics") == "GB"


def test_leaders_announced_as_attending_a_summit_told_are_those_it_gathers() -> None:
    text = (
        "Croatian Prime Minister Andrej Plenkovic and Ukrainian President Volodymyr Zelensky "
        "are co-hosting the third Ukraine-Southeast Europe Summit in Dubrovnik on Wednesday. "
        "Slovenian President Natasa Pirc-Musar and Greek Prime Minister Kyriakos Mitsotakis "
        "have been announced as attending."
    )
    (summit,) = drafts(text, published=date(2024, 10, 9))
    assert summit["kind"] == "summit"
    assert sorted(summit["countries"]) == ["GR", "HR", "SI", "UA"]


def test_a_written_statement_made_in_the_commons_is_the_record_of_parliament() -> None:
    text = (
        "Written statement made in the House of Commons by Douglas Alexander, Minister of "
        "State (Department for Business and Trade), on Friday 29 November 2024."
    )
    assert events(text, published=date(2024, 11, 29), home="GB") == [
        ("parliamentary", "2024-11-29", ["GB"])
    ]


def test_no_name_runs_across_a_bracket() -> None:
    assert Gazetteer().countries("Minister of State (Department for Business and Trade)") == []
    assert Gazetteer().countries("the State Department said") == ["US"]


def test_calls_over_the_past_week_with_several_are_a_call_with_each() -> None:
    text = (
        "Over the past week Secretary of State Marco Rubio also spoke by phone with Danish "
        "Foreign Minister Lars Løkke Rasmussen and Polish Foreign Minister Radek Sikorski."
    )
    found = events(text, published=date(2025, 1, 27))
    assert sorted(c for kind, _, c in found if kind == "call") == [["DK", "US"], ["PL", "US"]]


def test_a_call_put_off_is_not_dated_by_the_day_it_was_reported() -> None:
    text = (
        "A telephone call between Estonia's Minister of Foreign Affairs, Margus Tsahkna, and "
        "Secretary of State Marco Rubio has been put off, ERR reported on Monday."
    )
    (call,) = drafts(text, published=date(2025, 1, 27))
    assert (call["kind"], call["status"]) == ("call", "postponed")
    assert call["start"] != "2025-01-27"


def test_a_month_one_is_invited_to_looks_ahead() -> None:
    text = "Xi had invited Trump to visit Beijing in April."
    (visit,) = drafts(text, published=date(2025, 11, 25))
    assert (visit["kind"], visit["start"], visit["status"]) == ("visit", "2026-04", "scheduled")


def test_talks_just_held_as_the_occasion_of_what_was_said_are_of_that_day() -> None:
    text = (
        "U.S. President Donald Trump said Monday, after holding phone talks with Chinese "
        "President Xi Jinping, that he had taken up Xi's invitation to travel to Beijing in "
        "April next year and that Xi would come to the United States on a state visit later "
        "that year."
    )
    found = events(text, published=date(2025, 11, 25))
    assert ("call", "2025-11-24", ["CN", "US"]) in found
    assert ("visit", "2026-04", ["CN", "US"]) in found


def test_a_visitor_who_will_also_meet_office_holders_meets_each() -> None:
    text = (
        "Minister for Foreign Affairs Dr Vivian Balakrishnan will visit the Republic of the "
        "Philippines from 15 to 18 April 2024. Minister Balakrishnan will also meet Secretary "
        "of Foreign Affairs Enrique Manalo, National Security Advisor Eduardo Año, and members "
        "of the House of Representatives' Committee on Foreign Affairs."
    )
    found = drafts(text, published=date(2024, 4, 12), home="SG")
    met = sorted(p["name"] for d in found if d["kind"] == "meeting" for p in d["participants"])
    assert met == ["Eduardo Año", "Enrique Manalo", "Vivian Balakrishnan", "Vivian Balakrishnan"]


def test_his_counterpart_met_by_the_one_the_story_is_about_holds_the_same_office() -> None:
    text = (
        "Japanese Prime Minister Fumio Kishida is in Egypt. Last, he will meet his "
        "Singaporean counterpart, Lee Hsien Loong."
    )
    assert titles(text, published=date(2023, 4, 30))["Lee Hsien Loong"] == "Prime Minister"


def test_a_stop_of_a_tour_told_with_its_own_day_is_not_told_again_undated() -> None:
    text = (
        "Hungarian Prime Minister Viktor Orban is on a trip to Ukraine, Russia and China. "
        "Orban arrived in Beijing on Monday, 8 July. On 5 July Orban paid an official visit "
        "to the Russian capital, where he met Russian President Vladimir Putin."
    )
    visits = [e for e in events(text, published=date(2024, 7, 8)) if e[0] == "visit"]
    assert sorted(visits) == [
        ("visit", "2024", ["HU", "UA"]),
        ("visit", "2024-07-05", ["HU", "RU"]),
        ("visit", "2024-07-08", ["CN", "HU"]),
    ]


def test_arrivals_in_two_places_on_two_days_are_two_visits() -> None:
    text = (
        "Japanese Prime Minister Fumio Kishida is in Egypt. He is expected to arrive in "
        "Nairobi on 2 May and in Maputo on the 3rd."
    )
    visits = [e for e in events(text, published=date(2023, 4, 30)) if e[0] == "visit"]
    assert ("visit", "2023-05-03", ["JP", "MZ"]) in visits
    assert any(start == "2023-05-02" and "KE" in c and "MZ" not in c for _, start, c in visits)


def test_the_nth_after_a_day_is_of_that_day_s_month() -> None:
    text = "will arrive in Nairobi on 2 May and in Maputo on the 3rd"
    (may, third) = dates.find(text, date(2023, 4, 30))
    assert (may.start, third.start) == (PartialDate(2023, 5, 2), PartialDate(2023, 5, 3))


def test_a_traveller_leaving_one_capital_for_another_visits_the_other() -> None:
    text = (
        "Japanese Prime Minister Fumio Kishida is in Egypt. Kishida leaves Cairo for Accra "
        "on 1 May."
    )
    assert ("visit", "2023-05-01", ["GH", "JP"]) in events(text, published=date(2023, 4, 30))


def test_a_name_is_no_place() -> None:
    text = (
        "His Excellency Advocate Duma Gideon Boko, President of the Republic of Botswana, will "
        "undertake a State Visit to the Republic of Zambia from 1st to 2nd August, 2025."
    )
    (visit,) = drafts(text, published=date(2025, 7, 29))
    assert sorted(visit["countries"]) == ["BW", "ZM"]


def test_presiding_over_a_commission_s_session_is_a_meeting() -> None:
    text = (
        "President Hichilema and President Boko will preside over the Inaugural Session of the "
        "Zambia-Botswana Bi-National Commission (BNC) on Friday, 1st August 2025, at State House."
    )
    assert ("meeting", "2025-08-01", ["BW", "ZM"]) in events(text, published=date(2025, 7, 29))


def test_an_action_plan_signed_is_an_agreement() -> None:
    text = (
        "Slovenian Foreign Minister Tanja Fajon and Turkish Foreign Minister Hakan Fidan on "
        "Friday signed an Action Plan for the next three years."
    )
    assert events(text, published=date(2024, 8, 30)) == [("agreement", "2024-08-30", ["SI", "TR"])]


def test_agreements_being_signed_or_to_be_signed_are_agreements() -> None:
    text = (
        "President Samia Suluhu Hassan and Mozambique's President Daniel Chapo watched the "
        "agreements being signed yesterday at Magogoni State House in Dar es Salaam. The two "
        "leaders will sign three more agreements on Monday."
    )
    found = [(d["kind"], d["start"], d["status"]) for d in drafts(text, published=date(2025, 5, 9))]
    assert found == [
        ("agreement", "2025-05-08", "occurred"),
        ("agreement", "2025-05-12", "scheduled"),
    ]


def test_a_sentence_that_only_points_back_at_the_meeting_tells_no_other() -> None:
    text = (
        "On 10 June 2024, the Minister for Foreign Affairs, Baiba Braže, met with the Swedish "
        "Minister for Foreign Affairs, Tobias Billström, in Stockholm. Before the meeting, the "
        "two Foreign Ministers attended the traditional Swedish Monday rally, where they "
        "thanked the organisers for their continued support for Ukraine."
    )
    found = events(text, published=date(2024, 6, 10), home="LV")
    assert [e for e in found if e[0] == "meeting"] == [("meeting", "2024-06-10", ["LV", "SE"])]


def test_a_visitor_who_visited_and_met_office_holders_met_each() -> None:
    text = (
        "On 10 June 2024, the Minister for Foreign Affairs, Baiba Braže, paid a working visit "
        "to Sweden and met with the Minister for Foreign Affairs, Tobias Billström, First "
        "Deputy Speaker of the Swedish Parliament (Riksdag), Kenneth Gustaf Forslund, and "
        "representatives of the Committees on Foreign Affairs."
    )
    found = drafts(text, published=date(2024, 6, 10), home="LV")
    met = [sorted(p["name"] for p in d["participants"]) for d in found if d["kind"] == "meeting"]
    assert met == [["Baiba Braže", "Tobias Billström"], ["Baiba Braže", "Kenneth Gustaf Forslund"]]


def test_a_measure_said_to_take_effect_on_a_day_is_the_measure_from_that_day() -> None:
    text = (
        "China on Friday imposed anti-dumping duties on brandy from Europe. China's Commerce "
        "Ministry said the tariffs take effect on Saturday and range from 27.7% to 34.9%."
    )
    found = [(d["kind"], d["start"], d["status"]) for d in drafts(text, published=date(2025, 7, 4))]
    assert found == [("trade-measure", "2025-07-05", "scheduled")]


def test_his_counterpart_is_found_by_a_surname_that_comes_first() -> None:
    text = (
        "Chinese Foreign Minister Wang Yi is touring Europe. Wang was scheduled to meet his "
        "French counterpart, Jean-Noël Barrot, in Paris later on Friday."
    )
    assert titles(text, published=date(2025, 7, 4))["Jean-Noël Barrot"] == "Foreign Minister"


def test_bilateral_meetings_with_leaders_named_by_title_surname_and_country() -> None:
    text = (
        "Prime Minister Anthony Albanese will travel to Laos on Thursday. There would also be "
        "bilateral meetings, including with Prime Minister Luxon of New Zealand and President "
        "Yoon of the Republic of Korea."
    )
    found = events(text, published=date(2024, 10, 9), home="AU")
    assert [c for kind, _, c in found if kind == "meeting"] == [["AU", "NZ"], ["AU", "KR"]]


def test_diplomats_expelled_are_a_step_of_their_own_with_their_count() -> None:
    text = (
        "On Friday 9 May, Ukraine announced the expulsion of the two Hungarian diplomats, who "
        "have been ordered to leave the country within 48 hours."
    )
    (expelled,) = drafts(text, published=date(2025, 5, 9))
    assert (expelled["kind"], expelled["start"], sorted(expelled["countries"])) == (
        "other",
        "2025-05-09",
        ["HU", "UA"],
    )
    assert [(f["value"], f["unit"]) for f in expelled["figures"]] == [(2, "persons")]


def test_a_consulate_closed_is_a_step_of_its_own() -> None:
    text = "Russia said on Thursday it would close Finland's consulate general in St Petersburg."
    found = [(d["kind"], d["status"]) for d in drafts(text, published=date(2023, 7, 6))]
    assert found == [("other", "scheduled")]


def test_summit_meetings_with_two_states_are_a_meeting_with_each() -> None:
    text = (
        "Yesterday, Prime Minister TAKAICHI held summit meetings with Australia and the "
        "Philippines."
    )
    found = drafts(text, published=date(2025, 10, 27), home="JP")
    assert sorted(sorted(d["countries"]) for d in found) == [["AU", "JP"], ["JP", "PH"]]
    assert {d["kind"] for d in found} == {"meeting"}
    assert {p["name"] for d in found for p in d["participants"]} == {"Takaichi"}


def test_bilateral_meetings_with_leaders_are_not_meetings_with_their_states_alone() -> None:
    text = (
        "On the sidelines he held bilateral meetings with outgoing US President Joe Biden and "
        "Chinese President Xi Jinping on Friday."
    )
    found = drafts(text, published=date(2024, 11, 16), home="JP")
    assert sorted(sorted(p["name"] for p in d["participants"]) for d in found) == [
        ["Joe Biden"],
        ["Xi Jinping"],
    ]


def test_meetings_with_the_ministers_of_five_countries_listed_are_a_meeting_with_each() -> None:
    text = (
        "On the sidelines of the ASEAN-related Foreign Ministers' Meetings, Minister of Foreign "
        "Affairs Cho Tae-yul held a series of bilateral meetings with the Foreign Ministers of "
        "five ASEAN countries -- Malaysia, Laos, Indonesia, Brunei, and Singapore -- in "
        "Vientiane, Lao PDR, on July 26."
    )
    found = events(text, published=date(2024, 7, 26), home="KR")
    assert sorted(c for _, _, c in found) == [
        ["BN", "KR"],
        ["ID", "KR"],
        ["KR", "LA"],
        ["KR", "MY"],
        ["KR", "SG"],
    ]


def test_during_the_meeting_this_year_is_the_meeting_told() -> None:
    text = (
        "On Friday South Korean Foreign Minister Cho Tae-yul met Lao Foreign Minister Saleumxay "
        "Kommasith in Vientiane. During the meeting this year's ASEAN chairmanship of Laos was "
        "discussed with Deputy Prime Minister Saleumxay."
    )
    assert events(text, published=date(2024, 7, 26)) == [("meeting", "2024-07-26", ["KR", "LA"])]


def test_a_day_of_the_month_still_to_come_in_a_sentence_that_looks_ahead_is_this_month_s() -> None:
    ahead = dates.find("the visit itself would take place on the 27th", date(2024, 6, 25))
    assert [m.start for m in ahead] == [PartialDate(2024, 6, 27)]
    past = dates.find("They met on the 12th.", date(2024, 6, 5))
    assert [m.start for m in past] == [PartialDate(2024, 5, 12)]
    told = dates.find("The talks take place on the 27th and 28th of this month.", date(2024, 6, 25))
    assert told[0].start == PartialDate(2024, 6, 27)


def test_a_weekday_opening_the_sentence_before_a_comma_is_of_the_verb_after_it() -> None:
    friday = date(2024, 2, 16)
    ahead = "On Saturday (17), the Brazilian president will take part in the summit."
    assert [m.start for m in dates.find(ahead, friday)] == [PartialDate(2024, 2, 17)]
    past = "On Saturday, the president met Ruto, and he will travel to Kenya."
    assert [m.start for m in dates.find(past, friday)] == [PartialDate(2024, 2, 10)]


def test_a_trip_timed_by_another_s_is_not_joined_by_the_other_traveller() -> None:
    text = (
        "Iran's Foreign Minister Abbas Araghchi will travel to Saudi Arabia and Qatar on "
        "Saturday, his ministry said, a few days before US President Donald Trump sets off on a "
        "tour of the region."
    )
    found = drafts(text, published=date(2025, 5, 9))  # a visit to each state
    assert sorted(sorted(d["countries"]) for d in found) == [["IR", "QA"], ["IR", "SA"]]
    assert all([p["name"] for p in d["participants"]] == ["Abbas Araghchi"] for d in found)


def test_a_meeting_held_during_the_guest_s_own_visit_is_the_visit_and_the_meeting() -> None:
    received = (
        "Foreign Minister Sayyid Badr Albusaidi received this morning Dr Abdullatif bin Rashid "
        "Al Zayani, Foreign Minister of the Kingdom of Bahrain, during his official visit to Oman."
    )
    assert sorted(events(received, published=date(2024, 4, 24))) == [
        ("meeting", "2024-04-24", ["BH", "OM"]),
        ("visit", "2024-04-24", ["BH", "OM"]),
    ]
    while_on = (
        "On Friday, the Foreign Minister of India, S. Jaishankar, who was on a one-day official "
        "visit to Sri Lanka, met with his Sri Lankan counterpart, Foreign Minister Vijitha Herath."
    )
    assert sorted(k for k, _, _ in events(while_on, published=date(2024, 10, 5))) == [
        "meeting",
        "visit",
    ]


def test_the_visit_a_meeting_was_held_on_is_told_once() -> None:
    text = (
        "Sheikh Hamdan, Crown Prince of Dubai, began an official visit to Kuwait on Monday. "
        "On Monday, Sheikh Hamdan met the Emir of Kuwait while on an official visit to the "
        "country."
    )
    assert sorted(k for k, _, _ in events(text, published=date(2024, 10, 10))) == [
        "meeting",
        "visit",
    ]
    plain = "The Amir received the Ambassador of Ghana, Mr Kwame Mensah, at the Palace on Monday."
    assert [k for k, _, _ in events(plain, published=date(2024, 9, 20))] == ["meeting"]


def test_a_visit_ended_today_after_a_dated_gathering_runs_from_the_gathering() -> None:
    text = (
        "President Isaias Afwerki of the State of Eritrea returned home today, 15 November, "
        "concluding fruitful visit to Riyadh where he attended the Saudi Arabia-Africa Summit "
        "which was convened on 10 November."
    )
    found = drafts(text, published=date(2023, 11, 15))
    assert [(d["kind"], d["start"], d["end"]) for d in found] == [
        ("visit", "2023-11-10", "2023-11-15"),
        ("summit", "2023-11-10", None),
    ]
    assert sorted(found[0]["countries"]) == ["ER", "SA"]


def test_leaders_of_states_named_formally_and_offices_listed_are_each_met() -> None:
    text = (
        "Eritrea's President Isaias Afwerki concluded his visit to Riyadh today. During his "
        "stay, President Isaias met and held talks with President Abdel Fattah el-Sisi of the "
        "Republic of Egypt, President Hassan Sheikh Mohamud of the Federal Republic of Somalia "
        "and President Salva Kiir of the Republic of South Sudan. President Isaias also held "
        "similar meetings with Presidents of Gabon and Burundi, Prime Minister of Niger and "
        "Minister of Foreign Affairs of Mali."
    )
    found = events(text, published=date(2023, 11, 15))
    met = sorted(c for k, _, c in found if k == "meeting")
    assert met == [
        [c, "ER"] if c < "ER" else ["ER", c]
        for c in sorted(["EG", "SO", "SS", "GA", "BI", "NE", "ML"])
    ]
    assert {s for k, s, _ in found if k == "meeting"} == {"2023-11"}


def test_the_pope_is_of_the_holy_see() -> None:
    text = "Argentina's President Javier Milei will have an audience with Pope Leo XIV on Saturday."
    assert events(text, published=date(2025, 6, 5)) == [("meeting", "2025-06-07", ["AR", "VA"])]


def test_arriving_today_on_a_two_day_visit_is_today_and_tomorrow() -> None:
    text = (
        "President Recep Tayyip Erdogan of the Republic of Türkiye will arrive today on a "
        "two-day state visit to the Sultanate of Oman."
    )
    (visit,) = drafts(text, published=date(2025, 10, 22))
    assert (visit["kind"], visit["start"], visit["end"]) == ("visit", "2025-10-22", "2025-10-23")
    assert sorted(visit["countries"]) == ["OM", "TR"]


def test_an_ambassador_expelled_is_no_deportation_and_separate_calls_are_one_each() -> None:
    expelled = "On Wednesday, Thailand expelled Cambodia's ambassador and recalled its own envoy."
    assert events(expelled, published=date(2025, 7, 24)) == [("other", "2025-07-23", ["KH", "TH"])]
    calls = (
        "Malaysia's Prime Minister Anwar Ibrahim voiced deep concern in separate calls with "
        "Cambodian Prime Minister Hun Manet and Thailand's acting Prime Minister Phumtham "
        "Wechayachai on Thursday."
    )
    found = drafts(calls, published=date(2025, 7, 24))
    assert sorted(sorted(p["name"] for p in d["participants"]) for d in found) == [
        ["Anwar Ibrahim", "Hun Manet"],
        ["Anwar Ibrahim", "Phumtham Wechayachai"],
    ]


def test_an_agency_dateline_with_its_day_dates_nothing() -> None:
    text = (
        "Honiara (AFP) June 24, 2024 - The Solomons' new Prime Minister Jeremiah Manele has "
        "said he will travel to China to reaffirm his commitment to working with Beijing."
    )
    assert events(text, published=date(2024, 6, 24)) == [("visit", None, ["CN", "SB"])]


def test_the_second_day_of_the_visit_is_counted_from_its_first() -> None:
    text = (
        "New Zealand's Prime Minister Christopher Luxon will visit India from March 16-20. "
        "On the second day of the visit he will lay a wreath at Rajghat and then meet Prime "
        "Minister Narendra Modi."
    )
    assert events(text, published=date(2025, 3, 15)) == [
        ("visit", "2025-03-16", ["IN", "NZ"]),
        ("meeting", "2025-03-17", ["IN", "NZ"]),
    ]


def test_whose_greetings_are_passed_on_is_not_met() -> None:
    text = (
        "Ghana's Minister for Foreign Affairs, Samuel Okudzeto Ablakwa, visited Algeria on "
        "April 29. While in Algeria he paid a courtesy call on President Abdelmadjid Tebboune "
        "and passed on greetings from Ghana's President, John Dramani Mahama."
    )
    kinds = [k for k, _, _ in events(text, published=date(2025, 5, 8))]
    assert kinds == ["visit", "meeting"]


def test_an_agreement_due_to_be_signed_is_scheduled() -> None:
    text = "The visa waiver pact between Ghana and Algeria is due to be signed in Accra next month."
    assert [
        (d["kind"], d["start"], d["status"]) for d in drafts(text, published=date(2025, 5, 8))
    ] == [("agreement", "2025-06", "scheduled")]


def test_the_day_before_that_and_counterparts_named_by_country_alone() -> None:
    text = (
        "Spain's Foreign Minister, José Manuel Albares, spoke this Sunday with his Chilean "
        "counterpart, Alberto van Klaveren, so that the will of the citizens would be respected. "
        "He was making calls to Ibero-American counterparts. "
        "Last Tuesday Albares spoke with Mexico's foreign minister, Alicia Bárcena. "
        "The day before that, Albares held separate conversations with Colombia's foreign "
        "minister, Luis Gilberto Murillo, and Brazil's, Mauro Vieira."
    )
    found = drafts(text, published=date(2024, 8, 11))
    assert next((d["kind"], d["start"], d["status"]) for d in found) == (
        "call",
        "2024-08-11",
        "occurred",
    )
    assert sorted((d["start"], sorted(d["countries"])) for d in found[-3:]) == [
        ("2024-08-05", ["BR", "ES"]),
        ("2024-08-05", ["CO", "ES"]),
        ("2024-08-06", ["ES", "MX"]),
    ]
    assert all("US" not in d["countries"] for d in found)


def test_a_line_that_is_only_a_day_dates_the_lead_before_it() -> None:
    text = (
        "Deputy Prime Minister and Foreign Minister Mr. Fuad Hussein, received a phone call from "
        "Minister of Foreign Affairs of the Swiss Confederation Mr. Ignazio Cassis. On Tuesday, "
        "May 28, 2024. During the call they discussed the Peace Conference."
    )
    assert events(text, published=date(2024, 5, 30)) == [("call", "2024-05-28", ["CH"])]
    issued = (
        "Special Briefing on the Prime Minister's visit to Ghana\n\nJune 30, 2025\n\n"
        "He arrives on 2 July."
    )
    assert [e[1] for e in events(issued, published=date(2025, 6, 30))] == ["2025-07-02"]


def test_a_trip_to_several_states_is_a_visit_to_each() -> None:
    one_day = (
        "Iran's Foreign Minister Abbas Araghchi will travel to Saudi Arabia and Qatar on "
        "Saturday, his ministry said."
    )
    assert sorted(events(one_day, published=date(2025, 5, 9))) == [
        ("visit", "2025-05-10", ["IR", "QA"]),
        ("visit", "2025-05-10", ["IR", "SA"]),
    ]
    days = (
        "Japanese Prime Minister Fumio Kishida's visit to Kazakhstan, Uzbekistan and Mongolia, "
        "which was scheduled for August 9-12, has been cancelled."
    )
    assert sorted(events(days, published=date(2024, 8, 8))) == [
        ("visit", "2024-08", ["JP", "KZ"]),
        ("visit", "2024-08", ["JP", "MN"]),
        ("visit", "2024-08", ["JP", "UZ"]),
    ]
    pledged = (
        "Japan's Prime Minister Kishida will visit Kazakhstan and Mongolia on August 9 with "
        "investment pledges of $2 billion."
    )
    legs = drafts(pledged, published=date(2024, 8, 1))
    # The trip's figure, once, with its first leg.
    assert [
        (sorted(d["countries"]), [(f["value"], f["unit"]) for f in d["figures"]]) for d in legs
    ] == [
        (["JP", "KZ"], [(2000000000, "USD")]),
        (["JP", "MN"], []),
    ]
    first_stop = (
        "Japanese Prime Minister Fumio Kishida arrived in Egypt on Saturday, the first stop of a "
        "trip to four African countries and Singapore."
    )
    assert events(first_stop, published=date(2023, 4, 30)) == [
        ("visit", "2023-04-29", ["EG", "JP"]),
        ("visit", "2023-04", ["JP", "SG"]),  # some day of the trip
    ]


def test_the_weekday_the_story_named_and_one_on_one_talks_with_each() -> None:
    text = (
        "Mexico's President Claudia Sheinbaum will have bilateral talks with several leaders at "
        "the G7 Summit on Tuesday, but US President Donald Trump will no longer be one of them. "
        "A meeting with Trump had been on Sheinbaum's programme for Tuesday. "
        "Sheinbaum's schedule for Tuesday lists one-on-one talks with Indian Prime Minister "
        "Narendra Modi and German Chancellor Friedrich Merz."
    )
    found = events(text, published=date(2025, 6, 16))
    assert {s for _, s, _ in found} == {"2025-06-17"}
    met = sorted(c for k, _, c in found if k == "meeting")
    assert ["DE", "MX"] in met
    assert ["IN", "MX"] in met


def test_clauses_with_their_own_days_and_places_are_events_of_their_own() -> None:
    text = (
        "Ukraine's Rustem Umerov and Andriy Yermak will hold talks with US officials on Friday, "
        "August 29. On August 26 they held meetings in Qatar; on August 27 they had meetings "
        "in Saudi Arabia; and talks in Switzerland are scheduled for August 28."
    )
    found = drafts(text, published=date(2025, 8, 27))
    assert [(d["start"], sorted(d["countries"]), d["status"]) for d in found[1:]] == [
        ("2025-08-26", ["QA", "UA"], "occurred"),
        ("2025-08-27", ["SA", "UA"], "occurred"),
        ("2025-08-28", ["CH", "UA"], "scheduled"),
    ]


def test_a_round_of_negotiations_that_took_place_is_a_meeting() -> None:
    text = (
        "The fourth round of United Kingdom-Israel Free Trade Agreement negotiations took place "
        "virtually between 19 and 29 February."
    )
    found = events(text, published=date(2024, 3, 5))
    assert [(k, sorted(c)) for k, _, c in found] == [("meeting", ["GB", "IL"])]


def test_last_year_is_a_year_and_a_clause_since_then_is_background() -> None:
    published = date(2023, 7, 19)
    assert events(
        "Turkish President Erdogan travelled to the UAE last year.", published=published
    ) == [("visit", "2022", ["AE", "TR"])]
    (mention,) = dates.find(
        "It is her first State Visit since assuming the office of the President last year.",
        published,
    )
    assert mention.start == PartialDate(2022)
    assert mention.background


def test_a_week_long_visit_is_dated_to_its_month_not_to_made_up_days() -> None:
    text = (
        "New Zealand Foreign Minister Winston Peters today wrapped up a week-long visit to Japan."
    )
    found = drafts(text, published=date(2024, 9, 30))
    assert [(d["start"], d["end"], sorted(d["countries"])) for d in found] == [
        ("2024-09", None, ["JP", "NZ"])
    ]
    text = (
        "Foreign Minister Winston Peters arrived in Tokyo on Monday for a week-long visit to Japan."
    )
    (trip,) = drafts(text, published=date(2024, 9, 30))
    assert (trip["start"], trip["end"]) == ("2024-09", "2024-10")


def test_a_tables_numbers_are_figures_with_the_units_its_header_gives() -> None:
    text = (
        "On November 29, 2024, the U.S. Department of Commerce announced preliminary "
        "antidumping duties on solar cells from Malaysia.\n\n"
        "Exporter/Producer | Dumping Margin (percent) | Cash Deposit Rate (percent)\n"
        "Jinko Solar Technology Sdn. Bhd. | 21.31 | 17.84\n"
        "Baojia New Energy Manufacturing Sdn. | 81.24** | 81.24\n\n"
        "Columns: USD million, August 2024 | Change in per cent, August 2023 - August 2024 "
        "| Tonnes\n\n"
        "Exports | 1 175.5 | -5.9 | 300\n"
        "Ships and oil platforms | 0.3 | . | 12\n"
    )
    (measure,) = drafts(text, published=date(2024, 11, 29))
    assert measure["kind"] == "trade-measure"
    assert [(f["label"], f["value"], f["unit"]) for f in measure["figures"]] == [
        ("Jinko Solar Technology Sdn. Bhd.: Dumping Margin (percent)", 21.31, "percent"),
        ("Jinko Solar Technology Sdn. Bhd.: Cash Deposit Rate (percent)", 17.84, "percent"),
        ("Baojia New Energy Manufacturing Sdn.: Dumping Margin (percent)", 81.24, "percent"),
        ("Baojia New Energy Manufacturing Sdn.: Cash Deposit Rate (percent)", 81.24, "percent"),
        ("Exports: USD million, August 2024", 1175500000, "USD"),
        ("Exports: Change in per cent, August 2023 - August 2024", -5.9, "percent"),
        ("Ships and oil platforms: USD million, August 2024", 300000, "USD"),
    ]
    assert (measure["figures"][4]["period_start"], measure["figures"][4]["period_end"]) == (
        "2024-08",
        "2024-08",
    )


def test_an_agency_line_after_the_place_is_a_dateline_not_the_meetings_day() -> None:
    text = (
        "NEW YORK, (UrduPoint / Pakistan Point News / WAM - 24th Sep, 2025) Sheikh Abdullah "
        "bin Zayed, Minister of Foreign Affairs of the UAE, met with Margus Tsahkna, Minister "
        "of Foreign Affairs of Estonia, on the sidelines of the UN General Assembly."
    )
    assert sentences(text)[0].startswith("Sheikh Abdullah")
    assert events(text, published=date(2025, 9, 24)) == [("meeting", "2025-09", ["AE", "EE"])]


def test_a_trip_to_attend_a_summit_named_in_lower_case_and_a_third_state_met_there() -> None:
    text = (
        "Australian Prime Minister Anthony Albanese travels to Laos today to attend the ASEAN "
        "summit. While there, he will meet Chinese Premier Li."
    )
    found = events(text, published=date(2024, 10, 9))
    assert found == [
        ("visit", "2024-10-09", ["AU", "LA"]),
        ("summit", "2024-10", ["AU", "LA"]),
        ("meeting", "2024-10", ["AU", "CN"]),
    ]


def test_stops_made_before_the_one_told_and_a_family_name_written_first() -> None:
    text = (
        "The decision was announced during a European tour by Chinese Foreign Minister Wang "
        "Yi.\n\nAfter stops in Brussels and Berlin, Wang was due to go on to Paris on Friday."
    )
    found = drafts(text, published=date(2025, 7, 4))
    assert [(d["start"], sorted(d["countries"])) for d in found] == [
        ("2025-07", ["BE", "CN"]),
        ("2025-07", ["CN", "DE"]),
        ("2025-07-04", ["CN", "FR"]),
    ]
    assert {p["name"] for d in found for p in d["participants"]} == {"Wang Yi"}


def test_a_travellers_stop_in_another_state_the_same_day_is_a_visit_of_its_own() -> None:
    text = (
        "Chinese President Xi Jinping flew into Budapest on May 8.\n\n"
        "Earlier on May 8 Xi brought his visit to Serbia to a close."
    )
    assert events(text, published=date(2024, 5, 9)) == [
        ("visit", "2024-05-08", ["CN", "HU"]),
        ("visit", "2024-05-08", ["CN", "RS"]),
    ]


def test_tomorrow_is_the_day_after_the_one_the_text_is_told_on() -> None:
    text = (
        "Manama, Oct. 15 (BNA): His Majesty King Hamad bin Isa Al Khalifa of Bahrain will "
        "arrive in the Italian Republic tomorrow on a visit."
    )
    assert events(text, published=date(2023, 10, 15)) == [("visit", "2023-10-16", ["BH", "IT"])]
    (after,) = dates.find("They meet the day after tomorrow.", date(2023, 10, 15))
    assert after.start == PartialDate(2023, 10, 17)


def test_the_day_a_visit_was_announced_is_not_the_visits_day() -> None:
    text = (
        "Qatar's Emir, Sheikh Tamim bin Hamad Al-Thani, landed in Nepal on Tuesday at the "
        "start of a two-day state visit.\n\nNepal's Ministry of Foreign Affairs had announced "
        "the two-day visit on April 21."
    )
    assert events(text, published=date(2024, 4, 23)) == [("visit", "2024-04-23", ["NP", "QA"])]


def test_exchanges_told_after_a_recalled_trip_are_of_the_days_talks() -> None:
    text = (
        "Slovakia's Foreign Minister Juraj Blanár held talks on Thursday with his Azerbaijani "
        "counterpart Jeyhun Bayramov at the OSCE meeting in Malta.\n\n"
        "The two also met during Slovak Prime Minister Robert Fico's visit to Baku in May.\n\n"
        "Blanár also held talks with Armenia's foreign minister, Ararat Mirzoyan.\n\n"
        "He further met Russian Foreign Minister Sergei Lavrov; their topics included natural "
        "gas supplies and the war in Ukraine."
    )
    found = events(text, published=date(2024, 12, 5))
    assert found[2:] == [
        ("meeting", "2024-12-05", ["AM", "SK"]),
        ("meeting", "2024-12-05", ["RU", "SK"]),
    ]


def test_meetings_with_leaders_from_listed_states_are_one_with_each() -> None:
    text = (
        "New Zealand Foreign Minister Winston Peters has taken part in two major international "
        "events in Nice, France this week.\n\nWhile in Nice, Mr Peters also held bilateral "
        "meetings with leaders and Ministers from Chile, Niue and Viet Nam.\n\nOn Saturday he "
        "held separate meetings with delegations from the National Citizen Party and the BNP."
    )
    found = events(text, published=date(2025, 6, 11))
    assert [c for kind, _, c in found if kind == "meeting"] == [
        ["CL", "NZ"],
        ["NU", "NZ"],
        ["NZ", "VN"],
    ]


def test_a_journey_for_talks_and_the_stop_still_to_come_are_visits() -> None:
    text = (
        "New Zealand Foreign Minister Winston Peters visited Paris on Monday.\n\nPeters has "
        "now travelled to Rome for bilateral talks with the Italian Government, before heading "
        "to Jakarta."
    )
    found = drafts(text, published=date(2025, 6, 11))
    assert [(d["kind"], d["start"], d["status"], sorted(d["countries"])) for d in found] == [
        ("visit", "2025-06-09", "occurred", ["FR", "NZ"]),
        ("visit", "2025-06", "occurred", ["IT", "NZ"]),
        ("visit", "2025-06", "scheduled", ["ID", "NZ"]),
    ]


def test_a_clause_after_comma_and_keeps_its_own_day() -> None:
    text = (
        "Greek Foreign Minister George Gerapetritis visited Armenia today.\n\nTomorrow, he is "
        "having a series of important meetings in Saudi Arabia, and on Friday, we are "
        "expecting the Palestinian foreign minister in Athens."
    )
    found = drafts(text, published=date(2024, 1, 10))
    assert [(d["kind"], d["start"], d["status"]) for d in found] == [
        ("visit", "2024-01-10", "occurred"),
        ("meeting", "2024-01-11", "scheduled"),
    ]
    # The weekday that opens the second clause is the coming one.
    *_, friday = dates.find(text.split("\n\n")[1], date(2024, 1, 10))
    assert friday.start == PartialDate(2024, 1, 12)


def test_calls_from_each_counterpart_then_a_meeting_and_a_long_ministry_title() -> None:
    text = (
        "ALGIERS - Algeria's Minister of Foreign Affairs and the National Community Abroad, "
        "Ahmed Attaf, on Thursday received telephone calls from his Tunisian counterpart, "
        "Nabil Ammar, and his Mauritanian counterpart, Mohamed Salem Ould Merzoug, and met "
        "Libyan Foreign Minister Taher Baour."
    )
    found = drafts(text, published=date(2023, 11, 24))
    assert [(d["kind"], d["start"], sorted(d["countries"])) for d in found] == [
        ("call", "2023-11-23", ["DZ", "TN"]),
        ("call", "2023-11-23", ["DZ", "MR"]),
        ("meeting", "2023-11-23", ["DZ", "LY"]),
    ]
    assert titles(text, published=date(2023, 11, 24)) == {
        "Ahmed Attaf": "Minister of Foreign Affairs and the National Community Abroad",
        "Nabil Ammar": "Foreign Minister",
        "Mohamed Salem Ould Merzoug": "Foreign Minister",
        "Taher Baour": "Foreign Minister",
    }


def test_leaders_of_several_states_arriving_at_one_place_each_visit_it() -> None:
    text = (
        "Rwanda's President Paul Kagame, Angola's President João Lourenço and Lesotho's Sam "
        "Matekane landed in Addis Ababa this afternoon."
    )
    found = drafts(text, published=date(2023, 2, 16))
    visits = [
        (sorted(d["countries"]), [p["name"] for p in d["participants"]])
        for d in found
        if d["kind"] == "visit"
    ]
    assert visits == [
        (["ET", "RW"], ["Paul Kagame"]),
        (["AO", "ET"], ["João Lourenço"]),
        (["ET", "LS"], []),
    ]


def test_arriving_for_a_summit_is_a_visit_and_the_summit() -> None:
    text = "Rwandan President Paul Kagame arrived in Addis Ababa on Thursday for the AU summit."
    assert events(text, published=date(2023, 2, 16)) == [
        ("visit", "2023-02-16", ["ET", "RW"]),
        ("summit", "2023-02", ["ET", "RW"]),
    ]
    # No one named arrives: the summit alone.
    text = "Heads of State from across Africa have been arriving in Addis Ababa for the AU summit."
    assert [kind for kind, _, _ in events(text, published=date(2023, 2, 16))] == ["summit"]


def test_two_weekdays_running_are_one_stay() -> None:
    text = (
        "Japanese Prime Minister Shigeru Ishiba will be in Brazil on Monday and Tuesday for a "
        "Group of 20 summit."
    )
    found = drafts(text, published=date(2024, 11, 16))
    assert [(d["kind"], d["start"], d["end"]) for d in found] == [
        ("visit", "2024-11-18", "2024-11-19"),
        ("summit", "2024-11-18", "2024-11-19"),
    ]
    # Days apart are two days.
    monday, thursday = dates.find("They meet on Monday and Thursday.", date(2024, 11, 16))
    assert (monday.end, thursday.start) == (None, PartialDate(2024, 11, 14))


def test_talks_with_four_leaders_then_each_met_also_that_day() -> None:
    text = (
        "Malaysian Prime Minister Anwar Ibrahim held talks on bilateral ties with four Asean "
        "leaders today at the 42nd Asean Summit in Labuan Bajo, Indonesia.\n\n"
        "He also met Vietnam's Prime Minister Pham Minh Chinh."
    )
    found = events(text, published=date(2023, 5, 10))
    assert found[-1] == ("meeting", "2023-05-10", ["MY", "VN"])


def test_removal_flights_to_several_states_are_a_removal_to_each() -> None:
    text = (
        "U.S. Immigration and Customs Enforcement conducted multiple removal flights on "
        "Thursday including Ecuador, Guatemala and Honduras."
    )
    found = events(text, published=date(2023, 5, 19))
    assert found == [
        ("deportation", "2023-05-18", ["EC", "US"]),
        ("deportation", "2023-05-18", ["GT", "US"]),
        ("deportation", "2023-05-18", ["HN", "US"]),
    ]
    # One flight to two states is one removal.
    text = "43 people were returned from the UK on a charter flight to Nigeria and Ghana on Monday."
    assert len(events(text, published=date(2025, 4, 30))) == 1


def test_sit_down_with_is_a_meeting_and_confirmed_for_saturday_looks_ahead() -> None:
    text = (
        "President Yoon Suk Yeol of South Korea will sit down with Chinese President Xi "
        "Jinping on Friday morning, the presidential office said."
    )
    assert events(text, published=date(2024, 11, 15)) == [("meeting", "2024-11-15", ["CN", "KR"])]
    (saturday,) = dates.find(
        "A South Korea-Japan summit has been confirmed for Saturday.", date(2024, 11, 15)
    )
    assert saturday.start == PartialDate(2024, 11, 16)


def test_a_visit_begun_today_a_day_recalled_and_a_month_before_a_title() -> None:
    text = (
        "Polish President Karol Nawrocki has begun a state visit to the Czech Republic.\n\n"
        "Przydacz recalled that on 5 November Polish President Karol Nawrocki paid a state "
        "visit to Slovakia.\n\nThe Visegrad Group summit is to be held in Hungary on 3 December."
    )
    found = drafts(text, published=date(2025, 11, 24))
    assert [(d["kind"], d["start"], sorted(d["countries"])) for d in found[:2]] == [
        ("visit", "2025-11-24", ["CZ", "PL"]),
        ("visit", "2025-11-05", ["PL", "SK"]),
    ]
    assert titles(text, published=date(2025, 11, 24))["Karol Nawrocki"] == "President"


def test_a_place_day_and_agency_without_a_dash_is_a_dateline() -> None:
    text = "Taipei, Oct. 30 (CNA) Taiwan's Foreign Minister Lin Chia-lung has held talks."
    assert sentences(text) == ["Taiwan's Foreign Minister Lin Chia-lung has held talks."]


def test_flights_each_with_a_count_and_a_day_are_removals_of_the_story() -> None:
    text = (
        "A fourth group of Indian nationals deported from the United States arrived in Delhi "
        "on Sunday.\n\nThe three earlier flights brought back 344 deportees in all: 104 "
        "landed in Amritsar on February 5, 116 were returned on February 15, and another 112 "
        "on February 16."
    )
    assert events(text, published=date(2025, 2, 23)) == [
        ("deportation", "2025-02-23", ["IN", "US"]),
        ("deportation", "2025-02-05", ["IN", "US"]),
        ("deportation", "2025-02-15", ["IN", "US"]),
        ("deportation", "2025-02-16", ["IN", "US"]),
    ]


def test_a_guest_in_town_for_an_expo_and_a_summit_that_opens_on_friday() -> None:
    text = (
        "Chinese Premier Li Qiang met on Tuesday with Mongolia's Prime Minister Luvsannamsrai "
        "Oyun-Erdene, who is in Shanghai for the seventh China International Import Expo."
    )
    assert events(text, published=date(2024, 11, 5)) == [
        ("visit", "2024-11-05", ["CN", "MN"]),
        ("meeting", "2024-11-05", ["CN", "MN"]),
    ]
    (friday,) = dates.find(
        "The APEC summit, which opens in South Korea on Friday, draws both leaders.",
        date(2025, 10, 29),
    )
    assert friday.start == PartialDate(2025, 10, 31)


def test_a_name_ends_where_the_institution_it_owns_begins() -> None:
    text = (
        "Japan's Foreign Minister Toshimitsu Motegi spoke by telephone on Wednesday with "
        "Chinese Foreign Minister Wang Yi, the first such call since Prime Minister Sanae "
        "Takaichi's Cabinet took office."
    )
    assert "Sanae Takaichi" in {p.name for p in run(Article(text=text, published=WEDNESDAY)).people}


def test_the_day_a_visit_already_told_was_spoken_of_is_not_another_visit() -> None:
    text = (
        "Estonian President Alar Karis will make a state visit to Kazakhstan from 17 to 19 "
        "November.\n\nThe president's press officer said on Tuesday that the visit aims to "
        "highlight the good relations between the two countries."
    )
    found = events(text, published=date(2025, 11, 4))
    assert found == [("visit", "2025-11-17", ["EE", "KZ"])]


def test_a_day_or_month_of_last_year_is_of_that_year() -> None:
    published = date(2025, 10, 8)
    (day,) = dates.find("It was signed in Dushanbe on April 18 last year.", published)
    (month,) = dates.find("Trump will travel to Beijing in April next year.", published)
    assert (day.start, month.start) == (PartialDate(2024, 4, 18), PartialDate(2026, 4))


def test_a_state_saying_on_a_day_what_it_will_do_is_a_statement_of_that_day() -> None:
    text = (
        "Cuba said on Tuesday that it would free 553 prisoners, in response to Washington's "
        "announcement that it was removing Cuba from its list of state sponsors of terrorism."
    )
    assert events(text, published=date(2025, 1, 15))[0] == ("statement", "2025-01-14", ["CU", "US"])


def test_received_him_at_a_named_place_is_a_meeting() -> None:
    text = (
        "Sri Lankan President Anura Kumara Dissanayake is on a state visit to China.\n\n"
        "Chinese President Xi Jinping received him at the Great Hall of the People on "
        "January 15, followed by talks."
    )
    assert ("meeting", "2025-01-15", ["CN", "LK"]) in events(text, published=date(2025, 1, 17))
