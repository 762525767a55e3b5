"""Public web pages."""

from django.urls import path

from . import subscriptions, views

app_name = "tracker"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>.ics", views.event_ics, name="event-ics"),
    path("actors/suggest/", views.actor_suggestions, name="actor-suggestions"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("countries/<str:first>/<str:second>/", views.country_pair, name="pair"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("feeds/events.atom", views.EventsFeed(), name="feed"),
    path("calendar.ics", views.calendar_ics, name="calendar"),
    path("export/timeline.json", views.timeline_json, name="timelinejs"),
    path("export/events.csv", views.events_csv, name="csv"),
    path("digests/subscribe/", subscriptions.subscribe, name="subscribe"),
    path("digests/confirm/<str:token>/", subscriptions.confirm, name="subscription-confirm"),
    path("digests/manage/<str:token>/", subscriptions.manage, name="subscription-manage"),
    path("digests/unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("digests/preview/<str:token>/", subscriptions.preview, name="subscription-preview"),
    path("digests/preview-id/<int:pk>/", subscriptions.preview_by_id, name="digest-preview"),
]
