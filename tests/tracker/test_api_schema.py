"""The OpenAPI schema, checked by schemathesis against the running application: no server
errors and no response that contradicts the schema, for anonymous readers and for editors."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(db: None, settings: Any) -> Iterator[Any]:
    settings.ALLOWED_HOSTS = ["*"]
    settings.API_ANON_RATE = settings.API_USER_RATE = ""
    call_command("load_demo", stdout=StringIO())
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def exercise(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> None:
    """Send generated requests for one operation and check each response."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=8,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_schema(api_schema: Any, make_user: Any, mode: GenerationMode) -> None:
    token, _ = Token.objects.get_or_create(user=make_user("schema-editor", "Editors"))
    editor = {"Authorization": f"Token {token.key}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    skipped: list[str] = []
    for operation in operations:
        try:
            exercise(operation, mode, editor if operation.method.upper() != "GET" else {})
        except Unsatisfiable:
            # Nothing in this operation can be made invalid (no parameters, no body).
            assert mode == GenerationMode.NEGATIVE, operation.label
            skipped.append(operation.label)
    assert len(skipped) < len(operations) / 2, skipped


def test_schema_and_docs_are_served(client: Any) -> None:
    schema_response = client.get("/api/schema/", headers={"accept": "application/json"})
    assert schema_response.status_code == 200
    spec = schema_response.json()
    params = {p["name"] for p in spec["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert {"q", "date_from", "date_to", "country", "actor", "topic", "tag", "kind", "status",
            "precision", "updated_since", "cursor", "page_size"} <= params  # fmt: skip
    post = spec["paths"]["/api/v1/events/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "429"} <= set(post)
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    # Served from the sidecar package: the docs work offline.
    assert "cdn." not in docs
    assert "unpkg" not in docs


def test_api_statefully(api_schema: Any, make_user: Any) -> None:
    """Chains of calls (create an event, then read, change, delete it …) built from the
    links schemathesis infers between the operations: no server error, no response that
    contradicts the schema."""
    from hypothesis import settings as hypothesis_settings

    token, _ = Token.objects.get_or_create(user=make_user("stateful-editor", "Editors"))
    editor = {"Authorization": f"Token {token.key}"}
    machine = api_schema.as_state_machine()
    assert machine.bundles, "no links between operations were found"

    seen: list[tuple[str, int]] = []

    class AsEditor(machine):  # type: ignore[misc,valid-type]
        # Each scenario starts from the same records: what one scenario made is rolled
        # back, so Hypothesis can replay a scenario and draw the same steps.
        def setup(self) -> None:
            self.savepoint = transaction.savepoint()

        def teardown(self) -> None:
            transaction.savepoint_rollback(self.savepoint)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": editor}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            seen.append((case.operation.label, response.status_code))
            case.validate_response(response, checks=CHECKS)

    AsEditor.run(
        settings=hypothesis_settings(
            max_examples=25,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    # Chains really ran: objects made by one call were found by the next.
    chained = {label for label, status in seen if "{" in label and status in (200, 204)}
    assert chained, sorted(set(seen))[:20]
