"""The one access policy for reading the record: pages, feeds, the API, digests.

When ``TRACKER_PUBLIC`` is on, anyone reads. Otherwise a reader is an active user with
the view permission on events (the Viewers and Editors groups have it); digests of a
private record go only to such a reader, checked again before each one is sent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

READ_PERMISSION = "tracker.view_event"


def may_read(user: Any) -> bool:
    """Whether this user may read the record (whatever TRACKER_PUBLIC says)."""
    return bool(user is not None and user.is_active and user.has_perm(READ_PERMISSION))


def reads_record(user: Any) -> bool:
    """Whether this user (or visitor) may read the record now."""
    return settings.TRACKER_PUBLIC or may_read(user)


def private_refusal(request: HttpRequest) -> HttpResponse | None:
    """None if the request may read the record; else a login redirect or a 403."""
    if reads_record(request.user):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    raise PermissionDenied


def digest_refusal(subscription: Any) -> str:
    """Why this subscription may not receive a digest now ("" if it may): in private
    mode it must belong to a reader who still may read the record."""
    if settings.TRACKER_PUBLIC:
        return ""
    if subscription.user_id is None:
        return "The record is private and no reader owns this subscription."
    if not may_read(subscription.user):
        return "The reader who owns this subscription no longer has access to the record."
    return ""


def readers_only(view: Any) -> Any:
    """A GET (or HEAD) view of the record: for whoever may read it (see private_refusal)."""
    from functools import wraps

    from django.views.decorators.http import require_safe

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = private_refusal(request)
        if refused is not None:
            return refused
        return view(request, *args, **kwargs)

    return require_safe(wrapped)
