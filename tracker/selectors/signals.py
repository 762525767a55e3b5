"""Signals: which country pairs are unusually busy or quiet this week, kind by kind.

For each pair and kind, the count of the last 7 days (today included) is set against the
same 7-day weeks, weekday-aligned, of the previous 52. Counted: events dated within one
week (an event known only to the month or the year is in no week). A count is unusual
when it is higher than in any of the previous 52 weeks and at least MIN_BUSY, or zero
where the middle week of the year (the median) had at least MIN_QUIET.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Any

from django.db.models import Q

from tracker.models import Country, EventKind, EventPair

WEEKS = 52
MIN_BUSY = 3
MIN_QUIET = 2


@dataclass
class Signal:
    a: str
    b: str
    kind: EventKind
    count: int
    highest: int  # the most in any of the previous 52 weeks
    typical: float  # the median week
    busy: bool  # else: quiet
    names: tuple[str, str] = ("", "")

    @property
    def words(self) -> str:
        kind = self.kind.name.lower()
        if self.busy:
            return (
                f"{self.count} × {kind} in the last 7 days; at most {self.highest} in any of "
                f"the previous {WEEKS} weeks (a typical week: {self.typical:g})"
            )
        return (
            f"no {kind} in the last 7 days; a typical week of the previous {WEEKS} had "
            f"{self.typical:g}"
        )


def unusual(countries: tuple[str, ...] = (), today: date | None = None) -> list[dict[str, Any]]:
    """The unusual counts of this week for the pairs that hold every one of ``countries``
    (none: every pair; one: the pairs of that country; two: that pair)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    first = today - timedelta(days=7 * (WEEKS + 1) - 1)
    rows = EventPair.objects.filter(span_start__gte=first, span_start__lte=today).exclude(
        event__status__in=["cancelled", "postponed"]
    )
    codes = sorted({c.upper() for c in countries})
    if len(codes) == 1:
        rows = rows.filter(Q(a=codes[0]) | Q(b=codes[0]))
    elif len(codes) == 2:
        rows = rows.filter(a=codes[0], b=codes[1])
    elif len(codes) > 2:
        return []
    counts: dict[tuple[str, str, int], list[int]] = {}
    for a, b, kind_id, start, end in rows.values_list(
        "a", "b", "event__kind_id", "event__span_start", "event__span_end"
    ).iterator(chunk_size=5000):
        week_of_start, week_of_end = (today - start).days // 7, (today - end).days // 7
        if week_of_start != week_of_end or not 0 <= week_of_start <= WEEKS:
            continue  # known only to a longer span, or across two weeks
        weeks = counts.setdefault((a, b, kind_id), [0] * (WEEKS + 1))
        weeks[week_of_start] += 1
    marked: list[tuple[str, str, int, int, int, float, bool]] = []
    for (a, b, kind_id), weeks in counts.items():
        now, before = weeks[0], weeks[1:]
        highest, typical = max(before), median(before)
        if now > highest and now >= MIN_BUSY:
            marked.append((a, b, kind_id, now, highest, typical, True))
        elif now == 0 and typical >= MIN_QUIET:
            marked.append((a, b, kind_id, now, highest, typical, False))
    if not marked:  # most weeks: no names to read
        return []
    kinds = EventKind.objects.in_bulk({m[2] for m in marked})
    found = [
        Signal(a, b, kinds[kind_id], now, highest, typical, busy=busy)
        for a, b, kind_id, now, highest, typical, busy in marked
    ]
    names = dict(
        Country.objects.filter(code__in={c for s in found for c in (s.a, s.b)}).values_list(
            "code", "name"
        )
    )
    found.sort(key=lambda s: (not s.busy, -(s.count - s.highest), s.a, s.b, s.kind.name))
    return [
        {
            "a": s.a,
            "b": s.b,
            "names": (names.get(s.a, s.a), names.get(s.b, s.b)),
            "kind": s.kind,
            "busy": s.busy,
            "count": s.count,
            "highest": s.highest,
            "typical": s.typical,
            "words": s.words,
        }
        for s in found[:20]
    ]


def cached(countries: tuple[str, ...], today: date) -> list[dict[str, Any]]:
    """``unusual``, remembered for the day until the events change (pages and digests)."""
    from tracker import stamps

    codes = tuple(sorted({c.upper() for c in countries}))
    return stamps.cached(("signals", *codes, today.isoformat()), lambda: unusual(codes, today))


HOW = (
    f"Each pair of countries and kind of event: the last 7 days against the same 7-day weeks "
    f"of the previous {WEEKS}, counting events dated within a week. Unusually busy: more "
    f"than in any of those weeks, and at least {MIN_BUSY}. Unusually quiet: none, where the "
    f"middle week of the year had at least {MIN_QUIET}."
)
