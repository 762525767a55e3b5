"""Form fields of the record: partial dates typed as text, and figures' numbers typed with
their scale."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from .dates import PartialDate, PartialDateError
from .formatting import as_partial, format_scaled

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


class PeriodBoundField(PartialDateField):
    """One end of a figure's period typed as a partial date ("2009", "Feb 2025"); cleans to
    the first day of a start, the last day of an end. Shown the same way: a period ending
    on 31 Dec 2030 is "2030", not 31/12/2030."""

    def __init__(self, *, end: bool, **kwargs: Any) -> None:
        self.end = end
        kwargs.setdefault("help_text", "")
        super().__init__(**kwargs)
        self.widget.attrs.update({"size": 9, "placeholder": "e.g. 2024"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, date):
            return as_partial(value, is_end=self.end).display()
        return super().prepare_value(value)

    def clean(self, value: Any) -> date | None:  # type: ignore[override]
        partial = super().clean(value)
        if partial is None:
            return None
        return partial.last_day if self.end else partial.first_day


SCALE_WORDS = {
    "": 1,
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "tn": 10**12,
    "trillion": 10**12,
}
QUANTITY = re.compile(r"^([+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+))\s*([a-z]*)$", re.IGNORECASE)
LARGEST = Decimal(10) ** 20  # what the figures' columns hold (24 digits, 4 after the point)


class QuantityField(forms.CharField):
    """A figure's number typed with its scale, as the site shows it: "500 bn", "45.7",
    "15,668", "-3.5", "1.2 tn"; cleans to a Decimal."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update({"size": 10, "placeholder": "e.g. 4.5 bn"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_scaled(value)
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        match = QUANTITY.match(text)
        if match is None or match[2].lower() not in SCALE_WORDS:
            raise forms.ValidationError(
                "Type a number, with a scale if you like: 500 bn, 45.7, 15,668, 2.5 m.",
                code="invalid_quantity",
            )
        number = Decimal(match[1].replace(",", "")) * SCALE_WORDS[match[2].lower()]
        if abs(number) >= LARGEST:
            raise forms.ValidationError("This number is too large.", code="too_large")
        return number.quantize(Decimal("0.0001")) if number != number.to_integral() else number
