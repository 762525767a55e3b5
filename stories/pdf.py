"""A story as a PDF (fpdf2): its title and introduction, then each entry in order: the
editor's note, the event's date, title (linked to its page), kind and countries.

Text is set in DejaVu Sans, embedded from ``stories/fonts/`` (with its licence), so
titles and names in Latin, Greek and Cyrillic scripts print whatever fonts the server
has. Characters the font lacks (Chinese, Japanese, Korean) are left out of the PDF."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from tracker.choices import EventStatus

from .models import Story, StoryEntry

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
INK = (29, 31, 33)
MUTED = (91, 96, 102)
ACCENT = (29, 78, 216)
LINE = (220, 220, 214)


class StoryPDF(FPDF):
    """A4, embedded DejaVu Sans, the story's title and page numbers in each footer."""

    def __init__(self, story_title: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.story_title = story_title
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        title = self.story_title if len(self.story_title) <= 80 else self.story_title[:79] + "…"
        self.cell(0, 5, f"{title} · page {self.page_no()} of {{nb}}", align="C")


def _paragraphs(pdf: FPDF, text: str, size: float, colour: tuple[int, int, int]) -> None:
    pdf.set_font(FAMILY, "", size)
    pdf.set_text_color(*colour)
    for block in [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]:
        pdf.multi_cell(0, size * 0.5, block, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)


def to_pdf(story: Story, entries: list[StoryEntry], link: Callable[[str], str]) -> bytes:
    """The story as PDF bytes; ``link`` makes a path absolute (the events' links)."""
    pdf = StoryPDF(story.title)
    pdf.set_title(story.title)
    pdf.set_author("Engagement tracker")
    pdf.set_creator("Engagement tracker")
    pdf.set_lang("en")
    pdf.set_creation_date(story.updated)
    pdf.add_page()

    pdf.set_font(FAMILY, "B", 20)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 9, story.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    if story.summary.strip():
        _paragraphs(pdf, story.summary, 11, INK)
    pdf.set_font(FAMILY, "", 8.5)
    pdf.set_text_color(*MUTED)
    count = f"{len(entries)} event{'' if len(entries) == 1 else 's'}"
    pdf.multi_cell(
        0,
        4.5,
        f"{count} · {link(story.get_absolute_url())}",
        align="L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )

    for n, entry in enumerate(entries, 1):
        event = entry.event
        if pdf.will_page_break(40):
            pdf.add_page()
        pdf.ln(3)
        pdf.set_draw_color(*LINE)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(3)
        if entry.note.strip():
            _paragraphs(pdf, entry.note, 10.5, MUTED)
            pdf.ln(0.5)
        pdf.set_font(FAMILY, "B", 10)
        pdf.set_text_color(*INK)
        pdf.multi_cell(
            0, 5, f"{n}. {event.display_date}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.set_font(FAMILY, "B", 13)
        pdf.set_text_color(*ACCENT)
        pdf.multi_cell(
            0,
            6.2,
            event.title,
            align="L",
            link=link(event.get_absolute_url()),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        facts = [event.kind.name]
        if event.status != EventStatus.OCCURRED:
            facts.append(event.get_status_display())
        countries = ", ".join(c.name for c in event.countries.all())
        if countries:
            facts.append(countries)
        pdf.set_font(FAMILY, "", 9.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 5, " · ".join(facts), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


# fpdf2 warns about each character the font lacks, and fontTools logs each font subset
# at INFO: a story with Chinese names would fill the log on every download.
logging.getLogger("fpdf.output").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.WARNING)
