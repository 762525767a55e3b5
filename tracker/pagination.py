"""Keyset pagination over events, newest first (most relevant first when searched).

A cursor names the last row seen, so pages neither repeat nor skip rows when events are
added or removed between two requests (an offset would shift). The API and the web
timeline both use ``keyset_page``.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from tracker.models.events import PAIR_KEYS

DATE_KEYS = ("span_start", PAIR_KEYS[0])


class CursorError(ValueError):
    """A cursor this site did not make."""


@dataclass
class Page:
    rows: list[Any]
    next_cursor: str | None
    previous_cursor: str | None
    has_previous: bool


def sort_keys(queryset: QuerySet[Any]) -> tuple[str, ...]:
    """By relevance when the query was searched (tracker.search annotates ``score``); a
    country pair's view by its pair rows' copy of (start, id), which their index orders."""
    if "score" in queryset.query.annotations:
        return ("score", "span_start", "id")
    if PAIR_KEYS[0] in queryset.query.annotations:
        return PAIR_KEYS
    return ("span_start", "id")


def encode(keys: tuple[str, ...], backward: bool, row: Any) -> str:
    values = [getattr(row, "pk" if key == "id" else key) for key in keys]
    parts = ["b" if backward else "f", *(str(v) for v in values)]
    return base64.urlsafe_b64encode("|".join(parts).encode()).decode().rstrip("=")


def decode(keys: tuple[str, ...], raw: str) -> tuple[bool, list[Any]]:
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        direction, *parts = text.split("|")
        if direction not in ("f", "b") or len(parts) != len(keys):
            raise ValueError(direction)
        values: list[Any] = []
        for key, part in zip(keys, parts, strict=True):
            value = date.fromisoformat(part) if key in DATE_KEYS else int(part)
            if isinstance(value, int) and abs(value) > 2**62:
                raise ValueError(part)
            values.append(value)
        return direction == "b", values
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise CursorError("This cursor is not valid; follow the next and previous links.") from None


def beyond(keys: tuple[str, ...], values: list[Any], backward: bool) -> Q:
    """Rows after the cursor in page order (before it when going back)."""
    op = "gt" if backward else "lt"
    condition = Q()
    for i, key in enumerate(keys):
        step = Q(**{f"{key}__{op}": values[i]})
        for earlier, value in zip(keys[:i], values[:i], strict=True):
            step &= Q(**{earlier: value})
        condition |= step
    # The same bound on the first key alone, which an index can start from (the OR above
    # is a filter the database would check row by row from the first page on).
    return Q(**{f"{keys[0]}__{op}e": values[0]}) & condition


def keyset_page(queryset: QuerySet[Any], cursor: str | None, size: int) -> Page:
    keys = sort_keys(queryset)
    backward = False
    if cursor:
        backward, values = decode(keys, cursor)
        queryset = queryset.filter(beyond(keys, values, backward))
    direction = "" if backward else "-"
    rows = list(queryset.order_by(*[direction + k for k in keys])[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backward:
        rows.reverse()
        has_next, has_previous = True, more
    else:
        has_next, has_previous = more, bool(cursor)
    return Page(
        rows=rows,
        next_cursor=encode(keys, False, rows[-1]) if has_next and rows else None,
        previous_cursor=encode(keys, True, rows[0]) if has_previous and rows else None,
        has_previous=has_previous,
    )
