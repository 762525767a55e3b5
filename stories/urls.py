"""Stories' pages, feeds and exports (the "stories" namespace), under /stories/."""

from django.urls import path

from . import feeds, views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="story-list"),
    path("<slug:slug>/", views.story_detail, name="story"),
    path("<slug:slug>/print/", views.story_print, name="story-print"),
    path("<slug:slug>/feed.atom", feeds.story_feed, name="story-feed"),
    path("<slug:slug>.md", views.story_markdown, name="story-markdown"),
    path("<slug:slug>.pdf", views.story_pdf, name="story-pdf"),
    path("<slug:slug>.json", views.story_json, name="story-json"),
]
