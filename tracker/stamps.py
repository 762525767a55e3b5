"""Caching of what is computed from all matching events (facet counts, activity charts).

Every change to events replaces a token in the database (``bump``, called by the search
index's reindex, which every write path reaches, and by event deletion). Cached values are
keyed by the token, so a change is visible at once in every process, and a rolled-back
transaction leaves the old token, which still matches the data."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

from .models import DataVersion

log = logging.getLogger(__name__)
NAME = "events"
TIMEOUT = 6 * 3600
T = TypeVar("T")


def current() -> str:
    token = DataVersion.objects.filter(name=NAME).values_list("token", flat=True).first()
    return str(token) if token else "none"


def bump() -> None:
    DataVersion.objects.update_or_create(name=NAME, defaults={"token": uuid.uuid4()})


def _key(parts: tuple[Any, ...], token: str | None) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"tracker:summary:{token or current()}:{digest}"


def has(parts: tuple[Any, ...], token: str | None = None) -> bool:
    """Whether ``cached`` would answer these key parts from the cache."""
    try:
        return cache.get(_key(parts, token)) is not None
    except Exception:  # the cache is away: nothing is in it
        return False


def cached(parts: tuple[Any, ...], compute: Callable[[], T], token: str | None = None) -> T:
    """``compute()``, remembered for the current token (read here unless given: a request
    caching several things reads it once) and these key parts."""
    key = _key(parts, token)
    try:
        value = cache.get(key)
    except Exception as exc:  # the cache is away (Redis down): compute, keep serving
        log.warning("Cache not read: %s", type(exc).__name__)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, TIMEOUT)
        except Exception as exc:
            log.warning("Cache not written: %s", type(exc).__name__)
    return value
