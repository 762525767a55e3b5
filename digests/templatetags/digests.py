"""``{% subscribe_form query %}``: the "email me about this view" form, for
any page that shows a view of the record."""

from __future__ import annotations

from typing import Any

from django import template

from digests.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("digests/_subscribe.html", takes_context=True)
def subscribe_form(context: dict[str, Any], query: str) -> dict[str, Any]:
    return {
        "form": SubscribeForm(initial={"filters": query}),
        "csrf_token": context.get("csrf_token"),
    }
