"""Feeds and exports of any timeline view (the same query string): Atom, iCalendar,
TimelineJS JSON and CSV; and one event as an iCalendar file."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from tracker.filters import EventFilter
from tracker.interchange import csv, ics, timelinejs
from tracker.interchange.atom import PlainTextAtomFeed, printable
from tracker.limits import limit_requests
from tracker.models import Event
from tracker.permissions import readers_only

EXPORT_LIMIT = 5000
FEED_LIMIT = 50


def _view_events(request: HttpRequest, limit: int = EXPORT_LIMIT) -> list[Event]:
    filterset = EventFilter(request.GET or None, queryset=Event.objects.with_details())
    if filterset.is_bound and not filterset.is_valid():
        raise Http404("Those filters are not valid.")
    return list(filterset.qs.order_by("-span_start", "-id")[:limit])


def exports(view: Any) -> Any:
    """A feed or export: for whoever may read the record, and at most EXPORT_RATE of them
    per client address (each reads up to EXPORT_LIMIT events)."""
    return limit_requests("EXPORT_RATE")(readers_only(view))


@exports
def calendar_ics(request: HttpRequest) -> HttpResponse:
    """The view as a calendar (all-day entries; month and year precision span their month
    or year and say so in the description)."""
    response = HttpResponse(ics.to_ics(_view_events(request)), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="engagements.ics"'
    return response


@exports
def timeline_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(timelinejs.to_timelinejs(_view_events(request)))


@exports
def events_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(csv.to_csv(_view_events(request)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="engagements.csv"'
    return response


@exports
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.with_details(), pk=pk)
    response = HttpResponse(ics.to_ics([event]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


class EventsFeed(Feed):
    """Atom feed of any timeline view: the newest FEED_LIMIT events."""

    feed_type = PlainTextAtomFeed
    title = "Engagement tracker"
    subtitle = "Dated engagements between countries"
    # Atom requires an author; the record's entries are the tracker's, not one editor's.
    author_name = item_author_name = "Engagement tracker"

    # One instance serves every request (in every thread): the request is passed to each
    # method as the feed's object (get_object), never kept on the instance.

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpRequest:
        return request

    def link(self, request: HttpRequest) -> str:
        return reverse("tracker:timeline") + _query(request)

    def feed_url(self, request: HttpRequest) -> str:
        """rel="self": this feed with its filters, so readers subscribe to the same view."""
        return reverse("tracker:feed") + _query(request)

    def items(self, request: HttpRequest) -> list[Event]:
        events = _view_events(request, FEED_LIMIT)
        prefetch_related_objects(events, "corrections")
        return events

    def item_title(self, item: Event) -> str:
        return printable(f"{item.display_date}: {item.title}")

    def item_description(self, item: Event) -> str:
        """The summary; for a corrected event, what changed (its entry's updated time is
        the correction's, so feed readers show it again)."""
        text = item.summary
        for correction in item.corrections.all():  # newest first
            note = f" {correction.note}" if correction.note else ""
            text += f"\n\nCorrected on {correction.made:%-d %b %Y}: {correction.summary}.{note}"
        return printable(text.strip())

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


def _query(request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return f"?{query}" if query else ""


events_feed = exports(EventsFeed())
