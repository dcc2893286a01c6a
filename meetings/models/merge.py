"""Merging duplicate people: one record kept, the others folded into it."""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from .article_versions import NamesVersion
from .assessment import AssessmentReport
from .attendance import Attendance
from .directive import Directive
from .meeting import Meeting
from .people import PersonRedirect


@transaction.atomic
def merge_people(kept, duplicates, user=None):
    """Fold `duplicates` into `kept` and delete them; return the meetings touched.

    Attendance, reports and directives move to the kept person (where the kept person
    already attends the meeting in the same role, that row takes the title and
    organization it lacks from the duplicate's, which goes), every name becomes
    one of the kept person's other names, the duplicates' addresses redirect to the
    kept person, and the whole merge is one revision in the history.
    """
    duplicates = [d for d in duplicates if d.pk != kept.pk]
    # Deleting the duplicates changes the names articles print: that is counted first,
    # as every change to names and meetings counts it (see signals.names_deleted).
    NamesVersion.objects.raise_version()
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(
            _("Merged %(names)s into %(kept)s")
            % {"names": ", ".join(d.name for d in duplicates), "kept": kept.name}
        )
        names = [*kept.alt_name_list]
        meeting_ids = set()
        for duplicate in duplicates:
            reversion.add_to_revision(duplicate)
            for attendance in Attendance.objects.filter(person=duplicate):
                meeting_ids.add(attendance.meeting_id)
                clash = Attendance.objects.filter(
                    meeting_id=attendance.meeting_id, person=kept, role=attendance.role
                ).first()
                if clash is not None:
                    if clash.absorb(attendance):
                        clash.save()
                    attendance.delete()
                else:
                    attendance.person = kept
                    attendance.save()
            for report in AssessmentReport.objects.filter(reporter=duplicate):
                meeting_ids.add(report.meeting_id)
                report.reporter = kept
                report.save()
            for directive in Directive.objects.filter(issued_by=duplicate):
                meeting_ids.add(directive.meeting_id)
                directive.issued_by = kept
                directive.save()
            names += [duplicate.name, *duplicate.alt_name_list]
            PersonRedirect.objects.filter(person=duplicate).update(person=kept)
            PersonRedirect.objects.update_or_create(
                old_slug=duplicate.slug, defaults={"person": kept, "merged_id": duplicate.pk}
            )
            duplicate.delete()
        unique = []
        for name in names:
            if name and name != kept.name and name not in unique:
                unique.append(name)
        kept.alt_names = "\n".join(unique)
        kept.save()
        meetings = list(Meeting.objects.filter(pk__in=meeting_ids))
        for meeting in meetings:
            reversion.add_to_revision(meeting)
    return meetings
