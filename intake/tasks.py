"""Celery tasks of the intake: thin wrappers around intake.watching and intake.reminders."""

from __future__ import annotations

from celery import shared_task

from . import reminders, watching


@shared_task(acks_late=True)
def dispatch_sources() -> int:
    """Every WATCH_DISPATCH_SECONDS (beat): queue a fetch of each watched source that is
    due; returns how many were queued. A source queued twice is fetched once (its hold)."""
    ids = watching.due()
    for source_id in ids:
        fetch_source.delay(source_id)
    return len(ids)


@shared_task(acks_late=True)
def fetch_source(source_id: int, force: bool = False) -> dict[str, object] | None:
    """Fetch one watched source; a summary of the run, or None if another fetch held it."""
    run = watching.fetch_source(source_id, force=force)
    if run is None:
        return None
    return {"outcome": run.outcome, "articles": run.articles, "error": run.error}


@shared_task(acks_late=True)
def send_review_reminders() -> int:
    """Every 15 minutes (beat): the daily email of drafts waiting for review, to each staff
    member who asked for it, once a day after REVIEW_REMINDER_HOUR (UTC)."""
    return reminders.send_due()
