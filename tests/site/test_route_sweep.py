"""Every route of the site, called with hostile values in each path parameter and in each
query parameter it reads: control characters are a 400, bad path values a 4xx, and
nothing is ever a server error. Public pages, the API, feeds, digest pages, every admin
page (lists with the filters they offer, forms, history, actions) and the autocomplete.

Runs on PostgreSQL in CI: NUL characters and out-of-range numbers are PostgreSQL's 500s.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client

from digests import links
from digests.models import Subscription
from intake.models import ArticleImport, DraftEvent
from tests.factories import ActorFactory, EventFactory, FigureFactory, TopicFactory, add_topics
from tests.site.test_access import routes
from tracker.filters import EventFilter
from tracker.models import ImportJob

pytestmark = pytest.mark.django_db

# The input layer refuses every C0 control character and DEL alike: three stand for them.
CONTROL = ["\x00", "a\x01b", "x\x7f"]
ODD = [
    "x" * 3000,  # overlong
    "9" * 40,  # beyond any integer column
    "-1",
    "1e309",
    "2025-99-99",
    "%' OR '1'='1",
    "\u202e\u0301😀",
]
GROUP = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)|\([^)]*\)")
# Query parameters each kind of route reads.
PAGE_PARAMS = [*EventFilter.base_filters, "cursor", "h", "back", "actor"]
API_PARAMS = [*EventFilter.base_filters, "cursor", "page_size", "format", "q", "country"]
ADMIN_PARAMS = ["q", "o", "p", "e", "_changelist_filters", "_popup", "_to_field", "all"]
AUTOCOMPLETE = {"app_label": "tracker", "model_name": "event", "field_name": "topics", "term": "a"}


@pytest.fixture
def world(superuser: User) -> dict[str, Any]:
    event = EventFactory.create(countries=["US", "IN"])
    add_topics(event, TopicFactory.create(slug="trade"))
    event.tags.add("quad")
    FigureFactory.create(event=event)
    actor = ActorFactory.create(name="Marco Rubio")
    event.participations.create(actor=actor, role="host")
    subscription = Subscription.objects.create(email="r@example.org")
    article = ArticleImport.objects.create(text="Talks.", title="A")
    DraftEvent.objects.create(article=article, kind=event.kind, title="T", evidence="Talks.")
    ImportJob.objects.create(filename="a.csv", data=b"")
    event.title = "Changed"
    event.save()  # a history record to open
    client = Client()
    client.force_login(superuser)
    client.raise_request_exception = False
    return {
        "event": event,
        "actor": actor,
        "token": links.token(subscription),
        "client": client,
    }


def default(name: str, pattern: str, w: dict[str, Any]) -> str:
    """A value that opens the route for each path parameter."""
    if name in ("object_id", "id", "pk") and pattern.startswith("admin/"):
        match = re.match(r"admin/(\w+)/(\w+)/", pattern)
        if match and match.group(1) != "r":
            model = apps.get_model(match.group(1), match.group(2))
            obj = model._default_manager.first()
            return str(obj.pk) if obj else "1"
    values = {
        "pk": str(w["event"].pk),
        "slug": "trade" if "topic" in pattern else "quad" if "tags" in pattern else "",
        "code": "US",
        "first": "US",
        "second": "IN",
        "token": w["token"],
        "format": "json",
        "app_label": "tracker",
    }
    if name == "slug" and "actors" in pattern:
        return str(w["actor"].slug)
    if name == "slug" and "kinds" in pattern:
        return "meeting"
    if name == "pk" and "actors" in pattern:
        return str(w["actor"].pk)
    if name == "pk" and "import-file" in pattern:
        return str(ImportJob.objects.get().pk)
    if name == "pk" and "preview-id" in pattern:
        return str(Subscription.objects.get().pk)
    return values.get(name) or str(w["event"].pk)


def build(pattern: str, w: dict[str, Any], hostile: tuple[int, str] | None = None) -> str:
    """The route's URL with working values, or with the ``hostile[0]``-th parameter
    replaced by ``hostile[1]``."""
    index = -1

    def fill(match: re.Match[str]) -> str:
        nonlocal index
        index += 1
        name = match.group("name") or match.group("rname") or f"arg{index}"
        if hostile is not None and hostile[0] == index:
            return quote(hostile[1], safe="")
        if name.startswith("arg"):  # simple_history's unnamed groups: object, record
            event = w["event"]
            return str(event.pk if index == 0 else event.history.first().history_id)
        return default(name, pattern, w)

    text = pattern.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".")
    return "/" + GROUP.sub(fill, text)


def parameters(pattern: str) -> int:
    return len(GROUP.findall(pattern))


TIMELINES = {
    "timeline",
    "actor",
    "country",
    "pair",
    "topic",
    "feed",
    "calendar",
    "timelinejs",
    "csv",
}
OWN_PARAMS = {
    "event": ["back"],
    "actor-suggestions": ["actor"],
    "api-schema": ["format", "lang"],
    "lanes": [*EventFilter.base_filters, "scale", "at"],
    "changes": ["before"],
}
ADMIN_FORM_PARAMS = ["_changelist_filters", "_popup", "_to_field"]


def query_params(pattern: str, name: str, client: Client, url: str) -> list[str]:
    """The query parameters this route reads."""
    if name in OWN_PARAMS:
        return OWN_PARAMS[name]
    if name in TIMELINES:
        return PAGE_PARAMS
    if name == "autocomplete":
        return list(AUTOCOMPLETE)
    if pattern.startswith("api/"):
        return API_PARAMS if name.endswith(("-list", "-facets")) else ["format"]
    if name.endswith("_changelist"):  # the filters the list offers, as it links them
        params = list(ADMIN_PARAMS)
        page = client.get(url).content.decode()
        for href in re.findall(r'href="\?([^"]+)"', page):
            params += [pair.split("=")[0] for pair in href.replace("&amp;", "&").split("&")]
        return sorted(set(params))
    if pattern.startswith("admin/"):
        return ADMIN_FORM_PARAMS
    return []  # digest pages and the like read their path only


def test_every_route_answers_hostile_values_without_a_server_error(
    world: dict[str, Any],
) -> None:
    client: Client = world["client"]
    failures: list[str] = []
    calls = 0

    def check(url: str, *, control: bool = False, in_path: bool = False) -> None:
        nonlocal calls
        calls += 1
        code = client.get(url).status_code
        # The admin answers a missing object with a redirect and a message.
        refused = 400 <= code < 500 or (url.startswith("/admin/") and code == 302)
        if code >= 500 or (control and code != 400) or (in_path and not refused):
            failures.append(f"{code} {url[:160]}")

    for pattern, name in routes():
        if name in ("logout", "healthz") or pattern == "favicon.ico":
            continue  # sign-out only by POST; the health check reads no input
        if pattern.endswith("delete/") or "password" in pattern:
            continue  # covered below by POST (deleting asks first on GET)
        base = build(pattern, world)
        # ".json" twins of API routes: their path is swept; their query is the same view's.
        twin = "(?P<format>" in pattern
        for position in range(parameters(pattern)):
            for value in CONTROL:
                check(build(pattern, world, (position, value)), control=True)
            for value in ODD:
                hostile = build(pattern, world, (position, value))
                if hostile != base:
                    check(hostile, in_path=True)
        # Every control character in one parameter, NUL in each: one layer refuses them.
        fixed = AUTOCOMPLETE if name == "autocomplete" else {}
        for index, param in enumerate([] if twin else query_params(pattern, name, client, base)):
            for value in [*(CONTROL if index == 0 else CONTROL[:1]), *ODD]:
                query = urlencode({**fixed, param: value})
                check(f"{base}?{query}", control=value in CONTROL)
    assert calls > 2500
    assert failures == [], "\n".join(sorted(failures)[:: max(1, len(failures) // 60)])


@pytest.mark.sqlite  # SQLite overflows on an id past its 64 bits where PostgreSQL refuses it
def test_every_admin_action_refuses_hostile_selections(world: dict[str, Any]) -> None:
    """Every action of every admin, posted with selections that are no ids."""
    from django.test import RequestFactory

    client: Client = world["client"]
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(username="root")
    failures = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = f"/admin/{opts.app_label}/{opts.model_name}/"
        for action in dict(model_admin.get_actions(request)):
            for value in ["\x00", "9" * 40, "-1", "abc", "1e309", "x" * 5000]:
                data = {"action": action, "_selected_action": [value], "index": "0"}
                code = client.post(url, data).status_code
                if code >= 500 or (value == "\x00" and code != 400):
                    failures.append(f"{code} {opts.label} {action} {value[:20]!r}")
    assert failures == [], failures


def test_admin_forms_and_deletions_refuse_hostile_ids(world: dict[str, Any]) -> None:
    client: Client = world["client"]
    failures = []
    for model in admin.site._registry:
        opts = model._meta
        for value in ["9" * 40, "-1", "abc", "1e309", "x" * 5000, "%00"]:
            for page in ("change", "delete", "history"):
                url = f"/admin/{opts.app_label}/{opts.model_name}/{value}/{page}/"
                for method in (client.get, client.post):
                    code = method(url).status_code
                    if code >= 500:
                        failures.append(f"{code} {method.__name__} {url[:100]}")
    assert failures == [], failures


def autocomplete_posts(model_admin: Any, request: Any) -> list[tuple[str, dict[str, str]]]:
    """For each autocomplete field of an admin's form and of its inlines, the name it is
    posted under and the management data its formsets need."""
    management: dict[str, str] = {}
    names = [(name, "") for name in model_admin.get_autocomplete_fields(request)]
    for inline in model_admin.get_inline_instances(request):
        formset = inline.get_formset(request)
        prefix = formset.get_default_prefix()
        management.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"})
        names += [
            (f"{prefix}-0-{name}", prefix) for name in inline.get_autocomplete_fields(request)
        ]
    return [(name, management) for name, _ in names]


@pytest.mark.sqlite  # the same: a field of several rows queried with an id past 64 bits
def test_admin_autocomplete_fields_refuse_hostile_ids(world: dict[str, Any]) -> None:
    """A value posted to an autocomplete field that is no id is a form error: the form
    is drawn again, never a server error."""
    from django.test import RequestFactory

    client: Client = world["client"]
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(username="root")
    failures, fields = [], 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = f"/admin/{opts.app_label}/{opts.model_name}/add/"
        if not model_admin.has_add_permission(request):
            continue
        for name, management in autocomplete_posts(model_admin, request):
            fields += 1
            for value in ["9" * 40, "-1", "abc", "1e309", "x" * 5000]:
                code = client.post(url, {**management, name: value}).status_code
                if code != 200:
                    failures.append(f"{code} {opts.label} {name} {value[:20]!r}")
    assert fields >= 9
    assert failures == [], failures[::5]
    # A real id is still shown as chosen when the form is drawn again.
    topic = TopicFactory.create(slug="energy", name="Energy")
    page = client.post("/admin/tracker/topic/add/", {"parent": str(topic.pk)}).content.decode()
    assert re.search(rf'<option value="{topic.pk}" selected>Energy', page), page[-3000:]
