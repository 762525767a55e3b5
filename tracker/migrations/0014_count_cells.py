from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def count_existing(apps: Any, schema_editor: Any) -> None:
    """The counts of the events already there (from now on the services keep them)."""
    from tracker.counts import rebuild_cells

    rebuild_cells()


def key_fields() -> list[tuple[str, Any]]:
    return [
        (
            "id",
            models.BigAutoField(
                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
            ),
        ),
        ("c1", models.CharField(blank=True, max_length=2)),
        ("c2", models.CharField(blank=True, max_length=2)),
        ("topic_id", models.IntegerField(default=0)),
        ("also", models.IntegerField(default=0)),
        ("status", models.CharField(max_length=10)),
    ]


def kind_field() -> Any:
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="tracker.eventkind"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0013_counts_tables"),
    ]

    operations = [
        migrations.DeleteModel(name="CountCountry"),
        migrations.DeleteModel(name="CountMonthKind"),
        migrations.DeleteModel(name="CountPair"),
        migrations.DeleteModel(name="CountTopic"),
        migrations.CreateModel(
            name="CountCell",
            fields=[
                *key_fields(),
                ("kind", kind_field()),
                ("first_month", models.DateField()),
                ("last_month", models.DateField()),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "indexes": [models.Index(fields=["c2", "topic_id"], name="countcell_by_other")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "c1",
                            "c2",
                            "topic_id",
                            "also",
                            "kind",
                            "status",
                            "first_month",
                            "last_month",
                        ),
                        name="countcell_unique",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="CountTotal",
            fields=[*key_fields(), ("kind", kind_field()), ("n", models.IntegerField(default=0))],
            options={
                "indexes": [models.Index(fields=["c2", "topic_id"], name="counttotal_by_other")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("c1", "c2", "topic_id", "also", "kind", "status"),
                        name="counttotal_unique",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="eventpair",
            name="multilateral",
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name="eventpair",
            index=models.Index(
                condition=models.Q(("multilateral", True)),
                fields=["a", "b"],
                name="eventpair_multilateral",
            ),
        ),
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
