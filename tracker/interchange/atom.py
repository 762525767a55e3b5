"""Atom for feed readers: summaries are plain text (Django marks them HTML, and feed
readers would then run markup typed into a summary), and text XML cannot carry is
dropped."""

from __future__ import annotations

from typing import Any

from django.utils.feedgenerator import Atom1Feed

from tracker.validators import CONTROL


def printable(text: str) -> str:
    """XML cannot carry control characters; drop them from feed text."""
    return CONTROL.sub("", text)


class PlainTextAtomFeed(Atom1Feed):
    """Atom with summaries marked as what they are: plain text (Django marks them HTML,
    and feed readers would then run markup typed into a summary)."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description"):
            handler.addQuickElement("summary", item["description"], {"type": "text"})
