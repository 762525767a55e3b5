"""Events as an iCalendar file: all-day entries over each event's span, with an honest
description (an event known only to the month spans the month and says so)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from tracker.choices import DatePrecision, EventStatus
from tracker.models import Event

CALENDAR_STATUS: dict[str, str] = {
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.SCHEDULED: "TENTATIVE",
    EventStatus.POSTPONED: "TENTATIVE",
}


def to_ics(events: Iterable[Event]) -> bytes:
    """All-day calendar entries covering each event's span, with an honest description:
    an event known only to the month spans the month and says so."""
    calendar = Calendar()
    calendar.add("prodid", "-//Engagement tracker//EN")
    calendar.add("version", "2.0")
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"{event.uid}@engagement-tracker")
        entry.add("summary", event.title)
        entry.add("dtstart", event.span_start)
        if event.span_end < date.max:  # DTEND is the day after; 31 Dec 9999 has none
            entry.add("dtend", event.span_end + timedelta(days=1))
        entry.add("dtstamp", event.updated)
        entry.add("last-modified", event.updated)
        precision = (
            ""
            if event.start_precision == DatePrecision.DAY
            else (f" (date known to the {event.start_precision}: {event.display_date})")
        )
        entry.add("description", f"{event.get_status_display()}{precision}. {event.summary}")
        entry.add("url", settings.SITE_URL + reverse("tracker:event", args=[event.pk]))
        entry.add("categories", [event.kind.name])
        entry.add("status", CALENDAR_STATUS.get(event.status, "CONFIRMED"))
        calendar.add_component(entry)
    return calendar.to_ical()
