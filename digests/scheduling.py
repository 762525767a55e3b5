"""When a subscription is due, and the delivery rows that make each digest exactly-once.

A digest covers the week before its scheduled send time. A ``DigestDelivery`` row exists
once per subscription and period (a unique constraint); a worker sends only after it has
claimed the row (see digests.sending), so a dispatcher run twice never makes a second
delivery for the same period.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from .models import DigestDelivery, Subscription

PERIOD = timedelta(days=7)
MAX_ATTEMPTS = 8
Status = DigestDelivery.Status


def next_send_time(subscription: Subscription, after: datetime) -> datetime:
    """The first local weekday/hour slot strictly after ``after``, as an aware UTC time.

    Computed on the subscriber's wall clock, so 08:00 stays 08:00 across daylight saving.
    """
    zone = ZoneInfo(subscription.timezone)
    day = after.astimezone(zone).date()
    daily = subscription.cadence != Subscription.Cadence.WEEKLY  # daily (alerts: their batch)
    for offset in range(15):
        candidate_day = day + timedelta(days=offset)
        if not daily and candidate_day.weekday() != subscription.weekday:
            continue
        local = datetime.combine(candidate_day, time(subscription.hour), tzinfo=zone)
        moment = local.astimezone(UTC)
        if moment > after:
            return moment
    raise AssertionError("a weekday comes round within 15 days")


def previous_send_time(subscription: Subscription, slot: datetime) -> datetime:
    """The slot a week (a day, for a daily digest) before ``slot`` on the subscriber's
    wall clock (23, 24 or 25 hours a day across daylight saving), so consecutive digests
    neither overlap nor leave gaps."""
    zone = ZoneInfo(subscription.timezone)
    local = slot.astimezone(zone).replace(tzinfo=None) - period(subscription)
    return local.replace(tzinfo=zone).astimezone(UTC)


def period(subscription: Subscription) -> timedelta:
    return timedelta(days=1) if subscription.cadence == Subscription.Cadence.DAILY else PERIOD


def lease() -> timedelta:
    """How long a claim holds before a vanished worker's digest may be sent again."""
    return timedelta(seconds=settings.DIGEST_LEASE_SECONDS)


def due(now: datetime) -> QuerySet[Subscription]:
    """The digests due (alert rules are dispatched by digests.alerts)."""
    return Subscription.objects.filter(
        confirmed_at__isnull=False,
        paused=False,
        next_send_at__lte=now,
        channel=Subscription.Channel.EMAIL,
        cadence__in=[Subscription.Cadence.WEEKLY, Subscription.Cadence.DAILY],
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
                if slot > now - period(subscription):  # only the latest missed period
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
