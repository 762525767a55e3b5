"""Rate limits for the API, read from settings at request time (API_ANON_RATE, API_USER_RATE)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self) -> str | None:
        return settings.API_ANON_RATE or None


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str | None:
        return settings.API_USER_RATE or None
