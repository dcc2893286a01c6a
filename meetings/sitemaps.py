"""The sitemap: every public page, in both languages, with when it last changed."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from .models import Column, Meeting, Organization, Person, Topic, published_q


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000

    def lastmod(self, obj):
        return obj.lastmod


class MeetingSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Meeting.objects.published()
            .annotate(lastmod=Coalesce("revised_at", "published_at"))
            .only("slug", "published_at", "revised_at")
            .order_by("pk")
        )


def _latest(prefix):
    """The latest publication among the public meetings reached through `prefix`."""
    return Max(f"{prefix}published_at", filter=Q(published_q(prefix)))


class PersonSitemap(PortalSitemap):
    def items(self):
        people = Person.objects.on_record()
        return people.annotate(lastmod=_latest("attendances__meeting__")).order_by("pk")


class OrganizationSitemap(PortalSitemap):
    def items(self):
        return Organization.objects.annotate(
            lastmod=_latest("assessment_results__report__meeting__")
        ).order_by("pk")


class TopicSitemap(PortalSitemap):
    def items(self):
        return Topic.objects.annotate(lastmod=_latest("meetings__")).order_by("pk")


class ColumnSitemap(PortalSitemap):
    def items(self):
        return Column.objects.annotate(lastmod=_latest("meetings__")).order_by("pk")


SITEMAPS = {
    "meetings": MeetingSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "topics": TopicSitemap,
    "columns": ColumnSitemap,
}
