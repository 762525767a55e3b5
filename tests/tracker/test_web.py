"""The public pages, through Django's test client: content, escaping, filters, query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ActorFactory,
    EventFactory,
    FigureFactory,
    ParticipationFactory,
    SourceFactory,
    TopicFactory,
    add_topics,
    kind,
)
from tracker.dates import PartialDate
from tracker.models import Event

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><b>bold</b>'


def day(text: str) -> Any:
    return PartialDate.parse(text).first_day


def rich_event(**kwargs: Any) -> Event:
    event = EventFactory.create(countries=kwargs.pop("countries", ["US", "IN"]), **kwargs)
    add_topics(event, TopicFactory.create())
    event.tags.add("trade")
    ParticipationFactory.create(event=event, title_at_time="Commerce Secretary")
    SourceFactory.create(event=event, excerpt="Quoted passage.")
    FigureFactory.create(event=event)
    return event


def count_queries(client: Client, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?q=event",
        "/?country=US&country=IN",
        "/countries/US/",
        "/countries/US/IN/",
    ],
)
def test_pages_run_a_bounded_number_of_queries(client: Client, url: str) -> None:
    for _ in range(3):
        rich_event()
    few, _ = count_queries(client, url)
    for _ in range(35):
        rich_event()
    many, response = count_queries(client, url)
    assert many == few, url
    # The relations page reads its sections as plain rows, then whole only what it shows:
    # a few more queries, each of few rows.
    assert many <= (36 if url == "/countries/US/IN/" else 30)
    assert "Older events" in response.content.decode() or url == "/?q=event"


def test_entity_pages_run_a_bounded_number_of_queries(client: Client) -> None:
    first = rich_event()
    actor = first.participations.get().actor
    topic = first.topics.get()
    urls = [f"/actors/{actor.slug}/", f"/topics/{topic.slug}/", f"/events/{first.pk}/"]
    few = [count_queries(client, url)[0] for url in urls]
    for _ in range(35):
        event = rich_event()
        ParticipationFactory.create(event=event, actor=actor, role="host")
        add_topics(event, topic)
        event.related.add(first)
    assert [count_queries(client, url)[0] for url in urls] == few


def test_timeline_shows_honest_dates_badges_and_links(client: Client) -> None:
    event = rich_event(
        title="Trade talks", start=day("2025-02"), start_precision="month", status="scheduled"
    )
    span = EventFactory.create(
        title="Deportations",
        start=day("2009"),
        start_precision="year",
        end=day("2024"),
        end_precision="year",
    )
    page = client.get("/").content.decode()
    assert "Feb 2025" in page
    assert "1 Feb 2025" not in page
    assert "2009–2024" in page
    assert "Scheduled" in page
    assert "February 2025" in page  # month heading
    assert "Commerce Secretary" in page
    assert f'href="/events/{event.pk}/"' in page
    assert f'href="/events/{span.pk}/"' in page
    assert 'href="/countries/IN/"' in page


def test_text_from_the_database_is_escaped(client: Client) -> None:
    event = rich_event(title=MARKUP + " tariff talks", summary=MARKUP + " tariff talks")
    ActorFactory.create(name=MARKUP)
    for url in ["/", f"/events/{event.pk}/", "/?q=tariff", "/countries/US/IN/"]:
        page = client.get(url).content.decode()
        assert MARKUP not in page, url
        assert "&lt;script&gt;" in page or "&lt;b&gt;" in page, url


def test_filters_narrow_and_errors_are_shown(client: Client) -> None:
    rich_event(title="With India", countries=["US", "IN"])
    rich_event(title="With Canada", countries=["US", "CA"])
    page = client.get("/", {"country": ["US", "CA"]}).content.decode()
    assert "With Canada" in page
    assert "With India" not in page
    bad = client.get("/", {"date_from": "2025-13"})
    assert bad.status_code == 200
    assert "The month must be between 1 and 12." in bad.content.decode()
    assert "No events match this view." in bad.content.decode()


def test_infinite_scroll_partial(client: Client) -> None:
    for i in range(35):
        EventFactory.create(title=f"Event number {i}", start=day("2025-02-01"))
    page = client.get("/").content.decode()
    assert page.count('class="card"') == 30
    start = page.index('hx-get="?') + len('hx-get="')
    more = page[start : page.index('"', start)].replace("&amp;", "&")
    partial = client.get(more, headers={"hx-request": "true"}).content.decode()
    assert partial.count('class="card"') == 5
    assert "<html" not in partial
    assert "FEBRUARY 2025" not in partial.upper()  # heading not repeated
    assert "Older events" not in partial
    plain = client.get(more).content.decode()
    assert "<html" in plain  # without scripts the link is an ordinary page


def test_chart_links_narrow_to_a_month(client: Client) -> None:
    EventFactory.create(start=day("2025-01-10"))
    EventFactory.create(start=day("2025-03-10"))
    page = client.get("/").content.decode()
    assert "date_from=2025-03&amp;date_to=2025-03" in page
    assert 'aria-label="Mar 2025: 1 event"' in page
    assert 'aria-label="Feb 2025: 0 events"' in page


def chart_numbers(html: str) -> tuple[int, int, int]:
    """(the chart's stated total, the sum of its bars, the sum of its bands)."""
    import re

    stated = int(re.search(r"<strong>Events per \w+</strong>, [^:]+: (\d+) event", html)[1])  # type: ignore[index]
    bars = sum(
        int(n) for n in re.findall(r'<a href="[^"]*" aria-label="[^":,]+: (\d+) event', html)
    )
    bands = sum(
        int(n)
        for n in re.findall(r'aria-label="[^"]+, known only to this span[^:]*: (\d+) event', html)
    )
    return stated, bars, bands


CHART_VIEWS = [
    "",
    "date_from=2025-08&date_to=2025-08",
    "date_from=2025-01&date_to=2025-01",
    "date_from=2025&date_to=2025",
    "date_from=2024-12&date_to=2025-02",
    "date_to=2024",
    "country=IN",
    "country=US&country=IN",
    "kind=visit",
    "status=scheduled",
    "q=talks",
    "country=IN&date_from=2025-06",
    "date_from=2025-03-10&date_to=2025-08-20",
    "precision=year",
]


def test_the_charts_counts_equal_the_lists_for_every_view(client: Client) -> None:
    """Every event of the list is in the chart once: a bar when its span lies within a
    month, a band over its span when it is known only to the year or lasts across months,
    and never in a month it may not be in."""
    made = [
        ("2025-01-10", "day", None, "", "call"),
        ("2025-01-31", "day", "2025-02-02", "day", "visit"),  # across two months
        ("2025-02", "month", None, "", "meeting"),
        ("2025", "year", None, "", "agreement"),  # known to the year only
        ("2025-08-05", "day", None, "", "trade-measure"),
        ("2024-11", "month", "2025-03", "month", "visit"),  # across a new year
        ("2009", "year", "2024", "year", "deportation"),  # years long
        ("2025-06-01", "day", None, "", "visit"),
    ]
    for i, (start, precision, end, end_precision, slug) in enumerate(made):
        EventFactory.create(
            title=f"Talks {i}" if i % 2 else f"Event {i}",
            start=day(start),
            start_precision=precision,
            end=day(end) if end else None,
            end_precision=end_precision,
            kind=kind(slug),
            status="scheduled" if i == 3 else "occurred",
            countries=["US", "IN"] if i % 3 else ["IN"],
        )
    for query in CHART_VIEWS:
        html = client.get(f"/?{query}").content.decode()
        listed = html.count('<article class="card"')
        if not listed:
            assert "Events per" not in html, query
            continue
        stated, bars, bands = chart_numbers(html)
        assert stated == bars + bands == listed, (query, stated, bars, bands, listed)
    # Filtered to August, the year-known agreement is a band over August, not a January bar.
    august = client.get("/?date_from=2025-08&date_to=2025-08").content.decode()
    assert 'aria-label="Aug 2025: 1 event"' in august
    assert "Jan 2025" not in august.split("<figcaption")[1].split("</figure>")[0]
    assert 'aria-label="2025, known only to this span or lasting across it: 1 event"' in august
    # Unfiltered, the span across a new year is one band, labelled with both ends.
    every = client.get("/").content.decode()
    assert "Nov 2024 – Mar 2025, known only to this span" in every
    assert "date_from=2024-11&amp;date_to=2025-03" in every


def test_upcoming_shows_scheduled_events_in_the_next_30_days(client: Client) -> None:
    from django.utils import timezone

    soon = timezone.localdate()
    EventFactory.create(title="Summit soon", start=soon, status="scheduled")
    page = client.get("/").content.decode()
    assert "Coming up in the next 30 days" in page


def test_event_page(client: Client, editor: Any) -> None:
    event = rich_event(title="Readout", notes="Checked against the transcript.")
    other = EventFactory.create(title="The call itself")
    event.related.add(other)
    page = client.get(f"/events/{event.pk}/", {"back": "/?country=IN"}).content.decode()
    expected = [
        "Readout",
        "Quoted passage.",
        "The call itself",
        "Checked against the transcript.",
        f"/api/v1/events/{event.pk}/",
        f"/events/{event.pk}.ics",
        'href="/?country=IN"',
    ]
    for text in expected:
        assert text in page, text
    assert "/admin/tracker/event/" not in page
    client.force_login(editor)
    assert (
        f"/admin/tracker/event/{event.pk}/change/"
        in client.get(f"/events/{event.pk}/").content.decode()
    )
    evil = client.get(f"/events/{event.pk}/", {"back": "//evil.example.org/"}).content.decode()
    assert "evil.example.org" not in evil
    # Flags are small images beside the names, never emoji (boxes without an emoji font).
    for url in (f"/events/{event.pk}/", "/", "/countries/US/"):
        html = client.get(url).content.decode()
        assert '<img class="flag" src="/static/flags/' in html, url
        assert not any(0x1F1E6 <= ord(c) <= 0x1F1FF for c in html), url


def test_event_calendar_file(client: Client) -> None:
    event = EventFactory.create(title="Tariff order", start=day("2025-02"), start_precision="month")
    response = client.get(f"/events/{event.pk}.ics")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "DTSTART;VALUE=DATE:20250201" in body
    assert "DTEND;VALUE=DATE:20250301" in body
    assert "date known to the month: Feb 2025" in body


def test_actor_country_pair_and_topic_pages(client: Client) -> None:
    actor = ActorFactory.create(name="Marco Rubio")
    early = EventFactory.create(
        start=day("2025-01-21"), countries=["US", "IN"], kind=kind("meeting")
    )
    late = EventFactory.create(start=day("2025-06-01"), countries=["US", "IN"], kind=kind("call"))
    ParticipationFactory.create(event=early, actor=actor, title_at_time="Senator")
    ParticipationFactory.create(event=late, actor=actor, title_at_time="Secretary of State")
    page = client.get(f"/actors/{actor.slug}/").content.decode()
    assert page.index("Senator") < page.index("Secretary of State")  # titles over time
    pair = client.get("/countries/us/in/").content.decode()
    assert "Last contact, by level" in pair
    assert "Engagements by quarter and kind" in pair
    assert client.get("/countries/US/US/").status_code == 404
    assert client.get("/countries/ZZ/").status_code == 404
    parent = TopicFactory.create(slug="trade", name="Trade")
    child = TopicFactory.create(slug="tariffs", name="Tariffs", parent=parent)
    add_topics(late, child)
    topic_page = client.get("/topics/trade/").content.decode()
    assert "Tariffs" in topic_page
    assert f"/events/{late.pk}/" in topic_page


def test_not_found_page_is_in_the_site_style(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Back to the timeline" in response.content.decode()
    assert client.get("/events/999999/").status_code == 404


def test_private_site_asks_for_a_login(client: Client, settings: Any, viewer: Any) -> None:
    settings.TRACKER_PUBLIC = False
    response = client.get("/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    client.force_login(viewer)
    assert client.get("/").status_code == 200


def test_the_actor_filter_takes_typed_names(client: Client) -> None:
    modi = ActorFactory.create(name="Narendra Modi", aliases=["PM Modi"], title="Prime Minister")
    rubio = ActorFactory.create(name="Marco Rubio", title="Secretary of State")
    polo = ActorFactory.create(name="Marco Polo")
    event = EventFactory.create(title="Modi speaks")
    ParticipationFactory.create(event=event, actor=modi)
    # A name or an alias that names one actor: the URL gets the slug.
    for typed in ["Narendra Modi", "narendra modi", "PM Modi", "Narendr Modi"]:
        response = client.get("/", {"actor": typed, "country": "IN"})
        assert response.status_code == 302, typed
        assert response["Location"] == f"/?actor={modi.slug}&country=IN", typed
    assert "Modi speaks" in client.get(f"/?actor={modi.slug}").content.decode()
    # A name that fits several: the page asks which, each answer a link with the slug.
    page = client.get("/", {"actor": "Marco"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Which “Marco”?" in html
    assert f'href="?actor={rubio.slug}"' in html
    assert f'href="?actor={polo.slug}"' in html
    assert "Nothing is called" not in html
    # Nobody of that name: said so.
    assert "Nothing is called “Zyx Qwv”" in client.get("/", {"actor": "Zyx Qwv"}).content.decode()


def test_actor_suggestions(client: Client) -> None:
    ActorFactory.create(name="Vikram Misri", title="Foreign Secretary")
    html = client.get("/actors/suggest/", {"actor": "Misry"}).content.decode()
    assert '<option value="vikram-misri">Vikram Misri (Foreign Secretary)</option>' in html


def test_empty_form_fields_are_dropped_from_the_url(client: Client) -> None:
    response = client.get("/", {"q": "", "date_from": "", "country": "US"})
    assert response.status_code == 302
    assert response["Location"] == "/?country=US"
    assert client.get("/", {"q": " "})["Location"] == "/"


@pytest.mark.sqlite
def test_cached_counts_follow_every_change(client: Client) -> None:
    """Facet counts and the chart are cached by a token that every change replaces."""
    from tracker import services

    def timeline_counts() -> tuple[int, dict[str, int], dict[str, str]]:
        facets = client.get("/").context["facets"]
        countries = {c["value"]: c["count"] for c in facets["country"]}
        topics = {t["value"]: t["label"] for t in facets["topic"]}
        return facets["count"], countries, topics

    def api_count(**params: Any) -> int:
        return int(client.get("/api/v1/events/facets/", params).json()["count"])

    first = rich_event(countries=["US", "IN"])
    assert timeline_counts()[0] == 1
    assert api_count(country="CN") == 0
    assert timeline_counts()[0] == 1  # the cached answer

    second = services.create_event(
        title="Call", kind="call", start="2025-03-04", countries=["US", "CN"]
    )
    count, countries, _ = timeline_counts()
    assert (count, countries["CN"], countries["US"]) == (2, 1, 2)
    assert ">Call</a>" in client.get("/").content.decode()  # the cached cards, too
    assert api_count(country="CN") == 1

    services.update_event(second, countries=["US", "IN"])
    assert "CN" not in timeline_counts()[1]
    assert api_count(country="CN") == 0

    topic = services.save_topic(topic=first.topics.get(), name="Renamed topic")
    assert timeline_counts()[2][topic.slug] == "Renamed topic"

    services.delete_events(events=[second])
    assert timeline_counts()[0] == 1
    assert api_count() == 1
    assert ">Call</a>" not in client.get("/").content.decode()


def test_a_large_view_counted_from_its_events_shows_its_page_first(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Expected to match more than COUNT_LATER_ABOVE events and not answered by the kept
    counts: the page comes with options but no counts, and a request for the counts
    (htmx, or ?counts=1 without JavaScript) brings them."""
    from tracker import selectors

    for i in range(3):
        rich_event(title=f"Talks on steel {i}", start=day(f"2025-0{i + 1}-10"))
    EventFactory.create(title="Steel quota", countries=["CA"], start=day("2025-03-03"))
    monkeypatch.setattr(selectors, "estimated_size", lambda events, countries=(): 10**6)

    page = client.get("/", {"q": "steel"}).content.decode()
    assert "Counting the matching events" in page
    assert 'hx-get="?q=steel&amp;part=counts"' in page
    assert 'href="?q=steel&amp;counts=1"' in page  # without JavaScript
    assert '<h2 id="results-title">Events</h2>' in page
    assert 'value="CA"' in page  # the options are there, without counts
    assert 'class="count"' not in page
    assert page.count('class="card') == 4

    counts = client.get("/", {"q": "steel", "part": "counts"}, HTTP_HX_REQUEST="true")
    text = counts.content.decode()
    assert '<h2 id="results-title" hx-swap-oob="true">4 events</h2>' in text
    assert 'id="options-country" hx-swap-oob="true"' in text
    assert 'value="CA"> Canada <span class="count">1</span>' in text
    assert "<svg" in text  # the chart, its bars linking to the view, not to the fragment
    assert "part=counts" not in text
    assert "card" not in text

    inline = client.get("/", {"q": "steel", "counts": "1"}).content.decode()
    assert '<h2 id="results-title">4 events</h2>' in inline
    assert "Counting the matching events" not in inline
    # Views the kept counts answer never wait.
    kept = client.get("/", {"country": "US"}).content.decode()
    assert '<h2 id="results-title">3 events</h2>' in kept


@pytest.mark.parametrize(
    "query",
    ["country=GB&country=FR&q=steel", "country=GB&country=FR&country=DE", "country=GB&q=x"],
)
def test_views_of_countries_never_together_answer_at_once(client: Client, query: str) -> None:
    rich_event(title="Talks on steel", countries=["US", "IN"])
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert '<h2 id="results-title">0 events</h2>' in response.content.decode()
    facets = client.get(f"/api/v1/events/facets/?{query}")
    assert facets.json()["count"] == 0
