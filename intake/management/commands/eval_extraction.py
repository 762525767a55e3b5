"""Measure extraction against hand-written expectations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intake.extraction.evaluate import FIELDS, agreement, evaluate
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
        parser.add_argument(
            "--against",
            type=Path,
            metavar="OTHER",
            help="Score a second annotation (OTHER/name.expected.json) as if it were the "
            "extraction: how far two annotators agree on the texts both annotated, beside "
            "the extraction's score on those same texts.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reports = {}
        gazetteer = Gazetteer.from_database()
        for directory in options["directories"]:
            if not directory.is_dir():
                raise CommandError(f"{directory} is not a directory.")
            if options["against"]:
                second = self._agreement(directory, options["against"])
                texts = [article.name for article in second.articles]
                reports[f"{directory}: second annotation"] = second
                reports[f"{directory}: extraction, same {len(texts)} texts"] = evaluate(
                    directory, gazetteer, only=texts
                )
                continue
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
            title = (
                f"Agreement of a second annotation ({options['against']}) with the corpus's, "
                "beside the extraction on the same texts"
                if options["against"]
                else ""
            )
            options["write"].write_text(markdown(reports, title), encoding="utf-8")

    @staticmethod
    def _agreement(directory: Path, other: Path) -> Any:
        if not other.is_dir():
            raise CommandError(f"{other} is not a directory.")
        try:
            score = agreement(directory, other)
        except (ValueError, KeyError, TypeError, AttributeError, OSError) as error:
            raise CommandError(f"Cannot read the second annotation: {error}") from error
        if not score.articles:
            raise CommandError(f"No annotation in {other} is of a text in {directory}.")
        return score


def markdown(reports: dict[str, Any], agreement: str = "") -> str:
    """The scores of each directory as a Markdown table per field (and of a second
    annotation beside the extraction, when ``agreement`` says which)."""
    lines = [
        f"# {agreement or 'Extraction scores'}",
        "",
        "Written by `manage.py eval_extraction --write`.",
        "",
    ]
    for directory, score in reports.items():
        summary = score.summary()
        speed = (
            f", {summary['ms_per_1000_words']} ms of extraction per 1,000 words"
            if score.seconds
            else ""
        )
        lines += [
            f"## {directory}",
            "",
            f"{summary['articles']} articles, {summary['words']:,} words{speed}; "
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
