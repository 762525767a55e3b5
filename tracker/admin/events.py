"""Event data entry: partial dates as text, inlines, autocompletes, duplicate warnings,
import and export."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from import_export import fields as ie_fields
from import_export import resources
from import_export.admin import ExportActionMixin

from tracker import search, selectors, services
from tracker.choices import EventStatus
from tracker.dates import PartialDate, PartialDateError
from tracker.interchange import csv as csv_format
from tracker.interchange import jobs
from tracker.models import (
    Event,
    EventLink,
    Figure,
    ImportJob,
    Participation,
    Source,
)

from .base import (
    CheckedAutocompleteSelectMultiple,
    HistoryAdmin,
    StackedInline,
    TabularInline,
    user_of,
)
from .forms import EventAdminForm, FigureAdminForm


class ParticipationInline(TabularInline):
    model = Participation
    autocomplete_fields = ["actor"]
    fields = ["actor", "role", "title_at_time"]
    extra = 1


class SourceInline(StackedInline):
    model = Source
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [("outlet", "published"), "account_of", "title", "url", "author", "excerpt"]
    autocomplete_fields = ["account_of"]
    extra = 1


class LinkOutInline(TabularInline):
    """What this event is to others: "this statement is the readout of that call"."""

    model = EventLink
    fk_name = "source"
    fields = ["kind", "target"]
    autocomplete_fields = ["target"]
    verbose_name = "link to another event (this event is …)"
    verbose_name_plural = "links to other events (this event is … of them)"
    extra = 0


class LinkInInline(TabularInline):
    """What other events are to this one: "that statement is the readout of this call"."""

    model = EventLink
    fk_name = "target"
    fields = ["source", "kind"]
    autocomplete_fields = ["source"]
    verbose_name = "link from another event (that event is … of this one)"
    verbose_name_plural = "links from other events (they are … of this event)"
    extra = 0


class FigureInline(TabularInline):
    model = Figure
    form = FigureAdminForm
    fields = [
        "label",
        "value",
        "unit",
        "period_start",
        "period_end",
        "change_value",
        "change_unit",
    ]
    extra = 0


class CountryListFilter(admin.SimpleListFilter):
    """Countries that appear in the record; an event matches when it involves the country."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(c.code, c.name) for c in selectors.countries_in_use()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.for_country(value) if value else queryset  # type: ignore[attr-defined]


class DateRangeFilter(admin.ListFilter):
    """Events whose dates overlap a typed range: "Feb 2025" matches 10–20 Feb 2025."""

    title = "date range"
    template = "admin/tracker/date_range_filter.html"
    parameters = ("date_from", "date_to")

    def __init__(self, request: HttpRequest, params: dict[str, Any], model: Any, admin: Any):
        super().__init__(request, params, model, admin)
        self.texts: dict[str, str] = {}
        for name in self.parameters:
            if name in params:
                value = params.pop(name)
                text = str(value[-1] if isinstance(value, list) else value).strip()
                if text:
                    self.used_parameters[name] = self.texts[name] = text
        self.bounds: dict[str, PartialDate] = {}
        for name, text in self.texts.items():
            try:
                self.bounds[name] = PartialDate.parse(text)
            except PartialDateError as exc:
                messages.warning(request, f"Date range ignored: {exc}")

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str | None]:
        return list(self.parameters)

    def choices(self, changelist: Any) -> Iterator[dict[str, Any]]:
        keep = [
            (key, value)
            for key, values in changelist.params.items()
            if key not in self.parameters and key != "p"
            for value in (values if isinstance(values, list) else [values])
        ]
        yield {
            "date_from": self.texts.get("date_from", ""),
            "date_to": self.texts.get("date_to", ""),
            "hidden": keep,
            "clear": changelist.get_query_string(remove=list(self.parameters)),
        }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        first = self.bounds.get("date_from")
        last = self.bounds.get("date_to")
        if first is None and last is None:
            return queryset
        return queryset.overlapping(  # type: ignore[attr-defined]
            first.first_day if first else None, last.last_day if last else None
        )


INLINE_DATA: dict[type, tuple[str, type]] = {
    Participation: ("participants", services.ParticipantData),
    Source: ("sources", services.SourceData),
    Figure: ("figures", services.FigureData),
}


def inline_data(formsets: list[Any]) -> dict[str, list[Any]]:
    """The inlines' rows (those kept) as the services take them. The formsets are told
    what changed, as their own save would tell them, for the admin's change message."""
    out: dict[str, list[Any]] = {}
    for formset in formsets:
        if formset.model is EventLink:
            out.setdefault("links", []).extend(_links(formset))
            continue
        name, data_class = INLINE_DATA[formset.model]
        fields = [f.name for f in dataclasses.fields(data_class)]
        kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        out[name] = [data_class(**{k: f.cleaned_data.get(k) for k in fields}) for f in kept]
        formset.new_objects = [f.instance for f in kept if f.instance.pk is None]
        formset.changed_objects = [
            (f.instance, f.changed_data) for f in kept if f.instance.pk and f.has_changed()
        ]
        formset.deleted_objects = [
            f.instance for f in formset.forms if f.cleaned_data.get("DELETE") and f.instance.pk
        ]
    return out


def _links(formset: Any) -> list[services.LinkData]:
    """A links inline's rows as the services take them (the other end is the field that
    is not the inline's own key)."""
    outgoing = formset.fk.name == "source"
    other = "target" if outgoing else "source"
    kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    return [
        services.LinkData(
            kind=f.cleaned_data["kind"], other=f.cleaned_data[other], outgoing=outgoing
        )
        for f in kept
        if f.cleaned_data.get(other) is not None
    ]


class EventForm(EventAdminForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country_set"]
        field.widget = CheckedAutocompleteSelectMultiple(
            Event._meta.get_field("countries"), admin.site
        )
        field.widget.choices = field.choices  # type: ignore[attr-defined]


def _column(name: str) -> Any:
    return ie_fields.Field(attribute=None, column_name=name, readonly=True)


class EventResource(resources.ModelResource):
    """Events as rows for the admin's export (CSV, XLSX, JSON): the columns of
    ``export_events --format csv``, so a file exported here imports back."""

    uid = _column("uid")
    title = _column("title")
    kind = _column("kind")
    status = _column("status")
    start = _column("start")
    end = _column("end")
    countries = _column("countries")
    topics = _column("topics")
    tags = _column("tags")
    participants = _column("participants")
    summary = _column("summary")
    notes = _column("notes")
    sources = _column("sources")
    figures = _column("figures")
    related = _column("related")
    links = _column("links")

    class Meta:
        model = Event
        fields = tuple(csv_format.CSV_COLUMNS)
        export_order = tuple(csv_format.CSV_COLUMNS)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rows: dict[int, dict[str, str]] = {}

    def export_field(self, field: Any, instance: Event, **kwargs: Any) -> Any:
        if instance.pk not in self._rows:
            self._rows[instance.pk] = csv_format.csv_row(instance)
        return self._rows[instance.pk][field.column_name]


@admin.register(Event)
class EventAdmin(ExportActionMixin, HistoryAdmin):
    form = EventForm
    inlines = [ParticipationInline, SourceInline, FigureInline, LinkOutInline, LinkInInline]

    class Media:
        css = {"all": ["tracker/admin.css"]}
        js = ["tracker/admin-names.js"]

    fieldsets = [
        (None, {"fields": ["title", ("kind", "status"), ("start_text", "end_text")]}),
        (None, {"fields": ["country_set", "topics", "tags"]}),
        (None, {"fields": ["summary", "notes", "related"]}),
    ]
    autocomplete_fields = ["topics", "related"]
    list_display = ["honest_date", "kind_badge", "title", "country_list", "status"]
    list_display_links = ["title"]
    list_select_related = ["kind"]
    list_filter = [
        DateRangeFilter,
        "kind",
        "status",
        "start_precision",
        CountryListFilter,
        "topics",
    ]
    search_fields = ["title", "summary", "participations__actor__name"]
    date_hierarchy = "span_start"
    list_per_page = 50
    actions = ["mark_occurred", "mark_cancelled", "duplicate"]
    readonly_fields = ["created_by", "created", "updated"]
    resource_classes = [EventResource]
    change_list_template = "admin/tracker/event/change_list.html"

    def get_urls(self) -> list[Any]:
        from django.urls import path

        custom = [
            path(
                "import-file/",
                self.admin_site.admin_view(self.import_file),
                name="tracker_event_import_file",
            ),
            path(
                "import-file/<int:pk>/",
                self.admin_site.admin_view(self.import_job),
                name="tracker_event_import_job",
            ),
        ]
        return custom + super().get_urls()

    def _import_context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "title": "Import events",
            "opts": self.model._meta,
            "limits": {
                "bytes": settings.IMPORT_MAX_BYTES,
                "rows": settings.IMPORT_MAX_ROWS,
            },
            **extra,
        }

    def import_file(self, request: HttpRequest) -> HttpResponse:
        """Upload CSV, XLSX or JSON: stored, then checked by a worker (see import_job)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        errors: list[Any] = []
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None:
                errors = ["Choose a file to import."]
            else:
                try:
                    jobs.check_upload(upload.size or 0)
                except jobs.Refused as exc:
                    errors = exc.errors
                else:
                    job = jobs.start(
                        filename=upload.name or "upload", raw=upload.read(), user=user_of(request)
                    )
                    return HttpResponseRedirect(job.get_absolute_url())
        context = self._import_context(request, errors=errors)
        return TemplateResponse(request, "admin/tracker/event/import_file.html", context)

    def import_job(self, request: HttpRequest, pk: int) -> HttpResponse:
        """An import's state: being checked, checked (confirm to import), being imported,
        imported or refused with every bad row."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob.objects.defer("data"), pk=pk)
        if request.method == "POST" and "confirm" in request.POST:
            if job.updated_count and not self.has_change_permission(request):
                raise PermissionDenied  # it would change events already in the record
            if not jobs.confirm(job):
                self.message_user(request, "This import is not waiting to be confirmed.")
            return HttpResponseRedirect(job.get_absolute_url())
        context = self._import_context(
            request,
            job=job,
            progress=jobs.progress(job),
            may_change=self.has_change_permission(request),
        )
        return TemplateResponse(request, "admin/tracker/event/import_job.html", context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).prefetch_related("countries")

    def _do_file_export(
        self, file_format: Any, request: HttpRequest, queryset: Any, export_form: Any = None
    ) -> HttpResponse:
        """The export answers within the request: bounded, and read in a fixed number of
        queries (a ValueError is shown on the export form as a message)."""
        limit = settings.IMPORT_MAX_ROWS
        if queryset.count() > limit:
            raise ValueError(
                f"The admin exports at most {limit:,} events at a time: filter the list "
                "first, or run `manage.py export_events` to export them all."
            )
        return super()._do_file_export(
            file_format, request, queryset.with_details(), export_form=export_form
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Event], search_term: str
    ) -> tuple[QuerySet[Event], bool]:
        """The site's full-text search (same syntax as the timeline and the API)."""
        if not search_term.strip():
            return queryset, False
        try:
            return search.search(queryset, search_term), False
        except search.SearchSyntaxError as exc:
            self.message_user(request, str(exc), messages.WARNING)
            return queryset.none(), False

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:  # a change form: a public note for a correction, the record
            fieldsets.append(("Correction", {"fields": ["correction_note"]}))
            fieldsets.append(
                (
                    "Record",
                    {"fields": ["created_by", "created", "updated"], "classes": ["collapse"]},
                )
            )
        return fieldsets

    @admin.display(description="Date", ordering="span_start")
    def honest_date(self, obj: Event) -> str:
        return obj.display_date

    @admin.display(description="Kind", ordering="kind__name")
    def kind_badge(self, obj: Event) -> str:
        return format_html(
            '<span style="border-left:4px solid {};padding-left:6px">{}</span>',
            obj.kind.colour,
            obj.kind.name,
        )

    @admin.display(description="Countries")
    def country_list(self, obj: Event) -> str:
        return format_html_join(
            ", ",
            '<span title="{}">{} {}</span>',
            ((c.name, c.flag_html(), c.code) for c in obj.countries.all()),
        )

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        request._reverting = True  # type: ignore[attr-defined]
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        """Nothing yet: the event is written with its inlines, by one service call
        (save_related). A revert from a history page has no inlines and no save_related:
        the event's own fields are written through the same service here."""
        if getattr(request, "_reverting", False):
            services.update_event(obj, **form.service_data())

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Write the event and everything attached through the services (their rules, one
        transaction, the search index kept in step), as the API and imports do."""
        data = {**form.service_data(), **inline_data(formsets)}
        event = form.instance
        if change:
            note = form.cleaned_data.get("correction_note") or ""
            services.update_event(event, correction_note=note, **data)
        else:
            created = services.create_event(**data, created_by=user_of(request))
            event.pk = created.pk
            event._state.adding = False
        event.refresh_from_db()
        if change:
            return
        duplicates = selectors.possible_duplicates(event)[:5]
        if duplicates:
            links = format_html_join(
                "; ",
                '<a href="{}">{}</a>',
                ((reverse("admin:tracker_event_change", args=[d.pk]), str(d)) for d in duplicates),
            )
            self.message_user(
                request,
                format_html(
                    "This event may duplicate an existing one (same kind, overlapping date, "
                    "same countries): {}. Check, and delete one if so.",
                    links,
                ),
                messages.WARNING,
            )

    def delete_model(self, request: HttpRequest, obj: Event) -> None:
        services.delete_events(events=[obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        services.delete_events(events=queryset)

    @admin.action(description="Mark selected events as occurred", permissions=["change"])
    def mark_occurred(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        n = services.set_status(events=queryset, status=EventStatus.OCCURRED)
        self.message_user(request, f"Marked {n} event(s) as occurred.", messages.SUCCESS)

    @admin.action(description="Mark selected events as cancelled", permissions=["change"])
    def mark_cancelled(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        n = services.set_status(events=queryset, status=EventStatus.CANCELLED)
        self.message_user(request, f"Marked {n} event(s) as cancelled.", messages.SUCCESS)

    @admin.action(description="Duplicate selected events", permissions=["add"])
    def duplicate(self, request: HttpRequest, queryset: QuerySet[Event]) -> HttpResponse | None:
        user = request.user if request.user.is_authenticated else None
        copies = [services.duplicate_event(event=e, created_by=user) for e in queryset]
        if len(copies) == 1:
            self.message_user(request, "Created a copy; edit it now.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:tracker_event_change", args=[copies[0].pk]))
        self.message_user(request, f"Created {len(copies)} copies.", messages.SUCCESS)
        return None
