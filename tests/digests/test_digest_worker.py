"""Digests through real parts: Celery workers (separate processes) on a Redis server of the
test's own, PostgreSQL, and an SMTP sink (aiosmtpd). Each test counts the messages that
reach the sink: every due subscriber gets exactly one digest for the period, even when
dispatchers repeat, workers race, a worker is killed mid-batch, or Redis restarts."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from digests.models import DigestDelivery, Subscription
from tests.factories import EventFactory
from tests.workers import LEASE_SECONDS, Services, Sink, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def due_subscribers(count: int) -> list[str]:
    slot = timezone.now() - timedelta(hours=1)
    EventFactory.create(
        title="Talks held", start=(slot - timedelta(days=2)).date(), countries=["US", "IN"]
    )
    emails = [f"reader{i}@example.org" for i in range(count)]
    Subscription.objects.bulk_create(
        [
            Subscription(
                email=email,
                filters="country=IN",
                weekday=slot.weekday(),
                hour=slot.hour,
                timezone="UTC",
                confirmed_at=slot - timedelta(days=9),
                next_send_at=slot,
            )
            for email in emails
        ]
    )
    Subscription.objects.create(email="unconfirmed@example.org", next_send_at=slot)
    return emails


def all_sent(count: int) -> Callable[[], bool]:
    return lambda: DigestDelivery.objects.filter(status="sent").count() >= count


def assert_exactly_once(sink: Sink, emails: list[str]) -> None:
    time.sleep(LEASE_SECONDS + 1)  # anything late would have arrived by now
    assert dict(sink.recipients) == dict.fromkeys(emails, 1)
    assert "unconfirmed@example.org" not in sink.recipients


def test_repeated_dispatch_and_racing_workers_send_once(services: Services) -> None:
    services.sink = Sink()
    services.sink.controller.start()
    emails = due_subscribers(60)
    services.start_worker("one")
    services.start_worker("two")
    services.call("digests.tasks.dispatch_digests")
    services.call("digests.tasks.dispatch_digests")
    wait_for(lambda: DigestDelivery.objects.count() == 60, 30, "deliveries")
    ids = list(DigestDelivery.objects.values_list("pk", flat=True))
    # The same deliveries queued twice more: both workers race for them.
    services.call("digests.tasks.send_digests", ids)
    services.call("digests.tasks.send_digests", ids)
    wait_for(all_sent(60), 90, "all digests sent")
    assert_exactly_once(services.sink, emails)


def test_a_worker_killed_mid_batch_and_restarted(services: Services) -> None:
    services.sink = Sink(rcpt_delay=0.15)
    services.sink.controller.start()
    emails = due_subscribers(30)
    worker = services.start_worker("victim")
    services.call("digests.tasks.dispatch_digests")
    sink = services.sink
    wait_for(lambda: sink.total >= 8 and sink.holding.is_set(), 60, "a batch under way")
    services.kill_worker(worker)  # SIGKILL while a message is in the SMTP conversation
    stopped_at = sink.total
    assert stopped_at < 30
    services.start_worker("replacement")
    time.sleep(LEASE_SECONDS + 0.5)
    services.call("digests.tasks.dispatch_digests")  # re-queues the lost batch
    wait_for(all_sent(30), 90, "all digests sent after the restart")
    assert_exactly_once(sink, emails)


def test_redis_restarted_during_dispatch(services: Services) -> None:
    services.sink = Sink(rcpt_delay=0.03)
    services.sink.controller.start()
    emails = due_subscribers(130)  # three batches: two wait in Redis while one is sent
    services.start_worker("steady")
    services.call("digests.tasks.dispatch_digests")
    sink = services.sink
    wait_for(lambda: sink.total >= 5, 60, "sending under way")
    services.kill_redis()  # the queued batches are lost with it
    services.start_redis()
    wait_for(lambda: sink.total >= 50, 60, "the batch in hand finished")
    time.sleep(LEASE_SECONDS + 0.5)
    services.call("digests.tasks.dispatch_digests")
    wait_for(all_sent(130), 120, "all digests sent after Redis came back")
    assert_exactly_once(sink, emails)
