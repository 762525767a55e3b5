"""Real parts for tests: a Redis server of the test's own, Celery worker processes on it
sharing the test's PostgreSQL database, and an SMTP sink (aiosmtpd)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection

from benchmarks.scratch import free_port

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
        self.extra_env: dict[str, str] = {}  # settings of the test's own for the workers

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
        return {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DATABASE_URL": url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.sink.port}" if self.sink else "consolemail://",
            "DIGEST_LEASE_SECONDS": str(LEASE_SECONDS),
            "SITE_URL": "http://tracker.test",
            "DEBUG": "0",
            "SECRET_KEY": "worker-tests-only",
            "LOG_LEVEL": "WARNING",
            **self.extra_env,
        }

    def start_worker(self, name: str, *options: str) -> subprocess.Popen[bytes]:
        log = self.tmp / f"{name}.log"
        process = subprocess.Popen(
            [
                CELERY,
                "-A",
                "config",
                "worker",
                *options,
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

    def start_beat(self) -> subprocess.Popen[bytes]:
        """Celery beat, sending the project's schedule to this Redis."""
        log = self.tmp / "beat.log"
        process = subprocess.Popen(
            [
                CELERY,
                "-A",
                "config",
                "beat",
                "--loglevel=INFO",
                f"--schedule={self.tmp / 'beat-schedule'}",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.workers.append(process)
        wait_for(lambda: b"beat: Starting" in log.read_bytes(), 60, "beat")
        return process

    def kill_worker(self, process: subprocess.Popen[bytes]) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def call(self, task: str, *args: Any) -> None:
        command = [CELERY, "-A", "config", "call", task]
        if args:
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


class Receiver:
    """A webhook receiver on loopback: records each POST (headers, body) and answers with
    ``status`` (a list: one answer per request in turn, the last one repeated)."""

    def __init__(self, *status: int) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.status = list(status or (204,))
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.received.append((dict(self.headers.items()), body))
                    answer = receiver.status[min(len(receiver.received), len(receiver.status)) - 1]
                self.send_response(answer)
                self.send_header("Content-Length", "5")
                self.end_headers()
                self.wfile.write(b"noted")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self) -> list[dict[str, Any]]:
        with self.lock:
            return [json.loads(body) for _, body in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
