"""Weekly digests: when a subscription is due, what goes in its digest, how it is claimed
and sent exactly once.

A digest covers the week before its scheduled send time. A ``DigestDelivery`` row exists
once per subscription and period (a unique constraint); a worker sends only after it has
claimed the row with a conditional update, so a task delivered twice, two workers racing
or a dispatcher run twice never send a second message for the same period.
"""

from __future__ import annotations

import logging
import re
import smtplib
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from time import sleep
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db import connection as db
from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from .choices import EventStatus
from .filters import EventFilter
from .models import DigestDelivery, Event, Subscription
from .permissions import digest_refusal

log = logging.getLogger(__name__)

PERIOD = timedelta(days=7)
COMING_UP = timedelta(days=14)
MAX_PERMANENT_FAILURES = 3
MAX_ATTEMPTS = 8
MESSAGE_DOMAIN = "digests.engagement-tracker"
TOKEN_SALT = "tracker.digest"  # noqa: S105 - a signing namespace, not a secret
Status = DigestDelivery.Status


# Scheduling ----------------------------------------------------------------------------------


def next_send_time(subscription: Subscription, after: datetime) -> datetime:
    """The first local weekday/hour slot strictly after ``after``, as an aware UTC time.

    Computed on the subscriber's wall clock, so 08:00 stays 08:00 across daylight saving.
    """
    zone = ZoneInfo(subscription.timezone)
    day = after.astimezone(zone).date()
    for offset in range(15):
        candidate_day = day + timedelta(days=offset)
        if candidate_day.weekday() != subscription.weekday:
            continue
        local = datetime.combine(candidate_day, time(subscription.hour), tzinfo=zone)
        moment = local.astimezone(UTC)
        if moment > after:
            return moment
    raise AssertionError("a weekday comes round within 15 days")


def previous_send_time(subscription: Subscription, slot: datetime) -> datetime:
    """The slot a week before ``slot`` on the subscriber's wall clock (23, 24 or 25 hours
    a day across daylight saving), so consecutive digests neither overlap nor leave gaps."""
    zone = ZoneInfo(subscription.timezone)
    local = slot.astimezone(zone).replace(tzinfo=None) - PERIOD
    return local.replace(tzinfo=zone).astimezone(UTC)


def lease() -> timedelta:
    """How long a claim holds before a vanished worker's digest may be sent again."""
    return timedelta(seconds=settings.DIGEST_LEASE_SECONDS)


def due(now: datetime) -> QuerySet[Subscription]:
    return Subscription.objects.filter(
        confirmed_at__isnull=False, paused=False, next_send_at__lte=now
    ).order_by("next_send_at", "id")


def schedule(subscription: Subscription, now: datetime) -> list[DigestDelivery]:
    """Create the delivery rows a due subscription owes and move its next send time on.

    The move is a conditional update on the old value, so two dispatchers racing create one
    delivery per period between them.
    """
    created = []
    slot = subscription.next_send_at
    while slot is not None and slot <= now:
        following = next_send_time(subscription, slot)
        try:
            with transaction.atomic():
                moved = Subscription.objects.filter(pk=subscription.pk, next_send_at=slot).update(
                    next_send_at=following
                )
                if not moved:
                    break  # another dispatcher got here first
                if slot > now - PERIOD:  # only the latest missed period is worth sending
                    # Winning the move above makes this period ours (no get_or_create
                    # round trips); the unique constraint still refuses a second one.
                    created.append(
                        DigestDelivery.objects.create(
                            subscription=subscription,
                            period_start=previous_send_time(subscription, slot),
                            period_end=slot,
                        )
                    )
        except IntegrityError:  # the period's delivery exists (restored data): move on
            Subscription.objects.filter(pk=subscription.pk, next_send_at=slot).update(
                next_send_at=following
            )
        slot = following
    subscription.next_send_at = slot
    return created


def stale_deliveries(now: datetime) -> QuerySet[DigestDelivery]:
    """Deliveries whose task was lost (Redis restarted, a worker killed): pending or
    claimed longer ago than the lease."""
    return DigestDelivery.objects.filter(
        Q(status=Status.PENDING, created__lte=now - lease())
        | Q(status__in=[Status.SENDING, Status.RETRYING], claimed_at__lte=now - lease()),
        attempts__lt=MAX_ATTEMPTS,
    )


# Content ---------------------------------------------------------------------------------


@dataclass
class Digest:
    subscription: Subscription
    period_start: datetime
    period_end: datetime
    groups: list[dict[str, Any]] = field(default_factory=list)
    upcoming: list[Event] = field(default_factory=list)
    count: int = 0

    @property
    def empty(self) -> bool:
        return not self.count and not self.upcoming


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
    return Digest(subscription, period_start, period_end, ordered, upcoming, len(rows))


# Links -------------------------------------------------------------------------------------


def token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=TOKEN_SALT)


def subscription_for(value: str, max_age: int | None = None) -> Subscription | None:
    try:
        data = signing.loads(value, salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=data.get("s"), email=data.get("e")).first()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def links(subscription: Subscription) -> dict[str, str]:
    value = token(subscription)
    view = reverse("tracker:timeline") + (
        f"?{subscription.filters}" if subscription.filters else ""
    )
    return {
        "view": absolute(view),
        "manage": absolute(reverse("tracker:subscription-manage", args=[value])),
        "unsubscribe": absolute(reverse("tracker:unsubscribe", args=[value])),
        "confirm": absolute(reverse("tracker:subscription-confirm", args=[value])),
    }


def view_name(subscription: Subscription) -> str:
    if subscription.name:
        return subscription.name
    return describe(subscription.filters) or "Everything in the record"


def describe(filters: str, *, links: bool = True) -> str:
    """The view in words: “tariffs”; US and IN; topic trade; #quad. With ``links=False``
    (what goes to an address nobody has confirmed yet) free text loses anything a mail
    program would turn into a link, and is cut short."""
    data = QueryDict(filters)
    parts = []
    if data.get("q"):
        text = data["q"] if links else linkless(data["q"])
        if text:
            parts.append(f"“{text}”")
    for key, label in (("country", ""), ("topic", "topic "), ("kind", ""), ("tag", "#")):
        values = data.getlist(key) if links else [linkless(v) for v in data.getlist(key)]
        values = [v for v in values if v]
        if values:
            parts.append(label + (" and ".join(values) if key == "country" else ", ".join(values)))
    return "; ".join(parts)


# Words a mail program shows as a link: a scheme, "www.", an address or a domain name.
LINK_LIKE = re.compile(r"\S*(?:[:/@\\]|www\.|\w\.[a-z]{2,})\S*", re.IGNORECASE)


def linkless(text: str, limit: int = 60) -> str:
    """Free text without link-like words, at most ``limit`` characters."""
    words = " ".join(LINK_LIKE.sub("…", text).split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


# Rendering and sending ------------------------------------------------------------------------


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


PERSONAL = ("manage", "unsubscribe", "confirm")  # links that act for the subscriber


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
    }
    subject = (
        f"{digest.count} event{'s' if digest.count != 1 else ''}: {context['name']}"
        if digest.count
        else f"No new events this week: {context['name']}"
    )
    subject = " ".join(subject.split())[:200]  # one line, whatever the view's name holds
    text = render_to_string("email/digest.txt", context)
    html = render_to_string("email/digest.html", context)
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


class _Rendered:
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


def _claimable(now: datetime) -> Q:
    return (
        Q(status__in=[Status.PENDING, Status.RETRYING])
        | Q(status=Status.SENDING, claimed_at__lte=now - lease())
    ) & Q(attempts__lt=MAX_ATTEMPTS)


def claim_many(delivery_ids: list[int], now: datetime) -> list[DigestDelivery]:
    """Take these deliveries for sending, in two queries: the ones done, or held by another
    worker (locked now, or claimed within the lease), are left out.

    Rows are locked with SKIP LOCKED and re-checked on their latest version, so when
    workers race for the same deliveries each one goes to exactly one of them.
    """
    with transaction.atomic():
        rows = list(
            DigestDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription__user")
            .filter(_claimable(now), pk__in=delivery_ids)
            .order_by("pk")
        )
        DigestDelivery.objects.filter(pk__in=[r.pk for r in rows]).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    taken = []
    for delivery in rows:
        refusal = digest_refusal(delivery.subscription)
        if refusal:
            _finish(delivery, Status.FAILED, error=refusal)
            pause(delivery.subscription, refusal)
        elif delivery.subscription.paused:
            _finish(delivery, Status.FAILED, error="The subscription is paused.")
        else:
            taken.append(delivery)
    return taken


def pause(subscription: Subscription, reason: str) -> None:
    """Stop sending to this subscription, saying why (shown in the admin)."""
    Subscription.objects.filter(pk=subscription.pk).update(paused=True, paused_reason=reason[:300])


def claim(delivery_id: int, now: datetime) -> DigestDelivery | None:
    """One delivery (see claim_many); None if it is done or another worker holds it."""
    taken = claim_many([delivery_id], now)
    return taken[0] if taken else None


class TemporaryFailure(Exception):
    """The mail server asked us to try later."""


def send(delivery_ids: list[int], *, connection: Any = None) -> dict[str, int]:
    """Claim, build and send each delivery over one SMTP connection. Temporary failures
    are raised after the batch (so the task retries them); permanent ones are recorded."""
    counts = {"sent": 0, "empty": 0, "skipped": 0, "failed": 0, "retry": 0}
    retry: list[int] = []
    built: dict[tuple[str, str, datetime], Digest] = {}
    rendered = _Rendered()
    connection = connection or get_connection()
    held_since = timezone.now()
    claimed = claim_many(delivery_ids, held_since)
    held = {d.pk for d in claimed}
    counts["skipped"] = len(delivery_ids) - len(claimed)
    with connection:
        for index, delivery in enumerate(claimed):
            delivery_id = delivery.pk
            if timezone.now() - held_since > lease() / 2:  # a slow batch: renew the claim
                remaining = [d.pk for d in claimed[index:] if d.pk in held]
                held, held_since = _renew(remaining, held_since)
            if delivery_id not in held:  # another worker took it over meanwhile
                counts["skipped"] += 1
                continue
            subscription = delivery.subscription
            # Subscribers of the same view, zone and week get the same events: build once.
            key = (subscription.filters, subscription.timezone, delivery.period_start)
            if key not in built:
                built[key] = build(subscription, delivery.period_start, delivery.period_end)
            digest = replace(built[key], subscription=subscription)
            if digest.empty and not subscription.send_empty:
                _finish(delivery, Status.EMPTY, event_count=0)
                counts["empty"] += 1
                continue
            message = rendered.message(digest)
            message.connection = connection
            # The same Message-ID if this delivery is ever sent again (a worker killed
            # between the mail server's acceptance and the record): mail systems drop
            # the copy.
            message_id = f"<digest-{delivery.pk}@{MESSAGE_DOMAIN}>"
            message.extra_headers["Message-ID"] = message_id
            try:
                message.send()
            except smtplib.SMTPRecipientsRefused as exc:
                _permanent_failure(delivery, str(exc.recipients))
                counts["failed"] += 1
                continue
            except smtplib.SMTPResponseException as exc:
                if 400 <= exc.smtp_code < 500:
                    _finish(delivery, Status.RETRYING, error=f"{exc.smtp_code} {exc.smtp_error!r}")
                    retry.append(delivery_id)
                    counts["retry"] += 1
                else:
                    _permanent_failure(delivery, f"{exc.smtp_code} {exc.smtp_error!r}")
                    counts["failed"] += 1
                continue
            except OSError as exc:  # connection refused or dropped: try later
                _finish(delivery, Status.RETRYING, error=str(exc))
                retry.append(delivery_id)
                counts["retry"] += 1
                connection.close()
                continue
            _finish(
                delivery,
                Status.SENT,
                event_count=digest.count,
                sent_at=timezone.now(),
                message_id=message_id,
            )
            if subscription.failures:  # a success ends a run of failures
                Subscription.objects.filter(pk=subscription.pk).update(failures=0)
            counts["sent"] += 1
    if retry:
        raise TemporaryFailure(retry)
    return counts


def _renew(ids: list[int], held_since: datetime) -> tuple[set[int], datetime]:
    """Extend this worker's claim on the deliveries it still holds (those no other worker
    took over after the lease ran out); returns them and the new claim time."""
    now = timezone.now()
    with transaction.atomic():
        still = set(
            DigestDelivery.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, status=Status.SENDING, claimed_at=held_since)
            .values_list("pk", flat=True)
        )
        DigestDelivery.objects.filter(pk__in=still).update(claimed_at=now)
    return still, now


FINISH_WAITS = (0.5, 1, 2, 4, 8, 15, 30)  # seconds: about a minute in all


def _finish(delivery: DigestDelivery, status: str, **fields: Any) -> None:
    """Record the outcome. A message the mail server has accepted must be recorded, or it
    goes out again after the lease: while the database is away (a restart), keep trying."""
    for wait in (*FINISH_WAITS, None):
        try:
            DigestDelivery.objects.filter(pk=delivery.pk).update(status=status, **fields)
            return
        except (OperationalError, InterfaceError):
            if wait is None or db.in_atomic_block:
                raise
            log.warning("Digest %s not recorded yet; trying again in %s s", delivery.pk, wait)
            db.close()
            sleep(wait)


def _permanent_failure(delivery: DigestDelivery, error: str) -> None:
    _finish(delivery, Status.FAILED, error=error)
    subscription = delivery.subscription
    Subscription.objects.filter(pk=subscription.pk).update(failures=F("failures") + 1)
    subscription.refresh_from_db(fields=["failures"])
    if subscription.failures >= MAX_PERMANENT_FAILURES:
        pause(subscription, f"Paused after {subscription.failures} failed deliveries: {error}")
    log.warning("Digest %s failed permanently: %s", delivery.pk, error)


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    """The double opt-in message. It goes to an address nobody has confirmed, so nothing
    a stranger typed reaches its subject, and the view is described without links."""
    name = describe(subscription.filters, links=False) or "Everything in the record"
    context = {"name": name, "links": links(subscription)}
    text = render_to_string("email/confirm.txt", context)
    html = render_to_string("email/confirm.html", context)
    message = EmailMultiAlternatives(
        subject="Confirm your weekly digest", body=text, to=[subscription.email]
    )
    message.attach_alternative(html, "text/html")
    return message


def pending_or_subscribed(email: str, filters: str) -> Subscription | None:
    """The subscription of this address (in any case) to this view that is confirmed, or
    waits for confirmation within the confirmation link's lifetime."""
    recent = timezone.now() - timedelta(seconds=CONFIRM_MAX_AGE)
    return (
        Subscription.objects.filter(email__iexact=email, filters=filters)
        .filter(Q(confirmed_at__isnull=False) | Q(created__gte=recent))
        .first()
    )


CONFIRM_MAX_AGE = 7 * 24 * 3600  # seconds a confirmation link stays valid
