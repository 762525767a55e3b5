"""Full-text search over events, with web-search syntax, on PostgreSQL and on SQLite.

Syntax: words (all must match, stemmed: ``tariff`` finds "tariffs"), ``"quoted phrases"``
(words in this order), ``OR`` between two terms, ``-word`` or ``-"a phrase"`` to exclude.

Each event has one ``EventSearch`` row with four weighted parts: title (A), names of
participants with their aliases, countries, topics and tags (B), summary, sources and
figure labels (C), and notes (D). PostgreSQL keeps a GIN-indexed tsvector of them
(``tracker_english`` for text, ``tracker_simple`` for names, both unaccented); SQLite keeps
an FTS5 table (porter stemming, accents removed). Both rank title matches above notes
matches; the rank is an integer ``score`` so keyset pagination can compare it exactly.
"""

from __future__ import annotations

import html
import json
import re
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import BigIntegerField, F, Prefetch, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from . import stamps
from .models import Event, EventSearch, Participation

MAX_TERMS = 32
MARK_START, MARK_STOP = "\x02", "\x03"  # sentinels, replaced by <mark> after escaping
WEIGHTS = {"title": 10.0, "names": 5.0, "body": 2.0, "notes": 1.0}
PG_WEIGHTS = [0.1, 0.2, 0.5, 1.0]  # D, C, B, A
SCORE_SCALE = 1_000_000
# Ranking reads every match's vector: about 2 µs each. Searches that PostgreSQL estimates
# to match more events than this are listed newest first instead (is_ranked tells).
RANK_LIMIT = 20_000
WORD = re.compile(r"\w+", re.UNICODE)
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class SearchSyntaxError(ValueError):
    """A query that cannot be searched (too many terms)."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    phrase: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class ParsedQuery:
    """Clauses that must all match (each an OR of terms), and terms that must not."""

    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.clauses or self.excluded)

    @property
    def positive_terms(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause]


def parse(text: str) -> ParsedQuery:
    """Read web-search syntax. Anything without letters or digits is ignored."""
    query = ParsedQuery()
    pending_or = False
    count = 0
    for match in TOKEN.finditer(text or ""):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare == "OR":
            pending_or = bool(query.clauses)
            continue
        if bare is not None:
            negated = "-" if bare.startswith("-") else ""
            words = tuple(w.lower() for w in WORD.findall(bare))
            phrase = len(words) > 1  # "U.S." or "anti-dumping": the words in order
        else:
            words = tuple(w.lower() for w in WORD.findall(quoted or ""))
            phrase = True
        if not words:
            continue
        count += 1
        if count > MAX_TERMS:
            raise SearchSyntaxError(f"Use at most {MAX_TERMS} words or phrases.")
        term = Term(words, phrase=phrase and len(words) > 1)
        if negated:
            query.excluded.append(term)
            pending_or = False
        elif pending_or:
            query.clauses[-1].append(term)
            pending_or = False
        else:
            query.clauses.append([term])
    return query


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# Filtering and ranking ------------------------------------------------------------------------


def search(queryset: QuerySet[Event], text: str) -> QuerySet[Event]:
    """Events matching ``text``, annotated with an integer relevance ``score``."""
    query = parse(text)
    if not query:
        return queryset
    if is_postgres():
        return _search_postgres(queryset, query)
    return _search_sqlite(queryset, query)


def _pg_term(term: Term) -> SearchQuery:
    kind = "phrase" if term.phrase else "plain"
    return SearchQuery(term.text, config="tracker_english", search_type=kind) | SearchQuery(
        term.text, config="tracker_simple", search_type=kind
    )


def _pg_query(query: ParsedQuery) -> SearchQuery | None:
    combined: SearchQuery | None = None
    for clause in query.clauses:
        alternatives = _pg_term(clause[0])
        for term in clause[1:]:
            alternatives = alternatives | _pg_term(term)
        combined = alternatives if combined is None else combined & alternatives
    return combined


def order_of(events: QuerySet[Event]) -> str:
    """How a searched list comes: "relevance", or "newest" (first) when the search
    matches too many events to rank (the X-Search-Order header says which)."""
    ranked = "score" in events.query.annotations and is_ranked(events)
    return "relevance" if ranked else "newest"


def estimated_matches(positive: SearchQuery) -> int:
    """PostgreSQL's estimate of how many events match (from the lexeme statistics that
    ANALYZE keeps for the index): a plan, not a count, so it costs about a millisecond."""
    return planned_rows(EventSearch.objects.filter(vector=positive).values("pk"))


def planned_rows(queryset: QuerySet[Any]) -> int:
    """How many rows PostgreSQL expects a query to give (its plan's estimate)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def is_ranked(queryset: QuerySet[Event]) -> bool:
    """Whether a searched queryset is ordered by relevance (see RANK_LIMIT)."""
    return not isinstance(queryset.query.annotations.get("score"), Value)


def _search_postgres(queryset: QuerySet[Event], query: ParsedQuery) -> QuerySet[Event]:
    positive = _pg_query(query)
    if positive is not None:
        queryset = queryset.filter(search__vector=positive)
    for term in query.excluded:
        queryset = queryset.exclude(search__vector=_pg_term(term))
    if positive is None or estimated_matches(positive) > RANK_LIMIT:
        # Nothing to rank by, or too much to rank in time: newest first (score 0 for all).
        return queryset.annotate(score=Value(0, output_field=BigIntegerField()))
    rank = SearchRank(F("search__vector"), positive, weights=PG_WEIGHTS)
    return queryset.annotate(score=Cast(rank * SCORE_SCALE, BigIntegerField()))


def _fts_phrase(term: Term) -> str:
    return '"' + " ".join(term.words).replace('"', '""') + '"'


def fts_expression(query: ParsedQuery) -> str:
    """The positive part of the query in FTS5 syntax (every word quoted)."""
    clauses = []
    for clause in query.clauses:
        parts = [_fts_phrase(t) for t in clause]
        clauses.append(parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")")
    return " AND ".join(clauses)


FTS_IDS = "SELECT rowid FROM tracker_eventsearch_fts WHERE tracker_eventsearch_fts MATCH %s"
BM25 = "bm25(tracker_eventsearch_fts, {})".format(", ".join(str(w) for w in WEIGHTS.values()))


def _search_sqlite(queryset: QuerySet[Event], query: ParsedQuery) -> QuerySet[Event]:
    positive = fts_expression(query)
    if positive:
        # The SQL is constant; the user's words are a bound parameter (quoted for FTS5).
        queryset = queryset.filter(id__in=RawSQL(FTS_IDS, [positive]))  # noqa: S611
    if query.excluded:
        excluded = " OR ".join(_fts_phrase(t) for t in query.excluded)
        queryset = queryset.exclude(id__in=RawSQL(FTS_IDS, [excluded]))  # noqa: S611
    if not positive:
        return queryset.annotate(score=Value(0, output_field=BigIntegerField()))
    table = Event._meta.db_table
    # Constants only in the SQL; the words are a bound parameter.
    sql = (
        f"(SELECT CAST(-{BM25} * {SCORE_SCALE} AS INTEGER) FROM tracker_eventsearch_fts "  # noqa: S608
        f"WHERE tracker_eventsearch_fts MATCH %s AND rowid = {table}.id)"
    )
    score = RawSQL(  # noqa: S611
        sql,
        [positive],
        output_field=BigIntegerField(),
    )
    return queryset.annotate(score=score)


# Highlights ----------------------------------------------------------------------------------


def highlights(event_ids: Iterable[int], text: str) -> dict[int, str]:
    """Short passages with the matched words in <mark>, HTML-escaped, by event id."""
    ids = list(event_ids)
    query = parse(text)
    if not ids or not query.clauses:
        return {}
    raw = _pg_highlights(ids, query) if is_postgres() else _sqlite_highlights(ids, query)
    return {pk: _to_html(passage) for pk, passage in raw.items() if passage}


def _to_html(passage: str) -> str:
    escaped = html.escape(" ".join(passage.split()))
    return escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")


def _pg_highlights(ids: list[int], query: ParsedQuery) -> dict[int, str]:
    from django.contrib.postgres.search import SearchHeadline

    positive = _pg_query(query)
    assert positive is not None
    document = Concat(
        "title",
        Value(" · "),
        "names",
        Value(" · "),
        "body",
        Value(" · "),
        "notes",
        output_field=TextField(),
    )
    rows = (
        EventSearch.objects.filter(event_id__in=ids)
        .annotate(
            passage=SearchHeadline(
                document,
                positive,
                config="tracker_english",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_fragments=2,
                max_words=18,
                min_words=6,
                fragment_delimiter=" … ",
            )
        )
        .values_list("event_id", "passage")
    )
    return {pk: passage for pk, passage in rows if MARK_START in (passage or "")}


def _sqlite_highlights(ids: list[int], query: ParsedQuery) -> dict[int, str]:
    marks = ", ".join(["%s"] * len(ids))
    sql = (  # only placeholders are interpolated
        f"SELECT rowid, snippet(tracker_eventsearch_fts, -1, %s, %s, ' … ', 16) "  # noqa: S608
        f"FROM tracker_eventsearch_fts WHERE tracker_eventsearch_fts MATCH %s "
        f"AND rowid IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [MARK_START, MARK_STOP, fts_expression(query), *ids])
        return dict(cursor.fetchall())


# Keeping the index current ----------------------------------------------------------------


class _Deferral(threading.local):
    def __init__(self) -> None:
        self.stack: list[set[int]] = []


_deferral = _Deferral()  # per thread: one request's deferral never sees another's ids


@contextmanager
def deferred(*, discard: bool = False) -> Iterator[None]:
    """Collect reindexing inside the block and do it once at its end, if it ends without
    an error (bulk writes). A block inside another joins it: an import of a thousand
    events reindexes once. ``discard``: reindex nothing (a dry run, rolled back)."""
    if _deferral.stack:
        yield
        return
    _deferral.stack.append(set())
    try:
        yield
    finally:
        ids = _deferral.stack.pop()
    if ids and not discard:
        reindex(ids)


def touch(event_ids: Iterable[int]) -> None:
    """What these events show changed: mark them revised (for the API's updated_since),
    and reindex them now, or at the end of ``deferred()``."""
    ids = {pk for pk in event_ids if pk is not None}
    if not ids:
        return
    Event.objects.filter(pk__in=ids).update(revised=timezone.now())
    if _deferral.stack:
        _deferral.stack[-1].update(ids)
    else:
        reindex(ids)


# The most characters of each weighted text that are indexed: PostgreSQL refuses a
# tsvector over 1 MB ("string is too long for tsvector"), and a hundred long excerpts
# could make one. Far beyond what a real event holds.
PART_LIMIT = 100_000


def documents(event_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """The four weighted texts of each event, built in a fixed number of queries."""
    events = (
        Event.objects.filter(pk__in=list(event_ids))
        .select_related("kind")
        .prefetch_related(
            "countries",
            "topics",
            "tags",  # type: ignore[misc]
            "sources",
            "figures",
            Prefetch("participations", queryset=Participation.objects.select_related("actor")),
        )
    )
    out = {}
    for event in events:
        names: list[str] = []
        for p in event.participations.all():
            names += [p.actor.name, *p.actor.aliases, p.title_at_time]
        names += [c.name for c in event.countries.all()]
        names += [t.name for t in event.topics.all()]
        names += [t.name for t in event.tags.all()]
        body = [event.summary]
        for source in event.sources.all():
            body += [source.title, source.outlet, source.excerpt]
        body += [figure.label for figure in event.figures.all()]
        out[event.pk] = {
            "title": event.title[:PART_LIMIT],
            "names": _join(names)[:PART_LIMIT],
            "body": _join(body)[:PART_LIMIT],
            "notes": event.notes[:PART_LIMIT],
        }
    return out


def _join(parts: Iterable[str]) -> str:
    return " · ".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def reindex(event_ids: Iterable[int] | None = None, *, batch: int = 500) -> int:
    """Rebuild the search rows of these events (all when None); returns how many."""
    if event_ids is None:
        ids = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(event_ids))
    done = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with transaction.atomic():
            docs = documents(chunk)
            gone = set(chunk) - set(docs)
            if gone:
                EventSearch.objects.filter(event_id__in=gone).delete()
            existing = set(
                EventSearch.objects.filter(event_id__in=docs).values_list("event_id", flat=True)
            )
            revision = uuid.uuid4()  # what was kept of these events is stale now
            rows = [EventSearch(event_id=pk, revision=revision, **doc) for pk, doc in docs.items()]
            EventSearch.objects.bulk_create([r for r in rows if r.event_id not in existing])
            EventSearch.objects.bulk_update(
                [r for r in rows if r.event_id in existing],
                ["title", "names", "body", "notes", "revision"],
            )
            if is_postgres() and docs:
                EventSearch.objects.filter(event_id__in=docs).update(vector=_pg_vector())
            done += len(docs)
    if ids:
        stamps.bump()  # cached facet counts and charts are stale now
    return done


def _pg_vector() -> Any:
    return (
        SearchVector("title", weight="A", config="tracker_english")
        + SearchVector("names", weight="B", config="tracker_simple")
        + SearchVector("body", weight="C", config="tracker_english")
        + SearchVector("notes", weight="D", config="tracker_english")
    )


def events_mentioning_actor(actor_id: int) -> list[int]:
    return list(Participation.objects.filter(actor_id=actor_id).values_list("event_id", flat=True))


def events_with_topic(topic_id: int) -> list[int]:
    return list(
        Event.topics.through.objects.filter(topic_id=topic_id).values_list("event_id", flat=True)
    )
