"""Subscriptions and deliveries move here from the tracker app. Their tables keep their
names (tracker_subscription, tracker_digestdelivery): only Django's idea of where the
models live changes, so an existing database upgrades with no data touched."""

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

from tracker.moving import relabel_content_types

move_content_types = relabel_content_types("digests", ("subscription", "digestdelivery"))


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
                    name="Subscription",
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
                        ("email", models.EmailField(max_length=254)),
                        (
                            "filters",
                            models.CharField(
                                blank=True,
                                help_text="The timeline's query string, e.g. country=US&country=IN.",
                                max_length=2000,
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                blank=True, help_text="What the view is called.", max_length=200
                            ),
                        ),
                        (
                            "weekday",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (0, "Monday"),
                                    (1, "Tuesday"),
                                    (2, "Wednesday"),
                                    (3, "Thursday"),
                                    (4, "Friday"),
                                    (5, "Saturday"),
                                    (6, "Sunday"),
                                ],
                                default=0,
                            ),
                        ),
                        (
                            "hour",
                            models.PositiveSmallIntegerField(
                                default=8, help_text="Local hour, 0 to 23."
                            ),
                        ),
                        ("timezone", models.CharField(default="UTC", max_length=64)),
                        (
                            "send_empty",
                            models.BooleanField(
                                default=False,
                                help_text="Send a short note when a week has nothing new.",
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                        ("paused", models.BooleanField(default=False)),
                        ("paused_reason", models.CharField(blank=True, max_length=300)),
                        (
                            "next_send_at",
                            models.DateTimeField(blank=True, db_index=True, null=True),
                        ),
                        (
                            "failures",
                            models.PositiveSmallIntegerField(
                                default=0, help_text="Permanent failures in a row."
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "digest subscription",
                        "db_table": "tracker_subscription",
                        "ordering": ["email", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="DigestDelivery",
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
                        ("period_start", models.DateTimeField()),
                        ("period_end", models.DateTimeField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("sending", "Sending"),
                                    ("sent", "Sent"),
                                    ("empty", "Nothing to send"),
                                    ("retrying", "Temporary failure, will retry"),
                                    ("failed", "Failed"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("claimed_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("message_id", models.CharField(blank=True, max_length=300)),
                        ("event_count", models.PositiveIntegerField(default=0)),
                        ("error", models.TextField(blank=True)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "subscription",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deliveries",
                                to="digests.subscription",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "digest delivery",
                        "verbose_name_plural": "digest deliveries",
                        "db_table": "tracker_digestdelivery",
                        "ordering": ["-period_end", "id"],
                    },
                ),
                migrations.AddIndex(
                    model_name="subscription",
                    index=models.Index(fields=["paused", "next_send_at"], name="subscription_due"),
                ),
                migrations.AddConstraint(
                    model_name="subscription",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("hour__lte", 23)), name="subscription_hour_valid"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="subscription",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("weekday__lte", 6)), name="subscription_weekday_valid"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="subscription",
                    constraint=models.UniqueConstraint(
                        django.db.models.functions.text.Lower("email"),
                        models.F("filters"),
                        condition=models.Q(("confirmed_at__isnull", True)),
                        name="subscription_one_pending",
                    ),
                ),
                migrations.AddIndex(
                    model_name="digestdelivery",
                    index=models.Index(fields=["status", "claimed_at"], name="delivery_status"),
                ),
                migrations.AddConstraint(
                    model_name="digestdelivery",
                    constraint=models.UniqueConstraint(
                        fields=("subscription", "period_start"), name="delivery_once_per_period"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="digestdelivery",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("period_end__gt", models.F("period_start"))),
                        name="delivery_period_ordered",
                    ),
                ),
            ],
            database_operations=[],  # the tables stay as they are
        ),
    ]
