"""Reads about relations between countries: partners, and what the relations page of a
pair shows (last contacts by level, what is coming, cadence and balance by quarter,
figures over time, the people on each side)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from tracker.choices import EventStatus, FigureUnit
from tracker.formatting import format_quantity
from tracker.models import (
    Actor,
    CountCell,
    Country,
    CountTotal,
    Event,
    EventKind,
    EventPair,
    Figure,
    Participation,
)


def partners(code: str, limit: int = 12) -> list[dict[str, Any]]:
    """The countries most often involved together with ``code`` (from the pair counts)."""
    code = code.upper()
    rows = CountTotal.objects.filter(c2=code, topic_id=0, n__gt=0).exclude(c1="")
    totals = dict(rows.values_list("c1").annotate(total=Sum("n")).order_by())
    names = dict(Country.objects.filter(pk__in=totals).values_list("code", "name"))
    ranked = sorted(totals.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))
    return [
        {"code": other, "name": names.get(other, other), "count": n}
        for other, n in ranked[:limit]
        if n > 0
    ]


# --- The relations page of a country pair -------------------------------------------------

# Levels of contact, highest first, told by the title a person held at the time. A title is
# at the first level whose pattern it matches; deputies are tried first so that "Deputy
# Prime Minister" and "Vice President" are not taken for the offices they deputise for.
LEVELS: list[tuple[str, str, re.Pattern[str] | None]] = [
    (
        "deputies",
        "Deputies",
        re.compile(
            r"\b(?:deputy|vice|under[- ]?secretary|assistant secretary|minister of state)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "leaders",
        "Heads of state or government",
        re.compile(
            r"\b(?:president|prime minister|premier|chancellor|king|queen|emir|sultan|"
            r"crown prince|taoiseach|supreme leader|head of (?:state|government))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "foreign",
        "Foreign ministers",
        re.compile(
            r"\b(?:foreign minister|minister (?:of|for) foreign affairs|"
            r"external affairs minister|minister of external affairs|"
            r"secretary of state(?! for))\b",
            re.IGNORECASE,
        ),
    ),
    ("officials", "Officials and envoys", None),
]
LEVEL_ORDER = ["leaders", "foreign", "deputies", "officials"]
# PLOVER's categories on either side of the line between cooperation and coercion.
COOPERATIVE = {"CONSULT", "AGREE", "SUPPORT", "CONCEDE", "RETREAT", "AID"}
COERCIVE = {
    "COERCE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION",
    "ASSAULT", "FIGHT",
}  # fmt: skip
CONTACT = "CONSULT"  # calls, meetings, visits, summits
# The relations page reads the pair's newest events only (through the pair table's
# newest-first index), so its cost does not grow with a long-recorded relationship.
RECENT_EVENTS = 1000


FOREIGN_SECRETARY = re.compile(r"\bforeign secretary\b", re.IGNORECASE)


def level_of(title: str, country: str | None = "") -> str:
    """The level of contact of a title held by someone of ``country``: "leaders",
    "foreign", "deputies" or "officials"."""
    for key, _, pattern in LEVELS:
        if pattern is not None and pattern.search(title):
            return key
    # A minister in London, the ministry's senior civil servant in New Delhi.
    if country == "GB" and FOREIGN_SECRETARY.search(title):
        return "foreign"
    return "officials"


def recent_ids(first: str, second: str) -> list[int]:
    """The ids of the pair's newest events (RECENT_EVENTS at most), newest first: what
    the relations page reads (give them to each of its reads, read once)."""
    a, b = sorted((first.upper(), second.upper()))
    newest = EventPair.objects.filter(a=a, b=b).order_by("-span_start", "-event_id")
    return list(newest.values_list("event_id", flat=True)[:RECENT_EVENTS])


def last_contacts(first: str, second: str, recent: list[int] | None = None) -> list[dict[str, Any]]:
    """For each level, the pair's most recent contact (a call, meeting, visit or summit
    that took place) at that level, with who took part. A contact's level is the lower of
    the two sides' highest (a vice president received by a prime minister is a contact of
    deputies); when the record names people of one side only, theirs."""
    a, b = sorted((first.upper(), second.upper()))
    recent = recent_ids(a, b) if recent is None else recent
    contacts = Event.objects.filter(
        pk__in=recent, status=EventStatus.OCCURRED, kind__plover_category=CONTACT
    )
    # Plain rows, newest event first; only the events found are read whole.
    rows = (
        Participation.objects.filter(event__in=contacts)
        .order_by("-event__span_start", "-event_id", "id")
        .values_list("event_id", "actor__country_id", "title_at_time", "actor__title")
    )
    events: dict[int, list[tuple[str, str]]] = {}
    for event_id, side, title, actor_title in rows.iterator(chunk_size=2000):
        events.setdefault(event_id, []).append((side, title or actor_title))
    rank = {key: i for i, key in enumerate(LEVEL_ORDER)}
    chosen: dict[str, int] = {}
    for event_id, people in events.items():
        highest: dict[str, int] = {}
        for side, title in people:
            if side in (a, b):
                level = rank[level_of(title, side)]
                highest[side] = min(highest.get(side, len(LEVEL_ORDER)), level)
        if highest:
            chosen.setdefault(LEVEL_ORDER[max(highest.values())], event_id)
    taking_part: dict[int, list[Participation]] = {}
    for p in (
        Participation.objects.filter(event__in=chosen.values())
        .select_related("event__kind", "actor")
        .order_by("id")
    ):
        taking_part.setdefault(p.event_id, []).append(p)
    found = {
        key: {"event": taking_part[pk][0].event, "people": taking_part[pk]}
        for key, pk in chosen.items()
    }
    names = {key: name for key, name, _ in LEVELS}
    # When the pair has more events than were read, "none" is "none among the latest".
    looked_at = len(recent) if len(recent) == RECENT_EVENTS else None
    return [
        {"key": key, "name": names[key], "event": None, "people": [], "looked_at": looked_at}
        | found.get(key, {})
        for key in LEVEL_ORDER
    ]


def coming_up(first: str, second: str, limit: int = 6) -> list[Event]:
    """The pair's scheduled events that have not ended, soonest first."""
    a, b = sorted((first.upper(), second.upper()))
    today = timezone.localdate()
    pairs = EventPair.objects.filter(a=a, b=b)
    # Through the index of scheduled events by end date, ordered here: asked for in start
    # order with a limit, the planner walks every scheduled event ever recorded.
    found = Event.objects.filter(
        pk__in=pairs.values("event_id"), status=EventStatus.SCHEDULED, span_end__gte=today
    ).order_by()
    soonest = sorted(found.values_list("span_start", "pk"))[:limit]
    rows = Event.objects.select_related("kind").in_bulk([pk for _, pk in soonest])
    return [rows[pk] for _, pk in soonest if pk in rows]


def people_by_side(
    first: str, second: str, recent: list[int] | None = None, limit: int = 12
) -> list[dict[str, Any]]:
    """The people of each country who took part in the pair's latest events (and of
    neither: a third country or a body), most engaged first, with the title of their last
    one."""
    a, b = sorted((first.upper(), second.upper()))
    # Plain rows, newest event first; the actors and last events of the people shown are
    # read afterwards (a pair's latest thousand events may hold thousands of rows).
    rows = (
        Participation.objects.filter(event__in=recent_ids(a, b) if recent is None else recent)
        .order_by("-event__span_start", "-event_id")
        .values_list("actor_id", "actor__country_id", "actor__name", "title_at_time",
                     "event_id", "event__span_start")
    )  # fmt: skip
    people: dict[int, dict[str, Any]] = {}
    for actor_id, country, name, title, event_id, start in rows.iterator(chunk_size=2000):
        person = people.get(actor_id)
        if person is None:  # the newest first: this is the title at their last event
            person = people[actor_id] = {
                "actor_id": actor_id,
                "name": name,
                "code": country,
                "title": title,
                "last_id": event_id,
                "last_start": start,
                "events": set(),
            }
        person["events"].add(event_id)
    sides: dict[str, list[dict[str, Any]]] = {a: [], b: [], "": []}
    for person in people.values():
        person["count"] = len(person.pop("events"))
        code = person.pop("code")
        sides[code if code in (a, b) else ""].append(person)
    shown: dict[str, list[dict[str, Any]]] = {}
    for code, listed in sides.items():
        listed.sort(key=lambda p: (-p["count"], -p["last_start"].toordinal(), p["name"]))
        shown[code] = listed[:limit]
    chosen = [p for listed in shown.values() for p in listed]
    actors = Actor.objects.in_bulk([p["actor_id"] for p in chosen])
    events = Event.objects.in_bulk([p["last_id"] for p in chosen])
    for person in chosen:
        person["actor"] = actors[person["actor_id"]]
        person["last"] = events[person["last_id"]]
        person["title"] = person["title"] or person["actor"].title
    return [
        {"code": code, "people": shown[code], "more": max(len(listed) - limit, 0)}
        for code, listed in sides.items()
    ]


def _quarter(day: date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def _quarter_label(index: int) -> str:
    return f"Q{index % 4 + 1} {index // 4}"


def quarterly(first: str, second: str, quarters: int = 12) -> dict[str, Any]:
    """The pair's events per quarter over the last ``quarters`` quarters with events: by
    kind (the cadence) and as cooperative against coercive (PLOVER categories of the
    kinds), from the kept counts. An event counts in a quarter only when its span lies
    within it; the others are counted apart, never put in a quarter they may not be in."""
    a, b = sorted((first.upper(), second.upper()))
    rows = (
        CountCell.objects.filter(c1=a, c2=b, topic_id=0, also=0, n__gt=0)
        .values_list("first_month", "last_month", "kind_id")
        .annotate(total=Sum("n"))
        .order_by()
    )
    by_quarter: dict[int, dict[int, int]] = {}
    longer = 0
    for first_month, last_month, kind_id, n in rows:
        if _quarter(first_month) != _quarter(last_month):
            longer += n
            continue
        cell = by_quarter.setdefault(_quarter(first_month), {})
        cell[kind_id] = cell.get(kind_id, 0) + n
    if not by_quarter:
        return {"columns": [], "kinds": [], "balance": [], "longer": longer}
    last = max(by_quarter)
    columns = list(range(max(min(by_quarter), last - quarters + 1), last + 1))
    every_kind = list(EventKind.objects.order_by("position", "name"))
    kinds = {k.pk: k for k in every_kind}
    shown = {kind for q in columns for kind in by_quarter.get(q, {})}
    ordered = [k for k in every_kind if k.pk in shown]
    top = max((n for q in columns for n in by_quarter.get(q, {}).values()), default=1)
    balance: list[dict[str, Any]] = []
    for q in columns:
        counts = by_quarter.get(q, {})
        balance.append(
            {
                "label": _quarter_label(q),
                "cooperative": sum(
                    n for k, n in counts.items() if kinds[k].plover_category in COOPERATIVE
                ),
                "coercive": sum(
                    n for k, n in counts.items() if kinds[k].plover_category in COERCIVE
                ),
                "other": sum(
                    n
                    for k, n in counts.items()
                    if kinds[k].plover_category not in COOPERATIVE | COERCIVE
                ),
            }
        )
    widest = max((max(r["cooperative"], r["coercive"]) for r in balance), default=0) or 1
    for r in balance:
        r["cooperative_pct"] = round(100 * r["cooperative"] / widest)
        r["coercive_pct"] = round(100 * r["coercive"] / widest)
    return {
        "columns": [_quarter_label(q) for q in columns],
        "kinds": [
            {
                "kind": kind,
                "cells": [
                    {"n": n, "shade": round(0.15 + 0.85 * n / top, 2) if n else 0}
                    for n in (by_quarter.get(q, {}).get(kind.pk, 0) for q in columns)
                ],
            }
            for kind in ordered
        ],
        "balance": balance,
        "sides": _sides(every_kind),
        "longer": longer,
        "earlier": sum(sum(c.values()) for q, c in by_quarter.items() if q < columns[0]),
    }


def _sides(kinds: list[EventKind]) -> dict[str, list[str]]:
    """The names of the kinds on each side of the balance, and of those on neither."""
    sides: dict[str, list[str]] = {"cooperative": [], "coercive": [], "neither": []}
    for kind in kinds:
        if kind.plover_category in COOPERATIVE:
            sides["cooperative"].append(kind.name.lower())
        elif kind.plover_category in COERCIVE:
            sides["coercive"].append(kind.name.lower())
        else:
            sides["neither"].append(kind.name.lower())
    return sides


SERIES_CHARTS = 4  # units charted, the most used first
SERIES_POINTS = 30  # the latest figures of a unit drawn and listed


def figure_series(first: str, second: str, recent: list[int] | None = None) -> list[dict[str, Any]]:
    """The figures recorded on the pair's latest events, one chart per unit over time (the
    four units with most figures, the latest 30 figures of each): each point a figure (its
    value, label and period, the event it belongs to), points of the same label joined as
    a series."""
    a, b = sorted((first.upper(), second.upper()))
    ids = recent_ids(a, b) if recent is None else recent
    # Where each figure sits in time, from plain rows; only the figures drawn are read whole.
    rows = Figure.objects.filter(event__in=ids).values_list(
        "pk", "unit", "period_start", "period_end", "event__span_start", "event__span_end"
    )
    by_unit: dict[str, list[tuple[date, int]]] = {}
    for pk, unit, period_start, period_end, span_start, span_end in rows:
        day = period_end or period_start
        first_day, last_day = (day, day) if day is not None else (span_start, span_end)
        by_unit.setdefault(unit, []).append((first_day + (last_day - first_day) / 2, pk))
    ranked = sorted(by_unit.items(), key=lambda item: (-len(item[1]), item[0]))[:SERIES_CHARTS]
    latest = {unit: sorted(members)[-SERIES_POINTS:] for unit, members in ranked}
    drawn = Figure.objects.select_related("event").in_bulk(
        [pk for members in latest.values() for _, pk in members]
    )
    charts: list[dict[str, Any]] = []
    for unit, members in ranked:
        ordered = [drawn[pk] for _, pk in latest[unit]]
        points: list[dict[str, Any]] = [
            {"figure": f, "when": _when(f), "span": _span(f)} for f in ordered
        ]
        chart = _series_chart(unit, points)
        chart["count"] = len(members)  # the page says when only the latest are drawn
        charts.append(chart)
    return charts


def _when(figure: Figure) -> date:
    """Where a figure sits in time: the end of its period, else its start, else the middle
    of its event's span (the day, for an event known to the day)."""
    first, last = _span(figure)
    return first + (last - first) / 2


def _span(figure: Figure) -> tuple[date, date]:
    """The days a figure's date may be: its period's end (or start), else its event's."""
    day = figure.period_end or figure.period_start
    if day is not None:
        return day, day
    return figure.event.span_start, figure.event.span_end


SERIES_WIDTH, SERIES_HEIGHT, SERIES_PAD = 600, 140, 14


def _series_chart(unit: str, points: list[dict[str, Any]]) -> dict[str, Any]:
    low_day = min(p["span"][0] for p in points)
    high_day = max(p["span"][1] for p in points)
    days = max((high_day - low_day).days, 1)
    values = [p["figure"].value for p in points]
    top = max(max(values), Decimal(0))
    bottom = min(min(values), Decimal(0))
    spread = (top - bottom) or 1
    inner_w, inner_h = SERIES_WIDTH - 2 * SERIES_PAD, SERIES_HEIGHT - 2 * SERIES_PAD

    def x_of(day: date) -> float:
        if high_day == low_day:
            return SERIES_PAD + inner_w / 2
        return SERIES_PAD + inner_w * (day - low_day).days / days

    lines: dict[str, list[str]] = {}
    drawn = []
    for p in points:
        figure = p["figure"]
        x = x_of(p["when"])
        y = SERIES_PAD + float(inner_h * (top - figure.value) / spread)
        # A figure dated by an event known to the month or the year: drawn across the span.
        first, last = p["span"]
        drawn.append(
            {**p, "x": round(x, 1), "y": round(y, 1)}
            | {"x1": round(x_of(first), 1), "x2": round(x_of(last), 1), "partial": first != last}
        )
        lines.setdefault(figure.label.casefold(), []).append(f"{x:.1f},{y:.1f}")
    return {
        "unit": unit,
        "unit_name": FigureUnit(unit).label if unit in FigureUnit.values else unit,
        "points": drawn,
        "lines": [" ".join(coords) for coords in lines.values() if len(coords) > 1],
        "width": SERIES_WIDTH,
        "height": SERIES_HEIGHT,
        "zero": round(SERIES_PAD + float(inner_h * top / spread), 1),
        "top_value": format_quantity(top, unit),
        "bottom_value": format_quantity(bottom, unit),
        "from": low_day,
        "to": high_day,
    }
