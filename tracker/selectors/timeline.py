"""A view of the record as the timeline shows it: the events the filters select (and how a
search orders them), one page of them with month headings, the scheduled events coming
up, and the options of the filter panel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from tracker import search
from tracker.choices import DatePrecision, EventStatus
from tracker.filters import EventFilter
from tracker.models import Country, Event, EventKind, Topic
from tracker.pagination import CursorError, keyset_page

UPCOMING_DAYS = 30
PANEL_FILTERS = ("country", "kind", "topic", "status")


@dataclass
class View:
    """The events a query string selects from ``base`` (none when it is not valid)."""

    filterset: EventFilter
    events: QuerySet[Event]
    valid: bool
    text: str = ""  # the search words
    ranked: bool = False  # searching, in order of relevance
    broad: bool = False  # searching, but too many matches to rank: newest first

    @property
    def errors(self) -> dict[str, Any]:
        return dict(self.filterset.errors) if self.filterset.is_bound and not self.valid else {}


def view(base: QuerySet[Event], params: QueryDict) -> View:
    filterset = EventFilter(params or None, queryset=base.with_details())  # type: ignore[attr-defined]
    valid = filterset.is_bound is False or filterset.is_valid()
    if not valid:
        return View(filterset, base.none(), valid=False)
    events = filterset.qs
    text = (filterset.form.cleaned_data.get("q") or "") if filterset.is_bound else ""
    searching = bool(search.parse(text).clauses)
    broad = searching and not search.is_ranked(events)
    return View(filterset, events, True, text, ranked=searching and not broad, broad=broad)


def heading(event: Event) -> str:
    """The month (or, for events known to the year, the year) the timeline files it under."""
    if event.start_precision == DatePrecision.YEAR:
        return str(event.span_start.year)
    return event.span_start.strftime("%B %Y")


@dataclass
class Page:
    """One page of events, each with ``heading``, ``show_heading`` and ``highlight``."""

    rows: list[Event] = field(default_factory=list)
    next_cursor: str | None = None
    has_previous: bool = False
    notice: str = ""  # why the cursor given was not used

    @property
    def last_heading(self) -> str:
        return getattr(self.rows[-1], "heading", "") if self.rows else ""


def page(selected: View, cursor: str | None, size: int, previous_heading: str = "") -> Page:
    """A page of the view after ``cursor``; headings only where the month changes (the
    page before ended under ``previous_heading``). Searches ranked by relevance have no
    headings, and their matches are highlighted. The events come with their kind only:
    what is attached is read for the cards not kept (``tracker.web.views.cards``)."""
    notice = ""
    events = selected.events.prefetch_related(None)  # cards kept are not read again
    try:
        found = keyset_page(events, cursor, size)
    except CursorError as exc:
        notice = str(exc)
        found = keyset_page(events, None, size)
    highlights = search.highlights([e.pk for e in found.rows], selected.text)
    for event in found.rows:
        event.heading = "" if selected.ranked else heading(event)
        event.highlight = highlights.get(event.pk, "")
        event.show_heading = bool(event.heading) and event.heading != previous_heading
        previous_heading = event.heading
    return Page(found.rows, found.next_cursor, found.has_previous, notice)


def upcoming(events: QuerySet[Event], today: date, limit: int = 5) -> list[Event]:
    """Scheduled events under way or starting in the next UPCOMING_DAYS, soonest first.

    Found through the index of scheduled events by end date, then ordered here: asked for
    in start order with a limit, the planner walks every past scheduled event instead."""
    found = events.filter(
        status=EventStatus.SCHEDULED,
        span_end__gte=today,
        span_start__lte=today + timedelta(days=UPCOMING_DAYS),
    ).order_by()
    first = sorted(found.values_list("span_start", "pk"))[:limit]
    rows = events.prefetch_related(None).in_bulk([pk for _, pk in first])
    return [rows[pk] for _, pk in first if pk in rows]


def panel(params: QueryDict, facets: dict[str, Any], *, counted: bool = True) -> dict[str, Any]:
    """Options for the filter panel: facet counts, with chosen values kept even at zero.
    ``counted=False``: the facets are not the view's (its counts come later), so the
    options carry no counts."""
    options = _panel(params, facets)
    if not counted:
        for rows in options.values():
            for row in rows:
                row.pop("count", None)
    return options


def _panel(params: QueryDict, facets: dict[str, Any]) -> dict[str, Any]:
    chosen = {name: params.getlist(name) for name in PANEL_FILTERS}

    def options(name: str, items: list[dict[str, Any]], extra: dict[str, str]) -> list[Any]:
        values = {str(i["value"]).upper() if name == "country" else str(i["value"]) for i in items}
        rows = [{**i, "checked": _is_chosen(name, str(i["value"]), chosen[name])} for i in items]
        for value in chosen[name]:
            key = value.upper() if name == "country" else value
            if key not in values:
                rows.append(
                    {"value": key, "label": extra.get(key, key), "count": 0, "checked": True}
                )
        return rows

    codes = [c.upper() for c in chosen["country"]]
    countries = dict(Country.objects.filter(code__in=codes).values_list("code", "name"))
    kinds = {k.slug: k.name for k in EventKind.objects.all()}
    topics = dict(Topic.objects.filter(slug__in=chosen["topic"]).values_list("slug", "name"))
    kind_counts = {k["value"]: k["count"] for k in facets["kind"]}
    return {
        "country": options("country", facets["country"], countries),
        "kind": [
            {
                "value": slug,
                "label": name,
                "count": kind_counts.get(slug, 0),
                "checked": slug in chosen["kind"],
            }
            for slug, name in kinds.items()
        ],
        "topic": options("topic", facets["topic"], topics),
        "status": [
            {"value": value, "label": label, "checked": value in chosen["status"]}
            for value, label in EventStatus.choices
        ],
    }


def _is_chosen(name: str, value: str, chosen: list[str]) -> bool:
    if name == "country":
        return value.upper() in {c.upper() for c in chosen}
    return value in chosen
