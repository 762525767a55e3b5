from typing import Any

from django.db import migrations


def count_again(apps: Any, schema_editor: Any) -> None:
    """The kept counts now also hold each pair of an event's topics within each of its
    countries: those cells counted again from the events (the others are unchanged)."""
    from tracker.counts import recount_topic_pairs

    recount_topic_pairs()


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0016_search_revision"),
    ]

    operations = [
        migrations.RunPython(count_again, migrations.RunPython.noop),
    ]
