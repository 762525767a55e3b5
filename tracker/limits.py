"""Rate limits on sign-in and subscribe attempts per client address (django-ratelimit
counts them in the cache). With the cache away the attempt goes through: refusing every
reader because Redis restarted would be worse than a few unlimited minutes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

log = logging.getLogger(__name__)


def rate_limited(request: HttpRequest) -> HttpResponse:
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def limit_posts(setting: str) -> Callable[[Any], Any]:
    """Refuse POSTs from an address beyond the rate in ``settings.<setting>`` ("10/m")."""

    def decorator(view: Any) -> Any:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                over = is_ratelimited(
                    request,
                    group=setting,
                    key="ip",
                    rate=getattr(settings, setting),
                    method="POST",
                    increment=True,
                )
            except Exception as exc:  # the cache is away
                log.warning("%s not checked: %s", setting, type(exc).__name__)
                over = False
            if over:
                log.info("%s refused a request from %s", setting, request.META.get("REMOTE_ADDR"))
                return rate_limited(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
