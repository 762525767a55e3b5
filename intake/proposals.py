"""What intake proposes for a draft beyond the extracted event: whose own account the
article is (a government's readout or statement, from its site or outlet), and the
earlier event in the record a draft refers to (a measure taking effect as announced, a
postponement, a cancellation, a response, a follow-up, a readout of a call). Editors see
both on the review screen and may change them; accepting writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet

from tracker.choices import EventStatus, LinkKind
from tracker.dates import PartialDate, PartialDateError
from tracker.links import INVERSE
from tracker.models import Event

from .extraction.gazetteer import account_country

__all__ = ["account_country"]  # also read from here (drafts.py, tests)


@dataclass(frozen=True)
class Cue:
    name: str  # the link named from the draft's end (tracker.links)
    words: re.Pattern[str]
    kinds: tuple[str, ...]  # the earlier event's kinds ("" for the draft's own kind)
    still_to_come: bool = False  # prefer an event still to come (or still on) that day


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


COERCIVE = ("trade-measure", "sanction", "statement")
# In order: the first cue the evidence has decides.
CUES = [
    Cue(
        INVERSE[LinkKind.ANNOUNCES],
        _words(
            r"tak(?:e|es|ing) effect|took effect|(?:enter(?:s|ed)?|came|come|comes) into "
            r"(?:force|effect)|in force|kick(?:s|ed)? in|effective (?:from|as of|on)"
        ),
        ("",),
    ),
    Cue(
        str(LinkKind.POSTPONES),
        _words(r"postpone[sd]?|delay(?:s|ed)?|pause[sd]?|push(?:es|ed)? back|defer(?:s|red)?"),
        ("",),
        still_to_come=True,
    ),
    Cue(
        str(LinkKind.CANCELS),
        _words(r"cancel(?:s|led|ed)?|call(?:s|ed)? off|revoke[sd]?|scrap(?:s|ped)?"),
        ("",),
        still_to_come=True,
    ),
    Cue(
        str(LinkKind.RESPONSE_TO),
        _words(r"in response to|respon(?:d|ds|ded|ding) to|retaliat\w*|in reply to|counter-?\w*"),
        COERCIVE,
    ),
    Cue(
        str(LinkKind.FOLLOW_UP_TO),
        _words(
            r"follow(?:s|ed|ing)? up|follow-up|building on|after (?:their|the) (?:call|meeting)"
        ),
        ("call", "meeting", "visit", "summit"),
    ),
]
READOUT = _words(r"readout|spoke|call|conversation|talks|met|meeting")
ENGAGEMENTS = ("call", "meeting", "visit", "summit")
LOOK_BACK = timedelta(days=366)


def earlier_event(
    *, kind: str, start: str, countries: list[str], evidence: str
) -> tuple[str, Event] | None:
    """The link a draft's evidence suggests to an earlier event of the record sharing its
    countries, named from the draft's end; None if it suggests none or none is found."""
    try:
        day = PartialDate.parse(start).first_day if start else None
    except PartialDateError:
        return None
    if day is None or len(countries) < 1:
        return None
    if kind == "statement" and READOUT.search(evidence):
        same_day = _candidates(countries).filter(
            kind__slug__in=ENGAGEMENTS, span_start__lte=day, span_end__gte=day
        )
        found = same_day.first()
        return (str(LinkKind.READOUT_OF), found) if found else None
    for cue in CUES:
        if not cue.words.search(evidence):
            continue
        kinds = [kind if k == "" else k for k in cue.kinds]
        same = _candidates(countries).filter(kind__slug__in=kinds)
        earlier = same.filter(span_start__lt=day, span_start__gte=day - LOOK_BACK)
        found = None
        if cue.still_to_come:
            # What is put off or called off was still to come (or still on) that day.
            coming = same.filter(Q(status=EventStatus.SCHEDULED) | Q(span_end__gte=day))
            coming = coming.exclude(span_start=day)  # (the same event, told again)
            found = coming.filter(span_start__gte=day - LOOK_BACK).order_by("span_start").first()
        found = found or earlier.order_by("-span_start", "-id").first()
        if found is not None:
            return cue.name, found
    return None


def _candidates(countries: list[str]) -> QuerySet[Event]:
    """Events involving the draft's countries (its first two: the pair's own index)."""
    return Event.objects.for_country(*countries[:2])
