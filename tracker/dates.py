"""Partial dates: a year, a month or a day, parsed from what editors type and shown honestly.

A ``PartialDate`` knows its precision, so "Feb 2025" is stored as the first of February with
month precision and shown as "Feb 2025", never as "1 Feb 2025". ``first_day`` and
``last_day`` give the interval a partial date covers; spans join two partial dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .choices import DatePrecision

MIN_YEAR = 1000
MAX_YEAR = 9999

MONTH_ABBR = (
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
MONTH_NUMBERS: dict[str, int] = {}
for _number in range(1, 13):
    MONTH_NUMBERS[calendar.month_name[_number].lower()] = _number
    MONTH_NUMBERS[calendar.month_abbr[_number].lower()] = _number
MONTH_NUMBERS["sept"] = 9

EXAMPLES = '"2025", "Feb 2025", "2025-02", "5 Feb 2025" or "2025-02-05"'


class PartialDateError(ValueError):
    """Text that is not a date we can read, or a date that does not exist."""


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PartialDateError(f"The year must be between {MIN_YEAR} and {MAX_YEAR}.")
        if self.month is None:
            if self.day is not None:
                raise PartialDateError("A day needs a month.")
            return
        if not 1 <= self.month <= 12:
            raise PartialDateError("The month must be between 1 and 12.")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise PartialDateError(
                    f"{MONTH_ABBR[self.month]} {self.year} has no day {self.day}."
                )

    # Construction ------------------------------------------------------------------------

    @classmethod
    def from_date(cls, value: date, precision: str) -> PartialDate:
        """The partial date of ``precision`` that contains ``value``."""
        if precision == DatePrecision.YEAR:
            return cls(value.year)
        if precision == DatePrecision.MONTH:
            return cls(value.year, value.month)
        if precision == DatePrecision.DAY:
            return cls(value.year, value.month, value.day)
        raise PartialDateError(f"Unknown precision {precision!r}.")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read "2025", "2025-02", "2025-02-05", "Feb 2025", "21 March 2025", "Mar 21, 2025"."""
        cleaned = _normalise(text)
        if not cleaned:
            raise PartialDateError(f"Enter a date, for example {EXAMPLES}.")
        for pattern in _PATTERNS:
            match = pattern.fullmatch(cleaned)
            if match is None:
                continue
            parts = match.groupdict()
            year = int(parts["year"])
            month = _month(parts.get("month"))
            day = int(parts["day"]) if parts.get("day") else None
            return cls(year, month, day)
        raise PartialDateError(f"“{text.strip()}” is not a date we can read; write {EXAMPLES}.")

    # Views -------------------------------------------------------------------------------

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        if self.day is not None:
            return self.first_day
        if self.month is not None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    def isoformat(self) -> str:
        """The ISO 8601 prefix of this precision: "2025", "2025-02" or "2025-02-05"."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """How people write it: "5 Feb 2025", "Feb 2025" or "2025"."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTH_ABBR[self.month]} {self.year}"
        return f"{self.day} {MONTH_ABBR[self.month]} {self.year}"

    def contains(self, value: date) -> bool:
        return self.first_day <= value <= self.last_day

    def __str__(self) -> str:
        return self.display()


def bounds(value: date, precision: str) -> tuple[date, date]:
    """The first and last day that ``value`` at ``precision`` may mean."""
    partial = PartialDate.from_date(value, precision)
    return partial.first_day, partial.last_day


def format_span(start: PartialDate, end: PartialDate | None) -> str:
    """A date or span written compactly: "2009–2024", "Feb–Mar 2025", "5–7 Feb 2025"."""
    if end is None or end == start:
        return start.display()
    if start.precision == end.precision:
        if start.precision == DatePrecision.YEAR:
            return f"{start.year}–{end.year}"
        same_year = start.year == end.year
        if start.precision == DatePrecision.MONTH:
            if same_year:
                return f"{MONTH_ABBR[start.month or 0]}–{end.display()}"
        elif same_year and start.month == end.month:
            return f"{start.day}–{end.display()}"
        elif same_year:
            return f"{start.day} {MONTH_ABBR[start.month or 0]} – {end.display()}"
    return f"{start.display()} – {end.display()}"


_SPAN_SEPARATORS = re.compile(r"\s*[–—]\s*|\s+-\s+|\s+to\s+|\s+until\s+|\s+through\s+|/")
_YEAR_SPAN = re.compile(r"(\d{4})-(\d{4})")


def parse_span(text: str) -> tuple[PartialDate, PartialDate | None]:
    """Read a date or a span: "2009–2024", "from 2009 to 2024", "5–7 Feb 2025", "Feb–Mar 2025"."""
    cleaned = _normalise(text)
    if cleaned.startswith("between "):
        cleaned = cleaned.removeprefix("between ").replace(" and ", " to ", 1)
    cleaned = cleaned.removeprefix("from ")
    year_span = _YEAR_SPAN.fullmatch(cleaned)
    if year_span:
        parts = [year_span.group(1), year_span.group(2)]
    else:
        parts = _SPAN_SEPARATORS.split(cleaned)
    if len(parts) == 1:
        return PartialDate.parse(parts[0]), None
    if len(parts) != 2 or not all(parts):
        raise PartialDateError(f"“{text.strip()}” is not a span we can read; write e.g. 2009–2024.")
    end = PartialDate.parse(parts[1])
    start = _parse_start(parts[0], end)
    if end.last_day < start.first_day:
        raise PartialDateError("The end of the span comes before its start.")
    return start, (None if end == start else end)


def _parse_start(text: str, end: PartialDate) -> PartialDate:
    """The start of a span, borrowing the month and year the writer left to the end."""
    try:
        return PartialDate.parse(text)
    except PartialDateError:
        pass
    if end.month is not None:
        if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", text) and end.day is not None:
            return PartialDate.parse(f"{text} {MONTH_ABBR[end.month]} {end.year}")
        try:
            return PartialDate.parse(f"{text} {end.year}")
        except PartialDateError:
            pass
    raise PartialDateError(f"“{text}” is not a date we can read; write {EXAMPLES}.")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).strip().lower())


def _month(name: str | None) -> int | None:
    if name is None:
        return None
    if name.isdigit():
        return int(name)
    try:
        return MONTH_NUMBERS[name.rstrip(".")]
    except KeyError:
        raise PartialDateError(f"“{name}” is not a month.") from None


_MONTH = r"(?P<month>[a-z]+\.?)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_PATTERNS = [
    re.compile(_YEAR),
    re.compile(rf"{_YEAR}-(?P<month>\d{{1,2}})"),
    re.compile(rf"{_YEAR}-(?P<month>\d{{1,2}})-{_DAY}"),
    re.compile(rf"{_MONTH},? {_YEAR}"),
    re.compile(rf"(?:the )?{_DAY} (?:of )?{_MONTH},? {_YEAR}"),
    re.compile(rf"{_MONTH} {_DAY},? {_YEAR}"),
]
