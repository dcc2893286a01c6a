"""Open data in standard formats: iCalendar, CSV, robots.txt. Feeds are in feeds.py,
the sitemap in sitemaps.py and the JSON API in api/."""

import csv
import datetime
import io
import itertools
import numbers
from operator import attrgetter

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ..feeds import without_control_characters
from ..filters import MeetingFilter
from ..links import page_urls
from ..models import (
    AssessmentResult,
    Meeting,
    Organization,
    newest_meeting_first,
    published_q,
)
from ..models.names import is_chinese
from ..page_cache import reads_parameters
from ..scopes import answers_for_scope, scoped_meetings
from .read_only import read_only

CALENDAR_SIZE = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@reads_parameters(*MeetingFilter.base_filters)
@read_only
@answers_for_scope
def meeting_calendar(request, kind=None, slug=None):
    """An .ics calendar: one all-day event per published meeting, newest first. Texts
    lose the control characters iCalendar forbids, as the feeds' do."""
    scope = scoped_meetings(request, kind, slug)
    calendar = Calendar()
    calendar.add("prodid", "-//Meeting records portal//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", without_control_characters(scope.title or _("Meetings")))
    domain = uid_domain()
    for meeting in scope.meetings.order_by("-held_on", "-pk")[:CALENDAR_SIZE]:
        event = Event()
        event.add("uid", f"meeting-{meeting.slug}@{domain}")
        event.add("summary", without_control_characters(meeting.title))
        event.add("dtstart", meeting.held_on)
        event.add("dtend", meeting.held_on + datetime.timedelta(days=1))
        event.add("dtstamp", meeting.revised_at or meeting.published_at or timezone.now())
        if meeting.location:
            event.add("location", without_control_characters(meeting.location))
        event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
        event.add("description", without_control_characters(meeting.summary))
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


def uid_domain():
    """The right-hand side of the calendar's event UIDs: the site's first allowed host,
    the same whatever name a request came by. With the slug, which an export and import
    keep, an event keeps its UID (RFC 5545, 3.8.4.7) where the database id did not."""
    hosts = [
        host.lstrip(".") for host in settings.ALLOWED_HOSTS if host.lstrip(".") not in ("", "*")
    ]
    return hosts[0] if hosts else "meeting-records-portal"


def spreadsheet_safe(value):
    """A cell a spreadsheet will not run as a formula (CSV injection): text starting with
    =, +, -, @ is quoted; a number is written as it is, so a score of -3.00 stays a number."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, numbers.Number):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


CSV_PART_SIZE = 64 * 1024  # characters sent at a time: a row at a time is a write each


def csv_response(rows, filename):
    """Stream `rows` as UTF-8 CSV with a byte-order mark, so spreadsheets read Chinese."""

    def parts():
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow([spreadsheet_safe(cell) for cell in row])
            if buffer.tell() >= CSV_PART_SIZE:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(parts(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@reads_parameters(*MeetingFilter.base_filters)
@read_only
@answers_for_scope
def meeting_csv(request):
    """Every meeting the list page would show for the same query, as CSV.

    A file of every meeting is a hundred thousand rows: they are read as plain values, a
    row per meeting and topic in one query (each order ends with the meeting's id, so a
    meeting's rows are next to each other), not as models."""
    meetings = scoped_meetings(request).meetings.prefetch_related(None)
    rows = meetings.order_by(*meetings.query.order_by, "topics__name").values_list(
        "pk",
        "held_on",
        "title",
        "column__name",
        "column__name_zh",
        "topics__name",
        "topics__name_zh",
        "summary",
        "issued_by__name",
        "issued_by__name_zh",
        "index_number",
        "document_number",
        "published_at",
        "slug",
        named=True,
    )
    meeting_url = page_urls(Meeting.page_name)
    origin = request.build_absolute_uri("/").removesuffix("/")  # scheme and host
    chinese = is_chinese(get_language())

    def named(name, name_zh):
        """A column's, topic's or office's name in the file's language (the page's)."""
        return name_zh if chinese and name_zh else name

    def lines():
        yield [
            "held_on",
            "title",
            "column",
            "topics",
            "summary",
            "issued_by",
            "index_number",
            "document_number",
            "published_at",
            "url",
        ]
        for _pk, group in itertools.groupby(rows.iterator(chunk_size=2000), key=attrgetter("pk")):
            meeting_rows = list(group)
            meeting = meeting_rows[0]
            yield [
                meeting.held_on.isoformat(),
                meeting.title,
                named(meeting.column__name, meeting.column__name_zh),
                "; ".join(
                    named(row.topics__name, row.topics__name_zh)
                    for row in meeting_rows
                    if row.topics__name
                ),
                meeting.summary,
                named(meeting.issued_by__name or "", meeting.issued_by__name_zh),
                meeting.index_number,
                meeting.document_number,
                timezone.localtime(meeting.published_at).isoformat(),
                origin + meeting_url(meeting.slug),
            ]

    return csv_response(lines(), "meetings.csv")


@read_only
def organization_csv(request, slug):
    """An organization's assessment history, newest first, as CSV."""
    organization = get_object_or_404(Organization, slug=slug)
    results = (
        AssessmentResult.objects.filter(published_q("report__meeting__"), organization=organization)
        .select_related("report__meeting")
        .order_by(*newest_meeting_first("report__"))
    )

    def rows():
        yield [
            "period",
            "assessment",
            "standing",
            "standing_label",
            "award",
            "award_label",
            "rank",
            "score",
            "note",
            "meeting_date",
            "meeting",
            "url",
        ]
        for result in results.iterator(chunk_size=500):
            meeting = result.report.meeting
            yield [
                result.report.period,
                result.report.subject,
                result.standing,
                result.get_standing_display(),
                result.award,
                result.get_award_display(),
                result.rank,
                result.score,
                result.note,
                meeting.held_on.isoformat(),
                meeting.title,
                request.build_absolute_uri(meeting.get_absolute_url()),
            ]

    return csv_response(rows(), f"{organization.slug}-assessments.csv")


@read_only
def robots_txt(request):
    """Crawl everything but the admin; the sitemap. An admin moved by DJANGO_ADMIN_PATH
    is not named: a public file would give away the address it was moved to hide, and
    its pages ask robots not to index them anyway."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    admin = reverse("admin:index")
    disallow = [f"Disallow: {admin}"] if admin == "/admin/" else []
    lines = ["User-agent: *", *disallow, f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@read_only
def favicon(request):
    """Browsers and feed readers ask any site for /favicon.ico: the site's emblem."""
    return HttpResponseRedirect(static("img/emblem.svg"))
