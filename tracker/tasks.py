"""Celery tasks of the record: thin wrappers. Enqueue them after commit."""

from __future__ import annotations

from celery import shared_task

from .interchange import jobs


# Up to IMPORT_MAX_ROWS events, checked or written at ~20 ms each: longer than most tasks.
@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def run_import(job_id: int, apply: bool = False) -> str:
    """Check (or, once confirmed, import) an uploaded file of events (interchange.jobs)."""
    return jobs.run(job_id, apply=apply)
