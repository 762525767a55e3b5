"""Hostile articles: every rule of extraction is linear or bounded, and a time budget
stops what is left. Each input is read to the end well inside a budget far beyond what
a real article needs (a quadratic rule took minutes on several of them), and memory
stays small."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from intake.extraction.pipeline import MAX_CHARS, Article, ExtractionError, read_article, run
from tests.conftest import run_python

LIMIT = MAX_CHARS - 1_000


def repeat(piece: str) -> str:
    return (piece * (LIMIT // len(piece) + 1))[:LIMIT]


def names(n: int) -> str:
    """Sentences introducing ever new people by title: the gazetteer of people grows."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = []
    for i in range(n):
        a, b, c = letters[i % 26], letters[i // 26 % 26], letters[i // 676 % 26]
        out.append(f"President Al{a}{b}{c} Bo{a}{b} met Foreign Minister Ca{b}{a} Di{c}{a}.")
    return " ".join(out)[:LIMIT]


PATHOLOGICAL = {
    "repeated abbreviations": repeat("Mr. "),
    "no sentence ends": repeat("the minister spoke with officials about trade and tariffs "),
    "digits": "1" * LIMIT,
    "digits with separators": repeat("1,000,000.5 "),
    "nested quotes": '"' * (LIMIT // 2) + "x" + '"' * (LIMIT // 2),
    "capitalised words": repeat("Alpha Beta Gamma Delta "),
    "titles without names": repeat("President "),
    "ever new people": names(5_000),
    "unclosed tags": repeat("<p "),
    "dates everywhere": repeat("on Monday, February 10, 2025 and from 2009 to 2024, "),
    "a real sentence, again": repeat(
        "Deputy Secretary of State Christopher Landau spoke with Foreign Secretary Vikram "
        "Misri on Monday about tariffs of 25% and a deficit of $45.7 billion in 2024. "
    ),
}
BUDGET = 20.0  # seconds; every input here is read whole in about one


# Inputs that are no article at all once read (markup only): refused with a message.
REFUSED = {"unclosed tags": "The article is empty."}


def test_markup_only_is_refused_with_a_message() -> None:
    for name, message in REFUSED.items():
        with pytest.raises(ExtractionError, match=message):
            read_article(PATHOLOGICAL[name])


def test_hostile_texts_are_read_whole_within_the_budget_and_memory_stays_small() -> None:
    """All inputs in one process of its own, each read whole within the budget; then the
    process's peak resident memory (VmHWM: its own, not ru_maxrss, which Linux carries over
    from the parent across fork and exec and so would report the size of the test worker)."""
    code = (
        "import json, django; django.setup()\n"
        "from datetime import date\n"
        "from tests.intake.test_pathological import BUDGET, PATHOLOGICAL, REFUSED\n"
        "from intake.extraction.pipeline import read_article, run\n"
        "notes = {}\n"
        "for name, text in PATHOLOGICAL.items():\n"
        "    if name not in REFUSED:\n"
        "        found = run(read_article(text, published=date(2025, 2, 11)), budget=BUDGET)\n"
        "        notes[name] = '' if found.complete else found.note or 'incomplete'\n"
        "peak = [line for line in open('/proc/self/status') if line.startswith('VmHWM:')]\n"
        "print(json.dumps({'notes': notes, 'mb': int(peak[0].split()[1]) / 1024}))\n"
    )
    result = run_python("-c", code, env={"DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report["notes"]) == set(PATHOLOGICAL) - set(REFUSED)
    assert {name: note for name, note in report["notes"].items() if note} == {}
    assert report["mb"] < 300, report


def test_the_budget_stops_extraction_with_what_it_found() -> None:
    text = "Modi met Trump at the White House on February 13, 2025. " * 200
    found = run(Article(text=text, published=date(2025, 2, 14)), budget=0)
    assert not found.complete
    assert found.read < found.sentences
    assert "time budget" in found.note


def test_text_beyond_the_limit_is_refused_unread() -> None:
    with pytest.raises(ExtractionError, match="longer than"):
        read_article("1" * 1_000_000)


@pytest.mark.django_db
def test_the_admin_reads_a_hostile_article_and_says_so(client: Client, editor: Any) -> None:
    client.force_login(editor)
    response = client.post(
        "/admin/intake/articleimport/add/",
        {"text": PATHOLOGICAL["repeated abbreviations"], "published": "2025-02-11"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Found 0 draft event(s)" in response.content.decode()
