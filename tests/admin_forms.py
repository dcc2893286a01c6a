"""Build the POST data of the admin's meeting form from a saved meeting."""

from django.utils.timezone import localtime
from lxml import html

from meetings.models import Meeting


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def meeting_post_data(meeting: Meeting, **overrides):
    """The form as the admin would send it back unchanged, with `overrides` applied."""
    local = meeting.published_at
    data = {
        "title": meeting.title,
        "slug": meeting.slug,
        "held_on": meeting.held_on.isoformat(),
        "location": meeting.location,
        "column": str(meeting.column_id),
        "topics": [str(pk) for pk in meeting.topics.values_list("pk", flat=True)]
        if meeting.pk
        else [],
        "language": meeting.language,
        "summary": meeting.summary,
        "other_attendees": meeting.other_attendees,
        "other_statements": meeting.other_statements,
        "body": meeting.body,
        "status": meeting.status,
        "published_at_0": localtime(local).strftime("%Y-%m-%d") if local else "",
        "published_at_1": localtime(local).strftime("%H:%M:%S") if local else "",
        "withdrawn_reason": meeting.withdrawn_reason,
        "version_seen": str(meeting.version),
        "index_number": meeting.index_number,
        "issued_by": str(meeting.issued_by_id or ""),
        "document_number": meeting.document_number,
        "source": meeting.source,
    }
    attendances = list(meeting.attendances.all()) if meeting.pk else []
    data.update(management("attendances", len(attendances), len(attendances)))
    for i, a in enumerate(attendances):
        data.update(
            {
                f"attendances-{i}-id": str(a.pk),
                f"attendances-{i}-meeting": str(meeting.pk),
                f"attendances-{i}-order": str(a.order),
                f"attendances-{i}-person": str(a.person_id),
                f"attendances-{i}-role": a.role,
                f"attendances-{i}-title": a.title,
                f"attendances-{i}-organization": str(a.organization_id or ""),
            }
        )
    data.update(management("reports", 0))
    data.update(management("directives", 0))
    data.update(overrides)
    return data


def submitted(page, form_id="meeting_form", **overrides):
    """What a browser sends back from the page's form when it is saved as shown."""
    form = html.fromstring(page.content).get_element_by_id(form_id)
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    data.update(overrides)
    return data


def report_post_data(report, **overrides):
    """A report's own page as the admin would send it back unchanged, with `overrides`."""
    results = list(report.results.all()) if report.pk else []
    data = {
        "meeting": str(report.meeting_id),
        "reporter": str(report.reporter_id),
        "subject": report.subject,
        "period": report.period,
        "summary": report.summary,
        "order": str(report.order),
        "topics": [str(pk) for pk in report.topics.values_list("pk", flat=True)]
        if report.pk
        else [],
        **management("results", len(results), len(results)),
    }
    for i, result in enumerate(results):
        data.update(
            {
                f"results-{i}-id": str(result.pk),
                f"results-{i}-report": str(report.pk),
                f"results-{i}-organization": str(result.organization_id or ""),
                f"results-{i}-units_described": result.units_described,
                f"results-{i}-standing": result.standing,
                f"results-{i}-award": result.award,
                f"results-{i}-rank": "" if result.rank is None else str(result.rank),
                f"results-{i}-score": "" if result.score is None else str(result.score),
                f"results-{i}-note": result.note,
            }
        )
    data.update(overrides)
    return data
