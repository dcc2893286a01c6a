"""What the OpenAPI schema says beyond the serializers: the meeting filters and error answers.

The filters are meetings.filters.MeetingFilter, the same as the meetings page's; these
descriptions only document them for API users.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from ..filters import MeetingFilter
from ..models import Directive, Organization
from ..search import MAX_QUERY_LENGTH

SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}

MEETING_FILTERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
        description=(
            "Words to search for, in English or Chinese, in titles, leads, topics, directives, "
            'report subjects and attendee names. Web-search syntax: "a phrase", -excluded, or.'
        ),
    ),
    OpenApiParameter(
        "topic",
        {"type": "array", "items": SLUG},
        style="form",
        explode=True,
        description="A topic's slug. Repeat it for meetings on any of several topics.",
    ),
    OpenApiParameter(
        "person",
        SLUG,
        description="A person's slug: meetings they attended, reported at or directed.",
    ),
    OpenApiParameter(
        "organization",
        SLUG,
        description=(
            "An organization's slug: meetings it issued, attended through its people "
            "or was assessed in."
        ),
    ),
    OpenApiParameter(
        "column",
        SLUG,
        description="A column's slug: meetings filed in it or in any column below it.",
    ),
    OpenApiParameter(
        "date_from", OpenApiTypes.DATE, description="Held on or after this day, YYYY-MM-DD."
    ),
    OpenApiParameter(
        "date_to", OpenApiTypes.DATE, description="Held on or before this day, YYYY-MM-DD."
    ),
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": 1949, "maximum": 2100},
        description="Held in this year.",
    ),
    OpenApiParameter(
        "sort",
        str,
        enum=[value for value, _label in MeetingFilter.SORTS],
        description=(
            "newest (the default), oldest, or relevance (the default when q is given; "
            "without q, or for a person's full name, it means newest)."
        ),
    ),
]

DIRECTIVE_FILTERS = [
    OpenApiParameter(
        "topic",
        {"type": "array", "items": SLUG},
        style="form",
        explode=True,
        description="A topic's slug. Repeat it for directives on any of several topics.",
    ),
    OpenApiParameter("person", SLUG, description="The slug of the person who issued them."),
    OpenApiParameter(
        "verb",
        str,
        enum=Directive.Verb.values,
        description="What was said: pointed_out, required, stressed, called_for or other.",
    ),
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": 1949, "maximum": 2100},
        description="Said at a meeting held in this year.",
    ),
]

STANDING_FILTERS = [
    OpenApiParameter(
        "year",
        str,
        description=(
            "A year with assessments (the newest when left out), or “all” for every year."
        ),
    ),
    OpenApiParameter("kind", str, enum=Organization.Kind.values, description="Units of one kind."),
    OpenApiParameter(
        "sort",
        str,
        enum=["yellow_cards", "red_flags", "assessed", "name"],
        description=(
            "yellow_cards (the default): most yellow card warnings first, then fewest red "
            "flags; red_flags: most mobile red flags first, then fewest yellow cards; "
            "assessed: most often assessed first; name. Ties by name."
        ),
    ),
]

MESSAGE = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Each invalid parameter with its messages.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

INVALID_FILTERS = OpenApiResponse(
    FIELD_ERRORS, description="Some filters, or the page size, are invalid."
)
BAD_PAGE_SIZE = OpenApiResponse(FIELD_ERRORS, description="The page size is not 1 to 100.")
NOT_FOUND = OpenApiResponse(MESSAGE, description="No such record, or no such page.")
THROTTLED = OpenApiResponse(MESSAGE, description="Too many requests; wait as Retry-After says.")
