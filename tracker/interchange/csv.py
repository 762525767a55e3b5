"""Events as CSV (one row per event: the export record's fields, lists joined with "; " (a
";", "|" or backslash within a value written after a backslash),
sources and figures as JSON in their cells), safe to open in a spreadsheet; and reading
such a file back into records."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from tracker import shapes
from tracker.choices import EventStatus
from tracker.models import Event

from .json import ordered
from .records import ImportFailed, RowError

CSV_COLUMNS = shapes.CSV_COLUMNS


def to_csv(events: Iterable[Event]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = ordered(events)
    exported = {str(e.uid) for e in rows}
    for event in rows:
        writer.writerow(csv_row(event, exported))
    return out.getvalue()


# A cell starting with one of these is a formula to spreadsheets (CSV injection): such
# cells, and cells starting with the escaping quote itself, get a leading "'", which
# spreadsheets hide and read_csv removes, so the round trip stays exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def spreadsheet_safe(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def spreadsheet_value(cell: str) -> str:
    """The cell as exported before spreadsheet_safe."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def csv_row(event: Event, exported: set[str] | None = None) -> dict[str, str]:
    """One event as the CSV columns (lists joined with "; ", sources and figures as JSON),
    safe to open in a spreadsheet."""
    return {key: spreadsheet_safe(cell) for key, cell in _csv_cells(event, exported).items()}


def _csv_cells(event: Event, exported: set[str] | None) -> dict[str, str]:
    record = shapes.record(shapes.from_event(event), within=exported)
    return {
        **{
            k: record[k] or ""
            for k in ("uid", "title", "kind", "status", "start", "end", "summary", "notes")
        },
        "countries": _joined(record["countries"]),
        "topics": _joined(record["topics"]),
        "tags": _joined(record["tags"]),
        "participants": "; ".join(
            "|".join(_escaped(p[k]) for k in ("actor", "role", "title_at_time"))
            for p in record["participants"]
        ),
        "sources": _cell(record["sources"]),
        "figures": _cell(record["figures"]),
        "related": _joined(record["related"]),
        "links": _cell(record["links"]),
    }


def _cell(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False) if rows else ""


def read_csv(text: str, max_rows: int | None = None) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a CSV export as records, reading at most ``max_rows`` (more is an
    error that says so, found without reading the rest)."""
    csv.field_size_limit(10_000_000)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("title", "kind", "start") if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFailed([RowError(1, "", f"missing columns: {', '.join(missing)}")])
    try:
        return _csv_rows(reader, max_rows)
    except csv.Error as exc:
        raise ImportFailed([RowError(reader.line_num, "", f"not valid CSV: {exc}")]) from exc


def _csv_rows(reader: Any, max_rows: int | None) -> list[tuple[int, dict[str, Any]]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    for raw in reader:
        if max_rows is not None and len(rows) >= max_rows:
            raise ImportFailed(
                [
                    RowError(
                        0, "file", f"the file has more than {max_rows:,} events (IMPORT_MAX_ROWS)"
                    )
                ]
            )
        line = reader.line_num
        row = {k: spreadsheet_value(v) if isinstance(v, str) else v for k, v in raw.items()}
        try:
            record = {
                "uid": row.get("uid") or None,
                "title": row.get("title", ""),
                "kind": row.get("kind", ""),
                "status": row.get("status") or EventStatus.OCCURRED,
                "start": row.get("start", ""),
                "end": row.get("end") or None,
                "summary": row.get("summary", ""),
                "notes": row.get("notes", ""),
                "countries": _split(row.get("countries")),
                "topics": _split(row.get("topics")),
                "tags": _split(row.get("tags")),
                "participants": [
                    _participant(p)
                    for p in _pieces(row.get("participants") or "", ";")
                    if p.strip()
                ],
                "sources": json.loads(row["sources"]) if row.get("sources") else [],
                "figures": json.loads(row["figures"]) if row.get("figures") else [],
                "related": _split(row.get("related")),
                # Files written before links were exported leave the events' links alone.
                "links": (json.loads(row["links"]) if row["links"] else [])
                if "links" in row
                else None,
            }
        except ValueError as exc:
            raise ImportFailed(
                [RowError(line, row.get("uid") or "", f"unreadable cell: {exc}")]
            ) from exc
        rows.append((line, record))
    return rows


def _participant(cell: str) -> dict[str, str]:
    """ "actor-slug|role|title at the time" """
    actor, role, title = [*(_unescaped(f) for f in _pieces(cell, "|", limit=2)), "", ""][:3]
    return {"actor": actor.strip(), "role": role.strip(), "title_at_time": title.strip()}


def _split(value: str | None) -> list[str]:
    return [v for v in (_unescaped(p).strip() for p in _pieces(value or "", ";")) if v]


# Lists in a cell: items joined with "; ", a participant's parts with "|". A ";", "|" or
# "\" inside a value is written after a backslash ("Trade\; tariffs"), so it round-trips.
SPECIAL = "\\;|"


def _escaped(value: str) -> str:
    return "".join("\\" + c if c in SPECIAL else c for c in value)


def _joined(values: list[str]) -> str:
    return "; ".join(_escaped(v) for v in values)


def _pieces(value: str, separator: str, limit: int = -1) -> list[str]:
    """``value`` split at each ``separator`` not written after a backslash (at most
    ``limit`` times), the escapes kept for the caller to undo."""
    pieces: list[str] = []
    start = i = 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] in SPECIAL:
            i += 2
            continue
        if value[i] == separator and (limit < 0 or len(pieces) < limit):
            pieces.append(value[start:i])
            start = i + 1
        i += 1
    pieces.append(value[start:])
    return pieces


def _unescaped(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] in SPECIAL:
            out.append(value[i + 1])
            i += 2
            continue
        out.append(value[i])
        i += 1
    return "".join(out)
