"""People named in a sentence: the record's actors, people introduced by a title
("Foreign Secretary Vikram Misri", "a spokesperson for …, Name") and people met again by
their surname."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.choices import ParticipationRole

from .gazetteer import TOKEN, Gazetteer
from .lexicon import CASE_SENSITIVE, COUNTRY_WORDS, DEPARTMENT, STOP_NAMES, TITLES


@dataclass
class Participant:
    name: str
    title: str = ""
    country: str | None = None
    role: str = ParticipationRole.PARTICIPANT


TITLE_RE = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
NAME_WORD = r"(?:[A-Z][a-zà-ÿ'’.-]+|[A-Z]\.|[A-Z]{2,3}(?=\s+[A-Z][a-z]))"
NAME = rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}})"
COUNTRY_PREFIX = "|".join(
    re.escape(word.title())
    for word in sorted(COUNTRY_WORDS, key=len, reverse=True)
    if word not in CASE_SENSITIVE and "." not in word
)
PERSON = re.compile(
    rf"(?P<prefix>(?:(?P<org>White House|[A-Z][a-z]+(?:'s|’s)|{COUNTRY_PREFIX})\s+)?)"
    rf"(?P<title>(?:{TITLE_RE})(?:\s+(?:for|of)\s+{DEPARTMENT})?)\s+{NAME}"
)
# "A spokesperson for the Indian foreign ministry, Randhir Jaiswal, said"
SPOKESPERSON = re.compile(
    rf"(?P<title>spokes(?:person|man|woman) for (?:the )?(?P<org>[A-Z]?[\w ]{{3,40}}?)),\s+{NAME}"
)


def find_people(
    sentence: str,
    gazetteer: Gazetteer,
    people: dict[str, Participant],
    surnames: dict[str, str],
    introduced: set[str],
) -> list[Participant]:
    """People named in the sentence: the record's actors, people introduced by a title
    ("Foreign Minister Vikram Misri") here or earlier, and those met again by surname.
    At most MAX_PEOPLE are introduced by one article."""
    found: list[Participant] = []

    def add(person: Participant) -> None:
        if all(p.name != person.name for p in found):
            found.append(person)

    for match in PERSON.finditer(sentence):
        name = match.group("name").strip().rstrip(".,;:")
        words = name.split()
        while words and words[-1] in STOP_NAMES:
            words.pop()
        if len(words) < 2 or words[0] in STOP_NAMES:
            continue
        name = " ".join(words)
        title = match.group("title")
        org = match.group("org") or ""
        country: str | None = None
        if org:
            codes = gazetteer.countries(org.replace("'s", "").replace("’s", ""))
            country = codes[0] if codes else None
            if org == "White House":
                title, country = f"White House {title}", "US"
        if name not in people and len(introduced) >= MAX_PEOPLE:
            continue  # a list of hundreds of names is not an article's cast
        introduced.add(name)
        known = gazetteer.actors.get(name.lower())
        person = people.get(name) or Participant(
            name, title[0].upper() + title[1:], country or (known or {}).get("country")
        )
        if not person.title:
            person.title = title[0].upper() + title[1:]
        people[name] = person
        surnames[words[-1]] = name
        add(person)
    for match in SPOKESPERSON.finditer(sentence):
        name = match.group("name").strip().rstrip(".,;:")
        if name not in people and len(introduced) >= MAX_PEOPLE:
            continue
        introduced.add(name)
        codes = gazetteer.countries(match.group("org"))
        person = people.get(name) or Participant(
            name, match.group("title").capitalize(), codes[0] if codes else None
        )
        people[name] = person
        surnames[name.split()[-1]] = name
        add(person)
    for actor in gazetteer.known_actors(sentence):
        add(
            people.setdefault(
                actor["name"],
                Participant(actor["name"], actor.get("title") or "", actor.get("country")),
            )
        )
    words = set(SURNAME_WORD.findall(sentence)) | set(TOKEN.findall(sentence))
    for surname, name in surnames.items():
        if surname in words:
            add(people[name])
    return found


MAX_PEOPLE = 300  # people an article can introduce (beyond, names are not looked up)
SURNAME_WORD = re.compile(r"\w(?:[\w'’-]*\w)?")
