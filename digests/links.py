"""A subscriber's own links (signed tokens: manage, unsubscribe, confirm) and how a view
is named (in words: tracker.filters.describe)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from tracker.filters import describe

from .models import Subscription

TOKEN_SALT = "tracker.digest"  # noqa: S105 - a signing namespace, not a secret
PERSONAL = ("manage", "unsubscribe", "confirm")  # links that act for the subscriber


def token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=TOKEN_SALT)


def subscription_for(value: str, max_age: int | None = None) -> Subscription | None:
    try:
        data = signing.loads(value, salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=data.get("s"), email=data.get("e")).first()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def links(subscription: Subscription) -> dict[str, str]:
    value = token(subscription)
    view = reverse("tracker:timeline") + (
        f"?{subscription.filters}" if subscription.filters else ""
    )
    return {
        "view": absolute(view),
        "manage": absolute(reverse("digests:subscription-manage", args=[value])),
        "unsubscribe": absolute(reverse("digests:unsubscribe", args=[value])),
        "confirm": absolute(reverse("digests:subscription-confirm", args=[value])),
    }


def view_name(subscription: Subscription) -> str:
    if subscription.name:
        return subscription.name
    return describe(subscription.filters) or "Everything in the record"
