"""Every read of the record that is more than a one-liner: counts and facets, reference
data, relations between countries, and the timeline's view of the events."""

from .facets import (
    EVERY_EVENT,
    Scope,
    Shape,
    Summary,
    countries_of,
    empty_facets,
    estimated_size,
    facets,
    shape_of,
    summary,
)
from .reference import countries_in_use, find_actors, possible_duplicates, titles_held
from .relations import (
    coming_up,
    figure_series,
    last_contacts,
    level_of,
    partners,
    people_by_side,
    quarterly,
    recent_ids,
)

__all__ = [
    "EVERY_EVENT",
    "Scope",
    "Shape",
    "Summary",
    "coming_up",
    "countries_in_use",
    "countries_of",
    "empty_facets",
    "estimated_size",
    "facets",
    "figure_series",
    "find_actors",
    "last_contacts",
    "level_of",
    "partners",
    "people_by_side",
    "possible_duplicates",
    "quarterly",
    "recent_ids",
    "shape_of",
    "summary",
    "titles_held",
]
