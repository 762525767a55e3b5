"""Rate limits on sign-in and subscribe attempts and on exports, counted in the database.

Every process counts the same attempts (several gunicorn workers, with or without Redis,
and while Redis restarts), because each attempt is one atomic increment of a row per limit,
client and time window (``RateCounter``). Attempts are rare writes (a sign-in, a
subscription) or follow work far larger than the row (an export reads up to thousands of
events), so the row costs nothing that matters. The API's per-request throttles
are another matter: they use the cache (see README, Security).
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .models import RateCounter

log = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
KEEP = timedelta(days=2)  # counters older than this are deleted now and then


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/m" → (10, 60): attempts allowed per period of seconds."""
    count, _, period = rate.partition("/")
    unit = period.strip()[-1:].lower()
    amount = period.strip()[:-1]
    if not count.strip().isdigit() or unit not in PERIODS or not (amount == "" or amount.isdigit()):
        raise ValueError(f"Not a rate: {rate!r} (write it as 10/m, 20/h or 5/d).")
    return int(count), int(amount or 1) * PERIODS[unit]


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the header a proxy sets (CLIENT_IP_HEADER).
    Of a list (X-Forwarded-For: "a, b") the last value is the one our proxy added; the
    ones before it came with the request, and a client can write anything there."""
    header = settings.CLIENT_IP_HEADER or "REMOTE_ADDR"
    value = request.META.get(header) or request.META.get("REMOTE_ADDR") or "unknown"
    return value.split(",")[-1].strip() or "unknown"


def hit(name: str, who: str, rate: str, now: datetime | None = None) -> bool:
    """Count one attempt of ``name`` by (or to) ``who``; True if it is over ``rate``."""
    allowed, seconds = parse_rate(rate)
    now = now or timezone.now()
    window = datetime.fromtimestamp(now.timestamp() // seconds * seconds, tz=now.tzinfo)
    key = hashlib.sha256(f"{name}\x00{who}".encode()).hexdigest()
    rows = RateCounter.objects.filter(key=key, window=window)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window=window, count=1)
            except IntegrityError:  # another process created it first
                rows.update(count=F("count") + 1)
        count = rows.values_list("count", flat=True).first() or 0
    if random.random() < 0.01:
        RateCounter.objects.filter(window__lt=now - KEEP).delete()
    return count > allowed


def rate_limited(request: HttpRequest) -> HttpResponse:
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def limit_posts(setting: str) -> Callable[[Any], Any]:
    """Refuse POSTs from a client address beyond the rate in ``settings.<setting>``."""
    return limit_requests(setting, methods={"POST"})


def limit_requests(setting: str, methods: set[str] | None = None) -> Callable[[Any], Any]:
    """Refuse requests (of ``methods``, or all) from a client address beyond the rate in
    ``settings.<setting>``."""

    def decorator(view: Any) -> Any:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            counted = methods is None or request.method in methods
            if counted and hit(setting, client_address(request), getattr(settings, setting)):
                log.info("%s refused a request from %s", setting, client_address(request))
                return rate_limited(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
