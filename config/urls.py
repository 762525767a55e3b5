"""URL configuration: the public pages, the admin, the JSON API and its documentation."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from tracker.admin.autocomplete import AutocompleteView
from tracker.health import healthz
from tracker.limits import limit_posts
from tracker.web.views import favicon

admin.site.site_header = "Engagement tracker"
admin.site.site_title = "Engagement tracker admin"
admin.site.index_title = "Record"

# Sign-in attempts per client address (LOGIN_RATE); a refused one gets a 429 page.
admin.site.login = limit_posts("LOGIN_RATE")(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    # The admin's autocomplete, saying more about actors (tracker/admin/autocomplete.py).
    path(
        "admin/autocomplete/",
        admin.site.admin_view(AutocompleteView.as_view(admin_site=admin.site)),
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("tracker.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("digests/", include("digests.urls")),
    path("stories/", include("stories.urls")),
    path("", include("tracker.web.urls")),
]

handler404 = "tracker.web.errors.not_found"
handler500 = "tracker.web.errors.server_error"
