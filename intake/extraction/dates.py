"""Date expressions in news text, resolved against the publication date, with precision.

Absolute: "March 17", "on February 5", "January 27, 2025", "February 2025", "in 2024".
Relative: "on Friday" (the latest Friday on or before publication), "late on Sunday",
"next Wednesday", "yesterday", "today", "tomorrow", "earlier in the day", "last week" and
"over the past week" (its month), "earlier this month", "last night", "this evening", "two
days ago", "three weeks ago" (the month), "over the weekend" (its two days), "next week"
and "in two weeks" (the month they fall in), "last month", "last year" (the year). Spans:
"from 2009 to 2024", "18–22 July", "July 18-22", "between January 20 and March 14". Lists:
"on 5th, 15th and 16th February" (one mention each). An explicit date after a weekday wins
("Monday, February 10, 2025"); dates after "since", "until", "before", "by" (a deadline:
"was over by Monday") or "up to" (a tally's cut-off: "1,608 orders signed up to 09 May"),
and datelines, are background, never an event's date. Vague: "by the fall of 2025" is the
year 2025, never a made-up day. Without a publication date, relative expressions are
reported as unresolved instead of guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tracker.dates import MONTH_NUMBERS, PartialDate

from .lexicon import NUMBER_WORDS

WEEKDAYS = {
    name: i
    for i, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|JANUARY|FEBRUARY|MARCH|APRIL|"
    r"MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|JAN|FEB|MAR|APR|JUN|JUL|AUG|"
    r"SEPT|SEP|OCT|NOV|DEC)\.?"  # "Posted On: 10 MAR 2025"
)
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
    # Background ("since January 20"), a dateline ("WASHINGTON, Aug. 26 --"): a date the
    # text names, never the date of an event it reports.
    background: bool = False
    group: int = -1  # mentions of one list ("on 5th, 15th and 16th February") share it

    @property
    def resolved(self) -> bool:
        return self.start is not None


WEEKDAY_NAME = re.compile(r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday", re.I)


def _month(name: str) -> int:
    return MONTH_NUMBERS[name.lower().rstrip(".")]


def _weekday_on_or_before(published: date, weekday: int) -> date:
    return published - timedelta(days=(published.weekday() - weekday) % 7)


ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
# "on 5th, 15th and 16th February 2025", "the 5th, 15th and 16th of February"
DAY_LIST = re.compile(
    rf"\b(?:the\s+)?{ORDINAL}(?:,\s*(?:the\s+)?{ORDINAL}){{0,8}},?\s+and\s+(?:the\s+)?{ORDINAL}"
    rf"\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?"
)
# "on February 5 and 16", "March 3, 9 and 12": a list of days of one month
MONTH_DAY_LIST = re.compile(
    rf"\b{MONTH}\s+{ORDINAL}(?:,\s*{ORDINAL}){{0,8}},?\s+and\s+{ORDINAL}\b(?:,?\s+{YEAR})?"
)
DAY_NUMBER = re.compile(r"\d{1,2}")
WEEK_AHEAD = {"one": 1, "two": 2, "three": 3, "four": 4, "a": 1}
DAYS_AHEAD = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
# How precise each precision is, least first.
PRECISION_RANK: dict[str, int] = {"year": 1, "month": 2, "day": 3}

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "day_range",
        re.compile(
            rf"\b(?:from\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:–|-|to|until)\s*{DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?",
        ),
    ),
    (
        "month_day_range",
        re.compile(rf"\b{MONTH}\s+(?P<d1>\d{{1,2}})\s*(?:–|-|to)\s*{DAY}\b(?:,?\s+{YEAR})?"),
    ),
    (
        # "between January 20 and March 14", "from 18 July to 22 July 2025"
        "span_days",
        re.compile(
            rf"\b(?:between|from)\s+(?:{MONTH}\s+(?P<d1>\d{{1,2}})|(?P<d1b>\d{{1,2}})\s+"
            rf"(?P<month1>January|February|March|April|May|June|July|August|September|October|"
            rf"November|December))\s+(?:and|to|until)\s+"
            rf"(?:(?P<month2>January|February|March|April|May|June|July|August|September|"
            rf"October|November|December)\s+(?P<d2>\d{{1,2}})|(?P<d2b>\d{{1,2}})\s+"
            rf"(?P<month2b>January|February|March|April|May|June|July|August|September|October|"
            rf"November|December))(?:,?\s+{YEAR})?\b"
        ),
    ),
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
    ("iso_date", re.compile(r"\b(?P<year>20\d\d)-(?P<mm>0[1-9]|1[0-2])-(?P<dd>[0-3]\d)\b")),
    # "TO BE ANSWERED ON 07.02.2025": day, month and year with dots, as Indian, European
    # and Asian parliaments and ministries write them (never the American month first).
    (
        "dotted_date",
        re.compile(r"\b(?P<dd>[0-3]?\d)\.(?P<mm>0?[1-9]|1[0-2])\.(?P<year>(?:19|20)\d\d)\b"),
    ),
    ("month_day_year", re.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b")),
    ("day_month_year", re.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}\b")),
    ("month_day", re.compile(rf"\b{MONTH}\s+{DAY}\b(?!\s*(?:per|%|percent|billion|million))")),
    ("day_month", re.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH}\b")),
    ("month_year", re.compile(rf"\b(?:in\s+|of\s+)?{MONTH}\s+{YEAR}\b")),
    # "met … on 4th", "on the 12th": a day of the month the text is in.
    (
        "day_alone",
        re.compile(
            r"\bon\s+(?:the\s+)?(?P<day>[0-3]?\d)\s?(?:st|nd|rd|th)\b(?!\s*(?:of\b|[-–]|"
            r"(?:January|February|March|April|May|June|July|August|September|October|"
            r"November|December)\b))"
        ),
    ),
    (
        # "in February", "In early March", "mid-March", "by late June": the month
        "month_alone",
        re.compile(
            # "In October, Sheikh Hamdan … met": the word may open the sentence.
            r"\b(?:(?i:in|during|since|by|until|from|for|of)\s+(?:(?i:early|mid|late)[-\s])?|"
            r"(?i:early|mid|late)[-\s])(?P<month>January|February|March|April|May|June|July|"
            r"August|September|October|November|December)\b(?!\s+\d)"
        ),
    ),
    ("this_year", re.compile(r"\b(?:(?:earlier|later)\s+)?this\s+year\b", re.I)),
    (
        "this_month_name",
        re.compile(rf"\b(?:this|next)\s+{MONTH}(?!\s+\d)\b"),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<mod>next|last|this|on|late on|early on|late|early)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
            re.I,
        ),
    ),
    ("yesterday", re.compile(r"\byesterday\b|\blast night\b", re.I)),
    ("tomorrow", re.compile(r"\b(?P<after>the day after )?tomorrow\b", re.I)),
    (
        "ago",
        re.compile(r"\b(?P<n>two|three|four|five|six|\d{1,2}) (?P<unit>days?|weeks?) ago\b", re.I),
    ),
    (
        "weekend",
        re.compile(r"\b(?:over|at|during) the weekend\b|\bthis weekend\b|\blast weekend\b", re.I),
    ),
    (
        "same_day",
        re.compile(
            r"\b(?:earlier|later) (?:in|that) the day\b|\bon the same day\b|\bhours later\b", re.I
        ),
    ),
    (
        "next_day",
        re.compile(
            r"\b(?:the following day|the next day|a day later|"
            r"the day after(?!\s+(?:the|its|his|her|their|(?-i:[A-Z0-9]))))\b",
            re.I,
        ),
    ),
    (
        "day_before",
        re.compile(
            r"\b(?:the day before(?:\s+that)?(?=\s*[,.;]|\s+that\b|\s+(?-i:[A-Z]))|a day earlier|"
            r"the previous day|the preceding day)\b",
            re.I,
        ),
    ),
    (
        "today",
        re.compile(
            r"\b(?:today(?!['’]s)|this morning|this afternoon|this evening|tonight)\b"
            # "During today's visit, I held official talks with President Prabowo".
            r"|\btoday['’]s(?=\s+(?:[\w-]+\s+)?(?:visit|meeting|talks|call|summit|session))",
            re.I,
        ),
    ),
    ("last_week", re.compile(r"\blast week\b", re.I)),
    (
        "past_week",
        re.compile(r"\b(?:over|in|during|within) the (?:past|last) (?:week|seven days)\b", re.I),
    ),
    (
        "this_month",
        re.compile(
            r"\b(?:earlier|later) this (?:week|month)\b|\b(?:earlier|later) in the week\b"
            r"|\bthis (?:week|month)\b",
            re.I,
        ),
    ),
    (
        "next_days",
        re.compile(
            r"\b(?:for|over|during) the (?:next|coming) (?P<n>two|three|four|five|six|seven|[2-7])"
            r" days\b",
            re.I,
        ),
    ),
    ("next_week", re.compile(r"\bnext week\b|\bin (?P<n>one|two|three|four|a) weeks?\b", re.I)),
    ("next_month", re.compile(r"\bnext month\b", re.I)),
    ("last_month", re.compile(r"\blast month\b", re.I)),
    ("other_year", re.compile(r"\b(?P<which>last|next) year\b", re.I)),
    ("year", re.compile(rf"\b(?:in|by|of|during|for|back\s+to)\s+{YEAR}\b", re.I)),
]


def find(
    sentence: str, published: date | None, offset: int = 0, anchor: PartialDate | None = None
) -> list[DateMention]:
    """Every date expression in ``sentence``, left to right, without overlaps. ``anchor``
    is the last date the text named, for "earlier in the day"."""
    # A weekday before its day's number says no more than the date: "from Monday 27 to
    # Wednesday 29 May 2024" is read as "from 27 to 29 May 2024" (blanked, not removed,
    # so that positions hold).
    sentence = WEEKDAY_BEFORE_DAY.sub(lambda m: " " * len(m.group(0)), sentence)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    # Each list with the stretch of it that holds its days.
    lists = [(m, m.start(), m.start("month")) for m in DAY_LIST.finditer(sentence)]
    lists += [
        (m, m.end("month"), m.start("year") if m.group("year") else m.end())
        for m in MONTH_DAY_LIST.finditer(sentence)
        if not BETWEEN_BEFORE.search(sentence[max(0, m.start() - 12) : m.start()])
    ]
    for match, days_from, days_to in lists:
        year = int(match.group("year")) if match.group("year") else None
        if year is None and published is None:
            continue
        year = year or published.year  # type: ignore[union-attr]
        month = _month(match.group("month"))
        group = offset + match.start()  # the list's mentions share it
        mentions = []
        for day in DAY_NUMBER.finditer(sentence, days_from, days_to):
            try:
                start = PartialDate(year, month, int(day.group(0)))
            except ValueError:
                continue
            mentions.append(
                DateMention(day.group(0), start, position=offset + day.start(), group=group)
            )
        if len(mentions) >= 2:
            found += mentions
            taken.append(match.span())
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(sentence):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            if kind == "same_day":
                mention: DateMention | None = DateMention(
                    match.group(0), anchor, relative=True, position=offset + span[0]
                )
            elif kind == "day_before":
                # "Last Tuesday Albares spoke with Mexico's foreign minister. The day before
                # that, he held separate conversations with …": the day before the one the
                # story reached.
                before = (
                    PartialDate.from_date(anchor.first_day - timedelta(days=1), "day")
                    if anchor is not None and anchor.precision == "day"
                    else None
                )
                mention = DateMention(
                    match.group(0), before, relative=True, position=offset + span[0]
                )
            elif kind == "next_day":
                # "Biden was to arrive on October 10. The following day Steinmeier was to
                # welcome him": the day after the one the story reached.
                after = (
                    PartialDate.from_date(anchor.first_day + timedelta(days=1), "day")
                    if anchor is not None and anchor.precision == "day"
                    else None
                )
                mention = DateMention(
                    match.group(0), after, relative=True, position=offset + span[0]
                )
            else:
                mention = _resolve(kind, match, published, offset + span[0])
            if mention is None:
                continue
            if kind in ("month_day", "day_month") and published and mention.start:
                mention = _past_unless_ahead(sentence, mention, published)
            if kind == "day_alone":
                mention = _after_a_day(mention, found)
                if mention.relative and published:
                    mention = _day_before_unless_ahead(sentence, mention, published)
            if kind == "month_alone" and re.match(r"(?:since|until|by)\b", match.group(0), re.I):
                mention = replace(mention, background=True)  # "in place since February"
            mod = (match.groupdict().get("mod") or "").lower()
            if kind == "weekday" and published and mod not in ("next", "last", "this"):
                mention = _weekday_ahead(sentence, mention, span[0], published)
                if (
                    anchor is not None
                    and anchor.precision == "day"
                    and mention.start is not None
                    and (anchor.first_day - mention.start.first_day).days == 7
                ):
                    # "… talks at the G7 Summit on Tuesday. A meeting with Trump had been on
                    # her programme for Tuesday.": the Tuesday the story has named.
                    mention = replace(mention, start=anchor)
            taken.append(span)
            found.append(mention)
    found.sort(key=lambda m: m.position)
    found = _of_another_year(sentence, found, offset)
    return _in_context(sentence, _ranges(sentence, found, offset), offset)


def _of_another_year(sentence: str, found: list[DateMention], offset: int) -> list[DateMention]:
    """ "on April 18 last year", "in April next year": the day or month of that year (one
    mention, not two)."""
    out: list[DateMention] = []
    for mention in found:
        last = out[-1] if out else None
        if (
            last is not None
            and mention.start is not None
            and mention.start.precision == "year"
            and OTHER_YEAR.fullmatch(mention.text)
            and last.start is not None
            and last.start.precision in ("day", "month")
            and last.end is None
            and not YEAR_WRITTEN.search(last.text)
            and re.fullmatch(
                r"[\s,]*",
                sentence[last.position - offset + len(last.text) : mention.position - offset],
            )
        ):
            start = replace(last.start, year=mention.start.year)
            out[-1] = replace(last, text=f"{last.text} {mention.text}", start=start, relative=True)
            continue
        out.append(mention)
    return out


OTHER_YEAR = re.compile(r"(?:last|next)\s+year", re.I)
YEAR_WRITTEN = re.compile(r"\b(?:19|20)\d\d\b")


THIS_MONTH = re.compile(r"\bof\s+this\s+month\b", re.I)


def _day_before_unless_ahead(sentence: str, mention: DateMention, published: date) -> DateMention:
    """ "met … on the 12th", read on the 5th, is the last such day: the month before's; not
    so in a sentence that looks ahead ("the visit would take place on the 27th and 28th of
    this month")."""
    start = mention.start
    if (
        start is None
        or start.day is None
        or start.day <= published.day
        or AHEAD.search(sentence)
        or THIS_MONTH.search(sentence)
    ):
        return mention
    before = published.replace(day=1) - timedelta(days=1)
    try:
        return replace(mention, start=PartialDate(before.year, before.month, start.day))
    except ValueError:
        return mention


def _after_a_day(mention: DateMention, found: list[DateMention]) -> DateMention:
    """ "arrive in Nairobi on 2 May and in Maputo on the 3rd": a day of the month of the
    day the sentence named before it (the month after, when the day number is lower)."""
    before = [
        m
        for m in found
        if m.position < mention.position
        and m.start is not None
        and m.start.precision == "day"
        and m.end is None
        and not m.relative
    ]
    if not before or mention.start is None or mention.start.day is None:
        return mention
    last = max(before, key=lambda m: m.position).start
    assert last is not None
    assert last.month is not None
    month = date(last.year, last.month, 1)
    if mention.start.day <= (last.day or 0):
        month = (month + timedelta(days=32)).replace(day=1)
    try:
        start = PartialDate(month.year, month.month, mention.start.day)
    except ValueError:
        return mention
    return replace(mention, start=start, relative=False)


# Between two days of one range: "from Monday to Wednesday", "March 20 through March 22",
# "between March 3 and 5".
RANGE_JOIN = re.compile(r"^\s*(?:to|through|until|till|-|–)\s*$", re.I)
BETWEEN_JOIN = re.compile(r"^\s*and\s*$", re.I)
BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.I)
BARE_DAY = re.compile(r"\s*(?:and|to|through|until|till|-|–)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b")


def _ranges(sentence: str, found: list[DateMention], offset: int) -> list[DateMention]:
    """Two days joined as a range are one span: the second day counted from the first
    (a weekday after a weekday is the next such day), never more than a month apart."""
    out: list[DateMention] = []
    index = 0
    while index < len(found):
        first = found[index]
        second = found[index + 1] if index + 1 < len(found) else None
        span, took_second = _range(sentence, first, second, offset)
        out.append(span or first)
        index += 2 if took_second else 1
    return out


def _end_of(first: DateMention, second: DateMention) -> PartialDate | None:
    """The last day of a range from ``first`` to ``second``."""
    if first.start is None or second.start is None:
        return None
    if first.start.precision != "day" or second.start.precision != "day":
        return None
    start = first.start.first_day
    named = WEEKDAY_NAME.search(second.text)
    if named and WEEKDAY_NAME.search(first.text):
        # "from Monday to Wednesday": the Wednesday after that Monday.
        end = start + timedelta(days=(WEEKDAYS[named.group(0).lower()] - start.weekday()) % 7)
    else:
        end = second.start.first_day
    if not 0 < (end - start).days <= 31:
        return None
    return PartialDate.from_date(end, "day")


def _range(
    sentence: str, first: DateMention, second: DateMention | None, offset: int
) -> tuple[DateMention | None, bool]:
    """``first`` as the start of a range, when the words after it say so (or None), and
    whether the range took ``second`` as its end."""
    if first.start is None or first.end is not None or first.start.precision != "day":
        return None, False
    after = first.position - offset + len(first.text)
    before = sentence[max(0, first.position - offset - 12) : first.position - offset]
    if second is not None and second.end is None:
        between = sentence[after : second.position - offset]
        joined = RANGE_JOIN.match(between) or (
            BETWEEN_JOIN.match(between) and BETWEEN_BEFORE.search(before)
        )
        end = _end_of(first, second) if joined else None
        if (
            end is None
            and BETWEEN_JOIN.match(between)
            and WEEKDAY_NAME.search(first.text)
            and WEEKDAY_NAME.search(second.text)
            and (following := _end_of(first, second)) is not None
            and (following.first_day - first.start.first_day).days == 1
        ):
            # "in Brazil on Monday and Tuesday": two days running, one stay.
            end = following
        if (
            STARTING.search(before)
            and ENDING_JOIN.fullmatch(between)
            and second.start is not None
            and second.start.first_day > first.start.first_day
        ):
            # "starting May 7, 2025 and ending May 6, 2030": a measure's years in force.
            end = second.start
        if end is not None:
            return replace(first, text=f"{first.text}{between}{second.text}", end=end), True
    bare = BARE_DAY.match(sentence, after)
    if bare and (not bare.group(0).strip().startswith("and") or BETWEEN_BEFORE.search(before)):
        # "between March 3 and 5": the second day in the first's month.
        try:
            end = PartialDate(first.start.year, first.start.month, int(bare.group("day")))
        except ValueError:
            return None, False
        if 0 < (end.first_day - first.start.first_day).days <= 31:
            return replace(first, text=first.text + bare.group(0), end=end), False
    return None, False


STARTING = re.compile(r"\b(?:starting|beginning|commencing)\s+(?:on\s+|from\s+)?$", re.I)
ENDING_JOIN = re.compile(r",?\s+and\s+(?:ending|expiring)\s+(?:on\s+)?", re.I)

AHEAD = re.compile(
    r"\b(?:will|would|shall|to be|is to|are to|scheduled|planned|plans?|expected|due|set to|"
    r"next|upcoming|forthcoming|coming|ahead of|preparations? for|prepare for|later this year|"
    # "on Friday, we are expecting your Palestinian counterpart in Athens"
    r"(?:is|are|am)\s+(?:expecting|having|hosting|travell?ing|flying|heading)|"
    # "the summit, which opens in South Korea on Friday"
    r"(?:opens|kicks\s+off)|"
    # "a summit that has been confirmed for Saturday", "his schedule includes"
    r"(?:confirmed|slated|penciled|pencilled)\s+(?:in\s+)?for|schedule\s+includes|"
    r"takes? effect|to take effect|departs|returns|leaves|(?:is|are) (?:first|also) to|"
    r"look(?:s|ing)? forward to|looking ahead|agreed to (?:hold|meet|convene|host|visit)|"
    r"invit(?:ed|es|ing)\s+(?:\w+\s+){0,3}?to\s+(?:visit|come|attend|travel|(?-i:[A-Z])\w*))\b",
    re.I,
)


# Where one clause of a sentence ends and another begins.
CLAUSE_EDGE = re.compile(r"[,;:]\s|\s[-–—]\s")


def _own_clause(sentence: str, start: int, end: int) -> str:
    """The clause a date is in ("the visit by ministers Anand and Champagne to Mexico in
    August", not "this visit will further strengthen our relationship" after it); a date
    that is a clause of its own ("In August, the leaders will meet") is read with the next."""
    left = max((e.end() for e in CLAUSE_EDGE.finditer(sentence, 0, start)), default=0)
    edges = [e.start() for e in CLAUSE_EDGE.finditer(sentence, end)]
    right = edges[0] if edges else len(sentence)
    if len(sentence[left:start].split()) + len(sentence[end:right].split()) <= 2:
        right = edges[1] if len(edges) > 1 else len(sentence)
    return sentence[left:right]


def _past_unless_ahead(sentence: str, mention: DateMention, published: date) -> DateMention:
    """A day and month without a year, months after publication, in a sentence that looks
    back ("after Modi and Xi met in Kazan on October 23", read in August) is last year's."""
    assert mention.start is not None
    if mention.start.first_day <= published + timedelta(days=31) or AHEAD.search(sentence):
        return mention
    start = mention.start
    try:
        earlier = PartialDate(start.year - 1, start.month, start.day)
    except ValueError:
        return mention
    return replace(mention, start=earlier, relative=True)


PAST_VERB = re.compile(r"\b(?!(?:scheduled|planned|expected|set|due)\b)[a-z]{3,}ed\b")
REPORTED = re.compile(r"\b(?:said|says|told|announced|added|stated|confirmed)\b", re.I)


def _weekday_ahead(sentence: str, mention: DateMention, at: int, published: date) -> DateMention:
    """A bare weekday in a clause about what will happen ("the counter-tariffs will apply
    from 12:01 a.m. on Thursday", read on a Wednesday) is the coming one, not the last. The
    future must be the weekday's own clause: not "said on Monday it will", nor "will
    visit, the ministry said on Monday"."""
    assert mention.start is not None
    clause = re.split(r"[;:](?!\d)|,\s", sentence[max(0, at - 120) : at])[-1]
    futures = list(AHEAD.finditer(clause))
    future = futures[-1] if futures else None
    opening = re.sub(r"^(?:and|but|while|then)\b", "", clause.strip(' \t"“'), flags=re.I)
    if future is None and not opening.strip().removesuffix("On").strip():
        # "On Saturday Kishida is first to address a joint session": a weekday that opens
        # the sentence (or a clause: "…, and on Friday, we are expecting …") is of the verb
        # after it.
        # (The verb may follow a comma: "On Saturday (17), the Brazilian president will
        # take part".)
        pieces = re.split(r"[;:.]|,\s", sentence[at : at + 160])
        after = pieces[0]
        if len(pieces) > 1 and not re.sub(r"\(\d{1,2}\)", "", after[len(mention.text) :]).strip():
            after = f"{after} {pieces[1]}"
        ahead = AHEAD.search(after)
        if ahead is not None and not PAST_VERB.search(after, 0, ahead.start()):
            day = mention.start.first_day
            if day < published:
                return replace(mention, start=PartialDate.from_date(day + timedelta(days=7), "day"))
            return mention
    if future is None or REPORTED.search(clause, future.end()):
        return mention
    if WAS_TO.search(clause, 0, future.start()):
        return mention  # "was scheduled to be in Brazil on Monday": the plan as it stood
    if PAST_VERB.search(clause, future.end()):
        return mention  # "would retaliate against the tariffs Trump imposed on Monday"
    day = mention.start.first_day
    if day >= published:
        return mention
    return replace(mention, start=PartialDate.from_date(day + timedelta(days=7), "day"))


WEEKDAY_BEFORE_DAY = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|"
    r"Thur|Thurs|Fri|Sat|Sun)\.?,?(?=\s+\d{1,2}(?:st|nd|rd|th)?\s*(?:of\s+)?(?:"
    + MONTH.replace("(?P<month>", "(?:")
    + r"|(?:to|and|through|until|-|–)\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday),?\s+)?\d))"
)
# A plan told in the past: "was scheduled to", "were due to".
WAS_TO = re.compile(r"\b(?:was|were)\s+(?:\w+\s+)?$", re.I)
AFTER_BEFORE = re.compile(r"\b(?:after|from some time after|beyond)\s+$", re.I)
BACKGROUND_BEFORE = re.compile(
    r"\b(?:since|until|till|before|prior to|by|up to)\s+(?:the\s+)?$"
    # "Compared to the rates pre-disclosed on 12 June 2024, …"
    r"|\bcompared (?:to|with)\b[^,;]{0,60}$"
    # "Since returning to office on January 20, …", "since assuming the office of the
    # President last year", "have worsened since Donald Trump was inaugurated in January"
    r"|\bsince\s+\w+ing\b[^,;]{0,50}(?:\b(?:on|in)\s+|\s)$"
    r"|\bsince\s+(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2}\s+"
    r"(?:was|were|had\s+been|took|came|returned)\b[^,;.]{0,30}?(?:\b(?:in|on)\s+)?$"
    # "The ministry had announced the two-day visit on April 21": the day of the
    # announcement, not of what it announced.
    r"|\b(?:had|has|have)\s+(?:first\s+)?announced\s+(?:the|its|his|her|their)\s+(?:[\w-]+\s+){0,3}"
    r"(?:visit|trip|tour|meeting|talks|summit)\s+on\s+$"
    # "since the returns deal came into force last month"
    r"|\bsince\s+(?:the|its|their)\s+(?:[\w'’-]+\s+){0,3}(?:came|entered|went)\s+into\s+"
    r"(?:force|effect)\s+(?:in\s+|on\s+)?$",
    re.I,
)
# "The first such visit since 2019", "the highest since 2008": a measure of what is
# reported, no event of its own.
FIRST_SINCE = re.compile(
    r"\b(?:first|highest|lowest|largest|biggest|smallest|widest|narrowest|longest|most|"
    r"least|fewest)\b[^,;.]{0,60}$",
    re.I,
)
# "Anna McMorrin, Member of Parliament since 2017", "in power since 2019", "the sanctions
# program that had been in effect since 2003": how long an office or a measure has been
# held, no event.
HELD_SINCE = re.compile(
    r"\b(?:member|MP|president|prime\s+minister|minister|leader|chair\w*|head|ambassador|"
    r"in\s+office|in\s+power|in\s+(?:effect|force|place)|serv(?:ed|es|ing)|held|has\s+been|"
    r"have\s+been|had\s+been)\b[^,;.]{0,30}$",
    re.I,
)
DATELINE_BEFORE = re.compile(r"^\W*[A-Z][A-Z .'-]{1,40},\s*$")
# A year in a law's or a treaty's name: "section 232 of the Trade Expansion Act of 1962".
NAMED_BEFORE = re.compile(
    r"\b(?-i:Act|Law|Treaty|Convention|Protocol|Charter|Code|Agreement|Accord|Declaration)"
    r",?\s+(?:of\s+)?$",
    re.I,
)


def _in_context(sentence: str, found: list[DateMention], offset: int) -> list[DateMention]:
    """What the words around each mention say of it: a weekday followed by its date is
    that date ("Monday, February 10, 2025"); a date after "since" or "by" is background, and
    so is the year in a law's name ("the Trade Expansion Act of 1962"); a dateline is the
    publication's."""
    out: list[DateMention] = []
    for index, mention in enumerate(found):
        at = mention.position - offset
        following = found[index + 1] if index + 1 < len(found) else None
        if (
            mention.relative
            and following is not None
            and not following.relative
            and re.fullmatch(
                r"[\s,]*(?:on\s+|i\.e\.,?\s+)?",
                sentence[at + len(mention.text) : following.position - offset],
            )
        ):
            continue  # the explicit date that follows wins
        before = sentence[max(0, at - 70) : at]
        named = NAMED_BEFORE.search(before + mention.text.split()[0] + " ")
        if (
            AFTER_BEFORE.search(before)
            and mention.start is not None
            and mention.start.precision == "day"
            and mention.end is None
        ):
            # "After July 9, the US will start charging …": some day after it, in its month.
            start = mention.start
            mention = replace(mention, start=PartialDate(start.year, start.month), vague=True)
        if (
            BACKGROUND_BEFORE.search(before)
            or (at < 45 and DATELINE_BEFORE.search(before))
            or (named and mention.start is not None and mention.start.precision == "year")
            or (mention.text.lower().startswith("since") and FIRST_SINCE.search(before))
            or (mention.text.lower().startswith("since") and HELD_SINCE.search(before))
        ):
            mention = replace(mention, background=True)
        out.append(mention)
    return out


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
        if kind == "span_days":
            year = int(g["year"]) if g.get("year") else (published.year if published else None)
            if year is None:
                return DateMention(text, None, relative=True, position=position)
            first = PartialDate(year, _month(g["month"] or g["month1"]), int(g["d1"] or g["d1b"]))
            last = PartialDate(year, _month(g["month2"] or g["month2b"]), int(g["d2"] or g["d2b"]))
            if last.first_day < first.first_day:
                first = PartialDate(year - 1, first.month, first.day)
            return DateMention(text, first, last, position=position)
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
        if kind == "day_alone":
            if published is None:
                return DateMention(text, None, relative=True, position=position)
            # The publication's month (find() moves it back a month when the day is
            # still to come in a sentence that does not look ahead).
            month_start = published.replace(day=1)
            start = PartialDate(month_start.year, month_start.month, int(g["day"]))
            return DateMention(text, start, relative=True, position=position)
        if kind in ("month_day", "day_month"):
            if published is None:
                return DateMention(text, None, relative=True, position=position)
            return DateMention(
                text,
                PartialDate(published.year, _month(g["month"]), int(g["day"])),
                position=position,
            )
        if kind in ("day_range", "month_day_range"):
            year = int(g["year"]) if g.get("year") else (published.year if published else None)
            if year is None:
                return DateMention(text, None, relative=True, position=position)
            month = _month(g["month"])
            return DateMention(
                text,
                PartialDate(year, month, int(g["d1"])),
                PartialDate(year, month, int(g["day"])),
                position=position,
            )
        if kind == "this_month_name":
            if published is None:
                return DateMention(text, None, relative=True, position=position)
            month = _month(g["month"])
            word = text.split()[0].lower()
            year = published.year
            if word == "next" or (word == "this" and month < published.month - 1):
                year += month <= published.month
            elif word in ("last", "since") and month >= published.month:
                year -= 1
            return DateMention(text, PartialDate(year, month), relative=True, position=position)
        if kind == "dotted_date":
            try:
                dotted = PartialDate(int(g["year"]), int(g["mm"]), int(g["dd"]))
            except ValueError:
                return None
            return DateMention(text, dotted, position=position)
        if kind == "iso_date":
            return DateMention(
                text, PartialDate(int(g["year"]), int(g["mm"]), int(g["dd"])), position=position
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
    if kind == "tomorrow":
        # "will arrive in the Italian Republic tomorrow", "the day after tomorrow".
        day = published + timedelta(days=2 if g.get("after") else 1)
        return DateMention(
            text, PartialDate.from_date(day, "day"), relative=True, position=position
        )
    if kind == "ago":
        n = g["n"].lower()
        count = int(n) if n.isdigit() else NUMBER_WORDS[n]
        days = count * (7 if g["unit"].lower().startswith("week") else 1)
        if days > 366:
            return None
        day = published - timedelta(days=days)
        precision = "day" if g["unit"].lower().startswith("day") else "month"
        start = (
            PartialDate.from_date(day, "day")
            if precision == "day"
            else PartialDate(day.year, day.month)
        )
        return DateMention(text, start, relative=True, vague=precision != "day", position=position)
    if kind == "weekend":
        # The last weekend on or before publication (a coming one: "this weekend" ahead).
        saturday = _weekday_on_or_before(published, 5)
        if text.lower().startswith("this") and published.weekday() < 5:
            saturday += timedelta(days=7)
        return DateMention(
            text,
            PartialDate.from_date(saturday, "day"),
            PartialDate.from_date(saturday + timedelta(days=1), "day"),
            relative=True,
            position=position,
        )
    if kind == "today":
        return DateMention(
            text, PartialDate.from_date(published, "day"), relative=True, position=position
        )
    if kind == "next_days":
        # "Luxon is in Nuku'alofa for the next three days": from the day it is told.
        n = g["n"].lower()
        days = DAYS_AHEAD[n] if n in DAYS_AHEAD else int(n)
        return DateMention(
            text,
            PartialDate.from_date(published, "day"),
            PartialDate.from_date(published + timedelta(days=days - 1), "day"),
            relative=True,
            position=position,
        )
    if kind in ("last_week", "past_week"):
        # Some day of last week ("over the past week": of the seven days before), not all
        # of it: its month (or its two months, when the week straddles them: "Feb–Mar
        # 2025"), never a made-up day.
        if kind == "past_week":
            monday, sunday = published - timedelta(days=7), published
        else:
            monday = published - timedelta(days=published.weekday() + 7)
            sunday = monday + timedelta(days=6)
        first = PartialDate(monday.year, monday.month)
        last = PartialDate(sunday.year, sunday.month)
        return DateMention(
            text,
            first,
            None if last == first else last,
            relative=True,
            vague=True,
            position=position,
        )
    if kind == "month_alone":
        # A month without a year: this year's, unless it is ahead and the sentence looks
        # back (last year's), or behind and the sentence looks ahead (next year's).
        month = _month(g["month"])
        year = published.year
        ahead = bool(AHEAD.search(_own_clause(m.string, m.start(), m.end())))
        if month > published.month and not ahead:
            year -= 1
        elif month < published.month and ahead:
            year += 1
        return DateMention(text, PartialDate(year, month), relative=True, position=position)
    if kind == "this_year":
        return DateMention(
            text, PartialDate(published.year), relative=True, vague=True, position=position
        )
    if kind == "other_year":
        # "Erdogan travelled to the UAE last year": the year, never a day of it.
        year = published.year + (1 if g["which"].lower() == "next" else -1)
        return DateMention(text, PartialDate(year), relative=True, vague=True, position=position)
    if kind == "this_month":
        return DateMention(
            text, PartialDate(published.year, published.month), relative=True, position=position
        )
    if kind in ("next_week", "next_month", "last_month"):
        # Known to the month at best: "next week" is the month a week ahead falls in.
        if kind == "next_week":
            day = published + timedelta(weeks=WEEK_AHEAD.get((g.get("n") or "one").lower(), 1))
        elif kind == "next_month":
            day = (published.replace(day=1) + timedelta(days=32)).replace(day=1)
        else:
            day = published.replace(day=1) - timedelta(days=1)
        return DateMention(
            text, PartialDate(day.year, day.month), relative=True, vague=True, position=position
        )
    return None
