"""Digest throughput: digests built per second in one process, and N subscribers sent
through Redis + Celery workers to a local SMTP sink.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_digests \
        .venv/bin/python benchmarks/digest_throughput.py --subscribers 10000 --workers 2

It creates (and drops first) the database named in DATABASE_URL, migrates it, loads the
demo data, and prints one JSON line of results.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import free_port, recreate_database  # noqa: E402 - after the path is set


class Sink:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        with self.lock:
            self.count += 1
        await asyncio.sleep(0)
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--build-sample", type=int, default=500)
    args = parser.parse_args()

    recreate_database(os.environ["DATABASE_URL"])
    redis_port, smtp_port = free_port(), free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from digests.building import build, render
    from digests.models import DigestDelivery, Subscription
    from digests.scheduling import PERIOD

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    # The demo events were just added, so each digest's week (up to now) includes them.
    slot = timezone.now()
    views = ["country=US&country=IN", "country=CA", "topic=trade", "q=tariff", "kind=deportation"]
    Subscription.objects.bulk_create(
        Subscription(
            email=f"reader{i}@example.org",
            filters=views[i % len(views)],
            weekday=slot.weekday(),
            hour=slot.hour,
            timezone="UTC",
            confirmed_at=slot,
            next_send_at=slot,
            send_empty=True,
        )
        for i in range(args.subscribers)
    )

    sample = list(Subscription.objects.all()[: args.build_sample])
    started = time.perf_counter()
    for subscription in sample:
        render(build(subscription, slot - PERIOD, slot)).message()
    build_rate = len(sample) / (time.perf_counter() - started)

    from aiosmtpd.controller import Controller

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    celery = str(Path(sys.executable).with_name("celery"))
    workers = [
        subprocess.Popen(
            [
                celery,
                "-A",
                "config",
                "worker",
                "--concurrency=1",
                "--loglevel=WARNING",
                f"--hostname=bench{i}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for i in range(args.workers)
    ]
    time.sleep(4)
    started = time.perf_counter()
    subprocess.run(
        [celery, "-A", "config", "call", "digests.tasks.dispatch_digests"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    while DigestDelivery.objects.exclude(status__in=["sent", "empty", "failed"]).exists() or (
        DigestDelivery.objects.count() < args.subscribers
    ):
        time.sleep(0.5)
    elapsed = time.perf_counter() - started
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    redis.terminate()
    controller.stop()
    print(
        json.dumps(
            {
                "subscribers": args.subscribers,
                "workers": args.workers,
                "digests_built_per_second_one_process": round(build_rate, 1),
                "messages_at_sink": sink.count,
                "send_seconds": round(elapsed, 1),
                "messages_per_second": round(sink.count / elapsed, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
