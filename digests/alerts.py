"""Alerts: the events newly recorded in a rule's view, and corrections of events it has
already announced, sent as it happens (each dispatch, every minute), daily or weekly, by
email or to a webhook (signed JSON, Slack, Microsoft Teams).

Exactly once per event and rule: a dispatch takes what was recorded between the rule's
cursor and a time no open transaction can still write before (tracker.clock), moves the
cursor with a conditional update (two dispatchers cannot both take the same stretch), and
writes the alert's items under unique constraints (rule and event, rule and correction).
Sending claims the alert as digests are claimed (digests.sending).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from intake.fetching import FetchError, post
from tracker.clock import safe_since
from tracker.models import Correction, Event

from . import sending
from .building import _message, filtered_events
from .links import links, view_name
from .models import AlertDelivery, AlertItem, Subscription
from .scheduling import lease, next_send_time

log = logging.getLogger(__name__)

Status = AlertDelivery.Status
Channel = Subscription.Channel
ITEMS = 100  # events in one alert; more are counted and left to the view's link
SIGNATURE_HEADER = "X-Tracker-Signature"


def rules_due(now: datetime) -> QuerySet[Subscription]:
    """Confirmed, running alert rules whose batch is due (as it happens: always)."""
    return (
        Subscription.objects.filter(confirmed_at__isnull=False, paused=False)
        .filter(Q(cadence=Subscription.Cadence.INSTANT) | ~Q(channel=Channel.EMAIL))
        .filter(Q(cadence=Subscription.Cadence.INSTANT) | Q(next_send_at__lte=now))
        .order_by("id")
    )


def waiting(rule: Subscription, since: datetime, until: datetime) -> QuerySet[Event]:
    """The events of the rule's view recorded in (since, until] that it has not sent."""
    announced = AlertItem.objects.filter(subscription=rule, correction__isnull=True)
    return (
        filtered_events(rule)
        .filter(created__gt=since, created__lte=until)
        .exclude(pk__in=announced.values("event_id"))
    )


def collect(rule: Subscription, now: datetime, until: datetime) -> AlertDelivery | None:
    """The alert a rule owes for what was recorded after its cursor and up to ``until``
    (None when nothing new matches, or when another dispatcher took this stretch)."""
    since = rule.alert_cursor or rule.confirmed_at or now
    if until <= since:
        return None
    announced = AlertItem.objects.filter(subscription=rule, correction__isnull=True)
    new = waiting(rule, since, until).order_by("created", "id").values_list("pk", flat=True)
    total = new.count()
    event_ids = list(new[:ITEMS])
    corrections = list(
        Correction.objects.filter(
            made__gt=since, made__lte=until, event_id__in=announced.values("event_id")
        )
        .exclude(  # (not the event items' NULLs: NOT IN with a NULL selects nothing)
            pk__in=AlertItem.objects.filter(subscription=rule, correction__isnull=False).values(
                "correction_id"
            )
        )
        .order_by("made", "id")
        .values_list("pk", "event_id")[:ITEMS]
    )
    moves: dict[str, Any] = {"alert_cursor": until}
    if rule.cadence != Subscription.Cadence.INSTANT:
        moves["next_send_at"] = next_send_time(rule, now)
    try:
        with transaction.atomic():
            mine = Subscription.objects.filter(pk=rule.pk, alert_cursor=rule.alert_cursor)
            if not mine.update(**moves):
                return None  # another dispatcher got here first
            if not event_ids and not corrections:
                return None
            delivery = AlertDelivery.objects.create(
                subscription=rule, event_count=total, correction_count=len(corrections)
            )
            AlertItem.objects.bulk_create(
                [AlertItem(delivery=delivery, subscription=rule, event_id=pk) for pk in event_ids]
                + [
                    AlertItem(delivery=delivery, subscription=rule, event_id=e, correction_id=c)
                    for c, e in corrections
                ]
            )
    except IntegrityError:  # an item already sent (restored data): the next dispatch retries
        log.warning("Alert rule %s: an item was already sent; not moved on", rule.pk)
        return None
    return delivery


def dispatch(now: datetime | None = None) -> list[int]:
    """Create the alerts that are due; returns their ids and those whose task was lost."""
    now = now or timezone.now()
    until = safe_since()
    ids = list(
        AlertDelivery.objects.filter(
            Q(status=Status.PENDING, created__lte=now - lease())
            | Q(status__in=[Status.SENDING, Status.RETRYING], claimed_at__lte=now - lease()),
            attempts__lt=settings.ALERT_MAX_ATTEMPTS,
        ).values_list("pk", flat=True)
    )
    for rule in rules_due(now):
        delivery = collect(rule, now, until)
        if delivery is not None:
            ids.append(delivery.pk)
    return ids


@dataclass
class Alert:
    delivery: AlertDelivery
    events: list[Event]
    corrections: list[Correction]

    @property
    def rule(self) -> Subscription:
        return self.delivery.subscription

    @property
    def more(self) -> int:
        return max(self.delivery.event_count - len(self.events), 0)

    @property
    def title(self) -> str:
        parts = []
        if self.delivery.event_count:
            count = self.delivery.event_count
            parts.append(f"{count} new event{'s' if count != 1 else ''}")
        if self.corrections:
            count = len(self.corrections)
            parts.append(f"{count} correction{'s' if count != 1 else ''}")
        return " ".join(f"{', '.join(parts)}: {view_name(self.rule)}".split())[:200]


def load(delivery: AlertDelivery) -> Alert:
    items = list(delivery.items.select_related("correction").order_by("id"))
    ids = [i.event_id for i in items if i.correction_id is None]
    events = {e.pk: e for e in Event.objects.with_details().filter(pk__in=ids)}
    corrected = [i.correction for i in items if i.correction is not None]
    titles = dict(
        Event.objects.filter(pk__in=[c.event_id for c in corrected]).values_list("pk", "title")
    )
    for correction in corrected:
        correction.event_title = titles.get(correction.event_id, "")  # type: ignore[attr-defined]
    return Alert(delivery, [events[pk] for pk in ids if pk in events], corrected)


def payload(alert: Alert) -> dict[str, Any]:
    """The JSON a generic webhook receives."""
    site = settings.SITE_URL
    rule = alert.rule
    return {
        "type": "alert",
        "delivery": alert.delivery.pk,
        "rule": {"id": rule.pk, "name": view_name(rule), "view": links(rule)["view"]},
        "events": [
            {
                "id": e.pk,
                "uid": str(e.uid),
                "title": e.title,
                "kind": e.kind.slug,
                "status": e.status,
                "date": e.display_date,
                "start": e.start.isoformat(),
                "start_precision": e.start_precision,
                "end": e.end.isoformat() if e.end else None,
                "end_precision": e.end_precision or None,
                "countries": sorted(c.code for c in e.countries.all()),
                "summary": e.summary,
                "url": f"{site}{e.get_absolute_url()}",
                "api_url": f"{site}/api/v1/events/{e.pk}/",
                "recorded": e.created.isoformat(),
            }
            for e in alert.events
        ],
        "more_events": alert.more,
        "corrections": [
            {
                "event": {
                    "id": c.event_id,
                    "title": c.event_title,  # type: ignore[attr-defined]
                    "url": f"{site}/events/{c.event_id}/",
                },
                "made": c.made.isoformat(),
                "changes": c.changes,
                "note": c.note,
                "summary": c.summary,
            }
            for c in alert.corrections
        ],
    }


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix time>,v1=<hex HMAC-SHA256 of "<unix time>." + body, keyed by the secret>``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markdown_escape(text: str) -> str:
    for mark in "\\[]()*_`#<>":
        text = text.replace(mark, f"\\{mark}")
    return text


def chat_message(alert: Alert, channel: str) -> dict[str, Any]:
    """A Slack or Teams incoming-webhook message: the title, a line per event and per
    correction, and a link to the view."""
    site = settings.SITE_URL
    if channel == Channel.SLACK:
        esc = _slack_escape

        def link(url: str, text: str) -> str:
            return f"<{url}|{esc(text)}>"
    else:
        esc = _markdown_escape

        def link(url: str, text: str) -> str:
            return f"[{esc(text)}]({url})"

    lines = [
        f"• {link(site + e.get_absolute_url(), e.title)} · {esc(e.display_date)} · "
        f"{esc(e.kind.name)} · {esc(', '.join(c.name for c in e.countries.all()))}"
        for e in alert.events
    ]
    if alert.more:
        lines.append(f"… and {alert.more} more: {link(links(alert.rule)['view'], 'the view')}")
    lines += [
        f"• Corrected: {link(f'{site}/events/{c.event_id}/', c.event_title)} · "  # type: ignore[attr-defined]
        f"{esc(c.summary)}" + (f" · {esc(c.note)}" if c.note else "")
        for c in alert.corrections
    ]
    heading = link(links(alert.rule)["view"], alert.title)
    text = "\n".join([f"*{heading}*" if channel == Channel.SLACK else f"**{heading}**", *lines])
    if channel == Channel.SLACK:
        return {"text": text, "unfurl_links": False}
    return {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": alert.title,
        "text": text.replace("\n", "\n\n"),
    }


def deliver_webhook(alert: Alert) -> tuple[bool, str]:
    """POST the alert; (whether the receiver took it, what it answered or why not)."""
    rule = alert.rule
    if rule.channel == Channel.WEBHOOK:
        data: dict[str, Any] = payload(alert)
    else:
        data = chat_message(alert, rule.channel)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": f"EngagementTracker/1.0 (+{settings.SITE_URL}; alerts)",
        "X-Tracker-Delivery": str(alert.delivery.pk),
    }
    if rule.channel == Channel.WEBHOOK:
        headers[SIGNATURE_HEADER] = signature(rule.secret, int(time.time()), body)
    try:
        answer = post(rule.url, body, headers)
    except FetchError as exc:
        return False, str(exc)
    said = f"HTTP {answer.status}"
    if 200 <= answer.status < 300:
        return True, said
    text = answer.text().strip()
    return False, f"{said}: {text[:200]}" if text else said


def email_message(alert: Alert) -> Any:
    rule = alert.rule
    urls = links(rule)
    context = {
        "alert": alert,
        "name": view_name(rule),
        "links": urls,
        "site_url": settings.SITE_URL,
    }
    text = render_to_string("digests/email/alert.txt", context)
    html = render_to_string("digests/email/alert.html", context)
    message = _message(rule.email, urls["unsubscribe"], alert.title, text, html)
    message.extra_headers["Message-ID"] = f"<alert-{alert.delivery.pk}@{sending.MESSAGE_DOMAIN}>"
    return message


def send(delivery_ids: list[int]) -> list[int]:
    """Claim and send these alerts (emails over one SMTP connection); returns the ids to
    try again later. A webhook that keeps failing pauses its rule, saying why."""
    retry: list[int] = []
    claimed = sending.claim_many(delivery_ids, timezone.now(), model=AlertDelivery)
    connection = None
    try:
        for delivery in claimed:
            alert = load(delivery)
            if not alert.events and not alert.corrections and not alert.more:
                sending._finish(delivery, Status.EMPTY)  # its events were deleted meanwhile
                continue
            rule = delivery.subscription
            if rule.channel == Channel.EMAIL:
                connection = connection or get_connection()
                message = email_message(alert)
                message.connection = connection
                outcome = sending.mail(delivery, message, connection)
                if outcome == "retry":
                    retry.append(delivery.pk)
                if outcome != "sent":
                    continue
                said = "accepted by the mail server"
            else:
                taken, said = deliver_webhook(alert)
                if not taken:
                    if _failed(delivery, said):
                        retry.append(delivery.pk)
                    continue
            sending._finish(delivery, Status.SENT, sent_at=timezone.now(), response=said)
            if rule.failures:
                Subscription.objects.filter(pk=rule.pk).update(failures=0)
    finally:
        if connection is not None:
            connection.close()
    return retry


def _failed(delivery: AlertDelivery, reason: str) -> bool:
    """Record a failed webhook attempt: True to try again, False when it was the last one
    (then the rule pauses with the reason)."""
    attempts = delivery.attempts + 1  # the row read before the claim counted this one
    if attempts < settings.ALERT_MAX_ATTEMPTS:
        sending._finish(delivery, Status.RETRYING, error=f"Attempt {attempts}: {reason}")
        return True
    sending._finish(delivery, Status.FAILED, error=f"Attempt {attempts}: {reason}")
    sending.pause(delivery.subscription, f"Paused after {attempts} failed attempts: {reason}")
    log.warning("Alert %s failed after %s attempts: %s", delivery.pk, attempts, reason)
    return False
