"""Each side's account of an event, side by side: the sources marked as a country's own
account (its readout, its spokesperson's statement), which topics and people each one
mentions, what each says that the others do not, their passages aligned by topic, and
which of the event's countries issued none. Independent reports are listed apart.

An account's text is its source's title and excerpt. A topic is mentioned when its name
or one of its keywords is (``Topic.terms``); a person when their name, an alias or their
surname is, among the event's participants and the people of its countries."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.db.models import Sum

from tracker.choices import PloverCategory
from tracker.models import AccountCount, Actor, Country, Event, Source, Topic

# The people of an event's countries looked for in its accounts (beyond its participants).
MOST_PEOPLE = 2000
T = TypeVar("T", Topic, Actor)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“'‘(A-Z0-9])")


@dataclass
class Account:
    source: Source
    country: Country | None  # None: an independent report
    topics: list[Topic] = field(default_factory=list)
    people: list[Actor] = field(default_factory=list)
    only_topics: list[Topic] = field(default_factory=list)  # no other account mentions
    only_people: list[Actor] = field(default_factory=list)
    missing_topics: list[Topic] = field(default_factory=list)  # others mention, this not
    missing_people: list[Actor] = field(default_factory=list)


@dataclass
class Passage:
    """What each account says of one topic (its sentences naming it; "" where it is silent)."""

    topic: Topic
    texts: list[str]
    sides: list[str] = field(default_factory=list)  # the accounts' countries, as the texts

    @property
    def cells(self) -> list[tuple[str, str]]:
        return list(zip(self.sides, self.texts, strict=True))


@dataclass
class Comparison:
    accounts: list[Account]  # the governments' own, in the order of the event's countries
    reports: list[Account]  # independent reports
    silent: list[Country]  # the event's countries with no account on record
    shared_topics: list[Topic]
    shared_people: list[Actor]
    passages: list[Passage]
    unmentioned: list[Topic] = field(default_factory=list)  # the event's, in no account

    @property
    def compared(self) -> bool:
        """Two accounts or more: there is something to set side by side."""
        return len(self.accounts) >= 2


def compare(event: Event) -> Comparison | None:
    """The accounts of an event read with ``with_details()``; None when it has no
    sources or involves fewer than two countries."""
    sources = list(event.sources.all())
    countries = list(event.countries.all())
    if not sources or len(countries) < 2:
        return None
    order = {c.code: i for i, c in enumerate(countries)}
    own = sorted(
        (s for s in sources if s.account_of_id),
        key=lambda s: (order.get(s.account_of_id or "", len(order)), s.published or event.start),
    )
    accounts = [Account(source=s, country=s.account_of) for s in own]
    reports = [Account(source=s, country=None) for s in sources if not s.account_of_id]
    topics = Matcher({t: t.terms for t in Topic.objects.all()})
    people = _people(event, countries)
    for account in [*accounts, *reports]:
        text = _text(account.source)
        account.topics = topics.found(text)
        account.people = people.found(text)
    for account in accounts:
        others = [a for a in accounts if a is not account]
        if not others:
            continue
        their_topics = {t.pk for a in others for t in a.topics}
        their_people = {p.pk for a in others for p in a.people}
        account.only_topics = [t for t in account.topics if t.pk not in their_topics]
        account.only_people = [p for p in account.people if p.pk not in their_people]
        account.missing_topics = _unique(
            [t for a in others for t in a.topics], {t.pk for t in account.topics}
        )
        account.missing_people = _unique(
            [p for a in others for p in a.people], {p.pk for p in account.people}
        )
    mentioned = _unique([t for a in accounts for t in a.topics], set())
    named = {t.pk for a in accounts for t in a.topics}
    codes = {s.account_of_id for s in own}
    return Comparison(
        accounts=accounts,
        reports=reports,
        silent=[c for c in countries if c.code not in codes],
        shared_topics=_shared([a.topics for a in accounts]),
        shared_people=_shared([a.people for a in accounts]),
        passages=[
            Passage(
                topic,
                [topics.passage(_text(a.source, title=False), topic) for a in accounts],
                [a.country.name if a.country else "" for a in accounts],
            )
            for topic in mentioned
        ],
        unmentioned=[t for t in event.topics.all() if t.pk not in named] if accounts else [],
    )


def _people(event: Event, countries: list[Country]) -> Matcher[Actor]:
    """The event's participants, then people of its countries (most recently changed),
    each by name, aliases, and surname when no other of them has it."""
    taking_part = [p.actor for p in event.participations.all()]
    seen = {a.pk for a in taking_part}
    around = Actor.objects.filter(country__in=countries, kind="person").exclude(pk__in=seen)
    people = list(dict.fromkeys(taking_part + list(around.order_by("-updated")[:MOST_PEOPLE])))
    surnames = Counter(a.name.split()[-1] for a in people if a.name.split())
    terms = {}
    for actor in people:
        names = [actor.name, *actor.aliases]
        surname = actor.name.split()[-1] if actor.name.split() else ""
        if len(surname) >= 4 and surnames[surname] == 1:
            names.append(surname)
        terms[actor] = names
    return Matcher(terms)


def _text(source: Source, *, title: bool = True) -> str:
    return f"{source.title}\n{source.excerpt}" if title else source.excerpt


class Matcher(Generic[T]):
    """Which of some items a text names, each item by its terms, in one pass: any case,
    with a plural or verb ending ("tariffs", "trading")."""

    def __init__(self, terms: dict[T, list[str]]) -> None:
        self.items: list[T] = list(terms)
        self.terms: dict[T, list[str]] = terms
        self.by_term: dict[str, list[int]] = {}
        for index, item in enumerate(self.items):
            for term in terms[item]:
                if term.strip():
                    self.by_term.setdefault(term.strip().lower(), []).append(index)
        forms = [_forms(term) for term in sorted(self.by_term, key=len, reverse=True)]
        self.pattern = (
            re.compile(rf"(?<!\w)(?:{'|'.join(forms)})(?!\w)", re.IGNORECASE) if forms else None
        )

    def found(self, text: str) -> list[T]:
        """The items the text names, in the items' order."""
        if self.pattern is None:
            return []
        hits: set[int] = set()
        for match in self.pattern.finditer(text):
            hits.update(self.by_term.get(_base(match.group(0).lower(), self.by_term), ()))
        return [self.items[i] for i in sorted(hits)]

    def passage(self, text: str, item: T) -> str:
        """The sentences of ``text`` that name the item ("" if none does)."""
        one = Matcher({item: self.terms[item]})
        return " … ".join(s.strip() for s in SENTENCE_END.split(text) if one.found(s))


ENDINGS = ("'s", "’s", "ing", "es", "ed", "s", "d")


def _forms(term: str) -> str:
    """A term's pattern: itself, plural or verb forms ("trade": "trades", "trading")."""
    forms = rf"{re.escape(term)}(?:s|es|d|ed|ing|'s|’s)?"
    if term.endswith("e") and " " not in term:
        forms += rf"|{re.escape(term[:-1])}ing"
    return forms


def _base(word: str, known: dict[str, list[int]]) -> str:
    """The term a matched word is a form of."""
    word = " ".join(word.split())
    if word in known:
        return word
    for ending in ENDINGS:
        if word.endswith(ending) and word[: -len(ending)] in known:
            return word[: -len(ending)]
    if word.endswith("ing") and f"{word[:-3]}e" in known:
        return f"{word[:-3]}e"
    return word


def _unique(items: list[T], skip: set[int]) -> list[T]:
    out: list[T] = []
    for item in items:
        if item.pk not in skip and all(item.pk != o.pk for o in out):
            out.append(item)
    return out


def _shared(lists: list[list[T]]) -> list[T]:
    if len(lists) < 2:
        return []
    common = set.intersection(*({item.pk for item in items} for items in lists))
    return [item for item in lists[0] if item.pk in common]


# The pair page: how many of the pair's engagements each side gave an account of ---------


@dataclass(frozen=True)
class Asymmetry:
    """The pair's engagements (calls, meetings, visits, summits: PLOVER's CONSULT) by
    whose accounts the record holds: both sides', one side's only, or none."""

    a: str
    b: str
    both: int
    only_a: int
    only_b: int
    neither: int

    @property
    def total(self) -> int:
        return self.both + self.only_a + self.only_b + self.neither


def asymmetry(first: str, second: str) -> Asymmetry:
    """Read from the kept counts (``AccountCount``): a few rows, whatever the record."""
    a, b = sorted((first.upper(), second.upper()))
    rows = (
        AccountCount.objects.filter(a=a, b=b, kind__plover_category=PloverCategory.CONSULT)
        .values("sides")
        .annotate(total=Sum("n"))
    )
    by = {row["sides"]: row["total"] for row in rows}
    return Asymmetry(
        a=a,
        b=b,
        both=by.get("ab", 0),
        only_a=by.get("a", 0),
        only_b=by.get("b", 0),
        neither=by.get("", 0),
    )
