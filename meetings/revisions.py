"""A meeting's saved versions, each compared with the one before it.

django-reversion saves the meeting together with its attendance, reports, results
and directives as one revision, so a version is the whole meeting as it was.
"""

from dataclasses import dataclass, field

from reversion.models import Version

from .models import AssessmentReport, AssessmentResult, Attendance, Directive, Meeting

IGNORED_FIELDS = {"version", "updated_at", "created_at", "search_vector", "id"}
ROWS = (Attendance, AssessmentReport, Directive)


@dataclass
class Change:
    what: str  # "added", "removed" or "changed"
    label: str
    fields: list = field(default_factory=list)  # (name, before, after)


@dataclass
class HistoryEntry:
    version: Version
    changes: list


def snapshot(version):
    """{(model name, pk): (label, fields)} of the meeting and its rows in `version`."""
    meeting_id = int(version.object_id)
    versions = list(version.revision.version_set.select_related("content_type"))
    rows, report_ids = {}, set()
    for row in versions:
        model = row.content_type.model_class()
        fields = row.field_dict
        if model is Meeting and int(row.object_id) == meeting_id:
            rows[(model.__name__, row.object_id)] = (row.object_repr, fields)
        elif model in ROWS and fields.get("meeting_id") == meeting_id:
            rows[(model.__name__, row.object_id)] = (row.object_repr, fields)
            if model is AssessmentReport:
                report_ids.add(int(row.object_id))
    for row in versions:
        if row.content_type.model_class() is AssessmentResult:
            fields = row.field_dict
            if fields.get("report_id") in report_ids:
                rows[("AssessmentResult", row.object_id)] = (row.object_repr, fields)
    return rows


def compare(before, after):
    """The changes that turn snapshot `before` into snapshot `after`."""
    changes = []
    for key, (label, fields) in after.items():
        if key not in before:
            changes.append(Change("added", f"{key[0]}: {label}"))
            continue
        old = before[key][1]
        differences = [
            (name, old.get(name), value)
            for name, value in fields.items()
            if name not in IGNORED_FIELDS and old.get(name) != value
        ]
        if differences:
            changes.append(Change("changed", f"{key[0]}: {label}", differences))
    for key, (label, _fields) in before.items():
        if key not in after:
            changes.append(Change("removed", f"{key[0]}: {label}"))
    return changes


def meeting_history(meeting_id):
    """Every version of the meeting, newest first, with what changed since the one before."""
    versions = list(
        Version.objects.get_for_object_reference(Meeting, meeting_id)
        .select_related("revision__user")
        .order_by("pk")
    )
    entries, previous = [], {}
    for version in versions:
        current = snapshot(version)
        entries.append(HistoryEntry(version, compare(previous, current)))
        previous = current
    return list(reversed(entries))
