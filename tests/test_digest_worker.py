"""Digests through real parts: Celery workers (separate processes) on a Redis server of the
test's own, PostgreSQL, and an SMTP sink (aiosmtpd). Each test counts the messages that
reach the sink: every due subscriber gets exactly one digest for the period, even when
dispatchers repeat, workers race, a worker is killed mid-batch, or Redis restarts."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import service_missing
from tests.factories import EventFactory
from tracker.models import DigestDelivery, Subscription
from tracker.scratch import free_port

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]
CELERY = str(Path(sys.executable).with_name("celery"))
LEASE_SECONDS = 2


def wait_for(condition: Callable[[], bool], timeout: float = 90, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or condition}")


class Sink:
    """An SMTP server that records recipients; it can hold each message at RCPT (slow mail
    server) and say when it is holding one, so a test can kill a worker mid-conversation."""

    def __init__(self, rcpt_delay: float = 0.0) -> None:
        from aiosmtpd.controller import Controller

        self.rcpt_delay = rcpt_delay
        self.recipients: Counter[str] = Counter()
        self.holding = threading.Event()
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        import asyncio

        if self.rcpt_delay:
            self.holding.set()
            await asyncio.sleep(self.rcpt_delay)
            self.holding.clear()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            for address in envelope.rcpt_tos:
                self.recipients[address] += 1
        return "250 Message accepted"

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.recipients.values())


class Services:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.redis_port = free_port()
        self.redis: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []
        self.sink: Sink | None = None

    # Redis of the test's own, so it can be restarted.
    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._redis_up, 10, "redis")

    def _redis_up(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=0.2):
                return True
        except OSError:
            return False

    def kill_redis(self) -> None:
        assert self.redis is not None
        self.redis.kill()
        self.redis.wait()

    def env(self) -> dict[str, str]:
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        assert self.sink is not None
        return {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.sink.port}",
            "DIGEST_LEASE_SECONDS": str(LEASE_SECONDS),
            "SITE_URL": "http://tracker.test",
            "DEBUG": "0",
            "SECRET_KEY": "worker-tests-only",
            "LOG_LEVEL": "WARNING",
        }

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        log = self.tmp / f"{name}.log"
        process = subprocess.Popen(
            [
                CELERY,
                "-A",
                "config",
                "worker",
                "--concurrency=1",
                "--loglevel=INFO",
                f"--hostname={name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so SIGKILL takes the children
        )
        self.workers.append(process)
        wait_for(lambda: b" ready." in log.read_bytes(), 60, f"worker {name}")
        return process

    def kill_worker(self, process: subprocess.Popen[bytes]) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def call(self, task: str, *args: Any) -> None:
        command = [CELERY, "-A", "config", "call", task]
        if args:
            import json

            command += ["--args", json.dumps(list(args))]
        subprocess.run(command, cwd=ROOT, env=self.env(), check=True, capture_output=True)

    def stop(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        if self.redis is not None and self.redis.poll() is None:
            self.redis.kill()
        if self.sink is not None:
            self.sink.controller.stop()


@pytest.fixture
def services(tmp_path: Path, seeded: None) -> Iterator[Services]:
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


def due_subscribers(count: int) -> list[str]:
    slot = timezone.now() - timedelta(hours=1)
    EventFactory.create(
        title="Talks held", start=(slot - timedelta(days=2)).date(), countries=["US", "IN"]
    )
    emails = [f"reader{i}@example.org" for i in range(count)]
    Subscription.objects.bulk_create(
        [
            Subscription(
                email=email,
                filters="country=IN",
                weekday=slot.weekday(),
                hour=slot.hour,
                timezone="UTC",
                confirmed_at=slot - timedelta(days=9),
                next_send_at=slot,
            )
            for email in emails
        ]
    )
    Subscription.objects.create(email="unconfirmed@example.org", next_send_at=slot)
    return emails


def all_sent(count: int) -> Callable[[], bool]:
    return lambda: DigestDelivery.objects.filter(status="sent").count() >= count


def assert_exactly_once(sink: Sink, emails: list[str]) -> None:
    time.sleep(LEASE_SECONDS + 1)  # anything late would have arrived by now
    assert dict(sink.recipients) == dict.fromkeys(emails, 1)
    assert "unconfirmed@example.org" not in sink.recipients


def test_repeated_dispatch_and_racing_workers_send_once(services: Services) -> None:
    services.sink = Sink()
    services.sink.controller.start()
    emails = due_subscribers(60)
    services.start_worker("one")
    services.start_worker("two")
    services.call("tracker.tasks.dispatch_digests")
    services.call("tracker.tasks.dispatch_digests")
    wait_for(lambda: DigestDelivery.objects.count() == 60, 30, "deliveries")
    ids = list(DigestDelivery.objects.values_list("pk", flat=True))
    # The same deliveries queued twice more: both workers race for them.
    services.call("tracker.tasks.send_digests", ids)
    services.call("tracker.tasks.send_digests", ids)
    wait_for(all_sent(60), 90, "all digests sent")
    assert_exactly_once(services.sink, emails)


def test_a_worker_killed_mid_batch_and_restarted(services: Services) -> None:
    services.sink = Sink(rcpt_delay=0.15)
    services.sink.controller.start()
    emails = due_subscribers(30)
    worker = services.start_worker("victim")
    services.call("tracker.tasks.dispatch_digests")
    sink = services.sink
    wait_for(lambda: sink.total >= 8 and sink.holding.is_set(), 60, "a batch under way")
    services.kill_worker(worker)  # SIGKILL while a message is in the SMTP conversation
    stopped_at = sink.total
    assert stopped_at < 30
    services.start_worker("replacement")
    time.sleep(LEASE_SECONDS + 0.5)
    services.call("tracker.tasks.dispatch_digests")  # re-queues the lost batch
    wait_for(all_sent(30), 90, "all digests sent after the restart")
    assert_exactly_once(sink, emails)


def test_redis_restarted_during_dispatch(services: Services) -> None:
    services.sink = Sink(rcpt_delay=0.03)
    services.sink.controller.start()
    emails = due_subscribers(130)  # three batches: two wait in Redis while one is sent
    services.start_worker("steady")
    services.call("tracker.tasks.dispatch_digests")
    sink = services.sink
    wait_for(lambda: sink.total >= 5, 60, "sending under way")
    services.kill_redis()  # the queued batches are lost with it
    services.start_redis()
    wait_for(lambda: sink.total >= 50, 60, "the batch in hand finished")
    time.sleep(LEASE_SECONDS + 0.5)
    services.call("tracker.tasks.dispatch_digests")
    wait_for(all_sent(130), 120, "all digests sent after Redis came back")
    assert_exactly_once(sink, emails)
