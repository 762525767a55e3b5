"""Benchmark data and measurements (PostgreSQL): synthetic events made in SQL, then latency
and query counts of the main requests through the Django stack."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, reset_queries
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from . import search
from .models import Event, EventSearch

MARKER = "bench-data"

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
    # Topics.
    """
    INSERT INTO tracker_topic (slug, name, description, parent_id)
    SELECT 'bench-' || t, initcap(t), '', NULL
    FROM unnest(ARRAY['trade','defence','energy','technology','immigration','climate']) AS t
    ON CONFLICT (slug) DO NOTHING
    """,
    # Events over 20 years, every precision and status.
    """
    INSERT INTO tracker_event (uid, title, kind_id, status, summary, notes, start,
        start_precision, "end", end_precision, span_start, span_end, created, updated)
    SELECT gen_random_uuid(),
        (ARRAY['Ministers meet on','Leaders call about','Tariff order on','Deportation flight after',
               'Data release on','Defence talks on','Summit statement on'])[1 + i %% 7]
          || ' ' || (ARRAY['steel','semiconductors','oil purchases','maritime security',
               'visas','wheat exports','rare earths','climate finance'])[1 + (i / 7) %% 8]
          || ' (' || i || ')',
        (SELECT id FROM tracker_eventkind ORDER BY position LIMIT 1 OFFSET (i %% 12)),
        (ARRAY['occurred','occurred','occurred','occurred','scheduled','cancelled','postponed'])[1 + i %% 7],
        'Officials discussed ' || (ARRAY['tariffs','investment','security cooperation',
             'migration','energy supply'])[1 + i %% 5] || ' in meeting ' || i || '.',
        CASE WHEN i %% 997 = 0 THEN 'Rare marker zygomorphic' ELSE '' END,
        d, p, NULL, '', d,
        CASE p WHEN 'day' THEN d WHEN 'month' THEN (d + interval '1 month' - interval '1 day')::date
               ELSE (d + interval '1 year' - interval '1 day')::date END,
        now(), now()
    FROM (
        SELECT i,
          CASE WHEN i %% 10 < 8 THEN 'day' WHEN i %% 10 = 8 THEN 'month' ELSE 'year' END AS p,
          CASE WHEN i %% 10 < 8 THEN DATE '2006-01-01' + (i %% 7300)
               WHEN i %% 10 = 8 THEN date_trunc('month', DATE '2006-01-01' + (i %% 7300))::date
               ELSE date_trunc('year', DATE '2006-01-01' + (i %% 7300))::date END AS d
        FROM generate_series(1, %(n)s) AS i
    ) AS g
    """,
    # Countries: a few pairs dominate.
    """
    INSERT INTO tracker_eventcountry (event_id, country_id)
    SELECT e.id, c FROM tracker_event e,
      LATERAL unnest(CASE WHEN e.id %% 10 < 4 THEN ARRAY['US','IN'] WHEN e.id %% 10 < 6 THEN ARRAY['US','CN']
        WHEN e.id %% 10 < 7 THEN ARRAY['US','CA','MX']
        ELSE ARRAY[(ARRAY['GB','FR','DE','JP','AU','BR'])[1 + e.id %% 6], (ARRAY['IN','CN','RU'])[1 + e.id %% 3]] END) AS c
    WHERE e.title LIKE '%%(%%)' ON CONFLICT DO NOTHING
    """,
    # Three participants each.
    """
    INSERT INTO tracker_participation (event_id, actor_id, role, title_at_time)
    SELECT e.id, a.id, 'participant', a.title
    FROM tracker_event e
    JOIN LATERAL (SELECT id, title FROM tracker_actor
                  WHERE slug IN ('bench-person-' || (1 + e.id %% 5000), 'bench-person-' || (1 + (e.id * 7) %% 5000),
                                 'bench-person-' || (1 + (e.id * 13) %% 5000))) a ON true
    WHERE e.title LIKE '%%(%%)' ON CONFLICT DO NOTHING
    """,
    # Two topics each.
    """
    INSERT INTO tracker_event_topics (event_id, topic_id)
    SELECT e.id, t.id FROM tracker_event e
    JOIN tracker_topic t ON t.slug IN ('bench-' || (ARRAY['trade','defence','energy','technology','immigration','climate'])[1 + e.id %% 6],
                                       'bench-' || (ARRAY['trade','defence','energy','technology','immigration','climate'])[1 + (e.id / 6) %% 6])
    WHERE e.title LIKE '%%(%%)' ON CONFLICT DO NOTHING
    """,
    # One source each, 0-3 figures.
    """
    INSERT INTO tracker_source (event_id, url, outlet, title, published, author, excerpt)
    SELECT id, 'https://example.org/' || id, 'Bench Wire', title, span_start, '', summary
    FROM tracker_event WHERE title LIKE '%%(%%)'
    """,
    """
    INSERT INTO tracker_figure (event_id, label, value, unit, period_start, period_end, change_value, change_unit)
    SELECT e.id, 'Trade', (e.id %% 1000) * 1000000, 'USD', NULL, NULL, NULL, ''
    FROM tracker_event e, generate_series(1, 3) AS k
    WHERE e.title LIKE '%%(%%)' AND k <= e.id %% 4
    """,
    # The search index, built in SQL with the same weights as tracker.search.
    """
    INSERT INTO tracker_eventsearch (event_id, title, names, body, notes)
    SELECT e.id, e.title, coalesce(string_agg(a.name, ' · '), ''), e.summary, e.notes
    FROM tracker_event e
    LEFT JOIN tracker_participation p ON p.event_id = e.id
    LEFT JOIN tracker_actor a ON a.id = p.actor_id
    WHERE e.title LIKE '%%(%%)'
    GROUP BY e.id ON CONFLICT (event_id) DO NOTHING
    """,
]


def generate(n: int, log: Callable[[str], None] = print) -> float:
    """Make ``n`` synthetic events (keeping the ones already made); returns seconds."""
    started = time.monotonic()
    existing = Event.objects.filter(sources__outlet="Bench Wire").count()
    if existing >= n:
        log(f"Reusing {existing} bench events.")
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM tracker_event WHERE id IN "
            "(SELECT event_id FROM tracker_source WHERE outlet = 'Bench Wire')"
        )
        for statement in GENERATE:
            cursor.execute(statement, {"n": n})
            log(f"  {cursor.rowcount} rows ({time.monotonic() - started:.0f} s)")
    EventSearch.objects.filter(vector__isnull=True).update(vector=search._pg_vector())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.monotonic() - started


def timed(client: Client, url: str, params: dict[str, Any], repeat: int) -> dict[str, Any]:
    times = []
    queries = 0
    status = 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
    times.sort()
    return {
        "url": url,
        "params": params,
        "status": status,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
        "queries": queries,
        "repeat": repeat,
    }


def requests(deep_cursor: str, event_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, url, params) of what is measured."""
    return [
        ("api_first_page", "/api/v1/events/", {"page_size": 50}),
        (
            "api_filtered_page",
            "/api/v1/events/",
            {
                "country": ["US", "IN"],
                "topic": "bench-trade",
                "date_from": "2015",
                "date_to": "2020",
            },
        ),
        ("api_deep_page", "/api/v1/events/", {"cursor": deep_cursor, "page_size": 50}),
        ("api_event_detail", f"/api/v1/events/{event_id}/", {}),
        ("html_timeline", "/", {}),
        ("search_rare_word", "/api/v1/events/", {"q": "zygomorphic"}),
        ("search_common_word", "/api/v1/events/", {"q": "tariffs"}),
        ("search_phrase", "/api/v1/events/", {"q": '"maritime security"'}),
        ("search_with_filters", "/api/v1/events/", {"q": "steel", "country": ["US", "CN"]}),
        ("facets", "/api/v1/events/facets/", {"country": ["US", "IN"]}),
    ]


def measure(repeat: int) -> dict[str, Any]:
    from .pagination import encode, sort_keys

    client = Client(HTTP_HOST="localhost")
    events = Event.objects.order_by("-span_start", "-id")
    deep = events[10_000] if events.count() > 10_000 else events.last()
    assert deep is not None
    cursor = encode(sort_keys(events), False, deep)
    results = {}
    for name, url, params in requests(cursor, deep.pk):
        timed(client, url, params, 2)  # warm
        results[name] = timed(client, url, params, repeat)
    results.update(
        {
            "naive_deep_page": _timed_call(lambda: _naive_page(10_000), repeat),
            "naive_search_common_word": _timed_call(lambda: _naive_search("tariffs"), repeat),
            "raw_sql_first_page": _timed_call(_raw_first_page, repeat),
        }
    )

    def ratio(a: str, b: str) -> float:
        return round(results[a]["p50_ms"] / max(results[b]["p50_ms"], 0.01), 2)

    results["ratios"] = {
        "deep_page_vs_first_page": ratio("api_deep_page", "api_first_page"),
        "first_page_vs_raw_sql": ratio("api_first_page", "raw_sql_first_page"),
        "naive_deep_page_vs_ours": ratio("naive_deep_page", "api_deep_page"),
        "naive_search_vs_ours": ratio("naive_search_common_word", "search_common_word"),
    }
    return results


def _timed_call(action: Callable[[], Any], repeat: int) -> dict[str, Any]:
    action()
    times = []
    with CaptureQueriesContext(connection) as captured:
        for _ in range(repeat):
            started = time.perf_counter()
            action()
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
        "queries": len(captured) // repeat,
        "repeat": repeat,
    }


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
    lines = [
        f"# Benchmark: {report['events']:,} events",
        "",
        f"Generated in {report['generate_seconds']:.0f} s; {report['repeat']} requests each, "
        "through the Django stack (test client) on PostgreSQL.",
        "",
        "| request | p50 ms | p95 ms | queries |",
        "|---|---|---|---|",
    ]
    for name, row in report["requests"].items():
        if name == "ratios":
            continue
        lines.append(f"| {name} | {row['p50_ms']} | {row['p95_ms']} | {row['queries']} |")
    lines += ["", "| ratio | value |", "|---|---|"]
    for name, value in report["requests"]["ratios"].items():
        lines.append(f"| {name} | {value} × |")
    return "\n".join(lines) + "\n"
