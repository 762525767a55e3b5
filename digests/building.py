"""What goes in a digest, and the messages: the digest itself (rendered once per view and
personalised per subscriber), the staff copy, and the confirmation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.html import escape

from tracker.choices import EventStatus
from tracker.filters import EventFilter
from tracker.models import Correction, Event
from tracker.selectors import signals

from .links import PERSONAL, describe, links, view_name
from .models import Subscription
from .scheduling import previous_send_time

COMING_UP = timedelta(days=14)


@dataclass
class Digest:
    subscription: Subscription
    period_start: datetime
    period_end: datetime
    groups: list[dict[str, Any]] = field(default_factory=list)
    upcoming: list[Event] = field(default_factory=list)
    count: int = 0
    signals: list[dict[str, Any]] = field(default_factory=list)  # unusual this week

    @property
    def empty(self) -> bool:
        return not self.count and not self.upcoming


def wording(subscription: Subscription) -> dict[str, str]:
    """What the subscriber asked for, in words (fixed words: they reach unconfirmed
    addresses)."""
    cadence = subscription.cadence
    if cadence == Subscription.Cadence.INSTANT:
        return {"what": "email alerts", "asked": "an email as soon as events are recorded",
                "span": "day"}  # fmt: skip
    if cadence == Subscription.Cadence.DAILY:
        return {"what": "daily digest", "asked": "a daily email", "span": "day"}
    return {"what": "weekly digest", "asked": "a weekly email", "span": "week"}


def filtered_events(subscription: Subscription) -> QuerySet[Event]:
    """The subscriber's view of the record (invalid saved filters select nothing)."""
    data = QueryDict(subscription.filters)
    filterset = EventFilter(data, queryset=Event.objects.with_details())
    if not filterset.is_valid():
        return Event.objects.none()
    return filterset.qs


def build(subscription: Subscription, period_start: datetime, period_end: datetime) -> Digest:
    """Events of the week that happened in it or were added or changed in it, grouped by
    country pair; and scheduled events of the next 14 days."""
    events = filtered_events(subscription)
    zone = ZoneInfo(subscription.timezone)
    # Whole local days: from the day of the last send up to the day before this one, so an
    # event dated on a send day is in exactly one digest (the next).
    first = period_start.astimezone(zone).date()
    last = period_end.astimezone(zone).date() - timedelta(days=1)
    week = events.filter(
        Q(span_start__lte=last, span_end__gte=first)
        | Q(updated__gte=period_start, updated__lt=period_end)
    ).exclude(status=EventStatus.SCHEDULED, span_start__gt=last)
    rows = list(week.order_by("-span_start", "-id")[:200])
    # Events corrected in the week say so, with what changed (one query).
    corrected: dict[int, list[Correction]] = {}
    made = Correction.objects.filter(
        event_id__in=[e.pk for e in rows], made__gte=period_start, made__lt=period_end
    )
    for correction in made.order_by("made", "id"):
        corrected.setdefault(correction.event_id, []).append(correction)
    for event in rows:
        event.week_corrections = corrected.get(event.pk, [])  # type: ignore[attr-defined]
    until = last + COMING_UP
    upcoming = list(
        events.filter(
            status=EventStatus.SCHEDULED, span_start__gt=last, span_start__lte=until
        ).order_by("span_start", "id")[:50]
    )
    groups: dict[str, dict[str, Any]] = {}
    for event in rows:
        names = sorted(c.name for c in event.countries.all())
        key = " – ".join(names) if names else "Other"
        groups.setdefault(key, {"title": key, "events": []})["events"].append(event)
    ordered = sorted(groups.values(), key=lambda g: (-len(g["events"]), g["title"]))
    codes = tuple(QueryDict(subscription.filters).getlist("country"))
    unusual = signals.cached(codes, last) if len(codes) <= 2 else []
    return Digest(subscription, period_start, period_end, ordered, upcoming, len(rows), unusual)


def render(digest: Digest) -> EmailMultiAlternatives:
    """The digest email for its subscriber, with their own manage and unsubscribe links."""
    urls = links(digest.subscription)
    return _message(digest.subscription.email, urls["unsubscribe"], *_texts(digest, urls))


def staff_copy(subscription: Subscription, end: datetime) -> EmailMultiAlternatives:
    """The digest a subscription would get for the week ending at ``end``, as staff may
    see it (the admin's preview and its "send a test digest"): the manage and unsubscribe
    links act for the subscriber, so they are left out, and so is the subscriber's
    address. The caller addresses it."""
    digest = build(subscription, previous_send_time(subscription, end), end)
    urls = {key: "" if key in PERSONAL else url for key, url in links(subscription).items()}
    subject, text, html = _texts(digest, urls)
    message = EmailMultiAlternatives(subject=f"[Test] {subject}", body=text)
    message.attach_alternative(html, "text/html")
    return message


def _texts(digest: Digest, urls: dict[str, str]) -> tuple[str, str, str]:
    """Subject, plain text and HTML of a digest."""
    subscription = digest.subscription
    zone = ZoneInfo(subscription.timezone)
    context = {
        "digest": digest,
        "name": view_name(subscription),
        "links": urls,
        "site_url": settings.SITE_URL,
        "first": digest.period_start.astimezone(zone),
        "last": (digest.period_end - timedelta(seconds=1)).astimezone(zone),
        "signals_how": signals.HOW,
        **wording(subscription),
    }
    subject = (
        f"{digest.count} event{'s' if digest.count != 1 else ''}: {context['name']}"
        if digest.count
        else f"No new events this {context['span']}: {context['name']}"
    )
    subject = " ".join(subject.split())[:200]  # one line, whatever the view's name holds
    text = render_to_string("digests/email/digest.txt", context)
    html = render_to_string("digests/email/digest.html", context)
    return subject, text, html


def _message(
    to: str, unsubscribe: str, subject: str, text: str, html: str
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.extra_headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": "Engagement tracker digests <digests.engagement-tracker>",
        "Auto-Submitted": "auto-generated",
    }
    return message


# Stand-ins for each subscriber's own links, so a digest shared by many subscribers is
# rendered once and personalised by replacing them (letters and digits: escaping keeps them).
_MARK = f"trackerlink{uuid.uuid4().hex}"
_MARKS = {"manage": f"{_MARK}manage", "unsubscribe": f"{_MARK}unsubscribe"}


class Rendered:
    """Digests rendered once per view, name, zone and week, then personalised."""

    def __init__(self) -> None:
        self.texts: dict[tuple[Any, ...], tuple[str, str, str]] = {}

    def message(self, digest: Digest) -> EmailMultiAlternatives:
        subscription = digest.subscription
        key = (
            subscription.filters,
            subscription.timezone,
            digest.period_start,
            view_name(subscription),
        )
        if key not in self.texts:
            urls = {**links(subscription), **_MARKS}
            self.texts[key] = _texts(digest, urls)
        subject, text, html = self.texts[key]
        urls = links(subscription)
        for name, mark in _MARKS.items():
            text = text.replace(mark, urls[name])
            html = html.replace(mark, escape(urls[name]))
        return _message(subscription.email, urls["unsubscribe"], subject, text, html)


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    """The double opt-in message. It goes to an address nobody has confirmed, so nothing
    a stranger typed reaches its subject, and the view is described without links."""
    name = describe(subscription.filters, links=False) or "Everything in the record"
    context = {"name": name, "links": links(subscription), **wording(subscription)}
    text = render_to_string("digests/email/confirm.txt", context)
    html = render_to_string("digests/email/confirm.html", context)
    message = EmailMultiAlternatives(
        subject=f"Confirm your {context['what']}", body=text, to=[subscription.email]
    )
    message.attach_alternative(html, "text/html")
    return message
