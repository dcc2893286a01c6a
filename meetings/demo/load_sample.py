"""Load the sample article's records; running it again changes nothing."""

from django.db import transaction

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
from . import sample


@transaction.atomic
def load_sample():
    """Create or update every record of the sample meeting; return the meeting."""
    columns = {}
    for slug, name, parent, order in sample.COLUMNS:
        columns[slug], _ = Column.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "parent": columns.get(parent), "order": order},
        )
    topics = {}
    for slug, name, description in sample.TOPICS:
        topics[slug], _ = Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    organizations = {}
    for slug, name, kind, parent in sample.ORGANIZATIONS:
        organizations[slug], _ = Organization.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "parent": organizations.get(parent)},
        )
    people = {}
    for name, slug, *_ in sample.ATTENDANCE:
        people[slug], _ = Person.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "alt_names": sample.ALT_NAMES.get(slug, "")},
        )

    fields = dict(sample.MEETING)
    slug, topic_slugs = fields.pop("slug"), fields.pop("topics")
    fields["column"] = columns[fields["column"]]
    fields["status"] = Meeting.Status.PUBLISHED
    meeting, _ = Meeting.objects.update_or_create(slug=slug, defaults=fields)
    meeting.topics.set([topics[s] for s in topic_slugs])

    kept = []
    for order, (_, person, role, title, organization) in enumerate(sample.ATTENDANCE):
        attendance, _ = Attendance.objects.update_or_create(
            meeting=meeting,
            person=people[person],
            role=role,
            defaults={
                "title": title,
                "organization": organizations.get(organization),
                "order": order,
            },
        )
        kept.append(attendance.pk)
    meeting.attendances.exclude(pk__in=kept).delete()

    kept = []
    for order, (reporter, subject, period, topic_slugs, results) in enumerate(sample.REPORTS):
        report, _ = AssessmentReport.objects.update_or_create(
            meeting=meeting,
            order=order,
            defaults={
                "reporter": people[reporter],
                "subject": subject,
                "period": period,
            },
        )
        report.topics.set([topics[s] for s in topic_slugs])
        kept_results = []
        for units, standing, award in results:
            result, _ = AssessmentResult.objects.update_or_create(
                report=report,
                organization=None,
                units_described=units,
                standing=standing,
                defaults={"award": award},
            )
            kept_results.append(result.pk)
        report.results.exclude(pk__in=kept_results).delete()
        kept.append(report.pk)
    meeting.reports.exclude(pk__in=kept).delete()

    kept = []
    for order, (person, verb, text, topic_slugs) in enumerate(sample.DIRECTIVES):
        directive, _ = Directive.objects.update_or_create(
            meeting=meeting,
            order=order,
            defaults={"issued_by": people[person], "verb": verb, "text": text},
        )
        directive.topics.set([topics[s] for s in topic_slugs])
        kept.append(directive.pk)
    meeting.directives.exclude(pk__in=kept).delete()
    return meeting
