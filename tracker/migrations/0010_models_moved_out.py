"""Subscriptions and deliveries now live in the digests app, articles and drafts in the
intake app (see their first migrations); their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0009_security_limits"),
        ("digests", "0001_initial"),
        ("intake", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="draftevent",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="digestdelivery",
                    name="subscription",
                ),
                migrations.RemoveField(
                    model_name="draftevent",
                    name="event",
                ),
                migrations.RemoveField(
                    model_name="draftevent",
                    name="kind",
                ),
                migrations.RemoveField(
                    model_name="draftevent",
                    name="merge_into",
                ),
                migrations.RemoveField(
                    model_name="subscription",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="ArticleImport",
                ),
                migrations.DeleteModel(
                    name="DigestDelivery",
                ),
                migrations.DeleteModel(
                    name="DraftEvent",
                ),
                migrations.DeleteModel(
                    name="Subscription",
                ),
            ],
            database_operations=[],  # the tables stay as they are
        ),
    ]
