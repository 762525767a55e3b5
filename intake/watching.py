"""Watched sources: fetch one, read its items, and turn each new one into an article to
review with its drafts.

A fetch holds its source (`fetching_until`) so two never run at once. The feed is asked for
with its ETag and Last-Modified; 304 makes nothing. An item already seen (by GUID for this
source; by URL or by a hash of its text anywhere: other sources, pasted articles, the
record's sources) is skipped, and each new article is saved with its seen-row and drafts in
one transaction under unique constraints, so a worker killed half way makes no half-made
article and a restarted one no duplicate. Errors back off exponentially; after
FETCH_MAX_FAILURES in a row the source is paused with the reason.
"""

from __future__ import annotations

import calendar
import contextlib
import hashlib
import io
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib import robotparser
from urllib.parse import urldefrag, urlsplit

import feedparser
import lxml.html
import trafilatura
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tracker.models import Source

from . import drafts
from .extraction.reading import clean_text
from .fetching import FEED_TYPES, PAGE_TYPES, FetchError, Response, fetch, printable
from .models import ArticleImport, FetchRun, SeenItem, WatchedSource

log = logging.getLogger(__name__)
MIN_WORDS = 40  # fewer words than this is a teaser or a page of links, not an article
FULL_CONTENT_WORDS = 80  # a feed item's own content this long is the article itself
ROBOTS_AGENT = "EngagementTracker"


@dataclass
class Item:
    guid: str
    url: str
    title: str = ""
    published: date | None = None
    content: str = ""  # the feed's own text of the item, if it has one

    def __post_init__(self) -> None:  # text from outside: no control characters (NUL)
        self.guid, self.url = printable(self.guid)[:1000], printable(self.url)[:1000]
        self.title, self.content = printable(self.title)[:400], printable(self.content)


@dataclass
class Outcome:
    articles: int = 0
    drafts: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)


INTERRUPTED = "Interrupted: the fetch stopped before it finished (its worker stopped)."


def claim(source_id: int, *, force: bool = False) -> WatchedSource | None:
    """Hold the source for one fetch, if no other fetch holds it (and, unless forced, it
    is active). A fetch found cut short (its worker died: a crash, a kill, memory) counts
    as a failure, so a source that keeps killing workers is paused like any other."""
    now = timezone.now()
    free = Q(fetching_until__isnull=True) | Q(fetching_until__lt=now)
    wanted = WatchedSource.objects.filter(free, pk=source_id)
    if not force:
        wanted = wanted.filter(active=True)
    until = now + timedelta(seconds=settings.FETCH_LEASE_SECONDS)
    if not wanted.update(fetching_until=until):
        return None
    source = WatchedSource.objects.get(pk=source_id)
    cut_short = FetchRun.objects.filter(source_id=source_id, outcome=FetchRun.Outcome.RUNNING)
    if cut_short.update(outcome=FetchRun.Outcome.FAILED, finished=now, error=INTERRUPTED):
        _failed(source, INTERRUPTED)
        _save_state(source, until)
        if not source.active and not force:
            WatchedSource.objects.filter(pk=source_id, fetching_until=until).update(
                fetching_until=None
            )
            return None
    return source


def due(now: datetime | None = None) -> list[int]:
    """The active sources whose time has come and that no fetch holds."""
    now = now or timezone.now()
    free = Q(fetching_until__isnull=True) | Q(fetching_until__lt=now)
    return list(
        WatchedSource.objects.filter(free, active=True, next_fetch__lte=now)
        .order_by("next_fetch")
        .values_list("pk", flat=True)
    )


STATE = ["last_fetched", "failures", "last_error", "next_fetch", "etag", "last_modified",
         "active", "paused_reason"]  # fmt: skip


def _save_state(source: WatchedSource, until: datetime | None, *, release: bool = False) -> None:
    """Write what a fetch learnt, and only that (an editor may have changed the source
    meanwhile), and only while this fetch still holds it. A pause is written, a resume
    never: an editor's pause during the fetch stands."""
    fields = {name: getattr(source, name) for name in STATE}
    if source.active:
        del fields["active"], fields["paused_reason"]
    if release:
        fields["fetching_until"] = None
    WatchedSource.objects.filter(pk=source.pk, fetching_until=until).update(**fields)


def fetch_source(source_id: int, *, force: bool = False) -> FetchRun | None:
    """Fetch the source now; None if another fetch holds it (or it is paused and not
    forced). Never raises for what the source sends: errors are written on the source."""
    source = claim(source_id, force=force)
    if source is None:
        return None
    until = source.fetching_until
    run = FetchRun.objects.create(source=source)
    try:
        allowed_by_robots(source.url)
        answer = fetch(
            source.url, accept=FEED_TYPES, etag=source.etag, last_modified=source.last_modified
        )
        run.http_status = answer.status
        if answer.status == 304:
            run.outcome = FetchRun.Outcome.NOT_MODIFIED
        elif answer.status >= 400 or answer.status < 200:
            raise FetchError(f"The server answered HTTP {answer.status}.")
        else:
            items = read_items(answer)
            run.items = len(items)
            outcome = take_items(source, items)
            run.articles, run.drafts, run.skipped = (
                outcome.articles,
                outcome.drafts,
                outcome.skipped,
            )
            run.notes = printable("\n".join(outcome.problems))[:5000]
            run.outcome = FetchRun.Outcome.OK
            source.etag = answer.headers.get("etag", "")[:300]
            source.last_modified = answer.headers.get("last-modified", "")[:100]
        _succeeded(source)
    except FetchError as exc:
        message = printable(str(exc))[:500]
        run.outcome, run.error = FetchRun.Outcome.FAILED, message
        _failed(source, message)
    except Exception as exc:  # a fault of ours: the source still lets go, the task sees it
        run.outcome = FetchRun.Outcome.FAILED
        run.error = printable(f"Internal error: {exc}")[:500]
        _failed(source, run.error)
        raise
    finally:
        run.finished = timezone.now()
        run.save()
        _save_state(source, until, release=True)
    return run


def _succeeded(source: WatchedSource) -> None:
    now = timezone.now()
    source.last_fetched = now
    source.failures = 0
    source.last_error = ""
    source.next_fetch = now + timedelta(minutes=source.every)


def _failed(source: WatchedSource, error: str) -> None:
    now = timezone.now()
    source.last_fetched = now
    source.failures += 1
    source.last_error = error[:500]
    wait = min(source.every * 2 ** (source.failures - 1), 24 * 60)
    source.next_fetch = now + timedelta(minutes=max(wait, source.every))
    if source.failures >= settings.FETCH_MAX_FAILURES and source.active:
        source.active = False
        source.paused_reason = (
            f"Paused after {source.failures} failed fetches in a row; the last: {error}"
        )[:500]


UNAVAILABLE = "\x00unavailable"  # cached for a while: robots.txt could not be read


def allowed_by_robots(url: str) -> None:
    """Raise unless the site's robots.txt lets the tracker fetch the URL. Read once a day
    per site; missing (4xx) or not text (a site's "not found" page) means everything is
    allowed; unreachable (5xx, an error) means nothing, for ten minutes, then read again."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    key = f"robots:{hashlib.sha256(origin.encode()).hexdigest()}"
    rules = cache.get(key)
    if rules is None:
        try:
            answer = fetch(f"{origin}/robots.txt", accept=None, max_bytes=500_000)
        except FetchError as exc:
            cache.set(key, UNAVAILABLE, 600)
            raise FetchError(f"{origin}/robots.txt could not be read: {exc}") from exc
        if answer.status >= 500:
            cache.set(key, UNAVAILABLE, 600)
        elif 200 <= answer.status < 300 and answer.content_type == "text/plain":
            rules = answer.text()
        else:
            rules = ""
        if rules is not None:
            cache.set(key, rules, 24 * 3600)
        else:
            rules = UNAVAILABLE
    if rules == UNAVAILABLE:
        raise FetchError(f"{origin}/robots.txt is unavailable (a server error); trying later.")
    parser = robotparser.RobotFileParser()
    parser.parse(rules.splitlines())
    if not parser.can_fetch(ROBOTS_AGENT, url):
        raise FetchError(f"The site's robots.txt does not allow fetching {url}.")


# Reading a feed or a listing page.


def read_items(answer: Response) -> list[Item]:
    """The items of a feed (RSS, Atom, JSON Feed), or the article links of a listing page."""
    if answer.content_type in ("application/feed+json", "application/json"):
        return _json_items(answer)
    try:  # a file object: feedparser opens a path or URL given as bytes or text
        parsed = feedparser.parse(
            io.BytesIO(answer.body),
            response_headers={"content-type": answer.headers.get("content-type", "")},
            sanitize_html=True,
            resolve_relative_uris=True,
        )
    except Exception as exc:  # feedparser's own faults on odd input (charsets, encodings)
        raise FetchError(f"Not a feed that can be read: {exc}."[:500]) from exc
    items = [item for entry in parsed.entries if (item := _feed_item(entry, answer.url))]
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if items or (parsed.get("version") and problem is None):
        return items
    if answer.content_type in ("text/html", "application/xhtml+xml"):
        return _page_items(answer)
    raise FetchError(f"Not a feed that can be read: {problem or 'no items'}."[:500])


def _feed_item(entry: Any, base: str) -> Item | None:
    url = _clean_url(str(entry.get("link") or ""))
    guid = str(entry.get("id") or url or "").strip()
    if not guid or (url and not url.startswith(("http://", "https://"))):
        return None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        published = datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC).date() if stamp else None
    except (ValueError, OverflowError, OSError, TypeError):  # a date no calendar has
        published = None
    content = ""
    for part in entry.get("content") or []:
        content = max(content, _html_text(str(part.get("value") or "")), key=len)
    return Item(
        guid=guid[:1000],
        url=url,
        title=" ".join(str(entry.get("title") or "").split())[:400],
        published=published,
        content=content,
    )


def _json_items(answer: Response) -> list[Item]:
    """The items of a JSON Feed (jsonfeed.org, versions 1 and 1.1)."""
    try:
        feed = json.loads(answer.body)
    except (ValueError, RecursionError) as exc:
        raise FetchError(f"Not a feed that can be read: {exc}."[:500]) from exc
    if (
        not isinstance(feed, dict)
        or not str(feed.get("version", "")).startswith("https://jsonfeed.org/version/")
        or not isinstance(feed.get("items"), list)
    ):
        raise FetchError("Not a feed that can be read: JSON, but not a JSON Feed.")
    items = []
    for entry in feed["items"]:
        if not isinstance(entry, dict):
            continue
        url = _clean_url(str(entry.get("url") or entry.get("external_url") or ""))
        guid = str(entry.get("id") or url).strip()
        if not guid or (url and not url.startswith(("http://", "https://"))):
            continue
        stamp = _day(str(entry.get("date_published") or entry.get("date_modified") or ""))
        content = entry.get("content_text") or _html_text(str(entry.get("content_html") or ""))
        items.append(
            Item(
                guid=guid[:1000],
                url=url,
                title=" ".join(str(entry.get("title") or "").split())[:400],
                published=stamp,
                content=str(content),
            )
        )
    return items


def _day(text: str) -> date | None:
    """The UTC day of an RFC 3339 time; None if it has no zone or is no real time."""
    try:
        stamp = parse_datetime(text)
        return stamp.astimezone(UTC).date() if stamp and stamp.tzinfo else None
    except (ValueError, OverflowError):  # "2025-02-30T…", "0001-01-01T00:00:00+01:00"
        return None


def _page_items(answer: Response) -> list[Item]:
    """A listing page's links to its own site's articles: a link with a headline's words,
    outside the page's navigation, header and footer."""
    try:
        page = lxml.html.document_fromstring(answer.body)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise FetchError(f"The page could not be read: {exc}.") from exc
    page.make_links_absolute(answer.url, handle_failures="discard")
    home = urlsplit(answer.url)
    items: dict[str, Item] = {}
    for link in page.iter("a"):
        if any(a.tag in ("nav", "header", "footer") for a in link.iterancestors()):
            continue
        url = _clean_url(link.get("href") or "")
        parts = urlsplit(url)
        words = " ".join(link.text_content().split())
        if (
            parts.scheme in ("http", "https")
            and parts.hostname == home.hostname
            and url != _clean_url(answer.url)
            and len(parts.path.strip("/")) > 0
            and len(words.split()) >= 4
            and url not in items
        ):
            items[url] = Item(guid=url, url=url, title=words[:400])
    return list(items.values())


def _clean_url(url: str) -> str:
    return urldefrag(url.strip())[0][:1000]


BLOCKS = re.compile(r"</?(p|div|br|li|h[1-6]|tr|blockquote|section|article)\b[^>]*>", re.I)


def _html_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph a line."""
    if not fragment.strip():
        return ""
    try:
        text = lxml.html.fromstring(BLOCKS.sub("\n", fragment)).text_content()
    except (ValueError, lxml.etree.ParserError):
        return ""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


@dataclass
class Page:
    """An article page as read: its main text, and what its metadata says."""

    text: str
    title: str = ""
    published: date | None = None
    site: str = ""
    url: str = ""


def page_text(answer: Response, headline: str = "") -> Page:
    """The article page's main text as trafilatura reads it (or the body, if plain text),
    as an article: paragraphs a blank line apart, without its headline (the article's
    title, not a sentence of it)."""
    if answer.content_type == "text/plain":
        return Page(clean_text(answer.text()), url=answer.url)
    html = answer.text()
    text = trafilatura.extract(
        html, url=answer.url, include_comments=False, include_tables=True, deduplicate=False
    )
    meta = trafilatura.extract_metadata(html, default_url=answer.url)
    published = None
    if meta is not None and meta.date:
        try:
            published = date.fromisoformat(str(meta.date)[:10])
        except ValueError:
            published = None
    title = " ".join(str(getattr(meta, "title", "") or "").split())
    site = " ".join(str(getattr(meta, "sitename", "") or "").split())
    return Page(
        without_headline(clean_text(text or ""), headline, title),
        title=title,
        published=published,
        site=site,
        url=answer.url,
    )


def without_headline(text: str, *headlines: str) -> str:
    """The text without a first paragraph that is its headline."""
    first, _, rest = text.partition("\n\n")
    known = {" ".join(h.lower().split()) for h in headlines if h}
    if rest and " ".join(first.lower().split()) in known:
        return rest
    return text


# Items into articles.


def take_items(source: WatchedSource, items: list[Item]) -> Outcome:
    """Each item in turn, until FETCH_MAX_ITEMS of them needed work (the rest wait for the
    next fetch); one item's fault is noted and the others still taken."""
    outcome = Outcome()
    worked = 0
    for item in items:
        if worked >= settings.FETCH_MAX_ITEMS:
            break
        try:
            worked += take_item(source, item, outcome)
        except Exception as exc:  # a fault of ours on this item: noted, retried later
            log.exception("item %s of %s", item.guid, source)
            with contextlib.suppress(Exception):
                _failed_item(source, item, f"Internal error: {exc}")
            outcome.problems.append(f"{item.url or item.guid}: internal error: {exc}")
            worked += 1
    return outcome


def _known(url: str, digest: str = "") -> bool:
    """Whether the tracker already has this article: a source of an event, an article to
    review, or an item some watched source saw."""
    by_url = bool(url) and (
        Source.objects.filter(url=url).exists()
        or ArticleImport.objects.filter(url=url).exists()
        or SeenItem.objects.filter(url=url).exclude(outcome=SeenItem.Outcome.FAILED).exists()
    )
    by_text = bool(digest) and (
        ArticleImport.objects.filter(text_hash=digest).exists()
        or SeenItem.objects.filter(text_hash=digest).exists()
    )
    return by_url or by_text


def _seen(source: WatchedSource, item: Item, outcome: str, **fields: Any) -> None:
    SeenItem.objects.update_or_create(
        source=source,
        guid=item.guid,
        defaults={"url": item.url, "outcome": outcome, **fields},
    )


def _failed_item(source: WatchedSource, item: Item, error: str) -> None:
    before = SeenItem.objects.filter(source=source, guid=item.guid).first()
    attempts = (before.attempts + 1) if before else 1
    _seen(source, item, SeenItem.Outcome.FAILED, attempts=attempts, error=printable(error)[:500])


def take_item(source: WatchedSource, item: Item, outcome: Outcome) -> bool:
    """Make an article to review of the item, unless the tracker has it already; whether
    it needed work (a fetch or an attempt), not just a look at what is known."""
    before = SeenItem.objects.filter(source=source, guid=item.guid).first()
    if before is not None and (
        before.outcome != SeenItem.Outcome.FAILED or before.attempts >= settings.FETCH_ITEM_ATTEMPTS
    ):
        outcome.skipped += 1
        return False
    if _known(item.url):
        _seen(source, item, SeenItem.Outcome.DUPLICATE)
        outcome.skipped += 1
        return False
    try:
        page = _item_text(item)
    except FetchError as exc:
        _failed_item(source, item, str(exc))
        outcome.problems.append(f"{item.url or item.guid}: {exc}")
        return True
    text = page.text
    if len(text.split()) < MIN_WORDS:
        _seen(source, item, SeenItem.Outcome.NO_TEXT)
        outcome.skipped += 1
        return True
    digest = drafts.text_hash(text)
    if _known("", digest):
        _seen(source, item, SeenItem.Outcome.DUPLICATE, text_hash=digest)
        outcome.skipped += 1
        return True
    try:
        with transaction.atomic():
            article = ArticleImport.objects.create(
                title=(item.title or page.title)[:400],
                url=item.url,
                outlet=(source.outlet or source.name)[:200],
                published=item.published or page.published,
                text=text,
                watched_source=source,
                text_hash=digest,
            )
            _seen(source, item, SeenItem.Outcome.ARTICLE, text_hash=digest, article=article)
            found = drafts.add_drafts(article)
    except IntegrityError:  # another fetch made the same article first
        _seen(source, item, SeenItem.Outcome.DUPLICATE, text_hash=digest)
        outcome.skipped += 1
        return True
    outcome.articles += 1
    outcome.drafts += len(found)
    return True


def _item_text(item: Item) -> Page:
    if len(item.content.split()) >= FULL_CONTENT_WORDS or not item.url:
        return Page(without_headline(clean_text(item.content), item.title), url=item.url)
    return fetch_page(item.url, headline=item.title)


def fetch_page(url: str, *, headline: str = "") -> Page:
    """The article at the URL, fetched as a watched source's items are (robots.txt, the
    safe fetch); "Add from URL" uses it too."""
    allowed_by_robots(url)
    answer = fetch(url, accept=PAGE_TYPES)
    if not 200 <= answer.status < 300:
        raise FetchError(f"The page answered HTTP {answer.status}.")
    return page_text(answer, headline)
