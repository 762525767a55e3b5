"""Event files uploaded in the admin, imported by a worker within fixed bounds.

The request only stores the upload as an ``ImportJob`` and queues ``run_import``; a worker
reads it (an XLSX in streaming mode, after checking what it unpacks to), checks every row
in a dry run, and, once an editor confirms, imports every row or none. Each bound has a
setting and a message that names it:

- ``IMPORT_MAX_BYTES``: the uploaded file, and the text read from a spreadsheet;
- ``IMPORT_MAX_UNPACKED_BYTES``: what an XLSX (a zip) unpacks to;
- ``IMPORT_MAX_ROWS``: events in one file.

Progress (rows done of rows) is kept in the cache while a job runs, for the job's page.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from tracker.models import ImportJob

from . import csv as csv_format
from . import json as json_format
from .records import ImportFailed, RowError, import_records

log = logging.getLogger(__name__)
State = ImportJob.State
MAX_ERRORS = 200  # rows' errors kept on a refused job


class Refused(ImportFailed):
    """A file beyond a bound, or unreadable: one message, nothing imported."""

    def __init__(self, message: str) -> None:
        super().__init__([RowError(0, "file", message)])
        self.args = (f"{message}; nothing was imported.",)


def file_kind(filename: str) -> str:
    name = filename.lower()
    return "json" if name.endswith(".json") else "xlsx" if name.endswith(".xlsx") else "csv"


def check_upload(size: int) -> None:
    """What can be said before the file is stored: empty, or larger than allowed."""
    if not size:
        raise Refused("the file is empty")
    if size > settings.IMPORT_MAX_BYTES:
        raise Refused(
            f"the file has {size:,} bytes; the largest accepted is "
            f"{settings.IMPORT_MAX_BYTES:,} (IMPORT_MAX_BYTES)"
        )


def read_text(raw: bytes, filename: str) -> str:
    """The upload as CSV or JSON text (an XLSX becomes CSV), within the bounds."""
    kind = file_kind(filename)
    try:
        if kind == "xlsx":
            return xlsx_to_csv(raw)
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused(f"unreadable file: {exc}") from exc


def xlsx_to_csv(raw: bytes) -> str:
    """The first sheet as CSV, read row by row. A zip declares what each member unpacks
    to (and Python's zipfile stops at the declared size), so a decompression bomb is
    refused before anything is unpacked; the text written is bounded too."""
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Refused(f"not a readable .xlsx file ({exc.__class__.__name__})") from exc
    if unpacked > limit:
        raise Refused(
            f"the spreadsheet unpacks to {unpacked:,} bytes; the most accepted is "
            f"{limit:,} (IMPORT_MAX_UNPACKED_BYTES)"
        )
    from openpyxl import load_workbook

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    rows = written = 0
    most = settings.IMPORT_MAX_BYTES  # no more text than a CSV file may have
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                cells = ["" if value is None else str(value) for value in row]
                if not any(cells):
                    continue
                rows += 1
                if rows > settings.IMPORT_MAX_ROWS + 1:  # the header, then the events
                    raise _too_many_rows()
                written += sum(len(cell) + 3 for cell in cells)
                if written > most:  # checked before the row is written
                    raise Refused(
                        f"the spreadsheet's cells hold more than {most:,} characters, more "
                        "than a CSV file may have (IMPORT_MAX_BYTES)"
                    )
                writer.writerow(cells)
        finally:
            workbook.close()
    except Refused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise Refused(f"not a readable .xlsx file ({exc.__class__.__name__})") from exc
    return out.getvalue()


def _too_many_rows() -> Refused:
    return Refused(
        f"the file has more than {settings.IMPORT_MAX_ROWS:,} events; the most one import "
        "takes is set by IMPORT_MAX_ROWS (split the file)"
    )


def records(text: str, filename: str, max_rows: int | None) -> dict[str, Any]:
    """The file's events (and a JSON file's topics and actors) as import_records takes
    them; more than ``max_rows`` events is an error."""
    if file_kind(filename) == "json":
        topics, actors, events = json_format.read_json(text)
        if max_rows is not None and len(events) > max_rows:
            raise _too_many_rows()
        if max_rows is not None and len(topics) + len(actors) > max_rows:
            raise Refused(
                f"the file has more than {max_rows:,} topics and actors; the most one import "
                "takes is set by IMPORT_MAX_ROWS (split the file)"
            )
        rows = list(enumerate(events, start=1))
        return {"records": rows, "topics": topics, "actors": actors}
    return {"records": csv_format.read_csv(text, max_rows=max_rows)}


def progress_key(job_id: int) -> str:
    return f"tracker:import-progress:{job_id}"


def progress(job: ImportJob) -> tuple[int, int] | None:
    """(rows done, rows) while the job runs, if a worker has said."""
    try:
        value = cache.get(progress_key(job.pk))
    except Exception:  # the cache is away: no progress bar, nothing worse
        return None
    return (int(value[0]), int(value[1])) if value else None


def _reporter(job_id: int, total: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        try:
            cache.set(progress_key(job_id), (done, total), 3600)
        except Exception as exc:
            log.debug("Progress not kept: %s", type(exc).__name__)

    report(0)
    return report


def run(job_id: int, *, apply: bool) -> str:
    """Check (``apply=False``) or import (``apply=True``) a stored job; returns its state.

    Importing locks the job and marks it done in the same transaction as the events, so
    a task delivered twice, or again after a worker died, imports once."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.state != (State.IMPORTING if apply else State.CHECKING):
        return job.state if job else "missing"
    try:
        text = read_text(bytes(job.data), job.filename)
        data = records(text, job.filename, settings.IMPORT_MAX_ROWS)
        report = _reporter(job.pk, len(data["records"]))
        if not apply:
            result = import_records(**data, dry_run=True, progress=report)
            ImportJob.objects.filter(pk=job.pk, state=State.CHECKING).update(
                state=State.CHECKED,
                rows=len(data["records"]),
                created_count=result.created,
                updated_count=result.updated,
            )
            return State.CHECKED
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.state != State.IMPORTING:
                return locked.state
            result = import_records(**data, progress=report)
            ImportJob.objects.filter(pk=job.pk).update(
                state=State.DONE,
                rows=len(data["records"]),
                created_count=result.created,
                updated_count=result.updated,
                data=b"",
            )
        return State.DONE
    except ImportFailed as exc:
        _fail(job, [str(e) for e in exc.errors[:MAX_ERRORS]])
        return State.FAILED
    except Exception:
        log.exception("Import %s stopped", job.pk)
        _fail(job, ["the import stopped on an unexpected error (logged); nothing was imported"])
        return State.FAILED
    finally:
        try:
            cache.delete(progress_key(job_id))
        except Exception as exc:
            log.debug("Progress not cleared: %s", type(exc).__name__)


def _fail(job: ImportJob, errors: list[str]) -> None:
    ImportJob.objects.filter(pk=job.pk).update(state=State.FAILED, errors=errors, data=b"")


def start(*, filename: str, raw: bytes, user: Any) -> ImportJob:
    """Store an upload and queue its check (after the job is committed)."""
    from tracker.tasks import run_import

    check_upload(len(raw))
    job = ImportJob.objects.create(filename=filename[:255], data=raw, created_by=user)
    transaction.on_commit(lambda: run_import.delay(job.pk, apply=False))
    return job


def confirm(job: ImportJob) -> bool:
    """Queue the import of a checked job; False if it is not (or no longer) waiting."""
    from tracker.tasks import run_import

    moved = ImportJob.objects.filter(pk=job.pk, state=State.CHECKED).update(state=State.IMPORTING)
    if moved:
        transaction.on_commit(lambda: run_import.delay(job.pk, apply=True))
    return bool(moved)
