"""The latest time up to which the record can be read without missing a write: rows carry
the time they were written, but a transaction still open shows its writes later."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

MARGIN = timedelta(seconds=1)  # for the clocks of several application servers


def safe_since() -> datetime:
    """The updated_since a copy of the record should give next time to miss nothing that
    this answer may not show: now, or the start of the oldest transaction still open
    (PostgreSQL), whose writes are not visible yet but carry an earlier time; less a
    second for clocks of several application servers."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT min(xact_start) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
            )
            oldest = cursor.fetchone()[0]
        if oldest is not None:
            now = min(now, oldest)
    return now - MARGIN
