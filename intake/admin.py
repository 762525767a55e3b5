"""Articles to review and their drafts in the admin: paste or upload an article, read it
with every draft's evidence marked, accept, merge or reject each draft."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, Q, QuerySet, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from tracker.admin.base import CheckedAdmin, TabularInline, user_of
from tracker.models import Event

from . import drafts, review, tasks
from .extraction.reading import Article
from .forms import ArticleFromURLForm, ArticleImportForm, DraftEventForm, WatchedSourceForm
from .models import (
    ArticleImport,
    DraftEvent,
    FetchRun,
    ReviewerVisit,
    ReviewReminder,
    WatchedSource,
)


class DraftInline(TabularInline):
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
    list_display_links = None
    list_display = [
        "headline",
        "outlet",
        "watched_source",
        "published",
        "drafts_to_review",
        "created",
    ]
    list_filter = ["watched_source", "outlet"]
    list_select_related = ["watched_source"]
    search_fields = ["title", "outlet", "url", "text"]
    actions = ["reject_open_drafts"]
    change_list_template = "admin/intake/articleimport/change_list.html"

    def get_urls(self) -> list[Any]:
        custom = [
            path(
                "add-from-url/",
                self.admin_site.admin_view(self.add_from_url),
                name="intake_articleimport_add_from_url",
            ),
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review),
                name="intake_articleimport_review",
            ),
            path(
                "reminder/",
                self.admin_site.admin_view(self.reminder),
                name="intake_articleimport_reminder",
            ),
        ]
        return custom + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """The queue, with what arrived since this editor last looked marked new."""
        visit = ReviewerVisit.objects.filter(user_id=user_of(request).pk).first()
        last_look = visit.seen if visit else None
        request.intake_last_look = last_look  # type: ignore[attr-defined]
        extra = {
            **(extra_context or {}),
            "last_look": last_look,
            "new_count": (
                ArticleImport.objects.filter(created__gt=last_look).count() if last_look else None
            ),
            "has_reminder": ReviewReminder.objects.filter(user_id=user_of(request).pk).exists(),
        }
        response = super().changelist_view(request, extra)
        if request.method == "GET" and response.status_code == 200:
            ReviewerVisit.objects.update_or_create(
                user_id=user_of(request).pk, defaults={"seen": timezone.now()}
            )
        return response

    @admin.display(description="Article", ordering="created")
    def headline(self, obj: ArticleImport) -> str:
        link = reverse("admin:intake_articleimport_review", args=[obj.pk])
        if getattr(obj, "is_new", False):
            return format_html(
                '<strong class="new-badge">New</strong> <a href="{}">{}</a>', link, obj
            )
        return format_html('<a href="{}">{}</a>', link, obj)

    @admin.action(
        description="Reject the open drafts of the selected articles", permissions=["change"]
    )
    def reject_open_drafts(self, request: HttpRequest, queryset: QuerySet[ArticleImport]) -> None:
        if not request.user.has_perm("intake.change_draftevent"):
            raise PermissionDenied
        open_drafts = DraftEvent.objects.filter(
            article__in=queryset, state=DraftEvent.State.PENDING
        )
        with transaction.atomic():
            count = open_drafts.update(state=DraftEvent.State.REJECTED)
        self.message_user(request, f"Rejected {count} draft(s).", messages.SUCCESS)

    def review(self, request: HttpRequest, pk: int) -> HttpResponse:
        """One screen per article: its text with every draft's evidence marked, and the
        drafts as cards to accept, edit, merge or reject (intake/review.py)."""
        article = ArticleImport.objects.filter(pk=pk).first()
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        may_change = request.user.has_perm("intake.change_draftevent")
        may_accept = may_change and request.user.has_perm("tracker.add_event")
        here = reverse("admin:intake_articleimport_review", args=[pk])
        sent: review.Card | None = None
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            action = request.POST.get("action", "")
            if request.POST.get("merge_target"):  # "Merge into this event" on a card
                action = "merge"
            if action == "accept_all":
                if not may_accept:
                    raise PermissionDenied
                done, problems = review.accept_all(article, user=user_of(request))
                self.message_user(request, f"Accepted {done} draft(s).", messages.SUCCESS)
                for problem in problems:
                    self.message_user(request, problem, messages.ERROR)
                return HttpResponseRedirect(here)
            draft = article.drafts.filter(pk=_int(request.POST.get("draft")) or 0).first()
            if draft is None or draft.state != DraftEvent.State.PENDING:
                self.message_user(
                    request, "That draft has been reviewed already.", messages.WARNING
                )
                return HttpResponseRedirect(here)
            if action not in ("save", "accept", "reject", "merge"):
                self.message_user(request, "Choose what to do with the draft.", messages.WARNING)
                return HttpResponseRedirect(here)
            if action in ("accept", "merge") and not may_accept:
                raise PermissionDenied
            merging = action == "merge" or request.POST.get(f"d{draft.pk}-merge_into")
            if merging and action != "save" and not request.user.has_perm("tracker.change_event"):
                raise PermissionDenied  # merging changes an event already in the record
            target = None
            if action == "merge":
                target = Event.objects.filter(
                    pk=_int(request.POST.get("merge_target")) or 0
                ).first()
                if target is None and not request.POST.get(f"d{draft.pk}-merge_into"):
                    self.message_user(request, "Choose the event to merge into.", messages.ERROR)
                    return HttpResponseRedirect(f"{here}?focus={draft.pk}")
            sent = review.card(draft, 0, request.POST)
            event = review.act(sent, action, user=user_of(request), merge_target=target)
            if action == "reject" or not sent.invalid:
                self._reviewed(request, action, event)
                return HttpResponseRedirect(here + _next_focus(article, draft, action))
        entries = review.cards(article, sent)
        focus = request.GET.get("focus", "")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review: {article}",
            "opts": self.model._meta,
            "article": article,
            "entries": entries,
            "marked": review.marked_article(article, entries),
            "named": review.named_people(article),
            "media": review.media(),
            "focus": str(sent.draft.pk) if sent is not None else focus,
            "may_change": may_change,
            "may_accept": may_accept,
            "open_count": sum(1 for e in entries if e.draft.state == DraftEvent.State.PENDING),
        }
        status = 400 if sent is not None else 200
        return TemplateResponse(
            request, "admin/intake/articleimport/review.html", context, status=status
        )

    def _reviewed(self, request: HttpRequest, action: str, event: Any) -> None:
        if action == "reject":
            self.message_user(request, "Rejected.", messages.SUCCESS)
        elif action == "save":
            self.message_user(request, "Saved; the draft is still open.", messages.SUCCESS)
        elif event is not None:
            link = reverse("admin:tracker_event_change", args=[event.pk])
            verb = "Merged into" if action == "merge" else "Saved as"
            self.message_user(
                request, format_html('{} <a href="{}">{}</a>.', verb, link, event), messages.SUCCESS
            )

    def add_from_url(self, request: HttpRequest) -> HttpResponse:
        """ "Add from URL": the page is fetched (as watched sources are), its main text read
        and its drafts found."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleFromURLForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            fetched = form.fetched
            article = Article(
                text=fetched.text,
                published=data.get("published") or fetched.published,
                title=data.get("title") or fetched.title,
                outlet=data.get("outlet") or fetched.site,
                url=fetched.url,
            )
            stored = drafts.save_article(article, created_by=user_of(request))
            count = stored.drafts.count()
            self.message_user(
                request, f"Found {count} draft event(s); review them below.", messages.SUCCESS
            )
            if stored.extraction_note:
                self.message_user(request, stored.extraction_note, messages.WARNING)
            return HttpResponseRedirect(
                reverse("admin:intake_articleimport_review", args=[stored.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Add an article from its URL",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/intake/articleimport/add_from_url.html", context)

    def reminder(self, request: HttpRequest) -> HttpResponse:
        """Ask for (or stop) the daily email of drafts waiting for review."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        current = ReviewReminder.objects.filter(user_id=user_of(request).pk).first()
        if request.method == "POST":
            if current is not None:
                current.delete()
                self.message_user(request, "You will no longer get the daily email.")
            elif not getattr(request.user, "email", ""):
                self.message_user(
                    request,
                    "Your account has no email address; add one to get the daily email.",
                    messages.ERROR,
                )
            else:
                ReviewReminder.objects.create(user=user_of(request))
                self.message_user(
                    request,
                    f"You will get an email each day at {settings.REVIEW_REMINDER_HOUR}:00 UTC "
                    "when drafts are waiting for review.",
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(reverse("admin:intake_articleimport_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Daily email of drafts waiting for review",
            "opts": self.model._meta,
            "current": current,
            "hour": settings.REVIEW_REMINDER_HOUR,
        }
        return TemplateResponse(request, "admin/intake/articleimport/reminder.html", context)

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return [DraftInline] if obj is not None else []

    def get_queryset(self, request: HttpRequest) -> QuerySet[ArticleImport]:
        queryset = (
            super()
            .get_queryset(request)
            .annotate(n_pending=Count("drafts", filter=Q(drafts__state=DraftEvent.State.PENDING)))
        )
        last_look = getattr(request, "intake_last_look", None)
        if last_look is not None:  # the queue: what came since the editor last looked is new
            queryset = queryset.annotate(
                is_new=Case(When(created__gt=last_look, then=True), default=False)
            )
        return queryset

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
        if not change:
            obj.text_hash = drafts.text_hash(obj.text)
        super().save_model(request, obj, form, change)
        if not change:
            found = drafts.add_drafts(obj)
            self.message_user(
                request, f"Found {len(found)} draft event(s); review them below.", messages.SUCCESS
            )
            if obj.extraction_note:
                self.message_user(request, obj.extraction_note, messages.WARNING)

    def response_add(self, request: HttpRequest, obj: ArticleImport, *args: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:intake_articleimport_review", args=[obj.pk]))


def _next_focus(article: ArticleImport, draft: DraftEvent, action: str) -> str:
    """Where the review screen puts focus after an action: the same card after a save,
    else the next open draft (or the first still open, or the end of the list)."""
    if action == "save":
        return f"?focus={draft.pk}"
    still_open = article.drafts.filter(state=DraftEvent.State.PENDING)
    after = still_open.filter(position__gte=draft.position).exclude(pk=draft.pk).first()
    following = after or still_open.first()
    return f"?focus={following.pk}" if following else "?focus=done"


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def mark_evidence(text: str, sentences: list[str]) -> str:
    """The article, escaped, with each evidence sentence in <mark>."""
    body = review.marked(text, [(sentence, "") for sentence in sentences])
    return format_html('<div style="max-width:60em;line-height:1.6">{}</div>', body)


@admin.register(DraftEvent)
class DraftEventAdmin(CheckedAdmin):
    form = DraftEventForm
    list_display = ["title", "kind", "start", "status", "state", "confidence", "article"]
    list_filter = ["state", "kind"]
    list_select_related = ["kind", "article"]
    search_fields = ["title", "evidence"]
    autocomplete_fields = ["merge_into", "account_of", "link_to"]
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
        "account_of",
        ("link_kind", "link_to"),
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
                reverse("admin:intake_articleimport_review", args=[obj.article_id])
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


RUN_FIELDS = ["started", "outcome", "http_status", "items", "articles", "drafts", "skipped",
              "error", "notes"]  # fmt: skip


class FetchRunInline(TabularInline):
    model = FetchRun
    fields = list(RUN_FIELDS)
    readonly_fields = RUN_FIELDS
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = "Fetch history (latest first)"

    def get_queryset(self, request: HttpRequest) -> QuerySet[FetchRun]:
        return super().get_queryset(request).order_by("-started", "-id")


@admin.register(WatchedSource)
class WatchedSourceAdmin(CheckedAdmin):
    """Feeds and listing pages fetched on a schedule; their new items become articles to
    review. "Fetch now" fetches at once; a source that keeps failing is paused with why."""

    form = WatchedSourceForm
    list_display = ["name", "url", "active", "every", "last_fetched", "next_fetch", "failures",
                    "state", "article_count"]  # fmt: skip
    list_filter = ["active"]
    search_fields = ["name", "url", "outlet"]
    actions = ["fetch_now", "pause", "resume"]
    inlines = [FetchRunInline]
    change_form_template = "admin/intake/watchedsource/change_form.html"
    readonly_fields = ["state", "last_fetched", "etag", "last_modified", "failures",
                       "article_count"]  # fmt: skip

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["name", "url", "outlet", "countries", "every", "active"]
        if obj is None:
            return fields
        return [*fields, "next_fetch", "state", "last_fetched", "failures", "etag",
                "last_modified", "article_count"]  # fmt: skip

    def get_queryset(self, request: HttpRequest) -> QuerySet[WatchedSource]:
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    def get_urls(self) -> list[Any]:
        custom = [
            path(
                "<int:pk>/fetch/",
                self.admin_site.admin_view(self.fetch_view),
                name="intake_watchedsource_fetch",
            )
        ]
        return custom + super().get_urls()

    @admin.display(description="State")
    def state(self, obj: WatchedSource) -> str:
        if not obj.active:
            return f"Paused. {obj.paused_reason}".strip()
        if obj.last_error:
            return f"Last fetch failed ({obj.failures} in a row): {obj.last_error}"
        if obj.last_fetched is None:
            return "Not fetched yet."
        return "Fetched."

    @admin.display(description="Articles", ordering="n_articles")
    def article_count(self, obj: WatchedSource) -> int:
        return int(getattr(obj, "n_articles", None) or obj.articles.count())

    def save_model(self, request: HttpRequest, obj: WatchedSource, form: Any, change: bool) -> None:
        if obj.active and "active" in form.changed_data:  # resumed: fetch soon, count afresh
            obj.failures, obj.paused_reason, obj.next_fetch = 0, "", timezone.now()
        if "url" in form.changed_data:  # another feed: its validators say nothing here
            obj.etag = obj.last_modified = ""
            obj.next_fetch = timezone.now()
        super().save_model(request, obj, form, change)

    def _fetch(self, request: HttpRequest, source: WatchedSource) -> None:
        if tasks.fetch_source.app.conf.task_always_eager:  # no worker: fetch in the request
            result = tasks.fetch_source(source.pk, force=True)
            if result is None:
                self.message_user(request, f"{source} is being fetched already.", messages.WARNING)
            elif result["error"]:
                self.message_user(request, f"{source}: {result['error']}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{source}: {result['articles']} new article(s) to review.",
                    messages.SUCCESS,
                )
            return
        transaction.on_commit(lambda: tasks.fetch_source.delay(source.pk, force=True))
        self.message_user(
            request, f"{source} will be fetched in a moment; its history shows the result."
        )

    def fetch_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        source = WatchedSource.objects.filter(pk=pk).first()
        if source is None or not self.has_change_permission(request, source):
            raise PermissionDenied
        if request.method == "POST":
            self._fetch(request, source)
        return HttpResponseRedirect(reverse("admin:intake_watchedsource_change", args=[pk]))

    @admin.action(description="Fetch the selected sources now", permissions=["change"])
    def fetch_now(self, request: HttpRequest, queryset: QuerySet[WatchedSource]) -> None:
        for source in queryset:
            self._fetch(request, source)

    @admin.action(description="Pause the selected sources", permissions=["change"])
    def pause(self, request: HttpRequest, queryset: QuerySet[WatchedSource]) -> None:
        count = queryset.update(active=False, paused_reason="Paused by an editor.")
        self.message_user(request, f"Paused {count} source(s).", messages.SUCCESS)

    @admin.action(description="Resume the selected sources", permissions=["change"])
    def resume(self, request: HttpRequest, queryset: QuerySet[WatchedSource]) -> None:
        count = queryset.update(
            active=True, paused_reason="", failures=0, last_error="", next_fetch=timezone.now()
        )
        self.message_user(request, f"Resumed {count} source(s).", messages.SUCCESS)
