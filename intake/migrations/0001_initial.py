"""Articles and drafts move here from the tracker app. Their tables keep their names
(tracker_articleimport, tracker_draftevent): only Django's idea of where the models live
changes, so an existing database upgrades with no data touched."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from tracker.moving import relabel_content_types

move_content_types = relabel_content_types("intake", ("articleimport", "draftevent"))


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("tracker", "0009_security_limits"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(*move_content_types),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ArticleImport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(blank=True, max_length=400)),
                        ("url", models.URLField(blank=True, max_length=1000, verbose_name="URL")),
                        ("outlet", models.CharField(blank=True, max_length=200)),
                        (
                            "published",
                            models.DateField(
                                blank=True,
                                help_text="Relative dates (on Friday) are resolved against it.",
                                null=True,
                            ),
                        ),
                        ("text", models.TextField()),
                        (
                            "extraction_note",
                            models.CharField(
                                blank=True,
                                help_text="Why extraction stopped early, if it did.",
                                max_length=300,
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "article to review",
                        "db_table": "tracker_articleimport",
                        "ordering": ["-created", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="DraftEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=300)),
                        (
                            "start",
                            models.CharField(
                                blank=True,
                                help_text="A partial date; empty if unknown.",
                                max_length=40,
                            ),
                        ),
                        ("end", models.CharField(blank=True, max_length=40)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("scheduled", "Scheduled"),
                                    ("occurred", "Occurred"),
                                    ("cancelled", "Cancelled"),
                                    ("postponed", "Postponed"),
                                ],
                                default="occurred",
                                max_length=12,
                            ),
                        ),
                        (
                            "countries",
                            models.JSONField(blank=True, default=list, help_text="ISO codes."),
                        ),
                        ("participants", models.JSONField(blank=True, default=list)),
                        ("topics", models.JSONField(blank=True, default=list)),
                        ("figures", models.JSONField(blank=True, default=list)),
                        ("evidence", models.TextField()),
                        ("confidence", models.FloatField(default=0.5)),
                        (
                            "unresolved",
                            models.JSONField(
                                blank=True, default=list, help_text="Dates left unresolved."
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("pending", "To review"),
                                    ("accepted", "Accepted"),
                                    ("merged", "Merged into an event"),
                                    ("rejected", "Rejected"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(default=0)),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="drafts",
                                to="intake.articleimport",
                            ),
                        ),
                        (
                            "event",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="drafts",
                                to="tracker.event",
                            ),
                        ),
                        (
                            "kind",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, to="tracker.eventkind"
                            ),
                        ),
                        (
                            "merge_into",
                            models.ForeignKey(
                                blank=True,
                                help_text="Accepting adds this draft's source, people and figures to that event.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="tracker.event",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "draft event",
                        "db_table": "tracker_draftevent",
                        "ordering": ["article", "position", "id"],
                    },
                ),
            ],
            database_operations=[],  # the tables stay as they are
        ),
    ]
