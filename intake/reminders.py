"""The daily email of drafts waiting for review, for staff who asked for it. A row per
person and day is claimed before sending, so two workers never send the same reminder."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import ArticleImport, DraftEvent, ReviewReminder, ReviewReminderSent

log = logging.getLogger(__name__)
LISTED = 20  # articles named in one email; the rest are counted


def waiting() -> tuple[int, list[Any]]:
    """(drafts waiting, the articles that have them, newest first)."""
    articles = list(
        ArticleImport.objects.annotate(
            n_pending=Count("drafts", filter=Q(drafts__state=DraftEvent.State.PENDING))
        )
        .filter(n_pending__gt=0)
        .select_related("watched_source")
        .order_by("-created", "-id")
    )
    return sum(a.n_pending for a in articles), articles


def render(drafts: int, articles: list[Any], to: str) -> EmailMultiAlternatives:
    queue = settings.SITE_URL + reverse("admin:intake_articleimport_changelist")
    rows = [
        {
            "article": article,
            "pending": article.n_pending,
            "url": settings.SITE_URL
            + reverse("admin:intake_articleimport_change", args=[article.pk]),
        }
        for article in articles[:LISTED]
    ]
    context = {
        "drafts": drafts,
        "articles": len(articles),
        "rows": rows,
        "more": max(len(articles) - LISTED, 0),
        "queue": queue,
        "reminders": settings.SITE_URL + reverse("admin:intake_articleimport_reminder"),
    }
    subject = f"{drafts} draft event{'s' if drafts != 1 else ''} waiting for review"
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string("intake/email/review_reminder.txt", context), to=[to]
    )
    message.attach_alternative(
        render_to_string("intake/email/review_reminder.html", context), "text/html"
    )
    return message


def send_due(now: datetime | None = None) -> int:
    """Send today's reminders that are due and not yet sent; returns how many were sent.
    Nothing waiting, no email (a later run the same day sends one if drafts arrive)."""
    now = now or timezone.now()
    if now.hour < settings.REVIEW_REMINDER_HOUR:
        return 0
    count, articles = waiting()
    if not count:
        return 0
    sent = 0
    reminders = ReviewReminder.objects.select_related("user").filter(
        user__is_active=True, user__is_staff=True
    )
    for reminder in reminders.exclude(user__email=""):
        try:
            with transaction.atomic():
                claim = ReviewReminderSent.objects.create(user=reminder.user, day=now.date())
        except IntegrityError:  # sent today already, or another worker is sending it
            continue
        try:
            render(count, articles, reminder.user.email).send()
        except OSError:
            log.exception("review reminder to %s not sent", reminder.user.email)
            claim.delete()  # tried again at the next run
            continue
        claim.sent = timezone.now()
        claim.save(update_fields=["sent"])
        sent += 1
    return sent
