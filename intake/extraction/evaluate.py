"""Compare extraction with hand-written expectations (``name.txt`` + ``name.expected.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .pipeline import Draft, Gazetteer, extract, read_article

COMPATIBLE = {
    ("visit", "meeting"),
    ("meeting", "visit"),
    ("agreement", "statement"),
    ("statement", "agreement"),
    ("sanction", "trade-measure"),
}
PRECISION_RANK = {None: 0, "year": 1, "month": 2, "day": 3}


@dataclass
class Score:
    expected_events: int = 0
    extracted_events: int = 0
    matched_events: int = 0
    dates_right: int = 0
    invented_dates: int = 0
    expected_participants: int = 0
    found_participants: int = 0
    expected_figures: int = 0
    found_figures: int = 0
    misses: list[str] = field(default_factory=list)

    def ratio(self, part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    def summary(self) -> dict[str, float | int]:
        return {
            "event_recall": round(self.ratio(self.matched_events, self.expected_events), 3),
            "event_precision": round(self.ratio(self.matched_events, self.extracted_events), 3),
            "date_accuracy": round(self.ratio(self.dates_right, self.matched_events), 3),
            "participant_recall": round(
                self.ratio(self.found_participants, self.expected_participants), 3
            ),
            "figure_recall": round(self.ratio(self.found_figures, self.expected_figures), 3),
            "invented_precise_dates": self.invented_dates,
        }


def _precision(start: str | None) -> str | None:
    if not start:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(start))


def _kind_fits(expected: str, extracted: str) -> bool:
    return expected == extracted or (expected, extracted) in COMPATIBLE


def score_article(expected: dict[str, Any], drafts: list[Draft], name: str, score: Score) -> None:
    extracted = [d.as_json() for d in drafts]
    score.expected_events += len(expected["events"])
    score.extracted_events += len(extracted)
    unused = list(range(len(extracted)))
    for event in expected["events"]:
        candidates = [i for i in unused if _kind_fits(event["kind"], extracted[i]["kind"])]
        same_day = [i for i in candidates if extracted[i]["start"] == event.get("start")]
        choices = same_day or candidates
        pick = choices[0] if choices else None
        people = event.get("participants", [])
        figures = event.get("figures", [])
        score.expected_participants += len(people)
        score.expected_figures += len(figures)
        if pick is None:
            score.misses.append(f"{name}: no {event['kind']} on {event.get('start')}")
            continue
        unused.remove(pick)
        got = extracted[pick]
        score.matched_events += 1
        if got["start"] == event.get("start"):
            score.dates_right += 1
        else:
            score.misses.append(
                f"{name}: {event['kind']} dated {got['start']}, expected {event.get('start')}"
            )
        if (
            PRECISION_RANK[_precision(got["start"])]
            > PRECISION_RANK[_precision(event.get("start"))]
        ):
            score.invented_dates += 1
        names = {p["name"].lower() for p in got["participants"]}
        for person in people:
            if person.lower() in names:
                score.found_participants += 1
            else:
                score.misses.append(f"{name}: {event['kind']} lacks {person}")
        values = {(Decimal(str(f["value"])), f["unit"]) for f in got["figures"]}
        for figure in figures:
            if (Decimal(str(figure["value"])), figure["unit"]) in values:
                score.found_figures += 1
            else:
                score.misses.append(
                    f"{name}: {event['kind']} lacks {figure['value']} {figure['unit']}"
                )


def evaluate(directory: Path, gazetteer: Gazetteer | None = None) -> Score:
    score = Score()
    gazetteer = gazetteer or Gazetteer()
    for text in sorted(directory.glob("*.txt")):
        expected_file = text.with_name(text.stem + ".expected.json")
        if not expected_file.exists():
            continue
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
        article = read_article(text.read_bytes())
        score_article(expected, extract(article, gazetteer), text.stem, score)
    return score
