"""Read an article and print the draft events found in it."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from intake.drafts import save_article
from intake.extraction.pipeline import ExtractionError, Gazetteer, read_article, run


class Command(BaseCommand):
    help = "Extract draft events from an article (PATH, or - for standard input)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A .txt or .html file, or - for standard input.")
        parser.add_argument("--published", help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--url", default="")
        parser.add_argument("--outlet", default="")
        parser.add_argument("--title", default="")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument(
            "--save",
            action="store_true",
            help="Store the article and its drafts for review in the admin.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        published = None
        if options["published"]:
            try:
                published = date.fromisoformat(options["published"])
            except ValueError:
                raise CommandError(
                    f"--published must be a date like 2025-02-14, not {options['published']!r}."
                ) from None
        try:
            if options["path"] == "-":
                raw = sys.stdin.buffer.read()
            else:
                raw = Path(options["path"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['path']}: {exc.strerror}.") from exc
        try:
            article = read_article(
                raw,
                published=published,
                url=options["url"],
                outlet=options["outlet"],
                title=options["title"],
            )
        except ExtractionError as exc:
            raise CommandError(str(exc)) from exc
        found = run(article, Gazetteer.from_database())
        result: dict[str, Any] = {
            "source": {
                "title": article.title,
                "outlet": article.outlet,
                "url": article.url,
                "published": article.published.isoformat() if article.published else None,
            },
            "events": [d.as_json() for d in found.drafts],
            "people": found.named(),
        }
        if article.published is None:
            result["warnings"] = [
                "No publication date: relative dates (on Friday, last week) are left unresolved."
            ]
        if options["save"]:
            stored = save_article(article)
            result["saved"] = {
                "article": stored.pk,
                "review": reverse("admin:intake_articleimport_change", args=[stored.pk]),
            }
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
            return
        for event in result["events"]:
            people = ", ".join(p["name"] for p in event["participants"])
            self.stdout.write(
                f"{event['start'] or '?':<10}  {event['kind']:<14} {event['status']:<10} "
                f"{'/'.join(event['countries']):<8} {people}"
            )
            self.stdout.write(f"            {event['evidence'][:100]}")
        if result["people"]:
            self.stdout.write("Named in the article:")
            for person in result["people"]:
                said = ", ".join(x for x in (person["title"], person["country"]) if x)
                self.stdout.write(f"  {person['name']}" + (f" ({said})" if said else ""))
