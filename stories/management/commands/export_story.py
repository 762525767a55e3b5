"""Write a story as JSON (what import_story reads, and /stories/<slug>.json serves)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stories import selectors
from stories.interchange import to_json
from stories.models import Story
from tracker.validators import CONTROL


class Command(BaseCommand):
    help = "Export a story as JSON (format engagement-tracker-story/1), by its slug."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", type=Path, help="File to write (default: stdout).")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"]
        story = None if CONTROL.search(slug) else Story.objects.filter(slug=slug).first()
        if story is None:
            raise CommandError(f"No story has the slug {slug!r}.")
        text = to_json(story, selectors.entries_of(story))
        if options["output"]:
            try:
                options["output"].write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc}") from exc
            self.stderr.write(f"Wrote the story “{story.title}” to {options['output']}.")
        else:
            self.stdout.write(text, ending="")
