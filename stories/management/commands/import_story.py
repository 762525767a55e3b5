"""Create or update a story from a JSON file (as export_story writes it); all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stories.interchange import StoryFileError, import_json


class Command(BaseCommand):
    help = (
        "Import a story from a JSON file (format engagement-tracker-story/1): a story with "
        "the file's uid is updated, its entries replaced; else it is created. Its events "
        "must be in the record (by uid). Nothing is written if anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            story, created = import_json(text)
        except StoryFileError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"{path}: not imported, nothing was written.") from exc
        verb = "Created" if created else "Updated"
        count = story.entries.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} the story “{story.title}” ({count} events): /stories/{story.slug}/"
            )
        )
