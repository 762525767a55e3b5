"""Subscriptions and alert rules and their deliveries in the admin: status, the staff
preview, a test digest sent to the signed-in editor (with the change permission), webhook
rules (made here, by editors: their signing secret is shown to those who may change them),
and alerts sent again after a paused rule is fixed."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from tracker.admin.base import CheckedAdmin, TabularInline

from .building import staff_copy
from .links import view_name
from .models import AlertDelivery, DigestDelivery, Subscription
from .scheduling import next_send_time


class DeliveryInline(TabularInline):
    model = DigestDelivery
    fields = ["period_end", "status", "event_count", "attempts", "sent_at", "error"]
    readonly_fields = ["period_end", "status", "event_count", "attempts", "sent_at", "error"]
    extra = 0
    max_num = 0
    ordering = ["-period_end"]


class AlertDeliveryInline(TabularInline):
    model = AlertDelivery
    fields = ["created", "status", "event_count", "correction_count", "attempts", "response"]
    readonly_fields = ["created", "status", "event_count", "correction_count", "attempts"]
    readonly_fields += ["response"]
    extra = 0
    max_num = 0
    ordering = ["-created"]


@admin.register(Subscription)
class SubscriptionAdmin(CheckedAdmin):
    list_display = [
        "target",
        "view",
        "cadence",
        "channel",
        "confirmed",
        "paused",
        "next_send_at",
        "failures",
    ]
    list_filter = [
        "paused",
        ("confirmed_at", admin.EmptyFieldListFilter),
        "cadence",
        "channel",
        "weekday",
    ]
    search_fields = ["email", "url", "filters", "name"]
    readonly_fields = ["created", "confirmed_at", "next_send_at", "failures", "preview"]
    inlines = [DeliveryInline, AlertDeliveryInline]
    actions = ["send_test_digest"]

    def get_fieldsets(self, request: HttpRequest, obj: Subscription | None = None) -> Any:
        shown = self.get_readonly_fields(request, obj)
        state = ["user", "paused", "paused_reason", *shown]
        return [
            ("The view", {"fields": ["name", "filters"]}),
            ("How", {"fields": ["cadence", "channel", "email", "url"]}),
            ("When (digests, and webhook rules gathered daily or weekly)",
             {"fields": ["weekday", "hour", "timezone", "send_empty"]}),
            ("Owner and state", {"fields": state}),
        ]  # fmt: skip

    def get_readonly_fields(
        self, request: HttpRequest, obj: Subscription | None = None
    ) -> list[str]:
        """The signing secret only for those who may change rules (it can forge alerts)."""
        shown = list(self.readonly_fields)
        if obj is not None and obj.secret and self.has_change_permission(request, obj):
            shown.append("secret")
        return shown

    def save_model(
        self, request: HttpRequest, obj: Subscription, form: object, change: bool
    ) -> None:
        """A rule made here is the editor's own. A webhook rule is confirmed (the editor
        is trusted with the URL) and gets its signing secret; an email rule is not (the
        admin mails no one: readers subscribe and confirm themselves). Alerts start with
        what is recorded from now on."""
        now = timezone.now()
        if not change:
            obj.user = obj.user or request.user  # type: ignore[assignment]
        if obj.channel != Subscription.Channel.EMAIL:
            obj.secret = obj.secret or secrets.token_hex(32)
            if obj.confirmed_at is None:
                obj.confirmed_at = now
        if obj.confirmed_at is not None:
            obj.next_send_at = next_send_time(obj, now)
            if obj.alert_cursor is None:
                obj.alert_cursor = now
        super().save_model(request, obj, form, change)

    @admin.display(description="View")
    def view(self, obj: Subscription) -> str:
        return view_name(obj)

    @admin.display(boolean=True, description="Confirmed")
    def confirmed(self, obj: Subscription) -> bool:
        return obj.confirmed

    @admin.display(description="Preview")
    def preview(self, obj: Subscription) -> str:
        if obj.pk is None:
            return ""
        return format_html(
            '<a href="{}" target="_blank">Next digest</a>',
            reverse("digests:digest-preview", args=[obj.pk]),
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
            message = staff_copy(subscription, now)
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


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(CheckedAdmin):
    list_display = ["subscription", "created", "status", "event_count", "attempts", "response"]
    list_filter = ["status", "subscription__channel"]
    search_fields = ["subscription__email", "subscription__url", "error"]
    list_select_related = ["subscription"]
    readonly_fields = [f.name for f in AlertDelivery._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Send the selected failed alerts again", permissions=["change"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[AlertDelivery]) -> None:
        from .tasks import send_alerts

        failed = queryset.filter(status=AlertDelivery.Status.FAILED)
        ids = list(failed.values_list("pk", flat=True))
        failed.update(status=AlertDelivery.Status.PENDING, attempts=0, error="")
        paused = Subscription.objects.filter(alert_deliveries__in=ids, paused=True).distinct()
        if paused.exists():
            self.message_user(
                request,
                "Their rule is paused: unpause it first, or they fail again at once.",
                messages.WARNING,
            )
        transaction.on_commit(lambda: send_alerts.delay(ids))
        self.message_user(request, f"{len(ids)} alert(s) queued again.")
