"""Measure extraction against hand-written expectations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intake.extraction.evaluate import evaluate
from intake.extraction.pipeline import Gazetteer


class Command(BaseCommand):
    help = (
        "Compare extraction of every DIR/*.txt with DIR/*.expected.json: precision, recall "
        "and F1 per field, spurious events per article. Several directories (the corpus's "
        "dev and test parts) are reported one by one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directories", type=Path, nargs="+", metavar="directory")
        parser.add_argument("--articles", action="store_true", help="A line per article.")
        parser.add_argument("--misses", action="store_true", help="List what was missed.")

    def handle(self, *args: Any, **options: Any) -> None:
        reports = {}
        gazetteer = Gazetteer.from_database()
        for directory in options["directories"]:
            if not directory.is_dir():
                raise CommandError(f"{directory} is not a directory.")
            score = evaluate(directory, gazetteer)
            if not score.articles:
                raise CommandError(f"No *.txt with *.expected.json in {directory}.")
            reports[str(directory)] = score
        for directory, score in reports.items():
            summary = score.summary()
            if len(reports) > 1:
                summary = {"directory": directory, **summary}
            self.stdout.write(json.dumps(summary, indent=2))
            if options["articles"]:
                for article in score.articles:
                    self.stdout.write(json.dumps(article.row()))
            if options["misses"]:
                for miss in score.misses:
                    self.stdout.write(f"  {miss}")
