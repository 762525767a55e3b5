"""Backup and restore as the README documents them: pg_dump into a file, pg_restore into an
empty database, and the restored record exports exactly as the original did."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from benchmarks.measure import database_url
from benchmarks.scratch import recreate_database
from tests.conftest import service_missing
from tracker import services

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def export(database_url: str, path: Path) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "export_events", "--format", "json", "-o", str(path)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return path.read_text()


def test_pg_dump_restores_into_an_empty_database(tmp_path: Path, seeded: None) -> None:
    if connection.vendor != "postgresql" or not shutil.which("pg_dump"):
        service_missing("needs PostgreSQL and its pg_dump / pg_restore")
    actor = services.save_actor(name="Marco Rubio", country_id="US", title="Secretary of State")
    first = services.create_event(
        title="Rubio meets Jaishankar",
        kind="meeting",
        start="2025-01-21",
        countries=["US", "IN"],
        tags=["quad"],
        participants=[{"actor": actor.pk, "role": "host", "title_at_time": "Secretary of State"}],
        sources=[{"url": "https://example.org/readout", "outlet": "State Department"}],
        figures=[{"label": "Goods trade", "value": "129.2", "unit": "USD"}],
    )
    services.create_event(
        title="Tariffs take effect",
        kind="trade-measure",
        start="2025-03",
        status="scheduled",
        countries=["US", "CA"],
        related=[first.pk],
    )
    original = database_url(connection.settings_dict["NAME"])
    restored_name = f"{connection.settings_dict['NAME']}_restored"
    restored = database_url(restored_name)
    dump = tmp_path / "tracker.dump"
    admin = database_url("postgres")
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", original], check=True)
    recreate_database(restored)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],
            check=True,
        )
        before = export(original, tmp_path / "before.json")
        after = export(restored, tmp_path / "after.json")
        assert "Rubio meets Jaishankar" in before
        assert after == before
    finally:
        subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{restored_name}"'])
