"""The meeting list: filters, search, archive links and pagination, on one page."""

import datetime
from collections import Counter

from django.core.paginator import InvalidPage
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..filters import MeetingFilter, year_name
from ..generation_memo import once_per_generation, request_generation
from ..models import (
    Attendance,
    Column,
    Directive,
    Meeting,
    MeetingTally,
    Organization,
    Person,
    Topic,
)
from ..ratelimit import search_allowed
from ..search import parse_query, snippet, whole
from ..search.results import ranked_ids
from .paging import CountedPaginator, CountingPaginator, with_listed_meetings

PAGE_SIZE = 20
MAX_PAGE = 500


class MeetingListView(TemplateView):
    """Published meetings, filtered and searched by the query string.

    Invalid input is never ignored: the page shows what is wrong, with status 400.
    """

    query_parameters = frozenset([*MeetingFilter.base_filters, "page"])  # see page_cache

    template_name = "meetings/meeting_list.html"

    def get(self, request, *args, **kwargs):
        searching = bool(request.GET.get("q", "").strip())
        if searching:
            allowed, retry_after = search_allowed(request)
            if not allowed:
                response = render(
                    request, "errors/429.html", {"retry_after": retry_after}, status=429
                )
                response["Retry-After"] = str(retry_after)
                return response
        # Read before the queryset fixes the time that decides who is public (see
        # search.results.ranked_ids); the page cache has read it already when it looked.
        self.content_generation = request_generation(request)
        filterset = MeetingFilter(
            request.GET,
            queryset=Meeting.objects.published().for_listing(),
            request=request,
        )
        context = self.get_context_data(
            filterset=filterset,
            form=filterset.form,
            topic_choices=self.shared("topics", Topic.objects.only("slug", "name", "name_zh")),
            column_choices=self.shared("columns", Column.objects.only("slug", "name", "name_zh")),
            selected_topics=request.GET.getlist("topic"),
        )
        valid = filterset.is_valid()
        context["sort"] = filterset.sort_order  # selected in the menu even when not asked for
        context["sort_asked"] = request.GET.get("sort") == context["sort"]
        if not valid:
            return self.render_to_response(context, status=400)
        context.update(self.results(filterset))
        status = 400 if context.get("page_error") else 200
        return self.render_to_response(context, status=status)

    def shared(self, name, records):
        """What every list page shows alike, read once per content generation."""
        return once_per_generation(name, lambda: list(records), self.content_generation)

    def results(self, filterset):
        data = filterset.form.cleaned_data
        query = (data.get("q") or "").strip()
        try:
            number = int(self.request.GET.get("page") or 1)
        except ValueError:
            number = None
        # Pages are cut from meeting ids, then the page's twenty meetings are read: the
        # ids of a deep page come from an index, where skipping thousands of whole rows
        # would read them all.
        if query:  # ranked once, kept up to date, and paged from the kept ids
            wanted = min(max(number or 1, 1), MAX_PAGE) * PAGE_SIZE  # up to the page's last
            count, ids = ranked_ids(
                filterset, MAX_PAGE * PAGE_SIZE, wanted, self.content_generation
            )
            paginator = CountedPaginator(ids, PAGE_SIZE, count, max_pages=MAX_PAGE)
        else:
            meetings = filterset.qs.prefetch_related(None)
            count = filterset.tallied_count()
            if count is None:
                paginator = CountingPaginator(meetings, PAGE_SIZE, max_pages=MAX_PAGE)
            else:
                ids = meetings.values_list("pk", flat=True)
                paginator = CountedPaginator(ids, PAGE_SIZE, count, max_pages=MAX_PAGE)
        try:
            if number is None or number > MAX_PAGE:
                raise InvalidPage
            page = paginator.page(number)
        except (InvalidPage, ValueError):
            return {
                "page_error": _(
                    "There is no such page of results. Choose a page between 1 and %(last)s."
                )
                % {"last": paginator.num_pages}
            }
        with_listed_meetings(page, *(("body",) if query else ()))  # a snippet may quote it
        names_people = bool(query) and bool(Person.objects.named(query))
        if query:
            clauses = whole(query) if names_people else parse_query(query)
            prefetch_related_objects(
                page.object_list,
                Prefetch("directives", Directive.objects.only("meeting_id", "text")),
            )
            for meeting in page.object_list:
                texts = [
                    meeting.summary,
                    *(d.text for d in meeting.directives.all()),
                    meeting.body,
                ]
                meeting.snippet = snippet(texts, clauses)
        return {
            "page_obj": page,
            "query": query,
            "chips": active_filters(filterset),
            "matching_people": told_apart(Person.objects.matching(query).attending()[:5])
            if query
            else [],
            # A full name finds the meetings that record the people so named (see search).
            "names_people": names_people,
            "as_phrase": f'"{query}"' if names_people else "",
            "matching_topics": (
                Topic.objects.named_like(" ".join(query.split()))[:5] if query else []
            ),
            "matching_units": units_named_like(query) if query else [],
            "years": once_per_generation("archive years", archive_years, self.content_generation),
            "months": (
                MeetingTally.objects.published_months(int(data["year"])) if data.get("year") else []
            ),
        }


def units_named_like(query):
    """Up to five units on record whose name has the query's words as typed, by name.
    Taken in no order and then sorted: ordered by name, "county" made the database test
    every one of the 1,700 units it names for a public record before taking five."""
    units = Organization.objects.named_like(" ".join(query.split())).on_record()
    return sorted(units.order_by()[:5], key=lambda unit: unit.shown_name.casefold())


def told_apart(people):
    """`people`, those who share a name each with the title they were last printed with
    at a public meeting (`latest_title`), in an article in the page's language where
    there is one, so that two people named Ma Haiyan are not two identical links. Only
    namesakes are looked up: most searches find none."""
    people = list(people)
    names = Counter(person.name for person in people)
    namesakes = [person.pk for person in people if names[person.name] > 1]
    titles, in_page_language = {}, {}
    if namesakes:
        public = Attendance.objects.public()
        titles = public.latest_titles(namesakes)
        in_page_language = public.latest_titles(namesakes, language=get_language())
    for person in people:
        person.latest_title = in_page_language.get(person.pk) or titles.get(person.pk, "")
    return people


def archive_years():
    """The years from the newest published meeting back to the oldest.

    The first and the last meeting in the public order, each one step along an index,
    instead of a DISTINCT or a MIN/MAX over every meeting (SQLite reads them all for
    either).
    """
    dates = Meeting.objects.published().order_by("held_on").values_list("held_on", flat=True)
    first = dates.first()
    if first is None:
        return []
    last = dates.reverse().first()
    return [datetime.date(year, 1, 1) for year in range(last.year, first.year - 1, -1)]


def active_filters(filterset):
    """(label, value, parameter, raw value) for each filter in use, for removable chips."""
    data = filterset.form.cleaned_data
    chips = []
    if (data.get("q") or "").strip():
        chips.append((_("Keywords"), data["q"], "q", None))
    for topic in data.get("topic") or []:
        chips.append((_("Topic"), topic.shown_name, "topic", topic.slug))
    for name, label in [
        ("person", _("Person")),
        ("organization", _("Organization")),
        ("column", _("Column")),
    ]:
        if data.get(name):
            chips.append((label, data[name].shown_name, name, None))
    if data.get("date_from"):
        chips.append((_("From"), data["date_from"], "date_from", None))
    if data.get("date_to"):
        chips.append((_("To"), data["date_to"], "date_to", None))
    if data.get("year"):
        chips.append((_("Year"), year_name(data["year"]), "year", None))
    return chips
