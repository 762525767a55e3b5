"""A draft's title as a desk editor writes it, from the draft's structure rather than its
sentence: the actors' short names, the kind's verb and the main figure ("Landau and Kim
Hong-kyun speak by phone", "US raises tariffs on steel and aluminium to 25%", "US deports
388 to India on military flights (Feb 2025)"). At most MAX_LENGTH characters; what does
not fit (the topic, the date, a third name) is left out before anything is cut."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from django_countries import countries as country_names

from tracker.choices import EventStatus, ParticipationRole
from tracker.dates import PartialDate, format_span
from tracker.formatting import format_number

from .gazetteer import COUNTRIES
from .lexicon import load
from .people import title_country

if TYPE_CHECKING:
    from .pipeline import Draft

MAX_LENGTH = 90
_DATA = load("headlines")
SHORT_NAMES: dict[str, str] = _DATA["short_names"]
FAMILY_FIRST = frozenset(_DATA["names"]["family_first"])
MEASURE_WAYS = {way: frozenset(words) for way, words in _DATA["measures"].items()}
# What a measure or sanction falls on, as the evidence says it: "tariffs on steel and
# aluminium", "sanctions on two Russian oil companies".
TARGET = re.compile(
    r"\b(?:tariffs?|duties|duty|levies|levy|sanctions?|restrictions?)\s+(?:of\s+[\d.]+\s*"
    r"(?:%|per\s?cent|percent)\s+)?(?:on|against)\s+(?:all\s+|imports\s+of\s+)?"
    r"((?:[A-Za-z][\w-]*\s+){0,4}?(?:imports|goods|products|steel|aluminium|aluminum|cars|"
    r"vehicles|autos|oil|companies|firms|entities|individuals|officials|banks|exports|"
    r"semiconductors|chips|lumber|copper|pharmaceuticals|textiles|agricultural products)"
    r"(?:\s+and\s+(?:steel|aluminium|aluminum|copper|cars|auto parts|derivatives))?)\b"
)


def country(code: str) -> str:
    return SHORT_NAMES.get(code) or str(country_names.name(code)) or code


def short_name(name: str) -> str:
    """The name a headline uses: the family name ("Modi", "Rubio"), or the whole name when
    the family name comes first ("Kim Hong-kyun", "Wang Yi") or the name is one word."""
    words = name.split()
    if len(words) <= 1 or words[0] in FAMILY_FIRST:
        return name
    if words[-1].rstrip(".").lower() in ("jr", "sr", "ii", "iii"):
        words = words[:-1]
    return words[-1]


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _when(start: PartialDate | None) -> str:
    return f" ({start.display()})" if start is not None else ""


def _quantity(value: Decimal, unit: str) -> str:
    if unit == "percent":
        return f"{format_number(value)}%"
    if unit == "USD":
        return _money("$", value)
    if unit in ("EUR", "GBP", "INR", "JPY", "CNY"):
        symbol = {"EUR": "€", "GBP": "£", "INR": "₹", "JPY": "¥", "CNY": "¥"}[unit]
        return _money(symbol, value)
    if re.fullmatch(r"[A-Z]{3}", unit):  # another currency: its code
        return _money(f"{unit} ", value)
    return format_number(value)


def _money(symbol: str, value: Decimal) -> str:
    for size, word in ((Decimal(10**12), "tn"), (Decimal(10**9), "bn"), (Decimal(10**6), "m")):
        if abs(value) >= size:
            return f"{symbol}{format_number((value / size).quantize(Decimal('0.1')))}{word}"
    return f"{symbol}{format_number(value)}"


# Whose nationals a flight carries: "Indian nationals", "Colombian migrants".
NATIONALS = re.compile(
    r"\b([A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)\s+(?:nationals|migrants|deportees|citizens|"
    r"immigrants)\b|\b([A-Z][a-z]+(?:ans|ians|ese))\b"
)
# Who sends a flight: "deported from the US", "US military aircraft".
SENDER = re.compile(
    r"\b(?:from|by)\s+(?:the\s+)?(\S+(?:\s+[A-Z]\S*)?)|\b(\S+)\s+(?:military|air force|"
    r"government|authorities)\b"
)
# Where a removal flight went: "returned on a charter flight to Nigeria and Ghana".
DESTINATIONS = re.compile(
    r"\b(?:returned|removed|deported|sent|flown|flight|flights)\s+(?:[\w-]+\s+){0,4}?to\s+"
    r"((?:the\s+)?[A-Z][\w'’-]*(?:(?:\s+|,\s*|\s+and\s+)(?:the\s+)?[A-Z][\w'’-]*){0,6})"
)
TOWARDS = re.compile(
    r"\b(?:visit(?:s|ed|ing)?|to|in|arriv\w*\s+in|travel\w*\s+to|trip\s+to)\s+((?:\S+\s+){0,3}\S+)"
)


class _Parts:
    """What a headline is made of, read once from the draft."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        speakers = {ParticipationRole.SPOKESPERSON}
        self.people = [p for p in draft.participants if p.role not in speakers and p.name]
        self.names = list(dict.fromkeys(short_name(p.name) for p in self.people))
        self.scheduled = draft.status == EventStatus.SCHEDULED
        self.topic = draft.topics[0].replace("-", " ") if draft.topics else ""
        evidence = draft.evidence
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", evidence)}
        self.way = next((way for way, ws in MEASURE_WAYS.items() if words & ws), "")
        target = TARGET.search(evidence)
        self.target = target.group(1) if target else ""
        codes = list(draft.countries)
        # Who acts is named first, unless the draft says (a release: its publisher first).
        mentioned = [c for c in COUNTRIES.find(evidence) if c in codes]
        if draft.kind == "data-release":
            mentioned = []
        ordered = list(dict.fromkeys([*mentioned, *codes]))
        own = [c for p in self.people if (c := p.country or title_country(p.title)) in codes]
        targeted = set(COUNTRIES.find(self.target)) if self.target else set()
        acting = [c for c in own if c not in targeted]
        if draft.kind == "deportation":  # who deports: not the nationals' own country
            for match in NATIONALS.finditer(evidence):
                targeted |= set(COUNTRIES.find(match.group(1) or match.group(2)))
            for match in DESTINATIONS.finditer(evidence):  # nor where the flight went
                targeted |= set(COUNTRIES.find(match.group(1)))
            acting = [
                c
                for m in SENDER.finditer(evidence)
                for c in COUNTRIES.find(m.group(1) or m.group(2))
            ]
            acting = [c for c in acting if c in codes and c not in targeted]
        first = acting or [c for c in ordered if c not in targeted] or ordered
        self.codes = [first[0], *[c for c in ordered if c != first[0]]] if first else []
        self.countries = [country(code) for code in self.codes]
        self.own = own[0] if own else None

    def lead(self) -> str:
        """Who acts: the first person, else the first country."""
        if self.names:
            return self.names[0]
        return self.countries[0] if self.countries else ""

    def other_side(self) -> str:
        """The other country: where a visit goes, whom a person deals with."""
        for match in TOWARDS.finditer(self.draft.evidence):
            for code in COUNTRIES.find(match.group(1)):
                if code in self.codes and code != self.own:
                    return country(code)
        for code in self.codes:
            if code != (self.own or self.codes[0]):
                return country(code)
        return ""

    def figure(self, *units: str) -> str:
        for figure in self.draft.figures:
            if figure.unit in units or not units:
                return _quantity(figure.value, figure.unit)
        return ""


def _pair(parts: _Parts, together: str, alone: str, fallback: str) -> list[str]:
    """Two or more actors doing something together, else one with the other side, else
    the countries: the candidates, fullest first."""
    verb = together
    if parts.scheduled:
        verb = "to " + together
    out = []
    if len(parts.names) >= 2:
        out += [f"{_join(parts.names[:3])} {verb}", f"{_join(parts.names[:2])} {verb}"]
    other = parts.other_side()
    if parts.names and other:
        out.append(f"{parts.names[0]} {'to ' + together if parts.scheduled else alone} {other}")
    if len(parts.countries) >= 2:
        out.append(f"{_join(parts.countries[:3])} {fallback}")
    if parts.names:
        out.append(f"{parts.names[0]} {alone.split(' with')[0].split(' ')[0]} {fallback}")
    return out


def _call(p: _Parts) -> list[str]:
    if len(p.names) >= 2 or not p.names:
        return _pair(p, "speak by phone", "speaks by phone with", "officials speak by phone")
    other = p.other_side()
    verb = "to hold" if p.scheduled else "holds"
    return [f"{p.names[0]} {verb} phone call with {other}" if other else
            f"{p.names[0]} {verb} phone call"]  # fmt: skip


def _meeting(p: _Parts) -> list[str]:
    if len(p.names) >= 2:
        return _pair(p, "meet", "meets", "officials meet")
    other = p.other_side()
    verb = "to hold talks" if p.scheduled else "holds talks"
    if p.names:
        return [f"{p.names[0]} {verb} with {other}" if other else f"{p.names[0]} {verb}"]
    if len(p.countries) >= 2:
        return [f"{_join(p.countries[:3])} officials {'to meet' if p.scheduled else 'meet'}"]
    return []


def _visit(p: _Parts) -> list[str]:
    verb = "to visit" if p.scheduled else "visits"
    other = p.other_side()
    if p.names and other:
        return [f"{p.names[0]} {verb} {other}"]
    if len(p.countries) >= 2:
        return [f"{p.countries[0]} delegation {verb} {p.countries[1]}"]
    if p.names:
        return [f"{p.names[0]} on {'planned ' if p.scheduled else ''}visit"]
    return []


def _summit(p: _Parts) -> list[str]:
    verb = "to hold summit" if p.scheduled else "hold summit"
    out = []
    if len(p.countries) >= 2:
        more = " and others" if len(p.countries) > 4 else ""
        out += [f"{_join(p.countries[:4])}{more} leaders {verb}",
                f"{_join(p.countries[:2])} and others {verb}"]  # fmt: skip
    if p.names:
        out.append(f"{_join(p.names[:3])} {'to attend' if p.scheduled else 'attend'} summit")
    return out


def _statement(p: _Parts) -> list[str]:
    on = f" on {p.topic}" if p.topic else ""
    lead = p.lead()
    if not lead:
        return []
    if p.names:
        return [f"{lead} issues statement{on}", f"{lead} issues statement"]
    return [f"{lead} statement{on}", f"{lead} statement"]


def _agreement(p: _Parts) -> list[str]:
    on = f" on {p.topic}" if p.topic else ""
    verb = "to sign agreement" if p.scheduled else "reach agreement"
    sides = p.countries[:3] if len(p.countries) >= 2 else p.names[:3]
    if len(sides) >= 2:
        return [f"{_join(sides)} {verb}{on}", f"{_join(sides)} {verb}"]
    if sides:
        return [f"{sides[0]} agrees deal{on}", f"{sides[0]} agrees deal"]
    return []


def _measure(p: _Parts) -> list[str]:
    if not p.countries:
        return []
    lead, rate = p.countries[0], p.figure("percent")
    goods = p.target or (f"{p.countries[1]} goods" if len(p.countries) > 1 else "imports")
    if p.way == "raise":
        verb = "to raise" if p.scheduled else "raises"
        shown = f"{lead} {verb} tariffs on {goods}"
        return [f"{shown} to {rate}", shown] if rate else [shown]
    if p.way == "cut":
        verb = "to cut" if p.scheduled else "cuts"
        shown = f"{lead} {verb} tariffs on {goods}"
        return [f"{shown} to {rate}", shown] if rate else [shown]
    if p.way == "lift":
        return [f"{lead} {'to lift' if p.scheduled else 'lifts'} tariffs on {goods}"]
    verb = "to impose" if p.scheduled else "imposes"
    if rate:
        return [f"{lead} {verb} {rate} tariff on {goods}", f"{lead} {verb} {rate} tariff"]
    return [f"{lead} {verb} tariffs on {goods}", f"{lead} {verb} tariffs"]


def _sanction(p: _Parts) -> list[str]:
    if not p.countries:
        return []
    lead = p.countries[0]
    verb = "to sanction" if p.scheduled else "sanctions"
    if p.target:
        return [f"{lead} {verb} {p.target}"]
    if len(p.countries) >= 2:
        return [f"{lead} {verb} {p.countries[1]}"]
    return [f"{lead} imposes sanctions"]


def _deportation(p: _Parts) -> list[str]:
    if not p.countries:
        return []
    count = p.figure("persons")
    lead = p.countries[0]
    to = ""
    if len(p.countries) == 2:
        to = f" to {p.countries[1]}"
    elif len(p.countries) == 3:  # "to Vietnam and Timor-Leste"; more are for the body
        to = f" to {p.countries[1]} and {p.countries[2]}"
    how = " on military flights" if "military" in p.draft.evidence.lower() else ""
    verb = "to deport" if p.scheduled else "deports"
    who = f" {count}" if count else ""
    when = _when(p.draft.start)
    return [f"{lead} {verb}{who}{to}{how}{when}", f"{lead} {verb}{who}{to}{when}",
            f"{lead} {verb}{who}{to}"]  # fmt: skip


def _parliamentary(p: _Parts) -> list[str]:
    on = f" on {p.topic}" if p.topic else ""
    if p.names:
        return [f"{p.names[0]} answers in parliament{on}", f"{p.names[0]} answers in parliament"]
    if p.countries:
        return [f"{p.countries[0]} parliament told{on}", f"{p.countries[0]} parliament reply"]
    return []


def _data_release(p: _Parts) -> list[str]:
    lead = p.countries[0] if p.countries else ""
    figures = p.draft.figures
    money = [f for f in figures if f.unit not in ("percent", "persons")]
    if not figures:
        return [f"{lead} releases {p.topic or 'new'} data".strip()] if lead else []
    figure = (money or figures)[0]
    value = _quantity(figure.value, figure.unit)
    label = figure.label.lower() if figure.label else "figure"
    with_whom = f" with {p.countries[1]}" if len(p.countries) > 1 else ""
    period = _period(figure.period_start, figure.period_end) or _when(p.draft.start)
    head = f"{lead} data: " if lead else "Data: "
    return [f"{head}{label}{with_whom} {value}{period}", f"{head}{label} {value}{period}",
            f"{head}{label} {value}"]  # fmt: skip


def _period(start: object, end: object) -> str:
    """ " (2024)", " (Jan–Mar 2025)": a figure's period as the record shows it."""
    try:
        first = PartialDate.parse(str(start)) if start else None
        last = PartialDate.parse(str(end)) if end else None
    except ValueError:
        return ""
    if first is None:
        return ""
    return f" ({format_span(first, last if last != first else None)})"


# The steps the extractor reads as "other" (data/kinds.toml): diplomats expelled, a
# consulate or an embassy closed.
EXPELS = re.compile(r"\b(?:expel|expuls|persona non grata)", re.I)
CLOSES = re.compile(
    r"\b(?:close|closing|closure|shut)\w*\b[^.;]{0,60}?\b(?P<what>consulate|embass)", re.I
)


def _other(p: _Parts) -> list[str]:
    if len(p.countries) < 2:
        return []
    lead, other = p.countries[:2]
    if EXPELS.search(p.draft.evidence):
        count = p.figure("persons")
        verb = "to expel" if p.scheduled else "expels"
        return [f"{lead} {verb} {count} diplomats of {other}" if count else "",
                f"{lead} {verb} diplomats of {other}"]  # fmt: skip
    if closed := CLOSES.search(p.draft.evidence):
        what = "embassy" if closed.group("what").lower() == "embass" else "consulate"
        return [f"{lead} and {other}: {what} closure"]
    return []


BUILDERS: dict[str, Callable[[_Parts], list[str]]] = {
    "call": _call,
    "meeting": _meeting,
    "visit": _visit,
    "summit": _summit,
    "statement": _statement,
    "agreement": _agreement,
    "trade-measure": _measure,
    "sanction": _sanction,
    "deportation": _deportation,
    "parliamentary": _parliamentary,
    "data-release": _data_release,
    "other": _other,
}


def headline(draft: Draft, kind_name: str) -> str:
    """The draft's title; the kind and its actors when nothing better can be said."""
    parts = _Parts(draft)
    build = BUILDERS.get(draft.kind)
    for candidate in build(parts) if build else []:
        text = " ".join(candidate.split())
        if text and len(text) <= MAX_LENGTH:
            return text[0].upper() + text[1:]
    who = _join(parts.names[:2]) or _join(parts.countries[:2])
    fallback = f"{kind_name}: {who}" if who else kind_name
    return fallback[:MAX_LENGTH]
