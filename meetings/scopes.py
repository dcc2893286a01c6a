"""Which meetings an open-data output covers: a scope (all, or one topic, person,
organization or column) narrowed by the list page's own filters.

Feeds, calendars and CSV files all read their meetings through `scoped_meetings`, so
each accepts the same query parameters as /meetings/ and shows only what is published.
"""

import functools
from dataclasses import dataclass

from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.urls import reverse
from django.utils.translation import gettext as _

from .filters import MeetingFilter
from .models import Column, Meeting, Organization, Person, PersonRedirect, Topic
from .ratelimit import search_allowed

SCOPES = {
    "topic": (Topic, lambda meetings, topic: meetings.on_topic(topic)),
    "person": (Person, lambda meetings, person: meetings.with_person(person)),
    "organization": (Organization, lambda meetings, org: meetings.concerning(org)),
    "column": (Column, lambda meetings, column: meetings.in_column(column)),
}


class InvalidFilters(Exception):
    """The query string holds values the list page's filters refuse."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("invalid filters")

    def as_text(self):
        lines = [f"{field}: {' '.join(messages)}" for field, messages in self.errors.items()]
        return _("These filters could not be used:") + "\n" + "\n".join(lines) + "\n"


class TooManySearches(Exception):
    """The address has searched more than its share this minute (see ratelimit)."""

    def __init__(self, retry_after):
        self.retry_after = retry_after
        super().__init__(retry_after)


def bad_filters(invalid):
    """The 400 answer of a feed, calendar or file to filters it cannot use."""
    return HttpResponseBadRequest(invalid.as_text(), content_type="text/plain; charset=utf-8")


def answers_for_scope(view):
    """`view`, answering what scoped_meetings cannot read: bad filters with 400, a merged
    person's old address with 301, searching too fast with 429."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except InvalidFilters as invalid:
            return bad_filters(invalid)
        except Moved as move:
            return moved(request, move)
        except TooManySearches as limit:
            response = HttpResponse(
                _("Too many searches from this address: try again in a minute.") + "\n",
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(limit.retry_after)
            return response

    return answer


@dataclass
class Scope:
    kind: str | None
    obj: object | None
    meetings: object  # the published, filtered QuerySet, ordered by the filters' sort

    @property
    def title(self):
        if self.obj is None:
            return ""
        return getattr(self.obj, "shown_name", None) or str(self.obj)


class Moved(Exception):
    """The scope's record has another address now: a person merged into another."""

    def __init__(self, slug):
        self.slug = slug
        super().__init__(slug)


def moved(request, move):
    """A 301 to the same output of the record now at `move.slug`, with the same query."""
    url = reverse(request.resolver_match.view_name, kwargs={"slug": move.slug})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def scoped_meetings(request, kind=None, slug=None):
    """The Scope for a request; Http404 for an unknown slug, Moved for a merged person's
    old one, InvalidFilters for bad input, TooManySearches past the search rate limit
    (words make a feed, a calendar or a file a search like the list page's)."""
    if (request.GET.get("q") or "").strip():
        allowed, retry_after = search_allowed(request)
        if not allowed:
            raise TooManySearches(retry_after)
    meetings = Meeting.objects.published()
    obj = None
    if kind is not None:
        model, narrow = SCOPES[kind]
        obj = model.objects.filter(slug=slug).first()
        if model is Person and obj is not None and not obj.is_on_record():
            obj = None  # named only in drafts: not public yet
        if obj is None:
            if model is Person:
                person = PersonRedirect.objects.person_moved_from(slug)
                if person is not None:
                    raise Moved(person.slug)
            raise Http404(f"No {model._meta.verbose_name} “{slug}”.")
        meetings = narrow(meetings, obj)
    filterset = MeetingFilter(request.GET, queryset=meetings, request=request)
    if not filterset.is_valid():
        raise InvalidFilters(filterset.errors)
    return Scope(kind, obj, filterset.qs)
