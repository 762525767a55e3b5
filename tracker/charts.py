"""Server-drawn SVG: events per month (or per year over long ranges), stacked by kind."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest

WIDTH, HEIGHT, GAP = 720, 120, 2
MAX_MONTH_BARS = 72
MAX_YEAR_BARS = 150


def activity(monthly: list[dict[str, Any]], request: HttpRequest) -> dict[str, Any] | None:
    """Bars for the chart above the timeline; each bar links to the same view narrowed to
    its month (or year). ``monthly``: the view's selectors.summary(…).monthly."""
    counts: dict[date, dict[str, int]] = {}
    kinds: dict[str, tuple[str, str]] = {}
    for r in monthly:
        counts.setdefault(r["month"], {})[r["slug"]] = r["n"]
        kinds[r["slug"]] = (r["name"], r["colour"])
    if not counts:
        return None
    first, last = min(counts), max(counts)
    by_year = (last.year - first.year) * 12 + last.month - first.month + 1 > MAX_MONTH_BARS
    periods: list[tuple[str, str, dict[str, int]]] = []  # (label, partial date, counts)
    if by_year:
        years: dict[int, dict[str, int]] = {}
        for month, per_kind in counts.items():
            bucket = years.setdefault(month.year, {})
            for slug, n in per_kind.items():
                bucket[slug] = bucket.get(slug, 0) + n
        # Every year of the range, unless it spans centuries: then the years with events.
        every = last.year - first.year + 1 <= MAX_YEAR_BARS
        for year in range(first.year, last.year + 1) if every else sorted(years):
            periods.append((str(year), str(year), years.get(year, {})))
    else:
        # Counted by index, not by adding a month to a date: the month after December 9999
        # is no date.
        start = first.year * 12 + first.month - 1
        for index in range((last.year * 12 + last.month - 1) - start + 1):
            year, month0 = divmod(start + index, 12)
            month = date(year, month0 + 1, 1)
            periods.append(
                (month.strftime("%b %Y"), month.strftime("%Y-%m"), counts.get(month, {}))
            )
    tallest = max(sum(c.values()) for _, _, c in periods) or 1
    slots = max(len(periods), 12)  # a few bars stay bar-shaped: the chart gets narrower
    step = WIDTH / slots
    width = round(step * len(periods), 2)
    dropped = ("date_from", "date_to", "cursor", "h", "part", "counts")  # (not filters)
    keep = [(k, v) for k, values in request.GET.lists() if k not in dropped for v in values]
    bars = []
    for index, (label, partial, per_kind) in enumerate(periods):
        total = sum(per_kind.values())
        y = float(HEIGHT)
        segments = []
        for slug, (name, colour) in sorted(kinds.items(), key=lambda item: item[1][0]):
            n = per_kind.get(slug, 0)
            if not n:
                continue
            height = HEIGHT * n / tallest
            y -= height
            segments.append(
                {
                    "y": round(y, 2),
                    "height": round(height, 2),
                    "colour": colour,
                    "name": name,
                    "count": n,
                }
            )
        bars.append(
            {
                "x": round(index * step + GAP / 2, 2),
                "width": round(max(step - GAP, 1), 2),
                "label": label,
                "total": total,
                "segments": segments,
                "href": "?" + urlencode([*keep, ("date_from", partial), ("date_to", partial)]),
            }
        )
    return {
        "bars": bars,
        "width": width,
        "percent": round(100 * len(periods) / slots, 2),
        "height": HEIGHT,
        "unit": "year" if by_year else "month",
        "first": periods[0][0],
        "last": periods[-1][0],
        "tallest": tallest,
        "legend": sorted(kinds.values()),
    }
