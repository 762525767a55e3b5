"""Article text to draft events, with rules: deterministic, fast, nothing downloaded.

Per sentence: dates (tracker.extraction.dates), countries (names, demonyms, capitals),
actors (the database's actors and aliases, and "<title> <Name>" patterns), the kind
(cue words), figures (value, unit, scale, period, change) and the status (a date after
publication, or "will", "takes effect", is scheduled; "held in reserve", "called off" is
cancelled). Sentences with a kind become events; mentions of the same kind and date merge.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from tracker.dates import PartialDate

from . import dates

MAX_CHARS = 200_000

COUNTRY_WORDS: dict[str, str] = {
    "united states": "US",
    "u.s.": "US",
    "us": "US",
    "america": "US",
    "american": "US",
    "americans": "US",
    "washington": "US",
    "white house": "US",
    "india": "IN",
    "indian": "IN",
    "indians": "IN",
    "new delhi": "IN",
    "delhi": "IN",
    "amritsar": "IN",
    "lok sabha": "IN",
    "rajya sabha": "IN",
    "colombia": "CO",
    "colombian": "CO",
    "colombians": "CO",
    "bogota": "CO",
    "bogotá": "CO",
    "canada": "CA",
    "canadian": "CA",
    "canadians": "CA",
    "ottawa": "CA",
    "mexico": "MX",
    "mexican": "MX",
    "mexicans": "MX",
    "china": "CN",
    "chinese": "CN",
    "beijing": "CN",
    "australia": "AU",
    "australian": "AU",
    "canberra": "AU",
    "japan": "JP",
    "japanese": "JP",
    "tokyo": "JP",
    "brazil": "BR",
    "brazilian": "BR",
    "russia": "RU",
    "russian": "RU",
    "moscow": "RU",
    "kremlin": "RU",
    "united kingdom": "GB",
    "britain": "GB",
    "british": "GB",
    "london": "GB",
    "france": "FR",
    "french": "FR",
    "paris": "FR",
    "germany": "DE",
    "german": "DE",
    "berlin": "DE",
    "european union": "EU",
    "eu": "EU",
    "south korea": "KR",
    "korean": "KR",
    "seoul": "KR",
    "iran": "IR",
    "iranian": "IR",
    "tehran": "IR",
    "ukraine": "UA",
    "ukrainian": "UA",
    "kyiv": "UA",
    "pakistan": "PK",
    "pakistani": "PK",
    "islamabad": "PK",
    "indonesia": "ID",
    "indonesian": "ID",
    "jakarta": "ID",
    "vietnam": "VN",
    "vietnamese": "VN",
    "hanoi": "VN",
    "south africa": "ZA",
    "south african": "ZA",
}
# Words that look like "US" or "EU" only in capitals.
CASE_SENSITIVE = {"us", "eu"}

TITLES = [
    "Deputy Secretary of State",
    "Secretary of State",
    "Vice President",
    "Prime Minister",
    "Foreign Secretary",
    "Foreign Minister",
    "foreign minister",
    "External Affairs Minister",
    "Commerce Secretary",
    "Commerce Minister",
    "Trade Minister",
    "trade minister",
    "Treasury Secretary",
    "Defence Minister",
    "Defense Secretary",
    "Home Minister",
    "press secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "Ambassador",
    "ambassador",
    "Chancellor",
    "President",
    "Minister of State",
    "Minister",
    "Senator",
    "Trade Representative",
    "Finance Minister",
    "finance minister",
    "Premier",
    "King",
]
TITLE_RE = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
NAME_WORD = r"(?:[A-Z][a-zà-ÿ'’.-]+|[A-Z]\.|[A-Z]{2,3}(?=\s+[A-Z][a-z]))"
NAME = rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}})"
DEPARTMENT = (
    r"(?:External Affairs|Foreign Affairs|Home Affairs|Commerce|Trade|Finance|Defen[cs]e|State)"
)
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
STOP_NAMES = {"The", "A", "An", "On", "In", "At", "After", "Before", "Asked", "But", "And"}

KIND_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "parliamentary",
        re.compile(
            r"\b(?:told (?:the )?(?:parliament|lok sabha|rajya sabha|house|senate)|written (?:reply|answer)|parliamentary (?:question|answer|reply)|question hour|in reply to a question)\b",
            re.I,
        ),
    ),
    ("deportation", re.compile(r"\bdeport(?:ed|ation|ations|ees?|ing)\b", re.I)),
    ("sanction", re.compile(r"\bsanction(?:s|ed)?\b|\basset freeze\b|\bblacklist(?:ed)?\b", re.I)),
    (
        "trade-measure",
        re.compile(
            r"\btariffs?\b|\bduties\b|\bimport dut(?:y|ies)\b|\blevy\b|\bexport (?:ban|controls?)\b",
            re.I,
        ),
    ),
    (
        "data-release",
        re.compile(
            r"\b(?:trade (?:data|figures)|data (?:released|published)|figures (?:released|published|showed)|statistics (?:showed|released))\b|\btrade deficit\b|\bdeficit\b.{0,200}\b(?:widened|narrowed|rose|fell)\b",
            re.I,
        ),
    ),
    ("summit", re.compile(r"\bsummit\b", re.I)),
    (
        "call",
        re.compile(
            r"\b(?:phone call|by phone|by telephone|phone talks|telephone conversation|spoke on the phone|call with|called)\b",
            re.I,
        ),
    ),
    (
        "agreement",
        re.compile(
            r"\b(?:agreed|agreement|signed (?:a|an|the) (?:deal|accord|pact|memorandum)|deal|accord|memorandum of understanding)\b",
            re.I,
        ),
    ),
    (
        "statement",
        re.compile(
            r"\b(?:readout|joint statement|issued a statement|said in a statement)\b|\bspokes(?:person|man|woman)\b.{0,200}\bsaid\b",
            re.I,
        ),
    ),
    (
        "visit",
        re.compile(r"\b(?:visit(?:ed|s|ing)?|arrived in|state visit|at the White House)\b", re.I),
    ),
    (
        "meeting",
        re.compile(r"\b(?:met|meeting|held talks|talks in|bilateral talks|sat down with)\b", re.I),
    ),
]
KIND_NAMES = {
    "parliamentary": "Parliamentary reply",
    "deportation": "Deportation flight",
    "sanction": "Sanction",
    "trade-measure": "Trade measure",
    "data-release": "Data release",
    "summit": "Summit",
    "call": "Phone call",
    "statement": "Statement",
    "agreement": "Agreement",
    "visit": "Visit",
    "meeting": "Meeting",
}
CONTINUATION = re.compile(
    r"\b(?:responded|in response|hours (?:after|later)|later that day|then|in retaliation|"
    r"followed)\b",
    re.I,
)
SCHEDULED_CUES = re.compile(
    r"\b(?:will|would aim|aims? to|plans? to|planned|is to|are to|takes? effect|to take effect|"
    r"to rise|set to|scheduled|due to|expected to|next (?:week|month|year))\b",
    re.I,
)
CANCELLED_CUES = re.compile(
    r"\b(?:held in reserve|called off|cancell?ed|scrapped|withdrawn|not (?:be )?signed|suspended)\b",
    re.I,
)
POSTPONED_CUES = re.compile(r"\b(?:postponed|delayed|pushed back|rescheduled)\b", re.I)

SCALE = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "bn": Decimal(10) ** 9,
    "mn": Decimal(10) ** 6,
    "crore": Decimal(10) ** 7,
    "lakh": Decimal(10) ** 5,
}
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "hundred": 100,
}
# A number from its first digit (never the tail of a longer run), at most 15 digits: each
# start is tried once and backtracks a bounded way, so a run of a million digits is linear.
NUM = r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,6})?)(?![\d,]*\d)"
FIGURES: list[tuple[str, re.Pattern[str]]] = [
    ("percent", re.compile(rf"{NUM}\s*(?:per\s*cent|percent|%)", re.I)),
    ("pp", re.compile(rf"{NUM}\s*percentage points?", re.I)),
    (
        "money",
        re.compile(
            rf"(?P<cur>\$|US\$|USD|€|EUR|£|GBP|₹|Rs\.?|INR)\s*{NUM}\s*(?P<scale>trillion|billion|million|thousand|bn|mn|crore|lakh)?",
            re.I,
        ),
    ),
    (
        "money_after",
        re.compile(
            rf"{NUM}\s*(?P<scale>trillion|billion|million|thousand|bn|mn|crore|lakh)?\s*(?P<cur>(?:US\s+)?dollars|euros?|pounds|rupees|yuan)",
            re.I,
        ),
    ),
    (
        "persons",
        re.compile(
            rf"{NUM}\s+(?:(?:[A-Z][a-z]+|illegal|undocumented|deported)\s+)?(?P<who>Indians|Colombians|Mexicans|migrants|nationals|people|persons|deportees|citizens|passengers|immigrants)\b"
        ),
    ),
    (
        "aircraft",
        re.compile(
            rf"{NUM}\s+(?:\w+\s+)?(?:military\s+)?(?P<what>planes|aircraft|flights)\b", re.I
        ),
    ),
]
CURRENCY = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "inr": "INR",
    "rupees": "INR",
    "yuan": "CNY",
}
TOPIC_CUES = {
    "trade": ["trade", "tariff", "export", "import", "deficit", "duties"],
    "immigration": ["deport", "migrant", "migration", "visa", "illegal"],
    "defence": ["defence", "defense", "military", "security cooperation"],
    "energy": ["oil", "gas", "lng", "energy", "coal"],
    "technology": ["technology", "semiconductor", "ai ", "chips"],
}


@dataclass
class Figure:
    label: str
    value: Decimal
    unit: str
    period_start: str | None = None
    period_end: str | None = None
    change_value: Decimal | None = None
    change_unit: str = ""


@dataclass
class Participant:
    name: str
    title: str = ""
    country: str | None = None
    role: str = "participant"


@dataclass
class Draft:
    kind: str
    evidence: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    status: str = "occurred"
    countries: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    confidence: float = 0.5
    unresolved: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        words = self.evidence.split()
        text = " ".join(words[:14]) + ("…" if len(words) > 14 else "")
        return f"{KIND_NAMES.get(self.kind, self.kind)}: {text}"

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
            "participants": [asdict(p) for p in self.participants],
            "topics": self.topics,
            "figures": [
                {**asdict(f), "value": _number(f.value), "change_value": _number(f.change_value)}
                for f in self.figures
            ],
            "evidence": self.evidence,
            "confidence": round(self.confidence, 2),
            "unresolved_dates": self.unresolved,
        }


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class ExtractionError(ValueError):
    """Input that cannot be read as an article."""


@dataclass
class Article:
    text: str
    published: date | None = None
    title: str = ""
    outlet: str = ""
    url: str = ""


def read_article(raw: bytes | str, **overrides: Any) -> Article:
    """Text (or HTML) with optional "Published:", "Outlet:", "Title:", "URL:" header lines."""
    if isinstance(raw, bytes):
        if b"\x00" in raw[:4096]:
            raise ExtractionError("This looks like binary data, not an article.")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ExtractionError("The article is not UTF-8 text.") from exc
    if "\x00" in raw:
        raise ExtractionError("This looks like binary data, not an article.")
    if len(raw) > MAX_CHARS:
        raise ExtractionError(f"The article is longer than {MAX_CHARS:,} characters.")
    if "<" in raw and re.search(r"<(?:p|div|html|body|br)\b", raw, re.I):
        import nh3

        raw = re.sub(r"</?(?:p|div|br|h\d|li)\b[^>]{0,2000}>", "\n\n", raw, flags=re.I)
        raw = nh3.clean(raw, tags=set())
        import html

        raw = html.unescape(raw)
    headers: dict[str, str] = {}
    lines = raw.strip().splitlines()
    while lines and re.match(r"^(Published|Outlet|Title|URL):\s*", lines[0], re.I):
        key, _, value = lines.pop(0).partition(":")
        headers[key.strip().lower()] = value.strip()
    text = "\n".join(lines).strip()
    if not text:
        raise ExtractionError("The article is empty.")
    published = overrides.get("published")
    if published is None and headers.get("published"):
        try:
            published = date.fromisoformat(headers["published"])
        except ValueError as exc:
            raise ExtractionError(
                f"Cannot read the Published: date {headers['published']!r}."
            ) from exc
    return Article(
        text=text,
        published=published,
        title=overrides.get("title") or headers.get("title", ""),
        outlet=overrides.get("outlet") or headers.get("outlet", ""),
        url=overrides.get("url") or headers.get("url", ""),
    )


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])")
ABBREVIATIONS = re.compile(
    r"\b(?:U\.S|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.$"
)


MAX_SENTENCE = 1_000  # characters; a longer run without a sentence end is cut at clauses


def sentences(text: str) -> list[str]:
    """The text's sentences, in order. Linear: a piece that ends in an abbreviation joins
    the next one, and a "sentence" longer than MAX_SENTENCE is cut at clause breaks (or
    hard), so no rule ever reads more than MAX_SENTENCE characters at once."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        paragraph = re.sub(r"^[A-Z][A-Z .'-]{2,40}\s+[-–—]\s+", "", paragraph)  # dateline
        pieces: list[str] = []
        for piece in SENTENCE_END.split(paragraph):
            pieces.append(piece)
            if ABBREVIATIONS.search(piece[-8:]):
                continue
            out.extend(_bounded(" ".join(pieces)))
            pieces = []
        if pieces:
            out.extend(_bounded(" ".join(pieces)))
    return [s for s in out if s]


def _bounded(sentence: str) -> list[str]:
    """A sentence of at most MAX_SENTENCE characters, or its clauses grouped up to that."""
    if len(sentence) <= MAX_SENTENCE:
        return [sentence]
    out, current = [], ""
    for clause in re.split(r"(?<=[;,:])\s+", sentence):
        while len(clause) > MAX_SENTENCE:
            cut = clause.rfind(" ", 0, MAX_SENTENCE)
            cut = cut if cut > 0 else MAX_SENTENCE
            out.append(clause[:cut])
            clause = clause[cut:].lstrip()
        if current and len(current) + 1 + len(clause) > MAX_SENTENCE:
            out.append(current)
            current = ""
        current = f"{current} {clause}" if current else clause
    if current:
        out.append(current)
    return out


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


@dataclass
class Extraction:
    """What came of reading an article: its drafts, and how much of it was read."""

    drafts: list[Draft]
    sentences: int
    read: int
    budget: float | None = None

    @property
    def complete(self) -> bool:
        return self.read == self.sentences

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
    gazetteer = gazetteer or Gazetteer()
    published = article.published
    people: dict[str, Participant] = {}  # full name -> participant
    surnames: dict[str, str] = {}
    for actor in gazetteer.actors.values():
        people.setdefault(
            actor["name"],
            Participant(actor["name"], actor.get("title") or "", actor.get("country")),
        )
    drafts: list[Draft] = []
    anchor: PartialDate | None = None
    text_sentences = sentences(article.text)
    introduced: set[str] = set()
    for read, sentence in enumerate(text_sentences):
        if deadline is not None and time.monotonic() > deadline:
            return Extraction(drafts, len(text_sentences), read, budget)
        mentioned = _people(sentence, gazetteer, people, surnames, introduced)
        mentions = dates.find(sentence, published, anchor=anchor)
        has_figure = any(p.search(sentence) for _, p in FIGURES)
        event_dates = [m for m in mentions if not _is_target(sentence, m, has_figure)]
        unresolved = [m.text for m in mentions if not m.resolved]
        kinds = [kind for kind, cue in KIND_CUES if cue.search(sentence)]
        figures = _figures(sentence, mentions)
        countries = gazetteer.countries(sentence)
        for person in mentioned:
            if person.country and person.country not in countries:
                countries.append(person.country)
        resolved = [m for m in event_dates if m.resolved]
        if not resolved and anchor is not None and CONTINUATION.search(sentence):
            # "Trump responded by announcing ...": the day the story has reached.
            resolved = [dates.DateMention("(context)", anchor, relative=True)]
        elif resolved:
            anchor = resolved[0].start
        if not kinds:
            # Sentences without an event of their own elaborate on the story: their figures
            # belong to the lead event, their people and countries to the latest one.
            if drafts:
                drafts[0].figures += figures
                latest = drafts[-1]
                latest.participants += [
                    p for p in mentioned if p.name not in {q.name for q in latest.participants}
                ]
                latest.countries += [c for c in countries if c not in latest.countries]
            continue
        kind = _choose_kind(kinds, sentence)
        draft = Draft(
            kind=kind,
            evidence=sentence,
            countries=countries,
            figures=figures,
            participants=mentioned,
            unresolved=unresolved,
        )
        if resolved:
            draft.start, draft.end = resolved[0].start, resolved[0].end
            draft.confidence += 0.2 if not resolved[0].vague else 0.05
        draft.status = _status(sentence, draft.start, published)
        draft.topics = [
            t for t, cues in TOPIC_CUES.items() if any(c in sentence.lower() for c in cues)
        ]
        if draft.participants:
            draft.confidence += 0.15
        if draft.countries:
            draft.confidence += 0.1
        _add(drafts, draft)
    return Extraction(drafts, len(text_sentences), len(text_sentences), budget)


FIGURE_BEFORE = re.compile(r"(?:\d|billion|million|per cent|percent|%)\W*(?:\w+\W+){0,3}$")


def _is_target(sentence: str, mention: dates.DateMention, has_figure: bool) -> bool:
    """A figure's period or horizon, not when the event happened: "$45.7 billion in 2024",
    "500 billion dollars by 2030", "from 2009 to 2024 a total of 15,564"."""
    before = sentence[: mention.position]
    after = sentence[mention.position + len(mention.text) :]
    text = mention.text.lower()
    if text.startswith(("by ", "in ")) and mention.start and mention.start.precision == "year":
        return bool(FIGURE_BEFORE.search(before[-40:]))
    if mention.end is not None and has_figure:
        return bool(re.match(r"\W*(?:\w+\W+){0,4}\d", after)) or bool(
            FIGURE_BEFORE.search(before[-40:])
        )
    return False


def _choose_kind(kinds: list[str], sentence: str) -> str:
    lowered = sentence.lower()
    if "visit" in kinds and "meeting" in kinds:
        return "visit" if ("visit" in lowered or "white house" in lowered) else "meeting"
    if "agreement" in kinds and "trade-measure" in kinds:
        # "agreed to accept deportees ... tariffs": the agreement is the news
        return (
            "agreement"
            if re.search(r"\bagreed\b", lowered) and "tariff" not in lowered.split("agreed")[0]
            else "trade-measure"
        )
    return kinds[0]


def _status(sentence: str, start: PartialDate | None, published: date | None) -> str:
    if CANCELLED_CUES.search(sentence):
        return "cancelled"
    if POSTPONED_CUES.search(sentence):
        return "postponed"
    if start is not None and published is not None and start.first_day > published:
        return "scheduled"
    if SCHEDULED_CUES.search(sentence) and (
        start is None or published is None or start.last_day >= published
    ):
        return "scheduled"
    return "occurred"


def _people(
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


def _figures(sentence: str, mentions: list[dates.DateMention]) -> list[Figure]:
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
    for kind, pattern in FIGURES:
        for match in pattern.finditer(sentence):
            span = match.span()
            if any(span[0] < e and s < span[1] for s, e in taken):
                continue
            g = match.groupdict()
            value = Decimal(g["num"].replace(",", ""))
            if kind == "percent":
                unit = "percent"
            elif kind == "pp":
                unit = "pp"
            elif kind in ("money", "money_after"):
                value *= SCALE.get((g.get("scale") or "").lower(), Decimal(1))
                unit = CURRENCY.get(g["cur"].lower().replace("  ", " "), "USD")
            elif kind == "persons":
                unit = "persons"
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
    for word, number in NUMBER_WORDS.items():
        hit = re.search(
            rf"\b{word}\s+(?:\w+\s+)?(?:military\s+)?(planes|aircraft|flights)\b", sentence, re.I
        )
        if hit and not any(hit.start() < e and s < hit.end() for s, e in taken):
            found.append(
                Figure(
                    label=_label(sentence, hit.span(), "aircraft"),
                    value=Decimal(number),
                    unit="aircraft" if hit.group(1).lower() != "flights" else "flights",
                )
            )
    return found


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
        return "People " + ("deported" if "deport" in sentence.lower() else "concerned")
    if unit in ("aircraft", "flights"):
        return "Aircraft" if unit == "aircraft" else "Flights"
    noun = re.search(
        r"\b(trade|deficit|surplus|exports|imports|investment|aid|purchases)\b",
        after + " " + before,
        re.I,
    )
    return (noun.group(1).lower() if noun else "amount").capitalize()


def _add(drafts: list[Draft], draft: Draft) -> None:
    """Merge a draft into an earlier one of the same kind and date (or an undated one)."""
    for other in drafts:
        if other.kind != draft.kind:
            continue
        same_date = draft.start is None or other.start is None or draft.start == other.start
        if same_date and (draft.start == other.start or draft.start is None):
            other.countries += [c for c in draft.countries if c not in other.countries]
            other.participants += [
                p for p in draft.participants if p.name not in {q.name for q in other.participants}
            ]
            other.figures += draft.figures
            other.topics += [t for t in draft.topics if t not in other.topics]
            if other.status == "occurred" and draft.status == "cancelled":
                other.status = "cancelled"
            return
    drafts.append(draft)
