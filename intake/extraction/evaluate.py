"""Compare extraction with hand-written expectations (``name.txt`` + ``name.expected.json``).

Extracted events are first aligned with expected ones, one to one: as many wholly right
pairs as there can be, then the most alike (kind, date, countries) by a maximum-weight
matching. Then, per field, precision (of what was extracted, how much is
right), recall (of what was expected, how much was found) and F1:

- ``events``: an event is right when its kind fits, its date is the expected one at the
  expected precision, and its countries are the expected ones;
- ``kind``, ``date``, ``countries``: the field alone, over aligned events;
- ``status``: occurred, scheduled, postponed or cancelled, over aligned events (not part
  of an event's being right: a tariff announced for a later day is the same event
  whether or not the extraction saw it was still to come);
- ``people``: the article's people with the title the text gives them (a name matches
  the same words in any order, or a shorter form of it: "Trump", "Donald J. Trump"; a
  title is compared as the office it names, without the country it is of, which a
  participant records apart, and without forms of address: "President of the People's
  Republic of China" is "President", "Swiss President" too, "His Majesty King" "King");
- ``figures``: the article's numbers (value and unit; a unit the record has no name for
  is a count, "400 companies" or "seven memoranda of understanding", or persons,
  "five individuals").

Spurious events (extracted, matching nothing expected) and invented precise dates (more
precise than the text allows) are counted per article.

``agreement`` scores a second, independent annotation of the same texts the same way, in
place of the extraction: how far two careful annotators agree is the ceiling any
extractor can be measured against.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import networkx

from . import dates
from .people import OF_COUNTRY, THEN, _without_country
from .pipeline import Article, Gazetteer, read_article, run
from .reading import HEADER_LINE

COMPATIBLE = {
    ("visit", "meeting"),
    ("meeting", "visit"),
    ("meeting", "summit"),
    ("summit", "meeting"),
    ("agreement", "statement"),
    ("statement", "agreement"),
    ("sanction", "trade-measure"),
}
PRECISION_RANK: dict[str | None, int] = {None: 0}  # no date, then the extractor's ranks
PRECISION_RANK.update(dates.PRECISION_RANK)
FIELDS = ("events", "kind", "date", "countries", "status", "people", "figures")


@dataclass
class Tally:
    """Counts for one field: right among extracted, extracted, found among expected,
    expected."""

    right: int = 0
    extracted: int = 0
    found: int = 0
    expected: int = 0

    def add(self, other: Tally) -> None:
        self.right += other.right
        self.extracted += other.extracted
        self.found += other.found
        self.expected += other.expected

    @property
    def precision(self) -> float:
        return self.right / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "expected": self.expected,
            "extracted": self.extracted,
        }


@dataclass
class ArticleScore:
    name: str
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    spurious: int = 0
    invented_dates: int = 0
    aligned: int = 0
    dates_right: int = 0
    misses: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        return {
            "article": self.name,
            **{name: round(tally.f1, 2) for name, tally in self.fields.items()},
            "spurious": self.spurious,
        }


@dataclass
class Score:
    articles: list[ArticleScore] = field(default_factory=list)
    words: int = 0
    seconds: float = 0.0  # spent extracting (not reading files or scoring)

    def tally(self, name: str) -> Tally:
        total = Tally()
        for article in self.articles:
            total.add(article.fields[name])
        return total

    @property
    def expected_events(self) -> int:
        return self.tally("events").expected

    @property
    def misses(self) -> list[str]:
        return [miss for article in self.articles for miss in article.misses]

    def summary(self) -> dict[str, Any]:
        events = self.tally("events")
        aligned = sum(a.aligned for a in self.articles)
        n = len(self.articles)
        return {
            "articles": n,
            **{name: self.tally(name).summary() for name in FIELDS},
            "spurious_events": sum(a.spurious for a in self.articles),
            "spurious_per_article": round(sum(a.spurious for a in self.articles) / n, 2)
            if n
            else 0.0,
            "invented_precise_dates": sum(a.invented_dates for a in self.articles),
            # The measures of earlier versions, for comparison: events found at all (kind
            # fits), and how many of those carry the expected date.
            "event_recall": round(aligned / events.expected, 3) if events.expected else 1.0,
            "date_accuracy": round(sum(a.dates_right for a in self.articles) / aligned, 3)
            if aligned
            else 1.0,
            "participant_recall": round(self.tally("people").recall, 3),
            "figure_recall": round(self.tally("figures").recall, 3),
            "words": self.words,
            "ms_per_1000_words": round(1000 * self.seconds / self.words * 1000, 1)
            if self.words
            else 0.0,
        }


def _precision(start: str | None) -> str | None:
    if not start:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(start))


def _kind_fits(expected: str, extracted: str) -> bool:
    return expected == extracted or (expected, extracted) in COMPATIBLE


def _likeness(expected: dict[str, Any], got: dict[str, Any]) -> int:
    """How alike an expected and an extracted event are (0: not the same event)."""
    kind = _kind_fits(expected["kind"], got["kind"])
    start, found = expected.get("start") or "", got.get("start") or ""
    same_day = bool(start) and start == found
    near = bool(start) and bool(found) and (start.startswith(found) or found.startswith(start))
    if not kind and not same_day:
        return 0
    if not kind and same_day and not set(expected.get("countries") or ()) & set(got["countries"]):
        return 0
    shared = set(expected.get("countries") or ()) & set(got["countries"])
    return 4 * kind + 3 * same_day + near + len(shared)


def _parts(expected: dict[str, Any], got: dict[str, Any]) -> tuple[bool, bool, bool]:
    """Whether the extracted event has the expected one's kind, its date at its precision,
    and its countries."""
    date = (expected.get("start") or None) == got["start"] and (expected.get("end") or None) in (
        None,
        got["end"],
    )
    countries = set(expected.get("countries") or ()) == set(got["countries"])
    return _kind_fits(expected["kind"], got["kind"]), date, countries


def _align(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (expected index, extracted index): as many wholly right events as
    can be paired, then the pairs most alike in all (a maximum-weight matching, so that
    pairing two alike events first never costs a right one its partner)."""
    edges = [
        (i, j, _likeness(e, g), all(_parts(e, g)))
        for i, e in enumerate(expected)
        for j, g in enumerate(got)
        if _likeness(e, g) > 0
    ]
    # Any one right pair outweighs all the likeness the others could add.
    right = 1 + sum(likeness for _, _, likeness, _ in edges)
    graph = networkx.Graph()
    for i, j, likeness, whole in edges:
        graph.add_edge(("e", i), ("g", j), weight=likeness + right * whole)
    pairs = []
    for a, b in networkx.max_weight_matching(graph):
        one, other = (a, b) if a[0] == "e" else (b, a)
        pairs.append((one[1], other[1]))
    return sorted(pairs)


def _value(raw: Any) -> Decimal | None:
    try:
        return Decimal(str(raw)).normalize()
    except (InvalidOperation, ValueError):
        return None


# Units an annotation may name that the record keeps as a count ("400 companies", "seven
# memoranda of understanding": a count, labelled with what it counts) or as persons.
COUNTED = re.compile(
    r"^(?:companies|firms|entities|entries|items|commodities|products|exporters|producers|"
    r"countries(?: and regions)?|ships|vessels|tankers|jobs|disputes|agreements|deals|"
    r"memorand(?:a|ums)(?: of understanding)?|mous|projects|documents|designations|targets)$"
)
AS_PERSONS = {"individuals", "people"}


def _unit(unit: str) -> str:
    """An annotation's unit as the record names it (``tracker.choices.FigureUnit``)."""
    named = unit.strip().lower()
    if COUNTED.match(named):
        return "count"
    return "persons" if named in AS_PERSONS else unit.strip()


def _figures(items: Iterable[dict[str, Any]]) -> list[tuple[Decimal | None, str]]:
    return [(_value(f.get("value")), _unit(str(f.get("unit")))) for f in items]


def _same_person(a: str, b: str) -> bool:
    """The same name, in any order, one perhaps shorter: "Trump" and "Donald J. Trump",
    "Iwaya Takeshi" and "Takeshi Iwaya" (initials aside)."""
    words_a = {w for w in re.findall(r"[\w'-]+", a) if len(w) > 1}
    words_b = {w for w in re.findall(r"[\w'-]+", b) if len(w) > 1}
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def _name(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


GLOSS = re.compile(r"\s*\([^()]*\)")
OF_A_COUNTRY = re.compile(rf"{OF_COUNTRY}\s*$", re.I)
ADDRESSED = re.compile(
    r"^(?:(?:his|her|their)\s+(?:royal\s+)?(?:majesty|highness|excellency)|h\.?\s?e\.?)\s+",
    re.I,
)


# One office under the names of its word order: "Minister of Foreign Affairs", "Minister
# for Foreign Affairs", "Foreign Affairs Minister" and "Foreign Minister".
FOREIGN_MINISTER = re.compile(
    r"\bminister (?:of|for) foreign affairs\b|\bforeign affairs minister\b", re.I
)
# A minister's portfolio before or after the word: "Minister for Defence" and "Defence
# Minister" are one office (up to the next office of a dual title: "Deputy Prime Minister
# and Minister for Defence").
MINISTER_OF = re.compile(
    r"\bminister (?:of|for) (?:the )?(?P<portfolio>[a-z][\w'’-]*(?: (?!and (?:deputy|vice|"
    r"minister|chair\w*|head|secretary|president)\b)[\w'’-]+)*?)(?=$|,| and (?:deputy|vice|"
    r"minister|chair\w*|head|secretary|president)\b)"
)


def _office(title: str) -> str:
    """A title as the office it names: the country's name after it ("… of the French
    Republic") or before it ("Swiss", "US"), forms of address, and a gloss in brackets
    ("Senator (WA, Australian Labor Party)", "President (of French Polynesia)"), aside;
    "Minister for Defence" is "Defence Minister", the foreign minister one office by any
    name, "then-Prime Minister" the Prime Minister's."""
    title = THEN.sub("", GLOSS.sub("", title).strip())
    title = ADDRESSED.sub("", OF_A_COUNTRY.sub("", title))
    office = _name(_without_country(re.sub(r"['’]s\b", "", title)))
    office = MINISTER_OF.sub(r"\g<portfolio> minister", office)
    return FOREIGN_MINISTER.sub("foreign minister", office)


def score_article(
    expected: dict[str, Any],
    got: list[dict[str, Any]],
    name: str,
    named: list[dict[str, Any]] | None = None,
) -> ArticleScore:
    """Score one article's events ``got``; its people are those taking part in them, or
    ``named`` (name and title) when given."""
    score = ArticleScore(name)
    events = expected["events"]
    f = score.fields
    pairs = _align(events, got)
    score.aligned = len(pairs)
    score.spurious = len(got) - len(pairs)
    for tally in (f["events"], f["kind"], f["date"], f["countries"], f["status"]):
        tally.expected += len(events)
        tally.extracted += len(got)
    for i, j in pairs:
        e, g = events[i], got[j]
        kind, date, countries = _parts(e, g)
        status = (e.get("status") or "occurred") == (g.get("status") or "occurred")
        for key, ok in (
            ("kind", kind),
            ("date", date),
            ("countries", countries),
            ("status", status),
        ):
            f[key].right += ok
            f[key].found += ok
        whole = kind and date and countries
        f["events"].right += whole
        f["events"].found += whole
        score.dates_right += e.get("start") == g["start"]
        if PRECISION_RANK[_precision(g["start"])] > PRECISION_RANK[_precision(e.get("start"))]:
            score.invented_dates += 1
        if not whole:
            score.misses.append(
                f"{name}: expected {e['kind']} {e.get('start')} {sorted(e.get('countries') or [])}"
                f", got {g['kind']} {g['start']} {sorted(g['countries'])}"
            )
    for i, e in enumerate(events):
        if i not in {p[0] for p in pairs}:
            score.misses.append(f"{name}: no {e['kind']} on {e.get('start')}")
    for j, g in enumerate(got):
        if j not in {p[1] for p in pairs}:
            score.misses.append(f"{name}: spurious {g['kind']} {g['start']}: {g['evidence'][:80]}")

    # People: the article's people with their titles (a title counts when it is the
    # expected one or the expected one is given without it).
    people = expected.get("actors") or [
        {"name": person} for event in events for person in event.get("participants", [])
    ]
    wanted = {_name(p["name"]): _name(p.get("title") or "") for p in people}
    found: dict[str, str] = {}
    for one in named if named is not None else _taking_part(got):
        key = _name(one["name"])
        if key not in found or (one.get("title") and not found[key]):
            found[key] = _name(one.get("title") or "")
    tally = f["people"]
    tally.expected += len(wanted)
    tally.extracted += len(found)
    matched: set[str] = set()
    for person, title in wanted.items():
        same = (
            person
            if person in found
            else next((other for other in found if _same_person(person, other)), None)
        )
        ok = same is not None and (not title or _office(found[same]) == _office(title))
        tally.found += ok
        tally.right += ok
        if same is not None:
            matched.add(same)
        if not ok:
            got_title = f" (as {found[same]!r})" if same is not None else ""
            score.misses.append(f"{name}: person {person!r}, {title!r}{got_title}")
    for person in found:
        if person not in matched:
            score.misses.append(f"{name}: spurious person {person!r}")

    # Figures: the article's numbers, each expected one found once.
    expected_figures = _figures(x for event in events for x in event.get("figures", []))
    got_figures = _figures(x for event in got for x in event["figures"])
    tally = f["figures"]
    tally.expected += len(expected_figures)
    tally.extracted += len(got_figures)
    left = list(got_figures)
    for figure in expected_figures:
        if figure in left:
            left.remove(figure)
            tally.found += 1
            tally.right += 1
        else:
            score.misses.append(f"{name}: figure {figure[0]} {figure[1]} not found")
    return score


def _taking_part(events: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    return (person for event in events for person in event["participants"])


def read_text(path: Path) -> Article:
    """A corpus text: header lines up to the first blank line, then the body. The headers
    the reader knows (Published:, Outlet:, Title:, URL:) are read by it; the corpus's own
    (Licence:, Kind of text:) are dropped."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    known = [line for line in head.splitlines() if HEADER_LINE.match(line)]
    return read_article("\n".join([*known, "", body]))


def evaluate(
    directory: Path, gazetteer: Gazetteer | None = None, only: Iterable[str] | None = None
) -> Score:
    """Extract every text of ``directory`` (or those named in ``only``) and score it."""
    score = Score()
    gazetteer = gazetteer or Gazetteer()
    names = None if only is None else set(only)
    for text in sorted(directory.glob("*.txt")):
        expected_file = text.with_name(text.stem + ".expected.json")
        if not expected_file.exists() or (names is not None and text.stem not in names):
            continue
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
        article = read_text(text)
        began = time.perf_counter()
        found = run(article, gazetteer)
        score.seconds += time.perf_counter() - began
        score.words += len(article.text.split())
        drafts = [d.as_json() for d in found.drafts]
        people = [{"name": p.name, "title": p.title} for p in found.people]
        score.articles.append(score_article(expected, drafts, text.stem, people))
    return score


def as_extracted(annotation: dict[str, Any]) -> list[dict[str, Any]]:
    """An annotation's events in the shape of extracted drafts."""
    return [
        {
            "kind": event["kind"],
            "start": event.get("start") or None,
            "end": event.get("end") or None,
            "status": event.get("status"),
            "countries": list(event.get("countries") or ()),
            "participants": [{"name": name} for name in event.get("participants") or ()],
            "figures": list(event.get("figures") or ()),
            "evidence": event.get("note") or "",
        }
        for event in annotation["events"]
    ]


def agreement(directory: Path, other: Path) -> Score:
    """Score the annotations in ``other`` (``name.expected.json``, for texts of
    ``directory``) against ``directory``'s own, as if they had been extracted."""
    score = Score()
    for mine in sorted(directory.glob("*.expected.json")):
        theirs = other / mine.name
        if not theirs.exists():
            continue
        expected = json.loads(mine.read_text(encoding="utf-8"))
        annotation = json.loads(theirs.read_text(encoding="utf-8"))
        if not isinstance(annotation, dict) or not isinstance(annotation.get("events"), list):
            raise ValueError(f"{theirs}: no list of events")
        name = mine.name.removesuffix(".expected.json")
        score.words += len(read_text(mine.with_name(name + ".txt")).text.split())
        people = annotation.get("actors") or [
            {"name": person}
            for event in annotation["events"]
            for person in event.get("participants") or ()
        ]
        score.articles.append(score_article(expected, as_extracted(annotation), name, people))
    return score
