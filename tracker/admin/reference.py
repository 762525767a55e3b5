"""Reference data in the admin: countries, kinds, topics, actors (with merging) and tags
(with merging)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from taggit.models import Tag

from tracker import services
from tracker.models import (
    Actor,
    Country,
    EventKind,
    Topic,
)
from tracker.selectors.reference import find_actors

from .base import CheckedAdmin, HistoryAdmin, merge_action
from .forms import ActorAdminForm


@admin.register(Country)
class CountryAdmin(CheckedAdmin):
    list_display = ["code", "flag", "name"]
    search_fields = ["code", "name"]
    ordering = ["name"]

    @admin.display(description="Flag")
    def flag(self, obj: Country) -> str:
        return obj.flag_html()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Country, form: Any, change: bool) -> None:
        services.save_country(country=obj)


@admin.register(EventKind)
class EventKindAdmin(CheckedAdmin):
    list_display = ["name", "slug", "plover_category", "plover_mode", "cameo_code", "swatch"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: EventKind, form: Any, change: bool) -> None:
        services.save_kind(kind=obj)

    @admin.display(description="Colour")
    def swatch(self, obj: EventKind) -> str:
        return format_html(
            '<span style="display:inline-block;width:1.2em;height:1.2em;border-radius:3px;'
            'background:{}" title="{}"></span>',
            obj.colour,
            obj.colour,
        )


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["name", "slug", "parent", "event_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(n_events=Count("events"))
            # A grouped query drops Meta.ordering; the autocomplete pages need an order.
            .order_by("name")
        )

    @admin.display(description="Events", ordering="n_events")
    def event_count(self, obj: Any) -> int:
        return int(obj.n_events)

    def save_model(self, request: HttpRequest, obj: Topic, form: Any, change: bool) -> None:
        services.save_topic(topic=obj)

    def delete_model(self, request: HttpRequest, obj: Topic) -> None:
        services.delete_topics(topics=[obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        services.delete_topics(topics=queryset)


@admin.register(Actor)
class ActorAdmin(HistoryAdmin):
    form = ActorAdminForm
    list_display = ["name", "title", "country", "kind", "event_count"]
    list_filter = ["kind", ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "aliases", "title"]
    autocomplete_fields = ["country"]
    actions = ["merge_actors"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Actor], search_term: str
    ) -> tuple[QuerySet[Actor], bool]:
        """The autocomplete finds actors by name, alias, title or close spelling
        ("Misry" finds "Misri"), closest first; the list's search stays as it was."""
        if request.path.endswith("/autocomplete/"):
            if search_term.strip():
                return find_actors(search_term, queryset), False
            return queryset.order_by("name", "id"), False
        return super().get_search_results(request, queryset, search_term)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Actor]:
        return (
            super()
            .get_queryset(request)
            .select_related("country")
            .annotate(n_events=Count("participations__event", distinct=True))
        )

    @admin.display(description="Events", ordering="n_events")
    def event_count(self, obj: Any) -> int:
        return int(obj.n_events)

    @admin.action(description="Merge selected actors…", permissions=["change", "delete"])
    def merge_actors(self, request: HttpRequest, queryset: QuerySet[Actor]) -> HttpResponse | None:
        actors = queryset.order_by("name", "id").annotate(n_participations=Count("participations"))
        return merge_action(
            self,
            request,
            actors,
            action="merge_actors",
            explanation="Choose the actor to keep. The others' participations move to it, "
            "their names become its aliases, and they are deleted.",
            details=lambda a: "; ".join(
                part
                for part in (
                    a.title,
                    a.country_id or "",
                    f"{a.n_participations} participation(s)",
                    f"aliases: {', '.join(a.aliases)}" if a.aliases else "",
                )
                if part
            ),
            merge=lambda keep, others: services.merge_actors(keep=keep, merge=others),
        )

    def save_model(self, request: HttpRequest, obj: Actor, form: Any, change: bool) -> None:
        services.save_actor(actor=obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.participations.exists():
            return False
        return super().has_delete_permission(request, obj)


admin.site.unregister(Tag)  # taggit's own admin merges its generic tag links, unchecked


@admin.register(Tag)
class TagAdmin(CheckedAdmin):
    """Free-form tags: rename, search, and merge (events keep one of the tags)."""

    list_display = ["name", "slug", "event_count"]
    ordering = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_tags"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tag]:
        return super().get_queryset(request).annotate(n_events=Count("tracker_taggedevent_items"))

    @admin.display(description="Events", ordering="n_events")
    def event_count(self, obj: Any) -> int:
        return int(obj.n_events)

    def save_model(self, request: HttpRequest, obj: Tag, form: Any, change: bool) -> None:
        services.save_tag(tag=obj)

    def delete_model(self, request: HttpRequest, obj: Tag) -> None:
        services.delete_tags(tags=[obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Tag]) -> None:
        services.delete_tags(tags=queryset)

    @admin.action(description="Merge selected tags…", permissions=["change", "delete"])
    def merge_tags(self, request: HttpRequest, queryset: QuerySet[Tag]) -> HttpResponse | None:
        return merge_action(
            self,
            request,
            self.get_queryset(request).filter(pk__in=queryset.values("pk")),
            action="merge_tags",
            explanation="Choose the tag to keep. Events tagged with the others get it "
            "instead, and the others are deleted.",
            details=lambda t: f"{t.n_events} event(s)",
            merge=lambda keep, others: services.merge_tags(keep=keep, merge=others),
        )
