"""The demo record: complete enough to show every feature, and safe to load twice."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tracker.choices import DatePrecision, EventStatus, LinkKind
from tracker.models import Actor, Event, EventLink, Figure, Participation, Source, Topic
from tracker.selectors import accounts

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "events": Event.objects.count(),
        "event history": Event.history.count(),
        "actors": Actor.objects.count(),
        "topics": Topic.objects.count(),
        "participations": Participation.objects.count(),
        "sources": Source.objects.count(),
        "figures": Figure.objects.count(),
        "related": Event.related.through.objects.count(),
        "links": EventLink.objects.count(),
    }


def test_load_demo_covers_the_features_and_is_idempotent() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "21 event(s) added" in out.getvalue()
    first = counts()
    assert first["events"] >= 20
    assert Event.objects.values("kind").distinct().count() >= 5
    assert set(Event.objects.values_list("start_precision", flat=True)) == set(DatePrecision)
    assert Event.objects.filter(status=EventStatus.SCHEDULED).exists()
    assert first["figures"] > 0
    assert first["related"] > 0
    assert first["participations"] > 0
    assert all(s.excerpt.startswith("Demo data") for s in Source.objects.all())
    assert all(s.title.startswith("Demo") for s in Source.objects.all())
    assert Event.objects.get(start_precision=DatePrecision.YEAR).display_date
    # Engagements with both sides' accounts, and a tariff announced then in force, linked.
    both = [
        e
        for e in Event.objects.filter(kind__plover_category="CONSULT")
        if {s.account_of_id for s in e.sources.all()} >= {"US", "IN"}
    ]
    assert len(both) >= 2
    for event in both:
        comparison = accounts.compare(Event.objects.with_details().get(pk=event.pk))
        assert comparison is not None
        assert comparison.compared
        assert any(a.only_topics or a.missing_topics for a in comparison.accounts)
    announced = EventLink.objects.filter(kind=LinkKind.ANNOUNCES).select_related("target")
    assert announced.filter(target__title__contains="takes effect").exists()

    call_command("load_demo", stdout=StringIO())
    assert counts() == first


def test_load_demo_rejects_a_bad_file_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "demo.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read demo data"):
        call_command("load_demo", file=bad)
    bad.write_text(json.dumps({"topics": [], "actors": [], "events": [{
        "key": "x", "title": "Bad date", "kind": "meeting", "status": "occurred",
        "start": "31 Feb 2025", "countries": ["US"],
    }]}))  # fmt: skip
    with pytest.raises(CommandError, match="Demo data is invalid"):
        call_command("load_demo", file=bad)
    assert Event.objects.count() == 0
