"""Typed links between events (``EventLink``), read and worded from either end.

A link is stored once, from ``source`` to ``target`` ("the statement is the readout of
the call"), and shown on both events: on the source as its kind ("Readout of"), on the
target as the kind's inverse ("Its readout"). An announcement and its taking effect
read the same from both ends: "Announced on 2 Apr 2025, took effect on 9 Apr 2025".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from .choices import EventStatus, LinkKind
from .models import Event, EventLink
from .services.events import LinkData

# kind: (what the source is to the target, what the target is to the source)
WORDS: dict[str, tuple[str, str]] = {
    LinkKind.READOUT_OF: ("Readout of", "Its readout"),
    LinkKind.ANNOUNCES: ("Announcement of", "As announced in"),
    LinkKind.FOLLOW_UP_TO: ("Follow-up to", "Followed up by"),
    LinkKind.RESPONSE_TO: ("Response to", "Answered by"),
    LinkKind.CANCELS: ("Cancels", "Cancelled by"),
    LinkKind.POSTPONES: ("Postpones", "Postponed by"),
}
# The kinds an export or import names from the target's end ("announced_in": the other
# event announced this one), so that both events' records carry the link.
INVERSE = {
    LinkKind.READOUT_OF: "has_readout",
    LinkKind.ANNOUNCES: "announced_in",
    LinkKind.FOLLOW_UP_TO: "followed_up_by",
    LinkKind.RESPONSE_TO: "answered_by",
    LinkKind.CANCELS: "cancelled_by",
    LinkKind.POSTPONES: "postponed_by",
}
FROM_INVERSE = {name: kind for kind, name in INVERSE.items()}
# Every link named from one end, in words ("announced_in": "As announced in"), for forms.
LINK_NAMES = [(str(kind), WORDS[kind][0]) for kind in WORDS] + [
    (name, WORDS[kind][1]) for kind, name in INVERSE.items()
]


def named(name: Any) -> tuple[str, bool]:
    """(kind, outgoing) of a link named from one end ("announces": this event announces
    the other; "announced_in": the other announces this one); ValueError if unknown."""
    if name in FROM_INVERSE:
        return str(FROM_INVERSE[name]), False
    if name in LinkKind.values:
        return str(name), True
    raise ValueError(f"unknown link kind {name!r}")


def link_data_for(name: str, other: Event) -> LinkData:
    """A link named from this end ("announces", "announced_in") as the services take it."""
    kind, outgoing = named(name)
    return LinkData(kind=kind, other=other, outgoing=outgoing)


@dataclass(frozen=True)
class LinkRow:
    """One typed link as seen from one of its events."""

    kind: str
    outgoing: bool  # this event is the link's source
    id: int  # the other event
    uid: str
    title: str
    display_date: str
    status: str
    # The link's two events' dates, source first (for the announcement's sentence).
    source_date: str = ""
    target_date: str = ""
    target_status: str = ""

    @property
    def label(self) -> str:
        forward, backward = WORDS[self.kind]
        return forward if self.outgoing else backward

    @property
    def name(self) -> str:
        """The link's name from this end, as exports write it ("announces", "announced_in")."""
        return self.kind if self.outgoing else INVERSE[LinkKind(self.kind)]

    @property
    def sentence(self) -> str:
        """The link in words, the same from both ends where the two dates tell the story."""
        if self.kind == LinkKind.ANNOUNCES:
            effect = {
                EventStatus.SCHEDULED: "takes effect on",
                EventStatus.CANCELLED: "was to take effect on",
                EventStatus.POSTPONED: "was to take effect on",
            }.get(EventStatus(self.target_status), "took effect on")
            return f"Announced on {self.source_date}, {effect} {self.target_date}"
        return f"{self.label}: {self.title} ({self.display_date})"


def links_of(ids: Iterable[int]) -> dict[int, list[LinkRow]]:
    """The typed links of these events, both ways (one query whatever their number)."""
    wanted = set(ids)
    out: dict[int, list[LinkRow]] = defaultdict(list)
    if not wanted:
        return out
    rows = EventLink.objects.filter(Q(source_id__in=wanted) | Q(target_id__in=wanted))
    for link in rows.select_related("source", "target"):
        if link.source_id in wanted:
            out[link.source_id].append(link_row(link, outgoing=True))
        if link.target_id in wanted:
            out[link.target_id].append(link_row(link, outgoing=False))
    return {pk: ordered(rows) for pk, rows in out.items()}


def event_links(event: Event) -> list[LinkRow]:
    """The links of an event read with ``Event.objects.with_details()`` (prefetched)."""
    return ordered(
        [link_row(link, outgoing=True) for link in event.links_out.all()]
        + [link_row(link, outgoing=False) for link in event.links_in.all()]
    )


def ordered(rows: list[LinkRow]) -> list[LinkRow]:
    kinds = list(WORDS)
    return sorted(rows, key=lambda r: (kinds.index(LinkKind(r.kind)), not r.outgoing, r.id))


def link_row(link: EventLink, *, outgoing: bool) -> LinkRow:
    """The link seen from its source (``outgoing``) or its target."""
    other = link.target if outgoing else link.source
    return LinkRow(
        kind=link.kind,
        outgoing=outgoing,
        id=other.pk,
        uid=str(other.uid),
        title=other.title,
        display_date=other.display_date,
        status=other.status,
        source_date=link.source.display_date,
        target_date=link.target.display_date,
        target_status=link.target.status,
    )
