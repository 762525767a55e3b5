"""What every admin of the site shares: values that are no valid filter or id refused with
a message (never a server error), history pages that check their ids, and merging the
selected rows into one through a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
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


def _fits(field: Any, value: Any) -> bool:
    """The value can be one of the column's (within its range): "abc", "1e309", "99…9"
    cannot be an id."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    return True


def _ids(field: Any, values: Any) -> list[Any]:
    """Of the values posted to a field that refers to rows, those that can be an id of
    its model."""
    pk = field.remote_field.model._meta.pk
    return [item for item in values if _fits(pk, item)]


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field of several rows, which queries with each posted value: one out of the
    column's range ("99…9") overflows SQLite's integers. It is refused as no such row."""

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        assert self.queryset is not None
        model = self.queryset.model
        field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        for item in value:
            if not _fits(field, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)  # type: ignore[misc]


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, which shows a posted value again by querying with it: one
    that is no id failed there. It shows as nothing chosen (the form says it is not
    valid)."""

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        return super().optgroups(name, _ids(self.field, value), attr)


class CheckedAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    """The same for a field of several rows."""

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        return super().optgroups(name, _ids(self.field, value), attr)


class CheckedAutocompletes:
    """For admins and inlines: their autocomplete fields use the checked widgets."""

    admin_site: Any
    get_autocomplete_fields: Any

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class TabularInline(CheckedAutocompletes, admin.TabularInline):
    """The site's tabular inline (its autocompletes checked)."""


class StackedInline(CheckedAutocompletes, admin.StackedInline):
    """The site's stacked inline (its autocompletes checked)."""


class Checked(CheckedAutocompletes):
    """For every admin of the site: values in its lists' links and in its actions' posts
    that are no valid filter or id are refused with a message, never a server error; so
    are values posted to its autocomplete fields (a form error)."""

    model: Any

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return BoundedChangeList

    def response_action(
        self, request: HttpRequest, queryset: QuerySet[Any], *args: Any, **kwargs: Any
    ) -> HttpResponse | None:
        field = self.model._meta.pk
        if not all(_fits(field, v) for v in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)):
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
