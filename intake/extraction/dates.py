"""Date expressions in news text, resolved against the publication date, with precision.

Absolute: "March 17", "on February 5", "January 27, 2025", "February 2025", "in 2024".
Relative: "on Friday" (the latest Friday on or before publication), "late on Sunday",
"next Wednesday", "yesterday", "today", "earlier in the day", "last week", "earlier this
month". Spans: "from 2009 to 2024", "between March and May 2025". Vague: "by the fall of
2025" is the year 2025, never a made-up day. Without a publication date, relative
expressions are reported as unresolved instead of guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.dates import MONTH_NUMBERS, PartialDate

WEEKDAYS = {
    name: i
    for i, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d{2})"


@dataclass(frozen=True)
class DateMention:
    text: str
    start: PartialDate | None
    end: PartialDate | None = None
    relative: bool = False
    vague: bool = False
    position: int = 0

    @property
    def resolved(self) -> bool:
        return self.start is not None


def _month(name: str) -> int:
    return MONTH_NUMBERS[name.lower().rstrip(".")]


def _weekday_on_or_before(published: date, weekday: int) -> date:
    return published - timedelta(days=(published.weekday() - weekday) % 7)


PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "span_years",
        re.compile(
            r"\b(?:from|between)\s+(?P<y1>(?:19|20)\d{2})\s+(?:to|and|until)\s+(?P<y2>(?:19|20)\d{2})\b",
            re.I,
        ),
    ),
    ("since_year", re.compile(rf"\bsince\s+{YEAR}\b", re.I)),
    (
        "season",
        re.compile(
            rf"\bby\s+the\s+(?P<season>fall|autumn|spring|summer|winter|end|middle|start|beginning)\s+of\s+{YEAR}\b",
            re.I,
        ),
    ),
    ("month_day_year", re.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b")),
    ("day_month_year", re.compile(rf"\b{DAY}\s+{MONTH},?\s+{YEAR}\b")),
    ("month_day", re.compile(rf"\b{MONTH}\s+{DAY}\b(?!\s*(?:per|%|percent|billion|million))")),
    ("day_month", re.compile(rf"\b{DAY}\s+{MONTH}\b")),
    ("month_year", re.compile(rf"\b(?:in\s+|of\s+)?{MONTH}\s+{YEAR}\b")),
    (
        "weekday",
        re.compile(
            r"\b(?P<mod>next|last|this|on|late on|early on|late|early)?\s*(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
            re.I,
        ),
    ),
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    (
        "same_day",
        re.compile(
            r"\b(?:earlier|later) (?:in|that) the day\b|\bon the same day\b|\bhours later\b", re.I
        ),
    ),
    ("today", re.compile(r"\b(?:today|this morning)\b", re.I)),
    ("last_week", re.compile(r"\blast week\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier|later) this month\b", re.I)),
    ("year", re.compile(rf"\b(?:in|by|of|during|for)\s+{YEAR}\b", re.I)),
]


def find(
    sentence: str, published: date | None, offset: int = 0, anchor: PartialDate | None = None
) -> list[DateMention]:
    """Every date expression in ``sentence``, left to right, without overlaps. ``anchor``
    is the last date the text named, for "earlier in the day"."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(sentence):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            if kind == "same_day":
                mention: DateMention | None = DateMention(
                    match.group(0), anchor, relative=True, position=offset + span[0]
                )
            else:
                mention = _resolve(kind, match, published, offset + span[0])
            if mention is None:
                continue
            taken.append(span)
            found.append(mention)
    return sorted(found, key=lambda m: m.position)


def _resolve(
    kind: str, m: re.Match[str], published: date | None, position: int
) -> DateMention | None:
    text = m.group(0)
    g = m.groupdict()
    try:
        if kind == "span_years":
            return DateMention(
                text, PartialDate(int(g["y1"])), PartialDate(int(g["y2"])), position=position
            )
        if kind == "since_year":
            end = PartialDate(published.year) if published else None
            return DateMention(text, PartialDate(int(g["year"])), end, position=position)
        if kind == "season":
            return DateMention(text, PartialDate(int(g["year"])), vague=True, position=position)
        if kind in ("month_day_year", "day_month_year"):
            return DateMention(
                text,
                PartialDate(int(g["year"]), _month(g["month"]), int(g["day"])),
                position=position,
            )
        if kind in ("month_day", "day_month"):
            if published is None:
                return DateMention(text, None, relative=True, position=position)
            return DateMention(
                text,
                PartialDate(published.year, _month(g["month"]), int(g["day"])),
                position=position,
            )
        if kind == "month_year":
            return DateMention(
                text, PartialDate(int(g["year"]), _month(g["month"])), position=position
            )
        if kind == "year":
            return DateMention(text, PartialDate(int(g["year"])), position=position)
    except ValueError:
        return None
    if published is None:
        return DateMention(text, None, relative=True, position=position)
    if kind == "weekday":
        weekday = WEEKDAYS[g["weekday"].lower()]
        mod = (g.get("mod") or "").lower()
        if mod == "next":
            day = published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
        elif mod == "last":
            day = _weekday_on_or_before(published - timedelta(days=1), weekday)
        else:
            day = _weekday_on_or_before(published, weekday)
        return DateMention(
            text, PartialDate.from_date(day, "day"), relative=True, position=position
        )
    if kind == "yesterday":
        day = published - timedelta(days=1)
        return DateMention(
            text, PartialDate.from_date(day, "day"), relative=True, position=position
        )
    if kind == "today":
        return DateMention(
            text, PartialDate.from_date(published, "day"), relative=True, position=position
        )
    if kind == "last_week":
        monday = published - timedelta(days=published.weekday() + 7)
        return DateMention(
            text,
            PartialDate.from_date(monday, "day"),
            PartialDate.from_date(monday + timedelta(days=6), "day"),
            relative=True,
            position=position,
        )
    if kind == "this_month":
        return DateMention(
            text, PartialDate(published.year, published.month), relative=True, position=position
        )
    return None
