"""Measure extraction against hand-written expectations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intake.extraction.evaluate import FIELDS, evaluate
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
        parser.add_argument(
            "--write", type=Path, help="Also write the report as Markdown to this file."
        )

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
        if options["write"]:
            options["write"].write_text(markdown(reports), encoding="utf-8")


def markdown(reports: dict[str, Any]) -> str:
    """The scores of each directory as a Markdown table per field."""
    lines = ["# Extraction scores", "", "Written by `manage.py eval_extraction --write`.", ""]
    for directory, score in reports.items():
        summary = score.summary()
        lines += [
            f"## {directory}",
            "",
            f"{summary['articles']} articles, {summary['words']:,} words, "
            f"{summary['ms_per_1000_words']} ms of extraction per 1,000 words; "
            f"{summary['spurious_events']} spurious events "
            f"({summary['spurious_per_article']} per article), "
            f"{summary['invented_precise_dates']} invented precise dates.",
            "",
            "| field | precision | recall | F1 | expected | extracted |",
            "|---|---|---|---|---|---|",
        ]
        for name in FIELDS:
            f = summary[name]
            lines.append(
                f"| {name} | {f['precision']} | {f['recall']} | {f['f1']} | {f['expected']} "
                f"| {f['extracted']} |"
            )
        lines.append("")
    return "\n".join(lines)
