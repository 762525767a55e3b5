"""Subscriptions and their deliveries in the admin: status, the staff preview, and a test
digest sent to the signed-in editor (with the change permission)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from tracker.admin.base import CheckedAdmin

from .building import staff_copy
from .links import view_name
from .models import DigestDelivery, Subscription


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
