"""The record's models (reference data, events, housekeeping), importable from one place:
``from tracker.models import Event``."""

from .events import (
    AccountCount,
    Correction,
    CountCell,
    CountTotal,
    DeletedEvent,
    Event,
    EventCountry,
    EventLink,
    EventPair,
    EventQuerySet,
    EventSearch,
    Figure,
    Participation,
    Source,
    TaggedEvent,
)
from .housekeeping import DataVersion, ImportJob, RateCounter
from .reference import (
    SLUG_PATTERN,
    VALID_SLUG,
    Actor,
    Country,
    EventKind,
    Topic,
    normalise_aliases,
)

__all__ = [
    "SLUG_PATTERN",
    "VALID_SLUG",
    "AccountCount",
    "Actor",
    "Correction",
    "CountCell",
    "CountTotal",
    "Country",
    "DataVersion",
    "DeletedEvent",
    "Event",
    "EventCountry",
    "EventKind",
    "EventLink",
    "EventPair",
    "EventQuerySet",
    "EventSearch",
    "Figure",
    "ImportJob",
    "Participation",
    "RateCounter",
    "Source",
    "TaggedEvent",
    "Topic",
    "normalise_aliases",
]
