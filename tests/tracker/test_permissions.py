"""The Editors and Viewers groups created by the migration, checked through the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_editors_may_add_and_change_but_not_delete_events(editor: User) -> None:
    for perm in [
        "tracker.add_event", "tracker.change_event", "tracker.view_event",
        "tracker.add_actor", "tracker.change_actor", "tracker.add_topic",
        "tracker.change_topic", "tracker.add_source", "tracker.change_source",
        "tracker.add_participation", "tracker.add_figure", "tracker.delete_figure",
        "tracker.view_eventkind", "taggit.add_tag",
    ]:  # fmt: skip
        assert editor.has_perm(perm), perm
    for perm in ["tracker.delete_event", "tracker.change_eventkind", "auth.add_user"]:
        assert not editor.has_perm(perm), perm


def test_viewers_only_view(viewer: User) -> None:
    assert viewer.has_perm("tracker.view_event")
    assert viewer.has_perm("tracker.view_actor")
    for perm in ["tracker.add_event", "tracker.change_event", "tracker.change_actor"]:
        assert not viewer.has_perm(perm), perm


def test_admin_enforces_the_groups(client: Client, viewer: User, editor: User) -> None:
    event = EventFactory.create()
    client.force_login(viewer)
    assert client.get(reverse("admin:tracker_event_changelist")).status_code == 200
    assert client.get(reverse("admin:tracker_event_add")).status_code == 403
    response = client.post(
        reverse("admin:tracker_event_changelist"),
        {"action": "mark_cancelled", "_selected_action": [str(event.pk)]},
    )
    event.refresh_from_db()
    assert event.status != "cancelled"
    assert response.status_code in (200, 302)

    client.force_login(editor)
    assert client.get(reverse("admin:tracker_event_add")).status_code == 200
    delete = reverse("admin:tracker_event_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
