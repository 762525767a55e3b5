"""One input layer for the whole site: control characters in a URL or a form are refused
with a 400 before any view, filter or query sees them.

PostgreSQL cannot store or compare text holding a NUL character, and a tab or a newline
inside a URL changes how browsers read a link built from it; no legitimate link or form
field of this site carries them (line breaks and tabs in form fields are text, and stay
allowed there)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .validators import CONTROL, MESSAGE

# C0 controls and DEL; in form fields, tab, line feed and carriage return are text.
URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FORM_CONTROL = CONTROL
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def bad_request(request: HttpRequest, message: str, fields: Iterable[str] = ()) -> HttpResponse:
    """A 400 in the form the client reads: JSON under /api/ (keyed by the parameters at
    fault, as the API's other errors are), a page elsewhere."""
    if request.path.startswith("/api/"):
        body: dict[str, Any] = {name: [MESSAGE] for name in fields} or {"detail": message}
        return JsonResponse(body, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def at_fault(pairs: Iterable[tuple[str, list[str]]], pattern: re.Pattern[str]) -> list[str]:
    """Names of the parameters whose name or a value holds a character of ``pattern``."""
    return [
        key
        for key, values in pairs
        if pattern.search(key) or any(pattern.search(v) for v in values)
    ]


class RefuseControlCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if URL_CONTROL.search(request.path):
            return bad_request(request, "The address contains control characters.")
        names = at_fault(request.GET.lists(), URL_CONTROL)
        if names:
            return bad_request(request, "The address contains control characters.", names)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            names = at_fault(request.POST.lists(), FORM_CONTROL)
            if names:
                return bad_request(request, "The form contains control characters.", names)
        return self.get_response(request)
