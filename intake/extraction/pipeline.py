"""Article text to draft events, with rules: deterministic, fast, nothing downloaded.

The rules live beside this module (reading, people, figures, dates, the gazetteer) and
their word lists in data files (lexicon.py reads them); this module strings them
together.

Per sentence: dates (intake.extraction.dates), countries (gazetteer.CountryIndex, and
offices only one government has), actors (the database's actors and aliases, and titled
names: people.py), the kinds (every cue, less nouns that point back to an event already
told), figures (value, unit, scale, period, change) and the status (a date after
publication, or "will", "takes effect", is scheduled; "held in reserve", "called off" is
cancelled). Each date is bound to the cue of its own clause, so a sentence may give
several events; a measure's effective date wins, the day something was said yields,
a subordinate clause's older date is background, and a readout's date line dates its
lead and is what its "today" means. People a government's release names without a
country are that government's (the source's country: its outlet or its domain).
Sentences with a kind become events (a question is none); mentions of the same kind
and date merge, exchanges held "separately" are one with each person, "met Xi on Monday
and Trump on Tuesday" is two, a stay is an arrival and a departure. Then, over the whole article: events more than a year old give way to newer
news, undated background folds into the dated story (meetings and agreements during a
visit take its dates), and events take the countries of their story when their sentence
names too few.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

from tracker.choices import EventStatus
from tracker.dates import PartialDate
from tracker.shapes import figure_record

from . import dates
from .figures import FIGURES, Figure, find_figures, local_dollar
from .gazetteer import COUNTRIES, Gazetteer, account_country, source_country
from .headlines import headline
from .lexicon import (
    ARRIVAL,
    ATTENDING,
    BLOCS,
    CANCELLED_CUES,
    CONTINUATION,
    DEPARTURE,
    KIND_CUES,
    KIND_NAMES,
    MEMBER_TITLES,
    NUMBER_WORDS,
    POSTPONED_CUES,
    PURPOSE,
    SCHEDULED_CUES,
    SETTING_OFF,
    TITLE_COUNTRY,
    TOPIC_CUES,
)
from .people import Participant, bylines, find_people, unnamed_sides
from .reading import MAX_CHARS, Article, ExtractionError, read_article, sentences
from .tables import lift_tables, table_figures

__all__ = [
    "MAX_CHARS",
    "Article",
    "Draft",
    "Extraction",
    "ExtractionError",
    "Figure",
    "Gazetteer",
    "Participant",
    "extract",
    "read_article",
    "run",
    "sentences",
]


@dataclass
class Draft:
    kind: str
    evidence: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    status: str = EventStatus.OCCURRED
    countries: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    confidence: float = 0.5
    unresolved: list[str] = field(default_factory=list)
    # Told by a noun pointing back ("the meeting focused on …"), not by a verb of its own.
    refers: bool = False
    # A tour's dated stop: the country it is in, and the tour's other stops (_tour).
    leg: list[str] = field(default_factory=list)
    stops: list[str] = field(default_factory=list)
    # A measure's one country, named only as its target ("a tariff on Canadian cars").
    targets: list[str] = field(default_factory=list)
    # The day a trip's programme had reached when the draft was told without its own
    # ("On Monday 27 May, … The Presidents will hold formal discussions …"): _fold_undated.
    day: PartialDate | None = None
    # A gathering known only as the occasion of a meeting on its sidelines: later meetings
    # are not mentions of it.
    occasion: bool = False
    # A tour's stops made visits of their own, as what was done in each was told (_tour_leg).
    legs: list[Draft] = field(default_factory=list)
    # Dated by the day the text came out, which no words of it gave (a release's figures).
    published_day: bool = False

    @property
    def title(self) -> str:
        """As a desk editor would write it (headlines.py); the evidence stays evidence."""
        return headline(self, KIND_NAMES.get(self.kind, self.kind))

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "start_precision": str(self.start.precision) if self.start else None,
            "end_precision": str(self.end.precision) if self.end else None,
            "status": self.status,
            "countries": self.countries,
            "participants": [person_json(p) for p in self.participants],
            "topics": self.topics,
            "figures": [figure_record(f, number=_number) for f in self.figures],
            "evidence": self.evidence,
            "confidence": round(self.confidence, 2),
            "unresolved_dates": self.unresolved,
        }


def person_json(person: Participant) -> dict[str, Any]:
    """A person as the drafts and the article's list of people give them."""
    return {k: v for k, v in asdict(person).items() if k != "assumed"}


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class Extraction:
    """What came of reading an article: its drafts, and how much of it was read."""

    drafts: list[Draft]
    sentences: int
    read: int
    budget: float | None = None
    people: list[Participant] = field(default_factory=list)  # everyone the article names

    @property
    def complete(self) -> bool:
        return self.read == self.sentences

    def named(self) -> list[dict[str, Any]]:
        """Everyone the article names, as listed with it: name, title and country (the
        role is a participation's, not a person's)."""
        return [{k: v for k, v in person_json(p).items() if k != "role"} for p in self.people]

    @property
    def note(self) -> str:
        """Why the extraction stopped early ("" when it read everything)."""
        if self.complete:
            return ""
        return (
            f"Extraction stopped after {self.read} of {self.sentences} sentences: its time "
            f"budget of {self.budget:g} s (EXTRACTION_TIME_BUDGET) ran out."
        )


def extract(article: Article, gazetteer: Gazetteer | None = None) -> list[Draft]:
    """The article's drafts (read whole; see ``run`` for a time budget)."""
    return run(article, gazetteer).drafts


def run(
    article: Article, gazetteer: Gazetteer | None = None, *, budget: float | None = None
) -> Extraction:
    """Read the article sentence by sentence into drafts, stopping when ``budget``
    seconds have passed (every rule is linear, so this bounds even hostile text)."""
    deadline = None if budget is None else time.monotonic() + budget
    reader = _Reader(article, gazetteer or Gazetteer())
    text, tables = lift_tables(bylines(article.text))
    text_sentences = sentences(text)
    for read, sentence in enumerate(text_sentences):
        if deadline is not None and time.monotonic() > deadline:
            drafts = reader.finish()
            people = reader.named_people(drafts)
            return Extraction(drafts, len(text_sentences), read, budget, people)
        reader.read(read, sentence)
    if reader.drafts:
        # A table's numbers are the lead event's, as a sentence's without an event are.
        for table in tables:
            reader.drafts[0].figures += table_figures(table, reader.published)
    drafts = reader.finish()
    people = reader.named_people(drafts)
    return Extraction(drafts, len(text_sentences), len(text_sentences), budget, people)


@dataclass
class _Sentence:
    """What one sentence says, before it becomes drafts."""

    text: str
    mentioned: list[Participant]
    has_figure: bool
    history: list[dates.DateMention]
    event_dates: list[dates.DateMention]
    resolved: list[dates.DateMention]
    unresolved: list[str]
    occurrences: list[tuple[int, str]]
    refers: bool
    cues: dict[str, int]
    figures: list[Figure]
    countries: list[str]
    guests: bool = False  # its visits are those of guests attending an event
    titled: bool = False  # its kind is the headline's, not a word of its own

    @property
    def kinds(self) -> list[str]:
        return list(self.cues)

    def drop(self, kind: str) -> None:
        """The sentence tells no event of this kind after all."""
        del self.cues[kind]
        self.occurrences = [(at, k) for at, k in self.occurrences if k != kind]


class _Reader:
    """An article's state as its sentences are read: the people it has introduced, the
    countries its story names, the date it has reached, its drafts."""

    def __init__(self, article: Article, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.published = article.published
        self.people: dict[str, Participant] = {}  # full name -> participant
        self.surnames: dict[str, str] = {}
        for actor in gazetteer.actors.values():
            self.people.setdefault(
                actor["name"],
                Participant(actor["name"], actor.get("title") or "", actor.get("country")),
            )
        self.introduced: set[str] = set()
        self.named: dict[str, int] = {}  # person -> the last sentence naming them
        self.everyone: list[Participant] = []  # each person named, as first found
        self.speakers: list[tuple[int, str]] = []  # a parliament's record: who spoke, where
        self.asked: dict[int, str] = {}  # and the office each question was put to
        self.drafts: list[Draft] = []
        self.story: dict[str, int] = {}  # country -> sentences naming it
        self.dollar = local_dollar(article.url, article.outlet)
        self.home = article.home or source_country(
            article.url, article.outlet
        )  # whose release it is
        # The government whose own release it is (its site or its outlet), else None.
        self.official = account_country(article.url, article.outlet, article.home)
        self.waiting: list[Participant] = []  # people named before the first event
        self.waiting_figures: list[Figure] = []  # and figures given before it
        title_cues = {k: m.start() for k, cue in KIND_CUES if (m := cue.search(article.title))}
        self.headline = (
            _choose_kind(list(title_cues), article.title, title_cues) if title_cues else None
        )
        # The days a release's headline gives its visit: "Official Visit of President
        # Tharman Shanmugaratnam to Estonia, 25 to 26 June 2024".
        self.title = article.title
        self.title_dates = dates.find(article.title, article.published)
        self.headline_days = next(
            (
                m
                for m in self.title_dates
                if self.headline == "visit" and m.start is not None and m.end is not None
            ),
            None,
        )
        self.anchor: PartialDate | None = None  # the date the story has reached
        self.programme_day: PartialDate | None = None  # set by "On Monday 27 May, …"
        # What "today" and "on Friday" are read against: the publication date, or the
        # text's own date line when it has one ("Press Release | March 10, 2025").
        self.reference = article.published
        self.issued: dates.DateMention | None = None  # a readout's date line
        self.counting_people = False  # the sentence before counted people
        self.reading = self.drafted_at = -1  # the sentence read, the last that drafted
        self.talks: list[tuple[Draft, Draft]] = []  # a meeting on a trip's first day, the trip

    def finish(self) -> list[Draft]:
        span = self.headline_days
        named = set(self.gazetteer.countries(self.title))
        told = [d for d in self.drafts if d.kind == self.headline]
        if told and not any(d.start for d in self.drafts) and self.published is not None:
            # "ICE conducts single adult, family unit removal flights Sept. 14" above a
            # release whose text dates nothing: the headline's day.
            days = [
                m.start
                for m in self.title_dates
                if m.start is not None and m.start.precision == "day" and m.end is None
            ]
            if len(days) == 1:
                told[0].start = days[0]
                told[0].status = _status(told[0].evidence, days[0], self.published)
        if span is not None:
            self._headline_visit(span, named)
            # Before the undated are folded: "President Tharman is in Estonia on an
            # Official Visit" is the visit the headline dates, not background.
            _headline_span(self.drafts, span, named, self.official)
        drafts = _finish(self.drafts, self.story, self.published, self.home, self.official)
        if span is not None:
            _headline_span(drafts, span, named, self.official)
        for meeting, trip in self.talks:
            meeting.countries = list(trip.countries)  # as the trip's were settled
        return drafts

    def _headline_visit(self, span: dates.DateMention, named: set[str]) -> None:
        """The visit a release's headline dates ("Working Visit by Senior Minister Teo Chee
        Hean to Qatar, 24 to 27 November 2024") when its text tells only what was done
        on it (lunch with the Prime Minister, a meeting, the flight on to Ankara): the
        trip those were held during, first, between the countries the headline names and
        the government whose release it is."""
        countries = list(dict.fromkeys(c for c in (*named, self.official) if c))
        assert span.start is not None
        assert span.end is not None
        first, last = span.start.first_day, span.end.last_day
        if len(countries) < 2 or any(
            _of_headline(d, named, self.official, leg=True)
            and (d.start is None or first <= d.start.first_day <= last)
            for d in self.drafts
        ):
            return
        visit = Draft(
            "visit",
            self.title,
            span.start,
            span.end,
            _status(self.title, span.start, self.published, span.end),
            countries,
        )
        self.drafts.insert(0, visit)

    def _record(self, index: int, text: str) -> None:
        """A parliament's record: its speakers' headings ("Matt Carthy (Cavan-Monaghan,
        Sinn Fein)") and the office each question is put to ("To ask the Minister for
        Justice …")."""
        if (asked := ASKED.match(text)) is not None:
            self.asked[index] = " ".join(asked.group("office").split())
        elif (heading := SPEECH_HEADING.fullmatch(text.strip())) is not None:
            self.speakers.append((index, heading.group("name")))

    def _speakers(self) -> list[Participant]:
        """Who spoke in a parliament's record: a member who asked (the next lines put the
        question), titled as their house titles members, or the one who answered, who holds
        the office the questions before were put to."""
        country = self.official or self.home
        member = MEMBER_TITLES.get(country or "", "")
        out = []
        for index, name in self.speakers:
            if index + 1 in self.asked or index + 2 in self.asked:
                out.append(Participant(name, member, country))
            elif offices := [office for at, office in self.asked.items() if at < index]:
                out.append(Participant(name, offices[-1], country))
        return out

    def named_people(self, drafts: list[Draft]) -> list[Participant]:
        """Everyone the article names, once each: those taking part in the drafts as the
        drafts have them (their countries settled), then the others (a spokesperson, an
        ambassador at the talks, the leader whose tariffs are answered), each by the
        fullest name the article gives and the first title it gives them."""
        people: list[Participant] = []
        for person in (
            [p for d in drafts for p in d.participants] + self.everyone + self._speakers()
        ):
            if any(other.name == person.name for other in people):
                continue
            if not person.title:
                titled = next((p for p in self.everyone if p.name == person.name and p.title), None)
                person = titled or person
            people.append(person)
        bearers: dict[str, list[Participant]] = {}
        for person in people:
            if len(person.name.split()) > 1:
                bearers.setdefault(person.name.split()[-1], []).append(person)
        # "Trump" once "Donald Trump" is named: one person.
        return [p for p in people if len(p.name.split()) > 1 or len(bearers.get(p.name, [])) != 1]

    def read(self, index: int, text: str) -> None:
        """Read one sentence (the ``index``-th) into the drafts."""
        sentence = self._look(index, text)
        for person in sentence.mentioned:
            self.named[person.name] = index
            self.everyone.append(person)
        self._record(index, text)
        self._settle_kinds(sentence)
        self.reading = index
        if not sentence.cues:
            self._elaborate(sentence)
            return
        self._draft(sentence)
        self.drafted_at = index

    def _look(self, index: int, text: str) -> _Sentence:
        """The sentence's people, dates, cues, figures and countries."""
        published = self.published
        mentioned = find_people(
            text, self.gazetteer, self.people, self.surnames, self.introduced, self.home
        )
        # "Tsahkna", known from the headline, is "Margus Tsahkna" when the sentence names
        # him in full: one person.
        mentioned = [p for p in mentioned if not any(_short_for(p, q) for q in mentioned)]
        mentions = dates.find(text, self.reference, anchor=self.anchor)
        has_figure = any(p.search(text) for _, p in FIGURES)
        own = [
            m
            for m in mentions
            if not m.background
            and not _is_target(text, m, has_figure)
            and not _horizon(m, published)
        ]
        history = [m for m in own if _history(text, m, published)]
        event_dates = _finest([m for m in own if m not in history])
        occurrences, refers = _occurrences(text)
        self._hosts(text, mentioned, occurrences)
        cues: dict[str, int] = {}
        for at, kind in sorted(occurrences, key=lambda o: (KIND_ORDER[o[1]], o[0])):
            cues.setdefault(kind, at)
        figures = find_figures(
            text, mentions, self.dollar, self.counting_people and bool(GOES_ON.search(text))
        )
        self.counting_people = any(f.unit == "persons" for f in figures)
        placed = TITLE_DATELINE.match(text)
        # "Paris, Dec 22 - Switzerland said …": where the report was filed is no party.
        countries = self._countries(
            text if placed is None else " " * placed.end("place") + text[placed.end("place") :],
            mentioned,
        )
        for code in dict.fromkeys(countries):
            self.story[code] = self.story.get(code, 0) + 1
        resolved = [m for m in event_dates if m.resolved]
        if (
            index < 8
            and self.issued is None
            and len(resolved) == 1
            and _heading(text)
            and resolved[0].start is not None
            and resolved[0].start.precision == "day"
            and resolved[0].end is None
        ):
            self.issued = resolved[0]  # "15 May 2024" above a readout: the day it was issued
            if not self.drafts and self.issued.start is not None:
                self.reference = self.issued.start.first_day
        if not resolved and (day := self._day_of_trip(text)) is not None:
            # "On the second day of the visit he will … meet Prime Minister Narendra Modi."
            resolved = [dates.DateMention("(day of the trip)", day, relative=True)]
            event_dates = resolved
            self.anchor = self.programme_day = day
        elif not resolved and self.anchor is not None and CONTINUATION.search(text):
            # "Trump responded by announcing ...": the day the story has reached.
            resolved = [dates.DateMention("(context)", self.anchor, relative=True)]
        elif resolved:
            # "Today, the Prime Minister announced that he will travel … from October 24 to
            # November 1": the story has reached the trip, not the day it was announced.
            announced_today = (
                len(resolved) > 1
                and resolved[0].text.strip().lower() == "today"
                and ANNOUNCING.search(text) is not None
            )
            self.anchor = resolved[1 if announced_today else 0].start
            first = resolved[0]
            # A day that opens the sentence opens a day of a programme; any other date
            # closes it.
            self.programme_day = (
                first.start
                if len(resolved) == 1
                and LEADING_DAY.fullmatch(text[: first.position])
                and first.start is not None
                and first.start.precision == "day"
                and first.end is None
                else None
            )
        return _Sentence(
            text=text,
            mentioned=mentioned,
            has_figure=has_figure,
            history=history,
            event_dates=event_dates,
            resolved=resolved,
            unresolved=[m.text for m in mentions if not m.resolved],
            occurrences=occurrences,
            refers=refers,
            cues=cues,
            figures=figures,
            countries=countries,
        )

    def _day_of_trip(self, text: str) -> PartialDate | None:
        """The day a sentence opening "On the second day of the visit" tells, counted from
        the first day of the trip told last (its last day: "on the final day")."""
        opening = DAY_OF_TRIP.match(text)
        trip = next((d for d in reversed(self.drafts) if d.kind in TRIPS), None)
        if opening is None or trip is None or trip.start is None:
            return None
        if trip.start.precision != "day":
            return None
        last = trip.end or trip.start
        word = opening.group("nth").lower()
        if word in {"last", "final", "closing"}:
            return last if trip.end is not None else None
        day = PartialDate.from_date(
            trip.start.first_day + timedelta(days=ORDINAL_DAYS[word] - 1), "day"
        )
        return day if trip.end is None or day.first_day <= last.first_day else None

    def _hosts(
        self, text: str, mentioned: list[Participant], occurrences: list[tuple[int, str]]
    ) -> None:
        """Whom the release's own met abroad are the hosts: "In Denmark, he will meet
        Prime Minister Mette Frederiksen", "Today I met with President Prabowo Subianto in
        Jakarta" (a release names its own people without a country, and so may it name
        a host). Only when the sentence names one other country."""
        cues = [at for at, kind in occurrences if kind in BETWEEN_PEOPLE or kind == "visit"]
        if not occurrences or self.home is None:
            return
        taken = {p.country for p in mentioned if p.country and not p.assumed}
        places = [c for c in self.gazetteer.countries(text) if c != self.home and c not in taken]
        if not places and not self.gazetteer.countries(text):
            # "During the visit, the President will meet President Vučić and the Prime
            # Minister, Ana Brnabić": on a trip of the release's own abroad, those met with
            # the host's people are the host's.
            hosts = {
                c
                for trip in self.drafts
                if trip.kind in TRIPS and trip.participants
                for c in trip.countries
                if c != trip.participants[0].country and trip.participants[0].country
            }
            places = [c for c in taken if c != self.home and c in hosts]
        if len(set(places)) != 1:
            return
        assumed = sorted((p for p in mentioned if p.assumed), key=lambda p: _named_at(text, p))
        for person in assumed:
            at = _named_at(text, person)
            named = person.name if text.find(person.name) >= 0 else person.name.split()[-1]
            if at >= 0 and SPEAKER.match(text, at + len(named)):
                continue  # "…," Tsahkna noted: who speaks, not whom they met
            met = bool(cues) and at > min(cues)
            # "President Prabowo Subianto and President Lula witnessed the signing … in
            # Brasília": of two the release does not place, the second is the host.
            second = len(assumed) >= 2 and person is not assumed[0]
            if met or second:
                person.country, person.assumed = places[0], False

    def _countries(self, text: str, mentioned: list[Participant]) -> list[str]:
        """The countries a sentence names, less those passed through, with those its
        offices and its people imply."""
        gazetteer = self.gazetteer
        for person in mentioned:
            # A name is no place: "Duma Gideon Boko" names Botswana's President, not Russia.
            text = text.replace(person.name, " " * len(person.name))
        countries = gazetteer.countries(text)
        if TRANSIT.search(text):
            # "55 deported through Panama": a route, not a party.
            elsewhere = set(gazetteer.countries(TRANSIT.sub(" ", text)))
            countries = [c for c in countries if c in elsewhere]
        for implied in IMPLIED_TITLE.finditer(text):
            # "the Secretary of State has revoked …": the office names its country (not
            # "British Secretary of State for …", another country's office).
            code = TITLE_COUNTRY[" ".join(implied.group(0).split())]
            words = PREVIOUS_WORDS.search(text[max(0, implied.start() - 40) : implied.start()])
            if words and gazetteer.countries(words.group(0)):
                continue  # "China's International Trade Representative"
            if code not in countries:
                countries.append(code)
        for person in mentioned:
            if person.country and person.country not in countries:
                countries.append(person.country)
        return countries

    def _settle_kinds(self, sentence: _Sentence) -> None:
        """The sentence's kinds once the story is considered: an arrival is the story's
        event, a heading or background is none, a readout's title names its lead's."""
        text = sentence.text
        arrived = ARRIVAL.search(text) or SETTING_OFF.search(text)
        gathering = next(iter(sentence.cues), None) if len(sentence.cues) == 1 else None
        if (
            arrived
            and gathering in ("meeting", "summit")
            and arrived.start() < sentence.cues[gathering]
            and (
                gathering == "meeting"
                # Someone named arrives for it (not "Heads of State … have been arriving").
                or (
                    PURPOSE.search(text, arrived.end(), sentence.cues[gathering]) is not None
                    and any(0 <= _named_at(text, p) < arrived.start() for p in sentence.mentioned)
                )
            )
            and not any(d.kind == "deportation" for d in self.drafts)
        ):
            # "arrived in Warsaw on July 8 and began talks with Prime Minister Donald Tusk":
            # the visit, with the meeting (see _talks_there); "arrived in Addis Ababa on
            # Thursday for the African Union summit": the visit, for the summit.
            sentence.cues["visit"] = arrived.start()
            sentence.occurrences = [(arrived.start(), "visit"), *sentence.occurrences]
        elif arrived and not sentence.cues:
            deported = any(d.kind == "deportation" for d in self.drafts) or (
                self.headline == "deportation" and sentence.has_figure
            )  # "US military aircraft carrying deported Indians lands in Amritsar" above
            story_kind = "deportation" if deported else "visit"
            sentence.cues = {story_kind: arrived.start()}
            sentence.occurrences = [(arrived.start(), story_kind)]
            left = DEPARTURE.search(text, arrived.end()) or SET_OFF.search(text, 0, arrived.start())
            # Each day once: "on Wednesday (24 July)" is one day.
            days = list(
                {
                    m.start: None
                    for m in sentence.event_dates
                    if m.start is not None and m.end is None
                }
            )
            if left and len(days) == 2 and days[0].first_day < days[1].first_day:
                # "landed on Saturday afternoon and left late on Sunday night", "departs on
                # July 9 and returns July 12": the stay; "After setting off on Wednesday (24
                # July), the flight arrived in Timor-Leste … today (25 July)": the flight.
                first = next(m for m in sentence.event_dates if m.start == days[0])
                span = replace(first, end=days[1])
                sentence.event_dates = [span]
                sentence.resolved = [span]
        attending = ATTENDING.search(text)
        if attending and re.match(r"\s+by\b", text[attending.end() :]):
            attending = None  # "a ceremony attended by senior delegates": who is not said
        if attending and not sentence.cues and self._guests(sentence)[0]:
            # "Leaders from other countries … will attend the opening ceremony": visits.
            sentence.guests = True
            sentence.cues = {"visit": attending.start()}
            sentence.occurrences = [(attending.start(), "visit")]
            if not sentence.resolved and self.anchor is not None:
                # What they attend is what the story has reached ("The Expo will be held
                # in Shanghai from November 5 to 10."); their own days are not told.
                when = _within(self.anchor, None)
                sentence.resolved = [dates.DateMention("(context)", when, relative=True)]
        if ASKED.search(text) and "parliamentary" in sentence.cues:
            # "To ask the Minister of State, …, whether he has made an assessment of … the
            # Foreign Secretary's visit to the Falkland Islands in February 2024": the
            # question is the record's; what it asks about is no event of it.
            sentence.cues = {"parliamentary": sentence.cues["parliamentary"]}
            sentence.occurrences = [
                (at, k) for at, k in sentence.occurrences if k == "parliamentary"
            ]
            sentence.event_dates, sentence.resolved = [], []
        if "deportation" in sentence.cues and ENVOY_EXPELLED.search(text):
            # "Ebrahim Rasool, South Africa's ambassador to the United States, had been
            # expelled": a diplomat sent away, no deportation.
            sentence.drop("deportation")
        if QUESTION.search(text):
            sentence.cues = {}  # "Could you share the arrangements for the visit?": asked
        if (
            "meeting" in sentence.cues
            and MEASURES & set(sentence.cues)
            and len(sentence.countries) < 2
        ):
            # "The Korea Trade Commission held its 463rd meeting on Thursday to resolve
            # one anti-dumping investigation": a body of one state meets to decide its
            # measure; the measure is the news.
            sentence.drop("meeting")
        if set(sentence.cues) == {"meeting"} and NOT_OF_STATES.search(text):
            # "meetings and negotiations with leading US companies", "will meet with key
            # trans-Tasman business leaders": no engagement between states.
            sentence.cues = {}
            sentence.occurrences = []
        if "statement" in sentence.cues and len(sentence.cues) > 1 and REPORTING.search(text):
            # "In a statement on Tuesday, the spokesperson said the President was departing
            # to witness the signing": the statement tells of the events, it is not one.
            sentence.drop("statement")
        if "data-release" in sentence.cues and any(d.kind == "parliamentary" for d in self.drafts):
            # "Services exports grew by 253% …", in a minister's answer to a question: the
            # answer's figures, not a release of them.
            sentence.drop("data-release")
        recalled = RECALLED.search(text)
        if (
            recalled
            and all(at > recalled.start() for at in sentence.cues.values())
            and not ACCOUNT_RECALLS.search(text, 0, recalled.end())
            # Not "Przydacz recalled that on 5 November President Nawrocki paid a state
            # visit to Slovakia": a day of its own, the event told.
            and not any(
                m.start is not None and m.start.precision == "day" and m.position > recalled.start()
                for m in sentence.event_dates
            )
        ):
            # "They recalled that Trump and Lee signed the extension of the 1990 MoU": the
            # past the parties spoke of, not news.
            sentence.cues = {}
        if sentence.cues and _heading(text):
            sentence.cues = {}  # "Readout Office of the Spokesperson September 21, 2025"
        if sentence.history and not sentence.event_dates:
            sentence.cues = {}  # the story's background: "revived after Modi and Xi met …"
        if (
            not sentence.cues
            and not self.drafts
            and self.headline
            and (sentence.resolved or len(sentence.mentioned) >= 2)
            and not _heading(text)
        ):
            # "Secretary Rubio's Call with Foreign Minister Anand" above a readout whose
            # first sentence says only that they "discussed": the title names the event.
            sentence.cues = {self.headline: 0}
            sentence.occurrences = [(0, self.headline)]
            sentence.titled = True

    def _guests(self, sentence: _Sentence) -> tuple[list[Participant], str | None]:
        """Those the sentence names from countries other than the host's, and the host:
        the country the sentence names that none of its people is from."""
        theirs = {p.country for p in sentence.mentioned if p.country}
        places = [c for c in sentence.countries if c not in theirs]
        # Else the release's own country, else the one the story has named most.
        story = sorted((c for c in self.story if c not in theirs), key=lambda c: -self.story[c])
        host = places[0] if places else self.home or next(iter(story), None)
        guests = [p for p in sentence.mentioned if p.country and p.country != host]
        return (guests, host) if host else ([], None)

    def _refine_trip(self, sentence: _Sentence) -> None:
        """ "will visit Mexico, El Salvador and Guatemala this week", then "gave the dates
        as June 10-13": the trip's days, when a later sentence gives them within what the
        trip was known to."""
        trips = [d for d in self.drafts if d.kind in TRIPS and d.start is not None]
        days = [
            m
            for m in sentence.resolved
            if m.start is not None and m.start.precision == "day" and not m.relative
        ]
        if trips and RETURNS_HOME.search(sentence.text):
            # "Mr Luxon returns to New Zealand on Wednesday evening, 6 March": the last day
            # of the trip that began on the Tuesday.
            trip = trips[-1]
            back = next((m.start for m in sentence.resolved if _back_from(trip, m)), None)
            if trip.end is None and back is not None:
                trip.end = back
                return
        if not trips or not days:
            return
        trip = trips[-1]
        span = next((m for m in days if m.end is not None), None)
        if span is not None and _holds(trip.start, span.start) and trip.end is None:
            trip.start, trip.end = span.start, span.end

    def _takes_effect(self, sentence: _Sentence) -> None:
        """ "This proclamation is effective at 12:01 a.m. on March 12, 2025": the day the
        story's undated measure takes effect."""
        text = sentence.text
        days = [
            m
            for m in sentence.resolved
            if m.start is not None
            and TAKES_EFFECT.search(text[max(0, m.position - 60) : m.position])
        ]
        published = self.published
        undated = [
            d
            for d in self.drafts
            if d.kind in MEASURES
            and (
                d.start is None
                # "Turkey will levy an extra tariff …, according to a decision published
                # on Saturday", then "The decision takes effect on July 7".
                or (
                    d.status == EventStatus.SCHEDULED
                    and published is not None
                    and d.start.last_day <= published
                )
            )
        ]
        if days and undated:
            measure = undated[-1]
            measure.start, measure.end = days[0].start, days[0].end
            measure.status = _status(text, measure.start, self.published, measure.end)
            return
        announced = [
            m
            for m in sentence.resolved
            if m.start is not None
            and m.start.precision == "day"
            and IN_A_STATEMENT.search(text[max(0, m.position - 40) : m.position])
        ]
        undated = [d for d in undated if d.start is None]
        if len(announced) == 1 and len(undated) == 1:
            # "China has answered … with a ban on exports to the United States", then "In a
            # statement Tuesday, the Ministry of Commerce said … may no longer be shipped":
            # the measure, the day it was announced.
            measure = undated[0]
            measure.start = announced[0].start
            measure.status = _status(text, measure.start, self.published)

    def _elaborate(self, sentence: _Sentence) -> None:
        """A sentence without an event of its own elaborates on the story: its figures
        belong to the lead event, its people and countries to the latest one. Before the
        first event, they wait for it."""
        if not self.drafts:
            _join(self.waiting, sentence.mentioned)
            # "The group of 96 men and 26 women … was gathered from across the country",
            # before the sentence that tells the flight: its figures.
            self.waiting_figures += sentence.figures
            return
        self._takes_effect(sentence)
        self._refine_trip(sentence)
        self._date_line_after(sentence)
        undated = [d for d in self.drafts if d.start is None and d.kind in MEASURES | {"statement"}]
        if undated and TODAYS_STEP.search(sentence.text) and self.reference is not None:
            # "The Council established a new framework for restrictive measures …" then
            # "Today's decision, based on a proposal by …": the step was taken today.
            day = self._publication_day()
            undated[-1].start, undated[-1].status = day.start, EventStatus.OCCURRED
        self.drafts[0].figures += sentence.figures
        self._partners(sentence)
        # The latest of the story's events: not one of history, which the story drops
        # (its people would go with it).
        published = self.published
        current = [
            d for d in self.drafts if published is None or d.start is None or not _old(d, published)
        ]
        latest = (current or self.drafts)[-1]
        mentioned = sentence.mentioned
        if QUESTION.search(sentence.text):
            # A reporter's question names what was told: "A follow-up on King Felipe VI's
            # visit" after another visit was announced.
            known = {p.name for d in self.drafts for p in d.participants}
            mentioned = [p for p in mentioned if p.name not in known]
        if len(latest.countries) >= 2:
            # An event between its parties is not joined by people of other countries: "Leaders
            # from other countries, including Georgian Prime Minister …, will attend".
            mentioned = [p for p in mentioned if not p.country or p.country in latest.countries]
        _join(latest.participants, mentioned)
        # Of its countries, those of its people: the others are what was discussed.
        people_of = [p.country for p in mentioned if p.country]
        latest.countries += [c for c in dict.fromkeys(people_of) if c not in latest.countries]

    def _date_line_after(self, sentence: _Sentence) -> None:
        """ "… received a phone call from Minister of Foreign Affairs of the Swiss
        Confederation Mr. Ignazio Cassis. On Tuesday, May 28, 2024.": a line that is
        nothing but a day, right after the lead, dates the lead when it has no day."""
        only = [m for m in sentence.resolved if m.start is not None]
        if len(only) != 1 or not DATE_ONLY.fullmatch(sentence.text, only[0].position):
            return
        opening = sentence.text[: only[0].position]
        if not (opening.lstrip().startswith("On ") and LEADING_DAY.fullmatch(opening)):
            return  # "June 30, 2025" under a title is the day it was issued
        day, last = only[0].start, self.drafts[-1]
        if day is None or day.precision != "day" or only[0].end is not None:
            return
        if len(self.drafts) > 1 or self.drafted_at != self.reading - 1:
            return  # a day heading a programme's next items, not the lead's day
        if last.start is None or _holds(last.start, day):
            last.start, last.end = day, None
            last.status = _status(last.evidence, day, self.published)

    def _partners(self, sentence: _Sentence) -> None:
        """ "Exports to the United States fell 11 per cent in June", "trade between China
        and the United States grew by 3.7% in 2024": figures of trade with a partner, told
        after the release, name the release's partners."""
        releases = [d for d in self.drafts if d.kind == "data-release" and d.countries]
        if not releases or not sentence.figures or not TRADE_FIGURES.search(sentence.text):
            return
        release = releases[-1]
        release.countries += [
            c for c in _trade_partners(sentence.text) if c not in release.countries
        ]

    def _draft(self, sentence: _Sentence) -> None:
        """The sentence's event (or events) into the drafts."""
        text, cues, published = sentence.text, sentence.cues, self.published
        mentioned = sentence.mentioned
        if not self.drafts and self.waiting:
            mentioned = _join(list(mentioned), self.waiting)
        resolved = sentence.resolved
        dated = [m for m in sentence.event_dates if m.resolved]
        # Each date belongs to the verb of its own clause: "Sunday's flight came hours
        # after a second aircraft landed late on Saturday" dates the landing.
        bound = _bind(
            text, sentence.occurrences, [m for m in dated if m.group < 0 or m is dated[0]]
        )
        if bound:
            first_date = next(iter(bound))
            resolved = [first_date, *[m for m in resolved if m is not first_date]]
            dated = resolved
        said = [m for m in dated if _said_on(text, m)]
        announced = {k for _, k in sentence.occurrences} & (
            MEASURES | {"statement", "data-release"}
        )
        if not bound and said and len(said) < len(dated) and announced:
            # "put sanctions on … in retaliation for the launch earlier this week, the
            # ministry announced Friday": no date in the event's own clause; the others
            # date other verbs, the announcement dates the news.
            resolved = [said[0], *[m for m in resolved if m is not said[0]]]
            dated = [said[0]]
        if (
            resolved
            and said
            and len(said) == len(dated)
            and HAS_DONE.search(text)
            and resolved[0].start is not None
            and resolved[0].start.precision == "day"
            and {k for _, k in sentence.occurrences} <= EXCHANGES
        ):
            # "Tokayev has held a telephone conversation with Putin, …, TASS reported on
            # September 26": some day up to the report, in its month.
            start = resolved[0].start
            month = PartialDate(start.year, start.month)
            resolved = [replace(resolved[0], start=month, vague=True), *resolved[1:]]
        if (
            said
            and len(said) == len(dated)
            and (POSTPONED_CUES.search(text) or CANCELLED_CUES.search(text))
            and {k for _, k in sentence.occurrences} <= EXCHANGES | TRIPS
        ):
            # "A telephone call between Tsahkna and Rubio has been put off …, ERR reported on
            # Monday": the day of the report, not of the call put off (a later sentence may
            # say when it was to be).
            resolved = [m for m in resolved if m not in said]
            dated, bound = [], {}
        coming = bool(dated) and len(said) == len(dated) and TO_COME.search(text, said[-1].position)
        if coming and not (MEASURES | {"statement"}) & set(sentence.kinds):
            # "In a statement on Tuesday, the spokesperson said the President would witness
            # the signing": the day it was said, not the day of what is still to come (a
            # measure announced is news on the day: "Ottawa said on Monday it will put
            # tariffs on American goods"; so is a statement of intent: "Cuba said on Tuesday
            # that it would free 553 prisoners").
            resolved = [m for m in resolved if m not in said]
            dated, bound = [], {}
        if (
            sentence.refers
            and dated
            and len(said) == len(dated)
            and any(d.kind in sentence.kinds for d in self.drafts)
        ):
            # "The president's press officer said on Tuesday that the visit aims to …":
            # the visit told already, not one on the day it was spoken of.
            resolved = [m for m in resolved if m not in said]
            dated, bound = [], {}
        kind = _choose_kind(sentence.kinds, text, cues, dated[0].position if dated else None)
        purpose = PURPOSE.search(text, cues["visit"]) if "visit" in cues else None
        trip_for_meeting = bool(
            purpose
            and "meeting" in cues
            and purpose.start() <= cues["meeting"]
            and WITH_SOMEONE.match(text, cues["meeting"])
        )
        if (
            not resolved
            and not self.drafts
            and self.issued is not None
            and kind in EXCHANGES | {"parliamentary"}
        ):
            # A readout's lead ("The Secretary-General met with …") under its date line.
            resolved = [replace(self.issued, text="(date line)", relative=True)]
        elif (
            not resolved
            and kind in {"data-release", "parliamentary"}
            and self.reference is not None
            and not any(d.kind == kind for d in self.drafts)
        ):
            # "Exports dropped 3.0 per cent to $60.6 billion in August", in the report of
            # the figures: data are reported on the day they are released; "I would like to
            # make a statement on …, Madam Deputy Speaker": the text is the statement (or
            # the answer), made the day it is published.
            resolved = [self._publication_day()]
        if trip_for_meeting:
            # "will travel to Canberra next Wednesday for a meeting with his counterpart":
            # a visit, for the meeting.
            kind = "visit"
        if len(bound) >= 2 and not trip_for_meeting:
            kind = _choose_kind(bound[resolved[0]], text, cues, resolved[0].position)
        if kind == "data-release":
            # "released trade data for March on Monday": released on the day, about the
            # month.
            days = [m for m in resolved if m.start and m.start.precision == "day" and not m.end]
            if days:
                resolved = [days[0], *[m for m in resolved if m is not days[0]]]
                bound = {}
            elif resolved and self.reference is not None:
                # "Exports increased 5.5% in January", in the release: the month is the
                # figures' period; the data came out on the day of the release.
                resolved = [self._publication_day()]
                bound = {}
        draft = Draft(
            kind=kind,
            evidence=text,
            countries=sentence.countries,
            figures=[*([] if self.drafts else self.waiting_figures), *sentence.figures],
            participants=mentioned,
            unresolved=sentence.unresolved,
            refers=sentence.refers,
            day=None if sentence.resolved else self.programme_day,
        )
        if kind == "data-release" and len(draft.countries) > 1:
            # "India's trade deficit shrank … amid rising U.S. tariffs": the country whose
            # figures they are, and a partner only when the figures are of trade with it
            # ("Indonesia's trade surplus with the United States").
            partners = _trade_partners(text)
            # Whose figures: the first named that is no partner ("Shipments to the US … left
            # Korea with a trade deficit with China" are Korea's).
            owner = next((c for c in draft.countries if c not in partners), draft.countries[0])
            draft.countries = list(dict.fromkeys([owner, *partners]))
        if kind in MEASURES and not draft.countries:
            # "I, Donald J. Trump, President of the United States … The tariff on aluminum
            # … shall be increased": the measure of the one who proclaims it.
            draft.countries = list(dict.fromkeys(p.country for p in mentioned if p.country))
        self._parties(draft, text, cues.get(kind, 0))
        if kind in MEASURES and len(draft.countries) == 1:
            on = TARGETED.search(text, cues.get(kind, 0))
            before = text[: on.start()] if on else ""
            if (
                on
                # "on Canadian automobiles", "on certain US-made vehicles", "against
                # Russia", not "on all steel imported into the United States"
                and draft.countries[0] in self.gazetteer.countries(text[on.start() : on.end() + 25])
                and draft.countries[0] not in self.gazetteer.countries(before)
                and not BODY_SIDE.search(before)
                and not BODY_MEASURE.search(before)
            ):
                # Named only as the target (not by the EU, the Council: no country).
                draft.targets = list(draft.countries)
        if len(bound) >= 2 and resolved:
            # Each clause's event its own people and countries (see _own).
            for key, value in self._own(draft, text, resolved[0]).items():
                setattr(draft, key, value)
        if resolved:
            draft.start, draft.end = resolved[0].start, resolved[0].end
            draft.published_day = resolved[0].text == PUBLICATION
            draft.confidence += 0.2 if not resolved[0].vague else 0.05
        draft.status = _status(text, draft.start, published, draft.end)
        draft.topics = [
            t for t, words in TOPIC_CUES.items() if any(w in text.lower() for w in words)
        ]
        if draft.participants:
            draft.confidence += 0.15
        if draft.countries:
            draft.confidence += 0.1
        listed = [
            m for m in resolved[1:] if resolved[0].group >= 0 and m.group == resolved[0].group
        ]
        more = MORE_LIKE_IT.search(text)
        if more and not listed and resolved:
            # "landed in Amritsar on February 5, followed by two more on the 15th and 16th
            # of February": one event for each date after it.
            listed = [
                m
                for m in resolved[1:]
                if m.position > more.start()
                and m.start is not None
                and m.start.precision == "day"
                and m.end is None
            ]
        if kind == "deportation" and not listed and resolved:
            # "104 landed in Amritsar on February 5, 116 were returned on February 15, and
            # another 112 on February 16": a count and a day for each flight.
            counted = [
                m
                for m in resolved[1:]
                if m.start is not None
                and m.start.precision == "day"
                and m.end is None
                and COUNTED_BEFORE.search(text[max(0, m.position - 50) : m.position])
            ]
            lead = text[max(0, resolved[0].position - 50) : resolved[0].position]
            listed = counted if COUNTED_BEFORE.search(lead) else []
        if kind in LASTING and len(listed) == 1 and _next_day(resolved[0], listed[0]):
            # "On 24 and 25 April 2025, the Secretary General will travel to Washington":
            # one visit over two days (flights on two days are two flights).
            draft.end, listed = listed[0].start, []
        if kind in TRIPS and draft.end is None and (lasting := _lasting_days(text, draft)):
            # "arrived in Washington on Monday for a two-day visit": Monday and Tuesday;
            # "left Hanoi on March 29, bringing to an end a three-day state visit": 27-29.
            assert draft.start is not None
            if lasting < 0:
                first = PartialDate.from_date(
                    draft.start.first_day + timedelta(days=lasting + 1), "day"
                )
                last = draft.start
            else:
                first = draft.start
                last = PartialDate.from_date(
                    draft.start.first_day + timedelta(days=lasting - 1), "day"
                )
            # "wrapped up a week-long visit today": the month (or months) it fell in, never
            # made-up days.
            draft.start, draft.end = (
                _months(first, last) if WEEK_LONG.search(text) else (first, last)
            )
        summit = (
            next(
                (d for d in reversed(self.drafts) if d.kind == "summit" and d.start is not None),
                None,
            )
            if sentence.guests and not sentence.event_dates
            else None
        )
        if summit is not None:
            # "Slovenian President Natasa Pirc-Musar, … have been announced as attending",
            # after the summit's lead: those the summit gathers.
            guests, _ = self._guests(sentence)
            _join(summit.participants, guests)
            summit.countries += [
                c
                for c in dict.fromkeys(p.country for p in guests if p.country)
                if c not in summit.countries
            ]
            return
        if sentence.guests:
            # Each guest's own visit to the host, all in the same days.
            guests, host = self._guests(sentence)
            for guest in guests:
                countries = list(dict.fromkeys(c for c in (guest.country, host) if c))
                _add(self.drafts, _copy(draft, participants=[guest], countries=countries))
            return
        if kind in MEASURES and len(imposers := _imposers(text)) >= 2:
            # "Poland, Slovakia and Hungary announced their own restrictions on imports of
            # Ukrainian grain": each state's measure.
            targets = [c for c in draft.countries if c not in imposers]
            for code in imposers:
                _add(self.drafts, _copy(draft, countries=[code, *targets]))
            return
        if kind == "meeting" and (listed_states := self._counterparts_of(text, cues[kind])):
            # "held talks with a range of counterparts, including from Iceland, Italy,
            # Jordan, …": a meeting with each state's, the other side joined to each.
            sides = [c for c in draft.countries if c not in listed_states]
            trip = next((d for d in reversed(self.drafts) if d.kind == "visit"), None)
            if not sides and trip is not None:
                # The traveller's side, on the trip the story tells.
                sides = _traveller_country(trip)[:1]
            self.drafts += [_copy(draft, countries=[*sides, code]) for code in listed_states]
            return
        if (
            kind in EXCHANGES
            and len(mentioned) >= 2
            # "Prime Minister Rishi Sunak welcomed the President of the United States, Joe
            # Biden, …" under "PM meeting with President Biden": the two met, not each.
            and not sentence.titled
            and (
                SEPARATELY.search(text)
                or (kind == "meeting" and _one_by_one(text, draft, cues[kind]))
                # "did hold calls last Friday with … Foreign Ministers Baiba Braze and
                # Kęstutis Budrys": calls, one with each.
                or (
                    kind == "call"
                    and SEVERAL_CALLS.search(text) is not None
                    and _one_by_one(text, draft, cues[kind])
                )
            )
        ):
            twin = _twin_exchange(text, kind, cues) if len(bound) <= 1 else None
            if twin is not None and cues[twin] > cues[kind]:
                # "received telephone calls from his Tunisian counterpart, …, and his
                # Mauritanian counterpart, …, and met Libya's minister …": a call with
                # each named before the meeting, and the meeting.
                whole = _copy(draft, participants=list(draft.participants))
                draft.participants = [
                    p for p in draft.participants if _named_at(text, p) < cues[twin]
                ]
                self._separately(draft, text, cues[kind])
                self._twin(whole, twin, text, cues)
                return
            self._separately(draft, text, cues[kind])
            if kind == "meeting" and draft.start is not None:
                # "met Putin and Erdogan on the sidelines of the SCO summit": the summit too.
                self._sidelines(draft, text)
            return
        if published is not None and draft.start is not None and _old(draft, published):
            self.drafts.append(draft)  # history: an event of its own, never another's date
            return
        later = []
        if len(bound) == 1 and kind in EXCHANGES | {"visit"}:
            for mention in sentence.resolved:
                if mention not in bound and mention.group < 0:
                    later += self._and_then(draft, mention, text)
        _add(self.drafts, draft)
        self.drafts += later
        exchange = AFTER_EXCHANGE.search(text)
        if (
            exchange
            and said
            and kind not in EXCHANGES
            and said[0].start is not None
            and said[0].position < exchange.start()
        ):
            # "Trump said Monday, after holding phone talks with Chinese President Xi
            # Jinping, that he had taken up Xi's invitation to travel to Beijing in April
            # next year": the talks too, that day.
            talks = "call" if exchange.group("phone") else "meeting"
            self.drafts.append(
                _copy(
                    draft,
                    kind=talks,
                    start=said[0].start,
                    end=None,
                    status=_status(text[: exchange.end()], said[0].start, published),
                )
            )
        if len(bound) == 1 and (twin := _twin_exchange(text, kind, cues)):
            self._twin(draft, twin, text, cues)
        if kind == "meeting" and "visit" in cues and draft.start is not None:
            self._trip_there(draft, text, cues)
            attends = ATTENDING.search(text, cues["visit"], cues["meeting"])
            if (
                draft.end is not None
                and not attends
                and any(d.kind == "visit" for d in self.drafts)
            ):
                # "… from November 3 to 8, meeting the leaders of both countries": some
                # day of the trip, known to its month.
                draft.start, draft.end = _within(draft.start, draft.end), None
        if kind in {"visit", "meeting"} and "meeting" in cues and draft.start is not None:
            self._framed(draft, text, cues, trip_for_meeting)
        if kind == "meeting" and draft.start is not None:
            self._sidelines(draft, text)
            if "agreement" in cues and OVERSAW_SIGNING.search(text):
                # "Tinubu and the Emir oversaw the signing of the agreements between the two
                # countries during a meeting in Doha on Sunday": the agreements, that day.
                _add(self.drafts, _copy(draft, kind="agreement"))
        if kind == "summit" and "visit" in cues and draft.start is not None:
            self._trip_ended(draft, sentence)
        if kind == "visit" and draft.start is not None:
            self._gatherings(draft, text, cues["visit"])
            self._talks_there(draft, text, cues)
        elif kind in {"meeting", "summit"} and any(d is draft for d in self.drafts):
            attending = ATTENDING.search(text) or PREPARING.search(text)
            named = list(GATHERING.finditer(text, attending.end())) if attending else []
            if len(named) >= 2:
                # "Mr Peters will attend the ASEAN-New Zealand Foreign Ministers' Meeting,
                # East Asia Summit Foreign Ministers' Meeting, and ASEAN Regional Forum":
                # one event for each.
                draft.kind = _gathering_kind(named[0])
                for match in named[1:]:
                    self.drafts.append(_copy(draft, kind=_gathering_kind(match)))
        for mention, bound_kinds in list(bound.items())[1:]:
            # Another clause's event with a date of its own (a span beside a figure is
            # the figure's period: "388 deported between January 20 and March 14").
            if mention.end is not None and sentence.has_figure:
                continue
            kind_there = _choose_kind(bound_kinds, text, cues, mention.position)
            own = self._own(draft, text, mention)
            if own:
                # "on August 27 they had meetings in Saudi Arabia; and talks in Switzerland
                # are scheduled for August 28": each as its own clause tells it.
                own["told"] = _clause_text(text, mention.position)
            _add(self.drafts, self._on(draft, mention, kind=kind_there, **own))
        for mention in listed:
            # "flights landed on 5th, 15th and 16th February": an event for each date.
            _add(self.drafts, self._on(draft, mention))

    def _and_then(self, draft: Draft, mention: dates.DateMention, text: str) -> list[Draft]:
        """ "Modi met Xi on Monday and Trump on Tuesday": the same verb, another person,
        another day. The later part is its own exchange; the draft keeps the rest."""
        at = mention.position
        stretch = AND_THEN.search(text[max(0, at - 80) : at])
        if stretch is None or mention.start is None or mention.start.precision != "day":
            return []
        part = text[max(0, at - 80) + stretch.start() : at + len(mention.text)]
        theirs = [p for p in draft.participants if _named_at(part, p) >= 0]
        if not theirs and not self.gazetteer.countries(part):
            return []
        named = sorted(
            (p for p in draft.participants if p not in theirs and _named_at(text, p) >= 0),
            key=lambda p: _named_at(text, p),
        )
        # The one who goes on ("He is expected to arrive in Nairobi on 2 May and in Maputo
        # on the 3rd": the story's traveller, named before).
        subject = named[:1] or [p for p in draft.participants if p not in theirs][:1]
        sides = [p.country for p in [*subject, *theirs] if p.country]
        countries = list(dict.fromkeys([*sides, *self.gazetteer.countries(part)]))
        draft.participants = [p for p in draft.participants if p not in theirs]
        rest = text.replace(part, " ")
        draft.countries = [c for c in draft.countries if c in self.gazetteer.countries(rest)] or [
            p.country for p in draft.participants if p.country
        ]
        return [self._on(draft, mention, participants=[*subject, *theirs], countries=countries)]

    def _on(self, draft: Draft, mention: dates.DateMention, **changes: Any) -> Draft:
        """Another event of the draft's sentence, on the mention's date."""
        told = changes.pop("told", draft.evidence)  # the words that tell it
        status = _status(told, mention.start, self.published, mention.end)
        return _copy(draft, start=mention.start, end=mention.end, status=status, **changes)

    def _publication_day(self) -> dates.DateMention:
        """The day the text was published (or its date line's), as an event's date."""
        assert self.reference is not None
        day = PartialDate.from_date(self.reference, "day")
        return dates.DateMention(PUBLICATION, day, relative=True, vague=True)

    def _own(self, draft: Draft, text: str, mention: dates.DateMention) -> dict[str, Any]:
        """The people and countries of another clause's event, when its clause names some:
        "I spoke to Foreign Minister Mirzoyan on 18 January …, and I met the Azerbaijani
        ambassador yesterday"."""
        clause = _clause_text(text, mention.position)
        if draft.kind not in BETWEEN or clause == text:
            return {}
        people = [p for p in draft.participants if _named_at(clause, p) >= 0]
        sides = [p.country for p in people if p.country] + unnamed_sides(clause, self.home)
        places = self.gazetteer.countries(clause)
        if not sides and len(places) == 1 and THEY.match(text):
            # "On August 26 they held meetings in Qatar; on August 27 they had meetings in
            # Saudi Arabia": the travellers the story named, in each clause's place.
            last = self.drafts[-1:]
            named = [p.country for d in last for p in d.participants if p.country]
            sides = [c for c in [*named, *(c for d in last for c in d.countries[:1])] if c][:1]
            sides = [c for c in sides if c not in places]
        countries = list(dict.fromkeys([*sides, *places]))
        if len(countries) < 2:
            return {}
        return {"participants": people, "countries": countries}

    def _parties(self, draft: Draft, text: str, cue_at: int) -> None:
        """The draft's countries less topics and venues; an exchange's, its people's."""
        gazetteer, kind = self.gazetteer, draft.kind
        topic = TOPIC_MARKER.search(text, cue_at)
        if kind in EXCHANGES and topic:
            # "…, during which Putin briefed him on his meeting with US President Donald
            # Trump": who is spoken of takes no part.
            spoken_of = [p for p in draft.participants if _named_at(text, p) > topic.start()]
            if spoken_of and len(spoken_of) < len(draft.participants):
                draft.participants = [p for p in draft.participants if p not in spoken_of]
        sides = self._sides(draft, text)
        if kind in BETWEEN and topic:
            # "met in Antalya to discuss Russia's war in Ukraine": what follows is the topic.
            parties = set(gazetteer.countries(text[: topic.start()])) | set(sides)
            if parties:
                draft.countries = [c for c in draft.countries if c in parties]
        for reason in REASON.finditer(text, cue_at) if kind in MEASURES else ():
            # "added 10 U.S. companies to its list over their arms sales to Taiwan": the
            # reason names no party, when the parties are named before it (the first such
            # reason: "on 70 individuals linked to Russia, as a sign of support for
            # Ukraine").
            parties = set(gazetteer.countries(text[: reason.start()])) | set(sides)
            if len(parties) >= 2:
                draft.countries = [c for c in draft.countries if c in parties]
                break
        if kind in BETWEEN_PEOPLE and VENUE.search(text):
            # "his meeting with Russia's foreign minister in Riyadh, Saudi Arabia": where,
            # not who.
            elsewhere = set(gazetteer.countries(VENUE.sub(" ", text))) | set(sides)
            kept = [c for c in draft.countries if c in elsewhere]
            if len(kept) >= 2:
                draft.countries = kept
        other = OTHER_EVENT_CLAUSE.search(text, cue_at) if kind in BETWEEN else None
        if other is not None:
            # "will travel to Saudi Arabia and Qatar on Saturday, …, a few days before US
            # President Donald Trump sets off on a tour of the region": another's trip.
            spoken_of = [p for p in draft.participants if _named_at(text, p) > other.start()]
            if len(spoken_of) < len(draft.participants):
                draft.participants = [p for p in draft.participants if p not in spoken_of]
            sides = self._sides(draft, text)
            parties = set(gazetteer.countries(text[: other.start()])) | set(sides)
            if len(parties) >= 2:
                draft.countries = [c for c in draft.countries if c in parties]
        left = LEAVES_FOR.search(text) if kind == "visit" else None
        if left is not None:
            # "Kishida leaves Cairo for Accra on 1 May": a visit to where he goes.
            rest = text[: left.start("whence")] + text[left.end("whence") :]
            gone = set(gazetteer.countries(left.group("whence"))) - set(gazetteer.countries(rest))
            draft.countries = [c for c in draft.countries if c not in gone or c in sides]
        if kind in BETWEEN_PEOPLE and len(sides) >= 2:
            # A call, a meeting or a summit is between its people's countries; other countries in
            # the sentence are what they talked about ("discussed the war in Ukraine").
            draft.countries = sides

    def _sides(self, draft: Draft, text: str) -> list[str]:
        """The countries of the draft's people, and the side the text speaks for."""
        named = [p.country for p in draft.participants if p.country]
        return list(dict.fromkeys([*named, *unnamed_sides(text, self.home)]))

    def _counterparts_of(self, text: str, cue_at: int) -> list[str]:
        """The states listed after the meeting cue as those whose office-holders were met
        ("with the leaders of Jamaica, Haiti, Barbados, and Trinidad and Tobago"), unless
        they met together."""
        if TOGETHER.search(text):
            return []
        at = cue_at
        # Each listing from where the last began (the first may take in the next: "bilateral
        # meetings with the Foreign Ministers of five ASEAN countries -- Malaysia, …"); a few.
        for _ in range(3):
            listing = COUNTERPARTS_OF.search(text, at)
            if listing is None:
                break
            at = listing.start() + 1
            # The list ends at the first word that is no part of a name ("… and Samoa on
            # the sidelines of …").
            states = re.split(r"\s(?!(?:and|the|of)\b)(?=[a-z])", listing.group("states"))[0]
            listed = self.gazetteer.countries(states)
            items = [i.removeprefix("the ") for i in LIST_ITEM.split(states.strip(" ,-"))]
            if listing.group("meetings") and not all(COUNTRIES.names_a_place(i) for i in items):
                continue  # "bilateral meetings with outgoing US President Joe Biden, …": people
            # Two states' leaders may have met together; two "counterparts" (or
            # "meetings") are each met.
            each = listing.group("meetings") or listing.group("who").lower() == "counterparts"
            if len(listed) >= (2 if each else 3):
                return listed
        offices = OFFICES_MET.match(text, cue_at)
        if offices and not PERSON_NAMED.search(offices.group("list")):
            # "held similar meetings with Presidents of Gabon and Burundi, Prime Minister of
            # Niger, Minister of Foreign Affairs of Mali, …": office-holders of many states,
            # unnamed, each met.
            listed = self.gazetteer.countries(offices.group("list"))
            if len(listed) >= 3:
                return listed
        return []

    def _separately(self, draft: Draft, text: str, cue_at: int) -> None:
        """ "President Xi, Premier Li and Chairman Zhao will meet with him respectively",
        "Rubio spoke separately with Wang and Lavrov": an exchange with each of the group,
        joined by those on the other side."""
        # Not "Tsahkna's" in "calls with Tsahkna's Latvian and Lithuanian counterparts".
        mentioned = [p for p in draft.participants if not _possessive(text, p)]
        before = [p for p in mentioned if 0 <= _named_at(text, p) < cue_at]
        # Not those named before the sentence ("attributable to Spokesperson Matthew
        # Miller:" above it): whom each met is named in it.
        after = [p for p in mentioned if _named_at(text, p) >= cue_at]
        each, others = (before, after) if len(before) >= len(after) else (after, before)
        if re.search(FIRST_THEN, text, re.I):
            each, others = after, before
        trips = [d for d in self.drafts if d.kind in TRIPS]
        if not others:
            # "The prime minister also held informal meetings with …": the office-holder
            # the article named by that title.
            others = self._by_office(text[:cue_at], {p.name for p in each})
        if not others and trips:
            # "During the visit, Xi, Li and Zhao will meet with him respectively", "the
            # Secretary General will meet the Secretary of State, …": the visitor of the
            # trip whose visitor the text named last.
            hosts = {p.country for p in each if p.country}
            names = {p.name for p in each}
            visitors = [
                p
                for trip in trips
                for p in trip.participants
                if p.name not in names and (p.country is None or p.country not in hosts)
            ]
            others = sorted(visitors, key=lambda p: -self.named.get(p.name, -1))[:1]
        # The countries of no one listed are the other side's: "the President held
        # meetings with …", in the release of the President's own government.
        listed = {p.country for p in each}
        rest = (
            []
            if any(p.country for p in others)
            else [
                *unnamed_sides(text[:cue_at], self.home),
                *(c for c in draft.countries if c not in listed),
            ]
        )
        for person in each:
            those = [person, *others]
            sides = list(dict.fromkeys([*(p.country for p in those if p.country), *rest]))
            self.drafts.append(
                _copy(draft, participants=those, countries=sides or list(draft.countries))
            )

    def _sidelines(self, meeting: Draft, text: str) -> None:
        """ "had a bilateral meeting today with … in the margins of the NATO Summit in
        Washington": the summit as well, between the meeting's parties and its host (the
        place it is held in, or a state its name bears), of the meeting's month (the
        summit's own days are not told)."""
        match = SIDELINES.search(text)
        if match is None:
            return
        hosts = COUNTRIES.find(match.group("name")) + self.gazetteer.countries(
            match.group("place") or match.group("host") or ""
        )
        assert meeting.start is not None
        summit = _copy(
            meeting,
            kind="summit",
            start=PartialDate(meeting.start.year, meeting.start.month),
            end=None,
            countries=list(dict.fromkeys([*hosts, *meeting.countries])),
            occasion=True,
        )
        if not any(d.kind == "summit" and _holds(d.start, summit.start) for d in self.drafts):
            self.drafts.append(summit)

    def _by_office(self, text: str, besides: set[str]) -> list[Participant]:
        """The person the article last named with the title the text calls its subject by
        ("The prime minister", "the Foreign Minister"), if one."""
        for person in reversed(self.everyone):
            if (
                person.title
                and person.name not in besides
                and re.search(rf"\bthe\s+{re.escape(person.title)}\b", text, re.I)
            ):
                return [person]
        return []

    def _gatherings(self, trip: Draft, text: str, at: int) -> None:
        """ "will travel to Brussels, Belgium, and The Hague, the Netherlands, from June 22
        to 25 to participate in the Canada-EU Summit and the NATO Summit": each gathering
        the trip is for is an event of its own, on the trip's days when it is the only one
        (else in its month), in the host the text names in the same order."""
        purpose = PURPOSE.search(text, at) or ATTENDING.search(text, at)
        if purpose is None or trip.start is None:
            return
        found = list(GATHERING.finditer(text, purpose.start()))
        if not found:
            return
        sides = [p.country for p in trip.participants[:1] if p.country]
        hosts = [c for c in trip.countries if c not in sides]
        paired = len(found) > 1 and len(hosts) == len(found)
        whole = len(found) == 1 and trip.end is not None
        for index, match in enumerate(found):
            kind = _gathering_kind(match)
            start, end = trip.start, trip.end
            if not whole and trip.start.month is not None:
                start, end = PartialDate(trip.start.year, trip.start.month), None
            countries = [*sides, hosts[index]] if paired else list(trip.countries)
            self.drafts.append(
                _copy(trip, kind=kind, start=start, end=end, countries=countries, evidence=text)
            )

    def _talks_there(self, trip: Draft, text: str, cues: dict[str, int]) -> None:
        """ "arrived in Warsaw on July 8 and began talks with Polish Prime Minister Donald
        Tusk": the visit, and the meeting on its first day. "was on a visit to Helsinki,
        where he met with Prime Minister Petteri Orpo, Foreign Minister Elina Valtonen,
        …" (or "paid a working visit to Sweden and met with the Minister for Foreign
        Affairs, …, First Deputy Speaker …"): the visit, and a meeting with each
        office-holder, within the visit's days."""
        at = cues.get("meeting", -1)
        if at < cues["visit"] or trip.start is None:
            return
        and_met = AND_MET.match(text, cues["visit"])
        where = WHERE.search(text, cues["visit"], at)
        if and_met is None and where is None:
            return
        met = [p for p in trip.participants if _named_at(text, p) > at]
        if not met:
            return
        if and_met is not None:
            if trip.start.precision != "day":
                return
            start = trip.start
        else:
            held = trip.status == EventStatus.OCCURRED
            start = _within(trip.start, trip.end, held)
        meeting = _copy(trip, kind="meeting", start=start, end=None)
        if _one_by_one(text, meeting, at):
            # One meeting with each, the traveller on one side.
            travellers = [p for p in trip.participants if p not in met][:1]
            trip.participants = travellers or trip.participants
            for person in met:
                those = [*travellers, person]
                sides = list(dict.fromkeys(p.country for p in those if p.country))
                one = _copy(meeting, participants=those)
                self.drafts.append(one)
                if len(sides) < 2:
                    self.talks.append((one, trip))
                else:
                    one.countries = sides
            return
        self.drafts.append(meeting)
        self.talks.append((meeting, trip))

    def _trip_ended(self, gathering: Draft, sentence: _Sentence) -> None:
        """ "returned home today, 15 November, concluding his visit to Riyadh where he
        attended the Saudi Arabia-Africa Summit convened on 10 November": the trip too,
        from the gathering's day (the first the text gives) to the day it ended."""
        ended = CONCLUDED.search(sentence.text)
        first = gathering.start
        if ended is None or first is None or first.precision != "day" or gathering.end:
            return
        if ended.end() < sentence.cues["visit"]:
            return  # another trip ended than the one told
        last = next(
            (
                m.start
                for m in sentence.resolved
                if m.start is not None
                and m.end is None
                and m.start.precision == "day"
                and m.start.first_day > first.first_day
            ),
            None,
        )
        if last is None or (last.first_day - first.first_day).days > 14:
            return
        trip = _copy(gathering, kind="visit", start=first, end=last)
        self.drafts.insert(self.drafts.index(gathering) if gathering in self.drafts else 0, trip)

    def _framed(self, draft: Draft, text: str, cues: dict[str, int], for_meeting: bool) -> None:
        """ "met the Emir of Kuwait while on an official visit to the country", "received
        … the Foreign Minister of Bahrain during his official visit to Oman", "travelled
        to London to meet with David Cameron": the visit and the meeting both, each once."""
        start = draft.start
        if start is None or not (ON_A_VISIT.search(text) or for_meeting):
            return
        if draft.kind == "visit":
            met = any(_named_at(text, p) > cues["meeting"] for p in draft.participants)
            if len(draft.participants) < 2 or not (
                met or COUNTERPARTS.search(text, cues["meeting"])
            ):
                return  # nobody met is named
            if draft.end is not None:
                start = _within(start, draft.end, draft.status == EventStatus.OCCURRED)
            if not any(d.kind == "meeting" and d.evidence == text for d in self.drafts):
                _add(self.drafts, _copy(draft, kind="meeting", start=start, end=None))
            return
        told = any(
            d.kind == "visit"
            and set(d.countries) == set(draft.countries)
            and (d.start is None or d.start == start or _holds(d.start, start) or _inside(start, d))
            for d in self.drafts
        )
        if len(draft.countries) == 2 and not told:
            at = self.drafts.index(draft) if draft in self.drafts else 0
            self.drafts.insert(at, _copy(draft, kind="visit"))

    def _trip_there(self, draft: Draft, text: str, cues: dict[str, int]) -> None:
        """ "travelled to Kyiv today, where he met President Zelenskyy": the trip as well
        as the meeting, the same day, between the traveller's country and the place."""
        where = WHERE.search(text, cues["visit"], cues["meeting"] + len("meeting"))
        if where is None:
            return
        places = self.gazetteer.countries(text[cues["visit"] : where.start()])
        # Who travels is named before the trip: "President Costa will travel to Abu Dhabi
        # where he will meet the President of the United Arab Emirates".
        before = [p for p in draft.participants if 0 <= _named_at(text, p) < cues["visit"]]
        traveller = before[:1] or draft.participants[:1]
        side = [p.country for p in traveller if p.country] or ([self.home] if self.home else [])
        countries = list(dict.fromkeys([*side, *places]))
        of_a_body = any(BODY_SIDE.search(p.title) for p in traveller)
        if len(countries) < (1 if of_a_body and places else 2):
            return
        trip = _copy(draft, kind="visit", countries=countries, participants=list(traveller))
        self.drafts.insert(self.drafts.index(draft) if draft in self.drafts else 0, trip)

    def _twin(self, draft: Draft, twin: str, text: str, cues: dict[str, int]) -> None:
        """ "spoke with the foreign ministers of France, … immediately following his
        meeting with Russia's foreign minister earlier today": a call and a meeting, the
        same day; each with the countries of its clause."""
        clause = _clause_text(text, cues[twin])
        own = self.gazetteer.countries(clause)
        subject = [p.country for p in draft.participants[:1] if p.country]
        people = [p for p in draft.participants if p.name in clause][:1]
        _add(
            self.drafts,
            _copy(
                draft,
                kind=twin,
                countries=list(dict.fromkeys([*subject, *own])),
                participants=_join(list(draft.participants[:1]), people),
            ),
        )
        mine = self.gazetteer.countries(_clause_text(text, cues[draft.kind]))
        if len(mine) >= 2:
            draft.countries = [c for c in draft.countries if c in mine or c in subject]


def _copy(draft: Draft, **changes: Any) -> Draft:
    """Another draft from the same sentence: its own lists, no figures (they stay with the
    first), and the changes."""
    fresh: dict[str, Any] = {
        "figures": [],
        "countries": list(draft.countries),
        "participants": list(draft.participants),
        "topics": list(draft.topics),
        "legs": list(draft.legs),
    }
    return replace(draft, **{**fresh, **changes})


KIND_ORDER = {kind: index for index, (kind, _) in enumerate(KIND_CUES)}
# Words that end a clause for the purpose of dating its verb.
CLAUSE_BREAK = re.compile(
    r";|\b(?:after|before|when|while|whereas|but|following|as)\b"
    r"|\band\s+(?:has|have|had|then|later|subsequently)\b"  # "… and have today imposed"
    r"|\bin\s+(?:retaliation|response)\s+(?:for|to)\b"  # "… in retaliation for the launch"
    # Not "Italy, and the United Kingdom"; "…, and I met the ambassador" is a clause.
    r"|,\s+(?:and(?!\s+(?:the\s+)?(?!(?:I|We|He|She|They)\b)(?-i:[A-Z]))|which|who)\b",
    re.I,
)
# A count of people, then what befell them and the day: "116 were returned on".
COUNTED_BEFORE = re.compile(r"(?<![\w,.])\d{1,3}(?:,\d{3})*\s+(?:[\w-]+\s+){0,4}(?:on|in)\s+$")
# A noun that points back to an event already told ("during the visit", "after the talks",
# "this visit marks"): not an event of its own when the sentence names another.
REFERENCE = re.compile(
    r"(?:\b(?:during|throughout|after|following|alongside|ahead of|before|on the sidelines of|"
    r"at the end of|at|since|of|in|from)\s+(?:the|this|that|his|her|their|its)|"
    r"\b(?:this|that)|^\W*the)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
# "Lee used the meeting to build a rapport": "the" and no "with …" after it.
THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
NEW_AFTER = re.compile(r"\s+(?:with|between|of|on|in|at)\b", re.I)
# "following his meeting with Russia's foreign minister": a new event, not a reference.
WITH_AFTER = re.compile(r"\s+(?:with|between)\b", re.I)
# An envoy summoned: "summoned the Russian ambassador", "called in the chargé d'affaires".
SUMMONED = re.compile(
    r"\b(?:summoned|summons|called\s+in)\b[^.;]{0,40}?\b(?:ambassador|envoy|charg[eé]|"
    r"high\s+commissioner)",
    re.I,
)
# Talks just held, as the occasion of what was said: "said Monday, after holding phone talks
# with …, that …".
AFTER_EXCHANGE = re.compile(
    r"\bafter\s+(?:holding|having|a|his|her|their)\s+(?:a\s+)?"
    r"(?:(?P<phone>(?:tele)?phone\s+(?:talks|call|conversation)|call)|talks|meeting)\s+with\b",
    re.I,
)
PUBLICATION = "(publication)"  # the text of a date that is the day the text came out
REFERENCE_NOUNS = {"visit", "meeting", "talks", "call", "summit", "trip", "tour", "conversation"}


# A measure's date is the day it takes effect, when the sentence gives one.
EFFECTIVE = re.compile(
    r"\b(?:effective|with effect from|takes? effect|to take effect|took effect|"
    r"(?:comes?|came|enters?|entered|will enter|to enter) into force|apply from|applies from|"
    r"will apply|as of)(?:\s+on|\s+from)?\s*,?\s*$",
    re.I,
)
MEASURES = {"trade-measure", "sanction"}
# The day an announcement was made: "In a statement Tuesday, the Ministry said …".
IN_A_STATEMENT = re.compile(
    r"\bin an? (?:[\w-]+ )?(?:statement|notice|announcement|notification)\s+"
    r"(?:(?:issued|released|published|posted)\s+)?(?:on\s+)?$",
    re.I,
)
# The same words anywhere shortly before the date: "is effective at 12:01 a.m. eastern time
# on March 12, 2025".
TAKES_EFFECT = re.compile(
    r"\b(?:effective|takes? effect|take effect|(?:comes?|enters?|will enter) into force|"
    r"applies|will apply)\b[^;]{0,50}$",
    re.I,
)
SAID = re.compile(
    r"\b(?:said|says|announced|stated|reported|dated|told reporters|said in a statement|"
    r"in a statement)(?:\s+from\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?"
    r"(?:\s+on)?(?:\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?)?(?:\s*\()?\s*$",
    re.I,
)
# How a parliamentary question is put: "Will the Minister of EXTERNAL AFFAIRS be pleased
# to state".
PLEASED_TO_STATE = re.compile(
    r"\bwill the\b[^:?]{0,80}?\bbe pleased to state\b"
    # A written question: "To ask the Secretary of State …, if he will make an assessment".
    r"|^\W*(?:\d+\.\s*)?to ask (?:the|his|her)\b.*",
    re.I | re.S,
)
# A reported event still to come: "said the President was departing to witness the signing".
TO_COME = re.compile(
    r"\b(?:will|would|was to|is to|were to|are to|to witness|to attend|to join|expected to|"
    r"scheduled to|set to|due to|plans? to|planned to)\b",
    re.I,
)
# A clause that tells what came before the news: "revived after Modi and Xi met in Kazan
# on October 23 last year".
SUBORDINATE = re.compile(
    r"\b(?:after|since|following|before|ahead of|when|as)\b(?![^,;]*\b(?:after|since|"
    r"following|before|when)\b)[^,;]*$",
    re.I,
)
HISTORY_DAYS = 60
# A sentence that opens on the time of its news: "When he visited India in July, …".
SETTING = re.compile(r"\W*(?:when|while|during)\b[^,;]{0,120},", re.I)
OLD_DAYS = 365


def _said_on(sentence: str, mention: dates.DateMention) -> bool:
    """The mention is the day something was said: "the ministry said on Saturday"."""
    return bool(SAID.search(sentence[max(0, mention.position - 40) : mention.position]))


def _finest(mentions: list[dates.DateMention]) -> list[dates.DateMention]:
    """Without a month or a year that only holds a finer date of the same sentence: "three
    flights in February, which landed on 5th, 15th and 16th February" are the days."""

    def holds(coarse: dates.DateMention, fine: dates.DateMention) -> bool:
        if coarse.end is not None or fine.relative:
            return False  # "this week …, the ministry said on Monday": two things
        return _holds(coarse.start, fine.start)

    return [m for m in mentions if not any(holds(m, other) for other in mentions)]


def _old(draft: Draft, published: date) -> bool:
    """More than a year before publication: "attended the inaugural meeting in December
    2005", in an article about a trip next week."""
    last = (draft.end or draft.start or PartialDate.from_date(published, "day")).last_day
    return (published - last).days > OLD_DAYS


def _history(sentence: str, mention: dates.DateMention, published: date | None) -> bool:
    """The background of the news, not news: a date two months or more before publication
    in a subordinate clause ("revived after Modi and Xi met in Kazan on October 23")."""
    if published is None or mention.start is None:
        return False
    last = (mention.end or mention.start).last_day
    if (published - last).days < HISTORY_DAYS:
        return False
    if SETTING.match(sentence) and "," in sentence[mention.position :]:
        # "When he visited India in July, the Foreign Secretary discussed with …": the
        # clause sets the scene of the sentence's news, it does not recall the past.
        return False
    return bool(SUBORDINATE.search(sentence[max(0, mention.position - 150) : mention.position]))


def _occurrences(sentence: str) -> tuple[list[tuple[int, str]], bool]:
    """Every cue of a kind in the sentence, as (position, kind); nouns that point back to
    an event already told are dropped when the sentence names another. True with them
    when the sentence has nothing but such nouns."""
    found, references = [], []
    past = [m.span() for m in PAST_TERM.finditer(sentence)]
    for kind, cue in KIND_CUES:
        for match in cue.finditer(sentence):
            if any(start <= match.start() < end for start, end in past):
                continue  # "Trump, who put sweeping tariffs on China during his first term,"
            if NEED_TO.search(sentence[max(0, match.start() - 120) : match.start()]):
                continue  # "emphasized the need to … hold intensive consultations"
            noun = match.group(0).split()[-1].lower()
            noun_at = match.end() - len(noun)
            before = sentence[max(0, noun_at - 60) : noun_at]
            after = sentence[match.end() : match.end() + 12]
            if noun in REFERENCE_NOUNS and (
                (REFERENCE.search(before) and not WITH_AFTER.match(after))
                or (THE_BEFORE.search(before) and not NEW_AFTER.match(after))
            ):
                references.append((match.start(), kind))
            else:
                # "The first round of technical negotiations …, which was adopted on 11
                # December, was held in Ankara today": the cue is where its verb is.
                verbs = list(HELD.finditer(match.group(0), 1))
                at = match.start() + verbs[-1].start() if verbs else match.start()
                found.append((at, kind))
    return (found, False) if found else (references, bool(references))


HELD = re.compile(r"\b(?:was|were|will be|is being|are being) (?:held|signed|adopted)\b")
# A tally over time, not an event: "Since returning to office, Trump has deported …".
SINCE = re.compile(r"\b[Ss]ince\b")
# "Today's decision", "today's listings": the step the release tells, taken today.
TODAYS_STEP = re.compile(
    r"\b[Tt]oday['’]s\s+(?:decision|announcement|measures?|sanctions|listings?|designations?|"
    r"package|step|move|action)\b"
)
# What the parties said should be done, not what was: "the need to hold consultations".
NEED_TO = re.compile(
    r"\b(?:the\s+need\s+(?:to|for)|the\s+importance\s+of|the\s+necessity\s+(?:of|to))\b[^.;]*$",
    re.I,
)
# Gatherings being prepared: "preparations for the Leaders' Meeting and for the Summit".
PREPARING = re.compile(r"\bpreparations?\s+for\b", re.I)
# The last day of a trip whose first the text does not tell: "concluded his introductory
# visit to Indonesia today" (what was done on it is of the trip's month).
_ENDED = r"concluded|concludes|concluding|ended|ending|wrapped\s+up|wrapping\s+up"
CONCLUDED = re.compile(
    rf"\b(?:{_ENDED}|wraps\s+up|ends|wound\s+up|winds\s+up|completed|completes|brought|"
    r"(?:bringing|brought|brings)\s+to\s+an?\s+(?:end|close))\s+(?:(?:his|her|their|a|an|the)\s+)?"
    r"(?:[\w-]+\s+){0,3}?"
    r"(?:visit|trip|tour)\b",
    re.I,
)
# A traveller's return home: "returns to New Zealand on Wednesday", "will fly back".
RETURNS_HOME = re.compile(
    r"\b(?:returns?|returning|will\s+return|returned|flies\s+back|flew\s+back|heads?\s+home)\s+"
    r"(?:to\s+(?:[A-Z][\w'’-]*\s*){1,3}|home\b)"
)
# A clause about a person's past term: background, not news.
PAST_TERM = re.compile(
    r"\b(?:who|which)\b[^,;]{0,120}?\b(?:during|in|throughout)\s+(?:his|her|their|the)\s+"
    r"(?:first|previous|earlier|last|former)\s+(?:term|administration|presidency|tenure|"
    r"government)\b",
    re.I,
)


def _named_at(sentence: str, person: Participant) -> int:
    """Where the sentence names the person (by full name or surname), or -1."""
    at = sentence.find(person.name)
    return at if at >= 0 else sentence.find(person.name.split()[-1])


def _possessive(sentence: str, person: Participant) -> bool:
    """The sentence names the person only as the owner of something ("Tsahkna's")."""
    at = _named_at(sentence, person)
    named = person.name if sentence.find(person.name) >= 0 else person.name.split()[-1]
    return at >= 0 and sentence.startswith(("'s ", "’s "), at + len(named))


def _clause_text(sentence: str, at: int) -> str:
    """The clause (between CLAUSE_BREAK words) that holds position ``at``."""
    start, end = 0, len(sentence)
    for match in CLAUSE_BREAK.finditer(sentence):
        if match.start() <= at:
            start = match.start()
        else:
            end = match.start()
            break
    return sentence[start:end]


def _twin_exchange(sentence: str, kind: str, cues: dict[str, int]) -> str | None:
    """The other kind of exchange (a call beside a meeting) told in another clause of the
    sentence, or None."""
    if kind not in EXCHANGES:
        return None
    for other in EXCHANGES - {kind}:
        if other in cues and _clause_text(sentence, cues[other]) != _clause_text(
            sentence, cues[kind]
        ):
            return other
    return None


def _bind(
    sentence: str, occurrences: list[tuple[int, str]], dated: list[dates.DateMention]
) -> dict[dates.DateMention, list[str]]:
    """Each cue's date: the first after it in its clause, else the last before it in its
    clause. The dates bound to a cue, in the order of the text, with their kinds; empty
    when no cue has a date of its own clause."""
    if not dated or not occurrences:
        return {}
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(sentence)]

    def clause(at: int) -> int:
        return sum(1 for b in breaks if b <= at)

    effective = [
        m for m in dated if EFFECTIVE.search(sentence[max(0, m.position - 40) : m.position])
    ]
    # The day a thing was said dates the news only when nothing else does: "will travel
    # to India next week to hold talks …, the ministry said on Saturday".
    said = [m for m in dated if _said_on(sentence, m)]
    if said and len(said) < len(dated):
        dated = [m for m in dated if m not in said]
    bound: dict[dates.DateMention, list[str]] = {}
    for at, kind in sorted(occurrences):
        own = [m for m in dated if clause(m.position) == clause(at)]
        after = [m for m in own if m.position > at]
        before = [m for m in own if m.position < at]
        mention = after[0] if after else (before[-1] if before else None)
        if effective and kind in MEASURES:
            mention = effective[0]  # "revoked the exception issued in 2018, effective …"
        if mention is not None and kind not in bound.setdefault(mention, []):
            bound[mention].append(kind)
    # One event per date: dates that name the same day as an earlier one add nothing.
    seen: set[tuple[object, object]] = set()
    out: dict[dates.DateMention, list[str]] = {}
    for mention in sorted(bound, key=lambda m: m.position):
        key = (mention.start, mention.end)
        if key not in seen:
            seen.add(key)
            out[mention] = bound[mention]
    return out


def _finish(
    drafts: list[Draft],
    story: dict[str, int],
    published: date | None = None,
    home: str | None = None,
    official: str | None = None,
) -> list[Draft]:
    """What the whole article says of its drafts: events more than a year old dropped as
    the background of newer news (an article of history keeps them), undated background
    folded into the dated story, the countries of the story's last event of the same
    kind for an event whose sentence names none ("The new duties take effect on March
    12"), and the story's countries for events between parties whose sentence names too
    few."""
    if published is not None:
        old = [d for d in drafts if d.start is not None and _old(d, published)]
        if len(old) < len([d for d in drafts if d.start is not None]):
            gone = {id(d) for d in old}
            drafts = [d for d in drafts if id(d) not in gone]
            for draft in old:  # their figures are the lead event's, like background's
                drafts[0].figures += draft.figures
    drafts = _fold_undated(drafts, published, official)
    _travellers(drafts)
    for index, draft in enumerate(drafts):
        if not draft.countries:
            earlier = [d for d in drafts[:index] if d.kind == draft.kind and d.countries]
            if earlier:
                draft.countries = list(earlier[-1].countries)
        elif draft.kind == "deportation" and len(draft.countries) == 1:
            # "104 landed in Amritsar on February 5", after "Indian nationals deported from
            # the United States arrived in Delhi": between the states of the story's last
            # removal to the same one.
            earlier = [
                d
                for d in drafts[:index]
                if d.kind == draft.kind
                and len(d.countries) >= 2
                and draft.countries[0] in d.countries
            ]
            if earlier:
                draft.countries = list(earlier[-1].countries)
    if official:
        _own_release(drafts, official)
    _story_countries(drafts, story, home)
    _attendees(drafts)
    _called_off(drafts)
    _full_names(drafts)
    return _legs(_stops(_accounts(_told_twice(drafts))), home)


def _legs(drafts: list[Draft], home: str | None) -> list[Draft]:
    """ "will travel to Saudi Arabia and Qatar on Saturday", "a visit to Kazakhstan,
    Uzbekistan and Mongolia, scheduled for August 9-12": a visit to each country, on the
    trip's day (or in its month, when the trip lasts days and the leg's own is not told),
    unless the story tells that leg apart."""
    out: list[Draft] = []
    for draft in drafts:
        if draft.kind == "visit" and (each := _each_travelling(draft)):
            out += each
            continue
        if draft.kind == "deportation" and (each := _each_destination(draft, home)):
            out += each
            continue
        side = _traveller_country(draft, fallback=False)
        places = [c for c in draft.countries if c not in side]
        if draft.kind != "visit" or len(side) != 1 or len(places) < 2 or draft.start is None:
            out.append(draft)
            continue
        whole = draft.start if draft.end is None else _within(draft.start, draft.end)
        # "is in Egypt, the first stop of a trip to four African countries and Singapore":
        # the first place on the day told, the others some day of its month.
        later = _within(draft.start, None) if TOUR.search(draft.evidence) else whole
        # "was set to visit Paris on Friday after stops in Brussels and Berlin": stops made
        # before the day told, some day of its month; "has now travelled to Rome …, before
        # heading to Jakarta": a stop still to come.
        before = _places_listed(EARLIER_STOPS, draft.evidence)
        next_stops = _places_listed(LATER_STOPS, draft.evidence)
        # The trip's figures go with its first leg (or the first told apart).
        figures = draft.figures
        for place in places:
            told = next(
                (
                    d
                    for d in drafts
                    if d.kind == "visit" and d is not draft and set(d.countries) == {side[0], place}
                ),
                None,
            )
            if told is None:
                start = whole if place == places[0] else later
                status = draft.status
                if place in before or place in next_stops:
                    start = _within(draft.start, None)
                if place in next_stops and draft.status == EventStatus.OCCURRED:
                    status = EventStatus.SCHEDULED
                out.append(
                    _copy(
                        draft,
                        countries=[side[0], place],
                        start=start,
                        end=None,
                        figures=figures,
                        status=status,
                    )
                )
            else:
                told.figures += figures
            figures = []
    return out


def _places_listed(pattern: re.Pattern[str], text: str) -> set[str]:
    """The states of the places the pattern's matches list."""
    return {
        code for stop in pattern.finditer(text) for code in COUNTRIES.find(stop.group("places"))
    }


VISIT_CUE = dict(KIND_CUES)["visit"]
# Several flights, not one flight's stops: "conducted multiple removal flights including
# Ecuador, Guatemala and Honduras".
SEVERAL_FLIGHTS = re.compile(
    r"\b(?:multiple|several|separate|\d+|two|three|four|five)?\s*(?:removal|deportation|return|charter)"
    r"\s+flights\b(?![^.;]{0,40}\bhave\s+taken\s+off\b)",
    re.I,
)


def _each_destination(flight: Draft, home: str | None) -> list[Draft]:
    """Removal flights to several states are one removal to each (the figures with the
    first); nothing when the sentence tells of one flight."""
    if not SEVERAL_FLIGHTS.search(flight.evidence) or len(flight.countries) < 3:
        return []
    sender = home if home in flight.countries else flight.countries[0]
    return [
        _copy(flight, countries=[sender, place], figures=flight.figures if i == 0 else [])
        for i, place in enumerate(c for c in flight.countries if c != sender)
    ]


# "Lesotho's Sam Matekane": a state's, before a name.
POSSESSOR = re.compile(r"(?P<owner>(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*)['’]s\s+(?=[A-Z])")


def _each_travelling(visit: Draft) -> list[Draft]:
    """ "Rwanda's President Paul Kagame, Angola's President João Lourenço and Lesotho's Sam
    Matekane landed in the capital": leaders of several states, named before the journey,
    each on a visit of their own to the one place (or nothing, when it is no such visit)."""
    text = visit.evidence
    cues = [m.start() for m in (VISIT_CUE.search(text), ARRIVAL.search(text)) if m is not None]
    if not cues:
        return []
    subjects = [p for p in visit.participants if p.country and 0 <= _named_at(text, p) < min(cues)]
    # Those named by their state's name alone travel too ("Lesotho's Sam Matekane").
    named = [
        c
        for owner in POSSESSOR.finditer(text, 0, min(cues))
        for c in COUNTRIES.find(owner.group("owner"))
        if c in visit.countries
    ]
    sides = list(dict.fromkeys([*(p.country for p in subjects), *named]))
    places = [c for c in visit.countries if c not in sides]
    if len(sides) < 2 or len(places) != 1:
        return []
    return [
        _copy(
            visit,
            countries=[side, places[0]],
            participants=[p for p in subjects if p.country == side],
            figures=visit.figures if side == sides[0] else [],
        )
        for side in sides
    ]


def _headline_span(
    drafts: list[Draft], span: dates.DateMention, named: set[str], official: str | None
) -> None:
    """The visit a release's headline dates ("… to Indonesia, 5 to 6 November 2024") lasts
    those days, though its text tells only the last ("concluded his visit today")."""
    assert span.start is not None
    assert span.end is not None
    first, last = span.start.first_day, span.end.last_day
    for draft in drafts:
        if not _of_headline(draft, named, official):
            continue
        inside = draft.start is None or first <= draft.start.first_day <= last
        if inside and (draft.end is None or draft.end.last_day <= last):
            draft.start, draft.end = span.start, span.end
        return


def _of_headline(draft: Draft, named: set[str], official: str | None, leg: bool = False) -> bool:
    """Whether a draft is the visit its headline names (or, with ``leg``, one stop of
    it): to the countries the headline names, between them, the travellers' own and the
    government telling it ("… to Qatar, 24 to 27 November 2024", not "will depart Doha for
    Ankara on 27 November")."""
    parties = set(draft.countries)
    travellers = {p.country for p in draft.participants}
    to = bool(named & parties) if leg else named <= parties
    return draft.kind == "visit" and to and not parties - named - travellers - {official}


def _told_twice(drafts: list[Draft]) -> list[Draft]:
    """An exchange told twice between the same people on the same day is one: "A photograph
    shows Modi with his Kuwaiti counterpart, Sheikh Ahmad, at a meeting on Sunday", then
    "Modi held talks with the Amir, with the Crown Prince, and with Prime Minister Sheikh
    Ahmad" (three meetings, one of them the first)."""
    kept: list[Draft] = []
    for draft in drafts:
        names = {p.name for p in draft.participants}
        same = next(
            (
                other
                for other in kept
                if draft.kind in EXCHANGES
                and other.kind == draft.kind
                and draft.start is not None
                and (other.start, other.end) == (draft.start, draft.end)
                and set(other.countries) == set(draft.countries)
                and len(names) >= 2
                and {p.name for p in other.participants} == names
            ),
            None,
        )
        if same is None:
            kept.append(draft)
            continue
        same.figures += draft.figures
        same.topics += [t for t in draft.topics if t not in same.topics]
    return kept


def _attendees(drafts: list[Draft]) -> None:
    """A summit's states include those of the meetings held on its sidelines in its days
    ("Sharif met Putin and Erdogan on the sidelines of the SCO summit" shows Russia and
    Türkiye attending), and, of a summit known only as the occasion of such meetings, those
    of every meeting in its days ("The prime minister also held informal meetings with
    …")."""
    for summit in drafts:
        if summit.kind != "summit" or summit.start is None:
            continue
        for meeting in drafts:
            if (
                meeting.kind == "meeting"
                and meeting.start is not None
                and (summit.occasion or SIDELINES.search(meeting.evidence))
                and _during(summit, meeting.start)
            ):
                summit.countries += [c for c in meeting.countries if c not in summit.countries]


# How a statement that tells of another event reads: "In a post on X on Wednesday, the
# spokesperson said", "In a statement issued on Wednesday, the State Department said".
ACCOUNT = re.compile(
    r"\b(?:in a (?:post|statement|tweet|readout|message)\b|posted on|wrote on|"
    r"spokes(?:person|man|woman)\b[^.;]{0,160}\b(?:said|says|wrote|added))",
    re.I,
)


def _accounts(drafts: list[Draft]) -> list[Draft]:
    """A statement that is one side's account of an exchange the article tells (within a
    day of it, between the same countries) is part of that exchange, not an event of its
    own; a joint statement stands."""
    kept = []
    for draft in drafts:
        told = None
        if (
            draft.kind == "statement"
            and draft.start is not None
            and ACCOUNT.search(draft.evidence)
            and "joint" not in draft.evidence.lower()
        ):
            told = next(
                (
                    other
                    for other in drafts
                    if other.kind in BETWEEN
                    and other.start is not None
                    and abs((other.start.first_day - draft.start.first_day).days) <= 1
                    and set(draft.countries) & set(other.countries)
                ),
                None,
            )
        if told is None:
            kept.append(draft)
        else:
            _join(told.participants, draft.participants)
    return kept


def _full_names(drafts: list[Draft]) -> None:
    """ "President Costa to attend …" above "António Costa, President of the European
    Council, will travel": one person, by the full name the article gives (when one
    person of the article bears that surname)."""
    bearers: dict[str, list[Participant]] = {}
    for person in (p for d in drafts for p in d.participants):
        if len(person.name.split()) > 1:
            named = bearers.setdefault(person.name.split()[-1], [])
            if all(p.name != person.name for p in named):
                named.append(person)
    for draft in drafts:
        people: list[Participant] = []
        for person in draft.participants:
            full = bearers.get(person.name, [])
            if len(person.name.split()) == 1 and len(full) == 1:
                person = full[0]
            if all(p.name != person.name for p in people):
                people.append(person)
        draft.participants = people


def _travellers(drafts: list[Draft]) -> None:
    """A meeting with one side named, held where a trip told before went, is the
    traveller's: "In Denmark, he will meet Prime Minister Mette Frederiksen"."""
    for index, draft in enumerate(drafts):
        if draft.kind not in EXCHANGES or len(draft.countries) != 1:
            continue
        if any(BODY_SIDE.search(p.title) for p in draft.participants):
            continue  # "informal meetings with … UN Secretary-General António Guterres"
        trips = [d for d in drafts[:index] if d.kind in TRIPS and draft.countries[0] in d.countries]
        if trips:
            sides = [p.country for p in trips[-1].participants if p.country]
            draft.countries += [c for c in dict.fromkeys(sides) if c not in draft.countries]


def _join(people: list[Participant], more: list[Participant]) -> list[Participant]:
    """Add to ``people`` (in place) those of ``more`` not among them by name: "Tsahkna"
    is not added to "Margus Tsahkna", and takes his full name when it comes."""
    for person in more:
        if any(p.name == person.name or _short_for(person, p) for p in people):
            continue
        short = next((i for i, p in enumerate(people) if _short_for(p, person)), None)
        if short is None:
            people.append(person)
        else:
            people[short] = person
    return people


def _short_for(short: Participant, full: Participant) -> bool:
    """Whether one person's one name is a later word of another's full name."""
    return " " not in short.name and short.name in full.name.split()[1:]


def _fold_undated(
    drafts: list[Draft], published: date | None = None, official: str | None = None
) -> list[Draft]:
    """A sentence that reports an event without any date, in an article whose other
    events are dated, is background or elaboration ("Rubio thanked Pakistan for …"): its
    people and figures join the dated event before it (or the first), and it is no event
    of its own, unless it is an exchange between named people (a call, a meeting). An
    article that dates no event keeps its undated drafts; the first, told as done, is of
    the month it was ``published``."""
    dated = [d for d in drafts if d.start is not None]
    if not dated:
        if published is not None:
            # The first, and those its sentence tells with it ("has met his counterparts from
            # Tonga and Samoa": a meeting with each).
            for draft in [d for d in drafts if d.evidence == drafts[0].evidence]:
                if draft.status == EventStatus.OCCURRED and not SINCE.search(draft.evidence):
                    # "43 failed asylum seekers and foreign offenders were returned on a
                    # charter flight to Nigeria and Ghana", in a release that dates
                    # nothing: done by the time it came out, in its month.
                    draft.start = PartialDate(published.year, published.month)
        return drafts
    for draft in drafts[:2]:
        if (
            draft.kind == "visit"
            and draft.start is None
            and published is not None
            and draft.status == EventStatus.OCCURRED
            and UNDER_WAY.search(draft.evidence)
        ):
            # "Polish President Karol Nawrocki has begun a state visit to the Czech
            # Republic": the visit under way on the day the story is told.
            draft.start = PartialDate.from_date(published, "day")
            dated.append(draft)
    target = dated[0]
    trips = [d for d in dated if d.kind in TRIPS]
    first_trip = trips[0] if trips else None
    trip = None
    gathering = None
    kept = []
    series = None  # the last exchange told as one of several ("met a series of leaders")
    for draft in drafts:
        if draft.start is not None:
            target = draft
            trip = draft if draft.kind in TRIPS else trip
            gathering = draft if draft.kind in {"meeting", "summit"} else gathering
            if draft.kind in EXCHANGES and SERIES.search(draft.evidence):
                series = draft
            kept.append(draft)
            continue
        if (
            series is not None
            and draft.kind == series.kind
            and series.start is not None
            and series.start.precision == "day"
            and ALSO.search(draft.evidence)
        ):
            # "Sharif met a series of world leaders on Sunday, among them …", then "The
            # prime minister also held informal meetings with …": more of that day's, the
            # one who met them on one side ("He also met Vietnam's Prime Minister").
            draft.start, draft.status = series.start, series.status
            if len(draft.countries) < 2:
                side = _traveller_country(series, fallback=False)
                draft.countries = list(dict.fromkeys([*side, *draft.countries]))
            kept.append(draft)
            continue
        exchange = next((k for k in reversed(kept) if k.kind == draft.kind), None)
        if (
            draft.kind in EXCHANGES
            and ALSO.search(draft.evidence)
            and exchange is not None
            and _one_day_told(exchange)
            and trip is not None
            and _ended_before(trip, exchange)
        ):
            # "Blanár held talks on Thursday with Bayramov …", "the two had also met during
            # Fico's visit to Baku in May", then "Blanár also held talks with Mirzoyan":
            # another of that Thursday's exchanges, not one of the trip recalled.
            assert exchange.start is not None
            draft.start, draft.status = exchange.start, exchange.status
            kept.append(draft)
            continue
        summit = (
            next((d for d in reversed(kept) if d.kind == "summit" and _one_day_told(d)), None)
            if draft.kind in EXCHANGES and SIDELINES.search(draft.evidence)
            else None
        )
        if summit is not None:
            # "On Thursday (Dec 19), Prof Yunus addressed the 11th D-8 summit", then "On the
            # sidelines of the D-8 summit, Prof Yunus held a bilateral meeting with …":
            # the summit's day.
            assert summit.start is not None
            draft.start, draft.end, draft.status = summit.start, None, summit.status
            kept.append(draft)
            continue
        during = trip or (first_trip if DURING.search(draft.evidence) else None)
        if during is not None and (leg := _tour_leg(during, draft)) is not None:
            # "…will travel to Malaysia, Singapore, and the Republic of Korea, from October
            # 24 to November 1", then "In Singapore, the Prime Minister will meet …": the
            # stop in Singapore, a visit of its own, with what is done there; of the month
            # the tour begins in (its days are not told).
            if leg not in kept:
                kept.append(leg)
            draft.start, draft.end, draft.status = leg.start, None, leg.status
            draft.countries = list(leg.countries)
            kept.append(draft)
            continue
        if (
            during is None
            and gathering is not None
            and draft.kind in {"agreement", "visit"}
            and draft.countries
            and set(draft.countries) <= set(gathering.countries)
        ):
            # "The 10th Session of the Joint Commission will also be a platform to sign a
            # Memorandum of Understanding", "The Working Visit is expected to …": at the
            # session, on its day.
            draft.start, draft.end, draft.status = gathering.start, gathering.end, gathering.status
            kept.append(draft)
            continue
        if during is not None and during.start is not None and draft.kind in DURING_TRIPS:
            # "During the visit, a Friendship Charter was signed", or a meeting told after
            # the visit: within the visit's dates, as it is (scheduled or held).
            # A day's visit told as held holds what was done on it; what is still to come
            # during a trip under way ("is scheduled to meet") is known to its month.
            held = _one_held_day(during) and draft.status != EventStatus.SCHEDULED
            # A line of a day's programme ("12h00: Official Talks by …") is of that day.
            held = held or bool(PROGRAMME_ITEM.match(draft.evidence) and _one_day(during))
            draft.start, draft.end = _within(during.start, during.end, held), None
            if draft.day is not None and _inside(draft.day, during):
                draft.start = draft.day  # the programme's day it was told under
            if draft.kind in EXCHANGES and len(draft.countries) < 2 == len(during.countries):
                third = [c for c in draft.countries if c not in during.countries]
                # The visit that is the trip (or that the gathering is the purpose of).
                visit = next(
                    (
                        k
                        for k in reversed(kept)
                        if k.kind == "visit" and k.countries == during.countries
                    ),
                    None,
                )
                if third and visit is not None:
                    # "While there, he will meet Chinese Premier Li": a third state's
                    # leader, met there by the traveller.
                    draft.countries = [*_traveller_country(visit), *third]
                elif during.kind == "visit":
                    # "During the visit he will meet with Prime Minister James Marape":
                    # the host of the trip to one country, whom the release names bare.
                    draft.countries = list(during.countries)
            told_ahead = draft.status == EventStatus.SCHEDULED and SCHEDULED_CUES.search(
                draft.evidence
            )
            if draft.status not in {EventStatus.POSTPONED, EventStatus.CANCELLED} and not (
                told_ahead and during.status == EventStatus.OCCURRED
            ):
                # Not "a meeting … but those plans fell through", nor "During his stay in
                # Qatar, Al-Sisi is scheduled to meet Sheikh Tamim", the trip under way.
                draft.status = during.status
            kept.append(draft)
            continue
        if (
            during is not None
            and draft.kind == "call"
            and _one_held_day(during)
            and draft.status != EventStatus.SCHEDULED
        ):
            # "Today 6 September, Foreign Minister Tsahkna was on a visit to Helsinki …
            # With his Finnish counterpart, Minister Tsahkna had a phone conversation
            # with …": a call made during a day's visit told as held, on that day.
            assert during.start is not None
            draft.start, draft.end, draft.status = during.start, None, during.status
            kept.append(draft)
            continue
        if (
            draft.kind in EXCHANGES
            and (target.kind in EXCHANGES or (target.kind in TRIPS and _one_held_day(target)))
            and target.start is not None
            and target.start.precision == "day"
            and target.end is None
            and (ALSO.search(draft.evidence) or SERIES.search(target.evidence))
            # The sides: those named, and the government whose release it is ("He
            # subsequently had a meeting with Prime Minister of Estonia Kaja Kallas").
            and len({*draft.countries, *(p.country for p in draft.participants), official} - {None})
            >= 2
        ):
            # "Bourita held, Wednesday in Cairo, a series of talks …" then "Bourita met
            # with …", "Bourita also discussed with his Egyptian counterpart …": another
            # exchange of that day.
            draft.start, draft.status = target.start, target.status
            kept.append(draft)
            continue
        if (
            draft.kind in {"statement", "agreement"}
            and target.kind in EXCHANGES | {"summit"}
            and target.start is not None
            and target.start.precision == "day"
            and target.end is None
            and ALSO.search(draft.evidence)
            and set(draft.countries) <= set(target.countries)
        ):
            # "The two leaders on Aug. 23 announced this … after their summit" then "They
            # also released the meeting's outcome in an official statement": the outcome
            # of that day's exchange, between its parties.
            draft.start, draft.status = target.start, target.status
            draft.countries = list(target.countries)
            _join(draft.participants, target.participants)
            kept.append(draft)
            continue
        if draft.kind in EXCHANGES and len(draft.participants) >= 2:
            kept.append(draft)  # "Albanese said he had spoken with Trump": people, a call
            continue
        if (
            draft.kind == "visit"
            and trip is not None
            and trip.start is not None
            and draft.status == EventStatus.OCCURRED == trip.status
            and _another_stop(trip, draft)
        ):
            # "Peters has taken part in two events in Nice, France this week", then "has now
            # travelled to Rome …": the traveller's next stop, some day of the trip's month.
            draft.start, draft.end = _within(trip.start, trip.end), None
            kept.append(draft)
            continue
        if (
            draft.kind == "visit"
            and trip is not None
            and trip.kind == "visit"
            and trip.start is not None
            and draft.status == EventStatus.SCHEDULED == trip.status
            and (there := [c for c in draft.countries if c not in trip.countries])
        ):
            # "This week, Marles, Wong and Conroy will travel to the Pacific", then "The
            # Deputy Prime Minister will travel to Papua New Guinea …", "The Foreign
            # Minister will then travel to Fiji …" (a trip announced): the trip's first
            # stop, then each other a visit of its own, known to the trip's month.
            if len(trip.countries) < 2:
                trip.countries += there
                _join(trip.participants, draft.participants)
                continue
            sides = _traveller_country(trip)
            draft.start, draft.end = _within(trip.start, trip.end), None
            draft.countries = list(dict.fromkeys([*sides, *there]))
            kept.append(draft)
            continue
        _join(target.participants, draft.participants)
        target.figures += draft.figures
    return kept


def _ended_before(trip: Draft, event: Draft) -> bool:
    """The trip was over before the event's day."""
    last = trip.end or trip.start
    return last is not None and event.start is not None and last.last_day < event.start.first_day


def _one_day_told(event: Draft) -> bool:
    """The event is told with its day, and lasts no longer."""
    return event.start is not None and event.start.precision == "day" and event.end is None


def _traveller_country(trip: Draft, fallback: bool = True) -> list[str]:
    """The country of the trip's first traveller named with one (else, with ``fallback``,
    the trip's first country), as a list of at most one."""
    own = [p.country for p in trip.participants if p.country][:1]
    return own or (trip.countries[:1] if fallback else [])


def _tour_leg(tour: Draft, draft: Draft) -> Draft | None:
    """The stop of a tour of several countries, told with its first and last days, that
    an undated meeting, summit or agreement is told in ("In Singapore, …", "While in
    Malaysia, …"), as a visit: made from the tour (which keeps the other stops) the first
    time it is told."""
    if draft.kind not in DURING_TRIPS | {"summit"} or tour.kind != "visit":
        return None
    if tour.start is None or tour.end is None:
        return None  # a tour told with its days, first to last
    travellers = _traveller_country(tour, fallback=False)
    places = [c for c in tour.countries if c not in travellers]
    if not travellers:
        return None
    for leg in tour.legs:
        if set(draft.countries) - set(travellers) == set(leg.countries) - set(travellers):
            return leg  # "While in Malaysia, …" after "In Kuala Lumpur, Malaysia, …"
    if len(places) < 2:
        return None  # the last stop is the tour's own
    here = [c for c in draft.countries if c in places]
    if len(here) != 1 or not IN_PLACE.match(draft.evidence):
        return None
    month = PartialDate(tour.start.year, tour.start.month) if tour.start.month else tour.start
    leg = Draft(
        "visit",
        draft.evidence,
        month,
        status=tour.status,
        countries=[*travellers, *here],
        participants=list(tour.participants),
    )
    tour.legs.append(leg)
    tour.countries = [c for c in tour.countries if c not in here]
    # The stops left are the tour's, some days of it up to its last (not all of them).
    tour.start = month
    return leg


def _own_release(drafts: list[Draft], official: str) -> None:
    """The government whose own release it is is a party to what it tells of itself: "43
    failed asylum seekers … were returned on a charter flight to Nigeria and Ghana", in the
    Home Office's release, is the UK's removal (a newspaper's country is no party to the
    flights it reports); so is a parliament's record of its own question time, and a
    statistics office's release of its own figures; and a call, a meeting, a visit, an
    agreement, a statement or a measure its own release tells with one other state only
    ("anti-dumping duties on Chinese steel plate", in the trade ministry's release)."""
    for draft in drafts:
        if official in draft.countries:
            if draft.kind in OWN_RELEASE:
                # The release's own removal flight, question time, figures: its country
                # leads ("returned to Vietnam and Timor-Leste … from the UK" is the UK's).
                draft.countries.remove(official)
                draft.countries.insert(0, official)
            continue
        if draft.kind in OWN_RELEASE or (
            draft.kind in EXCHANGES | MEASURES | {"visit", "agreement", "statement"}
            and len(draft.countries) == 1
        ):
            draft.countries.insert(0, official)


def _called_off(drafts: list[Draft]) -> None:
    """What a trip put off or called off was to hold is off too: "Biden has put off his
    trip to Germany and Angola … The following day Steinmeier was to welcome him" (what
    is still to come in the trip's month, with one of its countries: a meeting, a summit, a
    signing, not a measure)."""
    off = [
        d
        for d in drafts
        if d.kind in TRIPS and d.status in {EventStatus.POSTPONED, EventStatus.CANCELLED}
    ]
    for draft in drafts:
        if (
            draft.status != EventStatus.SCHEDULED
            or draft.kind not in TRIPS | DURING_TRIPS | EXCHANGES
        ):
            continue  # not a measure that comes into force while the trip is off
        for trip in off:
            same_month = (
                trip.start is None
                or draft.start is None
                or (draft.start.year, draft.start.month) == (trip.start.year, trip.start.month)
            )
            if set(trip.countries) & set(draft.countries) and same_month:
                draft.status = trip.status
                break


def _back_from(trip: Draft, mention: dates.DateMention) -> bool:
    """The mention is a day within two weeks after the trip's first day."""
    start, day = trip.start, mention.start
    if start is None or day is None or start.precision != "day" or day.precision != "day":
        return False
    return mention.end is None and 0 < (day.first_day - start.first_day).days <= 14


def _one_day(trip: Draft) -> bool:
    """A trip of one day, not one told by its last ("concluded his visit today")."""
    return (
        trip.start is not None
        and trip.start.precision == "day"
        and trip.end is None
        and not CONCLUDED.search(trip.evidence)
    )


def _one_held_day(trip: Draft) -> bool:
    """A trip of one day told as held."""
    return _one_day(trip) and trip.status == EventStatus.OCCURRED


# A meeting with someone ("my 26th meeting with Dr S. Jaishankar"), not a conference.
WITH_SOMEONE = re.compile(r"(?:[\w-]+\s+){0,2}?(?:meeting|meet)\s+with\b", re.I)
# A sentence that goes on with the count of the one before: "The count then rose to 1,303
# in 2016".
GOES_ON = re.compile(r"\b(?:count|number|total|figure|tally|of them|of those)\b", re.I)
# "meet with him", "will hold talks with them": the other side, told before.
PRONOUN_AFTER = re.compile(r"[\w\s-]{0,30}?\b(?:with|to)\s+(?:him|her|them)\b", re.I)
# Exchanges held one by one with each person the sentence names.
# "met first with Chinese President Xi Jinping and then with Premier Li Qiang": one after
# the other, each met by those named before.
FIRST_THEN = r"\bfirst\s+with\b(?=[^.;]{1,150}?\bthen\s+with\b)"
SEPARATELY = re.compile(
    rf"\b(?:respectively|separately|individually|one-on-one with each|separate\s+(?:phone\s+)?"
    rf"(?:calls|conversations|meetings|talks))\b|{FIRST_THEN}",
    re.I,
)
# Kinds of event that last: days in a row are one event's span.
LASTING = {"visit", "summit", "meeting"}


# "a two-day visit", "a three-day state visit", "4-day trip", "a week-long visit" (about a
# week: its days are not told)
LASTING_FOR = re.compile(
    r"\b(?:(?P<n>two|three|four|five|six|seven|[2-9])-day|(?P<week>week-?long|one-week))\s+"
    r"(?:[\w-]+\s+){0,2}?(?:visit|trip|tour)\b",
    re.I,
)
# A date that is a trip's first day: "arrived … on Monday", "will arrive today on a two-day
# state visit", "starting Monday", "from Monday",
# "on Wednesday on the first of a three-day State Visit".
FIRST_DAY = re.compile(
    r"\b(?:arrive|arrived|arrives|arriving|landed|lands|flew\s+into|touched\s+down|start|starts|"
    r"started|starting|begin|begins|began|beginning|from|"
    r"(?:on|in)\s+the\s+first\s+(?:day\s+)?of)\b",
    re.I,
)
# A date that is a trip's last day: "left Hanoi on March 29, bringing to an end a three-day
# state visit", "concluded a two-day visit on Friday".
LAST_DAY = re.compile(
    rf"\b(?:left|leaves|departed|departs|flew\s+home|{_ENDED}|to\s+an?\s+(?:end|close))\b",
    re.I,
)


def _lasting_days(text: str, draft: Draft) -> int:
    """How many days a trip that starts on the draft's day lasts, when the sentence says
    ("arrived … on Monday for a two-day visit"); as a negative number, of a trip that ends
    on it ("left Hanoi on March 29, ending a three-day visit"); or 0."""
    if draft.start is None or draft.start.precision != "day":
        return 0
    lasting = LASTING_FOR.search(text)
    if lasting is None:
        return 0
    days = _days_long(lasting)
    if FIRST_DAY.search(text):
        return days
    return -days if LAST_DAY.search(text) else 0


def _last_day_later(trip: Draft, mention: Draft) -> None:
    """A trip told with the day it began, then its length: "Xi flew into Budapest on May
    8 …", then "Xi's three-day visit to Hungary coincides with …" (8-10 May)."""
    if trip.kind not in TRIPS or trip.end is not None or trip.start is None:
        return
    if trip.start.precision != "day" or not FIRST_DAY.search(trip.evidence):
        return
    if (lasting := LASTING_FOR.search(mention.evidence)) is None:
        return
    last = trip.start.first_day + timedelta(days=_days_long(lasting) - 1)
    trip.end = PartialDate.from_date(last, "day")


WEEK_LONG = re.compile(r"\b(?:week-?long|one-week)\s", re.I)


def _months(start: PartialDate, end: PartialDate) -> tuple[PartialDate, PartialDate | None]:
    """The month a span of days fell in, or its first and last months."""
    first = PartialDate(start.year, start.month)
    last = PartialDate(end.year, end.month)
    return first, (None if last == first else last)


def _days_long(lasting: re.Match[str]) -> int:
    """The days a LASTING_FOR match says: "three-day visit" is 3, "week-long visit" 7."""
    if lasting.group("week"):
        return 7
    n = lasting.group("n").lower()
    return int(n) if n.isdigit() else NUMBER_WORDS[n]


def _next_day(first: dates.DateMention, second: dates.DateMention) -> bool:
    if first.start is None or second.start is None:
        return False
    if first.start.precision != "day" or second.start.precision != "day":
        return False
    return (second.start.first_day - first.start.first_day).days == 1


# "… on Monday and Trump on Tuesday", "… and with President Ruto on Friday": another
# exchange of the same verb, on its own day.
AND_THEN = re.compile(
    r"\band\s+(?:(?:with|in|to)\s+)?(?:(?:the\s+)?[A-Z][\w'’.-]*\s+){1,5}(?:(?:on|late on|early on)\s+)?$"
)
# A clause that times the event by another's: "…, a few days before US President Donald
# Trump sets off on a tour of the region".
OTHER_EVENT_CLAUSE = re.compile(
    r",\s+(?:just\s+)?(?:a\s+few|two|three|four|five|several|some|\d{1,2})\s+(?:days?|weeks?|"
    r"hours?|months?)\s+(?:before|after|ahead\s+of)\s+"
)
# Where a traveller sets off from, for the next stop: "leaves Cairo for Accra".
LEAVES_FOR = re.compile(
    r"\b(?:leaves|left|departs|departed|departing|leaving|flies\s+from|flew\s+from)\s+"
    r"(?P<whence>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+(?:for|to)\s+(?=[A-Z])"
)
# A statement that reports on other events: "in a statement", "the spokesperson said".
REPORTING = re.compile(
    r"\b(?:in a statement|said in a statement|spokes(?:person|man|woman)\b[^.;]{0,120}\bsaid|"
    r"(?:a|the) readout\b[^.;]{0,80}\bsaid|"
    # "Russia said on Thursday it would close Finland's consulate": the step said
    r"(?:said|announced|declared)(?:\s+on)?\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday))\b",
    re.I,
)
# What the parties spoke of from the past: "They recalled that …", "recalling the …".
RECALLED = re.compile(r"\b(?:recalled|recalling|reminded|reminisced)\b", re.I)
# "The report recalled that a day earlier … had received …": the account tells the news.
ACCOUNT_RECALLS = re.compile(
    r"\b(?:report|statement|release|readout|communiqu[eé]|agency|newspaper|article|"
    r"broadcaster|channel|ministry)\s+(?:also\s+)?(?:recalled|reminded)\b",
    re.I,
)
# A trip, and what happened there: "travelled to Kyiv today, where he met …", "will travel
# to Australia and Singapore from November 3 to 8, meeting the leaders of both countries".
# A meeting told inside the trip it was held on: "while on an official visit to the
# country", "who was on a one-day official visit to Sri Lanka", "during his official visit
# to Oman" (not "during the visit", told before).
COUNTERPARTS = re.compile(r"\bcounterparts?\b")
# A visit told as begun on the day: "has begun a state visit to" (not "is on a three-day
# visit", begun some day before).
UNDER_WAY = re.compile(
    r"\b(?:has|have)\s+(?:just\s+)?(?:begun|started|commenced)\s+(?:an?|his|her|their)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:visit|trip|tour)\b",
    re.I,
)
ON_A_VISIT = re.compile(
    r"\b(?:while|who\s+(?:is|was|were|are))\s+on\s+(?:a|an|his|her|their)\s+(?:[\w-]+\s+){0,3}?"
    r"visit\b|\bduring\s+(?:his|her|their|its|an?)\s+(?:[\w-]+\s+){0,3}?visit\b"
    # "Oyun-Erdene, who is in Shanghai for the seventh China International Import Expo"
    r"|\bwho\s+(?:is|was|were|are)\s+in\s+(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*)?,?\s+"
    r"(?:for|to\s+attend)\s+the\b",
    re.I,
)
WHERE = re.compile(r",?\s+where\b|,\s+(?=meeting\b)", re.I)
# A question (a reporter's at a press conference) reports no event.
QUESTION = re.compile(r"\?[\"”’)]*\s*$")
# A sentence told in one place of a tour: "In Kuala Lumpur, Malaysia, …", "While in
# Malaysia, …", "In Singapore, the Prime Minister will meet …".
IN_PLACE = re.compile(
    r"\s*(?:In|While\s+in|During\s+(?:his|her|their)\s+stay\s+in|At)\s+(?-i:[A-Z])"
)
# An envoy expelled: "Rasool, South Africa's ambassador to the United States, had been
# expelled".
ENVOY_EXPELLED = re.compile(
    r"\b(?:ambassador|envoy|diplomats?|charg[eé] d['’]affaires)\b[^.;]{0,80}?\bexpell?(?:ed|ing)\b|"
    r"\bexpel(?:s|led|ling)?\s+(?:[\w'’-]+\s+){0,4}?(?:ambassador|envoy|diplomats?|"
    r"charg[eé] d['’]affaires)\b",
    re.I,
)
# Leaders who watch their ministers sign: "oversaw the signing of the agreements",
# "witnessed the signing of five MoUs".
OVERSAW_SIGNING = re.compile(
    r"\b(?:oversaw|oversee|witnessed|witness|presided over|attended)\s+the\s+signing\b", re.I
)
# The verb of a day's announcement: "Today, the Prime Minister announced that …".
ANNOUNCING = re.compile(r"\b(?:announced|announces|said|says|stated|confirmed)\b")
# Wording that places an event inside a trip told elsewhere in the article.
DURING = re.compile(
    r"\b(?:during|throughout|in the course of|on the sidelines of|while in|alongside)\b", re.I
)
# Trips, and what happens during them without a date of its own.
TRIPS = {"visit", "summit"}
DURING_TRIPS = {"meeting", "agreement"}


def _inside(day: PartialDate, trip: Draft) -> bool:
    """The day is one of the trip's days."""
    if trip.start is None:
        return False
    last = (trip.end or trip.start).last_day
    return trip.start.first_day <= day.first_day and day.last_day <= last


def _within(start: PartialDate, end: PartialDate | None, held: bool = False) -> PartialDate:
    """The least precise date that holds a span: 23-24 Aug 2025 is Aug 2025; a trip
    whose end is not told ("Today I travel to India") is known to its month, unless it is
    told as held on that day ("On 7 February 2024, Prime Minister Hun Manet paid an
    official visit to Thailand"): a day's visit."""
    if end is None and start.precision == "day" and held:
        return start
    if end is None and start.precision == "day":
        return PartialDate(start.year, start.month)
    if end is None or end == start:
        return start
    if (start.year, start.month) == (end.year, end.month):
        return PartialDate(start.year, start.month)
    return PartialDate(start.year)


# Offices only one government has, named without a holder: "the Secretary of State".
IMPLIED_TITLE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(TITLE_COUNTRY, key=len)[::-1])
    + r")\b(?!\s+for\b)"
)
PREVIOUS_WORDS = re.compile(r"(?:\S+\s+){1,3}$")
# A country passed through: "via Panama", "through Guatemala".
TRANSIT = re.compile(
    r"\b(?:through|via|transiting|after (?:his|her|their|a) (?:[\w-]+ )?(?:stop|stay|visit) in|"
    r"(?:coming|arriving) from|^From)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?"
)
# Where an exchange took place: "in Riyadh, Saudi Arabia", "in Antalya".
VENUE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?"
    r"(?:,\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?"
)
# What a sentence's event is about follows these words; countries named only after them
# are topics, not parties.
TOPIC_MARKER = re.compile(
    r"\b(?:to discuss|discuss(?:ed|ing)?|talked about|spoke about|about|regarding|"
    r"concerning|focus(?:ed|ing)? on|briefed (?:him|her|them|his \w+|her \w+) on|amid|"
    r"(?:in|as a|a) response to|"
    r"informed (?:him|her|them) (?:of|about)|"
    # "their topics included natural gas supplies, the war in Ukraine and …"
    r"(?:topics|agenda|subjects|issues)\s+(?:included|include|covered|ranged))\b",
    re.I,
)
# Why a measure was taken follows these words: "over their arms sales to Taiwan".
REASON = re.compile(
    r"\b(?:over|in view of|in response to|amid|because of|due to|surrounding|related to|"
    r"in connection with|linked to|in retaliation for|involved in|responsible for|"
    r"connected to|for (?:their|its|his|her) (?:role|support|involvement)|"
    r"(?:as a sign of |in )?support (?:for|of)|in solidarity with)\b",
    re.I,
)
# A side that is a body of states, not a state: its event has one country only.
BODY_SIDE = re.compile(
    r"\b(?:Secretary[- ]General|High Representative|European Commission|European Council|"
    r"Council of the European Union|European Parliament|"
    + "|".join(re.escape(b) for b in BLOCS if len(b) > 2)
    + r")\b"
)
# A body's summit ("the NATO Summit in The Hague"): its host, not two parties.
BODY_SUMMIT = re.compile(
    r"\b(?:" + "|".join(re.escape(b) for b in BLOCS) + r")\s+(?:[\w-]+\s+){0,2}[Ss]ummit\b"
)
# Kinds of event whose parties are the people taking part.
EXCHANGES = {"call", "meeting"}
# Kinds whose government's own release makes that government a party.
OWN_RELEASE = {"deportation", "parliamentary", "data-release"}
# Kinds of event whose countries are those of the people who took part (a summit's too:
# "Lee and Trump agreed to draw North Korea into talks at their summit").
BETWEEN_PEOPLE = EXCHANGES | {"summit"}
# Kinds of event between two parties at least: a call, a meeting, a visit has someone on
# the other side even when its sentence names one country.
BETWEEN = {"call", "meeting", "visit", "summit", "agreement", "deportation", "parliamentary"}


# A gathering by its name: "the 47th ASEAN Summit", "the annual ASEAN-New Zealand Foreign
# Ministers' Meeting", "the Canada-European Union (EU) Summit" (two joined by "and" are
# two).
GATHERING = re.compile(
    r"(?<![\w-])(?:[A-Z0-9(][\w'’.&()–-]*\s+(?:(?:of|on|for|the)\s+)?){1,8}"
    # "the ASEAN summit", "the G20 summit": a named summit, its head word in lower case
    r"(?P<head>(?i:summit)(?!\s+(?i:meetings?|talks))|Meeting|Forum|Dialogue|Conference|Retreat|Consultations)\b"
)


# The start of a journey told before its arrival: "After setting off on Wednesday".
SET_OFF = re.compile(
    r"\b(?:setting off|set off|departing|departed|took off|taking off|leaving|left)\b", re.I
)
# A dateline in title case, its day kept: "Paris, Dec 22 - ", "Oman, Mar. 6 (Petra) - ".
TITLE_DATELINE = re.compile(
    r"(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?),\s*"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?"  # "Istanbul, Wednesday, 20 August 2025 -"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?)"
    r"(?:\s*\([\w .]{2,30}\))?\s*(?:--|[-–—])\s+"
)
# Those met who speak for no state: companies, business leaders, students, the diaspora.
NOT_OF_STATES = re.compile(
    r"\b(?:meet|meets|meeting|meetings|met)\b[^.;]{0,60}?\bwith\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:companies|firms|businesses|business\s+(?:leaders|community|people|executives)|"
    r"investors|executives|CEOs|entrepreneurs|students|diaspora|community\s+leaders)\b",
    re.I,
)
# A speaker's heading in a parliament's record: "Matt Carthy (Cavan-Monaghan, Sinn Fein)".
SPEECH_HEADING = re.compile(
    r"(?P<name>[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|Ó|Mac)){1,3})"
    r"\s+\([A-Z][^(),]{1,40},\s+[A-Z][^()]{1,50}\)"
)
# A written question and the office it is put to: "To ask the Minister for Justice if …".
ASKED = re.compile(
    r"\W*(?:\d+\.\s*)?To ask the (?P<office>[A-Z][^,.;]{2,120}?)"
    r"(?=,|\s+(?:if|whether|to|what|when|how|the|his|her|about|regarding|for the|in)\b)"
)
# A meeting on a summit's sidelines: "in the margins of the NATO Summit in Washington".
SIDELINES = re.compile(
    r"\b(?:(?:[Oo]n|[Ii]n)\s+the\s+(?:sidelines?|margins?)\s+of|[Dd]uring)\s+(?:the\s+|a\s+)?"
    r"(?P<name>(?:[\w'’().-]+\s+){0,6}?)[Ss]ummit\b"
    # "the summit of Amazon countries held in Bogotá"
    r"(?:\s+of\s+(?:[\w'’-]+\s+){1,3}?(?:held\s+)?(?:in|at)\s+(?P<host>[A-Z][\w'’.-]*)"
    r"|\s+(?:in|at)\s+(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}))?"
)
# A trip and then talks in one clause: "arrived in Warsaw on July 8 and began talks with".
AND_MET = re.compile(
    r"[^.;]{0,120}?\band\s+(?:then\s+)?(?:began|held|opened|started|had|met|hold|holds|"
    r"will\s+(?:hold|meet|have))\b"
)
# Figures of trade: "exports to", "shipments to", "imports from", "trade between".
TRADE_FIGURES = re.compile(
    r"\b(?:exports?|imports?|shipments?|trade|surplus(?:es)?|deficits?|sales|purchases)\b", re.I
)
RANKING = re.compile(r"\b(?:largest|biggest|top|second|third|led|among|ranked)\b", re.I)
TRADE_BETWEEN = re.compile(
    r"\b[Tt]rade\s+between\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s*){1,3}and\s+(?:the\s+)?"
    r"(?:[A-Z][\w.'’-]*\s*){1,3}"
)


def _trade_partners(text: str) -> list[str]:
    """The countries figures of trade are with: "exports to Mexico", "trade between China
    and the United States"."""
    if not TRADE_FIGURES.search(text):
        return []
    # Partners each with a figure of its own: "ran deficits with three major partners:
    # China ($1.38 billion), Australia ($0.43 billion) and Thailand ($0.42 billion)".
    figured = [m.group(1) for m in PARTNER_FIGURE.finditer(text)]
    figured = [words for words in figured if COUNTRIES.find(words)]
    if RANKING.search(text) and len(figured) < 2:
        return []  # "Among suppliers, China led …": a ranking of partners, not the news
    named = [m.group(1) for m in TRADE_WITH.finditer(text)]
    named += [m.group(0) for m in TRADE_BETWEEN.finditer(text)]
    if named or len(figured) >= 2:
        # The list goes on: "shipments to the United States (up RM6.1 billion), then Taiwan
        # (up RM2.3 billion), Singapore (up RM2.1 billion) …".
        named += figured
    return list(dict.fromkeys(code for words in named for code in COUNTRIES.find(words)))


# A partner with its figure in brackets: "Taiwan (up RM2.3 billion)".
PARTNER_FIGURE = re.compile(
    r"((?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*)\s*\((?:up|down)?[^()]{0,30}\d"
)
# The partner of trade figures: "surplus with the United States", "exports to China".
TRADE_WITH = re.compile(r"\b(?:with|to|from)\s+(?:the\s+)?((?:[A-Z][\w.'’-]*\s*){1,3})", re.UNICODE)
# A clause of circumstance up to a cue: "… while the two governments negotiate over".
ASIDE = re.compile(r"\b(?:while|whilst|amid|amidst|despite)\b[^,;]*$", re.I)
# A reporting verb after a name: the person speaks.
SPEAKER = re.compile(
    r"\s+(?:said|says|noted|notes|added|told|stressed|emphasi[sz]ed|underlined|wrote|"
    r"remarked|observed|explained)\b"
)
# Another of the day's doings: "Bourita also discussed with", "In addition, … held talks".
ALSO = re.compile(
    r"\b(?:also|in addition|additionally|separately|subsequently)\b"
    r"|\bfurther(?=\s+(?:met|held|spoke|talked|had)\b)",  # "He further met Lavrov"
    re.I,
)
# Several exchanges told at once, then one by one: "held a series of talks with a number
# of his Arab counterparts", "held several bilateral meetings", "met a series of world
# leaders".
SERIES = re.compile(
    r"\b(?:a\s+series\s+of|a\s+number\s+of|several|a\s+round\s+of|further|"
    # "held talks … with four Asean leaders"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2}))\s+"
    r"(?:[\w-]+\s+)?(?:talks|meetings|consultations|discussions|calls|conversations|leaders|"
    r"counterparts)\b",
    re.I,
)
# Several meetings with the people named next: "held meetings with", "held a series of
# bilateral meetings: with", "continued a series of bilateral consultations".
BILATERALS = re.compile(
    r"\b(?:held|holds|hold|had|continued|began)\s+(?:a\s+series\s+of\s+)?"
    r"(?:(?:bilateral|informal|separate|further|brief|private|one-on-one|face-to-face)\s+)?"
    r"(?:meetings|talks|consultations)\s*:?\s+with\b",
    re.I,
)
# Calls told as several: "held calls with", "phone calls with".
SEVERAL_CALLS = re.compile(
    r"\b(?:held|had|hold|holds|made|phone|telephone)\s+calls\s"
    # "Over the past week Rubio also spoke by phone with …, … and …": calls over days
    r"|\b(?:over|during|in)\s+the\s+(?:past|last)\s+(?:week|few\s+days|days|month)\b",
    re.I,
)
# The news told in the present perfect: "has held a telephone conversation".
HAS_DONE = re.compile(
    r"\b(?:has|have)\s+(?:(?:also|just|now|recently)\s+)?(?:held|had|spoken|met|talked|discussed)\b"
)
# More of the same on other days: "followed by two more on the 15th and 16th".
MORE_LIKE_IT = re.compile(
    r"\b(?:followed by|and then|then)\s+(?:another|(?:one|two|three|four|five|\d+)\s+more|"
    r"a (?:second|third|fourth))\b",
    re.I,
)
# Words that make a list of people one meeting.
TOGETHER = re.compile(
    r"\b(?:together|jointly|both|delegations?|trilateral|joint|all three|each other)\b", re.I
)


# "counterparts, including from Iceland, Italy, …", "the leaders of Comoros, Turkey, …".
COUNTERPARTS_OF = re.compile(
    r"\b(?:(?P<who>counterparts|leaders|(?:foreign\s+)?ministers|heads\s+of\s+(?:state|"
    r"government)|delegations)\b,?(?:\s+(?:including|notably|among\s+them))?\s+(?:from|of)|"
    # "held summit meetings with Australia and the Philippines"
    r"(?P<meetings>(?:summit|bilateral|separate)\s+meetings)\s+with)\s+"
    # "the Foreign Ministers of five ASEAN countries -- Malaysia, Laos, …"
    r"(?:(?:the\s+)?[\w-]+\s+(?:[A-Z]+\s+)?(?:countries|states|nations)\s*(?:--|—|–|:|\()\s*)?"
    r"(?P<states>[^.;:]+)",
    re.I,
)
# Meetings with office-holders listed by office and state ("meetings with Presidents of
# Gabon and Burundi, Prime Minister of Niger, …").
OFFICES_MET = re.compile(
    r"[\w\s-]{0,40}?\bmeetings\s+with\s+(?P<list>(?:the\s+)?(?:[A-Z][\w-]*\s+){0,3}"
    r"(?:Presidents?|Prime\s+Ministers?|Ministers?|Speakers?|Kings?|Emirs?|Chancellors?|"
    r"Foreign\s+Ministers?)\s+(?:of|for)\s+[^.;]+)"
)
# A person's name in a list of offices: two capitalised words not of an office or a state.
PERSON_NAMED = re.compile(r"(?:President|Minister|Speaker|King|Emir)\s+[A-Z][a-z]+\s+[A-Z][a-z]+")
# Whose word is passed on, not who is met: "greetings from", "a letter from", "on behalf
# of".
SENDER = re.compile(
    r"\b(?:(?:greetings|message|letter|regards|wishes|invitation)\s+(?:of|from)|on\s+behalf\s+of)"
    r"\s+(?:[\w'’.,-]+\s+){0,6}$",
    re.I,
)
LIST_GAP = 120  # characters between two names of a list (a title, a comma, "and")
SEVERAL_MEETINGS = re.compile(
    r"\b(?:(?:bilateral|informal|separate)\s+meetings|bilaterals|meetings\s+with|"
    r"one-on-one\s+(?:talks|meetings))\b",
    re.I,
)


# States that each take a measure, listed as the sentence's subject.
IMPOSERS = re.compile(
    r"^(?:The\s+)?(?P<list>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
    r"(?:,\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*"
    r",?\s+and\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+"
    # "The United States and Britain on Monday announced sanctions against a network"
    r"(?:(?:on\s+[A-Z]\w+(?:\s+\d{1,2})?|today|yesterday|jointly|separately)\s+)?"
    r"(?:have\s+|had\s+|each\s+)?"
    r"(?:announced|imposed|introduced|put|placed|slapped|adopted|extended|banned|"
    r"restricted|sanctioned|designated|will\s+impose)\b"
)
LIST_ITEM = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*")


def _imposers(text: str) -> list[str]:
    """The states listed as a sentence's subject when each is a state ("Poland, Slovakia
    and Hungary announced …"), or none."""
    match = IMPOSERS.match(text)
    if match is None:
        return []
    codes = []
    for item in LIST_ITEM.split(match.group("list")):
        found = COUNTRIES.find(item)
        if len(found) != 1 or not COUNTRIES.names_a_place(item) or found[0] in codes:
            return []
        codes += found
    return codes


def _one_by_one(text: str, draft: Draft, cue_at: int) -> bool:
    """ "will meet the Secretary of State, Mr. Marco Rubio, the Secretary of Defense, Mr
    Pete Hegseth, and the National Security Advisor, Mr. Mike Waltz", "talks with President
    Ilham Aliyev of Azerbaijan, President Kassym-Jomart Tokayev of Kazakhstan, …":
    office-holders (or leaders of several countries) listed after the verb, each met in a
    meeting of their own."""
    after = sorted(
        (at, p)
        for p in draft.participants
        if (at := _named_at(text, p)) > cue_at
        and (p.title or (p.country and not p.assumed))
        # "passed on greetings from Ghana's President, John Dramani Mahama": not met.
        and not SENDER.search(text, max(cue_at, at - 60), at)
    )
    if len(after) < 2 or TOGETHER.search(text):
        return False
    titles = {p.title for _, p in after}
    of_states = [p.country for _, p in after if p.country]
    # Leaders of as many states as are named ("… Muizzu and United Nations Secretary-General
    # António Guterres": a state's leaders, and one of no state).
    distinct = len(titles) == len(after) or (
        len(set(of_states)) == len(of_states) >= len(after) - 1
    )
    # A list, one name after another's title: not "talks with Sergey Lavrov and co-chair
    # a session of the Commission on Trade, Economic, … with Denis Manturov".
    listed = all(b - (a + len(p.name)) <= LIST_GAP for (a, p), (b, _) in pairwise(after))
    # Two names joined by "and" are one meeting of three ("talks with Biden and Yoon"),
    # unless the meetings are told as several ("held bilateral meetings with …").
    several = (
        "," in text[cue_at : after[-1][0]]
        or SEVERAL_MEETINGS.search(text) is not None
        or SEVERAL_CALLS.search(text) is not None
    )
    return distinct and listed and several


def _gathering_kind(match: re.Match[str]) -> str:
    return "summit" if match.group("head").lower() == "summit" else "meeting"


# A measure told again with the day it applies: "These provisional duties will apply as of
# 5 July 2024", "The decision takes effect on July 7", "… said the tariffs take effect on
# Saturday".
IN_FORCE_AGAIN = re.compile(
    # "China's Commerce Ministry said the tariffs take effect on Saturday"
    r"^\W*(?:[^.;]{0,80}?\bsaid\s+(?:that\s+)?(?:these|the|this|those)\b|"
    r"(?:These|The|This|Those|Such)\b)[^.;]{0,60}?\b(?:duties|tariffs?|measures?|"
    r"sanctions|decision|levy|levies|restrictions|ban)\b[^.;]{0,40}?\b(?:will apply|apply|"
    r"applies|take effect|takes effect|will take effect|enter into force|enters into force|"
    r"come into force|comes into force|will be in force)\b"
)
# A measure that answers another names the one it answers.
# Where a measure's target follows: "tariffs on Canadian steel", "sanctions against".
TARGETED = re.compile(r"\b(?:on|against|targeting|from)\b", re.I)
BODY_MEASURE = re.compile(r"\b(?:EU|UN|the Council|the Security Council)\b")
RETALIATION = re.compile(
    r"\b(?:counter[- ]?(?:tariffs?|measures?|duties|sanctions)|retaliat\w*|in response to|"
    r"in retaliation)\b",
    re.I,
)


def _story_countries(drafts: list[Draft], story: dict[str, int], home: str | None = None) -> None:
    """An event between parties whose sentence names fewer than two countries takes the
    story's: the countries the article names most (in most sentences), first named first.
    "Modi and Trump had last spoken by phone" is a call between India and the US when the
    article is about India and the US."""
    ranked = sorted(story, key=lambda code: -story[code])[:2]
    if len(ranked) < 2 or (len(story) > 2 and story[ranked[1]] < 2):
        ranked = []  # no clear pair of parties
    for draft in drafts:
        of_a_body = any(BODY_SIDE.search(p.title) for p in draft.participants)
        if (
            draft.kind in BETWEEN
            and len(draft.countries) < 2
            and (
                of_a_body
                or (draft.kind in EXCHANGES and BODY_SIDE.search(draft.evidence))
                or (draft.kind == "summit" and BODY_SUMMIT.search(draft.evidence))
            )
        ):
            # "The Secretary-General spoke with President Ruto of Kenya", "talks with EU High
            # Representative Kaja Kallas", "the NATO Summit in The Hague": the other side is
            # a body, not a country.
            if home and home not in draft.countries:
                draft.countries.append(home)
            continue
        if (
            draft.kind in MEASURES
            and len(draft.countries) == 1
            and draft.countries[0] in ranked
            and (
                RETALIATION.search(draft.evidence)
                or draft.targets == draft.countries
                # "OFAC sanctioned Abdelrahim Hamdan Dagalo for his leadership of the RSF",
                # in the Treasury's release about Sudan: the source's own sanction is on
                # someone of the story's other party.
                or (draft.kind == "sanction" and draft.countries[0] == home)
            )
        ):
            # "The Canadian counter-tariffs will apply from Thursday": against the other
            # party of the story; "a 25% tariff on Canadian automobiles was imposed": by
            # it.
            draft.countries += [c for c in ranked if c not in draft.countries]
        elif draft.kind in BETWEEN and len(draft.countries) < 2 and ranked:
            draft.countries += [c for c in ranked if c not in draft.countries][
                : 2 - len(draft.countries)
            ]
        elif draft.kind in EXCHANGES and len(draft.countries) > 2 and ranked:
            # A meeting of the story's two parties that talked about others.
            sides = {p.country for p in draft.participants if p.country}
            kept = [c for c in draft.countries if c in ranked or c in sides]
            if len(kept) >= 2:
                draft.countries = kept


# A count of people earlier in the clause: a year after it is the count's period.
PEOPLE_COUNTED = re.compile(
    r"\d[\d,]*\s+(?:[\w-]+\s+){0,2}(?:nationals|people|persons|migrants|deportees|citizens|"
    r"immigrants|[A-Z][a-z]+(?:ans|ese|is))\b[^;]{0,60}$"
)
# A figure just before a date: "widened to $6.3 billion in August" (a number of its own,
# not the "20" of "the G20 in February").
FIGURE_BEFORE = re.compile(
    r"(?:(?<![\w.,])\d[\d,.]*|billion|million|per cent|percent|%)\W*(?:\w+\W+){0,3}$"
)


LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
# Lower-case words of headings and page furniture ("Last updated: 23 Apr. 2025").
NOT_VERBS = {"the", "and", "for", "with", "from", "office", "updated", "published", "posted"}


# What may stand before the date that opens a programme's day: "On Monday 27 May, …".
# A trip of several stops: "the first stop of a trip to four African countries".
TOUR = re.compile(r"\b(?:first|opening)\s+(?:stop|leg)\b", re.I)
# Stops of a trip made before the one told: "after stops in Brussels and Berlin",
# "following visits to Qatar and Saudi Arabia" (the places listed, not what follows).
_PLACE = r"(?:the\s+)?(?-i:[A-Z])[\w'’.-]*(?:\s+(?:of\s+(?:the\s+)?)?(?-i:[A-Z])[\w'’.-]*){0,3}"
_PLACES = rf"(?P<places>{_PLACE}(?:(?:,\s*|,?\s+and\s+){_PLACE}){{0,6}})"
EARLIER_STOPS = re.compile(
    r"\b(?:after|following)\s+(?:(?:his|her|their|earlier|previous)\s+)?(?:stops?|visits?|legs?)"
    rf"\s+(?:in|to)\s+{_PLACES}",
    re.I,
)
LATER_STOPS = re.compile(
    r"\b(?:before|and\s+then)\s+(?:heading|travell?ing|flying|going|moving\s+on|head|travel|fly|go)"
    rf"\s+(?:on\s+)?to\s+{_PLACES}",
    re.I,
)
# What is left of a line that is only a date once the date is read: its words and stop.
DATE_ONLY = re.compile(r"[\w ,]{1,40}?[.]?\s*")
# A sentence whose subject is those the story has named: "On August 26 they held …".
THEY = re.compile(r"[^.;]{0,40}?\b(?:they|he|she|the\s+two)\b", re.I)
# "On the second day of the visit", "On the final day of his trip".
DAY_OF_TRIP = re.compile(
    r"\s*(?:On|During)\s+the\s+(?P<nth>first|second|third|fourth|fifth|last|final|closing)\s+"
    r"day\s+of\s+(?:the|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:visit|trip|tour)\b",
    re.I,
)
ORDINAL_DAYS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
LEADING_DAY = re.compile(
    r"\s*(?:On\s+)?(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?:the\s+)?"
)
# A line of a day's programme, led by its hour: "12h00: Official Talks by President …".
PROGRAMME_ITEM = re.compile(r"\s*(?:\d{1,2}[h:.]\d{2}|\d{4}\s*hrs)\b(?:\s*[ap]\.?m\.?)?\s*[:–—-]")


def _heading(sentence: str) -> bool:
    """A heading or a dateline line, not a sentence: no lower-case word but "of the" (a
    programme's item is no heading however it is capitalised)."""
    if PROGRAMME_ITEM.match(sentence):
        return False
    return not any(w not in NOT_VERBS for w in LOWER_WORD.findall(sentence))


def _is_target(sentence: str, mention: dates.DateMention, has_figure: bool) -> bool:
    """A figure's period or horizon, not when the event happened: "$45.7 billion in 2024",
    "500 billion dollars by 2030", "from 2009 to 2024 a total of 15,564"."""
    before = sentence[: mention.position]
    after = sentence[mention.position + len(mention.text) :]
    text = mention.text.lower()
    if text.startswith(("by ", "in ")) and mention.start and mention.start.precision != "day":
        if mention.start.precision == "year" and PEOPLE_COUNTED.search(before[-100:]):
            return True  # "1,368 Indian nationals were deported from the USA in 2024"
        return bool(FIGURE_BEFORE.search(before[-40:]))  # "widened to $6.3 billion in August"
    if mention.vague and mention.relative:  # "would rise to 50 per cent in one week"
        return bool(FIGURE_BEFORE.search(before[-40:]))
    if mention.end is not None and has_figure and mention.start and mention.end.precision == "year":
        return True  # "Between 2009 and 2024, the US deported a total of 15,564": a period
    if mention.end is not None and has_figure:
        return bool(re.match(r"\W*(?:\w+\W+){0,4}\d", after)) or bool(
            FIGURE_BEFORE.search(before[-40:])
        )
    return False


def _horizon(mention: dates.DateMention, published: date | None) -> bool:
    """A goal's horizon, not when something happened: "a self-reliant health system by
    2030", a later year than the text's own."""
    start = mention.start
    return (
        published is not None
        and start is not None
        and mention.text.lower().startswith("by ")
        and start.precision == "year"
        and start.year > published.year
    )


def _choose_kind(
    kinds: list[str],
    sentence: str,
    cues: dict[str, int] | None = None,
    date_at: int | None = None,
) -> str:
    """The sentence's kind: rules for pairs that often meet, then the kind whose cue comes last before the date (the date belongs to its clause:
    "The visit came a week after an aircraft carrying deportees landed on February 5" is
    a deportation on February 5), or without a date the kind whose cue comes first (the
    main clause's verb usually does: "Rubio spoke with Dar about tariffs" is a call)."""
    lowered = sentence.lower()
    if cues and len(kinds) > 1:
        # "Indonesia's trade surplus with the United States has kept growing while the two
        # governments negotiate over Washington's tariffs": the main clause's kind, not the
        # one of a clause of circumstance.
        main = [k for k in kinds if k in cues and not ASIDE.search(sentence[: cues[k]])]
        if main and len(main) < len(kinds):
            kinds = main
    if "summit" in kinds and "meeting" in kinds and BILATERALS.search(sentence):
        # "On October 22, the first day of the summit, the President held meetings with
        # …": the meetings are the news, the summit their occasion.
        return "meeting"
    if "visit" in kinds and "meeting" in kinds:
        travelled = bool("visit" in lowered or "white house" in lowered or ARRIVAL.search(sentence))
        # "will then travel to Fiji to attend the Pacific Islands Forum Foreign Ministers
        # Meeting": the journey, to a gathering (see _gatherings).
        # "has now travelled to Rome for high-level bilateral talks with the Italian
        # Government": the journey, for talks.
        travelled = travelled or bool(
            cues
            and cues["visit"] < cues["meeting"]
            and (
                ATTENDING.search(sentence, cues["visit"], cues["meeting"])
                or PURPOSE.search(sentence, cues["visit"], cues["meeting"])
            )
        )
        return "visit" if travelled else "meeting"
    if "agreement" in kinds and "trade-measure" in kinds and cues:
        # "agreed to accept deportees ... or face tariffs", "struck a trade deal under
        # which tariffs were set at 15 per cent": the first named is the news.
        return "agreement" if cues["agreement"] < cues["trade-measure"] else "trade-measure"
    if cues and date_at is not None:
        before = [kind for kind in kinds if cues[kind] < date_at]
        if before:  # the verb the date follows
            return max(before, key=lambda kind: (cues[kind], -kinds.index(kind)))
        return min(kinds, key=lambda kind: (cues[kind], kinds.index(kind)))
    if cues:
        return min(kinds, key=lambda kind: (cues[kind], kinds.index(kind)))
    return kinds[0]


def _status(
    sentence: str,
    start: PartialDate | None,
    published: date | None,
    end: PartialDate | None = None,
) -> str:
    """Cancelled, postponed, scheduled (after publication, or told as coming while it
    has not ended: "will pay a visit from 19 to 24 May", published on the 20th), or
    occurred."""
    sentence = PLEASED_TO_STATE.sub(" ", sentence)  # a question's form, not the future
    if CANCELLED_CUES.search(sentence):
        return EventStatus.CANCELLED
    if POSTPONED_CUES.search(sentence):
        return EventStatus.POSTPONED
    if start is not None and published is not None and start.first_day > published:
        return EventStatus.SCHEDULED
    if SCHEDULED_CUES.search(sentence) and (
        start is None or published is None or (end or start).last_day >= published
    ):
        return EventStatus.SCHEDULED
    return EventStatus.OCCURRED


# Kinds that may be mentions of one event: an undated "visit" after a dated meeting.
ALIKE = {
    ("visit", "meeting"),
    ("meeting", "visit"),
    ("summit", "meeting"),
    ("meeting", "summit"),
    ("visit", "summit"),  # "their summit this week" and "met at the White House on Monday"
    ("summit", "visit"),
}


def _holds(coarse: PartialDate | None, fine: PartialDate | None) -> bool:
    """``coarse`` is less precise than ``fine`` and holds its first day ("Aug 2025" holds
    "25 Aug 2025")."""
    if coarse is None or fine is None:
        return False
    if dates.PRECISION_RANK[str(coarse.precision)] >= dates.PRECISION_RANK[str(fine.precision)]:
        return False
    return coarse.first_day <= fine.first_day <= coarse.last_day


def _last_leg(tour: Draft, draft: Draft) -> bool:
    """``draft`` is the last stop of a dated tour of several countries, told on its own
    day or days (to the tour's end), not its first."""
    if not (tour.kind == draft.kind == "visit" and tour.start is not None):
        return False
    if draft.start is None or tour.end is None or draft.start.precision != "day":
        return False
    travellers = {p.country for p in [*draft.participants, *tour.participants]}
    there = set(draft.countries) - travellers
    return (
        len(set(tour.countries) - travellers) >= 2
        and bool(there)
        and there < set(tour.countries)
        and tour.start.first_day < draft.start.first_day
        and (draft.end or draft.start).last_day == tour.end.last_day
    )


def _during(event: Draft, day: PartialDate) -> bool:
    """``day`` falls in the event's date or span."""
    assert event.start is not None
    last = (event.end or event.start).last_day
    return event.start.first_day <= day.first_day and day.last_day <= last


def _coarser_holds(other: Draft, draft: Draft) -> bool:
    """``other`` is dated less precisely than ``draft``, and its date holds ``draft``'s."""
    return other.end is None and _holds(other.start, draft.start)


def _same_parties(other: Draft, draft: Draft) -> bool:
    """The two drafts share a person, or their countries are the same pair (or one of
    them names none)."""
    if {p.name for p in other.participants} & {p.name for p in draft.participants}:
        return True
    if not other.countries or not draft.countries:
        return True
    return set(draft.countries) <= set(other.countries) or set(other.countries) <= set(
        draft.countries
    )


def _another_stop(other: Draft, draft: Draft) -> bool:
    """Two visits by the same traveller to states neither names for the other."""
    if other.kind != "visit" or draft.kind != "visit":
        return False
    traveller = _traveller_country(draft, fallback=False)
    if not traveller or traveller != _traveller_country(other, fallback=False):
        return False
    mine, theirs = set(draft.countries) - set(traveller), set(other.countries) - set(traveller)
    return bool(mine) and bool(theirs) and not mine & theirs


def _others(draft: Draft, other: Draft, drafts: list[Draft]) -> bool:
    """An exchange with someone no earlier event had: another meeting or call."""
    if draft.kind not in EXCHANGES:
        return False
    if not other.participants:
        # "held a series of talks with a number of his Arab counterparts", then "Bourita
        # also discussed with his Egyptian counterpart, Sameh Shoukry": one of them.
        return bool(draft.participants) and bool(ALSO.search(draft.evidence))
    everyone = {p.name for d in drafts for p in d.participants}
    return any(p.name not in everyone for p in draft.participants)


def _leg(other: Draft, draft: Draft) -> bool:
    """``draft`` dates one stop of the tour ``other`` announced without dates: "the
    visit to Ghana, Trinidad & Tobago, Argentina, Brazil and Namibia", then "will be
    visiting Ghana on 2nd and 3rd July"."""
    return (
        other.kind == draft.kind == "visit"
        and other.start is None
        and draft.start is not None
        and bool(draft.countries)
        and len(other.countries) >= max(3, len(draft.countries) + 1)
        and set(draft.countries) < set(other.countries)
    )


def _tour(other: Draft, draft: Draft) -> None:
    """The tour becomes its dated stop; the other stops wait for the story's countries
    (_stops)."""
    other.stops = [c for c in other.countries if c not in draft.countries]
    other.leg = list(draft.countries)
    _join(other.participants, draft.participants)
    other.start, other.end = draft.start, draft.end
    other.status = _merged_status(other, draft)  # a tour put off stays put off
    other.countries = list(draft.countries)
    other.figures += draft.figures


def _stops(drafts: list[Draft]) -> list[Draft]:
    """Each other stop of a tour a visit of its own from the same side, in the same year
    (its days are not told)."""
    out = []
    for draft in drafts:
        out.append(draft)
        if not draft.stops or draft.start is None:
            continue
        # The traveller's side: the stop's countries less the place of the stop.
        sides = [c for c in draft.countries if c not in draft.stops and c not in draft.leg]
        # A stop named with the traveller's country ("Biden … was to arrive in Germany"):
        # the traveller's side is their own.
        sides = sides or [p.country for p in draft.participants if p.country][:1]
        year = PartialDate(draft.start.year)
        for stop in draft.stops:
            if any(d.kind == "visit" and d is not draft and stop in d.countries for d in drafts):
                continue  # "On 5 July Orban paid an official visit to the Russian capital"
            countries = [*sides[:1], stop]
            out.append(_copy(draft, start=year, end=None, countries=countries, stops=[], leg=[]))
    return out


def _merged_status(told: Draft, dated: Draft) -> str:
    """The status of an event told first without its day, then with it: the later
    sentence's, unless the first put it off ("has put off his trip to Germany", then "was to
    arrive in Germany on October 10": still put off), or the later gives no day either ("is
    set to start a two-day state visit", then "His itinerary also takes in the Kigali
    Special Economic Zone": still to come)."""
    off = {EventStatus.POSTPONED, EventStatus.CANCELLED}
    if (told.status in off and dated.status == EventStatus.SCHEDULED) or dated.start is None:
        return told.status
    return dated.status


def _setting_off_for(visit: Draft, draft: Draft) -> bool:
    """The draft tells the traveller setting off, the day before, for the visit told."""
    if not (draft.kind == visit.kind == "visit" and draft.start and visit.start):
        return False
    before = (visit.start.first_day - draft.start.first_day).days
    return (
        draft.start.precision == visit.start.precision == "day"
        and before == 1
        and set(draft.countries) <= set(visit.countries)
        and SETTING_OFF.search(draft.evidence) is not None
    )


def _each_has_own(one: Draft, other: Draft) -> bool:
    """Each of two exchanges has someone the other has not."""
    mine, theirs = {p.name for p in one.participants}, {p.name for p in other.participants}
    return bool(mine - theirs and theirs - mine)


def _add(drafts: list[Draft], draft: Draft) -> None:
    """Merge a draft into an earlier one of the same kind and date, or an undated one into
    an earlier one of the same or an alike kind."""
    if draft.kind in MEASURES and draft.start is not None and IN_FORCE_AGAIN.search(draft.evidence):
        # "The Commission imposed provisional duties on 4 July …", then "These provisional
        # duties will apply as of 5 July 2024": the same measure, from the day it applies.
        told = [
            d
            for d in drafts
            if d.kind == draft.kind
            and _same_parties(d, draft)
            and d.countries[:1] == draft.countries[:1]  # the same imposer
            and d.start is not None
            and draft.start.first_day >= d.start.first_day
        ]
        if told:
            measure = told[-1]
            measure.start, measure.end, measure.status = draft.start, draft.end, draft.status
            measure.figures += draft.figures
            return
    for other in drafts:
        if _leg(other, draft):
            _tour(other, draft)
            return
        if _setting_off_for(other, draft):
            # "Prabowo left for Sydney on Tuesday afternoon", after his one-day visit on
            # Wednesday: the journey to that visit.
            _join(other.participants, draft.participants)
            return
        if other.occasion and draft.kind != other.kind:
            continue  # the summit a meeting was held on the sidelines of: not that meeting
        if _another_stop(other, draft):
            # "flew into Budapest on May 8", then "Earlier on May 8 Xi brought his visit to
            # Serbia to a close": the same traveller's stop in another state, that day.
            continue
        if (
            draft.refers
            and other.kind == draft.kind
            and (draft.start in (None, other.start) or _holds(draft.start, other.start))
            and (not _each_has_own(draft, other) or set(draft.countries) <= set(other.countries))
        ):
            # "Before the meeting, the two Foreign Ministers attended the traditional Swedish
            # Monday rally": the meeting told, not another (its countries what they spoke of);
            # "(Laos) In the meeting with the Lao Deputy Prime Minister and Foreign Minister,
            # Saleumxay Kommasith, …": the meeting with Laos told, with whom.
            _join(other.participants, draft.participants)
            other.figures += draft.figures
            return
        alike = other.kind == draft.kind or (
            draft.start is None
            and (draft.kind, other.kind) in ALIKE
            # "He was received in audience by the King": a meeting during the visit.
            and (draft.refers or other.kind not in TRIPS)
        )
        if (
            (other.kind == draft.kind or (draft.kind, other.kind) in ALIKE)
            and draft.kind in BETWEEN
            and _coarser_holds(other, draft)
            and _same_parties(other, draft)
        ):
            # "their summit this week" and "met at the White House on Monday": one event,
            # on the day ("has put off his trip to Germany", then "was to arrive in Germany
            # on October 10": still put off).
            other.start, other.end = draft.start, draft.end
            other.status = _merged_status(other, draft)
            other.kind = draft.kind if draft.kind != "visit" else other.kind
            _join(other.participants, draft.participants)
            other.countries += [c for c in draft.countries if c not in other.countries]
            other.figures += draft.figures
            return
        if not alike:
            continue
        if (
            other.published_day
            and other.kind == draft.kind
            and draft.start is not None
            and not draft.published_day
        ):
            # "Shipments to the US … topped $11 billion", dated the day the report came
            # out, then "… Trends, released on Monday, showed …": the day the text gives.
            other.start, other.end, other.published_day = draft.start, draft.end, False
        same_date = draft.start is None or other.start is None or draft.start == other.start
        if _last_leg(other, draft):
            # "will travel to Australia and Singapore from November 3 to 8", then "will
            # then fly to Singapore on November 8": the tour's last stop, on its days; the
            # tour until the day before, to the others.
            assert draft.start is not None
            assert other.start is not None
            travellers = {p.country for p in [*draft.participants, *other.participants]}
            there = [c for c in draft.countries if c not in travellers]
            other.countries = [c for c in other.countries if c not in there]
            before = draft.start.first_day - timedelta(days=1)
            other.end = PartialDate.from_date(before, "day")
            if other.end == other.start:
                other.end = None
            drafts.append(draft)
            return
        if (
            draft.kind == other.kind == "visit"
            and draft.start is not None
            and draft.end is None
            and other.start is not None
            and other.end is not None
            and _during(other, draft.start)
            and set(draft.countries) <= set(other.countries)
        ):
            # "… a state visit to Estonia from Monday 27 to Wednesday 29 May", then "On
            # Tuesday 28 May, President Stubb will visit the Rakett69 Science Studios": a
            # stop within the visit, not another.
            _join(other.participants, draft.participants)
            other.figures += draft.figures
            return
        if draft.start is None and _others(draft, other, drafts):
            continue  # "Dar paid a courtesy call on Professor Yunus": another meeting
        if draft.kind in MEASURES | TRIPS and not _same_parties(other, draft):
            # Tariffs on Brazil and tariffs on India, the same day: two measures; two
            # leaders' visits to the same expo: two visits.
            continue
        if (
            draft.kind == other.kind == "statement"
            and SUMMONED.search(draft.evidence)
            and SUMMONED.search(other.evidence)
            and draft.countries[:1] != other.countries[:1]
        ):
            # "France's foreign ministry also summoned the Russian ambassador in Paris on
            # Friday", after Berlin's summons that day: another capital's.
            continue
        if draft.kind in EXCHANGES and other.start is None and draft.start is not None:
            mine = {p.country for p in other.participants if p.country}
            if {p.country for p in draft.participants if p.country} - mine:
                # "Earlier in the week, Ramaphosa also held a conversation with President
                # Putin", after his undated call with Trump: another exchange.
                continue
        if (
            draft.kind in EXCHANGES
            and draft.start is not None
            and other.start is not None
            and len(draft.countries) >= 2
            and len(other.countries) >= 2
            and set(draft.countries) != set(other.countries)
        ):
            # "Qatar's foreign minister also spoke with Amirabdollahian by phone on Sunday",
            # after the Saudi minister's call that day: another pair, another call.
            continue
        if (
            draft.kind in EXCHANGES
            and draft.start is not None
            and draft.start == other.start
            and draft.participants
            and ALSO.search(draft.evidence)
            and not {p.name for p in draft.participants} & {p.name for p in other.participants}
        ):
            # "SM Teo was hosted to lunch by the Prime Minister on 25 November", then "SM
            # Teo also met the Deputy Prime Minister on 25 November": another meeting.
            continue
        if same_date and other.kind == draft.kind and other.start is None:
            # The lead said what happened, a later sentence when: one event, dated.
            other.start, other.end = draft.start, draft.end
            other.status = _merged_status(other, draft)
        if same_date and (draft.start == other.start or draft.start is None):
            if draft.start is not None and other.end is None and draft.end is not None:
                other.end = draft.end  # the same visit, now with the day it ended
            if draft.end is None and draft.kind in TRIPS:
                _last_day_later(other, draft)
            more = draft.countries
            if draft.kind == "data-release" and other.countries:
                # "Germany kept its place as Türkiye's largest export market": the partners
                # of the figures, not parties to their release, unless the figures are of
                # trade with them ("Exports to the United States fell 11 per cent").
                more = _trade_partners(draft.evidence)
            elif draft.kind in MEASURES and len(other.countries) >= 2:
                # "Australia has now imposed more than 1,400 sanctions in response to
                # Russia's invasion of Ukraine", after the package's lead: the lead named
                # who imposed it on whom.
                more = []
            elif draft.start is None and len(other.countries) >= 2:
                # A later mention adds its people's countries, not its venues and topics:
                # "the first bilateral summit held in Canada".
                more = [p.country for p in draft.participants if p.country]
            other.countries += [c for c in dict.fromkeys(more) if c not in other.countries]
            _join(other.participants, draft.participants)
            other.figures += draft.figures
            other.topics += [t for t in draft.topics if t not in other.topics]
            if other.status == EventStatus.OCCURRED and draft.status == EventStatus.CANCELLED:
                other.status = EventStatus.CANCELLED
            return
    drafts.append(draft)
