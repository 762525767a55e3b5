"""Server-drawn SVG: events per month (or per year over long ranges), stacked by kind.

Honest about partial dates: an event is a bar only when its whole span lies within one
month (one year on the yearly chart). An event known only to the year, or lasting across
months, is never put in a month it may not be in: it is drawn as a band across its span,
in a row of its own under the bars. Every event of the view is in the chart exactly once
(a bar or a band), so its counts add up to the list's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest

WIDTH, HEIGHT, GAP = 720, 120, 2
LANE = 12  # height of one row of bands (in the band chart's own units)
MAX_LANES = 4
MAX_MONTH_BARS = 72
MAX_YEAR_BARS = 150
# Query parameters that are not filters (a bar's link drops them with the dates).
NOT_FILTERS = ("date_from", "date_to", "cursor", "h", "part", "counts")


@dataclass
class Span:
    """Events sharing one span that is longer than a period: (first, last) months."""

    first: date
    last: date
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


def _index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_of(index: int) -> date:
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, 1)


def span_label(first: date, last: date) -> str:
    """A span of whole months in words: "2025", "Jan–Jun 2025", "Nov 2024 – Feb 2025"."""
    if first.year == last.year:
        if (first.month, last.month) == (1, 12):
            return str(first.year)
        return f"{first:%b}–{last:%b %Y}"
    if (first.month, last.month) == (1, 12):
        return f"{first.year}–{last.year}"
    return f"{first:%b %Y} – {last:%b %Y}"


def _partial(first: date, last: date) -> tuple[str, str]:
    """The date filters (partial dates) that select a span of whole months."""
    if (first.month, last.month) == (1, 12):
        return str(first.year), str(last.year)
    return first.strftime("%Y-%m"), last.strftime("%Y-%m")


def activity(
    monthly: list[dict[str, Any]],
    request: HttpRequest,
    after: date | None = None,
    before: date | None = None,
) -> dict[str, Any] | None:
    """The chart above the timeline. ``monthly``: the view's selectors.summary(…).monthly
    (counts by first month, last month and kind); ``after``/``before``: the view's own
    dates, which the chart keeps to. Each bar and band links to the view narrowed to it."""
    if not monthly:
        return None
    kinds: dict[str, tuple[str, str]] = {r["slug"]: (r["name"], r["colour"]) for r in monthly}
    low = min(_index(r["month"]) for r in monthly)
    high = max(_index(r["last"]) for r in monthly)
    if after is not None:
        low = max(low, _index(after))
    if before is not None:
        high = min(high, _index(before))
    high = max(high, low)
    by_year = high - low + 1 > MAX_MONTH_BARS

    def period(index: int) -> int:  # the month's period: itself, or its year
        return index // 12 if by_year else index

    first_period, last_period = period(low), period(high)
    within: dict[int, dict[str, int]] = {}  # period -> kind -> events inside it
    spans: dict[tuple[date, date], Span] = {}
    for r in monthly:
        start, end = _index(r["month"]), _index(r["last"])
        if period(start) == period(end):
            bucket = within.setdefault(period(start), {})
            bucket[r["slug"]] = bucket.get(r["slug"], 0) + r["n"]
        else:
            span = spans.setdefault((r["month"], r["last"]), Span(r["month"], r["last"]))
            span.kinds[r["slug"]] = span.kinds.get(r["slug"], 0) + r["n"]
    if by_year and last_period - first_period + 1 > MAX_YEAR_BARS:
        # Centuries: only the years with events get a bar.
        numbers = sorted(p for p in within if first_period <= p <= last_period) or [first_period]
    else:
        numbers = list(range(first_period, last_period + 1))
    slot = {number: i for i, number in enumerate(numbers)}
    labels = [str(n) if by_year else _month_of(n).strftime("%b %Y") for n in numbers]
    partials = [str(n) if by_year else _month_of(n).strftime("%Y-%m") for n in numbers]

    columns = max(len(numbers), 12)  # a few bars stay bar-shaped: the chart gets narrower
    step = WIDTH / columns
    keep = [(k, v) for k, values in request.GET.lists() if k not in NOT_FILTERS for v in values]
    tallest = max((sum(c.values()) for c in within.values()), default=0)
    top = _nice_top(tallest)
    ordered_kinds = sorted(kinds.items(), key=lambda item: item[1][0])
    bars: list[dict[str, Any]] = []
    for i, number in enumerate(numbers):
        per_kind = within.get(number, {})
        y = float(HEIGHT)
        segments = []
        for slug, (name, colour) in ordered_kinds:
            n = per_kind.get(slug, 0)
            if n:
                height = HEIGHT * n / top
                y -= height
                segments.append(
                    {"y": round(y, 2), "height": round(height, 2), "colour": colour}
                    | {"name": name, "count": n}
                )
        bars.append(
            {
                "x": round(i * step + GAP / 2, 2),
                "width": round(max(step - GAP, 1), 2),
                "label": labels[i],
                "total": sum(per_kind.values()),
                "segments": segments,
                "href": "?"
                + urlencode([*keep, ("date_from", partials[i]), ("date_to", partials[i])]),
            }
        )
    bands, hidden = _bands(spans, slot, period, low, high, step, keep, kinds)
    in_bars = sum(b["total"] for b in bars)
    in_spans = sum(s.total for s in spans.values())
    unit = "year" if by_year else "month"
    return {
        "bars": bars,
        "bands": bands,
        "hidden_bands": hidden,
        "lanes": max((b["lane"] + 1 for b in bands), default=0),
        "band_height": max((b["lane"] + 1 for b in bands), default=0) * LANE,
        "lane": LANE,
        "width": round(step * len(numbers), 2),
        "percent": round(100 * len(numbers) / columns, 2),
        "height": HEIGHT,
        "unit": unit,
        "first": labels[0],
        "last": labels[-1],
        "tallest": tallest,
        "scale": [{"value": v, "y": round(HEIGHT * (1 - v / top), 2)} for v in _ticks(top)],
        "axis": _axis(numbers, by_year),
        "total": in_bars + in_spans,
        "in_bars": in_bars,
        "in_spans": in_spans,
        "legend": sorted(kinds.values()),
    }


def _bands(
    spans: dict[tuple[date, date], Span],
    slot: dict[int, int],
    period: Any,
    low: int,
    high: int,
    step: float,
    keep: list[tuple[str, str]],
    kinds: dict[str, tuple[str, str]],
) -> tuple[list[dict[str, Any]], int]:
    """Spans as bands across the bars' columns, packed into at most MAX_LANES rows (the
    largest first); returns the bands and how many events the bands left out stand for."""
    placed: list[dict[str, Any]] = []
    lanes: list[list[tuple[int, int]]] = []
    hidden = 0
    for span in sorted(spans.values(), key=lambda s: (-s.total, s.first, s.last)):
        start = period(max(_index(span.first), low))
        end = period(min(_index(span.last), high))
        columns = [slot[p] for p in range(start, end + 1) if p in slot]
        if not columns:
            hidden += span.total
            continue
        left, right = min(columns), max(columns)
        lane = next(
            (i for i, used in enumerate(lanes) if all(right < a or left > b for a, b in used)),
            len(lanes) if len(lanes) < MAX_LANES else None,
        )
        if lane is None:
            hidden += span.total
            continue
        if lane == len(lanes):
            lanes.append([])
        lanes[lane].append((left, right))
        date_from, date_to = _partial(span.first, span.last)
        label = span_label(span.first, span.last)
        words = "; ".join(f"{kinds[slug][0]} {n}" for slug, n in sorted(span.kinds.items()))
        placed.append(
            {
                "x": round(left * step + GAP / 2, 2),
                "width": round((right - left + 1) * step - GAP, 2),
                "y": lane * LANE + 1,
                "lane": lane,
                "label": label,
                "total": span.total,
                "kinds": words,
                "colour": kinds[max(span.kinds, key=lambda k: span.kinds[k])][1],
                "href": "?" + urlencode([*keep, ("date_from", date_from), ("date_to", date_to)]),
            }
        )
    return placed, hidden


def _nice_top(tallest: int) -> int:
    """The scale's top: the tallest bar rounded up to 1, 2 or 5 times a power of ten."""
    if tallest <= 4:
        return max(tallest, 1)
    power = 1
    while True:
        for mantissa in (1, 2, 5):
            if mantissa * power >= tallest:
                return mantissa * power
        power *= 10


def _ticks(top: int) -> list[int]:
    """0, the middle (when it is whole) and the top of the scale."""
    middle = [top // 2] if top % 2 == 0 and top >= 2 else []
    return [0, *middle, top]


def _axis(numbers: list[int], by_year: bool) -> list[dict[str, Any]]:
    """Labels under the bars, as a share of the chart's width: every period when there are
    few, else each year's first month (months) or every 5th, 10th … year (years)."""
    count = len(numbers)
    marks = []
    for i, number in enumerate(numbers):
        if by_year:
            every = next(e for e in (1, 2, 5, 10, 20, 50, 100) if count / e <= 12)
            text = str(number) if number % every == 0 or count <= 12 else ""
        elif count <= 12:  # months: the first with its year, then every month (up to 6)
            month = _month_of(number)  # or every third, and each January with its year
            shown = count <= 6 or month.month % 3 == 1 or i == 0
            text = month.strftime("%b %Y" if month.month == 1 or i == 0 else "%b") if shown else ""
        else:
            month = _month_of(number)
            text = str(month.year) if month.month == 1 or i == 0 else ""
        if text:
            marks.append({"text": text, "left": round(100 * (i + 0.5) / count, 2)})
    return marks
