"""Create the alerts that are due and queue them (or, with --now, send them here): what
beat's dispatch_alerts does every minute, for a machine without beat or a cron job."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from digests import alerts, tasks
from tracker.clock import safe_since


class Command(BaseCommand):
    help = "Create due alerts and queue them; --now sends here, --dry-run only counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Send in this process.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is waiting, send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            now, until = timezone.now(), safe_since()
            for rule in alerts.rules_due(now):
                since = rule.alert_cursor or rule.confirmed_at or now
                count = alerts.waiting(rule, since, until).count()
                self.stdout.write(f"{rule.pk} {rule.target}: {count} new event(s)")
            return
        ids = alerts.dispatch()
        if options["now"]:
            retry = alerts.send(ids)
            done = f"Alerts: {len(ids)} handled, {len(retry)} to try again (see the admin)."
            self.stdout.write(self.style.SUCCESS(done))
            return
        for start in range(0, len(ids), tasks.BATCH):
            tasks.send_alerts.delay(ids[start : start + tasks.BATCH])
        self.stdout.write(self.style.SUCCESS(f"Queued {len(ids)} alert(s)."))
