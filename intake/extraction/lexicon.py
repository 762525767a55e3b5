"""The word lists of extraction, read once from data files (intake/extraction/data/*.toml)
that editors can extend without touching code: country words, titles, kinds of event and
their cues, numbers and currencies, topics."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


@cache
def load(name: str) -> dict[str, Any]:
    """A data file as TOML (read once per process)."""
    with (DATA / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


COUNTRY_WORDS: dict[str, str] = load("countries")["words"]
CASE_SENSITIVE: set[str] = set(load("countries")["case_sensitive"])
COUNTRY_SKIP: list[str] = load("countries")["skip"]
POSSESSIVE_ONLY: list[str] = load("countries")["possessive_only"]
BLOCS: list[str] = load("countries")["blocs"]
REGIONS: list[str] = load("countries")["regions"]
TERRITORIES: dict[str, str] = load("countries")["territories"]
CITY_POPULATION: int = load("countries")["cities"]["population"]
CITY_SKIP: list[str] = load("countries")["cities"]["skip"]

TITLES: list[str] = load("titles")["titles"]
TITLE_QUALIFIERS: list[str] = load("titles")["qualifiers"]
TITLE_COUNTRY: dict[str, str] = load("titles")["implies"]
TITLE_HELD_BY: dict[str, list[str]] = load("titles")["held_by"]
TITLE_LACKED: dict[str, list[str]] = {}
for _lacking in load("titles")["lacks"]:
    for _code in _lacking["countries"]:
        TITLE_LACKED.setdefault(_code, []).extend(_lacking["offices"])
COUNTERPARTS: dict[str, str] = load("titles")["counterparts"]
TITLE_SYNONYMS: dict[str, str] = {k.lower(): v for k, v in load("titles")["synonyms"].items()}
MEMBER_TITLES: dict[str, str] = load("titles")["members"]


def _longest_first(alternation: str) -> str:
    """``(?:a|b|…)`` with its top-level alternatives longest first, so that a shorter one
    never ends a match a longer one would have made ("Foreign Affairs" in "Foreign
    Affairs, International Trade and Worship")."""
    body = alternation.removeprefix("(?:").removesuffix(")")
    parts, depth, start = [], 0, 0
    for at, char in enumerate(body):
        if char == "(" and body[at - 1 : at] != "\\":
            depth += 1
        elif char == ")" and body[at - 1 : at] != "\\":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(body[start:at])
            start = at + 1
    parts.append(body[start:])
    return "(?:" + "|".join(sorted(parts, key=len, reverse=True)) + ")"


DEPARTMENT: str = _longest_first(load("titles")["departments"])
PORTFOLIO: str = load("titles")["portfolio"]
STOP_NAMES: set[str] = set(load("titles")["stop_names"])
HONORIFICS: set[str] = set(load("titles")["honorifics"])
HEADING_WORDS: set[str] = set(load("titles")["heading_words"])

KIND_CUES: list[tuple[str, re.Pattern[str]]] = [
    (kind["slug"], _pattern(kind["cue"])) for kind in load("kinds")["kind"]
]
KIND_NAMES: dict[str, str] = {kind["slug"]: kind["name"] for kind in load("kinds")["kind"]}
CONTINUATION = _pattern(load("kinds")["cues"]["continuation"])
ARRIVAL = _pattern(load("kinds")["cues"]["arrival"])
ATTENDING = _pattern(load("kinds")["cues"]["attending"])
DEPARTURE = _pattern(load("kinds")["cues"]["departure"])
SETTING_OFF = _pattern(load("kinds")["cues"]["setting_off"])
PURPOSE = _pattern(load("kinds")["cues"]["purpose"])
SCHEDULED_CUES = _pattern(load("kinds")["cues"]["scheduled"])
CANCELLED_CUES = _pattern(load("kinds")["cues"]["cancelled"])
POSTPONED_CUES = _pattern(load("kinds")["cues"]["postponed"])

SCALE: dict[str, Decimal] = {k: Decimal(v) for k, v in load("numbers")["scale"].items()}
NUMBER_WORDS: dict[str, int] = load("numbers")["number_words"]
CURRENCY: dict[str, str] = load("numbers")["currency"]

TOPIC_CUES: dict[str, list[str]] = load("topics")["topics"]
