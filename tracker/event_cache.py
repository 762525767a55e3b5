"""Each event's outward forms (its API object, its timeline card) kept between requests.

Page-level caches (``tracker.stamps``) go stale at every edit, so after any write every
view's next page used to be made from nothing. What one event looks like changes only
when that event does, or something shown with it (an actor's name, a topic, a tag, a
country): every such write reindexes the event for search, and the reindex gives it a new
``EventSearch.revision``. Forms are kept under the event's id and revision, the time of
its last save and its kind as shown (kinds are renamed without reindexing), and a digest
of the code and templates that make them, so a deploy never serves forms made by older
code.

A reader that reads a revision just before a write commits may keep forms made from the
new data under the old revision; no one reads that revision again, so nothing stale is
served. What is not the event's own (related events, which change when the other event
changes) is never kept here.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from .models import Event, EventSearch

log = logging.getLogger(__name__)
T = TypeVar("T")
TIMEOUT = 7 * 24 * 3600


def _release() -> str:
    """A digest of the code and templates: forms made by other code are not reused."""
    digest = hashlib.sha256()
    roots = [Path(__file__).resolve().parent, Path(settings.BASE_DIR) / "templates"]
    for root in roots:
        for path in sorted([*root.rglob("*.py"), *root.rglob("*.html")]):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RELEASE = _release()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _shown(event: Event) -> str:
    """The event's last save and its kind as shown: a save that did not reindex (not one
    of the services' writes) and a renamed kind are seen too."""
    kind = event.kind
    return _digest(repr((event.updated, kind.pk, kind.slug, kind.name, kind.colour)))


def revisions(ids: Sequence[int]) -> dict[int, str]:
    """Each event's current revision (one query); events not indexed have none."""
    rows = EventSearch.objects.filter(event_id__in=list(ids))
    return {pk: rev.hex for pk, rev in rows.values_list("event_id", "revision") if rev}


def each(
    form: str,
    events: Sequence[Event],
    make: Callable[[list[Event]], dict[int, T]],
    variant: Callable[[Event], str] | None = None,
) -> dict[int, T]:
    """``form`` of each event (by id): kept ones from the cache, the rest from
    ``make(events missing)``, which are then kept. ``events`` need ``updated`` and their kind;
    ``variant(event)`` tells apart forms that differ by request (a search's highlight)."""
    if not events:
        return {}
    current = revisions([e.pk for e in events])
    keys = {
        e.pk: f"tracker:event:{RELEASE}:{form}:{e.pk}:{current[e.pk]}:{_shown(e)}"
        + (f":{_digest(variant(e))}" if variant and variant(e) else "")
        for e in events
        if e.pk in current
    }
    try:
        found = cache.get_many(list(keys.values()))
    except Exception as exc:  # the cache is away: make them all, keep serving
        log.warning("Cache not read: %s", type(exc).__name__)
        found = {}
    out: dict[int, T] = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [e for e in events if e.pk not in out]
    if missing:
        made = make(missing)
        out.update(made)
        kept = {keys[pk]: value for pk, value in made.items() if pk in keys}
        try:
            cache.set_many(kept, TIMEOUT)
        except Exception as exc:
            log.warning("Cache not written: %s", type(exc).__name__)
    return out
