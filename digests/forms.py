"""Subscribing to a view of the record, and changing a subscription."""

from __future__ import annotations

from typing import Any

from django import forms

from tracker.filters import canonical_query

from .models import Subscription

HOURS = [(h, f"{h:02d}:00") for h in range(24)]


def checked_filters(value: str) -> str:
    """The view's filters as the timeline checks them, or a form error saying why not."""
    try:
        return canonical_query(value)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc


class SubscribeForm(forms.ModelForm):
    """ "Email me about this view" (a weekly or daily digest, or alerts as it happens):
    the view's filters come along hidden."""

    email = forms.EmailField(max_length=254)
    hour = forms.TypedChoiceField(choices=HOURS, coerce=int, initial=8)

    class Meta:
        model = Subscription
        fields = ["email", "filters", "cadence", "weekday", "hour", "timezone"]
        widgets = {"filters": forms.HiddenInput, "timezone": forms.HiddenInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadence"].required = False  # a form without it asks for the weekly one

    def clean_filters(self) -> str:
        return checked_filters(self.cleaned_data.get("filters", ""))

    def clean_cadence(self) -> str:
        return self.cleaned_data.get("cadence") or Subscription.Cadence.WEEKLY

    def validate_unique(self) -> None:
        """The subscribe view decides what a repeated subscription does (nothing); the
        database's constraint stands behind it."""


class ManageSubscriptionForm(forms.ModelForm):
    hour = forms.TypedChoiceField(choices=HOURS, coerce=int)
    timezone = forms.ChoiceField(choices=[])

    class Meta:
        model = Subscription
        # The view itself is edited with the timeline's filter fields (digests.views.manage).
        fields = ["name", "cadence", "weekday", "hour", "timezone", "send_empty", "paused"]
        labels = {"paused": "Pause", "cadence": "How often"}
        help_texts = {
            "cadence": "A weekly or daily digest, or an email as soon as events are recorded.",
            "weekday": "For a weekly digest.",
            "hour": "For a daily or weekly digest.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from zoneinfo import available_timezones

        super().__init__(*args, **kwargs)
        self.fields["cadence"].required = False  # not sent: as it was
        zones = self.fields["timezone"]
        assert isinstance(zones, forms.ChoiceField)
        zones.choices = [(z, z) for z in sorted(available_timezones())]

    def clean_cadence(self) -> str:
        return self.cleaned_data.get("cadence") or self.instance.cadence
