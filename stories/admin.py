"""Stories in the admin: the story, its events in order as an inline (events found by the
autocomplete), and filling it from a saved view of the timeline. Every save goes through
``stories.services`` (one transaction, the story's rules), as the event admin's does."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse

from tracker.admin.base import HistoryAdmin, TabularInline, user_of

from . import services
from .models import Story, StoryEntry
from .services import FILL_LIMIT, MAX_ENTRIES, EntryData


class StoryEntryForm(forms.ModelForm):
    class Meta:
        model = StoryEntry
        fields = ["position", "event", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = "Blank: after the others."

    def _get_validation_exclusions(self) -> Any:
        """Positions and events are checked across the whole list as it will be saved
        (StoryEntryFormSet, the services), not row by row against the rows as they were:
        swapping two rows' positions is no clash."""
        exclude = super()._get_validation_exclusions()  # type: ignore[misc]
        exclude.update({"position", "event"})
        return exclude


class StoryEntryFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[int] = set()
        kept = 0
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("event") is None:
                continue
            kept += 1
            event = data["event"]
            if event.pk in seen:
                raise ValidationError(f"“{event.title}” is in the story twice.")
            seen.add(event.pk)
        if kept > MAX_ENTRIES:
            raise ValidationError(f"A story holds at most {MAX_ENTRIES} events.")


class StoryEntryInline(TabularInline):
    model = StoryEntry
    form = StoryEntryForm
    formset = StoryEntryFormSet
    fields = ["position", "event", "note"]
    autocomplete_fields = ["event"]
    ordering = ["position"]
    extra = 1


def entry_data(formsets: list[Any]) -> list[EntryData]:
    """The inline's rows that are kept, in order (by position; blank ones after the rest,
    ties in the order shown), as the services take them. The formsets are told what
    changed, as their own save would tell them, for the admin's change message."""
    rows: list[tuple[float, int, EntryData]] = []
    for formset in formsets:
        kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        for index, form in enumerate(kept):
            position = form.cleaned_data.get("position")
            order = math.inf if position is None else float(position)
            note = form.cleaned_data.get("note") or ""
            rows.append((order, index, EntryData(event=form.cleaned_data["event"], note=note)))
        formset.new_objects = [f.instance for f in kept if f.instance.pk is None]
        formset.changed_objects = [
            (f.instance, f.changed_data) for f in kept if f.instance.pk and f.has_changed()
        ]
        formset.deleted_objects = [
            f.instance for f in formset.forms if f.cleaned_data.get("DELETE") and f.instance.pk
        ]
    return [data for _, _, data in sorted(rows, key=lambda row: (row[0], row[1]))]


class StoryForm(forms.ModelForm):
    fill_view = forms.CharField(
        label="Saved view",
        required=False,
        max_length=2000,
        help_text="A timeline address or its query string (country=US&country=IN&topic=trade):"
        " its events are added after the story's, oldest first; events already in the "
        "story are skipped.",
    )
    fill_limit = forms.IntegerField(
        label="At most",
        required=False,
        min_value=1,
        max_value=MAX_ENTRIES,
        initial=FILL_LIMIT,
        help_text=f"Events to add from the view (a story holds at most {MAX_ENTRIES}).",
    )

    class Meta:
        model = Story
        fields = ["title", "slug", "summary"]

    def clean_fill_view(self) -> str:
        text = str(self.cleaned_data.get("fill_view") or "").strip()
        if not text:
            return ""
        try:
            services.view_query(text)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["view"]) from None
        return text


@admin.register(Story)
class StoryAdmin(HistoryAdmin):
    form = StoryForm
    inlines = [StoryEntryInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary"]}),
        (
            "Fill from a saved view",
            {
                "fields": ["fill_view", "fill_limit"],
                "description": "Saving adds the view's events after the entries below.",
            },
        ),
        (
            "Record",
            {
                "fields": ["view", "uid", "created_by", "created", "updated"],
                "classes": ["collapse"],
            },
        ),
    ]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["view", "uid", "created_by", "created", "updated"]
    list_display = ["title", "entry_count", "updated"]
    search_fields = ["title", "slug", "summary"]
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Story]:
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description="Events", ordering="entry_count")
    def entry_count(self, obj: Story) -> int:
        return int(getattr(obj, "entry_count", 0))

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        request._reverting = True  # type: ignore[attr-defined]
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request: HttpRequest, obj: Story, form: Any, change: bool) -> None:
        """Nothing yet: the story is written with its entries by one service call
        (save_related). A revert from a history page has no inlines and no save_related:
        the story's own fields are written through the same service here."""
        if getattr(request, "_reverting", False):
            services.update_story(
                story=obj, title=obj.title, slug=obj.slug, summary=obj.summary, view=obj.view
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Write the story and its entries through the services, then fill it from the
        saved view if one was given (in the same transaction as the rest of the save)."""
        fields = {name: form.cleaned_data[name] for name in ("title", "slug", "summary")}
        entries = entry_data(formsets)
        story = form.instance
        if change:
            services.update_story(story=story, **fields, entries=entries)
        else:
            created = services.create_story(**fields, entries=entries, created_by=user_of(request))
            story.pk = created.pk
            story._state.adding = False
        view = form.cleaned_data.get("fill_view")
        if view:
            limit = form.cleaned_data.get("fill_limit") or FILL_LIMIT
            result = services.fill_from_view(story=story, view=view, limit=limit)
            text = f"Added {result.added} event(s) from the saved view"
            if result.already:
                text += f"; {result.already} already in the story"
            if result.left_out:
                text += f"; {result.left_out} more matched but were left out (the limit)"
            self.message_user(request, text + ".", messages.SUCCESS)
        story.refresh_from_db()

    def delete_model(self, request: HttpRequest, obj: Story) -> None:
        services.delete_stories(stories=[obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Story]) -> None:
        services.delete_stories(stories=queryset)
