"""Bounded load (and fault) test on loopback: gunicorn with 2 workers serving readers and
editors (benchmarks/locustfile.py, locust) for 60 seconds while 2 Celery workers send digests
to a local SMTP sink.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_load \\
        .venv/bin/python benchmarks/loadtest.py [--faults] [--seconds 60] [--users 20] \\
        [--events 1000000 --copy-of tracker_bench]

It creates (and drops first) the database named in DATABASE_URL, loads the demo data and
20,000 generated events (--events N; --copy-of DATABASE starts from a copy of a database
whose events are already generated, such as the bench's million), and makes 2,000
subscriptions due now. With --faults, during the
load: PostgreSQL is restarted, one digest worker is killed with SIGKILL (and started
again), and Redis is stopped for 15 seconds (the site must keep serving and subscribing).
It then checks that every digest went out exactly once and that no event is half-written,
prints one JSON line, writes bench/load[-faults].json and .md, and exits non-zero when a
check fails (errors under plain load are failures; with --faults only the checks count,
and the errors, the recovery time and the statuses of requests made once PostgreSQL is
back are reported). A plain run also reports where the CPU went, part by part.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from email import message_from_bytes
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import free_port, recreate_database  # noqa: E402 - after the path is set

SUBSCRIBERS = 2_000
DEFAULT_EVENTS = 20_000


class Sink:
    """The SMTP server: counts messages per recipient."""

    def __init__(self) -> None:
        self.recipients: Counter[str] = Counter()
        self.message_ids: Counter[str] = Counter()
        self.ids_by_recipient: dict[str, set[str]] = {}
        self.lock = threading.Lock()

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        message = message_from_bytes(envelope.content)
        if str(message.get("Subject", "")).startswith("Confirm"):
            return "250 OK"
        with self.lock:
            message_id = str(message.get("Message-ID"))
            self.message_ids[message_id] += 1
            for address in envelope.rcpt_tos:
                self.recipients[address] += 1
                self.ids_by_recipient.setdefault(address, set()).add(message_id)
        await asyncio.sleep(0)
        return "250 OK"


def wait_for(url: str, seconds: float) -> float | None:
    """Seconds until ``url`` answers 200, or None."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.2)
    return None


def status_of(url: str, data: bytes | None = None) -> int:
    try:
        with urllib.request.urlopen(url, data=data, timeout=10) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0


def subscribe(base: str, email: str) -> int:
    """Subscribe as a browser does: the form page first (CSRF cookie and token), then POST."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        page = opener.open(f"{base}/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "email": email,
                "weekday": 0,
                "hour": 8,
                "timezone": "UTC",
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the loopback server started here
            f"{base}/digests/subscribe/", data=body, headers={"Referer": f"{base}/"}
        )
        with opener.open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0


def postgres_restart() -> None:
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[
        -1
    ]
    subprocess.run(["pg_ctlcluster", version, "main", "restart"], check=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS, help="Generated events.")
    parser.add_argument(
        "--copy-of",
        default="",
        metavar="DATABASE",
        help="Start from a copy of this database (the bench's, with its events already "
        "generated) instead of an empty one.",
    )
    args = parser.parse_args()

    recreate_database(os.environ["DATABASE_URL"], template=args.copy_of)
    redis_port, smtp_port, web_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "LOG_LEVEL": "ERROR",
        "STATIC_MANIFEST": "0",
        "API_ANON_RATE": "",
        "API_USER_RATE": "",
        "SUBSCRIBE_RATE": "1000/m",
        "DIGEST_LEASE_SECONDS": "10",  # a killed worker's claims come back quickly
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection as db
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from benchmarks import data
    from digests.models import DigestDelivery, Subscription
    from tracker.models import Event

    call_command("migrate", verbosity=0)
    if not args.copy_of:
        call_command("load_demo", verbosity=0)
    data.generate(args.events, log=lambda _: None)
    editor = User.objects.create_superuser("load-editor", "e@example.org", "load-test-only")
    env["LOAD_TOKEN"] = Token.objects.create(user=editor).key
    slot = timezone.now()
    Subscription.objects.bulk_create(
        Subscription(
            email=f"reader{i}@example.org",
            filters=["country=US&country=IN", "topic=bench-trade", "q=tariffs"][i % 3],
            weekday=slot.weekday(),
            hour=slot.hour,
            timezone="UTC",
            confirmed_at=slot,
            next_send_at=slot,
            send_empty=True,
        )
        for i in range(SUBSCRIBERS)
    )
    events_before = Event.objects.count()

    from aiosmtpd.controller import Controller

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    redis_command = ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"]
    redis = subprocess.Popen(redis_command, stdout=subprocess.DEVNULL)
    celery = str(Path(sys.executable).with_name("celery"))

    def worker(i: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                *(celery, "-A", "config", "worker", "--concurrency=1", "--loglevel=ERROR"),
                *(f"--hostname=load{i}@%h", "--without-gossip", "--without-mingle"),
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def dispatch() -> None:
        subprocess.run(
            [celery, "-A", "config", "call", "digests.tasks.dispatch_digests"],
            cwd=ROOT,
            env=env,
            check=False,
            capture_output=True,
        )

    workers = [worker(0), worker(1)]
    web = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2"),
            *("--bind", f"127.0.0.1:{web_port}", "--log-level", "error", "--timeout", "30"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{web_port}"
    report: dict[str, Any] = {
        "faults": args.faults,
        "seconds": args.seconds,
        "users": args.users,
        "events": events_before,
    }
    if args.events != DEFAULT_EVENTS or args.copy_of:
        report["command"] = "`python benchmarks/loadtest.py " + " ".join(sys.argv[1:]) + "`"
    problems: list[str] = []
    try:
        if wait_for(f"{base}/healthz", 30) is None:
            raise SystemExit("gunicorn did not start")
        time.sleep(3)  # workers connect to Redis
        stats_dir = tempfile.mkdtemp(prefix="locust-")
        stats_file = Path(stats_dir) / "stats"
        locust = subprocess.Popen(
            [
                *(sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py")),
                *("--headless", "-u", str(args.users), "-r", str(args.users), "--host", base),
                *("-t", f"{args.seconds}s", "--csv", str(stats_file), "--only-summary"),
                *("--stop-timeout", "5", "--loglevel", "ERROR"),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = time.monotonic()

        def parts() -> dict[str, list[int]]:  # the digest workers may have been restarted
            return {
                "web (gunicorn)": [web.pid],
                "digests (Celery)": [w.pid for w in workers],
                "load (locust)": [locust.pid],
                "redis": [redis.pid],
            }

        cpu_before = _cpu_seconds(parts())
        dispatch()
        if args.faults:
            faults: dict[str, Any] = {}
            time.sleep(max(0.0, 10 - (time.monotonic() - started)))
            postgres_restart()
            db.close()  # this script's own connection went with the old server
            faults["postgres_recovery_seconds"] = round(wait_for(f"{base}/healthz", 60) or -1, 1)
            # Every worker's kept database connection died with the server: once it is back,
            # each must be replaced before use, not fail a request.
            after = Counter(
                status_of(f"{base}{path}")
                for path in ("/", "/api/v1/events/", "/countries/US/IN/") * 10
            )
            faults["after_postgres_restart"] = dict(after)
            if set(after) != {200}:
                problems.append(f"requests failed after PostgreSQL was back: {dict(after)}")
            time.sleep(max(0.0, 20 - (time.monotonic() - started)))
            os.killpg(workers[0].pid, signal.SIGKILL)  # mid-batch, its claims held
            workers[0].wait()
            workers[0] = worker(0)
            time.sleep(max(0.0, 30 - (time.monotonic() - started)))
            redis.kill()
            redis.wait()
            time.sleep(1)
            faults["while_redis_down"] = {
                "timeline": status_of(f"{base}/"),
                "api": status_of(f"{base}/api/v1/events/"),
                "subscribe": subscribe(base, "late@example.org"),
                "healthz": status_of(f"{base}/healthz"),
            }
            if faults["while_redis_down"]["subscribe"] != 200:
                problems.append("subscribing failed while Redis was down")
            if faults["while_redis_down"]["timeline"] != 200:
                problems.append("the timeline failed while Redis was down")
            if faults["while_redis_down"]["api"] != 200:
                problems.append("the API failed while Redis was down")
            time.sleep(max(0.0, 45 - (time.monotonic() - started)))
            redis = subprocess.Popen(redis_command, stdout=subprocess.DEVNULL)
            time.sleep(2)
            report["faults"] = faults
        while locust.poll() is None and time.monotonic() < started + args.seconds - 1:
            time.sleep(0.2)
        cpu_after = _cpu_seconds(parts())  # while locust still runs
        locust.wait(timeout=args.seconds + 60)
        if not args.faults:  # (a fault run restarts some of the processes it would measure)
            report["cpu_seconds"] = {
                name: round(cpu_after[name] - cpu_before.get(name, 0.0), 1) for name in cpu_after
            }
        # Digests: whatever was lost with Redis or the killed worker is re-queued by the
        # dispatcher (every 15 minutes in production; here until all are done).
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            pending = DigestDelivery.objects.exclude(status__in=["sent", "failed", "empty"])
            if DigestDelivery.objects.count() >= SUBSCRIBERS and not pending.exists():
                break
            time.sleep(11 if args.faults else 1)
            if args.faults:
                dispatch()
        sent = DigestDelivery.objects.filter(status="sent").count()
        twice = [a for a, n in sink.recipients.items() if n > 1]
        report["digests"] = {
            "subscriptions": SUBSCRIBERS,
            "deliveries_sent": sent,
            "messages_at_sink": sum(sink.recipients.values()),
            "recipients_twice": len(twice),
            # a copy with the same Message-ID: sent again after a worker died between the
            # mail server's acceptance and the record (mail systems drop such copies)
            "same_message_id_twice": sum(1 for n in sink.message_ids.values() if n > 1),
        }
        if sent != SUBSCRIBERS or len(sink.recipients) != SUBSCRIBERS:
            problems.append(f"{sent} digests recorded sent, {len(sink.recipients)} recipients")
        doubled = [a for a, ids in sink.ids_by_recipient.items() if len(ids) > 1]
        report["digests"]["recipients_with_two_different_digests"] = len(doubled)
        if doubled:
            problems.append(f"{len(doubled)} recipients got two different digests")
        if twice and not args.faults:
            problems.append(f"{len(twice)} recipients got a copy without any fault")
        created = Event.objects.filter(title__startswith="Load test call")
        broken = [
            e.pk
            for e in created.prefetch_related("countries", "sources")
            if e.countries.count() != 2 or e.sources.count() != 1
        ]
        report["writes"] = {
            "events_created": created.count(),
            "half_written": len(broken),
            "events_before": events_before,
            "events_after": Event.objects.count(),
        }
        if broken:
            problems.append(f"half-written events: {broken[:10]}")
        rows = list(_read_csv(Path(f"{stats_file}_stats.csv")))
        total = next(r for r in rows if r["Name"] == "Aggregated")
        report["requests"] = {
            "total": int(total["Request Count"]),
            "failures": int(total["Failure Count"]),
            "per_second": round(float(total["Requests/s"]), 1),
            "p50_ms": float(total["50%"]),
            "p95_ms": float(total["95%"]),
            "by_name": {
                r["Name"]: {
                    "requests": int(r["Request Count"]),
                    "failures": int(r["Failure Count"]),
                    "p50_ms": float(r["50%"]),
                    "p95_ms": float(r["95%"]),
                }
                for r in rows
                if r["Name"] != "Aggregated"
            },
        }
        failures = Path(f"{stats_file}_failures.csv")
        report["requests"]["errors"] = {
            f"{r['Method']} {r['Name']}: {r['Error']}"[:200]: int(r["Occurrences"])
            for r in (_read_csv(failures) if failures.exists() else [])
        }
        if not args.faults and report["requests"]["failures"]:
            problems.append(f"{report['requests']['failures']} requests failed")
    finally:
        for process in [web, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        redis.terminate()
        controller.stop()
    report["problems"] = problems
    name = "load-faults" if args.faults else "load"
    if args.events != DEFAULT_EVENTS:  # bench/load-1m.json beside the usual run
        millions, rest = divmod(args.events, 1_000_000)
        name += f"-{millions}m" if millions and not rest else f"-{args.events}"
    out = ROOT / "bench" / name
    out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    out.with_suffix(".md").write_text(_markdown(report))
    print(json.dumps(report))
    return 1 if problems else 0


def _cpu_seconds(roots: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each part: its live processes and the
    children they have reaped (PostgreSQL's ended backends are in the postmaster's), this
    script alone, and the machine as a whole (idle apart)."""
    import psutil

    def used(process: psutil.Process) -> float:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            return 0.0
        return times.user + times.system + times.children_user + times.children_system

    def tree(pid: int) -> float:
        try:
            process = psutil.Process(pid)
            return sum(used(p) for p in [process, *process.children(recursive=True)])
        except psutil.NoSuchProcess:
            return 0.0

    out = {name: sum(tree(pid) for pid in pids) for name, pids in roots.items()}
    own = psutil.Process().cpu_times()  # not its children: they are the other parts
    out["this script (SMTP sink, checks)"] = own.user + own.system
    servers = [p for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"]
    out["postgresql"] = sum(used(p) for p in servers)
    machine = psutil.cpu_times()
    out["machine, busy"] = sum(machine) - machine.idle - getattr(machine, "iowait", 0.0)
    out["machine, idle"] = machine.idle
    return out


def _read_csv(path: Path) -> Any:
    import csv

    with path.open() as f:
        yield from csv.DictReader(f)


def _command(report: dict[str, Any]) -> str:
    return f"`make {'faulttest' if report['faults'] else 'loadtest'}`"


def _markdown(report: dict[str, Any]) -> str:
    requests = report["requests"]
    lines = [
        f"# Load test{' with faults' if report['faults'] else ''}",
        "",
        f"{report['seconds']} s, {report['users']} simulated users (9 readers to 1 editor) "
        f"against gunicorn with 2 workers on loopback over {report.get('events', 0):,} events, "
        f"while 2 Celery workers send {report['digests']['subscriptions']:,} digests; "
        "PostgreSQL, Redis and the SMTP sink on the same 2-core machine. Command: "
        f"{report.get('command') or _command(report)}.",
        "",
        f"Requests: {requests['total']:,} ({requests['per_second']}/s), "
        f"{requests['failures']} failed; p50 {requests['p50_ms']} ms, p95 {requests['p95_ms']} ms.",
        "",
        "| request | count | failed | p50 ms | p95 ms |",
        "|---|---|---|---|---|",
    ]
    for name, row in requests["by_name"].items():
        cells = [name, row["requests"], row["failures"], row["p50_ms"], row["p95_ms"]]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    if "cpu_seconds" in report:
        lines += [
            "",
            "Where the CPU went while locust ran (seconds of one core; 2 cores):",
            "",
            "| part | CPU s |",
            "|---|---|",
            *(f"| {name} | {value} |" for name, value in report["cpu_seconds"].items()),
        ]
    lines += ["", "| check | value |", "|---|---|"]
    for group in ("digests", "writes"):
        lines += [f"| {key} | {value} |" for key, value in report[group].items()]
    if requests.get("errors"):
        lines += ["", "| error | count |", "|---|---|"]
        lines += [f"| {e.replace('|', '/')} | {n} |" for e, n in requests["errors"].items()]
    if isinstance(report["faults"], dict):
        lines += ["", "Faults: " + json.dumps(report["faults"])]
    lines += ["", "Problems: " + ("; ".join(report["problems"]) or "none")]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
