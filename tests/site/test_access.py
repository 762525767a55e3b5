"""Who may open what: every route of the site (public pages, feeds, digest pages, the
admin) for anonymous visitors, a signed-in user without a group, viewers, editors and
admins, with public reading on and off. The API's own matrix is in test_api.py."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from digests import links
from digests.models import Subscription
from tests.factories import ActorFactory, EventFactory, TopicFactory, add_topics, story_of

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "nobody", "viewer", "editor", "admin"]
READERS = {"viewer", "editor", "admin"}


def routes(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, str]]:
    """(pattern, name) of every route."""
    out = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            out += routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            out.append((prefix + str(entry.pattern), entry.name or ""))
    return out


@pytest.fixture
def world(make_user: Any, viewer: User, editor: User, superuser: User) -> dict[str, Any]:
    event = EventFactory.create(countries=["US", "IN"])
    topic = TopicFactory.create(slug="trade")
    add_topics(event, topic)
    actor = ActorFactory.create(name="Marco Rubio")
    event.participations.create(actor=actor, role="host")
    subscription = Subscription.objects.create(email="r@example.org")
    clients: dict[str, Client] = {"anonymous": Client()}
    users = {
        "nobody": make_user("nobody"),
        "viewer": viewer,
        "editor": editor,
        "admin": superuser,
    }
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    return {
        "event": event,
        "actor": actor,
        "topic": topic,
        "token": links.token(subscription),
        "subscription": subscription,
        "story": story_of(event, slug="a-story"),
        "clients": clients,
    }


def public_urls(w: dict[str, Any]) -> dict[str, str]:
    """Reading pages: anyone when public, readers (view permission) when private."""
    return {
        "timeline": "/",
        "lanes": "/lanes/?scale=year&at=2025",
        "changes": "/changes/",
        "event": f"/events/{w['event'].pk}/",
        "event-ics": f"/events/{w['event'].pk}.ics",
        "actor-suggestions": "/actors/suggest/?actor=rub",
        "actor": f"/actors/{w['actor'].slug}/",
        "pair": "/countries/US/IN/",
        "country": "/countries/US/",
        "topic": "/topics/trade/",
        "feed": "/feeds/events.atom",
        "calendar": "/calendar.ics",
        "timelinejs": "/export/timeline.json",
        "csv": "/export/events.csv",
        "story-list": "/stories/",
        "story": "/stories/a-story/",
        "story-print": "/stories/a-story/print/",
        "story-feed": "/stories/a-story/feed.atom",
        "story-markdown": "/stories/a-story.md",
        "story-pdf": "/stories/a-story.pdf",
        "story-json": "/stories/a-story.json",
    }


def token_urls(w: dict[str, Any]) -> dict[str, str]:
    """A subscriber's pages: whoever holds the signed link, signed in or not."""
    token = w["token"]
    return {
        "subscription-confirm": f"/digests/confirm/{token}/",
        "subscription-manage": f"/digests/manage/{token}/",
        "unsubscribe": f"/digests/unsubscribe/{token}/",
    }


def reading(role: str, public: bool) -> int:
    """Reading the record: anyone when public; else a login for visitors, a refusal for
    users without the view permission."""
    if public or role in READERS:
        return 200
    return 302 if role == "anonymous" else 403


@pytest.mark.parametrize("public", [True, False])
def test_every_page_for_every_role(world: dict[str, Any], settings: Any, public: bool) -> None:
    settings.TRACKER_PUBLIC = public
    clients = world["clients"]
    checked: set[str] = set()
    for name, url in public_urls(world).items():
        checked.add(name)
        for role in ROLES:
            code = clients[role].get(url).status_code
            assert code == reading(role, public), (name, role, public, code)
    for name, url in token_urls(world).items():
        checked.add(name)
        for role in ROLES:
            assert clients[role].get(url).status_code == 200, (name, role, public)
        # a forged or altered link opens nothing
        forged = url.replace(world["token"], world["token"][:-3] + "abc")
        assert clients["anonymous"].get(forged).status_code == 404, name
    preview = f"/digests/preview/{world['token']}/"
    checked.add("subscription-preview")
    for role in ROLES:
        code = clients[role].get(preview).status_code
        assert code == reading(role, public), ("preview", role, public, code)
    by_id = f"/digests/preview-id/{world['subscription'].pk}/"
    checked.add("digest-preview")
    # Subscribers' addresses are personal: staff with the permission only (not Viewers).
    expected_by_id = {"anonymous": 302, "nobody": 302, "viewer": 403, "editor": 200, "admin": 200}
    for role in ROLES:
        code = clients[role].get(by_id).status_code
        assert code == expected_by_id[role], ("preview-id", role, code)
    checked.add("subscribe")
    for role in ROLES:
        code = clients[role].get("/digests/subscribe/?country=US").status_code
        assert code == reading(role, public), ("subscribe form", role, code)
        code = clients[role].post("/digests/subscribe/", {"email": "x"}).status_code
        if public or role in READERS:
            assert code == 400, (role, code)  # the form's own answer
        else:
            assert code == (302 if role == "anonymous" else 403), (role, code)
    checked.add("healthz")
    assert clients["anonymous"].get("/healthz").status_code == 200  # for load balancers
    # The API's schema and documentation are as private as the record.
    for name, url in {
        "api-schema": "/api/schema/",
        "api-docs": "/api/docs/",
        "api-redoc": "/api/redoc/",
    }.items():
        checked.add(name)
        for role in ROLES:
            code = clients[role].get(url).status_code
            if public or role in READERS:
                assert code == 200, (name, role, public, code)
            else:
                assert code in (401, 403), (name, role, public, code)
    names = {name for pattern, name in routes() if not pattern.startswith(("admin/", "api/v1/"))}
    names -= {"", "schema-swagger-ui"}  # the docs' script file, served with the page
    assert names - checked == set(), "routes without access rules in this test"


ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")
SIGN_IN_PAGES = ("/admin/login/", "/admin/logout/")  # open to all (logout only by POST)


def admin_urls(w: dict[str, Any]) -> list[str]:
    """Every admin page of every model, with a real object where one is needed."""
    from django.apps import apps

    urls = []
    for pattern, name in routes():
        if not pattern.startswith("admin/") or ("<" not in pattern and not name):
            continue
        match = re.match(r"admin/(\w+)/(\w+)/", pattern)
        url = "/" + pattern
        if "<" in pattern:
            if match is None or ARGUMENT.findall(pattern) != ["object_id"]:
                continue  # password change for a user id, app index: covered by name
            model = apps.get_model(match.group(1), match.group(2))
            obj = model._default_manager.first()
            if obj is None:
                continue
            url = ARGUMENT.sub(str(obj.pk), url)
        if url.endswith("/delete/") or url in ("/admin/autocomplete/", *SIGN_IN_PAGES):
            continue  # deleting only asks on GET; autocomplete needs its parameters
        urls.append(url.replace("^", "").replace("$", ""))
    return sorted(set(urls))


def test_reading_pages_answer_head_as_they_answer_get(world: dict[str, Any]) -> None:
    """HEAD (link checkers, load balancers, curl -I) gets GET's status and headers, no body."""
    client = world["clients"]["anonymous"]
    urls = {**public_urls(world), **token_urls(world), "healthz": "/healthz"}
    urls["api-events"] = "/api/v1/events/"
    urls["subscribe"] = "/digests/subscribe/?country=US"
    for name, url in urls.items():
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code == 200, (name, head.status_code)
        assert head["Content-Type"] == got["Content-Type"], name
        assert head.content == b"", name


def test_the_admin_is_for_staff_only(world: dict[str, Any]) -> None:
    clients = world["clients"]
    urls = admin_urls(world)
    assert len(urls) > 40
    for url in urls:
        for role in ("anonymous", "nobody"):
            response = clients[role].get(url)
            assert response.status_code == 302, (url, role)
            assert "/admin/login/" in response["Location"], (url, role)
        code = clients["admin"].get(url).status_code
        if re.fullmatch(r"/admin/\w+/\w+/", url):
            assert code == 200, url  # every list opens for an admin
        else:  # some pages exist for nobody (deliveries are made by the dispatcher)
            assert code in (200, 302, 403), (url, code)
        for role in ("viewer", "editor"):
            code = clients[role].get(url).status_code
            assert code in (200, 302, 403), (url, role, code)
            if role == "viewer" and url.endswith(("/add/", "/import-file/", "/merge/")):
                assert code == 403, (url, role, code)  # viewers change nothing
