"""What search reads of a meeting: four weighted texts, built from the structured rows.

A: the title. B: the lead and topic names. C: directives, report subjects, attendee
names (with their other names) and titles. D: the further text, unnamed attendees
and statements, location and the units assessed.
"""

from django.db.models import Prefetch

from ..models import AssessmentReport, AssessmentResult, Attendance, Directive, Meeting
from .text import segment


def meetings_for_indexing(pks):
    return (
        Meeting.objects.filter(pk__in=pks)
        .only(
            "title",
            "summary",
            "body",
            "other_attendees",
            "other_statements",
            "location",
        )
        .prefetch_related(
            "topics",
            Prefetch("attendances", Attendance.objects.select_related("person")),
            Prefetch("directives", Directive.objects.select_related("issued_by")),
            Prefetch(
                "reports",
                AssessmentReport.objects.select_related("reporter").prefetch_related(
                    Prefetch(
                        "results",
                        AssessmentResult.objects.select_related("organization"),
                    )
                ),
            ),
        )
    )


def document(meeting):
    """The meeting's (A, B, C, D) texts, Chinese already segmented into bigrams."""
    people = []
    for attendance in meeting.attendances.all():
        people += [
            attendance.person.name,
            attendance.person.alt_names,
            attendance.title,
        ]
    for report in meeting.reports.all():
        people += [report.reporter.name, report.reporter.alt_names]
    directives = []
    for directive in meeting.directives.all():
        directives += [
            directive.text,
            directive.issued_by.name,
            directive.issued_by.alt_names,
        ]
    subjects = [f"{r.subject} {r.period}" for r in meeting.reports.all()]
    units = [
        result.unit_name for report in meeting.reports.all() for result in report.results.all()
    ]
    texts = (
        [meeting.title],
        [meeting.summary, *(t.name for t in meeting.topics.all())],
        [*directives, *subjects, *people],
        [
            meeting.body,
            meeting.other_attendees,
            meeting.other_statements,
            meeting.location,
            *units,
        ],
    )
    return tuple(segment("\n".join(filter(None, parts))) for parts in texts)
