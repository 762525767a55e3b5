"""Each side's account of an event, typed links between events, and the pair page's counts
of whose accounts are on record."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import ActorFactory, EventFactory, TopicFactory, kind
from tracker import services
from tracker.dates import PartialDate
from tracker.links import links_of
from tracker.models import Event, EventLink, Source, Topic
from tracker.selectors import accounts

pytestmark = pytest.mark.django_db

US_READOUT = (
    "President Trump and Prime Minister Modi discussed tariffs and the trading relationship. "
    "The President stressed that India should buy more American-made military equipment. "
    "They also discussed Secretary Rubio's visit."
)
IN_READOUT = (
    "Prime Minister Modi congratulated President Trump. The leaders spoke of technology and "
    "energy, and of trade. They agreed to meet soon."
)


@pytest.fixture
def call(db: None) -> Event:
    for slug, name, words in [
        ("trade", "Trade", "tariff, export"),
        ("defence", "Defence", "military"),
        ("technology", "Technology", "semiconductor"),
        ("energy", "Energy", "oil, gas"),
        ("immigration", "Immigration", "deport, migrant"),
    ]:
        TopicFactory.create(slug=slug, name=name, keywords=words)
    trump = ActorFactory.create(name="Donald Trump", country_id="US")
    modi = ActorFactory.create(name="Narendra Modi", country_id="IN")
    ActorFactory.create(name="Marco Rubio", country_id="US")
    return services.create_event(
        title="Trump and Modi speak by phone",
        kind="call",
        start="2025-01-27",
        countries=["US", "IN"],
        topics=["trade", "immigration"],
        participants=[
            services.ParticipantData(actor=trump, role="caller"),
            services.ParticipantData(actor=modi, role="recipient"),
        ],
        sources=[
            services.SourceData(
                outlet="The White House", title="Readout", excerpt=US_READOUT, account_of="US"
            ),
            services.SourceData(
                outlet="Ministry of External Affairs",
                title="Telephone conversation",
                excerpt=IN_READOUT,
                account_of="in",
            ),
            services.SourceData(outlet="A newspaper", title="Leaders talk", excerpt="They spoke."),
        ],
    )


def names(items: list[Any]) -> list[str]:
    return [i.slug if isinstance(i, Topic) else i.name for i in items]


def test_the_comparison_lists_what_each_account_mentions_and_the_differences(
    call: Event,
) -> None:
    event = Event.objects.with_details().get(pk=call.pk)
    comparison = accounts.compare(event)
    assert comparison is not None
    assert comparison.compared
    india, usa = comparison.accounts  # in the order of the event's countries (by name)
    assert (india.country.code, usa.country.code) == ("IN", "US")  # type: ignore[union-attr]
    assert names(usa.topics) == ["defence", "trade"]  # "tariffs", "trading", "military"
    assert names(india.topics) == ["energy", "technology", "trade"]
    assert names(usa.people) == ["Donald Trump", "Narendra Modi", "Marco Rubio"]
    assert names(india.people) == ["Donald Trump", "Narendra Modi"]  # "Modi", "Trump"
    assert names(usa.only_topics) == ["defence"]
    assert names(usa.only_people) == ["Marco Rubio"]
    assert names(india.only_topics) == ["energy", "technology"]
    assert names(india.missing_topics) == ["defence"]
    assert names(india.missing_people) == ["Marco Rubio"]
    assert names(comparison.shared_topics) == ["trade"]
    assert names(comparison.shared_people) == ["Donald Trump", "Narendra Modi"]
    assert comparison.silent == []
    assert names(comparison.unmentioned) == ["immigration"]  # the event's, in no account
    assert [a.source.outlet for a in comparison.reports] == ["A newspaper"]
    # Passages aligned by topic: each account's sentences naming it, "" where silent.
    by_topic = {p.topic.slug: p.texts for p in comparison.passages}
    assert by_topic["energy"] == ["The leaders spoke of technology and energy, and of trade.", ""]
    assert by_topic["trade"][1].startswith("President Trump and Prime Minister Modi discussed")


def test_the_event_page_sets_the_accounts_side_by_side(call: Event, client: Client) -> None:
    html = client.get(call.get_absolute_url()).content.decode()
    assert "Each side's account" in html
    assert "India's account" in html
    assert "United States of America's account" in html
    assert "only here" in html
    assert "Leaves out" in html
    assert "What each account says, topic by topic" in html
    assert "independent report" in html
    assert "No account names immigration, though the event is filed under it." in html
    assert "No readout from" not in html


def test_a_side_without_a_readout_is_said_plainly(call: Event, client: Client) -> None:
    Source.objects.filter(event=call, account_of="IN").update(account_of=None)
    event = Event.objects.with_details().get(pk=call.pk)
    comparison = accounts.compare(event)
    assert comparison is not None
    assert not comparison.compared
    assert [c.code for c in comparison.silent] == ["IN"]
    html = client.get(call.get_absolute_url()).content.decode()
    assert "No readout from India is on record." in html
    Source.objects.filter(event=call).update(account_of=None)
    html = client.get(call.get_absolute_url()).content.decode()
    assert "None of the sources is marked as a government's own account" in html


def test_an_account_of_an_unknown_country_is_refused_whole(call: Event) -> None:
    with pytest.raises(ValidationError) as caught:
        services.update_event(
            call, sources=[services.SourceData(outlet="X", title="Y", account_of="ZZ")]
        )
    assert "sources[0]" in str(caught.value.message_dict)
    assert call.sources.count() == 3


def test_the_api_and_exports_carry_the_account(call: Event, client: Client) -> None:
    body = client.get(f"/api/v1/events/{call.pk}/").json()
    assert [s["account_of"] for s in body["sources"]] == ["US", "IN", None]
    listed = client.get("/api/v1/events/").json()["results"][0]
    assert listed["sources"] == body["sources"]


# Typed links ------------------------------------------------------------------------------


@pytest.fixture
def tariff(db: None) -> tuple[Event, Event]:
    announced = EventFactory.create(
        title="Order adds a tariff",
        kind=kind("trade-measure"),
        start=PartialDate.parse("2025-08-06").first_day,
        countries=["US", "IN"],
    )
    in_force = EventFactory.create(
        title="The tariff takes effect",
        kind=kind("trade-measure"),
        start=PartialDate.parse("2025-08-27").first_day,
        countries=["US", "IN"],
    )
    services.update_event(announced, links=[services.LinkData(kind="announces", other=in_force.pk)])
    return announced, in_force


def test_a_link_shows_on_both_events_in_words(tariff: tuple[Event, Event], client: Client) -> None:
    announced, in_force = tariff
    both = links_of([announced.pk, in_force.pk])
    (out,), (back,) = both[announced.pk], both[in_force.pk]
    assert (out.label, out.id, out.name) == ("Announcement of", in_force.pk, "announces")
    assert (back.label, back.id, back.name) == ("As announced in", announced.pk, "announced_in")
    sentence = "Announced on 6 Aug 2025, took effect on 27 Aug 2025"
    assert out.sentence == back.sentence == sentence
    for event in tariff:
        html = client.get(event.get_absolute_url()).content.decode()
        assert sentence in html
        assert "Linked events" in html
    # Still to come: "takes effect".
    services.set_status(events=[in_force], status="scheduled")
    (out,) = links_of([announced.pk])[announced.pk]
    assert out.sentence == "Announced on 6 Aug 2025, takes effect on 27 Aug 2025"


def test_links_in_the_api_from_both_ends(tariff: tuple[Event, Event], client: Client) -> None:
    announced, in_force = tariff
    for event, other, direction, name in [
        (announced, in_force, "to", "announces"),
        (in_force, announced, "from", "announced_in"),
    ]:
        detail = client.get(f"/api/v1/events/{event.pk}/").json()["links"]
        listed = next(
            e for e in client.get("/api/v1/events/").json()["results"] if e["id"] == event.pk
        )["links"]
        assert detail == listed
        assert [(x["event"], x["direction"], x["name"]) for x in detail] == [
            (other.pk, direction, name)
        ]
    # Renaming one end shows at once on the other's list entry (links are never kept).
    services.update_event(in_force, title="The tariff is in force")
    listed = client.get("/api/v1/events/").json()["results"]
    assert next(e for e in listed if e["id"] == announced.pk)["links"][0]["title"] == (
        "The tariff is in force"
    )


def test_links_are_written_and_checked_through_the_api(
    tariff: tuple[Event, Event], client: Client, django_user_model: Any
) -> None:
    announced, in_force = tariff
    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(editor)
    url = f"/api/v1/events/{in_force.pk}/"
    bad = [
        [{"kind": "explains", "event": announced.pk}],
        [{"kind": "cancels", "event": 10**9}],
        [{"kind": "cancels", "event": in_force.pk}],
        "not a list",
    ]
    for links in bad:
        response = client.patch(url, {"links": links}, content_type="application/json")
        assert response.status_code == 400, links
        assert "links" in json.dumps(response.json())
    assert EventLink.objects.count() == 1
    response = client.patch(
        url,
        {"links": [{"kind": "postpones", "event": announced.pk, "direction": "to"}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    # Given, the links replace all the event's links, both ways.
    assert list(EventLink.objects.values_list("source", "target", "kind")) == [
        (in_force.pk, announced.pk, "postpones")
    ]


def test_links_are_symmetric_in_exports_and_round_trip(
    tariff: tuple[Event, Event], tmp_path: Path
) -> None:
    announced, in_force = tariff
    out = StringIO()
    call_command("export_events", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    records = {e["uid"]: e for e in data["events"]}
    assert records[str(announced.uid)]["links"] == [
        {"kind": "announces", "event": str(in_force.uid)}
    ]
    assert records[str(in_force.uid)]["links"] == [
        {"kind": "announced_in", "event": str(announced.uid)}
    ]
    csv_out = StringIO()
    call_command("export_events", "--format", "csv", stdout=csv_out)
    assert "announced_in" in csv_out.getvalue()
    assert "announces" in csv_out.getvalue()
    Event.objects.all().delete()
    path = tmp_path / "events.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    call_command("import_events", str(path), stdout=StringIO())
    assert list(EventLink.objects.values_list("source__uid", "target__uid", "kind")) == [
        (announced.uid, in_force.uid, "announces")
    ]
    again = StringIO()
    call_command("export_events", "--format", "json", stdout=again)
    assert again.getvalue() == out.getvalue()
    # CSV too: empty the events, import the CSV, the same links.
    path_csv = tmp_path / "events.csv"
    path_csv.write_text(csv_out.getvalue(), encoding="utf-8")
    Event.objects.all().delete()
    call_command("import_events", str(path_csv), stdout=StringIO())
    assert EventLink.objects.get().kind == "announces"


def test_an_import_with_a_bad_link_writes_nothing(tmp_path: Path, db: None) -> None:
    record = {
        "uid": "0b3a8d6e-5f0e-4c1e-9f49-3f1f1a2b3c4d",
        "title": "A call",
        "kind": "call",
        "start": "2025-02-01",
        "links": [{"kind": "follows", "event": "0b3a8d6e-5f0e-4c1e-9f49-3f1f1a2b3c4e"}],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "engagement-tracker/1", "events": [record]}))
    with pytest.raises(CommandError):
        call_command("import_events", str(path), stdout=StringIO(), stderr=StringIO())
    assert not Event.objects.exists()
    record["links"] = [{"kind": "cancels", "event": "0b3a8d6e-5f0e-4c1e-9f49-3f1f1a2b3c4e"}]
    path.write_text(json.dumps({"format": "engagement-tracker/1", "events": [record]}))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_events", str(path), stdout=StringIO(), stderr=err)
    assert not Event.objects.exists()
    record["links"] = [{"kind": "cancels", "event": record["uid"]}]  # itself
    path.write_text(json.dumps({"format": "engagement-tracker/1", "events": [record]}))
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_events", str(path), stdout=StringIO(), stderr=err)
    assert "not linked to itself" in err.getvalue() + str(caught.value)
    assert not Event.objects.exists()


def test_deleting_an_event_removes_its_links_and_touches_the_other_end(
    tariff: tuple[Event, Event],
) -> None:
    announced, in_force = tariff
    before = in_force.search.revision
    services.delete_events(events=[announced])
    in_force.search.refresh_from_db()
    assert in_force.search.revision != before
    assert not EventLink.objects.exists()


# The pair page -----------------------------------------------------------------------------


def test_the_pair_page_counts_whose_accounts_are_on_record(call: Event, client: Client) -> None:
    def engagement(*sides: str, kind_slug: str = "meeting") -> None:
        services.create_event(
            title="Talks",
            kind=kind_slug,
            start="2025-03-01",
            countries=["US", "IN"],
            sources=[
                services.SourceData(outlet=f"{side} ministry", account_of=side) for side in sides
            ],
        )

    engagement("US")
    engagement("US")
    engagement("IN")
    engagement()
    engagement("US", "IN", kind_slug="trade-measure")  # not an engagement: not counted
    counts = accounts.asymmetry("US", "IN")
    assert (counts.a, counts.b) == ("IN", "US")
    assert (counts.both, counts.only_a, counts.only_b, counts.neither) == (1, 1, 2, 1)
    html = client.get("/countries/US/IN/").content.decode()
    assert "Whose account is on record" in html
    section = html[html.index("readouts-title") :][:1500]
    assert 'United States of America\'s only</th><td class="num">2' in section
    assert 'India\'s only</th><td class="num">1' in section
    # The page keeps its relations until the events change: a new account shows at once.
    engagement("IN")
    html = client.get("/countries/US/IN/").content.decode()
    section = html[html.index("readouts-title") :][:1500]
    assert 'India\'s only</th><td class="num">2' in section
