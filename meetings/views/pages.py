"""Public pages for one thing each: the home page, a meeting's article, a person,
an organization, a topic and a column. Each prefetches what its template loops
over, so the number of queries does not grow with the size of the record."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from ..article import article_context
from ..generation_memo import once_per_generation, request_generation
from ..models import (
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Column,
    Directive,
    Meeting,
    MeetingTally,
    Organization,
    Person,
    PersonRedirect,
    Topic,
    meeting_link_fields,
    newest_meeting_first,
    published_q,
)
from ..page_cache import etag, is_shared_read, mark_shareable
from ..scopes import moved
from ..structured_data import article_json_ld
from .errors import must_ask_again
from .paging import CountingPaginator, listed_page, page_or_404, with_listed_meetings

HISTORY_LIMIT = 50


class HomeView(TemplateView):
    """The front page: latest meetings, the site's columns and topics, a search box."""

    query_parameters = frozenset()  # what the page cache keeps it by (see page_cache)
    template_name = "meetings/home.html"

    def get_context_data(self, **kwargs):
        current = request_generation(self.request)
        return super().get_context_data(
            latest_meetings=Meeting.objects.published().for_listing()[:10],
            columns=once_per_generation("home columns", top_columns, current),
            topics=once_per_generation("home topics", topics_with_counts, current),
            **kwargs,
        )


def top_columns():
    """The site's sections, each with the sections under it."""
    return list(Column.objects.filter(parent=None).prefetch_related("children"))


def topics_with_counts():
    """Every topic, with how many meetings on it the public can see as `meeting_count`."""
    topics = list(Topic.objects.order_by("name"))
    counts = MeetingTally.objects.published_counts_by_topic()
    for topic in topics:
        topic.meeting_count = counts.get(topic.pk, 0)
    return topics


class MeetingDetailView(DetailView):
    """The article page. Staff also see unpublished meetings, marked as a preview."""

    query_parameters = frozenset()  # what the page cache keeps it by (see page_cache)
    context_object_name = "meeting"
    template_name = "meetings/meeting_detail.html"

    def get_queryset(self):
        meetings = Meeting.objects.for_article()
        if self.request.user.is_staff:
            return meetings
        return meetings.published()

    def get(self, request, *args, **kwargs):
        unchanged = self.not_modified(request, kwargs["slug"])
        if unchanged is not None:
            return unchanged
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            withdrawn = (
                Meeting.objects.withdrawn()
                .select_related("column__parent__parent")
                .filter(slug=kwargs["slug"])
            )
            meeting = withdrawn.first()
            if meeting is None:
                raise
            context = {"meeting": meeting, "breadcrumb": meeting.column.path()}
            response = render(request, "meetings/meeting_withdrawn.html", context, status=410)
            return must_ask_again(response)  # the meeting may be published again

    def not_modified(self, request, slug):
        """A 304 for a visitor whose copy is current, from one query for the article's
        versions instead of a render: with the page cache off, or after it let the page go."""
        if "If-None-Match" not in request.headers or not is_shared_read(request):
            return None
        stamp = Meeting.objects.published().article_stamp(slug=slug)
        if stamp is None:
            return None
        response = get_conditional_response(request, etag=etag(None, stamp))
        if response is not None:
            mark_shareable(response, stamp=stamp)
        return response

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response.article_stamp = self.object.article_stamp  # for the page cache
        if is_shared_read(self.request):
            mark_shareable(response, stamp=response.article_stamp)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_context(self.object))
        context["breadcrumb"] = self.object.column.path()
        context["is_preview"] = not self.object.is_public
        context["json_ld"] = article_json_ld(self.object, self.request)
        return context


class PersonDetailView(DetailView):
    """A person: titles held over time, meetings attended, directives issued, reports given."""

    query_parameters = frozenset({"page"})  # what the page cache keeps it by (see page_cache)
    model = Person
    extra_context = {"history_limit": HISTORY_LIMIT}
    context_object_name = "person"
    template_name = "meetings/person_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            person = PersonRedirect.objects.person_moved_from(kwargs["slug"])
            if person is None:
                raise
            return moved(request, person)  # with the query: a later page stays that page

    def get_context_data(self, **kwargs):
        person = self.object
        record = Attendance.objects.record_of(person).select_related("meeting")
        page = page_or_404(
            Paginator(record.only("role", "title", *meeting_link_fields()), 25), self.request
        )
        directives = list(
            Directive.objects.issued_by_newest_first(person)
            .select_related("meeting")
            .only("verb", "text", "issued_by", *meeting_link_fields())[:HISTORY_LIMIT]
        )
        for directive in directives:
            directive.issued_by = person  # the sentence names them: no query per row
        reports = list(
            AssessmentReport.objects.reported_by_newest_first(person)
            .select_related("meeting")
            .only("subject", "period", *meeting_link_fields())[:HISTORY_LIMIT]
        )
        if not (page.paginator.count or directives or reports):  # named only in drafts
            raise Http404(_("No published meeting names this person."))
        return super().get_context_data(
            titles=Attendance.objects.titles_of(person),
            page_obj=page,
            directives=directives,
            reports=reports,
            **kwargs,
        )


class OrganizationDetailView(DetailView):
    """An organization's assessment history, as a table and a chart, and its meetings."""

    query_parameters = frozenset({"page"})  # what the page cache keeps it by (see page_cache)
    model = Organization
    extra_context = {"history_limit": HISTORY_LIMIT}
    context_object_name = "organization"
    template_name = "meetings/organization_detail.html"

    def get_context_data(self, **kwargs):
        from ..charts import assessment_chart

        organization = self.object
        history = AssessmentResult.objects.filter(
            published_q("report__meeting__"), organization=organization
        )
        results = list(
            history.with_award_totals()
            .select_related("report__meeting")
            .only(
                "standing",
                "award",
                "rank",
                "report__period",
                "report__subject",
                *meeting_link_fields("report__meeting"),
            )
            .order_by(*newest_meeting_first("report__"))[:HISTORY_LIMIT]
        )
        meetings = Meeting.objects.published().concerning(organization)
        return super().get_context_data(
            results=results,
            red_flag_count=results[0].red_flags if results else 0,
            yellow_card_count=results[0].yellow_cards if results else 0,
            chart=assessment_chart(results),
            page_obj=with_listed_meetings(
                page_or_404(CountingPaginator(meetings, 20), self.request)
            ),
            **kwargs,
        )


class TopicDetailView(DetailView):
    """A topic: its meetings, the directives on it and the assessment results on it."""

    query_parameters = frozenset({"page"})  # what the page cache keeps it by (see page_cache)
    model = Topic
    extra_context = {"history_limit": HISTORY_LIMIT}
    context_object_name = "topic"
    template_name = "meetings/topic_detail.html"

    def get_context_data(self, **kwargs):
        topic = self.object
        reports = list(
            AssessmentReport.objects.public()
            .on_topic(topic)
            .newest_first_by_row_copies()
            .select_related("meeting", "reporter")
            .only("subject", "period", "reporter", *meeting_link_fields())[:HISTORY_LIMIT]
        )
        lines = AssessmentResult.objects.lines_by_report(reports)
        for report in reports:
            report.result_lines = lines.get(report.pk, [])
        return super().get_context_data(
            page_obj=listed_page(
                Meeting.objects.published().on_topic(topic),
                MeetingTally.objects.published_count(topic=topic),
                self.request,
            ),
            directives=Directive.objects.public()
            .on_topic(topic)
            .newest_first_by_row_copies()
            .select_related("meeting", "issued_by")
            .only("verb", "text", "issued_by", *meeting_link_fields())[:HISTORY_LIMIT],
            reports=reports,
            **kwargs,
        )


class ColumnDetailView(DetailView):
    """The meetings filed in one section of the site, under its breadcrumb."""

    query_parameters = frozenset({"page"})  # what the page cache keeps it by (see page_cache)
    queryset = Column.objects.select_related("parent__parent")  # the breadcrumb
    context_object_name = "column"
    template_name = "meetings/column_detail.html"

    def get_context_data(self, **kwargs):
        column = self.object
        meetings = Meeting.objects.published().in_column(column)
        count = MeetingTally.objects.published_count(columns=column.descendant_ids())
        return super().get_context_data(
            breadcrumb=column.path(),
            subcolumns=column.children.all(),
            page_obj=listed_page(meetings, count, self.request),
            **kwargs,
        )
