"""Measure the tracker with synthetic data (PostgreSQL only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from tracker import bench


class Command(BaseCommand):
    help = "Generate N synthetic events (reused when present) and time the main requests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--events", type=int, default=1_000_000)
        parser.add_argument("--quick", action="store_true", help="About 20,000 events, few runs.")
        parser.add_argument("--json", type=Path, help="Write the results here (and .md beside).")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL (set DATABASE_URL).")
        events = 20_000 if options["quick"] else options["events"]
        if events < 1_000:
            raise CommandError("Give at least 1,000 events.")
        repeat = 5 if options["quick"] else 50
        settings.API_ANON_RATE = settings.API_USER_RATE = ""
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
        seconds = bench.generate(events, log=self.stderr.write)
        report = {
            "events": events,
            "generate_seconds": round(seconds, 1),
            "repeat": repeat,
            "requests": bench.measure(repeat),
        }
        text = json.dumps(report, indent=2)
        if options["json"]:
            options["json"].write_text(text + "\n")
            options["json"].with_suffix(".md").write_text(bench.markdown(report))
        self.stdout.write(text)
