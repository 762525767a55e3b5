"""Benchmark data (PostgreSQL): synthetic events made in SQL, reused when present."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection

from tracker import counts, stamps
from tracker.models import Event

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
    # Two of them below trade: a topic with sub-topics.
    """
    UPDATE tracker_topic SET parent_id = (SELECT id FROM tracker_topic WHERE slug = 'bench-trade')
    WHERE slug IN ('bench-technology', 'bench-energy')
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
    # One source each, 0-3 figures. Two events in three: the source is the account of one
    # of the event's countries; one in five has a second source, another side's account.
    """
    INSERT INTO tracker_source (event_id, url, outlet, title, published, author, excerpt,
                                account_of_id)
    SELECT e.id, 'https://example.org/' || e.id, 'Bench Wire', e.title, e.span_start, '',
           e.summary, CASE WHEN e.id %% 3 <> 0 THEN c.codes[1 + e.id %% cardinality(c.codes)] END
    FROM tracker_event e CROSS JOIN LATERAL (
      SELECT array_agg(ec.country_id ORDER BY ec.country_id) AS codes
      FROM tracker_eventcountry ec WHERE ec.event_id = e.id) c
    WHERE e.id > %(first)s
    """,
    """
    INSERT INTO tracker_source (event_id, url, outlet, title, published, author, excerpt,
                                account_of_id)
    SELECT e.id, 'https://example.org/other/' || e.id, 'Bench Ministry', e.title, e.span_start,
           '', e.summary, c.codes[1 + (e.id + 1) %% cardinality(c.codes)]
    FROM tracker_event e CROSS JOIN LATERAL (
      SELECT array_agg(ec.country_id ORDER BY ec.country_id) AS codes
      FROM tracker_eventcountry ec WHERE ec.event_id = e.id) c
    WHERE e.id > %(first)s AND e.id %% 5 = 0
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
    INSERT INTO tracker_eventsearch (event_id, title, names, body, notes, revision, vector)
    SELECT id, title, names, body, notes, gen_random_uuid(),
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
    ("tracker_eventpair", "event_id"),
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
    counts.rebuild()  # rows loaded by SQL bypass the services that keep the counts
    log(f"  counts rebuilt ({time.monotonic() - started:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    stamps.bump()
    return time.monotonic() - started
