"""The benchmark command's quick mode runs and reports every measure (not the timings)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import service_missing

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_quick_benchmark_reports_every_measure(tmp_path: Path, seeded: None, settings: Any) -> None:
    if connection.vendor != "postgresql":
        service_missing("the benchmark needs PostgreSQL")
    settings.STATIC_MANIFEST = False
    call_command(
        "bench",
        "--quick",
        "--events",
        "2000",
        "--digests",
        "10",
        "--json",
        str(tmp_path / "bench.json"),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    report = json.loads((tmp_path / "bench.json").read_text())
    assert report["events"] == 2_000
    through_django = {
        "api_first_page",
        "api_filtered_page",
        "api_deep_page",
        "api_event_detail",
        "html_timeline",
        "html_timeline_cold",
        "search_rare_word",
        "search_common_word",
        "search_phrase",
        "search_with_filters",
        "facets",
        "facets_cold",
        "api_first_page_empty_cache",
    }
    baselines = {"naive_deep_page", "naive_search_common_word", "raw_sql_first_page"}
    assert set(report["requests"]) == through_django | baselines
    for name, row in report["requests"].items():
        assert row["p50_ms"] > 0, name
        assert row["p95_ms"] >= row["p50_ms"], name
        assert row["queries"] > 0, name
        if name in through_django:
            assert row["status"] == 200, name
    not_over_http = {"html_timeline_cold", "facets_cold", "api_first_page_empty_cache"}
    assert set(report["http"]) == through_django - not_over_http
    for name, row in report["http"].items():
        assert row["status"] == 200, name
        assert row["p50_ms"] > 0, name
    assert set(report["ratios"]) == {
        "deep_page_vs_first_page",
        "first_page_vs_raw_sql",
        "first_page_empty_cache_vs_raw_sql",
        "naive_deep_page_vs_ours",
        "naive_search_vs_ours",
    }
    assert set(report["readers"]["summary"]) == {
        f"{view}_20_{stat}_ms"
        for view in ("cold_timeline", "empty_timeline", "cold_facets")
        for stat in ("p50", "p95")
    }
    assert report["digests"]["subscribers"] == 10
    assert report["digests"]["messages_at_sink"] == 10
    assert report["digests"]["messages_per_second"] > 0
    markdown = (tmp_path / "bench.md").read_text()
    assert "| api_first_page |" in markdown
    assert "| messages_at_sink | 10 |" in markdown


def test_benchmark_refuses_too_few_events() -> None:
    if connection.vendor != "postgresql":
        service_missing("the benchmark needs PostgreSQL")
    for events in ("0", "999"):
        with pytest.raises(CommandError, match="at least 1,000"):
            call_command("bench", "--quick", "--events", events, stdout=StringIO())


@pytest.mark.sqlite
def test_benchmark_refuses_sqlite(db: None) -> None:
    if connection.vendor == "postgresql":
        pytest.skip("checks the refusal on SQLite")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", "--quick", stdout=StringIO())
