"""Every write to a subscription: subscribing (one pending confirmation per address and
view, few confirmations per recipient, whoever asks), confirming, changing, removing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from tracker.limits import hit
from tracker.permissions import may_read

from .building import confirmation_message
from .models import Subscription
from .scheduling import next_send_time

CONFIRM_MAX_AGE = 7 * 24 * 3600  # seconds a confirmation link stays valid


class TooManyConfirmations(Exception):
    """The recipient has had SUBSCRIBE_RECIPIENT_RATE confirmations already."""


def pending_or_subscribed(email: str, filters: str) -> Subscription | None:
    """The subscription of this address (in any case) to this view that is confirmed, or
    waits for confirmation within the confirmation link's lifetime."""
    recent = timezone.now() - timedelta(seconds=CONFIRM_MAX_AGE)
    return (
        Subscription.objects.filter(email__iexact=email, filters=filters)
        .filter(Q(confirmed_at__isnull=False) | Q(created__gte=recent))
        .first()
    )


def subscribe(*, subscription: Subscription, user: Any = None) -> Subscription:
    """Store a new (unconfirmed) subscription and mail its confirmation after the commit,
    unless the address already follows, or waits to confirm, the same view (then nothing
    happens). Raises TooManyConfirmations when the recipient has had enough of them.
    Every attempt counts against the recipient's rate, whether the address follows the
    view already or not: the answers must not tell a prober which addresses follow what."""
    if hit(
        "SUBSCRIBE_RECIPIENT_RATE", subscription.email.lower(), settings.SUBSCRIBE_RECIPIENT_RATE
    ):
        raise TooManyConfirmations(subscription.email)
    existing = pending_or_subscribed(subscription.email, subscription.filters)
    if existing is not None:
        return existing
    if user is not None and user.is_authenticated:
        subscription.user = user
    subscription.full_clean(validate_constraints=False)  # the constraint is handled below
    try:
        with transaction.atomic():
            # An expired confirmation for the same view makes way for the new one.
            Subscription.objects.filter(
                email__iexact=subscription.email,
                filters=subscription.filters,
                confirmed_at__isnull=True,
            ).delete()
            subscription.save()
    except IntegrityError:  # the same request twice at once: the other one stands
        return pending_or_subscribed(subscription.email, subscription.filters) or subscription
    transaction.on_commit(confirmation_message(subscription).send)
    return subscription


def may_confirm(subscription: Subscription, user: Any) -> bool:
    """A private record's digest is confirmed by the reader who asked for it, signed in;
    a public one by whoever holds the link."""
    if settings.TRACKER_PUBLIC:
        return True
    return bool(user.is_authenticated and user.pk == subscription.user_id and may_read(user))


def confirm(subscription: Subscription) -> None:
    if subscription.confirmed:
        return
    now = timezone.now()
    subscription.confirmed_at = now
    subscription.next_send_at = next_send_time(subscription, now)
    subscription.alert_cursor = now  # alerts start with what is recorded from now on
    subscription.save(update_fields=["confirmed_at", "next_send_at", "alert_cursor"])


def save_changes(subscription: Subscription) -> Subscription:
    """Keep what the subscriber changed; the next digest follows the new weekday and hour,
    and alerts newly asked for start with what is recorded from now on."""
    now = timezone.now()
    if subscription.confirmed:
        subscription.next_send_at = next_send_time(subscription, now)
        before = Subscription.objects.filter(pk=subscription.pk).values("cadence").first()
        if subscription.alerts and (before is None or before["cadence"] != subscription.cadence):
            subscription.alert_cursor = now
    subscription.save()
    return subscription


def remove(subscription: Subscription) -> None:
    subscription.delete()
