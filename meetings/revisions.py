"""A meeting's saved versions, each compared with the one before it, and restored.

django-reversion saves the meeting together with its attendance, reports, results
and directives as one revision, so a version is the whole meeting as it was. A
revision may hold more than one meeting (an import, a merge, a bulk publication):
restoring a version restores its own record and rows alone.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Version

from .models import (
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Directive,
    Meeting,
    Person,
    PersonRedirect,
)

# The copies a meeting's rows keep of it (models/meeting_copies.py) change with it: the
# meeting's own fields say so.
IGNORED_FIELDS = {
    "version",
    "updated_at",
    "created_at",
    "search_vector",
    "id",
    "meeting_held_on",
    "meeting_public_from",
}
# The rows a record owns, by the field that names their owner: a version of the record
# is the record with these rows as they were.
OWNED_ROWS = {
    Meeting: [
        (Attendance, "meeting_id"),
        (AssessmentReport, "meeting_id"),
        (Directive, "meeting_id"),
    ],
    AssessmentReport: [(AssessmentResult, "report_id")],
}


@dataclass
class Change:
    what: str  # "added", "removed" or "changed"
    label: str
    fields: list = field(default_factory=list)  # (name, before, after)


@dataclass
class HistoryEntry:
    version: Version
    changes: list


def own_versions(version):
    """`version` and, from the same revision, the versions of the rows its record owns
    (see OWNED_ROWS), parents before their rows.

    A revision can hold other records too: every meeting of an import, a merge or a
    bulk publication, and the people they name.
    """
    by_model = defaultdict(list)
    for row in version.revision.version_set.select_related("content_type"):
        by_model[row.content_type.model_class()].append(row)
    owned, parents = [version], [version]
    while parents:
        rows = []
        for parent in parents:
            for model, key in OWNED_ROWS.get(parent.content_type.model_class(), []):
                rows += [
                    row
                    for row in by_model[model]
                    if row.field_dict.get(key) == int(parent.object_id)
                ]
        owned += rows
        parents = rows
    return owned


def snapshot(version):
    """{(model name, pk): (label, fields)} of the meeting and its rows in `version`."""
    return {
        (row.content_type.model_class().__name__, row.object_id): (row.object_repr, row.field_dict)
        for row in own_versions(version)
    }


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


def restore(version):
    """Put the record of `version` and the rows it owns back as they were in it.

    Nothing else changes: the other records of its revision stay as they are now (see
    own_versions). The rows the record has now and had not then are deleted; a row
    that has moved to another record since stays there (with a note). A
    person merged into another since is replaced by the person kept; an organization or
    a topic deleted since is left out where the row can do without it. Returns what was
    replaced or left out, as sentences for the person restoring; raises RevertError
    when the version names a record that is gone and cannot be left out, or when the
    database refuses it (another meeting has taken its slug since).
    """
    versions = own_versions(version)
    restored = {(row.content_type.model_class(), int(row.object_id)) for row in versions}
    notes = []
    rows = [_rebuilt(row, restored, notes) for row in versions]
    try:
        with transaction.atomic():
            _put_back(rows, notes)
    except IntegrityError as error:
        message = _("%(record)s cannot be restored as it was: %(reason)s")
        raise RevertError(message % {"record": version.object_repr, "reason": error}) from error
    return notes


def _put_back(rows, notes):
    root = rows[0][0]
    for model, key in OWNED_ROWS.get(type(root), []):
        model.objects.filter(**{key: root.pk}).delete()  # a report's results go with it
    owners = {row: (owner, key) for owner, owned in OWNED_ROWS.items() for row, key in owned}
    left = set()  # (model, id) of rows that belong to another record now
    attending = {}
    for record, many in rows:
        model = type(record)
        if record is root:
            if model._default_manager.filter(pk=root.pk).exists():
                # What the version did not record (a meeting's search document, a
                # field added since) stays as it is now.
                record.save(update_fields=_recorded_fields(root))
            else:
                record.save()  # recovered
        else:
            owner, key = owners[model]
            if (owner, getattr(record, key)) in left:
                continue
            if model._default_manager.filter(pk=record.pk).exists():  # another's row now
                left.add((model, record.pk))
                message = _("%(record)s has since moved to another record and stays there.")
                notes.append(message % {"record": record})
                continue
            if isinstance(record, Attendance):
                earlier = attending.setdefault((record.person_id, record.role), record)
                if earlier is not record:  # two people then, merged into one since
                    if earlier.absorb(record):
                        earlier.save()
                    continue
            record.save()
        for name, ids in many.items():
            getattr(record, name).set(ids)


def _recorded_fields(record):
    return [
        f.name
        for f in record._meta.concrete_fields
        if f.attname in record._recorded and not f.primary_key
    ]


def _rebuilt(version, restored, notes):
    """(record, {many-to-many field: ids}) as `version` recorded it, with what it names
    mended or left out as `restore` says; `restored` is what `restore` saves first."""
    model = version.content_type.model_class()
    fields = dict(version.field_dict)
    label = {"record": version.object_repr}
    for reference in model._meta.concrete_fields:
        pk = fields.get(reference.attname)
        target = reference.related_model
        if not reference.many_to_one or pk is None or (target, pk) in restored:
            continue
        if target._default_manager.filter(pk=pk).exists():
            continue
        kept = _kept_person(pk) if target is Person else None
        if kept is not None:
            fields[reference.attname] = kept.pk
            message = _("%(record)s: the person then recorded has since been merged into %(kept)s.")
            notes.append(message % {**label, "kept": kept.name})
        elif reference.null and reference.remote_field.on_delete is models.SET_NULL:
            fields[reference.attname] = None
            message = _("%(record)s: its %(field)s has since been deleted and is left out.")
            notes.append(message % {**label, "field": reference.verbose_name})
        else:
            message = _(
                "%(record)s cannot be restored: its %(field)s has since been deleted. "
                "Restore that first, or enter the change by hand."
            )
            raise RevertError(message % {**label, "field": reference.verbose_name})
    many = {}
    for reference in model._meta.many_to_many:
        if reference.attname not in fields:
            continue
        ids = set(fields.pop(reference.attname) or [])
        present = reference.related_model._default_manager.filter(pk__in=ids)
        many[reference.attname] = list(present.values_list("pk", flat=True))
        if len(many[reference.attname]) < len(ids):
            message = _("%(record)s: %(count)d of its %(field)s have since been deleted.")
            gone = len(ids) - len(many[reference.attname])
            notes.append(message % {**label, "count": gone, "field": reference.verbose_name})
    record = model(**fields)
    record._recorded = set(fields)
    return record, many


def _kept_person(pk):
    """The person that the deleted person `pk` was merged into, if any."""
    redirect = PersonRedirect.objects.select_related("person").filter(merged_id=pk).first()
    return redirect.person if redirect is not None else None
