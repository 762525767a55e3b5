"""An existing database upgrades to the apps' layout untouched: a database at the layout
before (tracker 0008: subscriptions, deliveries, articles and drafts in the tracker app)
gets the demo data, subscriptions, a delivery, an article and its drafts; migrating to the
latest layout keeps every row byte for byte, the JSON export, and the permissions that
groups hold on the moved models. PostgreSQL, as in production."""

from __future__ import annotations

import json
from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.conftest import service_missing
from tracker import search
from tracker.interchange.json import to_json
from tracker.models import Event, EventSearch
from tracker.services import events as event_services

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BEFORE = [("tracker", "0008_data_version_scheduled_index"), ("digests", None), ("intake", None)]
MOVED_TABLES = [
    "tracker_subscription",
    "tracker_digestdelivery",
    "tracker_articleimport",
    "tracker_draftevent",
]


# "table ADD column definition": what today's code writes that the old layout had not.
TODAYS_COLUMNS = [
    "tracker_event ADD revised timestamptz NOT NULL DEFAULT now()",
    "tracker_topic ADD keywords varchar(500) NOT NULL DEFAULT ''",
    "tracker_historicaltopic ADD keywords varchar(500) NOT NULL DEFAULT ''",
    "tracker_source ADD account_of_id varchar(2) NULL",
    "tracker_historicalsource ADD account_of_id varchar(2) NULL",
]

# Read (and left empty) by today's demo loader: the upgrade creates it anew.
LINKS_TABLE = (
    "CREATE TABLE tracker_eventlink (id bigserial PRIMARY KEY, source_id bigint NOT NULL,"
    " target_id bigint NOT NULL, kind varchar(20) NOT NULL)"
)


def rows(table: str) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 - names above
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def as_before(now: list[dict[str, Any]], before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows now, in the columns they had before (later migrations add columns)."""
    columns = set(before[0]) if before else set()
    return [{k: v for k, v in row.items() if k in columns} for row in now]


def group_permissions() -> set[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT g.name, ct.app_label, p.codename FROM auth_group g "
            "JOIN auth_group_permissions gp ON gp.group_id = g.id "
            "JOIN auth_permission p ON p.id = gp.permission_id "
            "JOIN django_content_type ct ON ct.id = p.content_type_id"
        )
        return {tuple(row) for row in cursor.fetchall()}


def migrate(targets: list[tuple[str, str | None]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    nodes = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(nodes).apps


def test_a_database_of_the_old_layout_upgrades_untouched(
    seeded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        service_missing("the upgrade test runs on PostgreSQL")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    try:
        # The groups as their migrations made them (the test database was emptied).
        seed = import_module("tracker.migrations.0002_seed_kinds_countries_groups")
        seed.create_groups(old, None)
        import_module("tracker.migrations.0007_editor_permissions").grant(old, None)
        # The code of that time kept no counts tables (they do not exist yet): the demo data
        # goes in uncounted, and the migration that adds the tables counts it.
        from tracker import counts

        monkeypatch.setattr(counts.Tracker, "finish", lambda self: None)
        # Nor had its search rows a revision: they are written here as that code did.
        monkeypatch.setattr(search, "reindex", lambda *args, **kwargs: 0)
        # Nor deletion records (the sync migration adds them), typed links between events
        # or stories (tracker 0021, stories 0001).
        monkeypatch.setattr(event_services, "forget_deletion", lambda uid: None)
        monkeypatch.setattr(event_services, "_save_links", lambda event, links: None)
        monkeypatch.setattr("stories.demo.load_demo_stories", lambda stdout: None)
        with connection.cursor() as cursor:
            # The code of today writes and reads a revised time, topics' keywords and
            # sources' accounts, which that layout had not: the columns are there until the
            # upgrade, which adds them anew.
            for statement in TODAYS_COLUMNS:
                cursor.execute(f"ALTER TABLE {statement}")
            cursor.execute(LINKS_TABLE)
        call_command("load_demo", verbosity=0)
        monkeypatch.undo()
        with connection.cursor() as cursor:  # what that layout could not have held
            cursor.execute("UPDATE tracker_topic SET keywords = ''")
            cursor.execute("UPDATE tracker_source SET account_of_id = NULL")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO tracker_eventsearch (event_id, title, names, body, notes) "
                "SELECT id, title, '', summary, notes FROM tracker_event"
            )
        now = timezone.now()
        Subscription = old.get_model("tracker", "Subscription")
        Delivery = old.get_model("tracker", "DigestDelivery")
        Article = old.get_model("tracker", "ArticleImport")
        Draft = old.get_model("tracker", "DraftEvent")
        Kind = old.get_model("tracker", "EventKind")
        first = Subscription.objects.create(
            email="reader@example.org", filters="country=US&country=IN", confirmed_at=now
        )
        Subscription.objects.create(email="other@example.org", filters="q=tariffs", hour=7)
        Delivery.objects.create(
            subscription=first, period_start=now - timedelta(days=7), period_end=now
        )
        article = Article.objects.create(text="Modi met Trump.", title="A", outlet="Wire")
        for position, slug in enumerate(("meeting", "visit")):
            Draft.objects.create(
                article=article,
                kind=Kind.objects.get(slug=slug),
                title=f"Draft {position}",
                evidence="Modi met Trump.",
                countries=["US", "IN"],
                participants=[{"name": "Narendra Modi", "title": "Prime Minister"}],
                position=position,
            )
        before = {table: rows(table) for table in MOVED_TABLES}
        export = to_json(Event.objects.with_details())
        permissions = group_permissions()
        assert ("Editors", "tracker", "view_subscription") in permissions
        with connection.cursor() as cursor:
            for statement in TODAYS_COLUMNS:
                table, _, column = statement.split()[:3]
                cursor.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
            cursor.execute("DROP TABLE tracker_eventlink")

        migrate(latest)

        for table in MOVED_TABLES:
            assert as_before(rows(table), before[table]) == before[table], table
        assert [row["extraction_note"] for row in rows("tracker_articleimport")] == [""]
        # The same record; the upgrade gave the topics it knows their keywords (tracker 0021).
        upgraded = json.loads(to_json(Event.objects.with_details()))
        assert {t["slug"]: t["keywords"] for t in upgraded["topics"]}["trade"].startswith("tariff")
        for topic in upgraded["topics"]:
            topic["keywords"] = ""
        assert upgraded == json.loads(export)
        moved = {"subscription": "digests", "digestdelivery": "digests",
                 "articleimport": "intake", "draftevent": "intake"}  # fmt: skip
        expected = {
            (group, moved.get(codename.split("_", 1)[1], app), codename)
            for group, app, codename in permissions
        }
        added = {  # by the watched sources' migration
            *(
                ("Editors", "intake", f"{a}_watchedsource")
                for a in ("view", "add", "change", "delete")
            ),
            ("Editors", "intake", "view_fetchrun"),
            ("Editors", "intake", "view_seenitem"),
            ("Viewers", "intake", "view_watchedsource"),
            ("Viewers", "intake", "view_fetchrun"),
            # by the stories' permissions migration (stories 0002)
            *(
                ("Editors", "stories", f"{a}_{m}")
                for a in ("view", "add", "change", "delete")
                for m in ("story", "storyentry")
            ),
            ("Viewers", "stories", "view_story"),
            ("Viewers", "stories", "view_storyentry"),
        }
        assert group_permissions() == expected | added
        from digests.models import Subscription as Moved
        from intake.models import DraftEvent

        assert Moved.objects.get(pk=first.pk).filters == "country=US&country=IN"
        assert DraftEvent.objects.filter(article_id=article.pk).count() == 2
        assert counts.differences() == []  # the migration counted what was there
        revisions = EventSearch.objects.values_list("revision", flat=True)
        assert None not in revisions  # every row indexed before has one now
        assert len(set(revisions)) == Event.objects.count()
    finally:
        migrate(latest)
