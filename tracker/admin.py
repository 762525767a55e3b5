"""Admin data entry: partial dates as text, inlines, autocompletes, duplicate warnings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from import_export import fields as ie_fields
from import_export import resources
from import_export.admin import ExportActionMixin
from rest_framework.authtoken.models import TokenProxy
from simple_history.admin import SimpleHistoryAdmin
from taggit.models import Tag

from . import digests, exports, importing, search, selectors, services
from .choices import EventStatus
from .dates import PartialDate, PartialDateError
from .extraction import drafts as extraction_drafts
from .forms import (
    ActorAdminForm,
    ArticleImportForm,
    DraftEventForm,
    EventAdminForm,
    MergeForm,
)
from .models import (
    Actor,
    ArticleImport,
    Country,
    DigestDelivery,
    DraftEvent,
    Event,
    EventKind,
    Figure,
    ImportJob,
    Participation,
    Source,
    Subscription,
    Topic,
)


class BoundedChangeList(ChangeList):
    """Django's change list, whose date hierarchy turns a year such as 99999999999 (or the
    year after 9999) into an OverflowError: such a link is a bad filter, not a crash."""

    def get_filters(self, request: HttpRequest) -> Any:
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class Checked:
    """For every admin of the site: values in its lists' links and in its actions' posts
    that are no valid filter or id are refused with a message, never a server error."""

    model: Any

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return BoundedChangeList

    def response_action(
        self, request: HttpRequest, queryset: QuerySet[Any], *args: Any, **kwargs: Any
    ) -> HttpResponse | None:
        field = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                field.to_python(value)
        except (ValidationError, ValueError, OverflowError):
            self.message_user(request, "The selection is not valid.", messages.WARNING)  # type: ignore[attr-defined]
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset, *args, **kwargs)  # type: ignore[misc]


class CheckedAdmin(Checked, admin.ModelAdmin):
    """The site's model admin (see Checked)."""


def recheck(model: Any) -> None:
    """Register another app's admin of ``model`` again, with Checked in front of it."""
    original = type(admin.site._registry[model])
    admin.site.unregister(model)
    admin.site.register(model, type(original.__name__, (Checked, original), {}))


class HistoryAdmin(Checked, SimpleHistoryAdmin):
    """simple_history's admin, whose history pages look up an id they never checked:
    "1e309" or "abc" is no such object (404), not a server error."""

    def _checked(self, value: str, field: Any) -> None:
        try:
            field.to_python(unquote(value))
        except (ValidationError, ValueError, OverflowError):
            raise Http404("No such object.") from None

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._checked(object_id, self.model._meta.pk)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._checked(object_id, self.model._meta.pk)
        self._checked(version_id, self.model.history.model._meta.pk)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Country)
class CountryAdmin(CheckedAdmin):
    list_display = ["code", "flag", "name"]
    search_fields = ["code", "name"]
    ordering = ["name"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EventKind)
class EventKindAdmin(CheckedAdmin):
    list_display = ["name", "slug", "plover_category", "plover_mode", "cameo_code", "swatch"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

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
        )

    @admin.display(description="Events", ordering="n_events")
    def event_count(self, obj: Any) -> int:
        return int(obj.n_events)


@admin.register(Actor)
class ActorAdmin(HistoryAdmin):
    form = ActorAdminForm
    list_display = ["name", "title", "country", "kind", "event_count"]
    list_filter = ["kind", ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "aliases", "title"]
    autocomplete_fields = ["country"]
    actions = ["merge_actors"]

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

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.participations.exists():
            return False
        return super().has_delete_permission(request, obj)


def merge_action(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    action: str,
    explanation: str,
    details: Callable[[Any], str],
    merge: Callable[[Any, list[Any]], Any],
) -> HttpResponse | None:
    """An admin action that folds the selected rows into the one the editor keeps: a
    confirmation page first, then ``merge(keep, others)`` (a service)."""
    rows = list(queryset)
    if len(rows) < 2:
        model_admin.message_user(request, "Select at least two to merge.", messages.WARNING)
        return None
    form = MergeForm(request.POST if "keep" in request.POST else None, queryset=queryset)
    if form.is_bound and form.is_valid():
        keep = form.cleaned_data["keep"]
        others = [row for row in rows if row.pk != keep.pk]
        merge(keep, others)
        names = ", ".join(str(row) for row in others)
        model_admin.message_user(request, f"Merged {names} into {keep}.", messages.SUCCESS)
        return None
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Merge {opts.verbose_name_plural}",
        "items": [(row.pk, str(row), details(row)) for row in rows],
        "explanation": explanation,
        "form": form,
        "opts": opts,
        "action": action,
        "changelist": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/tracker/merge.html", context)


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


class ParticipationInline(admin.TabularInline):
    model = Participation
    autocomplete_fields = ["actor"]
    fields = ["actor", "role", "title_at_time"]
    extra = 1


class SourceInline(admin.StackedInline):
    model = Source
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [("outlet", "published"), "title", "url", "author", "excerpt"]
    extra = 1


class FigureInline(admin.TabularInline):
    model = Figure
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


class EventForm(EventAdminForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country_set"]
        field.widget = AutocompleteSelectMultiple(Event._meta.get_field("countries"), admin.site)
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

    class Meta:
        model = Event
        fields = tuple(exports.CSV_COLUMNS)
        export_order = tuple(exports.CSV_COLUMNS)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rows: dict[int, dict[str, str]] = {}

    def export_field(self, field: Any, instance: Event, **kwargs: Any) -> Any:
        if instance.pk not in self._rows:
            self._rows[instance.pk] = exports.csv_row(instance)
        return self._rows[instance.pk][field.column_name]


@admin.register(Event)
class EventAdmin(ExportActionMixin, HistoryAdmin):
    form = EventForm
    inlines = [ParticipationInline, SourceInline, FigureInline]
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
                    importing.check_upload(upload.size or 0)
                except importing.Refused as exc:
                    errors = exc.errors
                else:
                    job = importing.start(
                        filename=upload.name or "upload", raw=upload.read(), user=_user(request)
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
            if not importing.confirm(job):
                self.message_user(request, "This import is not waiting to be confirmed.")
            return HttpResponseRedirect(job.get_absolute_url())
        context = self._import_context(request, job=job, progress=importing.progress(job))
        return TemplateResponse(request, "admin/tracker/event/import_job.html", context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).prefetch_related("countries")

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

    def changeform_view(self, *args: Any, **kwargs: Any) -> Any:
        # The form and its inlines save in several steps: reindex the event once, at the end.
        with search.deferred():
            return super().changeform_view(*args, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
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
            ((c.name, c.flag, c.code) for c in obj.countries.all()),
        )

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        if not change and request.user.is_authenticated:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if change:
            return
        duplicates = selectors.possible_duplicates(form.instance)[:5]
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


@admin.register(ImportJob)
class ImportJobAdmin(CheckedAdmin):
    """Past and running imports of event files (who, when, what came of it)."""

    list_display = ["filename", "state", "rows", "created_count", "updated_count",
                    "created_by", "created", "details"]  # fmt: skip
    list_filter = ["state"]
    list_select_related = ["created_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportJob]:
        return super().get_queryset(request).defer("data")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("tracker.add_event")  # whoever may import

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Page")
    def details(self, obj: ImportJob) -> str:
        return format_html('<a href="{}">Open</a>', obj.get_absolute_url())


class DeliveryInline(admin.TabularInline):
    model = DigestDelivery
    fields = ["period_end", "status", "event_count", "attempts", "sent_at", "error"]
    readonly_fields = ["period_end", "status", "event_count", "attempts", "sent_at", "error"]
    extra = 0
    max_num = 0
    ordering = ["-period_end"]


@admin.register(Subscription)
class SubscriptionAdmin(CheckedAdmin):
    list_display = [
        "email",
        "view",
        "weekday",
        "hour",
        "timezone",
        "confirmed",
        "paused",
        "next_send_at",
        "failures",
    ]
    list_filter = ["paused", ("confirmed_at", admin.EmptyFieldListFilter), "weekday"]
    search_fields = ["email", "filters", "name"]
    readonly_fields = ["created", "confirmed_at", "next_send_at", "failures", "preview"]
    inlines = [DeliveryInline]
    actions = ["send_test_digest"]

    @admin.display(description="View")
    def view(self, obj: Subscription) -> str:
        return digests.view_name(obj)

    @admin.display(boolean=True, description="Confirmed")
    def confirmed(self, obj: Subscription) -> bool:
        return obj.confirmed

    @admin.display(description="Preview")
    def preview(self, obj: Subscription) -> str:
        if obj.pk is None:
            return ""
        return format_html(
            '<a href="{}" target="_blank">Next digest</a>',
            reverse("tracker:digest-preview", args=[obj.pk]),
        )

    @admin.action(
        description="Send a test digest of the selected views to me", permissions=["change"]
    )
    def send_test_digest(self, request: HttpRequest, queryset: QuerySet[Subscription]) -> None:
        if not request.user.is_authenticated or not request.user.email:
            self.message_user(request, "Your account has no email address.", messages.ERROR)
            return
        now = timezone.now()
        for subscription in queryset:
            message = digests.staff_copy(subscription, now)
            message.to = [request.user.email]
            message.send()
        self.message_user(
            request, f"Sent {queryset.count()} test digest(s) to {request.user.email}."
        )


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(CheckedAdmin):
    list_display = ["subscription", "period_end", "status", "event_count", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subscription__email", "message_id"]
    list_select_related = ["subscription"]
    readonly_fields = [f.name for f in DigestDelivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class DraftInline(admin.TabularInline):
    model = DraftEvent
    fields = ["review", "kind", "start", "status", "state", "confidence"]
    readonly_fields = ["review", "kind", "start", "status", "state", "confidence"]
    extra = 0
    max_num = 0
    can_delete = False

    @admin.display(description="Draft")
    def review(self, obj: DraftEvent) -> str:
        url = reverse("admin:tracker_draftevent_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.title)


@admin.register(ArticleImport)
class ArticleImportAdmin(CheckedAdmin):
    """ "Add from article": paste or upload, then review the drafts found in it."""

    form = ArticleImportForm
    list_display = ["__str__", "outlet", "published", "drafts_to_review", "created"]
    search_fields = ["title", "outlet", "url", "text"]

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return [DraftInline] if obj is not None else []

    def get_queryset(self, request: HttpRequest) -> QuerySet[ArticleImport]:
        return (
            super()
            .get_queryset(request)
            .annotate(n_pending=Count("drafts", filter=Q(drafts__state="pending")))
        )

    @admin.display(description="To review", ordering="n_pending")
    def drafts_to_review(self, obj: Any) -> int:
        return int(obj.n_pending)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["text", "upload", "published", "url", "outlet", "title"]
        return ["title", "outlet", "source_url", "published", "marked_text"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else ["title", "outlet", "source_url", "published", "marked_text"]

    @admin.display(description="URL")
    def source_url(self, obj: ArticleImport) -> str:
        if not obj.url:
            return "—"
        return format_html('<a href="{}" rel="noopener nofollow">{}</a>', obj.url, obj.url)

    @admin.display(description="Article (evidence marked)")
    def marked_text(self, obj: ArticleImport) -> str:
        return mark_evidence(obj.text, [d.evidence for d in obj.drafts.all()])

    def save_model(self, request: HttpRequest, obj: ArticleImport, form: Any, change: bool) -> None:
        if not change and request.user.is_authenticated:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            found = extraction_drafts.add_drafts(obj)
            self.message_user(
                request, f"Found {len(found)} draft event(s); review them below.", messages.SUCCESS
            )
            if obj.extraction_note:
                self.message_user(request, obj.extraction_note, messages.WARNING)

    def response_add(self, request: HttpRequest, obj: ArticleImport, *args: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:tracker_articleimport_change", args=[obj.pk]))


def mark_evidence(text: str, sentences: list[str]) -> str:
    """The article, escaped, with each evidence sentence in <mark>."""
    flat = " ".join(text.split())
    pieces: list[tuple[int, int]] = []
    for sentence in sentences:
        start = flat.find(sentence)
        if start >= 0:
            pieces.append((start, start + len(sentence)))
    out, cursor = [], 0
    for start, end in sorted(pieces):
        if start < cursor:
            continue
        out.append(conditional_escape(flat[cursor:start]))
        out.append(format_html("<mark>{}</mark>", flat[start:end]))
        cursor = end
    out.append(conditional_escape(flat[cursor:]))
    body = format_html_join("", "{}", ((piece,) for piece in out))
    return format_html('<div style="max-width:60em;line-height:1.6">{}</div>', body)


@admin.register(DraftEvent)
class DraftEventAdmin(CheckedAdmin):
    form = DraftEventForm
    list_display = ["title", "kind", "start", "status", "state", "confidence", "article"]
    list_filter = ["state", "kind"]
    list_select_related = ["kind", "article"]
    search_fields = ["title", "evidence"]
    autocomplete_fields = ["merge_into"]
    actions = ["accept_drafts", "reject_drafts"]
    fields = [
        "evidence_in_context",
        "title",
        ("kind", "status"),
        ("start", "end"),
        "countries",
        "participants",
        "topics",
        "figures",
        "merge_into",
        "looks_like",
        ("state", "confidence", "event_link"),
    ]
    readonly_fields = ["evidence_in_context", "looks_like", "state", "confidence", "event_link"]
    change_form_template = "admin/tracker/draftevent/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Evidence")
    def evidence_in_context(self, obj: DraftEvent) -> str:
        return mark_evidence(obj.article.text, [obj.evidence])

    @admin.display(description="Event")
    def event_link(self, obj: DraftEvent) -> str:
        if obj.event_id is None:
            return "—"
        url = reverse("admin:tracker_event_change", args=[obj.event_id])
        return format_html('<a href="{}">{}</a>', url, obj.event)

    @admin.display(description="Existing events that look the same")
    def looks_like(self, obj: DraftEvent) -> str:
        similar = extraction_drafts.similar_events(obj)[:5]
        if not similar:
            return "None found."
        return format_html_join(
            format_html("<br>"),
            '<a href="{}">{}</a> (id {})',
            ((reverse("admin:tracker_event_change", args=[e.pk]), str(e), e.pk) for e in similar),
        )

    def response_change(self, request: HttpRequest, obj: DraftEvent) -> HttpResponse:
        if "_accept" in request.POST or "_reject" in request.POST:
            if "_reject" in request.POST:
                extraction_drafts.reject(obj)
                self.message_user(request, "Rejected.", messages.SUCCESS)
            else:
                try:
                    event = extraction_drafts.accept(obj, user=_user(request))
                except ValidationError as exc:
                    self.message_user(request, "; ".join(_messages(exc)), messages.ERROR)
                    return HttpResponseRedirect(request.path)
                self.message_user(
                    request,
                    format_html(
                        'Saved as <a href="{}">{}</a>.',
                        reverse("admin:tracker_event_change", args=[event.pk]),
                        event,
                    ),
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(
                reverse("admin:tracker_articleimport_change", args=[obj.article_id])
            )
        return super().response_change(request, obj)

    @admin.action(description="Accept the selected drafts", permissions=["change"])
    def accept_drafts(self, request: HttpRequest, queryset: QuerySet[DraftEvent]) -> None:
        done, failed = 0, []
        for draft in queryset.filter(state="pending"):
            try:
                extraction_drafts.accept(draft, user=_user(request))
                done += 1
            except ValidationError as exc:
                failed.append(f"{draft.title}: {'; '.join(_messages(exc))}")
        self.message_user(request, f"Accepted {done} draft(s).", messages.SUCCESS)
        for message in failed:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description="Reject the selected drafts", permissions=["change"])
    def reject_drafts(self, request: HttpRequest, queryset: QuerySet[DraftEvent]) -> None:
        for draft in queryset:
            extraction_drafts.reject(draft)
        self.message_user(request, "Rejected.", messages.SUCCESS)


def _user(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()]
    return list(error.messages)


# Other apps' admins, checked as ours are.
for _model in (User, Group, TokenProxy):
    recheck(_model)
