"""Write the events of any timeline view as JSON, CSV, iCalendar or TimelineJS."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict

from tracker.filters import EventFilter
from tracker.interchange import csv, ics, timelinejs
from tracker.interchange import json as json_format
from tracker.models import Event


class Command(BaseCommand):
    help = "Export events (all, or those matching --filters, the timeline's query string)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format", choices=["json", "csv", "ics", "timelinejs"], default="json"
        )
        parser.add_argument("--filters", default="", help="e.g. country=US&country=IN&topic=trade")
        parser.add_argument("-o", "--output", type=Path, help="File to write (default: stdout).")

    def handle(self, *args: Any, **options: Any) -> None:
        filterset = EventFilter(
            QueryDict(options["filters"]), queryset=Event.objects.with_details()
        )
        if not filterset.is_valid():
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())
            raise CommandError(f"Bad --filters: {problems}")
        events = list(filterset.qs)
        kind = options["format"]
        if kind == "json":
            text = json_format.to_json(events)
        elif kind == "csv":
            text = csv.to_csv(events)
        elif kind == "ics":
            text = ics.to_ics(events).decode()
        else:
            text = json.dumps(timelinejs.to_timelinejs(events), indent=2, ensure_ascii=False) + "\n"
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {len(events)} event(s) to {options['output']}.")
        else:
            self.stdout.write(text, ending="")
