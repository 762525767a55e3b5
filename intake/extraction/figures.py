"""Figures in a sentence: a value with its unit and scale ("25 per cent", "$45.7 billion",
"104 Indians", "three military planes"), labelled from the words around it, with the
period a date of the sentence gives."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlsplit

from tracker.shapes import FigureRow

from . import dates
from .lexicon import CURRENCY, NUMBER_WORDS, SCALE

Figure = FigureRow  # a draft's figure: periods as partial dates in ISO text

# A number from its first digit (never the tail of a longer run, nor a model's: "C-17"),
# at most 15 digits: each start is tried once and backtracks a bounded way, so a run of a
# million digits is linear.
NUM = r"(?<![\d.,])(?<![A-Za-z]-)(?P<num>\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,6})?)(?![\d,]*\d)"
# Who a count of people counts.
PEOPLE = (
    # "104 Indians", not "12 Chinese firms" (the demonym qualifies what is counted).
    r"(?:(?:[A-Z][a-z]+ans|[A-Z][a-z]+ese|[A-Z][a-z]+is)(?!\s+(?:firms|companies|entities|businesses|banks|vessels|ships|goods|products|"
    r"exports|imports|officials|nationals|citizens|workers|students|migrants|exporters|"
    r"producers|manufacturers|makers|suppliers|equipment)\b)|"
    r"migrants|nationals|people|persons|"
    r"deportees|citizens|passengers|immigrants|women|men|children|minors|girls|boys|adults|"
    r"families|individuals|students|workers|fishermen|prisoners|detainees|consumers|residents|"
    r"refugees|civilians|soldiers|troops|voters|pilgrims|tourists|nurses|doctors|"
    # "more than 20,000 dead and over 14 million displaced"
    r"dead|killed|injured|wounded|displaced|hostages|casualties|victims|"
    r"asylum[- ]seekers|offenders|criminals|convicts|returnees|violators|overstayers|"
    r"diplomats|family\s+members)"
)
# Small numbers as words, in counts and breakdowns ("one agreement", "two from Punjab").
_UNITS = {"one": 1, **{w: n for w, n in NUMBER_WORDS.items() if n < 10}}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# "forty six", "Forty-six", "eleven": up to ninety-nine in words.
WORD_NUMBERS = {
    **_UNITS,
    **{w: n for w, n in NUMBER_WORDS.items() if n != 100},
    "eleven": 11, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, **_TENS,
    **{f"{t}{sep}{u}": tn + un for t, tn in _TENS.items() for u, un in _UNITS.items()
       for sep in (" ", "-")},
}  # fmt: skip
WORD_NUM = rf"(?P<word>(?i:{'|'.join(sorted(WORD_NUMBERS, key=len, reverse=True))}))"
# Further numbers of a breakdown of a count: "33 from Haryana", "799 in 2010", "two from
# Uttar Pradesh and one each from Uttarakhand".
BREAKDOWN = re.compile(
    rf"(?:{NUM}|\b{WORD_NUM})\s+(?:each\s+)?(?:were\s+|are\s+)?"
    rf"(?:from\s+[A-Z]|in\s+(?:19|20)\d\d\b|so\s+far\b|"
    r"(?:flown|sent|deported|returned|repatriated|brought|removed)\b|"
    r"on\s+(?:[\w.-]+\s+){0,3}(?:aircraft|flights?|planes?|charters?)\b)"
)
PEOPLE_CUE = re.compile(
    r"\bdeport|\bmigrant|\bnationals\b|\bpeople\b|\bpersons\b|\bbatch\b|\breturnees\b", re.I
)
# "seven individuals and three entities": people counted in words (not "his wife and three
# children": a family, not a figure).
PEOPLE_IN_WORDS = re.compile(
    rf"\b{WORD_NUM}\s+(?:[A-Z]?[a-z]+\s+){{0,2}}(?:individuals|persons|nationals|migrants|deportees|"
    r"offenders|criminals|returnees|diplomats|"
    r"citizens|passengers|detainees|prisoners)\b"
)
# Counts of people without a noun after them: "a batch of 104", "333 of them", "the number
# of Indians sent back ... has reached 335".
PEOPLE_ALONE = [
    re.compile(rf"\b(?:batch|group|contingent)\s+of\s+{NUM}(?!\s*(?:per\s*cent|percent|%))"),
    re.compile(rf"{NUM}\s+of\s+(?:them|those)\b"),
    re.compile(
        rf"\b(?:number|total|tally|count)\s+of\s+(?:[\w-]+\s+){{0,2}}{PEOPLE}\b[^.;]{{0,120}}?"
        rf"\b(?:reached|rose\s+to|stood\s+at|climbed\s+to|is|was)\s+{NUM}"
    ),
    # "Sindh (2,795), followed by Punjab (1,437)": a count for each place.
    re.compile(rf"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}}\s+\({NUM}\)"),
    re.compile(rf"\b(?:deportees|people|persons|migrants|nationals|returnees)\s+\({NUM}\)"),
    # "Its monthly breakdown was: October 2024, 40,223 people; November 2024, 28,703".
    re.compile(
        r"\b(?:January|February|March|April|May|June|July|August|September|October|"
        rf"November|December)\s+(?:19|20)\d\d,\s+{NUM}(?!\s*(?:per\s*cent|percent|%))"
    ),
    # "Iraq sent back the largest number, 247".
    re.compile(rf"\b(?:number|total|figure|count),\s+{NUM}\b"),
    # "So far in 2025, he said, the figure "is 104"", after a count of people.
    re.compile(
        rf"\b(?:figure|number|total|tally|count)\s+[\"“]?(?:is|was|stands\s+at|stood\s+at)\s+{NUM}"
    ),
]
# Counts of things an event names: "25 targets", "145 countries", "five memoranda" (not
# "the two countries": the parties).
COUNT = re.compile(
    r"(?<!\b[Tt]he )(?<!\b[Tt]hese )(?<!\b[Tt]hose )(?<!\b[Oo]ur )(?<!\b[Tt]heir )"
    r"(?<!\b[Bb]oth )"
    rf"(?:{NUM}(?:\s+(?P<scale>million|thousand))?|\b{WORD_NUM})(?!\s+of\b)\s+(?:[\w.-]+\s+){{0,2}}?"
    r"(?i:countries|targets|entities|companies|firms|vessels|ships|tankers|agreements?|"
    r"memorand(?:a|ums)|MoUs?|deals|projects|documents|sanctions|designations|jobs|items|"
    r"entries|commodities|exporters|producers|manufacturers|disputes)\b"
)
# "brings to 73 the number of oil tankers under UK sanctions": the count a step brings.
BRINGS_TO = re.compile(
    rf"\bbrings?\s+(?:the\s+(?:total|number)\s+)?to\s+{NUM}\s+the\s+(?:total\s+)?number\s+of\b"
)
# Signs and codes written before an amount ("A$5.6 billion", "Rs 500 crore", "EUR 20
# million"), from the data file's currencies: longest first, so "A$" is not "$".
SIGNS = "|".join(
    re.escape(sign).replace(r"\.", r"\.?")
    for sign in sorted(CURRENCY, key=len, reverse=True)
    if " " not in sign
    and (not sign.isalpha() or sign.upper() == CURRENCY[sign] or sign in ("rs", "rmb", "rm"))
)
PER_CENT = r"[\s-]*(?:per[\s-]*cent|percent|%)"
FIGURES: list[tuple[str, re.Pattern[str]]] = [
    ("percent", re.compile(rf"{NUM}{PER_CENT}", re.I)),
    # The first rate of a range: "duties at 27.91 to 34.10 percent".
    (
        "percent",
        re.compile(rf"{NUM}(?=\s*(?:to|-|–|and)\s*{NUM.replace('?P<num>', '?:')}{PER_CENT})", re.I),
    ),
    ("pp", re.compile(rf"{NUM}\s*percentage points?", re.I)),
    (
        "money",
        re.compile(
            rf"(?<![A-Za-z])(?P<cur>{SIGNS})\s*{NUM}(?:(?:\s*|-)(?P<scale>lakh\s+crore|trillion|billion|million|thousand|bn|mn|crore|lakh|B\b|M\b))?",
            re.I,
        ),
    ),
    (
        "money_after",
        re.compile(
            rf"{NUM}(?:(?:\s*|-)(?P<scale>lakh\s+crore|trillion|billion|million|thousand|bn|mn|crore|lakh))?\s*"
            r"(?P<cur>(?:US\s+|Canadian\s+|Australian\s+|New\s+Zealand\s+|Singapore\s+|Hong\s+Kong\s+)?dollars|euros?|pounds|rupees|yuan|renminbi|yen|pesos|"
            r"ringgit|baht|rupiah|reais|riyals?|dirhams?|rand|lira|(?<=illion )won)\b",
            re.I,
        ),
    ),
    (
        "persons",
        re.compile(
            rf"{NUM}(?:\s+(?P<scale>million|thousand|lakh|crore))?\s+(?:of\s+(?:those|them|the)\s+)?"
            rf"(?:(?:[A-Z][a-z]+|illegal|undocumented|deported|more|middle-class|failed|foreign|national|"
            rf"convicted|irregular|violating|individual)\s+(?:and\s+)?){{0,2}}(?P<who>{PEOPLE})\b"
        ),
    ),
    (
        "aircraft",
        re.compile(
            rf"{NUM}\s+(?!(?:on|by|via|aboard|in)\b)(?:[\w.]+\s+){{0,2}}(?:military\s+)?"
            r"(?P<what>planes|aircraft|flights)\b",
            re.I,
        ),
    ),
]


# "three military planes", "two flights": aircraft counted in words.
AIRCRAFT_IN_WORDS = [
    (
        number,
        re.compile(
            rf"\b{word}\s+(?:[\w.]+\s+){{0,2}}(?:military\s+)?(planes|aircraft|flights)\b", re.I
        ),
    )
    for word, number in NUMBER_WORDS.items()
]


# Countries whose own currency is written "$", by the domain and the names of their
# sources.
LOCAL_DOLLARS = [
    (".ca", r"\bCanad(?:a|ian)\b|\bCBC\b", "CAD"),
    (".au", r"\bAustralian?\b|\bABC News\b", "AUD"),
    (".nz", r"\bNew Zealand\b|\bRNZ\b", "NZD"),
    (".sg", r"\bSingapore\b|\bStraits Times\b", "SGD"),
    (".hk", r"\bHong Kong\b", "HKD"),
]


def local_dollar(url: str, outlet: str) -> str:
    """What a bare "$" means in this source: the local dollar in a Canadian, Australian,
    New Zealand, Singapore or Hong Kong one (its site under that country's domain, or an
    outlet that names it), US dollars elsewhere."""
    host = urlsplit(url).hostname or ""
    for domain, named, currency in LOCAL_DOLLARS:
        if host.endswith(domain) or re.search(named, outlet):
            return currency
    return "USD"


def find_figures(
    sentence: str,
    mentions: list[dates.DateMention],
    dollar: str = "USD",
    counting_people: bool = False,
) -> list[Figure]:
    """The sentence's figures; a bare "$" is ``dollar`` (see local_dollar). With
    ``counting_people`` (the sentence before counted people), a breakdown goes on
    counting them: "The count then rose to 1,303 in 2016"."""
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    period = next(
        (
            m
            for m in mentions
            if m.resolved and m.text.lower().startswith(("in ", "by ", "from ", "between "))
        ),
        None,
    )
    # The sentence's dates: "since the Taliban's return in 2021 deported Afghan nationals"
    # counts no 2021 people.
    taken += [(m.position, m.position + len(m.text)) for m in mentions if m.start is not None]
    for kind, pattern in FIGURES:
        for match in pattern.finditer(sentence):
            # A count of people gives way to a date by its number alone ("in 2021 deported").
            held = match.span("num") if kind == "persons" else match.span()
            if any(held[0] < e and s < held[1] for s, e in taken):
                continue
            span = match.span()
            g = match.groupdict()
            value = Decimal(g["num"].replace(",", ""))
            if kind == "percent":
                unit = "percent"
            elif kind == "pp":
                unit = "pp"
            elif kind in ("money", "money_after"):
                scale = " ".join((g.get("scale") or "").lower().split())
                value *= SCALE.get(scale, Decimal(1))
                symbol = " ".join(g["cur"].lower().split())
                unit = dollar if symbol in ("$", "dollars") else CURRENCY.get(symbol, "USD")
            elif kind == "persons":
                unit = "persons"
                value *= SCALE.get((g.get("scale") or "").lower(), Decimal(1))
            else:
                unit = (
                    "aircraft" if g.get("what", "").lower() in ("planes", "aircraft") else "flights"
                )
            taken.append(span)
            label = _label(sentence, span, unit)
            figure = Figure(label=label, value=value, unit=unit)
            if (
                period is not None
                and period.start is not None
                and unit not in ("persons", "aircraft", "flights")
            ):
                figure.period_start = period.start.isoformat()
                figure.period_end = (period.end or period.start).isoformat()
            found.append(figure)

    def add(match: re.Match[str], unit: str) -> None:
        # The number's own place: "the number of Indians sent back on three military
        # flights … has reached 335" counts the flights too.
        number = match.groupdict().get("num")
        span = match.span("num") if number else match.span()
        if any(span[0] < e and s < span[1] for s, e in taken):
            return
        taken.append(span)
        value = (
            Decimal(number.replace(",", ""))
            if number
            else Decimal(WORD_NUMBERS[" ".join(match.group("word").lower().split())])
        )
        value *= SCALE.get((match.groupdict().get("scale") or "").lower(), Decimal(1))
        found.append(Figure(label=_label(sentence, match.span(), unit), value=value, unit=unit))

    people_here = bool(PEOPLE_CUE.search(sentence)) or any(f.unit == "persons" for f in found)
    if people_here or counting_people:
        for pattern in PEOPLE_ALONE:
            for match in pattern.finditer(sentence):
                add(match, "persons")
        for match in BREAKDOWN.finditer(sentence):
            add(match, "persons")
    for match in PEOPLE_IN_WORDS.finditer(sentence):
        add(match, "persons")
    for match in COUNT.finditer(sentence):
        add(match, "count")
    for match in BRINGS_TO.finditer(sentence):
        add(match, "count")
    for number, pattern in AIRCRAFT_IN_WORDS:
        hit = pattern.search(sentence)
        if hit and not any(hit.start() < e and s < hit.end() for s, e in taken):
            found.append(
                Figure(
                    label=_label(sentence, hit.span(), "aircraft"),
                    value=Decimal(number),
                    unit="aircraft" if hit.group(1).lower() != "flights" else "flights",
                )
            )
    return found


# What is said of a count of people, by the word nearest to it.
PEOPLE_LABELS = [
    (re.compile(r"\b(?:deport|remov|repatriat|return(?:ed|ing|ees)\b|expel|sent\s+back)", re.I),
     "deported"),
    (re.compile(r"\b(?:detain|detention|arrest|apprehend|held\b|in\s+custody)", re.I), "detained"),
    (re.compile(r"\b(?:killed|dead|died|deaths)\b", re.I), "killed"),
    (re.compile(r"\b(?:displaced|fled|uprooted)\b", re.I), "displaced"),
]  # fmt: skip


def _label(sentence: str, span: tuple[int, int], unit: str) -> str:
    after = sentence[span[1] : span[1] + 60]
    before = sentence[max(0, span[0] - 60) : span[0]]
    if unit == "percent":
        noun = re.search(
            r"\b(tariffs?|dut(?:y|ies)|levy|rate|growth|increase|share)\b",
            after + " " + before,
            re.I,
        )
        return (noun.group(1).lower() if noun else "rate").capitalize()
    if unit in ("persons",):
        # What the nearest word says of them: "the detention of 121 workers, while 115
        # violators were deported".
        start = max(0, span[0] - 50)
        near = [
            (min(abs(m.start() + start - span[0]), abs(m.start() + start - span[1])), label)
            for pattern, label in PEOPLE_LABELS
            for m in pattern.finditer(sentence[start : span[1] + 50])
        ]
        if near:
            return "People " + min(near)[1]
        return "People " + ("deported" if "deport" in sentence.lower() else "concerned")
    if unit in ("aircraft", "flights"):
        return "Aircraft" if unit == "aircraft" else "Flights"
    noun = re.search(
        r"\b(trade|deficit|surplus|exports|imports|investment|aid|purchases)\b",
        after + " " + before,
        re.I,
    )
    return (noun.group(1).lower() if noun else "amount").capitalize()
