"""What every admin of the site shares: values that are no valid filter or id refused with
a message (never a server error), history pages that check their ids, and merging the
selected rows into one through a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from .forms import MergeForm


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
    "1e309" or "abc" is no such object (404), not a server error; and whose revert form
    takes a post from whoever may view the history: only those who may change may revert."""

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
        # simple_history lets anyone who may view the history post its revert form (and
        # so write any value); reverting is changing.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


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


def user_of(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None
