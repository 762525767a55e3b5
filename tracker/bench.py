"""Benchmark data and measurements (PostgreSQL): synthetic events made in SQL, then latency
and query counts of the main requests through the Django stack."""

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
from django.db import connection, reset_queries
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from . import stamps
from .models import Event
from .scratch import free_port

MARKER = "bench-data"

TOPICS = "ARRAY['trade','defence','energy','technology','immigration','climate']"
TAGS = (
    "ARRAY['bilateral','quad','g20','sanctions','visas','steel','semiconductors','oil',"
    "'wheat','rare-earths','deportations','tariffs','summit','readout','data-release',"
    "'investment','maritime','nuclear','space','health','students','remittances','pharma',"
    "'textiles','autos','aluminium','solar','lng','coal','fisheries','cyber','terrorism',"
    "'election','ceasefire','aid','debt','currency','shipping','airlines','tourism']"
)

# Every statement sees %(n)s (events wanted) and %(first)s (bench events have larger ids).
GENERATE = [
    # Actors: 5,000 people across 12 countries.
    """
    INSERT INTO tracker_actor (name, slug, aliases, kind, country_id, title, created, updated)
    SELECT 'Bench Person ' || i, 'bench-person-' || i, '[]'::jsonb, 'person',
           (ARRAY['US','IN','CN','CA','MX','GB','FR','DE','JP','AU','BR','RU'])[1 + i %% 12],
           (ARRAY['Minister','Ambassador','Secretary','President'])[1 + i %% 4], now(), now()
    FROM generate_series(1, 5000) AS i
    ON CONFLICT (slug) DO NOTHING
    """,
    f"""
    INSERT INTO tracker_topic (slug, name, description, parent_id)
    SELECT 'bench-' || t, 'Bench ' || t, '', NULL FROM unnest({TOPICS}) AS t
    ON CONFLICT (slug) DO NOTHING
    """,
    f"""
    INSERT INTO taggit_tag (name, slug)
    SELECT 'bench ' || t, 'bench-' || t FROM unnest({TAGS}) AS t
    ON CONFLICT DO NOTHING
    """,
    # Events over 20 years: every kind, status and precision; one in 20 is a span of years.
    """
    INSERT INTO tracker_event (uid, title, kind_id, status, summary, notes, start,
        start_precision, "end", end_precision, span_start, span_end, created, updated)
    SELECT gen_random_uuid(),
        (ARRAY['Ministers meet on','Leaders call about','Tariff order on','Deportation flight after',
               'Data release on','Defence talks on','Summit statement on'])[1 + i %% 7]
          || ' ' || (ARRAY['steel','semiconductors','oil purchases','maritime security',
               'visas','wheat exports','rare earths','climate finance'])[1 + (i / 7) %% 8]
          || ' (' || i || ')',
        k.ids[1 + i %% array_length(k.ids, 1)],
        (ARRAY['occurred','occurred','occurred','occurred','scheduled','cancelled','postponed'])[1 + i %% 7],
        'Officials discussed ' || (ARRAY['tariffs','investment','security cooperation',
             'migration','energy supply'])[1 + i %% 5] || ' in meeting ' || i || '.',
        CASE WHEN i %% 997 = 0 THEN 'Rare marker zygomorphic' ELSE '' END,
        d, p,
        CASE WHEN span THEN (d + interval '3 years')::date END,
        CASE WHEN span THEN 'year' ELSE '' END,
        d,
        CASE WHEN span THEN (d + interval '4 years' - interval '1 day')::date
             WHEN p = 'day' THEN d
             WHEN p = 'month' THEN (d + interval '1 month' - interval '1 day')::date
             ELSE (d + interval '1 year' - interval '1 day')::date END,
        now(), now()
    FROM (
        SELECT i, i %% 20 = 9 AS span,
          CASE WHEN i %% 10 < 8 THEN 'day' WHEN i %% 10 = 8 THEN 'month' ELSE 'year' END AS p,
          CASE WHEN i %% 10 < 8 THEN DATE '2006-01-01' + (i %% 7300)
               WHEN i %% 10 = 8 THEN date_trunc('month', DATE '2006-01-01' + (i %% 7300))::date
               ELSE date_trunc('year', DATE '2006-01-01' + (i %% 7300))::date END AS d
        FROM generate_series(1, %(n)s) AS i
    ) AS g, (SELECT array_agg(id ORDER BY position, id) AS ids FROM tracker_eventkind) AS k
    """,
    # Countries: a few pairs dominate.
    """
    INSERT INTO tracker_eventcountry (event_id, country_id)
    SELECT e.id, c FROM tracker_event e,
      LATERAL unnest(CASE WHEN e.id %% 10 < 4 THEN ARRAY['US','IN'] WHEN e.id %% 10 < 6 THEN ARRAY['US','CN']
        WHEN e.id %% 10 < 7 THEN ARRAY['US','CA','MX']
        ELSE ARRAY[(ARRAY['GB','FR','DE','JP','AU','BR'])[1 + e.id %% 6], (ARRAY['IN','CN','RU'])[1 + e.id %% 3]] END) AS c
    WHERE e.id > %(first)s ON CONFLICT DO NOTHING
    """,
    # About three participants each, with the actor's title at the time.
    """
    INSERT INTO tracker_participation (event_id, actor_id, role, title_at_time)
    SELECT e.id, a.id, 'participant', a.title
    FROM tracker_event e
    CROSS JOIN LATERAL unnest(ARRAY[e.id %% 5000, (e.id * 7 + 1) %% 5000, (e.id * 13 + 2) %% 5000]) AS m(n)
    JOIN (SELECT id, title, row_number() OVER (ORDER BY id) - 1 AS n FROM tracker_actor
          WHERE slug LIKE 'bench-person-%%') a ON a.n = m.n
    WHERE e.id > %(first)s ON CONFLICT DO NOTHING
    """,
    # Two topics and three tags each.
    f"""
    INSERT INTO tracker_event_topics (event_id, topic_id)
    SELECT e.id, t.id FROM tracker_event e
    CROSS JOIN LATERAL unnest(ARRAY[e.id %% 6, (e.id / 6 + 1) %% 6]) AS m(n)
    JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM tracker_topic
          WHERE slug = ANY(SELECT 'bench-' || x FROM unnest({TOPICS}) AS x)) t ON t.n = m.n
    WHERE e.id > %(first)s ON CONFLICT DO NOTHING
    """,
    f"""
    INSERT INTO tracker_taggedevent (content_object_id, tag_id)
    SELECT e.id, t.id FROM tracker_event e
    CROSS JOIN LATERAL unnest(ARRAY[e.id %% 40, (e.id / 40 + 1) %% 40, (e.id * 3 + 7) %% 40]) AS m(n)
    JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM taggit_tag
          WHERE slug = ANY(SELECT 'bench-' || x FROM unnest({TAGS}) AS x)) t ON t.n = m.n
    WHERE e.id > %(first)s ON CONFLICT DO NOTHING
    """,
    # One source each, 0-3 figures.
    """
    INSERT INTO tracker_source (event_id, url, outlet, title, published, author, excerpt)
    SELECT id, 'https://example.org/' || id, 'Bench Wire', title, span_start, '', summary
    FROM tracker_event WHERE id > %(first)s
    """,
    """
    INSERT INTO tracker_figure (event_id, label, value, unit, period_start, period_end, change_value, change_unit)
    SELECT e.id, (ARRAY['Goods trade','Tariff','Deportees'])[k], (e.id %% 1000) * 1000000,
           (ARRAY['USD','percent','persons'])[k], NULL, NULL, NULL, ''
    FROM tracker_event e, generate_series(1, 3) AS k
    WHERE e.id > %(first)s AND k <= e.id %% 4
    """,
    # Fresh statistics, or the planner takes the new tables for empty ones below.
    "ANALYZE tracker_event, tracker_eventcountry, tracker_participation, tracker_event_topics,"
    " tracker_taggedevent, tracker_source, tracker_figure, tracker_actor, tracker_topic, taggit_tag",
    # The search index, with the parts and weights of tracker.search.documents/_pg_vector.
    """
    INSERT INTO tracker_eventsearch (event_id, title, names, body, notes, vector)
    SELECT id, title, names, body, notes,
        setweight(to_tsvector('tracker_english', title), 'A')
        || setweight(to_tsvector('tracker_simple', names), 'B')
        || setweight(to_tsvector('tracker_english', body), 'C')
        || setweight(to_tsvector('tracker_english', notes), 'D')
    FROM (
      SELECT e.id, e.title, e.notes,
        concat_ws(' · ',
          (SELECT string_agg(a.name || ' · ' || p.title_at_time, ' · ') FROM tracker_participation p
             JOIN tracker_actor a ON a.id = p.actor_id WHERE p.event_id = e.id),
          (SELECT string_agg(c.name, ' · ') FROM tracker_eventcountry ec
             JOIN tracker_country c ON c.code = ec.country_id WHERE ec.event_id = e.id),
          (SELECT string_agg(t.name, ' · ') FROM tracker_event_topics et
             JOIN tracker_topic t ON t.id = et.topic_id WHERE et.event_id = e.id),
          (SELECT string_agg(g.name, ' · ') FROM tracker_taggedevent te
             JOIN taggit_tag g ON g.id = te.tag_id WHERE te.content_object_id = e.id)) AS names,
        concat_ws(' · ', e.summary,
          (SELECT string_agg(s.outlet || ' · ' || s.title, ' · ') FROM tracker_source s
            WHERE s.event_id = e.id),
          (SELECT string_agg(f.label, ' · ') FROM tracker_figure f WHERE f.event_id = e.id)) AS body
      FROM tracker_event e WHERE e.id > %(first)s
    ) AS d
    ON CONFLICT (event_id) DO NOTHING
    """,
]


OLD_BENCH_CHILDREN = [
    ("tracker_eventsearch", "event_id"),
    ("tracker_eventcountry", "event_id"),
    ("tracker_participation", "event_id"),
    ("tracker_event_topics", "event_id"),
    ("tracker_taggedevent", "content_object_id"),
    ("tracker_source", "event_id"),
    ("tracker_figure", "event_id"),
    ("tracker_event_related", "from_event_id"),
    ("tracker_event_related", "to_event_id"),
]


def generate(n: int, log: Callable[[str], None] = print) -> float:
    """Make ``n`` synthetic events (reusing as many as are there); returns seconds."""
    started = time.monotonic()
    existing = Event.objects.filter(sources__outlet="Bench Wire").count()
    if existing >= n:
        log(f"Reusing {existing:,} bench events.")
        return 0.0
    with connection.cursor() as cursor:
        # Earlier bench events go first (foreign keys do not cascade in the database).
        cursor.execute(
            "CREATE TEMP TABLE old_bench AS "
            "SELECT event_id AS id FROM tracker_source WHERE outlet = 'Bench Wire'"
        )
        for table, column in OLD_BENCH_CHILDREN:
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM old_bench)")
        cursor.execute("DELETE FROM tracker_event WHERE id IN (SELECT id FROM old_bench)")
        cursor.execute("DROP TABLE old_bench")
        cursor.execute("SELECT coalesce(max(id), 0) FROM tracker_event")
        first = cursor.fetchone()[0]
        cursor.execute("SET maintenance_work_mem = '512MB'")
        # Foreign-key triggers off while loading rows made consistent by construction.
        cursor.execute("SET session_replication_role = replica")
        # The full-text index is built once at the end: far faster than row by row.
        cursor.execute("SELECT pg_get_indexdef('eventsearch_vector_gin'::regclass)")
        gin = cursor.fetchone()[0]
        cursor.execute("DROP INDEX eventsearch_vector_gin")
        try:
            for statement in GENERATE:
                cursor.execute(statement, {"n": n, "first": first})
                what = statement.split()[0].lower()
                rows = f"{cursor.rowcount:,} rows" if cursor.rowcount >= 0 else what
                log(f"  {rows} ({time.monotonic() - started:.0f} s)")
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute(gin)
        log(f"  search index built ({time.monotonic() - started:.0f} s)")
        cursor.execute("VACUUM ANALYZE")
    stamps.bump()
    return time.monotonic() - started


def _stats(times: list[float]) -> dict[str, Any]:
    times = sorted(times)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
    }


def timed(
    client: Client, url: str, params: dict[str, Any], repeat: int, *, cold: bool = False
) -> dict[str, Any]:
    """Through the Django stack. ``cold``: the cached summaries and pages are made stale
    before each request (as after any edit), so nothing is served from the cache."""
    times = []
    queries = 0
    status = 0
    for _ in range(repeat):
        if cold:
            stamps.bump()
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
    from .pagination import encode, sort_keys

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
    return "\n".join(lines) + "\n"
