"""Alerts through real parts: Celery workers (separate processes) on a Redis server of the
test's own, PostgreSQL, an SMTP sink (aiosmtpd) and a webhook receiver on loopback (let
through by FETCH_ALLOW, as watched sources are). Events are created through the API; one
dispatch later each rule has had one message, signed where it is a JSON webhook."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from digests.models import AlertDelivery, Subscription
from tests.workers import LEASE_SECONDS, Receiver, Services, Sink, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SECRET = "worker-test-secret"


def rules(receiver: Receiver, emails: int = 1) -> Subscription:
    start = timezone.now() - timedelta(minutes=1)
    common = {"filters": "country=US&country=IN", "cadence": "instant", "timezone": "UTC",
              "confirmed_at": start, "alert_cursor": start}  # fmt: skip
    for i in range(emails):
        Subscription.objects.create(email=f"reader{i}@example.org", **common)
    return Subscription.objects.create(channel="webhook", url=receiver.url, secret=SECRET, **common)


def created_through_the_api(count: int, title: str) -> None:
    client = Client()
    client.force_login(User.objects.get_or_create(username="api", is_superuser=True)[0])
    for i in range(count):
        body = {"title": f"{title} {i}", "kind": "call", "start": "2025-02-15",
                "countries": ["US", "IN"]}  # fmt: skip
        response = client.post("/api/v1/events/", body, content_type="application/json")
        assert response.status_code == 201, response.content
    time.sleep(1.2)  # the dispatcher allows a second for the clocks of several servers


def signed_events(headers: dict[str, str], body: bytes) -> list[str]:
    """Checked as a receiver would, apart from the project's code."""
    fields = dict(part.split("=", 1) for part in headers["X-Tracker-Signature"].split(","))
    mac = hmac.new(SECRET.encode(), fields["t"].encode() + b"." + body, hashlib.sha256)
    assert hmac.compare_digest(mac.hexdigest(), fields["v1"])
    assert abs(time.time() - int(fields["t"])) < 300
    return [event["title"] for event in json.loads(body)["events"]]


@pytest.fixture
def receiver(services: Services) -> Any:
    server = Receiver()
    services.extra_env = {"FETCH_ALLOW": "127.0.0.1", "ALERT_RETRY_SECONDS": "0.3",
                          "ALERT_MAX_ATTEMPTS": "3"}  # fmt: skip
    yield server
    server.close()


def test_events_from_the_api_reach_email_and_webhook_once_per_dispatch(
    services: Services, receiver: Receiver
) -> None:
    services.sink = sink = Sink()
    sink.controller.start()
    rules(receiver)
    services.start_worker("alerts")
    created_through_the_api(1, "Rubio calls Jaishankar")
    services.call("digests.tasks.dispatch_alerts")
    wait_for(lambda: sink.total == 1 and len(receiver.received) == 1, 60, "one alert each")
    assert signed_events(*receiver.received[0]) == ["Rubio calls Jaishankar 0"]
    # A burst of ten is one message per rule.
    created_through_the_api(10, "Talks")
    services.call("digests.tasks.dispatch_alerts")
    wait_for(lambda: sink.total == 2 and len(receiver.received) == 2, 60, "one more each")
    assert signed_events(*receiver.received[1]) == [f"Talks {i}" for i in range(10)]
    services.call("digests.tasks.dispatch_alerts")  # nothing new: nothing sent
    time.sleep(LEASE_SECONDS + 1)
    assert (sink.total, len(receiver.received)) == (2, 2)
    assert dict(sink.recipients) == {"reader0@example.org": 2}
    assert AlertDelivery.objects.filter(status="sent").count() == 4


def test_a_receiver_that_fails_gets_retries_then_the_rule_pauses(
    services: Services, receiver: Receiver
) -> None:
    receiver.status = [500]
    hook = rules(receiver, emails=0)
    services.start_worker("alerts")
    created_through_the_api(1, "Talks")
    services.call("digests.tasks.dispatch_alerts")
    wait_for(lambda: Subscription.objects.get(pk=hook.pk).paused, 60, "the rule paused")
    hook.refresh_from_db()
    assert hook.paused_reason == "Paused after 3 failed attempts: HTTP 500: noted"
    assert len(receiver.received) == 3
    assert len({h["X-Tracker-Delivery"] for h, _ in receiver.received}) == 1  # one alert
    delivery = AlertDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 3)


def test_a_worker_killed_mid_send_doubles_nothing(services: Services, receiver: Receiver) -> None:
    services.sink = sink = Sink(rcpt_delay=0.15)
    sink.controller.start()
    rules(receiver, emails=30)
    worker = services.start_worker("victim")
    created_through_the_api(1, "Talks")
    services.call("digests.tasks.dispatch_alerts")
    wait_for(lambda: sink.total >= 8 and sink.holding.is_set(), 60, "alerts under way")
    services.kill_worker(worker)  # SIGKILL while a message is in the SMTP conversation
    assert sink.total < 30
    services.start_worker("replacement")
    time.sleep(LEASE_SECONDS + 0.5)
    services.call("digests.tasks.dispatch_alerts")  # re-queues the lost alerts
    wait_for(lambda: sink.total >= 30, 90, "every alert sent after the restart")
    time.sleep(LEASE_SECONDS + 1)
    assert dict(sink.recipients) == {f"reader{i}@example.org": 1 for i in range(30)}
    assert len(receiver.received) == 1
