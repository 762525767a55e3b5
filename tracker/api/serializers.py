"""API representations. Reads use the prefetched event; writes are validated for shape here
and for meaning in the services (tracker/services.py), which save everything or nothing."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from tracker import shapes
from tracker.choices import DatePrecision, EventStatus, FigureUnit, LinkKind, ParticipationRole
from tracker.links import event_links
from tracker.models import Actor, Country, Event, EventKind, Figure, Participation, Source, Topic
from tracker.services.events import TAG_LENGTH
from tracker.shapes import tag_order


class LookupField(serializers.SlugRelatedField):
    """A related object named by a field; text no database can hold (a NUL character) is
    an unknown name, not a server error."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value="(a null character)")
        return super().to_internal_value(data)


# Reads ----------------------------------------------------------------------------------------


class CountrySerializer(serializers.ModelSerializer[Country]):
    class Meta:
        model = Country
        fields = ["code", "name"]


class CountryCountSerializer(serializers.ModelSerializer[Country]):
    events = serializers.IntegerField(source="n_events", read_only=True)

    class Meta:
        model = Country
        fields = ["code", "name", "events"]


class ParticipantSerializer(serializers.ModelSerializer[Participation]):
    actor = serializers.IntegerField(source="actor_id")
    name = serializers.CharField(source="actor.name")
    country = serializers.CharField(source="actor.country_id", allow_null=True)

    class Meta:
        model = Participation
        fields = ["actor", "name", "role", "title_at_time", "country"]


class SourceSerializer(serializers.ModelSerializer[Source]):
    account_of = serializers.CharField(
        source="account_of_id",
        allow_null=True,
        help_text="The country whose own account this is (its readout or statement); null "
        "for an independent report.",
    )

    class Meta:
        model = Source
        fields = ["url", "outlet", "title", "published", "author", "excerpt", "account_of"]


class LinkSerializer(serializers.Serializer[dict[str, Any]]):
    """A typed link to another event, seen from this one."""

    kind = serializers.ChoiceField(choices=LinkKind.choices)
    direction = serializers.ChoiceField(
        choices=["to", "from"],
        help_text="`to`: this event is the kind of the other (a readout of that call); "
        "`from`: the other is the kind of this one.",
    )
    name = serializers.CharField(
        help_text="The link named from this end: the kind, or its inverse (`announced_in`)."
    )
    label = serializers.CharField(help_text="In words, from this end: “As announced in”.")  # type: ignore[assignment]
    sentence = serializers.CharField(
        help_text="“Announced on 2 Apr 2025, took effect on 9 Apr 2025”."
    )
    event = serializers.IntegerField(help_text="The other event's id.")
    uid = serializers.UUIDField()
    title = serializers.CharField()
    display_date = serializers.CharField()


class FigureSerializer(serializers.ModelSerializer[Figure]):
    display = serializers.CharField(source="display_value", read_only=True)
    display_change = serializers.CharField(read_only=True)
    display_period = serializers.CharField(read_only=True)

    class Meta:
        model = Figure
        fields = [
            "label",
            "value",
            "unit",
            "period_start",
            "period_end",
            "change_value",
            "change_unit",
            "display",
            "display_change",
            "display_period",
        ]


class EventSerializer(serializers.ModelSerializer[Event]):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail")
    kind = serializers.SlugRelatedField[EventKind](slug_field="slug", read_only=True)
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    end_precision = serializers.SerializerMethodField()
    countries = CountrySerializer(many=True, read_only=True)
    participants = ParticipantSerializer(source="participations", many=True, read_only=True)
    topics = serializers.SlugRelatedField[Topic](slug_field="slug", many=True, read_only=True)
    tags = serializers.SerializerMethodField()
    sources = SourceSerializer(many=True, read_only=True)
    figures = FigureSerializer(many=True, read_only=True)
    related = serializers.PrimaryKeyRelatedField[Event](many=True, read_only=True)
    links = serializers.SerializerMethodField()
    highlight = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "url",
            "uid",
            "title",
            "kind",
            "status",
            "summary",
            "notes",
            "start",
            "end",
            "start_precision",
            "end_precision",
            "display_date",
            "span_start",
            "span_end",
            "countries",
            "participants",
            "topics",
            "tags",
            "sources",
            "figures",
            "related",
            "links",
            "highlight",
            "created",
            "updated",
        ]
        read_only_fields = fields

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, event: Event) -> list[dict[str, Any]]:
        return shapes.api_links(event_links(event))

    @extend_schema_field(
        {
            "type": "string",
            "nullable": True,
            "description": "With `q`: where the words matched, HTML-escaped, matches in <mark>.",
        }
    )
    def get_highlight(self, event: Event) -> str | None:
        highlights = self.context.get("highlights")
        return highlights.get(event.pk) if highlights is not None else None

    @extend_schema_field({"type": "string", "example": "2025-02"})
    def get_start(self, event: Event) -> str:
        return event.start_date.isoformat()

    @extend_schema_field({"type": "string", "nullable": True, "example": "2025-03"})
    def get_end(self, event: Event) -> str | None:
        end = event.end_date
        return end.isoformat() if end else None

    @extend_schema_field(
        {"type": "string", "nullable": True, "enum": [*DatePrecision.values, None]}
    )
    def get_end_precision(self, event: Event) -> str | None:
        return event.end_precision or None

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_tags(self, event: Event) -> list[str]:
        return sorted((t.name for t in event.tags.all()), key=tag_order)


class ActorSerializer(serializers.ModelSerializer[Actor]):
    url = serializers.HyperlinkedIdentityField(view_name="api:actor-detail")
    country = LookupField(
        slug_field="code", queryset=Country.objects.all(), allow_null=True, required=False
    )
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=50
    )
    events = serializers.IntegerField(source="n_events", read_only=True, default=0)

    class Meta:
        model = Actor
        fields = ["id", "url", "name", "slug", "kind", "country", "title", "aliases", "events"]
        read_only_fields = ["slug"]


class TopicSerializer(serializers.ModelSerializer[Topic]):
    url = serializers.HyperlinkedIdentityField(view_name="api:topic-detail", lookup_field="slug")
    parent = LookupField(  # type: ignore[assignment]
        slug_field="slug", queryset=Topic.objects.all(), allow_null=True, required=False
    )
    events = serializers.IntegerField(source="n_events", read_only=True, default=0)

    class Meta:
        model = Topic
        fields = ["id", "url", "slug", "name", "parent", "description", "events"]


class KindSerializer(serializers.ModelSerializer[EventKind]):
    class Meta:
        model = EventKind
        fields = [
            "slug",
            "name",
            "description",
            "plover_category",
            "plover_mode",
            "cameo_code",
            "colour",
            "icon",
        ]


class TagSerializer(serializers.ModelSerializer[Tag]):
    events = serializers.IntegerField(source="n_events", read_only=True)

    class Meta:
        model = Tag
        fields = ["name", "slug", "events"]


# Writes ---------------------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "example": "IN"},
            {"type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]},
        ]
    }
)
class CountryCodeField(serializers.Field[str, str, str, Any]):
    """A country as its ISO code ("IN") or as the object the API returns ({"code": "IN"})."""

    default_error_messages = {"invalid": "Give an ISO 3166 country code such as “IN”."}

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, dict):
            data = data.get("code")
        if not isinstance(data, str) or not re.fullmatch(r"[A-Za-z]{2}", data.strip()):
            self.fail("invalid")
        return data.strip().upper()

    def to_representation(self, value: str) -> str:
        return value


class ParticipantWriteSerializer(serializers.Serializer[dict[str, Any]]):
    actor = serializers.IntegerField(min_value=1, max_value=2**62)
    role = serializers.ChoiceField(choices=ParticipationRole.choices, required=False)
    title_at_time = serializers.CharField(max_length=200, required=False, allow_blank=True)


class SourceWriteSerializer(serializers.Serializer[dict[str, Any]]):
    url = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    outlet = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title = serializers.CharField(max_length=400, required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)
    author = serializers.CharField(max_length=200, required=False, allow_blank=True)
    excerpt = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    account_of = CountryCodeField(
        required=False,
        allow_null=True,
        help_text="The country whose own account this is; null for an independent report.",
    )


class LinkWriteSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    event = serializers.IntegerField(min_value=1, max_value=2**62)
    direction = serializers.ChoiceField(choices=["to", "from"], required=False, default="to")


class FigureWriteSerializer(serializers.Serializer[dict[str, Any]]):
    label = serializers.CharField(max_length=200)  # type: ignore[assignment]
    value = serializers.DecimalField(max_digits=24, decimal_places=4)
    unit = serializers.ChoiceField(choices=FigureUnit.choices)
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    change_value = serializers.DecimalField(
        max_digits=24, decimal_places=4, required=False, allow_null=True
    )
    change_unit = serializers.ChoiceField(
        choices=FigureUnit.choices, required=False, allow_blank=True
    )


class EventWriteSerializer(serializers.Serializer[dict[str, Any]]):
    """The event as a client sends it; the read shape is accepted too (extra fields ignored)."""

    title = serializers.CharField(max_length=300)
    kind = serializers.CharField(max_length=50, help_text="Event kind slug, e.g. `call`.")
    status = serializers.ChoiceField(choices=EventStatus.choices, required=False)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    start = serializers.CharField(
        max_length=40, help_text="Partial date: `2025`, `2025-02`, `2025-02-05` or `Feb 2025`."
    )
    end = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="For spans only: the last partial date.",
    )
    countries = serializers.ListField(child=CountryCodeField(), required=False, max_length=250)
    correction_note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        write_only=True,
        help_text=(
            "On a change: a public note shown with the correction when the change alters "
            "the date, kind, status, countries, participants or figures (ignored on create)."
        ),
    )
    participants = serializers.ListField(
        child=ParticipantWriteSerializer(), required=False, max_length=200
    )
    topics = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=100
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=TAG_LENGTH), required=False, max_length=100
    )
    sources = serializers.ListField(child=SourceWriteSerializer(), required=False, max_length=100)
    figures = serializers.ListField(child=FigureWriteSerializer(), required=False, max_length=100)
    related = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62),
        required=False,
        max_length=200,
    )
    links = serializers.ListField(
        child=LinkWriteSerializer(),
        required=False,
        max_length=200,
        help_text="Typed links, both ways; given, they replace the event's links.",
    )


class FacetSerializer(serializers.Serializer[dict[str, Any]]):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer[dict[str, Any]]):
    count = serializers.IntegerField(help_text="Events matching the query and filters.")
    kind = FacetSerializer(many=True)
    country = FacetSerializer(many=True)
    topic = FacetSerializer(many=True)
    year = FacetSerializer(many=True, help_text="By the year each event starts.")


class ErrorSerializer(serializers.Serializer[dict[str, Any]]):
    detail = serializers.CharField()
