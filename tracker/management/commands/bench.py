"""Measure the tracker with synthetic data (PostgreSQL only). The measuring code lives in
the benchmarks package, imported only when this command runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = (
        "Generate N synthetic events (reused when present), time the main requests through "
        "Django and over HTTP (gunicorn), and send digests through Celery workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--events", type=int, help="Synthetic events (default 1,000,000; 20,000 with --quick)."
        )
        parser.add_argument("--quick", action="store_true", help="Few events and few runs.")
        parser.add_argument("--json", type=Path, help="Write the results here (and .md beside).")
        parser.add_argument(
            "--digests",
            type=int,
            help="Subscriptions to send digests to (default 10,000; 0 with --quick).",
        )
        parser.add_argument("--no-http", action="store_true", help="Skip the gunicorn part.")
        parser.add_argument(
            "--readers-only",
            action="store_true",
            help="Only the readers' first views (twenty filter combinations, cold) and the "
            "cost of one write.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from benchmarks import data, measure

        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL (set DATABASE_URL).")
        events = options["events"]
        if events is None:
            events = 20_000 if options["quick"] else 1_000_000
        if events < 1_000:
            raise CommandError("Give at least 1,000 events.")
        subscribers = options["digests"]
        if subscribers is None:
            subscribers = 0 if options["quick"] else 10_000
        if subscribers < 0:
            raise CommandError("Give a number of digests of 0 or more.")
        repeat = 3 if options["quick"] else 50
        settings.API_ANON_RATE = settings.API_USER_RATE = ""
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
        seconds = data.generate(events, log=self.stderr.write)
        report: dict[str, Any] = {"events": events, "generate_seconds": round(seconds, 1)}
        self.stderr.write("Measuring the readers' first views …")
        report["readers"] = measure.readers(1 if options["quick"] else 5)
        report["write_ms"] = measure.write_cost(repeat)
        if options["readers_only"]:
            self.stdout.write(json.dumps(report, indent=2))
            if options["json"]:
                options["json"].write_text(json.dumps(report, indent=2) + "\n")
                options["json"].with_suffix(".md").write_text(measure.readers_markdown(report))
            return
        self.stderr.write("Measuring requests …")
        report.update(repeat=repeat, **measure.measure(repeat, http=not options["no_http"]))
        if subscribers:
            self.stderr.write(f"Sending {subscribers:,} digests …")
            report["digests"] = self.digests(subscribers)
        text = json.dumps(report, indent=2)
        if options["json"]:
            options["json"].write_text(text + "\n")
            options["json"].with_suffix(".md").write_text(measure.markdown(report))
        self.stdout.write(text)

    def digests(self, subscribers: int) -> dict[str, Any]:
        """benchmarks/digest_throughput.py in a database of its own beside this one."""
        from benchmarks.measure import database_url

        url = database_url()
        script = Path(settings.BASE_DIR) / "benchmarks" / "digest_throughput.py"
        done = subprocess.run(
            [sys.executable, str(script), "--subscribers", str(subscribers), "--workers", "2"],
            env={**os.environ, "DATABASE_URL": f"{url}_digests"},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise CommandError(f"The digest benchmark failed:\n{done.stderr[-2000:]}")
        # The script prints one JSON line (workers may print their shutdown after it).
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            raise CommandError(f"The digest benchmark printed no result:\n{done.stdout[-2000:]}")
        return dict(json.loads(lines[-1]))
