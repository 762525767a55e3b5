"""Corrections: what changed in what readers were told of an event already in the record.

The services take a snapshot of an event's watched parts before a change and record the
differences after it (tracker.services.events). The event page, the Atom feed, the
weekly digest and the change log (/changes/) show them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from tracker.models import Correction, Event, EventCountry, Figure, Participation

# What a correction is about: the parts readers rely on (not wording, tags or sources).
WATCHED = [
    ("date", "Date"),
    ("kind", "Kind"),
    ("status", "Status"),
    ("countries", "Countries"),
    ("participants", "Participants"),
    ("figures", "Figures"),
]


def snapshot(event_id: int) -> dict[str, str]:
    """The watched parts of an event as readers see them (four queries)."""
    event = Event.objects.select_related("kind").get(pk=event_id)
    countries = EventCountry.objects.filter(event_id=event_id).values_list(
        "country__name", flat=True
    )
    people = Participation.objects.filter(event_id=event_id).select_related("actor")
    figures = Figure.objects.filter(event_id=event_id)
    return {
        "date": event.display_date,
        "kind": event.kind.name,
        "status": event.get_status_display(),
        "countries": ", ".join(sorted(countries)),
        "participants": "; ".join(
            sorted(
                p.actor.name + (f" ({p.title_at_time})" if p.title_at_time else "") for p in people
            )
        ),
        "figures": "; ".join(sorted(_figure(f) for f in figures)),
    }


def _figure(figure: Figure) -> str:
    period = f" ({figure.display_period})" if figure.display_period else ""
    return f"{figure.label}: {figure.display_value}{period}"


def record(event_id: int, before: dict[str, str], note: str = "") -> Correction | None:
    """A correction of what differs between ``before`` and the event now (None if
    nothing watched changed)."""
    after = snapshot(event_id)
    changes: list[dict[str, Any]] = [
        {"field": key, "label": label, "before": before[key], "after": after[key]}
        for key, label in WATCHED
        if before[key] != after[key]
    ]
    if not changes:
        return None
    correction = Correction(event_id=event_id, changes=changes, note=note.strip())
    try:
        correction.full_clean(exclude=["event"])
    except ValidationError as exc:  # (the caller's transaction undoes the change)
        raise ValidationError(
            {"correction_note": exc.message_dict.get("note", exc.messages)}
        ) from exc
    correction.save()
    return correction


def status_changed(event: Event, before: str) -> Correction:
    """The correction of a status set on its own (an admin action on many events: no
    snapshots)."""
    change = {"field": "status", "label": "Status", "before": before}
    change["after"] = event.get_status_display()
    return Correction.objects.create(event=event, changes=[change])
