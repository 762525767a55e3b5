"""Shared fixtures. Service-backed tests skip on a laptop without the service, and fail
when TRACKER_REQUIRE_SERVICES=1 (as in CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

REQUIRE_SERVICES = os.environ.get("TRACKER_REQUIRE_SERVICES", "") not in ("", "0")
ROOT = Path(__file__).resolve().parents[1]


def run_python(
    *args: str, env: dict[str, str], without: Iterable[str] = ()
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in the project, with this process's environment minus ``without``
    plus ``env`` (settings are read at start, so each case gets its own process)."""
    # The browser tests allow sync ORM calls in their event loop, in this process only.
    dropped = {*without, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def service_missing(reason: str) -> None:
    """Skip, or fail in CI, because a service the test needs is not available."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (TRACKER_REQUIRE_SERVICES is set)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def own_cache(settings: Any, request: pytest.FixtureRequest) -> None:
    """A fresh in-process cache per test: cached pages, counts and rate limits never leak
    between tests (nor between parallel workers sharing a Redis server)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Tasks run in-process even where REDIS_URL is set (CI); the worker tests start
    real workers."""
    from config.celery_app import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def tasks_now(eager_celery: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work queued for after the commit runs at once, in-process, as it does with no
    broker outside tests (each test runs inside a transaction that never commits)."""
    from django.db import transaction

    def run_now(func: Callable[[], Any], using: Any = None, robust: bool = False) -> None:
        func()

    monkeypatch.setattr(transaction, "on_commit", run_now)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(username: str, *groups: str, **extra: Any) -> User:
        user = User.objects.create_user(username=username, password="pw-for-tests-only", **extra)
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def editor(make_user: Callable[..., User]) -> User:
    return make_user("editor", "Editors", is_staff=True)


@pytest.fixture
def viewer(make_user: Callable[..., User]) -> User:
    return make_user("viewer", "Viewers", is_staff=True)


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("root", "root@example.org", "pw-for-tests-only")


@pytest.fixture
def seeded(transactional_db: None) -> None:
    """Kinds and countries again: tests that commit (live server, worker processes) empty
    the database afterwards, and pytest-django runs them after the others."""
    from importlib import import_module

    from django.apps import apps

    seed = import_module("tracker.migrations.0002_seed_kinds_countries_groups")
    seed.seed_kinds(apps, None)
    seed.seed_countries(apps, None)


@pytest.fixture
def services(tmp_path: Path, seeded: None) -> Iterator[Any]:
    """A Redis server of the test's own, on which the test starts Celery workers (which
    share its PostgreSQL database); see tests/workers.py."""
    import shutil

    from django.db import connection

    from tests.workers import CELERY, Services

    if connection.vendor != "postgresql":
        service_missing("the worker tests need PostgreSQL (worker processes share its data)")
    if not Path(CELERY).exists() or shutil.which("redis-server") is None:
        service_missing("redis-server and celery are needed for the worker tests")
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        service_missing("aiosmtpd is not installed")
    running = Services(tmp_path)
    running.start_redis()
    try:
        yield running
    finally:
        running.stop()


# A real browser for the browser tests (one per test session, shared by every module).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "chromium"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        service_missing("chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        service_missing("playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself stay synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
