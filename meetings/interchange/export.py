"""Write the portal's content as JSON (see the package docstring for the format)."""

import datetime
import json

from django.db.models import Prefetch

from ..models import (
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Column,
    Directive,
    Meeting,
    Organization,
    Person,
    PersonRedirect,
    Topic,
)
from . import FORMAT, VERSION

BATCH = 500


def _time(value):
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _slug(obj):
    return obj.slug if obj is not None else None


def _slugs(objects):
    return sorted(o.slug for o in objects)


def _score(value):
    return None if value is None else f"{value:.2f}"


def columns():
    rows = Column.objects.select_related("parent")
    return sorted(
        (
            {
                "slug": c.slug,
                "name": c.name,
                "name_zh": c.name_zh,
                "parent": _slug(c.parent),
                "order": c.order,
            }
            for c in rows
        ),
        key=lambda row: row["slug"],
    )


def topics():
    return sorted(
        (
            {
                "slug": t.slug,
                "name": t.name,
                "name_zh": t.name_zh,
                "description": t.description,
                "description_zh": t.description_zh,
            }
            for t in Topic.objects.all()
        ),
        key=lambda row: row["slug"],
    )


def organizations():
    rows = Organization.objects.select_related("parent")
    return sorted(
        (
            {
                "slug": o.slug,
                "name": o.name,
                "name_zh": o.name_zh,
                "kind": o.kind,
                "parent": _slug(o.parent),
            }
            for o in rows
        ),
        key=lambda row: row["slug"],
    )


def people():
    return sorted(
        (
            {"slug": p.slug, "name": p.name, "alt_names": p.alt_name_list}
            for p in Person.objects.all()
        ),
        key=lambda row: row["slug"],
    )


def person_redirects():
    return sorted(
        (
            {"old_slug": r.old_slug, "person": r.person.slug}
            for r in PersonRedirect.objects.select_related("person")
        ),
        key=lambda row: row["old_slug"],
    )


def in_display_order(rows):
    """Rows (attendance, reports, directives) in the order pages show them: by order, then
    as entered. The import keeps the file's order, so a round trip keeps the page's."""
    return sorted(rows, key=lambda row: (row.order, row.pk))


def results_in_display_order(results):
    """Results as pages show them: ranked ones by rank, then the rest as entered."""
    return sorted(results, key=lambda x: (x.rank is None, x.rank or 0, x.pk))


def meeting_record(meeting):
    attendance = [
        {
            "person": a.person.slug,
            "role": a.role,
            "title": a.title,
            "organization": _slug(a.organization),
            "order": a.order,
        }
        for a in in_display_order(meeting.attendances.all())
    ]
    reports = [
        {
            "reporter": r.reporter.slug,
            "subject": r.subject,
            "period": r.period,
            "topics": _slugs(r.topics.all()),
            "summary": r.summary,
            "order": r.order,
            "results": [
                {
                    "organization": _slug(x.organization),
                    "units_described": x.units_described,
                    "standing": x.standing,
                    "award": x.award,
                    "rank": x.rank,
                    "score": _score(x.score),
                    "note": x.note,
                }
                for x in results_in_display_order(r.results.all())
            ],
        }
        for r in in_display_order(meeting.reports.all())
    ]
    directives = [
        {
            "issued_by": d.issued_by.slug,
            "verb": d.verb,
            "text": d.text,
            "topics": _slugs(d.topics.all()),
            "order": d.order,
        }
        for d in in_display_order(meeting.directives.all())
    ]
    return {
        "slug": meeting.slug,
        "title": meeting.title,
        "held_on": meeting.held_on.isoformat(),
        "location": meeting.location,
        "column": meeting.column.slug,
        "topics": _slugs(meeting.topics.all()),
        "language": meeting.language,
        "summary": meeting.summary,
        "other_attendees": meeting.other_attendees,
        "other_statements": meeting.other_statements,
        "body": meeting.body,
        "status": meeting.status,
        "published_at": _time(meeting.published_at),
        "withdrawn_at": _time(meeting.withdrawn_at),
        "withdrawn_reason": meeting.withdrawn_reason,
        "revised_at": _time(meeting.revised_at),
        "index_number": meeting.index_number,
        "issued_by": _slug(meeting.issued_by),
        "document_number": meeting.document_number,
        "source": meeting.source,
        "attendance": attendance,
        "reports": reports,
        "directives": directives,
    }


def meetings_in_batches():
    """Meetings in slug order (sorted in Python, so collation never matters), prefetched."""
    order = sorted(Meeting.objects.values_list("slug", "pk"))
    for start in range(0, len(order), BATCH):
        pks = [pk for _, pk in order[start : start + BATCH]]
        batch = Meeting.objects.filter(pk__in=pks).select_related("column", "issued_by")
        batch = batch.prefetch_related(
            "topics",
            Prefetch("attendances", Attendance.objects.select_related("person", "organization")),
            Prefetch(
                "reports",
                AssessmentReport.objects.select_related("reporter").prefetch_related(
                    "topics",
                    Prefetch("results", AssessmentResult.objects.select_related("organization")),
                ),
            ),
            Prefetch(
                "directives",
                Directive.objects.select_related("issued_by").prefetch_related("topics"),
            ),
        )
        by_pk = {m.pk: m for m in batch}
        for pk in pks:
            yield meeting_record(by_pk[pk])


def _dump(value, level):
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("\n", "\n" + " " * level)


def write(stream):
    """Write the whole document to the text `stream`; return the number of meetings."""
    stream.write(f'{{\n "format": {json.dumps(FORMAT)},\n "version": {VERSION},\n')
    for name, rows in (
        ("columns", columns()),
        ("topics", topics()),
        ("organizations", organizations()),
        ("people", people()),
        ("person_redirects", person_redirects()),
    ):
        stream.write(f' "{name}": {_dump(rows, 1)},\n')
    stream.write(' "meetings": [')
    count = 0
    for record in meetings_in_batches():
        stream.write(("\n  " if count == 0 else ",\n  ") + _dump(record, 2))
        count += 1
    stream.write("\n ]\n}\n" if count else "]\n}\n")
    return count
