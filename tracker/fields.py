"""Form fields of the record: partial dates typed as text."""

from __future__ import annotations

from typing import Any

from django import forms

from .dates import PartialDate, PartialDateError

DATE_HELP = "Type what is known: 2025, Feb 2025, 2025-02, 21 Mar 2025 or 2025-03-21."


class PartialDateField(forms.CharField):
    """A text field that cleans to a PartialDate (or None when empty and not required)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "e.g. Feb 2025")
        self.widget.attrs.setdefault("size", 16)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, PartialDate):
            return value.display()
        return value

    def clean(self, value: Any) -> PartialDate | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except PartialDateError as exc:
            # The message quotes the input, which may contain "%": pass it as a parameter.
            raise forms.ValidationError(
                "%(message)s", code="invalid_partial_date", params={"message": str(exc)}
            ) from exc
