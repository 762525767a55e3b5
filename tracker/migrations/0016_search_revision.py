import uuid

from django.db import migrations, models

FIELD = {
    "editable": False,
    "null": True,
    "help_text": "New whenever the event or anything shown with it changes (every write "
    "reindexes it): the key of its forms kept between requests (tracker.event_cache).",
}


def fill(apps, schema_editor):
    """A revision for every row already indexed (SQLite writes hex without dashes, as
    Django stores UUIDs there)."""
    vendor = schema_editor.connection.vendor
    value = "gen_random_uuid()" if vendor == "postgresql" else "lower(hex(randomblob(16)))"
    schema_editor.execute(f"UPDATE tracker_eventsearch SET revision = {value}")  # noqa: S608


class Migration(migrations.Migration):
    # The column is added without a default in the database: SQLite would otherwise
    # rebuild the table and lose the full-text triggers of migration 0004.

    dependencies = [
        ("tracker", "0015_pair_rows_by_event"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddField(
                    model_name="eventsearch", name="revision", field=models.UUIDField(**FIELD)
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="eventsearch",
                    name="revision",
                    field=models.UUIDField(default=uuid.uuid4, **FIELD),
                ),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
