"""URL configuration: the public pages, the admin, the JSON API and its documentation."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

admin.site.site_header = "Engagement tracker"
admin.site.site_title = "Engagement tracker admin"
admin.site.index_title = "Record"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("tracker.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include("tracker.urls")),
]

handler404 = "tracker.api.errors.not_found"
handler500 = "tracker.api.errors.server_error"
