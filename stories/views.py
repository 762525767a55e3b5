"""Stories' public pages and exports: the list, a story, its printable layout, and its
Markdown, PDF and JSON files. Every one is for whoever may read the record
(tracker.permissions); the files count against EXPORT_RATE as the timeline's exports do."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tracker.permissions import readers_only
from tracker.web.feeds import exports

from . import interchange, pdf, selectors
from .models import Story

PAGE_SIZE = 50


def _story(slug: str) -> Story:
    return get_object_or_404(Story, slug=slug)


def _file(content: str | bytes, content_type: str, story: Story, suffix: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # Slugs are ASCII letters, digits, "-" and "_" (the URL's converter and a check).
    response["Content-Disposition"] = f'inline; filename="{story.slug}.{suffix}"'
    return response


@readers_only
def story_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.stories(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stories/story_list.html", {"page": page, "page_title": "Stories"})


@readers_only
def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    story = _story(slug)
    context = {
        "story": story,
        "entries": selectors.entries_of(story),
        "can_edit": request.user.has_perm("stories.change_story"),
    }
    return render(request, "stories/story_detail.html", context)


@readers_only
def story_print(request: HttpRequest, slug: str) -> HttpResponse:
    story = _story(slug)
    context = {
        "story": story,
        "entries": selectors.entries_of(story),
        "story_url": request.build_absolute_uri(story.get_absolute_url()),
    }
    return render(request, "stories/story_print.html", context)


@exports
def story_markdown(request: HttpRequest, slug: str) -> HttpResponse:
    story = _story(slug)
    text = interchange.to_markdown(story, selectors.entries_of(story), request.build_absolute_uri)
    return _file(text, "text/markdown; charset=utf-8", story, "md")


@exports
def story_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    story = _story(slug)
    document = pdf.to_pdf(story, selectors.entries_of(story), request.build_absolute_uri)
    return _file(document, "application/pdf", story, "pdf")


@exports
def story_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The file ``export_story`` writes and ``import_story`` reads."""
    story = _story(slug)
    text = interchange.to_json(story, selectors.entries_of(story))
    return _file(text, "application/json", story, "json")
