"""The read-only JSON API: published meetings and the public reference records.

Every list is paginated (`page`, and `page_size` from 1 to 100) and every record is
found by its slug, the same slug its public page has in its address.
"""

from functools import partial

from django.conf import settings
from django.http import Http404
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.routers import APIRootView
from rest_framework.settings import api_settings

from ..filters import DirectiveFilter, MeetingFilter, StandingsForm
from ..generation_memo import request_generation
from ..models import (
    Column,
    Directive,
    Meeting,
    Organization,
    Person,
    PersonRedirect,
    Topic,
    meeting_link_fields,
)
from ..scopes import moved
from ..views import directives
from ..views.browse import MAX_PAGE
from ..views.paging import CappedPaginator
from ..views.standings import assessed_years
from . import serializers
from .pagination import MeetingFilterBackend, MeetingPagination, PortalPagination
from .schema import (
    BAD_PAGE_SIZE,
    DIRECTIVE_FILTERS,
    INVALID_FILTERS,
    MEETING_FILTERS,
    NOT_FOUND,
    STANDING_FILTERS,
    THROTTLED,
)
from .throttling import SearchRateThrottle


class PortalAPIRootView(APIRootView):
    """Published government meeting records, read-only, as JSON.

    Each list below is paginated and each record is found by its slug. The meeting
    list takes the same filters as the meetings page. The documentation is at
    /api/docs/ and the OpenAPI 3 schema at /api/schema/.
    """


class ApiDocsView(TemplateView):
    """The API's documentation page: endpoints, parameters, limits and vocabularies."""

    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_size=api_settings.PAGE_SIZE,
            max_page_size=PortalPagination.max_page_size,
            anon_rate=api_settings.DEFAULT_THROTTLE_RATES.get("anon"),
            search_rate=settings.SEARCH_RATE_PER_MINUTE,
            search_pages=MAX_PAGE,
            search_depth=MAX_PAGE * api_settings.PAGE_SIZE,
            directive_depth=directives.MAX_PAGE * api_settings.PAGE_SIZE,
            **kwargs,
        )


@extend_schema_view(
    list=extend_schema(
        summary="Published meetings, newest first",
        description=(
            "Takes the filters of the meetings page, with the same names and meanings. "
            "Invalid values answer 400 with the messages for each parameter."
        ),
        parameters=MEETING_FILTERS,
        responses={
            200: serializers.MeetingListSerializer(many=True),
            400: INVALID_FILTERS,
            404: NOT_FOUND,
            429: THROTTLED,
        },
    ),
    retrieve=extend_schema(
        summary="A published meeting with its attendance, reports and directives",
        responses={200: serializers.MeetingSerializer, 404: NOT_FOUND, 429: THROTTLED},
    ),
)
class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Published meetings: drafts, meetings in review, scheduled and withdrawn ones never appear."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = MeetingFilter
    filter_backends = [MeetingFilterBackend]
    pagination_class = MeetingPagination

    def list(self, request, *args, **kwargs):
        # A search's kept ranking is of a content generation, read before the queryset
        # fixes the time that decides who is public (see search.results.ranked_ids), as
        # the meetings page does. A list without words reads no ranking and needs none.
        if request.query_params.get("q", "").strip():
            self.content_generation = request_generation(request)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        meetings = Meeting.objects.published()
        if self.action == "list":
            return meetings.for_listing()
        return meetings.for_article().prefetch_related("directives__topics")  # the page omits them

    def get_throttles(self):
        # Words make the list a search; a meeting's own address ignores them.
        if self.action == "list":
            return [*super().get_throttles(), SearchRateThrottle()]
        return super().get_throttles()

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.MeetingListSerializer
        return serializers.MeetingSerializer

    def filter_queryset(self, queryset):
        # The filters choose meetings for the list; a meeting's own address ignores them.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Public reference records, all of them, found by slug, listed in the model's order."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def filter_queryset(self, queryset):
        # Names repeat (two people called Wang Wei): without the unique slug to break
        # ties, PostgreSQL may order namesakes differently on each page, so paging would
        # show some twice and others never.
        records = super().filter_queryset(queryset)
        return records.order_by(*records.model._meta.ordering, "slug")


def reference_schema(viewset):
    """Document what a reference viewset answers: its records, 400 (a list's page size
    out of range), 404 or 429."""
    serializer = viewset.serializer_class
    return extend_schema_view(
        list=extend_schema(
            responses={
                200: serializer(many=True),
                400: BAD_PAGE_SIZE,
                404: NOT_FOUND,
                429: THROTTLED,
            }
        ),
        retrieve=extend_schema(responses={200: serializer, 404: NOT_FOUND, 429: THROTTLED}),
    )(viewset)


@reference_schema
class PersonViewSet(ReferenceViewSet):
    """People who attend meetings, report or issue directives."""

    queryset = Person.objects.all()  # for the schema; get_queryset reads the time now
    serializer_class = serializers.PersonSerializer

    def get_queryset(self):
        return Person.objects.on_record()

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:  # a merged person's old address leads to the person kept
            person = PersonRedirect.objects.person_moved_from(kwargs["slug"])
            if person is None:
                raise
            return moved(request, person)


@reference_schema
class OrganizationViewSet(ReferenceViewSet):
    """Bodies and units: party committees, departments, towns and so on."""

    queryset = Organization.objects.select_related("parent")
    serializer_class = serializers.OrganizationSerializer


@reference_schema
class TopicViewSet(ReferenceViewSet):
    """Work areas such as safety production."""

    queryset = Topic.objects.all()
    serializer_class = serializers.TopicSerializer


@reference_schema
class ColumnViewSet(ReferenceViewSet):
    """Sections of the site; `parent` gives the tree."""

    queryset = Column.objects.select_related("parent")
    serializer_class = serializers.ColumnSerializer


class DirectivePagination(PortalPagination):
    """The directives page's pages: counted no further than the 100 pages it serves (as
    many directives in fewer pages, for a larger page size). `count` is of the
    directives served, and `more` says whether there are others."""

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = partial(
            CappedPaginator, max_pages=self.depth_in_pages(request, directives.MAX_PAGE)
        )
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        paginator = self.page.paginator
        served = min(paginator.count, paginator.max_pages * paginator.per_page)
        response.data = {**response.data, "count": served, "more": paginator.left_out}
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count"]["description"] = (
            "How many directives the pages serve: at most 100 pages of 20's worth."
        )
        schema["properties"]["more"] = {
            "type": "boolean",
            "description": "Whether more directives match than the pages serve: narrow by "
            "year or verb to reach them.",
        }
        schema["required"].append("more")
        return schema


@extend_schema_view(
    list=extend_schema(
        summary="What leaders pointed out, required and stressed, newest first",
        description=(
            "Directives of published meetings, as the directives page lists them, with the "
            "same filters. Up to 100 pages of 20 of one choice of filters are served (as many "
            "directives in pages of another size); narrow by year or verb for the rest. "
            "Invalid values answer 400."
        ),
        parameters=DIRECTIVE_FILTERS,
        responses={
            200: serializers.DirectiveListSerializer(many=True),
            400: INVALID_FILTERS,
            404: NOT_FOUND,
            429: THROTTLED,
        },
    ),
)
class DirectiveViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Directives of published meetings, newest first."""

    serializer_class = serializers.DirectiveListSerializer
    filterset_class = DirectiveFilter
    pagination_class = DirectivePagination

    def get_queryset(self):
        return (
            Directive.objects.public()
            .newest_first_by_row_copies()
            .select_related("meeting", "issued_by")
            .only("verb", "text", "issued_by", *meeting_link_fields())
            .prefetch_related("topics")
        )


@extend_schema(
    summary="Each unit's assessments, mobile red flags and yellow card warnings",
    description=(
        "The table of units of /organizations/: how often each unit was assessed at "
        "published meetings and what it received, in one year or in all, sorted as asked."
    ),
    parameters=STANDING_FILTERS,
    responses={
        200: serializers.StandingSerializer(many=True),
        400: INVALID_FILTERS,
        404: NOT_FOUND,
        429: THROTTLED,
    },
)
class StandingsView(generics.ListAPIView):
    """Units' counts of assessments and awards."""

    serializer_class = serializers.StandingSerializer
    filter_backends = []

    def get_queryset(self):
        form = StandingsForm(self.request.query_params, assessed_years(self.request))
        if not form.is_valid():
            raise ValidationError(form.errors)
        return form.rows_in_order()

    def paginate_queryset(self, rows):
        return StandingsForm.with_units(super().paginate_queryset(rows))
