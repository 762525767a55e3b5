"""Fetch the watched sources that are due (or one, now) and print what was found."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from intake import watching
from intake.models import FetchRun, WatchedSource


class Command(BaseCommand):
    help = (
        "Fetch the watched sources that are due, in this process, and print what was found. "
        "With --source, fetch that one now even if it is not due or is paused. Without "
        "--once, keep doing it every WATCH_DISPATCH_SECONDS (where Celery beat is not run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One round, then stop.")
        parser.add_argument("--source", type=int, metavar="ID", help="Only this source, now.")

    def handle(self, *args: Any, **options: Any) -> None:
        source_id = options["source"]
        if source_id is not None and not WatchedSource.objects.filter(pk=source_id).exists():
            raise CommandError(f"There is no watched source with id {source_id}.")
        failed = 0
        while True:
            ids = [source_id] if source_id is not None else watching.due()
            if not ids and options["once"]:
                self.stdout.write("No watched source is due.")
            for pk in ids:
                run = watching.fetch_source(pk, force=source_id is not None)
                failed += self._report(pk, run)
            if options["once"] or source_id is not None:
                break
            time.sleep(settings.WATCH_DISPATCH_SECONDS)
        if failed:
            raise CommandError(f"{failed} source(s) could not be fetched.")

    def _report(self, pk: int, run: FetchRun | None) -> int:
        source = WatchedSource.objects.get(pk=pk)
        if run is None:
            self.stdout.write(f"{source}: being fetched by another process; skipped.")
            return 0
        if run.outcome == FetchRun.Outcome.FAILED:
            self.stderr.write(f"{source}: failed: {run.error}")
            if not source.active:
                self.stderr.write(f"{source}: {source.paused_reason}")
            return 1
        if run.outcome == FetchRun.Outcome.NOT_MODIFIED:
            self.stdout.write(f"{source}: not modified since the last fetch.")
            return 0
        self.stdout.write(
            f"{source}: {run.items} item(s), {run.articles} new article(s) with "
            f"{run.drafts} draft(s), {run.skipped} skipped."
        )
        for line in run.notes.splitlines():
            self.stdout.write(f"  could not read {line}")
        for article in source.articles.filter(created__gte=run.started).order_by("id"):
            drafts = article.drafts.count()
            self.stdout.write(f"  new: {article} ({drafts} draft(s)) {article.url}")
        return 0
