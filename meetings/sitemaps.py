"""The sitemap: every public page, in both languages, with when it last changed.

Django's sitemaps with i18n pair every record with every language in one list to page
them, and read every record again for the index's lastmod: at 20,000 meetings
/sitemap.xml took 2.9 s. Here a page reads its own records (LIMIT/OFFSET) and dates
them, and the index asks the database for each section's size and newest date.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Coalesce

from .models import (
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Column,
    Directive,
    Meeting,
    Organization,
    Person,
    Topic,
    published_q,
)


class RecordsInEachLanguage:
    """(record, language) pairs of an ordered QuerySet, in the order Django's i18n
    sitemaps list them, read from the database a page of records at a time; `dated`
    gives each record of a page its `lastmod`."""

    def __init__(self, records, languages, dated):
        self.records = records
        self.languages = languages
        self.dated = dated

    def count(self):
        return self.records.count() * len(self.languages)

    def __getitem__(self, page):
        """The pairs page.start to page.stop: the Paginator asks for slices only."""
        each = len(self.languages)
        first = page.start // each
        records = self.dated(list(self.records[first : -(-page.stop // each)]))
        pairs = [(record, language) for record in records for language in self.languages]
        return pairs[page.start - first * each : page.stop - first * each]


class PortalSitemap(Sitemap):
    """A section of records, each dated by the newest publication among the public
    meetings that concern it: those of the rows named in `dating`, as
    (model, its field naming the record, its path to the meeting)."""

    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _name in settings.LANGUAGES]
    limit = 5000  # addresses a page: 2,500 records in two languages
    model = None
    dating = []

    @property
    def paginator(self):
        pages = RecordsInEachLanguage(self.items(), self.languages, self.dated)
        return Paginator(pages, self.limit)

    def items(self):
        return self.model.objects.only("slug").order_by("pk")

    def dated(self, records):
        """`records`, one page of them, each with `lastmod`: one grouped query a kind of
        row (grouping the kinds in one query would join each with every other)."""
        latest = {}
        for model, field, meeting in self.dating:
            rows = model.objects.filter(published_q(meeting), **{f"{field}__in": records})
            newest = rows.values_list(field).annotate(Max(f"{meeting}published_at"))
            for pk, when in newest.order_by():
                latest[pk] = max(when, latest.get(pk, when))
        for record in records:
            record.lastmod = latest.get(record.pk)
        return records

    def lastmod(self, record):
        return record.lastmod

    def get_latest_lastmod(self):
        """The newest date in the section: the newest public meeting with a row that
        dates a record. One query a kind of row, each of which the database answers by
        walking back along the publication index to the first meeting with such a row
        (with the kinds in one OR it reads every row of each kind instead)."""
        return max(filter(None, map(self._newest_dated_by, self.dating)), default=None)

    def _newest_dated_by(self, dating):
        model, field, meeting = dating
        rows = model.objects.filter(**{f"{meeting}pk": OuterRef("pk"), f"{field}__isnull": False})
        newest = Meeting.objects.published().filter(Exists(rows)).order_by("-published_at")
        return newest.values_list("published_at", flat=True).first()


class MeetingSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        """Public meetings but generated ones, whose pages ask robots not to index them."""
        return (
            Meeting.objects.published()
            .exclude(source=Meeting.SYNTHETIC)
            .annotate(lastmod=Coalesce("revised_at", "published_at"))
            .only("slug", "published_at", "revised_at")
            .order_by("pk")
        )

    def dated(self, meetings):
        return meetings

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("lastmod"))["latest"]


class PersonSitemap(PortalSitemap):
    """People on record, dated by the meetings that record them attending, reporting or
    directing."""

    dating = [
        (Attendance, "person", "meeting__"),
        (AssessmentReport, "reporter", "meeting__"),
        (Directive, "issued_by", "meeting__"),
    ]

    def items(self):
        return Person.objects.on_record().only("slug").order_by("pk")


class OrganizationSitemap(PortalSitemap):
    """Organizations, dated by the meetings that assessed them."""

    model = Organization
    dating = [(AssessmentResult, "organization", "report__meeting__")]


class TopicSitemap(PortalSitemap):
    model = Topic
    dating = [(Meeting.topics.through, "topic", "meeting__")]


class ColumnSitemap(PortalSitemap):
    """Columns, dated by the meetings filed directly in them."""

    model = Column
    dating = [(Meeting, "column", "")]


SITEMAPS = {
    "meetings": MeetingSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "topics": TopicSitemap,
    "columns": ColumnSitemap,
}
