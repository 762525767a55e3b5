"""Alert rules in one process: what a dispatch collects (new events in the rule's view,
corrections of events it announced, once each), what each channel receives (email, a
signed JSON webhook checked here by an independent HMAC, Slack, Teams), retries and the
pause of a rule whose receiver keeps failing, the admin's webhook rules, and the public
form's choice of alerts. The worker tests (test_alert_worker.py) run it on real parts."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from digests import alerts
from digests.models import AlertDelivery, Subscription
from tests.factories import EventFactory
from tests.workers import Receiver
from tracker import clock
from tracker.models import Event
from tracker.services import update_event

pytestmark = pytest.mark.django_db


def rule(**fields: Any) -> Subscription:
    start = timezone.now() - timedelta(minutes=10)
    values: dict[str, Any] = {
        "email": "reader@example.org",
        "filters": "country=US&country=IN",
        "cadence": "instant",
        "timezone": "UTC",
        "confirmed_at": start,
        "alert_cursor": start,
    }
    return Subscription.objects.create(**{**values, **fields})


def hook(url: str, channel: str = "webhook", **fields: Any) -> Subscription:
    return rule(email="", channel=channel, url=url, secret="secret-for-tests", **fields)


def recorded(count: int, countries: tuple[str, ...] = ("US", "IN"), **fields: Any) -> list[Event]:
    return [
        EventFactory.create(title=f"Talks {i}", countries=list(countries), **fields)
        for i in range(count)
    ]


def verified(
    secret: str, headers: dict[str, str], body: bytes, now: float | None = None
) -> dict[str, Any]:
    """The receiver's side, written apart from the project's code."""
    fields = dict(part.split("=", 1) for part in headers["X-Tracker-Signature"].split(","))
    signed = fields["t"].encode() + b"." + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, fields["v1"])
    assert abs((now or time.time()) - int(fields["t"])) < 300  # replay window
    return json.loads(body)


def run() -> list[int]:
    """One dispatch, and sending what it made; returns what is left to retry."""
    return alerts.send(alerts.dispatch())


@pytest.fixture(autouse=True)
def one_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """One process, one clock: a dispatch sees what was recorded just before it."""
    monkeypatch.setattr(clock, "MARGIN", timedelta(0))


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.FETCH_ALLOW = ["127.0.0.1"]
    server = Receiver()
    yield server
    server.close()


def test_a_burst_is_one_alert_per_rule_and_channel(receiver: Receiver) -> None:
    email = rule()
    signed, slack, teams = (hook(receiver.url, c) for c in ("webhook", "slack", "teams"))
    recorded(10)
    recorded(1, ("FR", "DE"))  # outside the view
    assert run() == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "10 new events: US and IN"
    assert "Talks 9" in message.body
    assert "Unsubscribe:" in message.body
    assert message.extra_headers["Message-ID"].startswith("<alert-")
    assert len(receiver.received) == 3
    by_channel = {
        Subscription.objects.get(
            pk=AlertDelivery.objects.get(pk=int(h["X-Tracker-Delivery"])).subscription_id
        ).channel: (h, body)
        for h, body in receiver.received
    }
    headers, body = by_channel["webhook"]
    data = verified(signed.secret, headers, body)
    assert len(data["events"]) == 10
    assert data["more_events"] == 0
    assert {tuple(e["countries"]) for e in data["events"]} == {("IN", "US")}
    assert data["rule"]["id"] == signed.pk
    assert "X-Tracker-Signature" not in by_channel["slack"][0]  # chat webhooks are unsigned
    slack_text = json.loads(by_channel["slack"][1])["text"]
    assert slack_text.startswith("*<http://")
    assert "|Talks 0>" in slack_text
    card = json.loads(by_channel["teams"][1])
    assert card["@type"] == "MessageCard"
    assert "[Talks 0](http" in card["text"]
    # Each event once per rule: nothing more on the next dispatch.
    assert run() == []
    assert len(mail.outbox) == 1
    assert len(receiver.received) == 3
    assert AlertDelivery.objects.filter(status="sent").count() == 4
    assert {d.event_count for d in AlertDelivery.objects.all()} == {10}
    assert {email.pk, slack.pk, teams.pk} <= set(
        AlertDelivery.objects.values_list("subscription", flat=True)
    )


def test_an_event_created_through_the_api_is_alerted(client: Client, superuser: User) -> None:
    rule()
    client.force_login(superuser)
    body = {"title": "Rubio calls Jaishankar", "kind": "call", "start": "2025-02-15",
            "countries": ["US", "IN"]}  # fmt: skip
    response = client.post("/api/v1/events/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    run()
    assert [m.subject for m in mail.outbox] == ["1 new event: US and IN"]
    assert "Rubio calls Jaishankar" in mail.outbox[0].body
    html = str(mail.outbox[0].alternatives[0][0])  # type: ignore[attr-defined]
    assert "Rubio calls Jaishankar" in html
    assert "Change these alerts" in html


def test_corrections_of_announced_events_follow(receiver: Receiver) -> None:
    email, signed = rule(), hook(receiver.url)
    announced = recorded(1)[0]
    unannounced = recorded(1, ("FR", "DE"))[0]
    run()
    assert len(mail.outbox) == 1
    update_event(announced, start="2025-02-06", correction_note="The call was a day later.")
    update_event(unannounced, start="2025-02-06")
    run()
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert message.subject == "1 correction: US and IN"
    assert "Corrected on" in message.body
    assert "5 Feb 2025 → 6 Feb 2025" in message.body
    assert "The call was a day later." in message.body
    data = verified(
        signed.secret,
        *receiver.received[-1],
    )
    assert data["events"] == []
    assert data["corrections"][0]["event"]["id"] == announced.pk
    assert data["corrections"][0]["note"] == "The call was a day later."
    run()  # once
    assert len(mail.outbox) == 2
    assert len(receiver.received) == 2
    assert email.pk != signed.pk


def test_a_failing_receiver_is_retried_then_pauses_its_rule(
    settings: Any,
    receiver: Receiver,
    client: Client,
    superuser: User,
    django_capture_on_commit_callbacks: Any,
    eager_celery: None,
) -> None:
    settings.ALERT_MAX_ATTEMPTS = 3
    receiver.status = [500]
    signed = hook(receiver.url)
    recorded(2)
    ids = alerts.dispatch()
    assert alerts.send(ids) == ids  # try again
    delivery = AlertDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("retrying", 1)
    assert delivery.error == "Attempt 1: HTTP 500: noted"
    assert alerts.send(ids) == ids
    assert alerts.send(ids) == []  # the third attempt was the last
    delivery.refresh_from_db()
    signed.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert signed.paused
    assert signed.paused_reason == "Paused after 3 failed attempts: HTTP 500: noted"
    assert len(receiver.received) == 3
    # A paused rule collects nothing; fixed and unpaused, the failed alert is sent again
    # from the admin, with what it held.
    recorded(1)
    assert alerts.dispatch() == []
    receiver.status = [204]
    Subscription.objects.filter(pk=signed.pk).update(paused=False, paused_reason="")
    client.force_login(superuser)
    listing = client.get("/admin/digests/alertdelivery/")
    assert "Failed" in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/digests/alertdelivery/",
            {"action": "send_again", "_selected_action": [delivery.pk]},
        )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response) == ("sent", "HTTP 204")
    assert len(verified(signed.secret, *receiver.received[-1])["events"]) == 2
    assert run() == []  # and the one recorded while paused
    assert len(verified(signed.secret, *receiver.received[-1])["events"]) == 1


def test_daily_webhook_rules_wait_for_their_hour(receiver: Receiver) -> None:
    later = timezone.now() + timedelta(hours=3)
    hook(receiver.url, cadence="daily", next_send_at=later)
    recorded(2)
    assert run() == []
    assert receiver.received == []
    with time_machine.travel(later + timedelta(minutes=1)):
        assert run() == []
    sent = verified("secret-for-tests", *receiver.received[0], now=later.timestamp() + 60)
    assert len(sent["events"]) == 2
    assert (Subscription.objects.get().next_send_at or later) > later


def test_the_admin_makes_webhook_rules_and_shows_the_secret_to_editors(
    settings: Any, client: Client, superuser: User
) -> None:
    settings.FETCH_ALLOW = []
    client.force_login(superuser)
    form = {"email": "", "filters": "country=US", "name": "US to chat", "cadence": "instant",
            "channel": "webhook", "weekday": "0", "hour": "8", "timezone": "UTC",
            "deliveries-TOTAL_FORMS": "0", "deliveries-INITIAL_FORMS": "0",
            "alert_deliveries-TOTAL_FORMS": "0", "alert_deliveries-INITIAL_FORMS": "0"}  # fmt: skip
    missing = client.post("/admin/digests/subscription/add/", form)
    assert missing.status_code == 200
    assert "A webhook rule needs the URL to post to." in missing.content.decode()
    bad = client.post("/admin/digests/subscription/add/", {**form, "url": "ftp://x.test/"})
    assert "Only http and https addresses are fetched." in bad.content.decode()
    assert not Subscription.objects.exists()
    made = client.post(
        "/admin/digests/subscription/add/", {**form, "url": "https://hooks.example.org/a"}
    )
    assert made.status_code == 302
    rule_ = Subscription.objects.get()
    assert rule_.confirmed
    assert len(rule_.secret) == 64
    assert rule_.user == superuser
    assert rule_.alert_cursor is not None
    page = client.get(f"/admin/digests/subscription/{rule_.pk}/change/").content.decode()
    assert rule_.secret in page


def test_the_public_form_offers_alerts(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/digests/subscribe/",
            {
                "email": "fast@example.org",
                "filters": "country=US",
                "cadence": "instant",
                "weekday": "0",
                "hour": "8",
                "timezone": "UTC",
            },
        )
    assert response.status_code == 200
    assert mail.outbox[0].subject == "Confirm your email alerts"
    subscription = Subscription.objects.get()
    assert subscription.cadence == "instant"
    assert subscription.alert_cursor is None
    bad = client.post(
        "/digests/subscribe/",
        {
            "email": "x@example.org",
            "filters": "",
            "cadence": "hourly",
            "weekday": "0",
            "hour": "8",
            "timezone": "UTC",
        },
    )
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()


def test_the_command_counts_and_sends_what_is_waiting(client: Client) -> None:
    from io import StringIO

    from django.core.management import call_command

    subscription = rule()
    recorded(3)
    out = StringIO()
    call_command("send_alerts", "--dry-run", stdout=out)
    assert f"{subscription.pk} reader@example.org: 3 new event(s)" in out.getvalue()
    assert not AlertDelivery.objects.exists()  # counting moves nothing
    call_command("send_alerts", "--now", stdout=out)
    assert "Alerts: 1 handled, 0 to try again" in out.getvalue()
    assert [m.subject for m in mail.outbox] == ["3 new events: US and IN"]
    # The subscriber's pages say what was asked for.
    from digests.links import token

    page = client.get(f"/digests/confirm/{token(subscription)}/").content.decode()
    assert "Alerts of <strong>US and IN</strong> will reach reader@example.org" in page
    page = client.get(f"/digests/manage/{token(subscription)}/").content.decode()
    assert "<h1>Your email alerts</h1>" in page


def test_a_flood_is_listed_in_part_and_counted(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(alerts, "ITEMS", 3)
    rule()
    signed = hook(receiver.url)
    recorded(5)
    run()
    assert mail.outbox[0].subject == "5 new events: US and IN"
    assert "… and 2 more in the view: http" in mail.outbox[0].body
    data = verified(signed.secret, *receiver.received[0])
    assert [e["title"] for e in data["events"]] == ["Talks 0", "Talks 1", "Talks 2"]
    assert data["more_events"] == 2
    run()  # the rest were counted, not left for later
    assert len(mail.outbox) == 1
