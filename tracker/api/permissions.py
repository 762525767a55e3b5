"""Who may do what: reads are open when TRACKER_PUBLIC is on (otherwise they need the view
permission), writes need the model permission (the Editors group has add and change)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions
from rest_framework.request import Request

from tracker.permissions import reads_record


class TrackerPermission(DjangoModelPermissions):
    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS and settings.TRACKER_PUBLIC:
            return True
        return super().has_permission(request, view)


class ReadsRecord(BasePermission):
    """The API's schema and documentation: for whoever may read the record."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return reads_record(request.user)
