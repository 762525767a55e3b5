"""Stored drafts: save an article's drafts, then accept (a new event through the services),
merge (into an existing event) or reject each one."""

from __future__ import annotations

import hashlib
import re
from decimal import InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from tracker import services
from tracker.choices import ParticipationRole
from tracker.links import link_data_for
from tracker.models import Actor, Country, Event, EventKind, Topic

from . import proposals
from .extraction.pipeline import Article, Draft, Gazetteer, run
from .models import ArticleImport, DraftEvent

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_PEOPLE = 200  # of the people an article names, those kept with it


@transaction.atomic
def save_article(article: Article, *, created_by: User | None = None) -> ArticleImport:
    """Store the article and the drafts found in it."""
    stored = ArticleImport.objects.create(
        title=article.title[:400],
        url=article.url[:1000],
        outlet=article.outlet[:200],
        published=article.published,
        text=article.text,
        text_hash=text_hash(article.text),
        created_by=created_by,
    )
    add_drafts(stored)
    return stored


def text_hash(text: str) -> str:
    """The same text however it is spaced or cased (fetched articles are unique on it)."""
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()


def add_drafts(stored: ArticleImport) -> list[DraftEvent]:
    """Extract the stored article's drafts and save them."""
    article = Article(
        text=stored.text,
        published=stored.published,
        title=stored.title,
        outlet=stored.outlet,
        url=stored.url,
        home=_home(stored),
    )
    kinds = {k.slug: k for k in EventKind.objects.all()}
    topics = set(Topic.objects.values_list("slug", flat=True))
    found = run(article, Gazetteer.from_database(), budget=settings.EXTRACTION_TIME_BUDGET)
    stored.extraction_note = found.note[:300]
    stored.people = [
        {key: str(value or "")[:300] for key, value in person.items()}
        for person in found.named()[:MAX_PEOPLE]
    ]
    stored.save(update_fields=["extraction_note", "people"])
    rows = [_row(stored, draft, kinds, topics, index) for index, draft in enumerate(found.drafts)]
    account = proposals.account_country(article.url, article.outlet, article.home)
    if account and not Country.objects.filter(pk=account).exists():
        account = None
    for row in rows:
        row.account_of_id = account
        link = proposals.earlier_event(
            kind=row.kind.slug, start=row.start, countries=row.countries, evidence=row.evidence
        )
        if link is not None:
            row.link_kind, row.link_to = link
    return DraftEvent.objects.bulk_create(rows)


def _home(stored: ArticleImport) -> str | None:
    """A watched source that speaks for one country says whose statements its items are."""
    source = stored.watched_source
    codes = [str(code) for code in source.countries] if source is not None else []
    return codes[0] if len(codes) == 1 else None


def _row(
    article: ArticleImport,
    draft: Draft,
    kinds: dict[str, EventKind],
    topics: set[str],
    index: int,
) -> DraftEvent:
    data = draft.as_json()
    return DraftEvent(
        article=article,
        kind=kinds.get(data["kind"]) or kinds["other"],
        title=data["title"][:300],
        start=data["start"] or "",
        end=data["end"] or "",
        status=data["status"],
        countries=data["countries"],
        participants=data["participants"],
        topics=[t for t in data["topics"] if t in topics],
        figures=data["figures"],
        evidence=data["evidence"],
        confidence=data["confidence"],
        unresolved=data["unresolved_dates"],
        position=index,
    )


PERSON_TEXT = ("name", "title", "country", "role")
# A participant may also name the record's actor it is ("actor_id", from the review screen).


def check_participants(people: Any) -> None:
    """A draft's participants have their shape: a list of objects, each with a name, and
    text (or nothing) for its title, country and role, the role one the record knows.
    Drafts are edited as JSON, so anything may be stored; a ValidationError says what."""
    if not isinstance(people, list) or not all(isinstance(p, dict) for p in people):
        raise ValidationError("Give a list of objects with a name.")
    roles = set(ParticipationRole.values)
    for index, person in enumerate(people, 1):
        for key in PERSON_TEXT:
            if person.get(key) is not None and not isinstance(person[key], str):
                raise ValidationError(f"Participant {index}: the {key} must be text.")
        actor_id = person.get("actor_id")
        if actor_id is not None and (not isinstance(actor_id, int) or isinstance(actor_id, bool)):
            raise ValidationError(f"Participant {index}: the actor_id is a number or null.")
        if not str(person.get("name") or "").strip():
            raise ValidationError(f"Participant {index}: give a name.")
        if person.get("role") and person["role"] not in roles:
            known = ", ".join(sorted(roles))
            raise ValidationError(f"Participant {index}: the role is one of {known}.")


def named_actor(name: str) -> Actor | None:
    """The record's actor whose name or one of whose aliases is this name (any case)."""
    return named_actors([name]).get(name)


def named_actors(names: list[str]) -> dict[str, Actor]:
    """For each name, the record's actor whose name or one of whose aliases it is (any
    case), in one query."""
    if not names:
        return {}
    where = Q()
    for name in names:
        where |= Q(name__iexact=name) | Q(aliases__icontains=name)
    # icontains also finds aliases that only contain a name: a few candidates a name.
    candidates = list(Actor.objects.filter(where)[: 5 * len(names)])
    found = {}
    for name in names:
        wanted = name.lower()
        for actor in candidates:
            if actor.name.lower() == wanted or wanted in [a.lower() for a in actor.aliases]:
                found[name] = actor
                break
    return found


def _actor(person: dict[str, Any]) -> Actor:
    """The actor chosen on the review screen, else the record's actor of this name or
    alias, else a new one."""
    if person.get("actor_id"):
        chosen = Actor.objects.filter(pk=person["actor_id"]).first()
        if chosen is None:
            raise ValidationError({"participants": "The chosen actor no longer exists."})
        return chosen
    name = " ".join(str(person.get("name", "")).split())
    if not name or CONTROL.search(name):
        raise ValidationError({"participants": f"Not a name: {name!r}."})
    match = named_actor(name)
    if match is not None:
        return match
    country = str(person.get("country") or "").upper() or None
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        country = None
    return services.save_actor(
        name=name,
        title=str(person.get("title") or "")[:200],
        country_id=country,
        kind="person",
    )


def _figures(draft: DraftEvent) -> list[services.FigureData]:
    figures = []
    for index, figure in enumerate(draft.figures):
        try:
            figures.append(services.figure_data({"label": "Figure", **figure}))
        except (KeyError, InvalidOperation, ValueError, TypeError, AttributeError) as exc:
            raise ValidationError({f"figures[{index}]": f"Cannot read this figure: {exc}"}) from exc
    return figures


def _source(draft: DraftEvent) -> services.SourceData:
    article = draft.article
    return services.SourceData(
        url=article.url,
        outlet=article.outlet,
        title=article.title or draft.title,
        published=article.published,
        excerpt=draft.evidence,
        account_of=draft.account_of_id,
    )


def _links(
    draft: DraftEvent, current: list[services.LinkData], event: Event | None = None
) -> list[services.LinkData]:
    """The event's links with the draft's proposed one (as the editor left it) added; not
    a link of the event to itself (a draft merged into the event it refers to)."""
    if not draft.link_kind or draft.link_to is None or draft.link_to == event:
        return current
    return [*current, link_data_for(draft.link_kind, draft.link_to)]


@transaction.atomic
def accept(draft: DraftEvent, *, user: User | None = None) -> Event:
    """Create the event (or, with ``merge_into``, add to that event); all or nothing."""
    # Lock the row and read it again: two editors (or two stale pages) accept it once.
    current = DraftEvent.objects.select_for_update().filter(pk=draft.pk).values("state").first()
    if current is None or current["state"] != DraftEvent.State.PENDING:
        raise ValidationError("This draft has already been reviewed.")
    try:
        check_participants(draft.participants)
    except ValidationError as exc:
        raise ValidationError({"participants": exc.messages}) from None
    if not isinstance(draft.figures, list) or not all(isinstance(f, dict) for f in draft.figures):
        raise ValidationError({"figures": "Give a list of objects (label, value, unit)."})
    if draft.merge_into_id:
        return merge(draft, draft.merge_into)  # type: ignore[arg-type]
    if not draft.start:
        raise ValidationError({"start": "Give the date (as precisely as the article allows)."})
    participants = [
        services.ParticipantData(
            actor=_actor(p),
            role=p.get("role") or ParticipationRole.PARTICIPANT,
            title_at_time=p.get("title", ""),
        )
        for p in draft.participants
        if p.get("name")
    ]
    event = services.create_event(
        title=draft.title,
        kind=draft.kind,
        start=draft.start,
        end=draft.end or None,
        status=draft.status,
        summary=draft.evidence,
        countries=draft.countries,
        topics=draft.topics,
        participants=participants,
        sources=[_source(draft)],
        figures=_figures(draft),
        links=_links(draft, []),
        created_by=user,
    )
    draft.state, draft.event = DraftEvent.State.ACCEPTED, event
    draft.save(update_fields=["state", "event"])
    return event


@transaction.atomic
def merge(draft: DraftEvent, event: Event) -> Event:
    """Add the draft's source, new participants, countries and figures to ``event``."""
    attached = services.attached_data(event)
    participants = attached["participants"]
    current = {p.actor.pk for p in participants}
    for person in draft.participants:
        if person.get("name"):
            actor = _actor(person)
            if actor.pk not in current:
                current.add(actor.pk)
                participants.append(
                    services.ParticipantData(
                        actor=actor,
                        role=person.get("role") or ParticipationRole.PARTICIPANT,
                        title_at_time=person.get("title", ""),
                    )
                )
    services.update_event(
        event,
        countries=sorted(set(event.country_codes) | set(draft.countries)),
        participants=participants,
        sources=[*attached["sources"], _source(draft)],
        figures=[*attached["figures"], *_figures(draft)],
        links=_links(draft, services.link_data(event), event),
    )
    draft.state, draft.event = DraftEvent.State.MERGED, event
    draft.save(update_fields=["state", "event"])
    return event


def reject(draft: DraftEvent) -> None:
    DraftEvent.objects.filter(pk=draft.pk, state=DraftEvent.State.PENDING).update(
        state=DraftEvent.State.REJECTED
    )


def similar_events(draft: DraftEvent) -> list[Event]:
    """Events of the same kind whose dates overlap the draft's and share a country."""
    from tracker.dates import PartialDate, PartialDateError

    if not draft.start:
        return []
    try:
        start = PartialDate.parse(draft.start)
        end = PartialDate.parse(draft.end) if draft.end else start
    except PartialDateError:
        return []
    events = Event.objects.filter(kind=draft.kind).overlapping(start.first_day, end.last_day)
    if draft.countries:
        events = events.filter(country_links__country_id__in=draft.countries).distinct()
    events = events.select_related("kind").prefetch_related("participations__actor")
    return list(events.order_by("-span_start")[:10])
