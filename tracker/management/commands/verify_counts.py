"""Compare the counts kept by the write path with a full count of the events."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker import counts, stamps


class Command(BaseCommand):
    help = (
        "Compare the counts tables (events by month and kind, country, topic, country pair; "
        "the pair rows) with a full count and say what differs; --repair counts again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true", help="Rebuild what differs.")

    def handle(self, *args: Any, **options: Any) -> None:
        wrong = counts.differences()
        if not wrong:
            self.stdout.write("The counts match a full count.")
            return
        for line in wrong[:200]:
            self.stdout.write(line)
        if len(wrong) > 200:
            self.stdout.write(f"… and {len(wrong) - 200} more.")
        if not options["repair"]:
            raise CommandError(f"{len(wrong)} count(s) differ; run with --repair to fix them.")
        counts.rebuild()
        stamps.bump()
        left = counts.differences()
        if left:
            raise CommandError(f"{len(left)} count(s) still differ after the rebuild.")
        self.stdout.write(f"Repaired {len(wrong)} count(s).")
