"""The public web pages: the timeline and the event, actor, country, country-pair and topic
pages. Each is the timeline over a base set of events, narrowed by the same filters as the
API (tracker.filters.EventFilter), so a URL is a shareable, bookmarkable view."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from . import charts, exports, search, selectors, stamps
from .choices import EventStatus
from .filters import EventFilter, topics_below
from .forms import HOURS
from .middleware import URL_CONTROL
from .models import Actor, Country, Event, EventKind, Subscription, Topic
from .pagination import CursorError, keyset_page
from .permissions import private_refusal

PAGE_SIZE = 30
UPCOMING_DAYS = 30


def _public(view: Any) -> Any:
    """Anyone may read when TRACKER_PUBLIC is on; otherwise users with the view permission
    (as in the API)."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = private_refusal(request)
        if refused is not None:
            return refused
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return require_GET(wrapped)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the API docs)."""
    return redirect(static("tracker/icon.svg"), permanent=True)  # resolved per request


def _query_without(request: HttpRequest, *names: str) -> str:
    pairs = [(k, v) for k, values in request.GET.lists() if k not in names for v in values]
    return urlencode(pairs)


def _heading(event: Event) -> str:
    if event.start_precision == "year":
        return str(event.span_start.year)
    return event.span_start.strftime("%B %Y")


def _cards(
    request: HttpRequest, events: QuerySet[Event], text: str, searching: bool
) -> dict[str, Any]:
    """One page of event cards (and the link to the next) as HTML."""
    notice = ""
    try:
        page = keyset_page(events, request.GET.get("cursor"), PAGE_SIZE)
    except CursorError as exc:
        notice = str(exc)
        page = keyset_page(events, None, PAGE_SIZE)
    highlights = search.highlights([e.pk for e in page.rows], text)
    previous_heading = request.GET.get("h", "")
    for event in page.rows:
        heading = "" if searching else _heading(event)
        event.highlight = highlights.get(event.pk, "")
        event.heading = heading
        event.show_heading = bool(heading) and heading != previous_heading
        previous_heading = heading
    base_query = _query_without(request, "cursor", "h")
    more_url = None
    if page.next_cursor:
        last = page.rows[-1].heading if page.rows else ""
        params = urlencode({"cursor": page.next_cursor, "h": last})
        more_url = f"?{base_query}&{params}" if base_query else f"?{params}"
    context = {"events": page.rows, "more_url": more_url}
    return {
        "cards": str(render_to_string("tracker/_page.html", context, request)),
        "has_events": bool(page.rows),
        "notice": notice,
        "first_page_url": f"?{base_query}" if page.has_previous else None,
    }


def _summary(request: HttpRequest, events: QuerySet[Event]) -> tuple[dict[str, Any], str]:
    """Facet counts and the activity chart (as HTML) over every matching event."""
    monthly = selectors.monthly_counts(events)
    chart = charts.activity(events, request, monthly)
    html = render_to_string("tracker/_chart.html", {"chart": chart}, request) if chart else ""
    return selectors.facets(events, monthly), str(html)


def _upcoming(events: QuerySet[Event], today: date) -> list[Event]:
    """Scheduled events under way or starting in the next UPCOMING_DAYS, soonest first.

    Found through the index of scheduled events by end date, then ordered here: asked for
    in start order with a limit, the planner walks every past scheduled event instead."""
    found = events.filter(
        status=EventStatus.SCHEDULED,
        span_end__gte=today,
        span_start__lte=today + timedelta(days=UPCOMING_DAYS),
    ).order_by()
    first = sorted(found.values_list("span_start", "pk"))[:5]
    rows = events.prefetch_related(None).in_bulk([pk for _, pk in first])
    return [rows[pk] for _, pk in first if pk in rows]


def timeline_response(
    request: HttpRequest,
    base: QuerySet[Event],
    *,
    template: str = "tracker/timeline.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The timeline over ``base``: filters, chart, facets, one page, and htmx pages after."""
    if any(v.strip() == "" for _, values in request.GET.lists() for v in values):
        # The filter form sends every field; keep shared URLs to the filters in use.
        pairs = [(k, v) for k, vs in request.GET.lists() for v in vs if v.strip()]
        return redirect(f"{request.path}?{urlencode(pairs)}" if pairs else request.path)
    filterset = EventFilter(request.GET or None, queryset=base.with_details())  # type: ignore[attr-defined]
    valid = filterset.is_bound is False or filterset.is_valid()
    events = filterset.qs if valid else base.none()
    text = (filterset.form.cleaned_data.get("q") or "") if valid and filterset.is_bound else ""
    searching = bool(search.parse(text).clauses)
    broad = searching and not search.is_ranked(events)  # too many matches to rank
    searching = searching and not broad
    # The cards of this page, rendered once per URL until the events change.
    token = stamps.current()
    page = stamps.cached(
        ("cards", request.get_full_path()),
        lambda: _cards(request, events, text, searching),
        token,
    )
    if request.htmx and request.GET.get("cursor"):  # type: ignore[attr-defined]
        return HttpResponse(page["cards"])
    base_query = _query_without(request, "cursor", "h")
    chart = ""
    if valid:
        # Counts and the chart cover every matching event: cached until the events change.
        key = ("timeline", request.path, base_query)
        facets, chart = stamps.cached(key, lambda: _summary(request, events), token)
    else:
        facets = selectors.empty_facets()
    upcoming: list[Event] = []
    if not request.GET.get("cursor"):
        upcoming = _upcoming(events, timezone.localdate())
    data = {
        "cards": mark_safe(page["cards"]),  # noqa: S308  # rendered by _page.html, escaped there
        "has_events": page["has_events"],
        "notice": page["notice"],
        "first_page_url": page["first_page_url"],
        "searching": searching,
        "broad_search": broad,
    }
    data.update(
        {
            "filterset": filterset,
            "errors": filterset.errors if filterset.is_bound and not valid else {},
            "facets": facets,
            "panel": _panel(request, facets),
            "chart": mark_safe(chart),  # noqa: S308  # rendered by _chart.html, escaped there
            "upcoming": upcoming,
            "query": base_query,
            "query_nodates": _query_without(request, "cursor", "h", "date_from", "date_to"),
            "weekdays": Subscription.Weekday.choices,
            "hours": HOURS,
            **(context or {}),
        }
    )
    return render(request, template, data)


def _panel(request: HttpRequest, facets: dict[str, Any]) -> dict[str, Any]:
    """Options for the filter panel: facet counts, with chosen values kept even at zero."""
    chosen = {name: request.GET.getlist(name) for name in ("country", "kind", "topic", "status")}

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


@_public
def timeline(request: HttpRequest) -> HttpResponse:
    """Everything in the record, newest first (or most relevant first when searching)."""
    return timeline_response(request, Event.objects.all(), context={"page_title": "Timeline"})


@_public
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.with_details().select_related("created_by"), pk=pk)
    last_change = event.history.select_related("history_user").first()
    related = list(
        Event.objects.filter(related__id=event.pk).select_related("kind").order_by("-span_start")
    )
    return render(
        request,
        "tracker/event_detail.html",
        {
            "event": event,
            "related_events": related,
            "last_change": last_change,
            "can_edit": request.user.has_perm("tracker.change_event"),
            "back": safe_back(request, request.GET.get("back", "")),
        },
    )


def safe_back(request: HttpRequest, path: str) -> str:
    """A path on this site to return to, or "" (never another site). Browsers drop tabs
    and line breaks from links and read a backslash as a slash, so "/\\t/evil.example"
    would lead away: such paths are refused, and the rest must pass Django's own check."""
    if (
        not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or URL_CONTROL.search(path)
        or not url_has_allowed_host_and_scheme(
            path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return ""
    return path


@_public
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.with_details(), pk=pk)
    response = HttpResponse(exports.to_ics([event]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@_public
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor.objects.select_related("country"), slug=slug)
    base = Event.objects.filter(participations__actor=actor).distinct()
    return timeline_response(
        request,
        base,
        template="tracker/actor.html",
        context={
            "actor": actor,
            "titles": selectors.titles_held(actor),
            "page_title": actor.name,
        },
    )


@_public
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    base = Event.objects.for_country(country.code)
    return timeline_response(
        request,
        base,
        template="tracker/country.html",
        context={
            "country": country,
            "partners": selectors.partners(country.code),
            "page_title": country.name,
        },
    )


@_public
def country_pair(request: HttpRequest, first: str, second: str) -> HttpResponse:
    a = get_object_or_404(Country, code=first.upper())
    b = get_object_or_404(Country, code=second.upper())
    if a == b:
        raise Http404("A country pair needs two different countries.")
    base = Event.objects.for_country(a.code, b.code)
    return timeline_response(
        request,
        base,
        template="tracker/pair.html",
        context={
            "pair": (a, b),
            "by_year": selectors.kinds_by_year(base),
            "page_title": f"{a.name} and {b.name}",
        },
    )


@_public
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.select_related("parent"), slug=slug)
    links = Event.topics.through.objects.filter(topic_id__in=topics_below([topic.pk]))
    base = Event.objects.filter(pk__in=links.values("event_id"))
    return timeline_response(
        request,
        base,
        template="tracker/topic.html",
        context={
            "topic": topic,
            "subtopics": list(topic.children.order_by("name")),
            "page_title": topic.name,
        },
    )


@_public
def actor_suggestions(request: HttpRequest) -> HttpResponse:
    """<option>s for the actor box's datalist (htmx), closest names first."""
    text = request.GET.get("actor", "")[:200].replace("\x00", "")
    actors = list(selectors.find_actors(text)[:10]) if text.strip() else []
    return render(request, "tracker/_actor_options.html", {"actors": actors})


# Feeds and exports of any view -----------------------------------------------------------

EXPORT_LIMIT = 5000


def _view_events(request: HttpRequest) -> list[Event]:
    filterset = EventFilter(request.GET or None, queryset=Event.objects.with_details())
    if filterset.is_bound and not filterset.is_valid():
        raise Http404("Those filters are not valid.")
    return list(filterset.qs.order_by("-span_start", "-id")[:EXPORT_LIMIT])


@_public
def calendar_ics(request: HttpRequest) -> HttpResponse:
    """The view as a calendar (all-day entries; month and year precision span their month
    or year and say so in the description)."""
    response = HttpResponse(exports.to_ics(_view_events(request)), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="engagements.ics"'
    return response


@_public
def timeline_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(exports.to_timelinejs(_view_events(request)))


@_public
def events_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(exports.to_csv(_view_events(request)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="engagements.csv"'
    return response


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _printable(text: str) -> str:
    """XML cannot carry control characters; drop them from feed text."""
    return CONTROL.sub("", text)


class PlainTextAtomFeed(Atom1Feed):
    """Atom with summaries marked as what they are: plain text (Django marks them HTML,
    and feed readers would then run markup typed into a summary)."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description"):
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class EventsFeed(Feed):
    """Atom feed of any timeline view: the newest 50 events."""

    feed_type = PlainTextAtomFeed
    title = "Engagement tracker"
    subtitle = "Dated engagements between countries"
    # Atom requires an author; the record's entries are the tracker's, not one editor's.
    author_name = item_author_name = "Engagement tracker"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = private_refusal(request)
        if refused is not None:
            return refused
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def link(self) -> str:
        return reverse("tracker:timeline") + self._query()

    def feed_url(self) -> str:
        """rel="self": this feed with its filters, so readers subscribe to the same view."""
        return reverse("tracker:feed") + self._query()

    def _query(self) -> str:
        query = self.request.GET.urlencode()
        return f"?{query}" if query else ""

    def items(self) -> list[Event]:
        return _view_events(self.request)[:50]

    def item_title(self, item: Event) -> str:
        return _printable(f"{item.display_date}: {item.title}")

    def item_description(self, item: Event) -> str:
        return _printable(item.summary)

    def item_link(self, item: Event) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Event) -> str:
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Event) -> Any:
        return item.created

    def item_updateddate(self, item: Event) -> Any:
        return item.updated

    def item_categories(self, item: Event) -> list[str]:
        return [item.kind.name, *[c.name for c in item.countries.all()]]
