"""Reference data of the record: countries, kinds of event, topics and actors."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import django_countries
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django_countries import countries as country_registry
from simple_history.models import HistoricalRecords

from tracker.choices import ActorKind, PloverCategory
from tracker.validators import LONG_TEXT, PLAIN, no_control_characters

# What Django's slug validator and the URLs' <slug:…> accept: a row that breaks it could
# not be linked, and every page listing it would fail.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
VALID_SLUG = Q(slug__regex=SLUG_PATTERN)
# The codes django-countries has a flag image for (static/flags/<code>.gif,
# famfamfam's flag icons, free for any use).
FLAGS = {
    path.stem.upper()
    for path in (Path(django_countries.__file__).parent / "static" / "flags").glob("??.gif")
}
FLAG_IMG = '<img class="flag" src="{}" alt="" width="16" height="11">'


class Country(models.Model):
    """A state, identified by its ISO 3166-1 alpha-2 code (names from django-countries)."""

    code = models.CharField("ISO code", max_length=2, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = "country"
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tracker:country", args=[self.code])

    @property
    def flag_url(self) -> str:
        """The flag as a small image from django-countries' static files ("" if it has
        none). Images, not emoji: without an emoji font, flag emoji are empty boxes."""
        return static(f"flags/{self.code.lower()}.gif") if self.code in FLAGS else ""

    def flag_html(self) -> str:
        """An <img> of the flag (decorative: the name is always beside it), or ""."""
        url = self.flag_url
        return format_html(FLAG_IMG, url) if url else ""

    @classmethod
    def sync_from_registry(cls) -> int:
        """Create or rename countries from django-countries' ISO 3166 list; return the count."""
        rows = [cls(code=str(code), name=str(name)) for code, name in country_registry]
        Country.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
        )
        return len(rows)


class EventKind(models.Model):
    """A kind of event (phone call, visit, tariff measure …) with its PLOVER/CAMEO mapping."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, unique=True, validators=PLAIN)
    description = models.TextField(blank=True, validators=LONG_TEXT)
    plover_category = models.CharField(
        "PLOVER category", max_length=20, choices=PloverCategory.choices, blank=True
    )
    plover_mode = models.CharField("PLOVER mode", max_length=40, blank=True)
    cameo_code = models.CharField(
        "CAMEO code", max_length=10, blank=True, help_text="Closest CAMEO event code."
    )
    colour = models.CharField(max_length=7, default="#6b7280", help_text="Badge colour as #rrggbb.")
    icon = models.CharField(max_length=40, blank=True, help_text="Short icon name.")
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "event kind"
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="eventkind_colour_hex"
            ),
            models.CheckConstraint(condition=VALID_SLUG, name="eventkind_slug_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A curated subject (trade, defence, immigration …), optionally under a parent topic."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True, validators=PLAIN)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True, validators=LONG_TEXT)
    keywords = models.CharField(
        max_length=500,
        blank=True,
        default="",
        db_default="",  # rows written by raw SQL (bulk loads) have none
        validators=PLAIN,
        help_text="Words that show a text speaks of this topic, separated by commas "
        "(“tariff, export, deficit”); its name always counts. Accounts of an event are "
        "compared by them.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="topic_not_own_parent"),
            models.CheckConstraint(condition=VALID_SLUG, name="topic_slug_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tracker:topic", args=[self.slug])

    @property
    def terms(self) -> list[str]:
        """The words that show a text speaks of this topic: its name and keywords."""
        words = [self.name, *self.keywords.split(",")]
        return list(dict.fromkeys(w.strip().lower() for w in words if w.strip()))

    def clean(self) -> None:
        """No cycles: the ancestors are read from the database, as they are now (objects
        in memory may hold a parent's parent as it was before another change)."""
        seen = {self.pk}
        parent_id = self.parent_id
        while parent_id is not None:
            if parent_id in seen:
                raise ValidationError({"parent": "A topic cannot be its own ancestor."})
            seen.add(parent_id)
            parent_id = (
                Topic.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
            )


MAX_ALIASES = 50
ALIAS_LENGTH = 200


class Actor(models.Model):
    """A person, an organisation or office, or a government that takes part in events.

    ``title`` is the current title; the title held at the time of an event belongs to
    the participation.
    """

    name = models.CharField(max_length=200, db_index=True, validators=PLAIN)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names used in sources, one per line."
    )
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.PERSON)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="actors"
    )
    title = models.CharField("current title", max_length=200, blank=True, validators=PLAIN)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "actor"
        constraints = [models.CheckConstraint(condition=VALID_SLUG, name="actor_slug_valid")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tracker:actor", args=[self.slug])

    def clean(self) -> None:
        if not isinstance(self.aliases, list) or not all(
            isinstance(alias, str) for alias in self.aliases
        ):
            raise ValidationError({"aliases": "Aliases must be a list of names."})
        self.aliases = normalise_aliases(self.aliases, exclude=self.name)
        if len(self.aliases) > MAX_ALIASES:
            raise ValidationError({"aliases": f"Give at most {MAX_ALIASES} aliases."})
        for alias in self.aliases:
            if len(alias) > ALIAS_LENGTH:
                raise ValidationError(
                    {"aliases": f"Each alias has at most {ALIAS_LENGTH} characters."}
                )
            try:
                no_control_characters(alias)
            except ValidationError as exc:
                raise ValidationError({"aliases": exc.messages}) from None
        if not self.slug and self.name:
            self.slug = self._unique_slug()  # before the constraints are checked

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        """The name's slug, numbered if taken: the slugs taken are read in one query (a
        name used a thousand times must not cost a thousand)."""
        base = slugify(self.name)[:200] or "actor"
        taken = set(
            Actor.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug


def normalise_aliases(aliases: Iterable[str], *, exclude: str = "") -> list[str]:
    """Strip, drop blanks and duplicates (case-insensitively) and the actor's own name."""
    seen = {exclude.strip().casefold()} if exclude else set()
    result = []
    for alias in aliases:
        alias = " ".join(alias.split())
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            result.append(alias)
    return result
