"""Measure extraction against hand-written expectations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intake.extraction.evaluate import evaluate
from intake.extraction.pipeline import Gazetteer


class Command(BaseCommand):
    help = "Compare extraction of every DIR/*.txt with DIR/*.expected.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--misses", action="store_true", help="List what was missed.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        score = evaluate(directory, Gazetteer.from_database())
        if not score.expected_events:
            raise CommandError(f"No *.txt with *.expected.json in {directory}.")
        self.stdout.write(json.dumps(score.summary(), indent=2))
        if options["misses"]:
            for miss in score.misses:
                self.stdout.write(f"  {miss}")
