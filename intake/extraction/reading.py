"""An article as text: read from a paste or an upload (text or HTML, with optional header
lines), and cut into sentences in linear time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.validators import CONTROL

MAX_CHARS = 200_000


class ExtractionError(ValueError):
    """Input that cannot be read as an article."""


@dataclass
class Article:
    text: str
    published: date | None = None
    title: str = ""
    outlet: str = ""
    url: str = ""
    home: str | None = None  # the country the source speaks for, when known beforehand


# The header lines an article may start with.
HEADER_LINE = re.compile(r"^(Published|Outlet|Title|URL):\s*", re.I)


def read_article(raw: bytes | str, **overrides: Any) -> Article:
    """Text (or HTML) with optional "Published:", "Outlet:", "Title:", "URL:" header lines."""
    if isinstance(raw, bytes):
        if b"\x00" in raw[:4096]:
            raise ExtractionError("This looks like binary data, not an article.")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ExtractionError("The article is not UTF-8 text.") from exc
    if "\x00" in raw:
        raise ExtractionError("This looks like binary data, not an article.")
    if len(raw) > MAX_CHARS:
        raise ExtractionError(f"The article is longer than {MAX_CHARS:,} characters.")
    if "<" in raw and re.search(r"<(?:p|div|html|body|br)\b", raw, re.I):
        import nh3

        raw = re.sub(r"</?(?:p|div|br|h\d|li)\b[^>]{0,2000}>", "\n\n", raw, flags=re.I)
        raw = nh3.clean(raw, tags=set())
        import html

        raw = html.unescape(raw)
    headers: dict[str, str] = {}
    lines = raw.strip().splitlines()
    while lines and HEADER_LINE.match(lines[0]):
        key, _, value = lines.pop(0).partition(":")
        headers[key.strip().lower()] = value.strip()
    text = "\n".join(lines).strip()
    if not text:
        raise ExtractionError("The article is empty.")
    published = overrides.get("published")
    if published is None and headers.get("published"):
        try:
            published = date.fromisoformat(headers["published"])
        except ValueError as exc:
            raise ExtractionError(
                f"Cannot read the Published: date {headers['published']!r}."
            ) from exc
    return Article(
        text=text,
        published=published,
        title=overrides.get("title") or headers.get("title", ""),
        outlet=overrides.get("outlet") or headers.get("outlet", ""),
        url=overrides.get("url") or headers.get("url", ""),
    )


def clean_text(text: str) -> str:
    """Fetched text as an article: no control characters, a blank line between paragraphs
    (one a line as fetched), at most MAX_CHARS."""
    lines = (" ".join(line.split()) for line in CONTROL.sub("", text).splitlines())
    return "\n\n".join(line for line in lines if line)[:MAX_CHARS]


# A sentence ends at . ! or ? before a capital, but not "12:01 a.m. ET on Thursday".
SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z\"“‘(])"
    r"(?!(?:ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|IST|JST|KST)\b)"
)
# A dateline opening a paragraph: "WASHINGTON --", "WASHINGTON, Aug. 26 (Yonhap) --".
DATELINE = re.compile(
    # "(Yicai) March 10 --": an agency and the day, without a place.
    r"^\([\w .'-]{2,30}\)\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*(?:--|[-–—])\s*|"
    # "Taipei, Oct. 30 (CNA) ": a place, the day and the agency.
    r"^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+\([\w .'-]{2,30}\)"
    r"\s+(?=[A-Z])|"
    # "Honiara (AFP) June 24, 2024 - ": a place, the agency and the day.
    r"^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+\([\w .'-]{2,30}\)\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},?"
    r"(?:\s+\d{4})?\s*(?:--|[-–—])\s*|"
    r"^[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][a-z]{2,4}\.?\s+\d{1,2})?"
    r"(?:(?:\s*\([\w .]{2,30}\))?\s+(?:--|[-–—])\s+"
    # "JEDDAH (UrduPoint / Pakistan Point News - 28th Mar, 2023 ) :": an agency's line,
    # or "NEW YORK, (UrduPoint / Pakistan Point News / WAM - 24th Sep, 2025) H.H. …".
    r"|\s*\([^()]{2,80}\)\s*(?:--|[-–—:])\s*|,\s*\([^()]{2,80}\)\s+(?=[A-Z]))"
)
ABBREVIATIONS = re.compile(
    r"(?:\b(?:U\.S|U\.K|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec|Hon|Prof|Shri|Sri|Smt|H\.E)|(?<![\w.])[A-Z])\.$"
)


MAX_SENTENCE = 1_000  # characters; a longer run without a sentence end is cut at clauses


def sentences(text: str) -> list[str]:
    """The text's sentences, in order. Linear: a piece that ends in an abbreviation joins
    the next one (so does one inside parentheses), and a "sentence" longer than
    MAX_SENTENCE is cut at clause breaks (or hard), so no rule ever reads more than
    MAX_SENTENCE characters at once."""
    out: list[str] = []
    # A list item is a sentence of its own: "- The Royal Audience with …" under "Major
    # programmes".
    for block in re.split(r"\n\s*\n|\n[ \t]*(?=[-•*–][ \t]+\S)", text):
        for paragraph in _lines_apart(block):
            out.extend(_paragraph_sentences(paragraph))
    return [s for s in out if s]


def _lines_apart(block: str) -> list[str]:
    """A block's paragraphs: its lines are one paragraph when they wrap it (each ending
    mid-sentence, near the longest line's length), and paragraphs of their own when a line
    ends a sentence, is much shorter than the longest (a heading, a date line: "President
    Stubb to make state visit to Estonia" / "15 May 2024" / "President … will make …") or
    longer than any wrapping."""
    lines = [line for line in block.split("\n") if line.strip()]
    if len(lines) < 2:
        return [block]
    longest = max(len(line.strip()) for line in lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        current.append(line)
        stripped = line.strip()
        # A line longer than any wrapping is a paragraph whole, though it ends without a
        # stop: a photograph's caption ("… Antofagasta - Credit: Ricardo Stuckert/Secom-PR").
        if (
            LINE_ENDS_SENTENCE.search(stripped)
            or len(stripped) < 0.6 * longest
            or len(stripped) > UNWRAPPED
        ):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


LINE_ENDS_SENTENCE = re.compile(r"[.!?:][\"”’)]?$")
UNWRAPPED = 200  # characters: no text is wrapped at lines this long


def _paragraph_sentences(paragraph: str) -> list[str]:
    out: list[str] = []
    paragraph = re.sub(r"^\s*[-•*–][ \t]+", "", paragraph)
    paragraph = " ".join(paragraph.split())
    paragraph = DATELINE.sub("", paragraph)
    pieces: list[str] = []
    depth = length = 0  # parentheses left open, characters held
    for piece in SENTENCE_END.split(paragraph):
        pieces.append(piece)
        depth += piece.count("(") - piece.count(")")
        length += len(piece) + 1
        if ABBREVIATIONS.search(piece[-8:]):
            continue
        # No sentence ends inside parentheses: "at 10:45 a.m. local time (11:45 p.m.
        # Japan time), Minister Kamikawa … signed".
        if depth > 0 and length < MAX_SENTENCE:
            continue
        out.extend(_bounded(" ".join(pieces)))
        pieces = []
        depth = length = 0
    if pieces:
        out.extend(_bounded(" ".join(pieces)))
    return out


def _bounded(sentence: str) -> list[str]:
    """A sentence of at most MAX_SENTENCE characters, or its clauses grouped up to that."""
    if len(sentence) <= MAX_SENTENCE:
        return [sentence]
    out, current = [], ""
    for clause in re.split(r"(?<=[;,:])\s+", sentence):
        while len(clause) > MAX_SENTENCE:
            cut = clause.rfind(" ", 0, MAX_SENTENCE)
            cut = cut if cut > 0 else MAX_SENTENCE
            out.append(clause[:cut])
            clause = clause[cut:].lstrip()
        if current and len(current) + 1 + len(clause) > MAX_SENTENCE:
            out.append(current)
            current = ""
        current = f"{current} {clause}" if current else clause
    if current:
        out.append(current)
    return out
