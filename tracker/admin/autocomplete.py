"""The admin's autocomplete, with more said about actors: their current title and
country, so an editor picks the right one and the review screen can fill them in."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.views.autocomplete import AutocompleteJsonView

from tracker.models import Actor


class AutocompleteView(AutocompleteJsonView):
    def serialize_result(self, obj: Any, to_field_name: str) -> dict[str, Any]:
        result: dict[str, Any] = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Actor):
            country = obj.country.name if obj.country_id and obj.country else ""
            details = ", ".join(part for part in (obj.title, country) if part)
            result.update(
                text=f"{obj.name} — {details}" if details else obj.name,
                title=obj.title,
                country=obj.country_id or "",
                country_name=country,
            )
        return result
