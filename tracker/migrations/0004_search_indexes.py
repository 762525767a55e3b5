"""Search machinery for each database.

PostgreSQL: unaccent and pg_trgm, two text search configurations (tracker_english stems
and drops accents; tracker_simple only drops accents, for names), a GIN index on the
event vectors and a trigram index on actor names.

SQLite: an FTS5 table over tracker_eventsearch (porter stemming, accents removed), kept
in step by triggers.
"""

from django.db import migrations

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'tracker_english') THEN
        CREATE TEXT SEARCH CONFIGURATION tracker_english (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION tracker_english
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'tracker_simple') THEN
        CREATE TEXT SEARCH CONFIGURATION tracker_simple (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION tracker_simple
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
      END IF;
    END
    $$;
    """,
    "CREATE INDEX IF NOT EXISTS eventsearch_vector_gin ON tracker_eventsearch USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS actor_name_trgm ON tracker_actor USING gin (name gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS actor_name_trgm",
    "DROP INDEX IF EXISTS eventsearch_vector_gin",
]

SQLITE_UP = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS tracker_eventsearch_fts USING fts5(
        title, names, body, notes,
        content='tracker_eventsearch', content_rowid='event_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS tracker_eventsearch_ai AFTER INSERT ON tracker_eventsearch BEGIN
      INSERT INTO tracker_eventsearch_fts(rowid, title, names, body, notes)
      VALUES (new.event_id, new.title, new.names, new.body, new.notes);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS tracker_eventsearch_ad AFTER DELETE ON tracker_eventsearch BEGIN
      INSERT INTO tracker_eventsearch_fts(tracker_eventsearch_fts, rowid, title, names, body, notes)
      VALUES ('delete', old.event_id, old.title, old.names, old.body, old.notes);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS tracker_eventsearch_au AFTER UPDATE ON tracker_eventsearch BEGIN
      INSERT INTO tracker_eventsearch_fts(tracker_eventsearch_fts, rowid, title, names, body, notes)
      VALUES ('delete', old.event_id, old.title, old.names, old.body, old.notes);
      INSERT INTO tracker_eventsearch_fts(rowid, title, names, body, notes)
      VALUES (new.event_id, new.title, new.names, new.body, new.notes);
    END
    """,
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS tracker_eventsearch_au",
    "DROP TRIGGER IF EXISTS tracker_eventsearch_ad",
    "DROP TRIGGER IF EXISTS tracker_eventsearch_ai",
    "DROP TABLE IF EXISTS tracker_eventsearch_fts",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("tracker", "0003_event_search")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
