"""Rebuild the full-text search index of every event (or of the given ids)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tracker import search
from tracker.models import Event


class Command(BaseCommand):
    help = "Rebuild the search index (all events, or --ids 1 2 3)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ids", nargs="+", type=int, help="Only these event ids.")
        parser.add_argument("--batch", type=int, default=500, help="Events per transaction.")
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only events that have no search entry yet (after an upgrade).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        ids = options["ids"]
        if options["missing"]:
            ids = list(Event.objects.filter(search__isnull=True).values_list("pk", flat=True))
        count = search.reindex(ids, batch=max(1, options["batch"]))
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Reindexed {count} event(s) in {seconds:.1f} s."))
