"""Admin forms: the event (partial dates typed as text), actors (aliases one per line),
and choosing which row to keep in a merge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from tracker import services
from tracker.fields import PartialDateField, PeriodBoundField, QuantityField
from tracker.models import Actor, Country, Event, Figure, normalise_aliases


class EventAdminForm(forms.ModelForm):
    """The event form: one text field per end of the date, precision inferred from it."""

    start_text = PartialDateField(label="Date", required=True)
    end_text = PartialDateField(
        label="Until",
        required=False,
        help_text="Only for spans (2009 to 2024): the last date, typed the same way.",
    )
    correction_note = forms.CharField(
        label="Public note on a correction",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=(
            "Shown to readers with the correction when this change alters the date, kind, "
            "status, countries, participants or figures of the event."
        ),
    )
    country_set = forms.ModelMultipleChoiceField(
        label="Countries",
        queryset=Country.objects.all(),
        required=False,
        help_text="The states involved.",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "status",
            "summary",
            "notes",
            "countries",
            "topics",
            "tags",
            "related",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.start is not None:
            self.initial["start_text"] = self.instance.start_date
            self.initial["end_text"] = self.instance.end_date
            self.initial["country_set"] = list(self.instance.countries.all())

    # The model's rules (end before start …) name its fields; this form types the dates.
    FIELD_OF = {"start": "start_text", "end": "end_text", "countries": "country_set"}

    def _post_clean(self) -> None:
        start = self.cleaned_data.get("start_text")
        if start is not None:
            self.instance.start_date = start
            self.instance.end_date = self.cleaned_data.get("end_text")
        super()._post_clean()  # type: ignore[misc]

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            errors = ValidationError(
                {self.FIELD_OF.get(name, name): value for name, value in errors.error_dict.items()}
            )
        super()._update_errors(errors)  # type: ignore[misc]

    def clean_tags(self) -> list[str]:
        try:
            return services.clean_tags(self.cleaned_data.get("tags") or [])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["tags"]) from None

    def _save_m2m(self) -> None:
        """Nothing: countries, topics, tags and related events are written by the
        services with the event (service_data), never by the form itself."""

    def service_data(self) -> dict[str, Any]:
        """What the form holds, as create_event and update_event take it."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "status": data["status"],
            "summary": data.get("summary") or "",
            "notes": data.get("notes") or "",
            "start": data["start_text"],
            "end": data.get("end_text"),
            "countries": list(data.get("country_set") or []),
            "topics": list(data.get("topics") or []),
            "tags": list(data.get("tags") or []),
            "related": list(data.get("related") or []),
        }


class AliasesField(forms.CharField):
    """Aliases edited as text, one per line; cleans to a list of names."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return normalise_aliases(text.splitlines())


class ActorAdminForm(forms.ModelForm):
    aliases = AliasesField(required=False, help_text="Other names used in sources, one per line.")

    class Meta:
        model = Actor
        fields = ["name", "aliases", "kind", "country", "title"]


class MergeForm(forms.Form):
    """Choose which of the selected rows to keep; the others are folded into it."""

    keep = forms.ModelChoiceField(
        queryset=Actor.objects.none(), widget=forms.RadioSelect, label="Keep"
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["keep"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class FigureAdminForm(forms.ModelForm):
    """A figure entered as the site shows it: "500 bn" with its unit, and its period as
    partial dates ("2009" to "Feb 2025")."""

    value = QuantityField(label="Value")
    period_start = PeriodBoundField(end=False, label="Period from", required=False)
    period_end = PeriodBoundField(end=True, label="to", required=False)
    change_value = QuantityField(label="Change", required=False)

    class Meta:
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
        widgets = {"label": forms.TextInput(attrs={"size": 22})}
