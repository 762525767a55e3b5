"""URL configuration: the admin today; the timeline, API and feeds mount here too."""

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Engagement tracker"
admin.site.site_title = "Engagement tracker admin"
admin.site.index_title = "Record"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
