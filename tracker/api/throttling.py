"""Rate limits for the API, read from settings at request time (API_ANON_RATE, API_USER_RATE).

The counts live in the cache (Redis in production); when it cannot be reached, requests go
through rather than fail."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

log = logging.getLogger(__name__)


class _FailOpen:
    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return bool(super().allow_request(request, view))  # type: ignore[misc]
        except Exception as exc:  # the cache is away: serve rather than refuse everyone
            log.warning("API rate limit not checked: %s", type(exc).__name__)
            return True


class AnonThrottle(_FailOpen, AnonRateThrottle):
    def get_rate(self) -> str | None:
        return settings.API_ANON_RATE or None


class UserThrottle(_FailOpen, UserRateThrottle):
    def get_rate(self) -> str | None:
        return settings.API_USER_RATE or None
