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
from .relations import kinds_by_year, pair_kinds_by_year, partners

__all__ = [
    "EVERY_EVENT",
    "Scope",
    "Shape",
    "Summary",
    "countries_in_use",
    "countries_of",
    "empty_facets",
    "estimated_size",
    "facets",
    "find_actors",
    "kinds_by_year",
    "pair_kinds_by_year",
    "partners",
    "possible_duplicates",
    "shape_of",
    "summary",
    "titles_held",
]
