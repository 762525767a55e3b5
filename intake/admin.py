"""Articles to review and their drafts in the admin: paste or upload an article, read it
with every draft's evidence marked, accept, merge or reject each draft."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join

from tracker.admin.base import CheckedAdmin, user_of

from . import drafts
from .forms import ArticleImportForm, DraftEventForm
from .models import ArticleImport, DraftEvent


class DraftInline(admin.TabularInline):
    model = DraftEvent
    fields = ["review", "kind", "start", "status", "state", "confidence"]
    readonly_fields = ["review", "kind", "start", "status", "state", "confidence"]
    extra = 0
    max_num = 0
    can_delete = False

    @admin.display(description="Draft")
    def review(self, obj: DraftEvent) -> str:
        url = reverse("admin:intake_draftevent_change", args=[obj.pk])
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
            .annotate(n_pending=Count("drafts", filter=Q(drafts__state=DraftEvent.State.PENDING)))
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
            found = drafts.add_drafts(obj)
            self.message_user(
                request, f"Found {len(found)} draft event(s); review them below.", messages.SUCCESS
            )
            if obj.extraction_note:
                self.message_user(request, obj.extraction_note, messages.WARNING)

    def response_add(self, request: HttpRequest, obj: ArticleImport, *args: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:intake_articleimport_change", args=[obj.pk]))


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
    change_form_template = "admin/intake/draftevent/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_accept_permission(self, request: HttpRequest, obj: DraftEvent | None = None) -> bool:
        """Accepting writes to the record: a new event (add) or an existing one (merge)."""
        user = request.user
        may_write = user.has_perm("tracker.add_event") and (
            obj is None or obj.merge_into_id is None or user.has_perm("tracker.change_event")
        )
        return self.has_change_permission(request, obj) and may_write

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> HttpResponse:
        context["may_accept"] = self.has_accept_permission(request, kwargs.get("obj"))
        return super().render_change_form(request, context, *args, **kwargs)

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
        similar = drafts.similar_events(obj)[:5]
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
                drafts.reject(obj)
                self.message_user(request, "Rejected.", messages.SUCCESS)
            else:
                if not self.has_accept_permission(request, obj):
                    raise PermissionDenied
                try:
                    event = drafts.accept(obj, user=user_of(request))
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
                reverse("admin:intake_articleimport_change", args=[obj.article_id])
            )
        return super().response_change(request, obj)

    @admin.action(description="Accept the selected drafts", permissions=["accept"])
    def accept_drafts(self, request: HttpRequest, queryset: QuerySet[DraftEvent]) -> None:
        done, failed = 0, []
        for draft in queryset.filter(state=DraftEvent.State.PENDING):
            if not self.has_accept_permission(request, draft):
                failed.append(f"{draft.title}: you may not change the event it merges into.")
                continue
            try:
                drafts.accept(draft, user=user_of(request))
                done += 1
            except ValidationError as exc:
                failed.append(f"{draft.title}: {'; '.join(_messages(exc))}")
        self.message_user(request, f"Accepted {done} draft(s).", messages.SUCCESS)
        for message in failed:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description="Reject the selected drafts", permissions=["change"])
    def reject_drafts(self, request: HttpRequest, queryset: QuerySet[DraftEvent]) -> None:
        for draft in queryset:
            drafts.reject(draft)
        self.message_user(request, "Rejected.", messages.SUCCESS)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()]
    return list(error.messages)
