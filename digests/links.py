"""A subscriber's own links (signed tokens: manage, unsubscribe, confirm) and how a view
is named in words."""

from __future__ import annotations

import re

from django.conf import settings
from django.core import signing
from django.http import QueryDict
from django.urls import reverse

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


def describe(filters: str, *, links: bool = True) -> str:
    """The view in words: “tariffs”; US and IN; topic trade; #quad. With ``links=False``
    (what goes to an address nobody has confirmed yet) free text loses anything a mail
    program would turn into a link, and is cut short."""
    data = QueryDict(filters)
    parts = []
    if data.get("q"):
        text = data["q"] if links else linkless(data["q"])
        if text:
            parts.append(f"“{text}”")
    for key, label in (("country", ""), ("topic", "topic "), ("kind", ""), ("tag", "#")):
        values = data.getlist(key) if links else [linkless(v) for v in data.getlist(key)]
        values = [v for v in values if v]
        if values:
            parts.append(label + (" and ".join(values) if key == "country" else ", ".join(values)))
    return "; ".join(parts)


# Words a mail program shows as a link: a scheme, "www.", an address or a domain name.
LINK_LIKE = re.compile(r"\S*(?:[:/@\\]|www\.|\w\.[a-z]{2,})\S*", re.IGNORECASE)


def linkless(text: str, limit: int = 60) -> str:
    """Free text without link-like words, at most ``limit`` characters."""
    words = " ".join(LINK_LIKE.sub("…", text).split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
