"""Feeds and exports of any timeline view (the same query string): Atom, iCalendar,
TimelineJS JSON and CSV; and one event as an iCalendar file."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from tracker.filters import EventFilter
from tracker.interchange import csv, ics, timelinejs
from tracker.interchange.atom import PlainTextAtomFeed, printable
from tracker.models import Event
from tracker.permissions import private_refusal, readers_only

EXPORT_LIMIT = 5000


def _view_events(request: HttpRequest) -> list[Event]:
    filterset = EventFilter(request.GET or None, queryset=Event.objects.with_details())
    if filterset.is_bound and not filterset.is_valid():
        raise Http404("Those filters are not valid.")
    return list(filterset.qs.order_by("-span_start", "-id")[:EXPORT_LIMIT])


@readers_only
def calendar_ics(request: HttpRequest) -> HttpResponse:
    """The view as a calendar (all-day entries; month and year precision span their month
    or year and say so in the description)."""
    response = HttpResponse(ics.to_ics(_view_events(request)), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="engagements.ics"'
    return response


@readers_only
def timeline_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(timelinejs.to_timelinejs(_view_events(request)))


@readers_only
def events_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(csv.to_csv(_view_events(request)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="engagements.csv"'
    return response


@readers_only
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.with_details(), pk=pk)
    response = HttpResponse(ics.to_ics([event]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


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
        return printable(f"{item.display_date}: {item.title}")

    def item_description(self, item: Event) -> str:
        return printable(item.summary)

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
