"""Keyset pagination on (span_start, id), newest first.

A cursor names the last row seen, so pages neither repeat nor skip rows when events are
added or removed between two requests (an offset would shift)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = 50
    max_page_size = 200

    def paginate_queryset(
        self, queryset: QuerySet[Any] | Sequence[Any], request: Request, view: Any = None
    ) -> list[Any]:
        assert isinstance(queryset, QuerySet), "keyset pagination needs a queryset"
        self.request = request
        # By relevance when the query was searched (tracker.search annotates ``score``).
        self.keys = (
            ("score", "span_start", "id")
            if "score" in queryset.query.annotations
            else (
                "span_start",
                "id",
            )
        )
        size = self.get_page_size(request)
        cursor = self.decode(request.query_params.get(self.cursor_query_param))
        backward = bool(cursor and cursor[0])
        if cursor is not None:
            queryset = queryset.filter(self.beyond(cursor[1], backward))
        direction = "" if backward else "-"
        rows = list(queryset.order_by(*[direction + k for k in self.keys])[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if backward:
            rows.reverse()
            self.has_next, self.has_previous = True, more
        else:
            self.has_next, self.has_previous = more, cursor is not None
        self.first = rows[0] if rows else None
        self.last = rows[-1] if rows else None
        return rows

    def beyond(self, values: list[Any], backward: bool) -> Q:
        """Rows after the cursor in the page order (before it when going back)."""
        op = "gt" if backward else "lt"
        condition = Q()
        for i, key in enumerate(self.keys):
            step = Q(**{f"{key}__{op}": values[i]})
            for earlier, value in zip(self.keys[:i], values[:i], strict=True):
                step &= Q(**{earlier: value})
            condition |= step
        return condition

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 4) or not (
            1 <= int(raw) <= self.max_page_size
        ):
            raise ValidationError(
                {"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def encode(self, backward: bool, row: Any) -> str:
        values = [getattr(row, "pk" if key == "id" else key) for key in self.keys]
        parts = ["b" if backward else "f", *(str(v) for v in values)]
        return base64.urlsafe_b64encode("|".join(parts).encode()).decode().rstrip("=")

    def decode(self, raw: str | None) -> tuple[bool, list[Any]] | None:
        if not raw:
            return None
        try:
            text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
            direction, *parts = text.split("|")
            if direction not in ("f", "b") or len(parts) != len(self.keys):
                raise ValueError(direction)
            values: list[Any] = []
            for key, part in zip(self.keys, parts, strict=True):
                value = date.fromisoformat(part) if key == "span_start" else int(part)
                if isinstance(value, int) and abs(value) > 2**62:
                    raise ValueError(part)
                values.append(value)
            return direction == "b", values
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise ValidationError(
                {"cursor": ["This cursor is not valid; follow the next and previous links."]}
            ) from None

    def link(self, backward: bool, row: Any) -> str:
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.encode(backward, row))

    def get_paginated_response(self, data: Any) -> Response:
        next_url = self.link(False, self.last) if self.has_next and self.last else None
        previous_url = None
        if self.has_previous:
            previous_url = (
                self.link(True, self.first)
                if self.first
                else remove_query_param(self.request.build_absolute_uri(), "cursor")
            )
        return Response({"next": next_url, "previous": previous_url, "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Opaque position from a previous page's next or previous link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Events per page, 1 to {self.max_page_size} "
                f"(default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
