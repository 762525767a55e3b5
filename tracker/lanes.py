"""The view's events as horizontal lanes, one per kind, drawn on the server as SVG and zoomed
by links: years (a cell per month, shaded by its count), one year (each event), one month
(each event, by day).

Events are drawn as honestly as they are known: an event known to the day is a dot on its
day; one known only to the month or the year, or lasting several days, is a lighter bar
across the whole span it may be in. Nothing is placed on a made-up day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from tracker.choices import DatePrecision
from tracker.dates import PartialDate, PartialDateError, format_span
from tracker.models import Event, EventKind

SCALES = ("years", "year", "month")
WIDTH = 960
LABEL = 170  # room for the lanes' names, left of the drawing
LANE = 28
AXIS = 22
MAX_EVENTS = 800  # events drawn one by one in a window (the rest are counted, not drawn)
YEARS_SHOWN = 10
FIRST_YEAR = 1000  # the first year a partial date can name
# Parameters of the lanes page itself (the rest are the view's filters).
OWN = ("scale", "at")


@dataclass(frozen=True)
class Window:
    scale: str
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def x(self, day: date) -> float:
        """The left edge of ``day`` in the drawing."""
        return LABEL + (WIDTH - LABEL) * (day - self.first).days / self.days

    def label(self) -> str:
        if self.scale == "years":
            return f"{self.first.year}–{self.last.year}"
        if self.scale == "year":
            return str(self.first.year)
        return self.first.strftime("%B %Y")


def window(scale: str, at: str, events: QuerySet[Event]) -> Window:
    """The window a scale and a partial date ask for; without a date, the latest events'."""
    scale = scale if scale in SCALES else "years"
    anchor: date | None = None
    if at:
        try:
            anchor = PartialDate.parse(at).first_day
        except PartialDateError:
            anchor = None
    if anchor is None:
        latest = events.order_by("-span_start").values_list("span_start", flat=True).first()
        anchor = latest or timezone.localdate()
    if scale == "years":
        last_year = max(anchor.year, FIRST_YEAR + YEARS_SHOWN - 1)
        return Window(scale, date(last_year - YEARS_SHOWN + 1, 1, 1), date(last_year, 12, 31))
    if scale == "year":
        return Window(scale, date(anchor.year, 1, 1), date(anchor.year, 12, 31))
    end = calendar.monthrange(anchor.year, anchor.month)[1]
    return Window(scale, anchor.replace(day=1), anchor.replace(day=end))


def _link(params: QueryDict, **own: str) -> str:
    pairs = [(k, v) for k, values in params.lists() if k not in OWN for v in values]
    return "?" + urlencode([*pairs, *own.items()])


def _shift(win: Window, steps: int) -> str:
    """The partial date of the window ``steps`` windows away."""
    if win.scale == "years":
        return str(win.last.year + steps * YEARS_SHOWN)
    if win.scale == "year":
        return str(win.first.year + steps)
    index = win.first.year * 12 + win.first.month - 1 + steps
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def draw(
    events: QuerySet[Event], params: QueryDict, monthly: list[dict[str, Any]]
) -> dict[str, Any]:
    """The lanes of ``events`` (the view's, filtered) in the window ``params`` ask for;
    ``monthly``: their counts by months and kind (selectors.summary), for the years."""
    win = window(params.get("scale", ""), params.get("at", ""), events)
    inside = events.order_by().overlapping(win.first, win.last)  # type: ignore[attr-defined]
    kinds = list(EventKind.objects.order_by("position", "name"))
    lanes: list[dict[str, Any]] = []
    hidden = 0
    if win.scale == "years":
        body = _month_cells(monthly, win, params, kinds)
    else:
        body, hidden = _marks(inside, win, kinds)
    used = [k for k in kinds if body.get(k.pk)]
    for i, kind in enumerate(used):
        lanes.append({"kind": kind, "y": AXIS + i * LANE, "items": body[kind.pk]})
    height = AXIS + max(len(used), 1) * LANE + 4
    zoom_out = {"years": None, "year": "years", "month": "year"}[win.scale]
    valid_steps = [s for s in (-1, 1) if _in_range(win, s)]
    return {
        "window": win,
        "lanes": lanes,
        "hidden": hidden,
        "width": WIDTH,
        "height": height,
        "label_width": LABEL,
        "ticks": _ticks(win, params),
        "earlier": _link(params, scale=win.scale, at=_shift(win, -1)) if -1 in valid_steps else "",
        "later": _link(params, scale=win.scale, at=_shift(win, 1)) if 1 in valid_steps else "",
        "zoom_out": _link(params, scale=zoom_out, at=str(win.first.year)) if zoom_out else "",
        "scale_links": [
            (name, _link(params, scale=name, at=win.first.strftime("%Y-%m")), name == win.scale)
            for name in SCALES
        ],
    }


def _in_range(win: Window, steps: int) -> bool:
    """Whether the window ``steps`` away holds only years the record can date."""
    year = int(_shift(win, steps).split("-")[0])
    first = year - YEARS_SHOWN + 1 if win.scale == "years" else year
    return first >= FIRST_YEAR and year <= 9999


def _month_cells(
    monthly: list[dict[str, Any]], win: Window, params: QueryDict, kinds: list[EventKind]
) -> dict[int, list[dict[str, Any]]]:
    """Years: per kind, a cell per month shaded by the events known to lie within it, and a
    lighter band across the months of those known only to a longer span (a year) or
    lasting across months. ``monthly``: the view's counts by first month, last month and
    kind (selectors.summary)."""
    by_slug = {k.slug: k.pk for k in kinds}
    inside = [r for r in monthly if r["month"] <= win.last and _month_end(r["last"]) >= win.first]
    top = max((r["n"] for r in inside if r["month"] == r["last"]), default=1)
    out: dict[int, list[dict[str, Any]]] = {}
    for r in inside:
        first, last, n = r["month"], r["last"], r["n"]
        x1 = win.x(max(first, win.first))
        x2 = win.x(min(_month_end(last), win.last) + timedelta(days=1))
        events = f"{n} event{'s' if n != 1 else ''}"
        if first == last:
            item = {
                "shape": "cell",
                "opacity": round(0.25 + 0.75 * n / top, 2),
                "label": f"{r['name']}, {first:%b %Y}: {events}",
                "href": _link(params, scale="year", at=f"{first:%Y-%m}"),
            }
        else:
            span = PartialDate.from_date(first, DatePrecision.MONTH).display()
            span += " – " + PartialDate.from_date(last, DatePrecision.MONTH).display()
            item = {
                "shape": "band",
                "label": f"{r['name']}, {span}: {events} known only to this span"
                " or lasting across it",
                "href": _link(params, scale="year", at=str(max(first, win.first).year)),
            }
        item |= {"x": round(x1, 1), "width": round(max(x2 - x1 - 0.5, 1), 1)}
        out.setdefault(by_slug[r["slug"]], []).append(item)
    for items in out.values():  # bands under cells, the longest first
        items.sort(key=lambda i: (i["shape"] != "band", -i["width"]))
    return out


def _month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _marks(
    events: QuerySet[Event], win: Window, kinds: list[EventKind]
) -> tuple[dict[int, list[dict[str, Any]]], int]:
    """One year or one month: each event, a dot on its day or a bar across its span."""
    total = events.count()
    rows = events.order_by("span_start", "id").values_list(
        "pk", "title", "kind_id", "span_start", "span_end", "start", "start_precision", "end",
        "end_precision",
    )[:MAX_EVENTS]  # fmt: skip
    out: dict[int, list[dict[str, Any]]] = {}
    stacks: dict[int, list[float]] = {}  # per lane, the right end of each row of bars
    for pk, title, kind_id, first, last, start, precision, end, end_precision in rows:
        known = precision == DatePrecision.DAY and (not end_precision or end_precision == "day")
        shown = format_span(
            PartialDate.from_date(start, precision),
            PartialDate.from_date(end, end_precision) if end else None,
        )
        x1 = win.x(max(first, win.first))
        x2 = win.x(min(last, win.last) + timedelta(days=1))
        item: dict[str, Any] = {"title": title, "when": shown, "href": f"/events/{pk}/"}
        if first == last and known:
            item |= {"shape": "dot", "x": round((x1 + x2) / 2, 1)}
        else:
            rows_used = stacks.setdefault(kind_id, [])
            row = next((i for i, end in enumerate(rows_used) if end <= x1), None)
            if row is None:
                row = len(rows_used)
                rows_used.append(0.0)
            rows_used[row] = x2
            item |= {
                "shape": "bar",
                "x": round(x1, 1),
                "width": round(max(x2 - x1, 2), 1),
                "dy": 19 - 5 * min(row, 3),  # rows of bars upward from the lane's foot
                "partial": not known,
            }
        out.setdefault(kind_id, []).append(item)
    return out, max(total - MAX_EVENTS, 0)


def _ticks(win: Window, params: QueryDict) -> list[dict[str, Any]]:
    """The axis: years (each a link to that year), months (each a link to that month) or
    days (every day, labelled every few)."""
    ticks = []
    if win.scale == "years":
        for year in range(win.first.year, win.last.year + 1):
            ticks.append(
                {
                    "x": round(win.x(date(year, 1, 1)), 1),
                    "text": str(year),
                    "href": _link(params, scale="year", at=str(year)),
                    "aria": f"{year}: zoom to this year",
                }
            )
    elif win.scale == "year":
        for month in range(1, 13):
            day = date(win.first.year, month, 1)
            ticks.append(
                {
                    "x": round(win.x(day), 1),
                    "text": day.strftime("%b"),
                    "href": _link(params, scale="month", at=day.strftime("%Y-%m")),
                    "aria": f"{day:%b}: zoom to {day:%B %Y}",
                }
            )
    else:
        for offset in range(win.days):
            day = win.first + timedelta(days=offset)
            if day.day in (1, 5, 10, 15, 20, 25) or offset == win.days - 1:
                ticks.append(
                    {"x": round(win.x(day), 1), "text": str(day.day), "href": "", "aria": ""}
                )
    return ticks
