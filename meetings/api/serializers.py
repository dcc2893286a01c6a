"""How the API writes meetings and the records they refer to, as JSON.

Other records are referred to by slug and name, the same slugs the public pages use
in their addresses and the meeting list takes as filters.
"""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Column,
    Directive,
    Meeting,
    Organization,
    Person,
    Topic,
)


@extend_schema_field(OpenApiTypes.URI)
class PublicPageField(serializers.Field):
    """The absolute address of the record's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return self.context["request"].build_absolute_uri(record.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class MeetingsLinkField(serializers.Field):
    """The API's meeting list filtered to this record, e.g. /api/meetings/?person=feng-jie."""

    def __init__(self, parameter, **kwargs):
        self.parameter = parameter
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        query = urlencode({self.parameter: record.slug})
        return self.context["request"].build_absolute_uri(f"{reverse('api:meeting-list')}?{query}")


class ReferenceSerializer(serializers.Serializer):
    """A person, organization, topic or column, referred to from another record."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    name_zh = serializers.CharField(
        read_only=True, help_text="The name in Chinese characters, or empty when not recorded."
    )


class ColumnSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = PublicPageField()
    meetings_url = MeetingsLinkField("column")

    class Meta:
        model = Column
        fields = ["slug", "name", "name_zh", "parent", "order", "url", "meetings_url"]


class TopicSerializer(serializers.ModelSerializer):
    url = PublicPageField()
    meetings_url = MeetingsLinkField("topic")

    class Meta:
        model = Topic
        fields = ["slug", "name", "name_zh", "description", "description_zh", "url", "meetings_url"]


class OrganizationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = PublicPageField()
    meetings_url = MeetingsLinkField("organization")

    class Meta:
        model = Organization
        fields = ["slug", "name", "name_zh", "kind", "parent", "url", "meetings_url"]


class PersonSerializer(serializers.ModelSerializer):
    alt_names = serializers.ListField(
        source="alt_name_list",
        child=serializers.CharField(),
        read_only=True,
        help_text="Other spellings of the name and the name in Chinese characters.",
    )
    name_zh = serializers.CharField(
        read_only=True,
        help_text="The first of the other names in Chinese characters, or empty: "
        "what Chinese articles print.",
    )
    url = PublicPageField()
    meetings_url = MeetingsLinkField("person")

    class Meta:
        model = Person
        fields = ["slug", "name", "name_zh", "alt_names", "url", "meetings_url"]


class AttendanceSerializer(serializers.ModelSerializer):
    person = ReferenceSerializer()
    organization = ReferenceSerializer(allow_null=True)

    class Meta:
        model = Attendance
        fields = ["person", "role", "title", "organization"]


class AssessmentResultSerializer(serializers.ModelSerializer):
    organization = ReferenceSerializer(
        allow_null=True, help_text="The unit assessed; null when the article does not name it."
    )

    class Meta:
        model = AssessmentResult
        fields = ["organization", "units_described", "standing", "award", "rank", "score", "note"]


class AssessmentReportSerializer(serializers.ModelSerializer):
    reporter = ReferenceSerializer()
    topics = ReferenceSerializer(many=True)
    results = AssessmentResultSerializer(many=True)

    class Meta:
        model = AssessmentReport
        fields = ["reporter", "subject", "period", "topics", "summary", "results"]


class DirectiveSerializer(serializers.ModelSerializer):
    issued_by = ReferenceSerializer()
    topics = ReferenceSerializer(many=True)

    class Meta:
        model = Directive
        fields = ["issued_by", "verb", "text", "topics"]


class MeetingListSerializer(serializers.ModelSerializer):
    """A meeting as the list shows it, without the article's rows."""

    column = ReferenceSerializer()
    topics = ReferenceSerializer(many=True)
    url = PublicPageField()
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:meeting-detail", lookup_field="slug"
    )

    class Meta:
        model = Meeting
        fields = ["slug", "title", "held_on", "column", "topics", "summary", "url", "api_url"]


class MeetingSerializer(MeetingListSerializer):
    """A meeting with everything its article says: attendance, reports, directives."""

    issued_by = ReferenceSerializer(allow_null=True)
    attendance = AttendanceSerializer(source="attendances", many=True)
    reports = AssessmentReportSerializer(many=True)
    directives = DirectiveSerializer(many=True)

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "title",
            "held_on",
            "location",
            "language",
            "column",
            "topics",
            "summary",
            "attendance",
            "other_attendees",
            "reports",
            "other_statements",
            "directives",
            "body",
            "issued_by",
            "index_number",
            "document_number",
            "published_at",
            "revised_at",
            "source",
            "url",
            "api_url",
        ]


class MeetingReferenceSerializer(serializers.ModelSerializer):
    """The meeting a row belongs to, as far as a list of rows needs it."""

    url = PublicPageField()
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:meeting-detail", lookup_field="slug"
    )

    class Meta:
        model = Meeting
        fields = ["slug", "title", "held_on", "language", "url", "api_url"]


class DirectiveListSerializer(DirectiveSerializer):
    """A directive in the list of directives, with its meeting."""

    meeting = MeetingReferenceSerializer()

    class Meta(DirectiveSerializer.Meta):
        fields = ["meeting", *DirectiveSerializer.Meta.fields]


class StandingSerializer(serializers.Serializer):
    """A unit's count of assessments and awards in the period asked for."""

    organization = ReferenceSerializer(source="unit")
    kind = serializers.CharField(source="unit.kind")
    assessed = serializers.IntegerField(help_text="Results of public meetings naming the unit.")
    red_flags = serializers.IntegerField(help_text="Mobile red flags received.")
    yellow_cards = serializers.IntegerField(help_text="Yellow card warnings received.")
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, row):
        return self.context["request"].build_absolute_uri(row["unit"].get_absolute_url())
