"""Measurements (PostgreSQL): latency and query counts of the main requests through the
Django stack and over HTTP (gunicorn), against naive and raw-SQL baselines."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection, reset_queries
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tracker import stamps
from tracker.models import Event

from .scratch import free_port


def _stats(times: list[float]) -> dict[str, Any]:
    times = sorted(times)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
    }


def timed(
    client: Client,
    url: str,
    params: dict[str, Any],
    repeat: int,
    *,
    cold: bool = False,
    empty: bool = False,
) -> dict[str, Any]:
    """Through the Django stack. ``cold``: the cached summaries and pages are made stale
    before each request (as after any edit); what is kept of each event that did not
    change (tracker.event_cache) is still used. ``empty``: the cache is emptied before
    each request (a cache restarted), so nothing at all comes from it."""
    times = []
    queries = 0
    status = 0
    for _ in range(repeat):
        if cold or empty:
            stamps.bump()
        if empty:
            cache.clear()
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
    return {
        "url": url,
        "params": params,
        "status": status,
        **_stats(times),
        "queries": queries,
        "repeat": repeat,
    }


Request = tuple[str, str, dict[str, Any], bool]

# What readers hit first: twenty filter combinations of the timeline, each measured cold
# (a fresh data version before every request, as after any edit). Fixed, so runs compare.
READER_FILTERS: list[tuple[str, dict[str, Any]]] = [
    ("pair_us_in", {"country": ["US", "IN"]}),
    ("pair_us_cn", {"country": ["US", "CN"]}),
    ("pair_jp_cn_empty", {"country": ["JP", "CN"]}),
    ("three_us_ca_mx", {"country": ["US", "CA", "MX"]}),
    ("country_kind", {"country": "IN", "kind": "visit"}),
    ("country_kind_2", {"country": "US", "kind": "call"}),
    ("pair_kind", {"country": ["US", "IN"], "kind": "meeting"}),
    ("a_month", {"date_from": "2016-03", "date_to": "2016-03"}),
    ("a_year", {"date_from": "2019", "date_to": "2019"}),
    ("country_years", {"country": "CN", "date_from": "2022"}),
    ("topic", {"topic": "bench-trade"}),  # with two sub-topics
    ("topic_country", {"topic": "bench-defence", "country": "GB"}),
    ("actor", {"actor": "bench-person-7"}),
    ("kind_only", {"kind": "sanction"}),
    ("status", {"status": "scheduled"}),
    ("common_word", {"q": "tariffs"}),
    ("rare_word", {"q": "zygomorphic"}),
    ("common_word_country", {"q": "tariffs", "country": "US"}),
    ("rare_word_country", {"q": "zygomorphic", "country": "IN"}),
    ("pair_years", {"country": ["US", "IN"], "date_from": "2010", "date_to": "2014"}),
]


def reader_requests() -> list[Request]:
    """(name, url, params, cold) of the readers' first views: the timeline over the twenty
    combinations, their facets, the pair and country pages, the empty pair over the API."""
    out: list[Request] = [("cold_timeline_unfiltered", "/", {}, True)]
    out += [(f"cold_timeline_{name}", "/", params, True) for name, params in READER_FILTERS]
    out += [
        (f"cold_facets_{name}", "/api/v1/events/facets/", params, True)
        for name, params in READER_FILTERS
    ]
    out += [
        ("cold_facets_unfiltered", "/api/v1/events/facets/", {}, True),
        ("cold_pair_page_us_in", "/countries/US/IN/", {}, True),
        ("warm_pair_page_us_in", "/countries/US/IN/", {}, False),
        ("cold_pair_page_jp_cn", "/countries/JP/CN/", {}, True),
        ("cold_country_page_us", "/countries/US/", {}, True),
        ("warm_country_page_us", "/countries/US/", {}, False),
        ("api_list_empty_pair", "/api/v1/events/", {"country": ["JP", "CN"]}, True),
    ]
    return out


def readers(repeat: int) -> dict[str, Any]:
    """The readers' first views (see reader_requests), and p50/p95 over the twenty."""
    client = Client(HTTP_HOST="localhost")
    results = {}
    for name, url, params, cold in reader_requests():
        timed(client, url, params, 1)
        results[name] = timed(client, url, params, repeat, cold=cold)
    for name, params in READER_FILTERS:  # the same views with nothing in the cache
        results[f"empty_timeline_{name}"] = timed(client, "/", params, repeat, empty=True)
    summary = {}
    for prefix in ("cold_timeline_", "empty_timeline_", "cold_facets_"):
        p50s = sorted(
            r["p50_ms"]
            for n, r in results.items()
            if n.startswith(prefix) and not n.endswith("unfiltered")
        )
        summary[f"{prefix}20_p50_ms"] = round(statistics.median(p50s), 1)
        summary[f"{prefix}20_p95_ms"] = round(p50s[min(len(p50s) - 1, int(len(p50s) * 0.95))], 1)
    return {"requests": results, "summary": summary}


def write_cost(repeat: int) -> dict[str, Any]:
    """Creating one event with two countries and a topic through the services (the write
    path keeps the counts), rolled back each time."""
    from django.db import transaction

    from tracker import services

    times = []
    for i in range(repeat + 2):
        with transaction.atomic():
            started = time.perf_counter()
            services.create_event(
                title=f"Write cost {i}", kind="meeting", start="2024-05-06",
                countries=["US", "IN"], topics=["bench-trade"],
            )  # fmt: skip
            elapsed = (time.perf_counter() - started) * 1000
            transaction.set_rollback(True)
        if i >= 2:
            times.append(elapsed)
    return _stats(times)


def requests(deep_cursor: str, event_id: int) -> list[Request]:
    """(name, url, params, cold) of what is measured."""
    return [
        ("api_first_page", "/api/v1/events/", {"page_size": 50}, False),
        (
            "api_filtered_page",
            "/api/v1/events/",
            {
                "country": ["US", "IN"],
                "topic": "bench-trade",
                "date_from": "2015",
                "date_to": "2020",
            },
            False,
        ),
        ("api_deep_page", "/api/v1/events/", {"cursor": deep_cursor, "page_size": 50}, False),
        ("api_event_detail", f"/api/v1/events/{event_id}/", {}, False),
        ("html_timeline", "/", {}, False),
        ("html_timeline_cold", "/", {}, True),
        ("search_rare_word", "/api/v1/events/", {"q": "zygomorphic"}, False),
        ("search_common_word", "/api/v1/events/", {"q": "tariffs"}, False),
        ("search_phrase", "/api/v1/events/", {"q": '"maritime security"'}, False),
        ("search_with_filters", "/api/v1/events/", {"q": "steel", "country": ["US", "CN"]}, False),
        ("facets", "/api/v1/events/facets/", {"country": ["US", "IN"]}, False),
        ("facets_cold", "/api/v1/events/facets/", {"country": ["US", "IN"]}, True),
    ]


def measure_http(measured: list[Request], repeat: int, workers: int = 2) -> dict[str, Any]:
    """The same requests over HTTP on loopback, against gunicorn with ``workers`` workers."""
    port = free_port()
    env = {
        **os.environ,
        "API_ANON_RATE": "",
        "API_USER_RATE": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
    }
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/v1/kinds/", timeout=5).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        for name, url, params, cold in measured:
            if cold:
                continue
            address = f"{base}{url}?{urlencode(params, doseq=True)}"
            times = []
            for i in range(repeat + 2 * workers):
                started = time.perf_counter()
                with urllib.request.urlopen(address, timeout=30) as response:  # noqa: S310
                    response.read()
                    status = response.status
                if i >= 2 * workers:  # the first ones warm every worker
                    times.append((time.perf_counter() - started) * 1000)
            results[name] = {"status": status, **_stats(times), "repeat": repeat}
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def database_url(name: str | None = None) -> str:
    """The URL of this PostgreSQL database (or of another one on the same server)."""
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{name or db['NAME']}"


def measure(repeat: int, *, http: bool = True) -> dict[str, Any]:
    from tracker.pagination import encode, sort_keys

    client = Client(HTTP_HOST="localhost")
    events = Event.objects.order_by("-span_start", "-id")
    deep = events[10_000] if events.count() > 10_000 else events.last()
    assert deep is not None
    cursor = encode(sort_keys(events), False, deep)
    results = {}
    measured = requests(cursor, deep.pk)
    for name, url, params, cold in measured:
        timed(client, url, params, 2)  # warm
        # Cold requests recompute counts over every event: fewer of them.
        results[name] = timed(
            client, url, params, max(5, repeat // 5) if cold else repeat, cold=cold
        )
    # The first page with nothing kept (every event's object read and made again).
    results["api_first_page_empty_cache"] = timed(
        client, "/api/v1/events/", {"page_size": 50}, max(5, repeat // 5), empty=True
    )
    results.update(
        {
            "naive_deep_page": _timed_call(lambda: _naive_page(10_000), repeat),
            "naive_search_common_word": _timed_call(lambda: _naive_search("tariffs"), repeat),
            "raw_sql_first_page": _timed_call(_raw_first_page, repeat),
        }
    )

    def ratio(a: str, b: str) -> float:
        return round(results[a]["p50_ms"] / max(results[b]["p50_ms"], 0.01), 2)

    return {
        "requests": results,
        "ratios": {
            "deep_page_vs_first_page": ratio("api_deep_page", "api_first_page"),
            "first_page_vs_raw_sql": ratio("api_first_page", "raw_sql_first_page"),
            "first_page_empty_cache_vs_raw_sql": ratio(
                "api_first_page_empty_cache", "raw_sql_first_page"
            ),
            "naive_deep_page_vs_ours": ratio("naive_deep_page", "api_deep_page"),
            "naive_search_vs_ours": ratio("naive_search_common_word", "search_common_word"),
        },
        "http": measure_http(measured, repeat) if http else {},
    }


def _timed_call(action: Callable[[], Any], repeat: int) -> dict[str, Any]:
    action()
    times = []
    queries = 0
    for _ in range(repeat):
        reset_queries()  # the query log keeps 9,000 entries: capture from an empty one
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            action()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return {**_stats(times), "queries": queries, "repeat": repeat}


def _naive_rows(events: Any) -> list[dict[str, Any]]:
    """The same fields as the API, read the naive way: one query per relation per event."""
    return [
        {
            "title": event.title,
            "kind": event.kind.slug,
            "countries": [c.code for c in event.countries.all()],
            "participants": [p.actor.name for p in event.participations.all()],
            "topics": [t.slug for t in event.topics.all()],
            "tags": [t.name for t in event.tags.all()],
            "sources": [s.url for s in event.sources.all()],
            "figures": [f.value for f in event.figures.all()],
        }
        for event in events
    ]


def _naive_page(offset: int) -> list[dict[str, Any]]:
    return _naive_rows(Event.objects.order_by("-span_start", "-id")[offset : offset + 50])


def _naive_search(word: str) -> list[dict[str, Any]]:
    found = Event.objects.filter(
        Q(title__icontains=word) | Q(summary__icontains=word) | Q(notes__icontains=word)
    ).order_by("-span_start", "-id")[:50]
    return _naive_rows(found)


RAW_FIRST_PAGE = """
SELECT e.id, e.uid, e.title, k.slug, e.status, e.summary, e.start, e.span_start, e.span_end,
  (SELECT json_agg(json_build_object('code', c.code, 'name', c.name))
     FROM tracker_eventcountry ec JOIN tracker_country c ON c.code = ec.country_id
    WHERE ec.event_id = e.id),
  (SELECT json_agg(json_build_object('actor', p.actor_id, 'name', a.name, 'role', p.role,
                                     'title', p.title_at_time))
     FROM tracker_participation p JOIN tracker_actor a ON a.id = p.actor_id
    WHERE p.event_id = e.id),
  (SELECT json_agg(t.slug) FROM tracker_event_topics et JOIN tracker_topic t ON t.id = et.topic_id
    WHERE et.event_id = e.id),
  (SELECT json_agg(g.name) FROM tracker_taggedevent te JOIN taggit_tag g ON g.id = te.tag_id
    WHERE te.content_object_id = e.id),
  (SELECT json_agg(json_build_object('url', s.url, 'outlet', s.outlet, 'title', s.title))
     FROM tracker_source s WHERE s.event_id = e.id),
  (SELECT json_agg(json_build_object('label', f.label, 'value', f.value, 'unit', f.unit))
     FROM tracker_figure f WHERE f.event_id = e.id)
FROM tracker_event e JOIN tracker_eventkind k ON k.id = e.kind_id
ORDER BY e.span_start DESC, e.id DESC
LIMIT 50
"""


def _raw_first_page() -> list[Any]:
    """The floor: one hand-written query returning the first page's rows."""
    with connection.cursor() as cursor:
        cursor.execute(RAW_FIRST_PAGE)
        return cursor.fetchall()


def readers_markdown(report: dict[str, Any]) -> str:
    """The readers' first views as a table (see reader_requests)."""
    readers = report.get("readers")
    if not readers:
        return ""
    lines = [
        f"## Readers' first views: {report['events']:,} events",
        "",
        "Cold = a fresh data version before each request (as after any edit): no page, "
        "count or chart comes from the cache, but the kept API objects and cards of events "
        "that did not change do. Empty = the cache emptied before each request, so nothing "
        "comes from it. The twenty filter combinations are in `benchmarks/measure.py` "
        "(READER_FILTERS).",
        "",
        "| summary | ms |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in readers["summary"].items()),
        f"| one event written (create through the services), p50 | {report['write_ms']['p50_ms']} |",
        f"| one event written, p95 | {report['write_ms']['p95_ms']} |",
        "",
        "| request | p50 ms | p95 ms | queries |",
        "|---|---|---|---|",
    ]
    for name, row in readers["requests"].items():
        lines.append(f"| {name} | {row['p50_ms']} | {row['p95_ms']} | {row['queries']} |")
    return "\n".join(lines) + "\n"


def markdown(report: dict[str, Any]) -> str:
    http = report.get("http") or {}
    lines = [
        f"# Benchmark: {report['events']:,} events",
        "",
        f"Data generated in {report['generate_seconds']:.0f} s (0 when reused). "
        f"{report['repeat']} requests each after 2 to warm up, one at a time; Django = through "
        "the whole Django stack in one process (test client), HTTP = over loopback against "
        "gunicorn with 2 workers. PostgreSQL on the same machine.",
        "",
        "| request | Django p50 ms | Django p95 ms | queries | HTTP p50 ms | HTTP p95 ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in report["requests"].items():
        over = http.get(name, {})
        lines.append(
            f"| {name} | {row['p50_ms']} | {row['p95_ms']} | {row['queries']} "
            f"| {over.get('p50_ms', '')} | {over.get('p95_ms', '')} |"
        )
    lines += ["", "| ratio (p50) | value |", "|---|---|"]
    for name, value in report["ratios"].items():
        lines.append(f"| {name} | {value} × |")
    digests = report.get("digests")
    if digests:
        lines += [
            "",
            "| digests | value |",
            "|---|---|",
            *(f"| {key} | {value} |" for key, value in digests.items()),
        ]
    readers = readers_markdown(report)
    return "\n".join(lines) + "\n" + (f"\n{readers}" if readers else "")
