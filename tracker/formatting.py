"""Numbers and periods as the site shows them: "45.7 bn USD", "+2.5 %", "2009–2024"."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .choices import DatePrecision, FigureUnit
from .dates import PartialDate, PartialDateError, format_span


def format_number(value: Decimal) -> str:
    """Plain decimal without trailing zeros, with thin grouping: 15,668 or 45.7."""
    normalised = value.normalize()
    if normalised == normalised.to_integral_value():
        return f"{int(normalised):,}"
    return f"{normalised:,f}"


_SCALES = ((Decimal(10) ** 12, "tn"), (Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m"))


def format_change(value: Decimal | None, unit: str) -> str:
    """ "+2.5 %", "-3 bn USD", or "" when there is no change."""
    if value is None:
        return ""
    return ("+" if value > 0 else "") + format_quantity(value, unit)


def format_scaled(value: Decimal) -> str:
    """A number with its scale word, as editors type it: "500 bn", "45.7", "15,668"."""
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{format_number(value / scale)} {word}"
    return format_number(value)


def format_quantity(value: Decimal, unit: str) -> str:
    if unit == FigureUnit.PERCENT:
        return f"{format_number(value)} %"
    if unit == FigureUnit.PERCENTAGE_POINTS:
        return f"{format_number(value)} pp"
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{format_number(value / scale)} {word} {unit}"
    return f"{format_number(value)} {unit}"


def format_period(first: date | None, last: date | None) -> str:
    """A figure's period as honestly as its bounds allow: "2024", "Feb 2025", "2009–2024"."""
    if first is None and last is None:
        return ""
    try:
        return _format_period(first, last)
    except PartialDateError:  # a year no partial date can hold: show the ISO dates
        return " – ".join(d.isoformat() if d else "…" for d in (first, last))


def _format_period(first: date | None, last: date | None) -> str:
    if first is None:
        assert last is not None
        return f"until {as_partial(last, is_end=True).display()}"
    if last is None:
        return f"from {as_partial(first, is_end=False).display()}"
    for precision in (DatePrecision.YEAR, DatePrecision.MONTH):
        start = PartialDate.from_date(first, precision)
        end = PartialDate.from_date(last, precision)
        if start.first_day == first and end.last_day == last:
            return format_span(start, end)
    return format_span(as_partial(first, is_end=False), as_partial(last, is_end=True))


def as_partial(day: date, *, is_end: bool) -> PartialDate:
    """The coarsest partial date that starts (or, for an end, ends) exactly on ``day``."""
    for precision in (DatePrecision.YEAR, DatePrecision.MONTH):
        candidate = PartialDate.from_date(day, precision)
        if (candidate.last_day if is_end else candidate.first_day) == day:
            return candidate
    return PartialDate.from_date(day, DatePrecision.DAY)
