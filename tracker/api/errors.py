"""API errors: domain validation becomes 400 with field messages, never a 500."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The object is still in use."
    default_code = "conflict"


def as_api_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    """Django's ValidationError (from services and full_clean) as DRF's, keyed by field."""
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(exc.message_dict)
    return exceptions.ValidationError({"non_field_errors": exc.messages})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = as_api_error(exc)
    elif isinstance(exc, ProtectedError):
        exc = Conflict("Other records still refer to this one.")
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = flatten(response.data)
    return response


def flatten(detail: Any, prefix: str = "") -> dict[str, list[Any]]:
    """Nested serializer errors as flat keys, the way the services name them:
    ``{"figures": {"0": {"unit": [...]}}}`` becomes ``{"figures[0].unit": [...]}``."""
    if isinstance(detail, dict):
        out: dict[str, list[Any]] = {}
        for key, value in detail.items():
            name = str(key)
            if prefix:
                if name == "non_field_errors":
                    name = prefix
                elif name.isdigit():
                    name = f"{prefix}[{name}]"
                else:
                    name = f"{prefix}.{name}"
            out.update(flatten(value, name))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": list(detail)}
        out = {}
        for index, item in enumerate(detail):
            if item:
                out.update(flatten(item, f"{prefix}[{index}]"))
        return out
    return {prefix or "non_field_errors": [detail]}
