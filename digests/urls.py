"""Digest subscribers' pages, under /digests/."""

from django.urls import path

from . import views

app_name = "digests"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="subscription-confirm"),
    path("manage/<str:token>/", views.manage, name="subscription-manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preview/<str:token>/", views.preview, name="subscription-preview"),
    path("preview-id/<int:pk>/", views.preview_by_id, name="digest-preview"),
]
