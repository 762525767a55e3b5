"""Public web pages, feeds and exports (the "tracker" namespace)."""

from django.urls import path

from . import feeds, views

app_name = "tracker"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("lanes/", views.lanes_view, name="lanes"),
    path("changes/", views.changes, name="changes"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>.ics", feeds.event_ics, name="event-ics"),
    path("actors/suggest/", views.actor_suggestions, name="actor-suggestions"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("countries/<str:first>/<str:second>/", views.country_pair, name="pair"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("feeds/events.atom", feeds.events_feed, name="feed"),
    path("calendar.ics", feeds.calendar_ics, name="calendar"),
    path("export/timeline.json", feeds.timeline_json, name="timelinejs"),
    path("export/events.csv", feeds.events_csv, name="csv"),
]
