"""Names found by dictionary lookup, linear in the text: the record's actors and aliases,
and the words that name countries."""

from __future__ import annotations

import re
from typing import Any

from .lexicon import CASE_SENSITIVE, COUNTRY_WORDS

TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Words as lookup keys are made of: "U.S." is ["u", "s"], "S. Jaishankar" is
    ["s", "jaishankar"]."""
    return TOKEN.findall(text.lower())


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


# Country words by length, longest first (the order their codes are listed in).
_COUNTRY_ORDER = sorted(COUNTRY_WORDS, key=lambda word: -len(word))
_COUNTRY_INDEX = PhraseIndex(_COUNTRY_ORDER)
_COUNTRY_CODES = {" ".join(tokens(word)): COUNTRY_WORDS[word] for word in _COUNTRY_ORDER}


class Gazetteer:
    """Actors the record knows (names and aliases), and countries."""

    def __init__(self, actors: list[dict[str, Any]] | None = None) -> None:
        self.actors: dict[str, dict[str, Any]] = {}
        for actor in actors or []:
            for name in [actor["name"], *actor.get("aliases", [])]:
                if len(name) > 2:
                    self.actors[name.lower()] = actor
        self._by_key = {" ".join(tokens(alias)): actor for alias, actor in self.actors.items()}
        self._index = PhraseIndex(list(self.actors))

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

    def known_actors(self, sentence: str) -> list[dict[str, Any]]:
        """Actors of the record named (by name or alias) in the sentence."""
        return [self._by_key[key] for key in self._index.find(sentence)]

    def countries(self, sentence: str) -> list[str]:
        found: list[str] = []
        for key in _COUNTRY_INDEX.find(sentence):
            word = key.replace(" ", "")
            if word in CASE_SENSITIVE and not re.search(rf"\b{word.upper()}\b", sentence):
                continue  # "us" the pronoun, not "US"
            code = _COUNTRY_CODES[key]
            if code not in found:
                found.append(code)
        return found
