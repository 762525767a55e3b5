"""Weekly digests in one process (Celery eager, Django's test mail outbox): scheduling,
content, exactly-once claims, failures, and the subscriber's pages."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from digests import building, links, scheduling, sending, tasks
from digests.models import DigestDelivery, Subscription
from tests.factories import EventFactory, ParticipationFactory, TopicFactory, kind
from tracker.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eager(eager_celery: None) -> None:
    """Tasks run in-process here."""


# Monday 2 March 2026, 08:00 in Kolkata.
SLOT = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)


def subscription(**overrides: Any) -> Subscription:
    values: dict[str, Any] = {
        "email": "reader@example.org",
        "filters": "country=US&country=IN",
        "weekday": 0,
        "hour": 8,
        "timezone": "Asia/Kolkata",
        "confirmed_at": SLOT - timedelta(days=30),
        "next_send_at": SLOT,
    }
    values.update(overrides)
    return Subscription.objects.create(**values)


def week_events() -> dict[str, Event]:
    with time_machine.travel(SLOT - timedelta(days=20), tick=False):
        happened = EventFactory.create(
            title="Trade ministers meet",
            start=(SLOT - timedelta(days=3)).date(),
            countries=["US", "IN"],
            kind=kind("meeting"),
        )
        ParticipationFactory.create(event=happened, title_at_time="Commerce Secretary")
        old = EventFactory.create(
            title="Old talks", start=(SLOT - timedelta(days=60)).date(), countries=["US", "IN"]
        )
        backfilled = EventFactory.create(
            title="Back-filled call",
            start=(SLOT - timedelta(days=40)).date(),
            countries=["US", "IN"],
        )
        elsewhere = EventFactory.create(
            title="Canada talks", start=(SLOT - timedelta(days=2)).date(), countries=["US", "CA"]
        )
        soon = EventFactory.create(
            title="Summit next week",
            start=(SLOT + timedelta(days=6)).date(),
            countries=["US", "IN"],
            status="scheduled",
        )
    with time_machine.travel(SLOT - timedelta(days=1), tick=False):
        backfilled.summary = "Added late by an editor."
        backfilled.save()
    return {
        "happened": happened,
        "old": old,
        "backfilled": backfilled,
        "elsewhere": elsewhere,
        "soon": soon,
    }


def test_next_send_time_keeps_the_local_hour_across_daylight_saving() -> None:
    london = Subscription(weekday=6, hour=8, timezone="Europe/London")
    before = scheduling.next_send_time(london, datetime(2026, 3, 20, tzinfo=UTC))
    after = scheduling.next_send_time(london, before)
    assert before == datetime(2026, 3, 22, 8, 0, tzinfo=UTC)  # GMT
    assert after == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # BST from 29 March
    for moment in (before, after):
        local = moment.astimezone(ZoneInfo("Europe/London"))
        assert (local.weekday(), local.hour) == (6, 8)
    autumn = scheduling.next_send_time(london, datetime(2026, 10, 24, tzinfo=UTC))
    assert autumn == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)


def test_digest_content(client: Client) -> None:
    events = week_events()
    sub = subscription()
    digest = building.build(sub, SLOT - scheduling.PERIOD, SLOT)
    titles = {e.title for g in digest.groups for e in g["events"]}
    assert titles == {"Trade ministers meet", "Back-filled call"}
    assert [e.title for e in digest.upcoming] == ["Summit next week"]
    assert digest.groups[0]["title"] == "India – United States of America"
    message = building.render(digest)
    html = str(message.alternatives[0][0])
    assert message.subject == "2 events: US and IN"
    for part in (message.body, html):
        assert "Trade ministers meet" in part
        assert "Commerce Secretary" in part
        assert f"http://testserver/events/{events['happened'].pk}/" in part or (
            f"/events/{events['happened'].pk}/" in part
        )
        assert "Summit next week" in part
        assert "/digests/unsubscribe/" in part
        assert "Old talks" not in part
        assert "Canada talks" not in part
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("http")
    # Every link in the digest opens.
    for url in [unsubscribe, links.links(sub)["manage"], links.links(sub)["view"]]:
        path = url.split("://", 1)[1].split("/", 1)[1]
        assert client.get("/" + path).status_code == 200, url


def test_digest_escapes_markup() -> None:
    EventFactory.create(
        title='<script>alert("x")</script> talks',
        start=(SLOT - timedelta(days=1)).date(),
        countries=["US", "IN"],
    )
    message = building.render(building.build(subscription(), SLOT - scheduling.PERIOD, SLOT))
    html = str(message.alternatives[0][0])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_exactly_one_digest_per_period_however_often_the_dispatcher_runs(settings: Any) -> None:
    week_events()
    subscription()
    subscription(email="unconfirmed@example.org", confirmed_at=None)
    subscription(email="paused@example.org", paused=True)
    with time_machine.travel(SLOT + timedelta(minutes=5), tick=False):
        tasks.dispatch_digests()
        tasks.dispatch_digests()
        call_command("send_digests", "--now", stdout=None)
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    delivery = DigestDelivery.objects.get()
    assert (delivery.status, delivery.event_count) == ("sent", 2)
    assert delivery.message_id.startswith("<")
    # The delivery can be claimed only once, whatever the task queue does.
    assert sending.claim(delivery.pk, SLOT + timedelta(hours=1)) is None
    tasks.send_digests([delivery.pk, delivery.pk])
    assert len(mail.outbox) == 1
    sub = Subscription.objects.get(email="reader@example.org")
    assert sub.next_send_at == SLOT + timedelta(days=7)
    # The next week sends the next one.
    with time_machine.travel(SLOT + timedelta(days=7, minutes=1), tick=False):
        tasks.dispatch_digests()
    assert len(mail.outbox) == 2


def test_a_period_whose_delivery_exists_already_is_passed_over() -> None:
    """Restored data can hold the delivery of a period the subscription has not moved past:
    the dispatcher moves on instead of failing on the unique constraint every time."""
    week_events()
    sub = subscription()
    DigestDelivery.objects.create(
        subscription=sub, period_start=SLOT - scheduling.PERIOD, period_end=SLOT, status="sent"
    )
    with time_machine.travel(SLOT + timedelta(minutes=1), tick=False):
        assert tasks.dispatch_digests() == 0
    sub.refresh_from_db()
    assert sub.next_send_at == SLOT + timedelta(days=7)
    assert DigestDelivery.objects.count() == 1
    assert mail.outbox == []


def test_a_batch_that_outlasts_its_lease_leaves_what_another_worker_took(
    settings: Any,
) -> None:
    week_events()
    first, second = subscription(), subscription(email="other@example.org")
    with time_machine.travel(SLOT + timedelta(minutes=1), tick=False):
        ids = [d.pk for s in (first, second) for d in scheduling.schedule(s, timezone.now())]
        held_since = timezone.now()
        assert len(sending.claim_many(ids, held_since)) == 2
    lease = timedelta(seconds=settings.DIGEST_LEASE_SECONDS)
    with time_machine.travel(held_since + lease + timedelta(seconds=1), tick=False):
        assert [d.pk for d in sending.claim_many([ids[1]], timezone.now())] == [ids[1]]
        still, renewed_at = sending._renew(ids, held_since)
    assert still == {ids[0]}  # the first worker keeps only what nobody took over
    assert DigestDelivery.objects.get(pk=ids[0]).claimed_at == renewed_at


def test_a_quiet_week_sends_nothing_unless_asked() -> None:
    subscription()
    subscription(email="wants-notes@example.org", send_empty=True)
    with time_machine.travel(SLOT + timedelta(minutes=1), tick=False):
        tasks.dispatch_digests()
    assert [m.to for m in mail.outbox] == [["wants-notes@example.org"]]
    assert mail.outbox[0].subject.startswith("No new events this week")
    assert DigestDelivery.objects.filter(status="empty").count() == 1


def test_a_long_outage_sends_one_digest_not_a_backlog() -> None:
    week_events()
    subscription(next_send_at=SLOT - timedelta(days=21))
    with time_machine.travel(SLOT + timedelta(minutes=1), tick=False):
        tasks.dispatch_digests()
    assert len(mail.outbox) == 1
    assert Subscription.objects.get().next_send_at == SLOT + timedelta(days=7)


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages: Any) -> int:
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"No such user")})


class BusyBackend(BaseEmailBackend):
    def send_messages(self, messages: Any) -> int:
        raise smtplib.SMTPResponseException(451, b"Try again later")


def test_permanent_failures_pause_the_subscription(settings: Any) -> None:
    settings.EMAIL_BACKEND = "tests.digests.test_digests.RefusingBackend"
    week_events()
    sub = subscription(send_empty=True)
    for week in range(3):
        with time_machine.travel(SLOT + timedelta(days=7 * week, minutes=1), tick=False):
            tasks.dispatch_digests()
    sub.refresh_from_db()
    assert sub.paused
    assert "550" in sub.paused_reason or "No such user" in sub.paused_reason
    assert DigestDelivery.objects.filter(status="failed").count() == 3


def test_temporary_failures_are_retried(settings: Any) -> None:
    settings.EMAIL_BACKEND = "tests.digests.test_digests.BusyBackend"
    week_events()
    subscription()
    with time_machine.travel(SLOT + timedelta(minutes=1), tick=False):
        delivery = scheduling.schedule(Subscription.objects.get(), SLOT + timedelta(minutes=1))[0]
        with pytest.raises(sending.TemporaryFailure):
            sending.send([delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == "retrying"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sending.send([delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_subscribe_confirm_manage_and_unsubscribe(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/digests/subscribe/",
            {
                "email": "new@example.org",
                "filters": "?country=US&country=IN&cursor=abc",
                "weekday": "4",
                "hour": "9",
                "timezone": "Europe/Paris",
            },
        )
    assert response.status_code == 200
    sub = Subscription.objects.get(email="new@example.org")
    assert (sub.filters, sub.confirmed) == ("country=US&country=IN", False)
    assert len(mail.outbox) == 1
    link = next(w for w in mail.outbox[0].body.split() if "/digests/confirm/" in w)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert "Confirm" in client.get(path).content.decode()
    sub.refresh_from_db()
    assert not sub.confirmed  # opening the link (as mail scanners do) does not confirm
    client.post(path)
    sub.refresh_from_db()
    assert sub.confirmed
    local = sub.next_send_at.astimezone(ZoneInfo("Europe/Paris"))
    assert (local.weekday(), local.hour) == (4, 9)

    manage = links.links(sub)["manage"].split("testserver")[-1].split("8000")[-1]
    TopicFactory.create(slug="trade", name="Trade")  # the manage form checks the filters
    page = client.get(manage)
    assert page.status_code == 200
    html = page.content.decode()
    # The view is edited with the timeline's own filter fields, and said in words.
    assert "<strong>US and IN</strong>" in html
    assert '<input type="checkbox" name="country" value="US" checked>' in html
    assert 'id="f-q"' in html
    assert 'name="filters"' not in html
    client.post(
        manage,
        {
            "name": "US–India",
            "country": ["US", "IN"],
            "topic": "trade",
            "q": "",
            "weekday": "0",
            "hour": "7",
            "timezone": "Asia/Kolkata",
        },
    )
    sub.refresh_from_db()
    assert (sub.name, sub.weekday, sub.hour, sub.timezone) == ("US–India", 0, 7, "Asia/Kolkata")
    assert sub.filters == "country=US&country=IN&topic=trade"
    # A view that is not valid is a form error; nothing changes.
    bad = client.post(
        manage,
        {"name": "x", "date_from": "2025-13", "weekday": "0", "hour": "7", "timezone": "UTC"},
    )
    assert "The view: These filters are not valid" in bad.content.decode()
    sub.refresh_from_db()
    assert (sub.name, sub.filters) == ("US–India", "country=US&country=IN&topic=trade")
    preview = client.get(manage.replace("/manage/", "/preview/"))
    assert "US–India" in preview.content.decode()

    # RFC 8058 one-click: a POST without a session or CSRF token.
    unsubscribe = links.links(sub)["unsubscribe"].split("8000")[-1]
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=sub.pk).exists()
    assert client.get(unsubscribe).status_code == 404


def test_bad_subscriptions_are_refused(client: Client) -> None:
    response = client.post(
        "/digests/subscribe/",
        {"email": "not-an-email", "weekday": "9", "hour": "30", "timezone": "Mars/Olympus"},
    )
    assert response.status_code == 400
    assert not Subscription.objects.exists()
    assert client.get("/digests/manage/forged-token/").status_code == 404


def test_the_subscribe_page_shows_the_form_for_a_view_and_keeps_what_was_typed(
    client: Client,
) -> None:
    page = client.get("/digests/subscribe/?country=FR&cursor=abc")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Email me about this view" in html
    assert "<strong>FR</strong>" in html
    assert 'name="filters" value="country=FR"' in html  # the view, without its page cursor
    # A mistake shows the same form again, with what was typed and the error by its field.
    response = client.post(
        "/digests/subscribe/",
        {"email": "someone@", "filters": "country=FR", "weekday": "2", "hour": "18"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="someone@"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="s-email-error"' in html
    assert "valid email" in html
    assert '<option value="2" selected>' in html
    assert '<option value="18" selected>' in html
    assert 'name="filters" value="country=FR"' in html
    assert not Subscription.objects.exists()
    # A view that is not valid says so, with a way back.
    bad = client.get("/digests/subscribe/?date_from=not-a-date")
    assert bad.status_code == 400
    assert "not valid" in bad.content.decode()


def test_send_digests_command(capsys: Any) -> None:
    week_events()
    sub = subscription()
    with time_machine.travel(SLOT + timedelta(minutes=1), tick=False):
        call_command("send_digests", "--dry-run")
        assert "2 event(s), 1 coming up" in capsys.readouterr().out
        assert mail.outbox == []
        call_command("send_digests", "--subscription", str(sub.pk), "--now")
    assert len(mail.outbox) == 1


def test_subscribers_of_the_same_view_get_their_own_links() -> None:
    week_events()
    first, second = subscription(), subscription(email="other@example.org")
    named = subscription(email="named@example.org", name="My <India> desk")
    with time_machine.travel(SLOT + timedelta(minutes=1), tick=False):
        tasks.dispatch_digests()  # one batch: the view is rendered once, then personalised
    by_address = {m.to[0]: m for m in mail.outbox if isinstance(m, EmailMultiAlternatives)}
    assert set(by_address) == {first.email, second.email, named.email}
    for sub in (first, second, named):
        message = by_address[sub.email]
        link = next(w for w in message.body.split() if "/digests/unsubscribe/" in w)
        assert links.subscription_for(link.rstrip("/").rsplit("/", 1)[1]) == sub
        assert "Trade ministers meet" in message.body
        html = str(message.alternatives[0][0])
        assert f'href="{link}"' in html
        assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
        assert "trackerlink" not in message.body + html
    assert by_address[named.email].subject.endswith(": My <India> desk")
    assert "My &lt;India&gt; desk" in str(by_address[named.email].alternatives[0][0])
    assert "My <India> desk" not in by_address[first.email].subject


@pytest.mark.django_db(transaction=True)  # as in a worker: no transaction around the send
def test_an_accepted_message_is_recorded_even_if_the_database_blinks(
    monkeypatch: Any, seeded: None
) -> None:
    """A database restart between the mail server's acceptance and the record must not
    leave the delivery to be sent again after its lease."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    week_events()
    sub = subscription()
    with time_machine.travel(SLOT + timedelta(minutes=1), tick=False):
        (delivery,) = scheduling.schedule(sub, timezone.now())
    real_update = QuerySet.update
    failures = iter([True, True])

    def flaky_update(self: QuerySet[Any], **kwargs: Any) -> int:
        recording = self.model is DigestDelivery and kwargs.get("status") == "sent"
        if recording and next(failures, False):
            raise OperationalError("terminating connection due to administrator command")
        return real_update(self, **kwargs)

    waits: list[float] = []
    monkeypatch.setattr(QuerySet, "update", flaky_update)
    monkeypatch.setattr(sending, "sleep", waits.append)
    sending.send([delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert waits == [0.5, 1]
    assert len(mail.outbox) == 1
