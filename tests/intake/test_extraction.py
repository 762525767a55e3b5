"""Article text to draft events: dates, actors, figures, kinds; commands and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from intake.extraction import dates
from intake.extraction.evaluate import evaluate
from intake.extraction.pipeline import (
    MAX_CHARS,
    Article,
    ExtractionError,
    Gazetteer,
    extract,
    read_article,
)

ARTICLES = Path(__file__).resolve().parent / "articles"
FRIDAY = date(2025, 2, 14)


def first(sentence: str, published: date | None = FRIDAY) -> dates.DateMention:
    return dates.find(sentence, published)[0]


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("They met on Thursday.", "2025-02-13", None),
        ("They met on Friday.", "2025-02-14", None),  # the publication day itself
        ("Talks resume next Wednesday.", "2025-02-19", None),
        ("He arrived last week.", "2025-02", None),
        ("Earlier this month the data came out.", "2025-02", None),
        ("The flight landed on February 5.", "2025-02-05", None),
        ("It ends on 12 March 2026.", "2026-03-12", None),
        ("Exports rose in February 2025.", "2025-02", None),
        ("Deportations from 2009 to 2024 rose.", "2009", "2024"),
        ("A deal by the fall of 2025.", "2025", None),
        ("A deal by the end of 2026.", "2026", None),
    ],
)
def test_dates_resolve_against_publication(sentence: str, start: str, end: str | None) -> None:
    mention = first(sentence)
    assert mention.start is not None
    assert mention.start.isoformat() == start
    assert (mention.end.isoformat() if mention.end else None) == end


def test_last_week_is_its_month_or_its_two_months() -> None:
    within = first("He arrived last week.", date(2025, 3, 12))  # 3-9 March
    assert within.start is not None
    assert (within.start.isoformat(), within.end, within.vague) == ("2025-03", None, True)
    across = first("He arrived last week.", date(2025, 3, 5))  # 24 February-2 March
    assert across.start is not None
    assert across.end is not None
    assert (across.start.isoformat(), across.end.isoformat()) == ("2025-02", "2025-03")
    # "Over the past week": the seven days before publication, whatever their weekdays.
    past = first("Over the past week Rubio also spoke by phone with him.", date(2025, 1, 27))
    assert past.start is not None
    assert (past.start.isoformat(), past.end, past.vague) == ("2025-01", None, True)
    past = first("In the past week he met them.", date(2025, 2, 3))  # 27 January-3 February
    assert past.start is not None
    assert past.end is not None
    assert (past.start.isoformat(), past.end.isoformat()) == ("2025-01", "2025-02")


def test_relative_dates_without_a_publication_date_stay_unresolved() -> None:
    mention = first("They met on Thursday.", None)
    assert (mention.start, mention.relative) == (None, True)
    drafts = extract(Article("Trump and Modi spoke by phone on Thursday.", published=None))
    assert drafts[0].start is None
    assert drafts[0].unresolved == ["on Thursday"]


def test_the_reference_and_project_articles_score_at_least_90_percent() -> None:
    score = evaluate(ARTICLES, Gazetteer())
    summary = score.summary()
    assert score.expected_events >= 15
    assert summary["event_recall"] >= 0.9, score.misses
    assert summary["date_accuracy"] >= 0.9, score.misses
    assert summary["participant_recall"] >= 0.9, score.misses
    assert summary["figure_recall"] >= 0.9, score.misses
    assert summary["invented_precise_dates"] == 0
    # Kind, date at its precision and countries all right: no lower than it stands.
    assert score.tally("events").f1 >= 0.97, score.misses


def test_a_draft_carries_what_an_editor_needs() -> None:
    article = read_article((ARTICLES / "modi-washington.txt").read_bytes())
    visit = extract(article)[0].as_json()
    assert (visit["kind"], visit["start"], visit["status"]) == ("visit", "2025-02-13", "occurred")
    assert {p["name"] for p in visit["participants"]} == {"Narendra Modi", "Donald Trump"}
    assert visit["figures"][0]["value"] == 500_000_000_000
    assert visit["figures"][0]["unit"] == "USD"
    assert "White House" in visit["evidence"]
    assert 0 < visit["confidence"] <= 1


@pytest.mark.django_db
def test_extract_events_command_json_and_table() -> None:
    out = StringIO()
    call_command("extract_events", str(ARTICLES / "steel-tariffs.txt"), stdout=out)
    result = json.loads(out.getvalue())
    assert result["source"]["published"] == "2025-02-11"
    assert [e["start"] for e in result["events"]][:2] == ["2025-02-10", "2025-03-12"]
    assert result["events"][1]["status"] == "scheduled"
    # Everyone the article names, once each by their fullest name.
    people = {p["name"]: p for p in result["people"]}
    assert people["Donald Trump"]["title"] == "President"
    assert "Anthony Albanese" in people
    assert "Trump" not in people
    table = StringIO()
    call_command(
        "extract_events", str(ARTICLES / "steel-tariffs.txt"), format="table", stdout=table
    )
    assert "trade-measure" in table.getvalue()
    assert "Named in the article:\n  Donald Trump (President)" in table.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "options", "message"),
    [
        (b"", {}, "empty"),
        (b"Published: 2025-01-01\n\n   \n", {}, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", {}, "binary"),
        (b"x" * (MAX_CHARS + 1), {}, "longer than"),
        (b"\xff\xfe\xfa", {}, "UTF-8"),
        (b"Modi met Trump on Friday.", {"published": "14/02/2025"}, "--published"),
        (b"Published: someday\n\nModi met Trump.", {}, "Published:"),
    ],
)
def test_bad_input_is_refused_clearly(
    tmp_path: Path, content: bytes, options: dict[str, str], message: str
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("extract_events", str(path), stdout=StringIO(), **options)


def test_command_exit_status_and_stdin(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    # A database of its own: the command reads the record's actors.
    env = {**_env(), "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True)
    command = [sys.executable, "manage.py", "extract_events", "-", "--published", "2025-02-14"]
    text = b"Modi and Trump spoke by phone on Monday."
    ok = subprocess.run(command, input=text, cwd=root, capture_output=True, env=env, check=False)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["events"][0]["start"] == "2025-02-10"
    bad = subprocess.run(command, input=b"", cwd=root, capture_output=True, env=env, check=False)
    assert bad.returncode != 0
    assert b"empty" in bad.stderr


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_eval_extraction_command(capsys: pytest.CaptureFixture[str], db: None) -> None:
    call_command("eval_extraction", str(ARTICLES))
    summary = json.loads(capsys.readouterr().out)
    assert summary["event_recall"] >= 0.9
    with pytest.raises(CommandError, match="not a directory"):
        call_command("eval_extraction", str(ARTICLES / "nope"))


def test_read_article_accepts_html() -> None:
    article = read_article(
        b"<html><body><p>Published: 2025-02-14</p><p>Modi met Trump on Thursday.</p></body></html>",
        published=date(2025, 2, 14),
    )
    assert "<p>" not in article.text
    assert extract(article)[0].start is not None


def test_an_article_must_have_text() -> None:
    with pytest.raises(ExtractionError):
        read_article("Published: 2025-01-01\nOutlet: X\n")
