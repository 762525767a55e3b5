"""Sending digests exactly once: a worker claims delivery rows with a conditional update
(SKIP LOCKED), sends over one SMTP connection, and records each outcome; temporary
failures are retried by the task, permanent ones pause the subscription after a few."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import replace
from datetime import datetime
from time import sleep
from typing import Any

from django.core.mail import get_connection
from django.db import InterfaceError, OperationalError, transaction
from django.db import connection as db
from django.db.models import F, Q
from django.utils import timezone

from tracker.permissions import digest_refusal

from .building import Digest, Rendered, build
from .models import DigestDelivery, Subscription
from .scheduling import MAX_ATTEMPTS, lease

log = logging.getLogger(__name__)

MAX_PERMANENT_FAILURES = 3
MESSAGE_DOMAIN = "digests.engagement-tracker"
Status = DigestDelivery.Status


def _claimable(now: datetime) -> Q:
    return (
        Q(status__in=[Status.PENDING, Status.RETRYING])
        | Q(status=Status.SENDING, claimed_at__lte=now - lease())
    ) & Q(attempts__lt=MAX_ATTEMPTS)


def claim_many(
    delivery_ids: list[int], now: datetime, model: type[Any] = DigestDelivery
) -> list[Any]:
    """Take these deliveries (digests, or alerts with ``model=AlertDelivery``) for sending,
    in two queries: the ones done, or held by another worker (locked now, or claimed within
    the lease), are left out.

    Rows are locked with SKIP LOCKED and re-checked on their latest version, so when
    workers race for the same deliveries each one goes to exactly one of them.
    """
    with transaction.atomic():
        rows = list(
            model.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription__user")
            .filter(_claimable(now), pk__in=delivery_ids)
            .order_by("pk")
        )
        model.objects.filter(pk__in=[r.pk for r in rows]).update(
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
    rendered = Rendered()
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
            outcome = mail(delivery, message, connection)
            if outcome != "sent":
                counts[outcome] += 1
                if outcome == "retry":
                    retry.append(delivery_id)
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


def mail(delivery: Any, message: Any, connection: Any) -> str:
    """Send one delivery's message: "sent", or "retry" (recorded as a temporary failure:
    the mail server asked to try later, or could not be reached) or "failed" (recorded as
    a permanent one)."""
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        _permanent_failure(delivery, str(exc.recipients))
        return "failed"
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:
            _finish(delivery, Status.RETRYING, error=f"{exc.smtp_code} {exc.smtp_error!r}")
            return "retry"
        _permanent_failure(delivery, f"{exc.smtp_code} {exc.smtp_error!r}")
        return "failed"
    except OSError as exc:  # connection refused or dropped: try later
        _finish(delivery, Status.RETRYING, error=str(exc))
        connection.close()
        return "retry"
    return "sent"


def _renew(
    ids: list[int], held_since: datetime, model: type[Any] = DigestDelivery
) -> tuple[set[int], datetime]:
    """Extend this worker's claim on the deliveries it still holds (those no other worker
    took over after the lease ran out); returns them and the new claim time."""
    now = timezone.now()
    with transaction.atomic():
        still = set(
            model.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, status=Status.SENDING, claimed_at=held_since)
            .values_list("pk", flat=True)
        )
        model.objects.filter(pk__in=still).update(claimed_at=now)
    return still, now


FINISH_WAITS = (0.5, 1, 2, 4, 8, 15, 30)  # seconds: about a minute in all


def _finish(delivery: Any, status: str, **fields: Any) -> None:
    """Record the outcome. A message the mail server has accepted must be recorded, or it
    goes out again after the lease: while the database is away (a restart), keep trying."""
    for wait in (*FINISH_WAITS, None):
        try:
            type(delivery).objects.filter(pk=delivery.pk).update(status=status, **fields)
            return
        except (OperationalError, InterfaceError):
            if wait is None or db.in_atomic_block:
                raise
            log.warning("Delivery %s not recorded yet; trying again in %s s", delivery.pk, wait)
            db.close()
            sleep(wait)


def _permanent_failure(delivery: Any, error: str) -> None:
    _finish(delivery, Status.FAILED, error=error)
    subscription = delivery.subscription
    Subscription.objects.filter(pk=subscription.pk).update(failures=F("failures") + 1)
    subscription.refresh_from_db(fields=["failures"])
    if subscription.failures >= MAX_PERMANENT_FAILURES:
        pause(subscription, f"Paused after {subscription.failures} failed deliveries: {error}")
    log.warning("Delivery %s failed permanently: %s", delivery.pk, error)
