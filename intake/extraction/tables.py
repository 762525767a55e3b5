"""Tables in a text: rows of cells split by " | ", as a release's table reads when it is
copied as text, under a header that names each column ("Estimated Weighted-Average
Dumping Margin (percent)", "USD million, August 2024"), either as the table's first row
or as a line "Columns: …" above it. Each number in a column whose unit the header gives
is a figure, labelled by its row and its column, with the period the column names; the
rest of the text is read without the table's lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import dates
from .figures import Figure
from .lexicon import CURRENCY, SCALE

CELL_BREAK = " | "
# "Columns: NOK Billion, August 2024 | Change in per cent, July 2024 - August 2024"
COLUMNS = re.compile(r"^\s*Columns?:\s*", re.I)
# A cell that is a number, with a footnote's marks after it: "125.37*", "-5.9", "1 175.5",
# "2,580".
NUMBER = re.compile(
    r"(?P<sign>[-−–])?\s?(?P<num>\d{1,3}(?:[ ,\u00a0]\d{3})+(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,6})?)"
    r"\s?[*†‡]*"
)
PERCENT = re.compile(r"\bper\s?cent\b|\bpercent(?:age)?\b|%", re.I)
POINTS = re.compile(r"\bpercentage points?\b", re.I)
WORD = re.compile(r"[^\W\d_]+\$?|[$€£¥₹]", re.I)


@dataclass
class Table:
    header: list[str]  # one per column after the rows' labels
    rows: list[list[str]]


def lift_tables(text: str) -> tuple[str, list[Table]]:
    """The text without its tables' lines (each left blank, so paragraphs stay apart),
    and the tables."""
    lines = text.split("\n")
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        run = i
        while run < len(lines) and _cells(lines[run]) is not None:
            run += 1
        if COLUMNS.match(lines[i]):
            i += 1  # the names of the columns below it (see _header)
            continue
        if run - i < 2:
            i = max(run, i + 1)
            continue
        rows = [_cells(line) or [] for line in lines[i:run]]
        header, above = _header(lines, i, rows)
        if header is not None:
            tables.append(Table(header, rows))
            for at in [*range(i, run), *above]:
                lines[at] = ""
        i = run
    return "\n".join(lines), tables


def _cells(line: str) -> list[str] | None:
    if CELL_BREAK not in line:
        return None
    cells = [cell.strip() for cell in line.split(CELL_BREAK)]
    return cells if len(cells) >= 2 and cells[0] else None


def _header(
    lines: list[str], first: int, rows: list[list[str]]
) -> tuple[list[str] | None, list[int]]:
    """The column names of the table whose rows begin at ``first`` (and the lines that
    gave them): a "Columns:" line above it, or its own first row when that has no number
    but its label."""
    above = first - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above >= 0 and COLUMNS.match(lines[above]):
        names = [c.strip() for c in COLUMNS.sub("", lines[above]).split(CELL_BREAK)]
        return names, [above]
    top = rows[0]
    if not any(_number(cell) is not None for cell in top[1:]):
        del rows[0]
        return top[1:], []
    return None, []


def _number(cell: str) -> Decimal | None:
    match = NUMBER.fullmatch(cell.strip())
    if match is None:
        return None
    value = Decimal(re.sub(r"[ ,\u00a0]", "", match.group("num")))
    return -value if match.group("sign") else value


def _unit(name: str) -> tuple[str, Decimal] | None:
    """A column's unit and the scale its numbers are written in, from its name."""
    if POINTS.search(name):
        return "pp", Decimal(1)
    if PERCENT.search(name):
        return "percent", Decimal(1)
    words = [w.lower() for w in WORD.findall(name)]
    currency = next((CURRENCY[w] for w in words if w in CURRENCY), None)
    if currency is None:
        return None
    scale = next((SCALE[w] for w in words if w in SCALE), Decimal(1))
    return currency, scale


def table_figures(table: Table, published: date | None) -> list[Figure]:
    """Each number of the table in a column whose unit is known."""
    columns = []
    for name in table.header:
        unit = _unit(name)
        mentions = [m for m in dates.find(name, published) if m.start is not None]
        period = mentions[-1] if len(mentions) == 1 else None
        columns.append((name, unit, period))
    # A "Columns:" line names the columns after the rows' labels; a first row names the
    # labels' column too, which it drops.
    found = []
    for row in table.rows:
        for cell, (name, unit, period) in zip(row[1:], columns, strict=False):
            value = _number(cell)
            if unit is None or value is None:
                continue
            figure = Figure(label=f"{row[0]}: {name}"[:200], value=value * unit[1], unit=unit[0])
            if period is not None and period.start is not None:
                figure.period_start = period.start.isoformat()
                figure.period_end = (period.end or period.start).isoformat()
            found.append(figure)
    return found
