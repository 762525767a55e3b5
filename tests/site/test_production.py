"""Production settings: the deploy check, security headers, the content security policy
(no inline scripts anywhere), rate limits, the health check and JSON logs."""

from __future__ import annotations

import json
import os
import re
import subprocess
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from benchmarks.scratch import free_port
from digests import links
from digests.models import Subscription
from tests.conftest import run_python, service_missing
from tests.factories import ActorFactory, EventFactory, TopicFactory, add_topics

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x9-" + "k7Qz" * 14,
    "SITE_URL": "https://tracker.example.org",
    "ALLOWED_HOSTS": "tracker.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "REDIS_URL": "",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_python("manage.py", *args, env={**PRODUCTION, **env}, without=PRODUCTION)


def test_deploy_check_reports_nothing_in_production() -> None:
    done = run_manage("check", "--deploy", "--fail-level", "DEBUG")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_json_logs_are_one_object_per_line() -> None:
    code = (
        "import logging, django; django.setup(); "
        "logging.getLogger('tracker').warning('digest %s failed', 7, extra={'delivery': 7})"
    )
    done = run_python(
        "-c",
        code,
        env={**PRODUCTION, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stderr.strip().splitlines()[-1])
    assert (record["level"], record["logger"]) == ("WARNING", "tracker")
    assert (record["message"], record["delivery"]) == ("digest 7 failed", 7)
    assert "time" in record
    refused = run_manage("check", LOG_FORMAT="xml")
    assert refused.returncode != 0
    assert "LOG_FORMAT must be plain or json" in refused.stderr


def pages(user_pk: int | None = None) -> list[str]:
    """Every kind of page: public ones, then (with ``user_pk``) the admin's."""
    event = EventFactory.create(countries=["US", "IN"])
    add_topics(event, TopicFactory.create(slug="trade"))
    actor = ActorFactory.create(name="Marco Rubio")
    event.participations.create(actor=actor, role="host")
    n = Subscription.objects.count()  # called twice: one pending subscription per address
    subscription = Subscription.objects.create(email=f"r{n}@example.org", confirmed_at=None)
    token = links.token(subscription)
    urls = [
        "/",
        "/?q=event&country=US",
        f"/events/{event.pk}/",
        f"/actors/{actor.slug}/",
        "/countries/US/",
        "/countries/US/IN/",
        "/topics/trade/",
        f"/digests/confirm/{token}/",
        f"/digests/manage/{token}/",
        f"/digests/unsubscribe/{token}/",
        "/api/docs/",
        "/api/redoc/",
        "/admin/login/",
    ]
    if user_pk:
        urls += [
            "/admin/",
            "/admin/tracker/event/",
            f"/admin/tracker/event/{event.pk}/change/",
            "/admin/tracker/event/add/",
            f"/admin/tracker/event/{event.pk}/history/",
            "/admin/tracker/actor/",
            "/admin/intake/articleimport/add/",
            "/admin/tracker/event/import-file/",
            "/admin/tracker/event/export/",
        ]
    return urls


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


@pytest.mark.django_db
def test_every_page_sends_the_headers_and_has_no_inline_script(
    client: Client, superuser: User
) -> None:
    public = pages()
    staff = pages(superuser.pk)[len(public) :]
    signed_in = Client()
    signed_in.force_login(superuser)
    for url, browser in [(u, client) for u in public] + [(u, signed_in) for u in staff]:
        response = browser.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", policy)
        assert script_src is not None
        assert script_src.group(1).strip() == "'self'", url
        assert "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        html = response.content.decode()
        # application/json and ld+json data blocks are not scripts
        scripts = [s for s in INLINE_SCRIPT.findall(html) if "json" not in s]
        assert scripts == [], (url, scripts)
        assert not HANDLER.search(html), (url, HANDLER.search(html))
        assert not JAVASCRIPT_URL.search(html), url


@pytest.mark.django_db
def test_api_responses_carry_the_policy_too(client: Client) -> None:
    response = client.get("/api/v1/events/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def frozen_clock() -> Any:
    """Limits count in fixed windows: a window must not end in the middle of a test (slow
    password hashing made that happen on a busy machine)."""
    with time_machine.travel("2026-11-25 10:00:10", tick=False):
        yield


@pytest.mark.django_db
@pytest.mark.sqlite
@pytest.mark.usefixtures("frozen_clock")
def test_subscribing_is_rate_limited_per_address(client: Client, settings: Any) -> None:
    settings.SUBSCRIBE_RATE = "3/m"
    codes = [
        client.post(
            "/digests/subscribe/",
            {"email": f"r{i}@example.org", "weekday": 0, "hour": 8, "timezone": "UTC"},
        ).status_code
        for i in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    assert Subscription.objects.count() == 3  # the refused ones saved nothing
    other = Client(REMOTE_ADDR="203.0.113.9")
    response = other.post(
        "/digests/subscribe/",
        {"email": "x@example.org", "weekday": 0, "hour": 8, "timezone": "UTC"},
    )
    assert response.status_code == 200  # another address has its own allowance
    page = client.post("/digests/subscribe/", {"email": "y@example.org"})
    assert page.status_code == 429
    assert "Too many attempts" in page.content.decode()
    assert page["Retry-After"] == "60"


@pytest.mark.django_db
@pytest.mark.sqlite
@pytest.mark.usefixtures("frozen_clock")
def test_sign_in_attempts_are_rate_limited(client: Client, settings: Any, superuser: User) -> None:
    settings.LOGIN_RATE = "3/m"
    wrong = {"username": "root", "password": "wrong", "next": "/admin/"}
    codes = [client.post("/admin/login/", wrong).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    right = {"username": "root", "password": "pw-for-tests-only", "next": "/admin/"}
    assert client.post("/admin/login/", right).status_code == 429  # even the right one, for now
    assert client.get("/admin/login/").status_code == 200  # reading the form is not limited


@pytest.mark.django_db
@pytest.mark.sqlite
def test_health_check_without_a_broker(client: Client, settings: Any) -> None:
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["broker"]["status"].startswith("not used")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.sqlite
def test_health_check_reports_an_unreachable_broker(client: Client, settings: Any) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["broker"]["status"] == "error: ConnectionError"


@pytest.mark.django_db
@pytest.mark.services
def test_health_check_with_redis(client: Client, settings: Any) -> None:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        service_missing("REDIS_URL is not set")
    settings.REDIS_URL = url
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["broker"]["status"] == "ok"


@pytest.mark.django_db
@pytest.mark.sqlite
def test_pages_and_limits_keep_working_when_the_cache_is_away(
    client: Client, settings: Any
) -> None:
    """Redis down: cached pages are computed, rate limits let requests through."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.API_ANON_RATE = "1/minute"
    EventFactory.create(title="Still served")
    assert "Still served" in client.get("/").content.decode()
    assert client.get("/api/v1/events/facets/").status_code == 200
    assert [client.get("/api/v1/kinds/").status_code for _ in range(3)] == [200, 200, 200]
    response = client.post(
        "/digests/subscribe/",
        {"email": "r@example.org", "weekday": 0, "hour": 8, "timezone": "UTC"},
    )
    assert response.status_code == 200


@pytest.mark.sqlite
def test_favicon_points_at_the_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("icon.svg")
