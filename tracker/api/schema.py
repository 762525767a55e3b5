"""OpenAPI post-processing: every operation documents the errors it can return."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}
VALIDATION = {"$ref": "#/components/schemas/ValidationError"}

COMPONENTS = {
    "Error": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
        "description": "What went wrong, in words.",
    },
    "ValidationError": {
        "type": "object",
        "additionalProperties": True,
        "description": (
            'Messages by field: `{"start": ["…"]}`; nested rows are keyed by index '
            "(`figures[1].unit`), errors that concern no field by `non_field_errors`; "
            'a malformed or oversized body gives `{"detail": "…"}`.'
        ),
    },
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            has_input = bool(operation.get("parameters")) or "requestBody" in operation
            if has_input:
                responses.setdefault("400", _json(VALIDATION, "Invalid input."))
            responses.setdefault("401", _json(ERROR, "Credentials were given but are wrong."))
            responses.setdefault("403", _json(ERROR, "Not allowed for this user."))
            if "{" in path:
                responses.setdefault("404", _json(ERROR, "No such object."))
            responses.setdefault("429", _json(ERROR, "Too many requests; retry later."))
            if method == "get":
                responses.setdefault("304", {"description": "Not modified (conditional GET)."})
    return result
