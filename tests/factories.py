"""Small helpers that build records for tests: make_meeting(), make_person(), ...

Each takes the fields a test cares about and fills the rest with plain defaults.
"""

import datetime
import itertools

from django.utils import timezone

from meetings.models import (
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

_serial = itertools.count(1)


def _next():
    return next(_serial)


def make_column(name=None, parent=None, **fields):
    n = _next()
    name = name or f"Column {n}"
    return Column.objects.create(
        name=name, slug=fields.pop("slug", f"column-{n}"), parent=parent, **fields
    )


def make_topic(name=None, **fields):
    n = _next()
    return Topic.objects.create(
        name=name or f"Topic {n}", slug=fields.pop("slug", f"topic-{n}"), **fields
    )


def make_organization(name=None, **fields):
    n = _next()
    return Organization.objects.create(
        name=name or f"Organization {n}", slug=fields.pop("slug", f"organization-{n}"), **fields
    )


def make_person(name=None, **fields):
    n = _next()
    return Person.objects.create(
        name=name or f"Person {n}", slug=fields.pop("slug", f"person-{n}"), **fields
    )


def make_meeting(title=None, *, topics=(), published=True, **fields):
    """A meeting, published yesterday unless `published` is False or fields say otherwise."""
    n = _next()
    defaults = {
        "title": title or f"Meeting number {n}",
        "slug": f"meeting-{n}",
        "held_on": datetime.date(2024, 3, 1),
        "summary": "The county held a meeting.",
        "language": "en",
        "status": Meeting.Status.PUBLISHED if published else Meeting.Status.DRAFT,
        "published_at": timezone.now() - datetime.timedelta(days=1) if published else None,
    }
    defaults.update(fields)
    if "column" not in defaults:
        defaults["column"] = make_column()
    meeting = Meeting.objects.create(**defaults)
    meeting.topics.set(topics)
    return meeting


def make_attendance(meeting, person=None, role=Attendance.Role.ATTENDED, **fields):
    return Attendance.objects.create(
        meeting=meeting, person=person or make_person(), role=role, **fields
    )


def make_report(meeting, reporter=None, subject="the quarterly assessment results", **fields):
    topics = fields.pop("topics", ())
    report = AssessmentReport.objects.create(
        meeting=meeting, reporter=reporter or make_person(), subject=subject, **fields
    )
    report.topics.set(topics)
    return report


def make_result(report, organization=None, **fields):
    return AssessmentResult.objects.create(report=report, organization=organization, **fields)


def make_directive(
    meeting, issued_by=None, verb=Directive.Verb.REQUIRED, text="we should work hard", **fields
):
    topics = fields.pop("topics", ())
    directive = Directive.objects.create(
        meeting=meeting, issued_by=issued_by or make_person(), verb=verb, text=text, **fields
    )
    directive.topics.set(topics)
    return directive


def edit(record, **fields):
    """Change some fields of a record and save it, as an editor in the admin would."""
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    return record
