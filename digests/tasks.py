"""Celery tasks: thin wrappers around digests.scheduling and digests.sending. Enqueue them
after commit."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import alerts, scheduling, sending

BATCH = 50  # deliveries per task, sent over one SMTP connection


@shared_task(acks_late=True)
def dispatch_digests() -> int:
    """Every 15 minutes (beat): create the deliveries that are due, and re-queue those whose
    task was lost; returns how many deliveries were queued."""
    now = timezone.now()
    queued = 0
    ids = list(scheduling.stale_deliveries(now).values_list("pk", flat=True))
    for subscription in scheduling.due(now)[: settings.DIGEST_DISPATCH_LIMIT]:
        ids += [d.pk for d in scheduling.schedule(subscription, now)]
        if len(ids) >= BATCH:  # other workers start sending while this one schedules
            send_digests.delay(ids[:BATCH])
            queued += BATCH
            ids = ids[BATCH:]
    for start in range(0, len(ids), BATCH):
        send_digests.delay(ids[start : start + BATCH])
    return queued + len(ids)


@shared_task(bind=True, acks_late=True, max_retries=6)
def send_digests(self: Any, delivery_ids: list[int]) -> dict[str, int]:
    """Claim and send these deliveries; temporary SMTP failures retry with backoff."""
    try:
        return sending.send(delivery_ids)
    except sending.TemporaryFailure as exc:
        countdown = min(60 * 2**self.request.retries, 3600)
        raise self.retry(args=[exc.args[0]], countdown=countdown) from exc
    except OSError as exc:  # the mail server could not be reached at all
        countdown = min(60 * 2**self.request.retries, 3600)
        raise self.retry(countdown=countdown) from exc


@shared_task(acks_late=True)
def dispatch_alerts() -> int:
    """Every ALERT_DISPATCH_SECONDS (beat): create the alerts that are due, and re-queue
    those whose task was lost; returns how many were queued."""
    ids = alerts.dispatch()
    for start in range(0, len(ids), BATCH):
        send_alerts.delay(ids[start : start + BATCH])
    return len(ids)


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_alerts(self: Any, delivery_ids: list[int]) -> int:
    """Claim and send these alerts; failures retry with backoff (the alert's own count of
    attempts decides when to stop)."""
    retry = alerts.send(delivery_ids)
    if retry:
        countdown = min(settings.ALERT_RETRY_SECONDS * 2**self.request.retries, 3600)
        raise self.retry(args=[retry], countdown=countdown)
    return len(delivery_ids)
