"""Events as TimelineJS's JSON: partial dates become its year/month/day fields (a
month-precise event has no day), kinds become groups."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from tracker.models import Event

from .json import ordered


def to_timelinejs(events: Iterable[Event], title: str = "Engagement tracker") -> dict[str, Any]:
    """TimelineJS's JSON: partial dates become its year/month/day fields (a month-precise
    event has no day), kinds become groups. TimelineJS shows headlines, texts and groups
    as HTML, so they are escaped here: markup in an event stays text on any page that
    embeds the timeline."""

    def when(partial: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"year": partial.year}
        if partial.month:
            out["month"] = partial.month
        if partial.day:
            out["day"] = partial.day
        out["display_date"] = partial.display()
        return out

    slides = []
    for event in ordered(events):
        slide: dict[str, Any] = {
            "unique_id": f"event-{event.uid}",
            "start_date": when(event.start_date),
            "text": {"headline": escape(event.title), "text": escape(event.summary)},
            "group": escape(event.kind.name),
            "display_date": escape(event.display_date),
        }
        if event.end_date:
            slide["end_date"] = when(event.end_date)
        slides.append(slide)
    return {"title": {"text": {"headline": escape(title), "text": ""}}, "events": slides}
