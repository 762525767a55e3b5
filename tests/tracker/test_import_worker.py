"""Event files imported by a real Celery worker (its own process, on a Redis server of the
test's own, sharing PostgreSQL): hostile files end within their bounds with a message that
names the bound, a real file is checked then imported once, and the worker's peak memory
stays under 300 MB throughout (read from /proc after the jobs)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.workers import Services, wait_for
from tracker.models import Event, ImportJob

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

FINAL = {"checked", "done", "failed"}


MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',  # noqa: E501
    "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'  # noqa: E501
    + RELS
    + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="'
    + MAIN
    + b'" xmlns:r="'
    + RELS
    + b'"><sheets><sheet name="Events" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'  # noqa: E501
    + RELS
    + b'/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
    + RELS
    + b'/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}


def spreadsheet(sheet: Callable[[Any], None], strings: Callable[[Any], None]) -> bytes:
    """A minimal XLSX whose sheet and shared strings are streamed in, deflated, by the
    two writers (so the test never holds what they unpack to)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in PARTS.items():
            archive.writestr(name, data)
        for name, write in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", strings)):
            with archive.open(name, "w", force_zip64=True) as stream:
                write(stream)
    return out.getvalue()


def rows_of(count: int, cells: Callable[[int], bytes]) -> Callable[[Any], None]:
    def write(stream: Any) -> None:
        stream.write(b'<worksheet xmlns="' + MAIN + b'"><sheetData>')
        for r in range(1, count + 1):
            stream.write(b'<row r="%d">%s</row>' % (r, cells(r)))
        stream.write(b"</sheetData></worksheet>")

    return write


def shared(*texts: tuple[bytes, int]) -> Callable[[Any], None]:
    """Shared strings, each written as a chunk repeated so many times."""

    def write(stream: Any) -> None:
        stream.write(b'<sst xmlns="' + MAIN + b'">')
        for chunk, times in texts:
            stream.write(b"<si><t>")
            for _ in range(times):
                stream.write(chunk)
            stream.write(b"</t></si>")
        stream.write(b"</sst>")

    return write


COLUMNS = ((b"title", 1), (b"kind", 1), (b"start", 1))


def cells(r: int) -> bytes:
    """Row 1 names the columns (shared strings 0 to 2); every later cell is string 3."""
    return b"".join(
        b'<c r="%s%d" t="s"><v>%d</v></c>' % (col, r, i if r == 1 else 3)
        for i, col in enumerate((b"A", b"B", b"C"))
    )


def bomb() -> bytes:
    """Under two megabytes, whose shared strings unpack to a gigabyte."""
    return spreadsheet(rows_of(2, cells), shared(*COLUMNS, (b"a" * (1 << 20), 1024)))


def echo_bomb() -> bytes:
    """A few megabytes unpacked, but 10,000 rows whose every cell names the same 1 MB
    shared string: what it reads to is enormous."""
    return spreadsheet(rows_of(10_001, cells), shared(*COLUMNS, (b"x" * 1_000_000, 1)))


def csv_rows(n: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["title", "kind", "start", "countries"])
    for i in range(n):
        writer.writerow([f"Talks {i}", "meeting", f"2025-{i % 12 + 1:02d}", "US; IN"])
    return out.getvalue().encode()


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def run(services: Services, job: ImportJob, *, apply: bool = False) -> ImportJob:
    services.call("tracker.tasks.run_import", job.pk, apply)
    wanted = FINAL if not apply else {"done", "failed"}
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).state in wanted, 240, job.filename)
    return ImportJob.objects.get(pk=job.pk)


def test_hostile_files_stay_within_bounds_and_a_real_one_imports_once(
    services: Services,
) -> None:
    worker = services.start_worker("importer", "--pool=solo")
    jobs = {
        "bomb.xlsx": bomb(),
        "echo.xlsx": echo_bomb(),
        "rows.csv": csv_rows(100_000),
        "garbage.xlsx": b"PK\x03\x04" + b"\x00" * 4000,
    }
    expected = {
        "bomb.xlsx": "IMPORT_MAX_UNPACKED_BYTES",
        "echo.xlsx": "IMPORT_MAX_BYTES",
        "rows.csv": "IMPORT_MAX_ROWS",
        "garbage.xlsx": "not a readable .xlsx file",
    }
    assert len(jobs["bomb.xlsx"]) < 2_000_000
    for name, raw in jobs.items():
        job = run(services, ImportJob.objects.create(filename=name, data=raw))
        assert job.state == "failed", (name, job.errors)
        assert any(expected[name] in error for error in job.errors), (name, job.errors)
        assert not Event.objects.exists()
    real = run(services, ImportJob.objects.create(filename="real.csv", data=csv_rows(300)))
    assert (real.state, real.created_count, real.rows) == ("checked", 300, 300)
    assert not Event.objects.exists()  # checked, not imported
    ImportJob.objects.filter(pk=real.pk).update(state="importing")  # what confirming does
    done = run(services, real, apply=True)
    assert (done.state, done.created_count) == ("done", 300)
    assert Event.objects.count() == 300
    # The same tasks delivered again import nothing more: a later job through the same
    # worker (one task at a time, in order) is checked after them.
    services.call("tracker.tasks.run_import", real.pk, True)
    services.call("tracker.tasks.run_import", real.pk, False)
    later = run(services, ImportJob.objects.create(filename="later.csv", data=csv_rows(2)))
    assert later.state == "checked"
    assert Event.objects.count() == 300
    peak = peak_mb(worker.pid)
    print(f"worker peak memory: {peak:.0f} MB")
    assert peak < 300
