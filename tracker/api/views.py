"""Thin API views: parse, call a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, QuerySet
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from taggit.models import Tag

from tracker import search, selectors, services, shapes, stamps
from tracker.clock import safe_since
from tracker.filters import BoundedDateTimeField, EventFilter, known_pairs
from tracker.models import Actor, Country, DeletedEvent, Event, EventKind, Topic

from .pagination import KeysetPagination
from .rows import PAGE_COLUMNS, detail_url, event_rows
from .serializers import (
    ActorSerializer,
    CountryCountSerializer,
    EventSerializer,
    EventWriteSerializer,
    FacetsSerializer,
    KindSerializer,
    TagSerializer,
    TopicSerializer,
)


class ByNamePagination(CursorPagination):
    ordering = ("name", "id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request: Request) -> Any:
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {"cursor": ["This cursor is not valid; follow the next and previous links."]}
            ) from None


class OldestFirstPagination(ByNamePagination):
    ordering = ("deleted", "id")


class DeletedEventSerializer(serializers.ModelSerializer[DeletedEvent]):
    id = serializers.IntegerField(source="event_id", help_text="The id the event had.")

    class Meta:
        model = DeletedEvent
        fields = ["uid", "id", "title", "deleted"]


AUTOCOMPLETE_SIZE = 20


def _to_services(data: dict[str, Any]) -> dict[str, Any]:
    """Validated write data as keyword arguments for create_event/update_event."""
    out = dict(data)
    out.pop("correction_note", None)  # (update passes it on its own)
    if "participants" in out:
        out["participants"] = [services.ParticipantData(**p) for p in out["participants"]]
    if "sources" in out:
        out["sources"] = [services.SourceData(**s) for s in out["sources"]]
    if "figures" in out:
        out["figures"] = [services.FigureData(**f) for f in out["figures"]]
    if "links" in out:
        out["links"] = [
            services.LinkData(
                kind=k["kind"], other=k["event"], outgoing=k.get("direction", "to") == "to"
            )
            for k in out["links"]
        ]
    if out.get("end") == "":
        out["end"] = None
    return out


@extend_schema_view(
    list=extend_schema(summary="List events, newest first, filtered"),
    retrieve=extend_schema(summary="One event with everything attached"),
    create=extend_schema(
        summary="Create an event", request=EventWriteSerializer, responses={201: EventSerializer}
    ),
    update=extend_schema(
        summary="Replace an event", request=EventWriteSerializer, responses=EventSerializer
    ),
    partial_update=extend_schema(
        summary="Change parts of an event (lists given replace the old ones)",
        request=EventWriteSerializer,
        responses=EventSerializer,
    ),
    destroy=extend_schema(summary="Delete an event"),
)
class EventViewSet(viewsets.ModelViewSet[Event]):
    """Events with participants, topics, tags, sources, figures and related events."""

    queryset = Event.objects.with_details()
    serializer_class = EventSerializer
    filterset_class = EventFilter
    pagination_class = KeysetPagination

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in ("create", "update", "partial_update"):
            return EventWriteSerializer
        return EventSerializer

    def _object(self, event: Event) -> dict[str, Any]:
        """The event (read with_details) as the API shows it, the shape of a list's rows."""
        return shapes.api_object(shapes.from_event(event), detail_url(self.request, event.pk))

    def _written(self, event: Event) -> dict[str, Any]:
        return self._object(Event.objects.with_details().get(pk=event.pk))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        since_next = safe_since()  # before reading: what a copy asks for next time
        # The page's own columns first, then one plain query per relation (api/rows.py).
        queryset = self.filter_queryset(Event.objects.select_related("kind").only(*PAGE_COLUMNS))
        page = self.paginate_queryset(queryset)
        assert page is not None
        text = request.query_params.get("q", "")
        highlights = search.highlights([e.pk for e in page], text) if text else None
        response = self.get_paginated_response(event_rows(page, request, highlights))
        if text:
            response["X-Search-Order"] = search.order_of(queryset)
        response["X-Sync-Since"] = since_next.isoformat()
        return response

    @extend_schema(
        summary="Counts by kind, country, topic and year for the same query and filters",
        responses=FacetsSerializer,
        filters=True,
    )
    @action(detail=False, pagination_class=None)
    def facets(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        events = self.filter_queryset(Event.objects.all())
        key = ("api-facets", known_pairs(request.query_params))

        def count() -> Any:
            filterset = EventFilter(request.query_params, queryset=Event.objects.all())
            shape = selectors.shape_of(filterset) if filterset.is_valid() else None
            return FacetsSerializer(selectors.facets(events, shape)).data

        return Response(stamps.cached(key, count))

    @extend_schema(
        summary="Events deleted at or after a time, oldest first (to keep a copy in sync)",
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                required=True,
                description="ISO 8601; with updated_since on the list, what a copy needs.",
            )
        ],
        responses=DeletedEventSerializer(many=True),
        filters=False,
    )
    @action(detail=False, pagination_class=OldestFirstPagination, filterset_class=None)
    def deleted(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            since = BoundedDateTimeField(required=True).clean(request.query_params.get("since"))
        except DjangoValidationError as exc:
            raise ValidationError({"since": list(exc.messages)}) from None
        rows = DeletedEvent.objects.filter(deleted__gte=since)
        paginator = self.paginator
        assert paginator is not None
        page: list[DeletedEvent] = paginator.paginate_queryset(rows, request, view=self) or []
        return paginator.get_paginated_response(DeletedEventSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = self.get_object()
        response = Response(self._object(event))
        response["Last-Modified"] = http_date(event.updated.timestamp())
        return response

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = EventWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user if request.user.is_authenticated else None
        event = services.create_event(**_to_services(serializer.validated_data), created_by=user)
        data = self._written(event)
        response = Response(data, status=status.HTTP_201_CREATED)
        response["Location"] = str(data["url"])  # a plain str: WSGI servers insist
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        event = self.get_object()
        serializer = EventWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = _to_services(serializer.validated_data)
        note = serializer.validated_data.get("correction_note") or ""
        write = services.update_event if partial else services.replace_event
        return Response(self._written(write(event, correction_note=note, **data)))

    def perform_destroy(self, instance: Event) -> None:
        services.delete_events(events=[instance])


class ActorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Actor],
):
    """People, offices and governments that take part in events."""

    serializer_class = ActorSerializer
    pagination_class = ByNamePagination

    def get_queryset(self) -> QuerySet[Actor]:
        qs = Actor.objects.select_related("country").annotate(
            n_events=Count("participations__event", distinct=True)
        )
        for name in ("q", "country"):
            value = self.request.query_params.get(name, "")
            if "\x00" in value or len(value) > 200:
                raise ValidationError({name: ["Give at most 200 characters, no null characters."]})
        country = self.request.query_params.get("country", "").strip()
        if country:
            qs = qs.filter(country_id=country.upper())
        words = self.request.query_params.get("q", "").strip()
        if words and self.action == "list":
            return selectors.find_actors(words, qs)
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="Autocomplete: part of a name, alias or title, or a misspelt name "
                "(Misry finds Misri); closest first, one page, no cursor.",
            ),
            OpenApiParameter("country", OpenApiTypes.STR, description="ISO 3166 code."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.query_params.get("q", "").strip():
            return super().list(request, *args, **kwargs)
        # Autocomplete: the closest actors, one page in similarity order.
        closest = self.get_queryset()[:AUTOCOMPLETE_SIZE]
        data = self.get_serializer(closest, many=True).data
        return Response({"next": None, "previous": None, "results": data})

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.save_actor(**serializer.validated_data)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.save_actor(
            actor=serializer.instance, **serializer.validated_data
        )


class TopicViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Topic],
):
    """Curated subjects, nested (a sub-topic names its parent)."""

    serializer_class = TopicSerializer
    pagination_class = ByNamePagination
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Topic]:
        return Topic.objects.select_related("parent").annotate(
            n_events=Count("events", distinct=True)
        )

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.save_topic(**serializer.validated_data)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.save_topic(
            topic=serializer.instance, **serializer.validated_data
        )


class KindViewSet(viewsets.ReadOnlyModelViewSet[EventKind]):
    """Kinds of event, with their PLOVER category and CAMEO code."""

    queryset = EventKind.objects.order_by("position", "name")
    serializer_class = KindSerializer
    lookup_field = "slug"
    pagination_class = None


class TagViewSet(viewsets.ReadOnlyModelViewSet[Tag]):
    """Free-form tags that are used on at least one event."""

    serializer_class = TagSerializer
    pagination_class = ByNamePagination
    lookup_field = "slug"
    queryset = Tag.objects.annotate(n_events=Count("tracker_taggedevent_items")).filter(
        n_events__gt=0
    )


class CountryViewSet(viewsets.ReadOnlyModelViewSet[Country]):
    """Countries involved in at least one event, with the number of events."""

    serializer_class = CountryCountSerializer
    pagination_class = None
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"

    def get_queryset(self) -> QuerySet[Country]:
        if self.action == "retrieve":
            return Country.objects.annotate(n_events=Count("event_links"))
        return selectors.countries_in_use()

    def get_object(self) -> Country:
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()
