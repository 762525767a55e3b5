"""API routes under /api/v1/."""

from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.register("events", views.EventViewSet, basename="event")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("kinds", views.KindViewSet, basename="kind")
router.register("tags", views.TagViewSet, basename="tag")
router.register("countries", views.CountryViewSet, basename="country")

urlpatterns = router.urls
