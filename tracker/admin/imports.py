"""Past and running imports of event files."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from tracker.models import (
    ImportJob,
)

from .base import CheckedAdmin


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
