"""The public web pages: the timeline and the event, actor, country, country-pair and topic
pages. Each is the timeline over a base set of events, narrowed by the same filters as the
API (tracker.filters.EventFilter), so a URL is a shareable, bookmarkable view. The views
parse, call the selectors and render; what is computed from all matching events (the
cards of a page, counts and the chart) is cached until the events change."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from tracker import charts, event_cache, lanes, selectors, stamps
from tracker.choices import LinkKind
from tracker.filters import BoundedDateTimeField, describe, known_pairs, topics_below
from tracker.links import event_links
from tracker.middleware import URL_CONTROL
from tracker.models import Actor, Correction, Country, DeletedEvent, Event, Participation, Topic
from tracker.models.events import details
from tracker.permissions import readers_only
from tracker.selectors import accounts, signals
from tracker.selectors import timeline as reads

PAGE_SIZE = 30
# Views counted from their events (not from the kept counts) that are expected to match
# more events than this show their page first and their counts when they are ready.
COUNT_LATER_ABOVE = 20_000


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the API docs)."""
    return redirect(static("tracker/icon.svg"), permanent=True)  # resolved per request


def _query_without(request: HttpRequest, *names: str) -> str:
    pairs = [(k, v) for k, values in request.GET.lists() if k not in names for v in values]
    return urlencode(pairs)


# Where a kept card's link takes its "back" query (only this code writes it: a title or a
# highlight that held the same characters would have them escaped).
BACK = "<!--back-" + hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest()[:16] + "-->"


def cards(events: list[Event], back: str) -> list[str]:
    """Each event's card as HTML, kept between requests until the event changes
    (tracker.event_cache); ``back``: the query its link ends with."""

    def make(missing: list[Event]) -> dict[int, str]:
        prefetch_related_objects(missing, *details())
        return {
            e.pk: render_to_string("tracker/_event_card.html", {"event": e, "back": BACK})
            for e in missing
        }

    made = event_cache.each("card", events, make, variant=lambda e: getattr(e, "highlight", ""))
    return [made[e.pk].replace(BACK, back) for e in events]


def _cards(request: HttpRequest, selected: reads.View) -> dict[str, Any]:
    """One page of event cards (and the link to the next) as HTML."""
    page = reads.page(selected, request.GET.get("cursor"), PAGE_SIZE, request.GET.get("h", ""))
    base_query = urlencode(known_pairs(request.GET))  # the key this page is cached under
    more_url = None
    if page.next_cursor:
        params = urlencode({"cursor": page.next_cursor, "h": page.last_heading})
        more_url = f"?{base_query}&{params}" if base_query else f"?{params}"
    back = f"?back={quote(request.get_full_path(), safe='/')}" if request.GET else ""
    html = cards(page.rows, back)
    context = {"events": list(zip(page.rows, html, strict=True)), "more_url": more_url}
    return {
        "cards": str(render_to_string("tracker/_page.html", context, request)),
        "has_events": bool(page.rows),
        "notice": page.notice,
        "first_page_url": f"?{base_query}" if page.has_previous else None,
    }


def _queries(request: HttpRequest) -> dict[str, str]:
    """The view's query string (for links), and the same without its dates."""
    return {
        "query": _query_without(request, "cursor", "h", "part", "counts"),
        "query_nodates": _query_without(
            request, "cursor", "h", "part", "counts", "date_from", "date_to"
        ),
    }


def _summary(
    request: HttpRequest, selected: reads.View, shape: selectors.Shape | None
) -> tuple[dict[str, Any], str]:
    """Facet counts and the activity chart (as HTML) over every matching event."""
    found = selectors.summary(selected.events, shape)
    data = selected.filterset.form.cleaned_data if selected.filterset.is_bound else {}
    after, before = data.get("date_from"), data.get("date_to")
    chart = charts.activity(
        found.monthly,
        request,
        after=after.first_day if after else None,
        before=before.last_day if before else None,
    )
    html = render_to_string("tracker/_chart.html", {"chart": chart}, request) if chart else ""
    return found.facets, str(html)


def timeline_response(
    request: HttpRequest,
    base: QuerySet[Event],
    *,
    template: str = "tracker/timeline.html",
    context: dict[str, Any] | None = None,
    scope: selectors.Scope = selectors.EVERY_EVENT,
) -> HttpResponse:
    """The timeline over ``base`` (which ``scope`` describes): filters, chart, facets, one
    page, and htmx pages after."""
    if any(v.strip() == "" for _, values in request.GET.lists() for v in values):
        # The filter form sends every field; keep shared URLs to the filters in use.
        pairs = [(k, v) for k, vs in request.GET.lists() for v in vs if v.strip()]
        return redirect(f"{request.path}?{urlencode(pairs)}" if pairs else request.path)
    named, choices = _actors_by_name(request)
    if named is not None:  # typed names that each name one actor: the URL gets their slugs
        return redirect(f"{request.path}?{urlencode(named)}")
    selected = reads.view(base, request.GET)
    token = stamps.current()
    view_key = (request.path, known_pairs(request.GET))
    shape = selectors.shape_of(selected.filterset, scope) if selected.valid else None

    def summary() -> tuple[dict[str, Any], str]:
        # Counts and the chart cover every matching event: cached until the events change.
        return stamps.cached(
            ("timeline", *view_key), lambda: _summary(request, selected, shape), token
        )

    if request.htmx and request.GET.get("part") == "counts" and selected.valid:  # type: ignore[attr-defined]
        facets, chart = summary()  # what a page that counts later asks for
        counted = {"facets": facets, "panel": reads.panel(request.GET, facets), "chart": chart}
        return render(request, "tracker/_counts.html", {**counted, **_queries(request)})
    # The cards of this page, rendered once per URL until the events change.
    page = stamps.cached(
        ("cards", *view_key, known_pairs(request.GET, "cursor", "h")),
        lambda: _cards(request, selected),
        token,
    )
    if request.htmx and request.GET.get("cursor"):  # type: ignore[attr-defined]
        return HttpResponse(page["cards"])
    chart = ""
    later = (
        selected.valid
        and shape is None
        and not request.GET.get("counts")
        and not stamps.has(("timeline", *view_key), token)
        and selectors.estimated_size(
            selected.events, selectors.countries_of(selected.filterset, scope)
        )
        > COUNT_LATER_ABOVE
    )
    if later:  # the page first; its counts come after (htmx), or with ?counts=1
        facets = {**selectors.facets(Event.objects.all(), selectors.Shape()), "count": None}
    elif selected.valid:
        facets, chart = summary()
    else:
        facets = selectors.empty_facets()
    upcoming: list[Event] = []
    if not request.GET.get("cursor"):
        today = timezone.localdate()
        upcoming = stamps.cached(
            ("upcoming", *view_key, today), lambda: reads.upcoming(selected.events, today), token
        )
    data = {
        "cards": mark_safe(page["cards"]),  # noqa: S308  # rendered by _page.html, escaped there
        "has_events": page["has_events"],
        "notice": page["notice"],
        "first_page_url": page["first_page_url"],
        "searching": selected.ranked,
        "broad_search": selected.broad,
        "filterset": selected.filterset,
        # (a typed name that fits several actors is asked about instead)
        "errors": {k: v for k, v in selected.errors.items() if k != "actor" or not choices},
        "facets": facets,
        "panel": reads.panel(request.GET, facets, counted=not later),
        "chart": mark_safe(chart),  # noqa: S308  # rendered by _chart.html, escaped there
        "counting_later": later,
        "upcoming": upcoming,
        "actor_choices": choices,
        **_queries(request),
        **(context or {}),
    }
    return render(request, template, data)


def _actors_by_name(
    request: HttpRequest,
) -> tuple[list[tuple[str, str]] | None, list[dict[str, Any]]]:
    """The actor filter takes a slug (what a suggestion fills in) or a typed name or alias.
    Returns the query with typed names replaced by slugs when each names one actor (or
    None: nothing to replace), and, for a name that fits several or none exactly, the
    actors it may mean, each with the link that picks it."""
    typed = request.GET.getlist("actor")
    if not typed:
        return None, []
    known = set(Actor.objects.filter(slug__in=typed).values_list("slug", flat=True))
    replaced: dict[str, str] = {}
    choices: list[dict[str, Any]] = []
    for value in typed:
        if value in known or value.isdigit() or URL_CONTROL.search(value):
            continue
        found = list(selectors.find_actors(value[:200])[:8])
        wanted = value.casefold().strip()
        exact = [a for a in found if wanted in {n.casefold() for n in [a.name, *a.aliases]}]
        if len(exact) == 1 or (len(found) == 1 and not exact):
            replaced[value] = (exact or found)[0].slug
        elif found:
            choices.append({"typed": value, "actors": exact or found})
    pairs = [
        (k, replaced.get(v, v) if k == "actor" else v) for k, vs in request.GET.lists() for v in vs
    ]
    for choice in choices:
        choice["links"] = [
            (
                actor,
                "?"
                + urlencode(
                    [
                        (k, actor.slug if k == "actor" and v == choice["typed"] else v)
                        for k, v in pairs
                    ]
                ),
            )
            for actor in choice["actors"]
        ]
    return (pairs if replaced and not choices else None), choices


@readers_only
def timeline(request: HttpRequest) -> HttpResponse:
    """Everything in the record, newest first (or most relevant first when searching)."""
    return timeline_response(request, Event.objects.all(), context={"page_title": "Timeline"})


@readers_only
def lanes_view(request: HttpRequest) -> HttpResponse:
    """The view's events as lanes, one per kind, zoomed from years to days by links."""
    if any(v.strip() == "" for _, values in request.GET.lists() for v in values):
        pairs = [(k, v) for k, vs in request.GET.lists() for v in vs if v.strip()]
        return redirect(f"{request.path}?{urlencode(pairs)}" if pairs else request.path)
    selected = reads.view(Event.objects.all(), request.GET)
    drawn: dict[str, Any] | None = None
    if selected.valid:
        shape = selectors.shape_of(selected.filterset)
        view_key = (request.path, known_pairs(request.GET))
        monthly = stamps.cached(
            ("lanes-months", *view_key),
            lambda: selectors.summary(selected.events, shape).monthly,
        )
        drawn = lanes.draw(selected.events, request.GET, monthly)
    query = _query_without(request, "scale", "at")
    return render(
        request,
        "tracker/lanes.html",
        {
            "drawn": drawn,
            "errors": selected.errors,
            "query": query,
            "view_words": describe(query) or "Every event in the record",
            "page_title": "Lanes",
        },
    )


CHANGES_PAGE = 100


@readers_only
def changes(request: HttpRequest) -> HttpResponse:
    """The change log: corrections of events and deletions, newest first, a page at a time
    (``?before=`` the time the previous page ended at)."""
    before = None
    if request.GET.get("before"):
        try:
            before = BoundedDateTimeField().clean(request.GET["before"])
        except ValidationError as exc:
            return render(
                request, "tracker/changes.html", {"error": " ".join(exc.messages)}, status=400
            )
    corrections = Correction.objects.select_related("event__kind")
    deleted = DeletedEvent.objects.all()
    if before is not None:
        corrections = corrections.filter(made__lt=before)
        deleted = deleted.filter(deleted__lt=before)
    rows: list[dict[str, Any]] = [
        {"when": c.made, "correction": c}
        for c in corrections.order_by("-made", "-id")[:CHANGES_PAGE]
    ] + [
        {"when": d.deleted, "deleted": d}
        for d in deleted.order_by("-deleted", "-id")[:CHANGES_PAGE]
    ]
    rows.sort(key=lambda r: r["when"], reverse=True)
    page = rows[:CHANGES_PAGE]
    older = page[-1]["when"].isoformat() if len(rows) > CHANGES_PAGE else ""
    return render(
        request,
        "tracker/changes.html",
        {
            "rows": page,
            "older": urlencode({"before": older}) if older else "",
            "page_title": "Changes",
        },
    )


@readers_only
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.with_details().select_related("created_by"), pk=pk)
    last_change = event.history.select_related("history_user").first()
    corrections = list(event.corrections.all())
    related = list(
        Event.objects.filter(related__id=event.pk).select_related("kind").order_by("-span_start")
    )
    links = event_links(event)
    return render(
        request,
        "tracker/event_detail.html",
        {
            "event": event,
            "related_events": related,
            "links": links,
            "announced": [link for link in links if link.kind == LinkKind.ANNOUNCES],
            "comparison": accounts.compare(event),
            "last_change": last_change,
            "corrections": corrections,
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


@readers_only
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor.objects.select_related("country"), slug=slug)
    taking_part = Participation.objects.filter(actor=actor).values("event_id")
    base = Event.objects.filter(pk__in=taking_part)  # once each, without sorting for DISTINCT
    return timeline_response(
        request,
        base,
        template="tracker/actor.html",
        context={
            "actor": actor,
            "titles": selectors.titles_held(actor),
            "page_title": actor.name,
        },
        scope=selectors.Scope(counted=False),
    )


@readers_only
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    base = Event.objects.for_country(country.code)
    return timeline_response(
        request,
        base,
        template="tracker/country.html",
        context={
            "country": country,
            "partners": stamps.cached(
                ("partners", country.code), lambda: selectors.partners(country.code)
            ),
            **_signals((country.code,)),
            "page_title": country.name,
        },
        scope=selectors.Scope(countries=(country.code,)),
    )


def _signals(codes: tuple[str, ...]) -> dict[str, Any]:
    """This week's unusual counts for a country's pairs, and how they are found, in words."""
    return {"signals": signals.cached(codes, timezone.localdate()), "signals_how": signals.HOW}


def relations(a: str, b: str) -> dict[str, Any]:
    """What the relations page shows above the pair's timeline."""
    recent = selectors.recent_ids(a, b)
    people = selectors.people_by_side(a, b, recent)
    return {
        "contacts": selectors.last_contacts(a, b, recent),
        "coming": selectors.coming_up(a, b),
        "quarters": selectors.quarterly(a, b),
        "figures": selectors.figure_series(a, b, recent),
        "sides": [side for side in people if side["people"]],
        "signals": signals.unusual((a, b), timezone.localdate()),
        "readouts": accounts.asymmetry(a, b),
    }


@readers_only
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
            "signals_how": signals.HOW,
            "relations": stamps.cached(  # until the events change (or the day does)
                ("pair-relations", a.code, b.code, timezone.localdate().isoformat()),
                lambda: relations(a.code, b.code),
            ),
            "page_title": f"{a.name} and {b.name}",
        },
        scope=selectors.Scope(countries=(a.code, b.code)),
    )


@readers_only
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
        scope=selectors.Scope(topic=topic.pk),
    )


@readers_only
def actor_suggestions(request: HttpRequest) -> HttpResponse:
    """<option>s for the actor box's datalist (htmx), closest names first."""
    text = request.GET.get("actor", "")[:200].replace("\x00", "")
    actors = list(selectors.find_actors(text)[:10]) if text.strip() else []
    return render(request, "tracker/_actor_options.html", {"actors": actors})
