"""Keep cached pages, counts and the search index current.

A change to what a meeting's document reads queues the meeting for reindexing (see
search.schedule_reindex), a change to when or whether a meeting is counted has its
months recounted (see tally.schedule_recount), and once the transaction commits,
publish_change does both and then starts one new generation of cached pages (see
page_cache).

Raw saves count too: restoring a version from the history and loading fixtures
change what a meeting says as much as any form does.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .article import PRINTED_NAMES
from .commit_hooks import once_after_commit
from .models import (
    ArticleVersion,
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Column,
    Directive,
    Meeting,
    NamesVersion,
    Organization,
    Person,
    PersonRedirect,
    Topic,
)
from .models.meeting_copies import copies_for, copies_of
from .models.tally import recount_scheduled, schedule_recount, schedule_recount_of
from .page_cache import bump
from .search import engine, forget_scheduled, reindex_scheduled, schedule_reindex
from .search.documents import SEARCHED_NAMES

log = logging.getLogger(__name__)

CONTENT_MODELS = [
    Meeting,
    Attendance,
    AssessmentReport,
    AssessmentResult,
    Directive,
    Person,
    PersonRedirect,
    Organization,
    Topic,
    Column,
]


# The rows of a meeting: a change to them changes their meetings alone, whose ids reach
# publish_change through after_commit. A change to anything else (a person, a topic, a
# column...) may change any meeting's document or search.
MEETING_ROWS = {
    Meeting,
    Attendance,
    AssessmentReport,
    AssessmentResult,
    Directive,
    Meeting.topics.through,
    AssessmentReport.topics.through,
    Directive.topics.through,
}
_changed = threading.local()  # what this thread's changes touched, until publish_change


def _changed_meetings():
    """The ids of the meetings this thread's changes touched, or None once a change
    touched more than meetings' own records."""
    if not hasattr(_changed, "meetings"):
        _changed.meetings = set()
    return _changed.meetings


def note_changed(pks):
    """Record that the changes since the last publish_change touched the meetings `pks`."""
    changed = _changed_meetings()
    if changed is not None:
        changed.update(pk for pk in pks if pk is not None)


def anything_changed():
    """Record that the changes since the last publish_change touched more than some
    meetings' own records."""
    _changed.meetings = None


def forget_changed():
    """Start again from no change recorded. What a rolled-back transaction noted stays
    until the next publish_change, which then takes a few more meetings, or anything,
    as changed: more work for search, never a stale result."""
    _changed.meetings = set()


def content_changed(sender, **kwargs):
    """Any change to public content outdates cached pages once the change commits.

    Outside a transaction the change is committed already and publish_change runs at
    once, before the receivers that name its meetings: what changed is then not known."""
    if sender not in MEETING_ROWS or not connection.in_atomic_block:
        anything_changed()
    once_after_commit(publish_change)


def publish_change():
    """Once a change commits: recount its months and rewrite its meetings' documents,
    then start one new generation of cached pages, so that no page or search result
    made from the new records with old counts or old documents is kept.

    Other visitors see the change once the generation moves, after the recount and the
    first batch of documents (tens of milliseconds for a meeting). A rename rewrites
    thousands of documents: more follow until SEARCH_REINDEX_SECONDS have passed and
    then start another generation; the rest waits for `manage.py reindex`.
    """
    until = time.monotonic() + settings.SEARCH_REINDEX_SECONDS
    changed = _changed_meetings()
    forget_changed()  # a change made from here on is the next one's
    try:
        try:
            _run_or_log(recount_scheduled)
            _run_or_log(reindex_scheduled, until, batches=1)
        finally:
            bump(changed)  # even if the worker is stopped meanwhile: the change is saved
        if _run_or_log(reindex_scheduled, until):
            bump(changed)
    finally:
        forget_scheduled()


def _run_or_log(step, *args, **kwargs):
    """Run a step of publish_change. A failure is logged, not raised: the change is saved
    by now, and what the step left undone is done with the next change (a recount) or by
    `manage.py reindex` (search documents, which wait in the backlog)."""
    try:
        return step(*args, **kwargs)
    except Exception:
        log.exception("after a change was saved, %s failed: left for later", step.__name__)
        return False


def after_commit(reindex=(), recount=()):
    """Schedule the meetings `reindex` and the days `recount` for publish_change."""
    reindex = list(reindex)
    note_changed(reindex)
    schedule_reindex(reindex)
    schedule_recount(*recount)
    once_after_commit(publish_change)


for model in CONTENT_MODELS:
    post_save.connect(
        content_changed, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}"
    )
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}"
    )
for through in (Meeting.topics.through, AssessmentReport.topics.through, Directive.topics.through):
    m2m_changed.connect(
        content_changed, sender=through, dispatch_uid=f"page-cache-m2m-{through.__name__}"
    )


# Where each row of a meeting records its meeting, as a lookup in the database.
MEETING_OF = {
    Attendance: "meeting_id",
    AssessmentReport: "meeting_id",
    Directive: "meeting_id",
    AssessmentResult: "report__meeting_id",
}


def _saved(sender, instance, *fields, lock=False):
    """The values of `fields` as the database holds them before this save (None for a
    record not saved yet); `lock` keeps the row locked until the commit, in a transaction."""
    if instance.pk is None:
        return None
    rows = sender.objects.filter(pk=instance.pk)
    if lock and connection.in_atomic_block:
        rows = rows.select_for_update(no_key=True)
    return rows.values_list(*fields).first()


@receiver(pre_save, sender=Attendance)
@receiver(pre_save, sender=AssessmentReport)
@receiver(pre_save, sender=Directive)
@receiver(pre_save, sender=AssessmentResult)
def note_previous_meeting(sender, instance, **kwargs):
    """The meeting a row belonged to before this save: moved to another meeting (a report
    reassigned in the admin, say), it leaves that one's document too."""
    saved = _saved(sender, instance, MEETING_OF[sender])
    instance._meeting_before = saved and saved[0]


def meetings_of(row):
    """The ids of the meetings a row belongs to, and belonged to before its last save
    (a result's report may be gone: its meeting is then the report's to name)."""
    if isinstance(row, AssessmentResult):
        reports = AssessmentReport.objects.filter(pk=row.report_id)
        current = reports.values_list("meeting_id", flat=True).first()
    else:
        current = row.meeting_id
    ids = {current, getattr(row, "_meeting_before", None)}
    return sorted(pk for pk in ids if pk is not None)


@receiver(pre_save, sender=Attendance)
@receiver(pre_save, sender=AssessmentReport)
@receiver(pre_save, sender=Directive)
def copy_meeting(sender, instance, raw=False, **kwargs):
    """A row keeps its meeting's day and publication (see models.meeting_copies). A row
    loaded raw (a fixture, a version restored) may come before its meeting: the
    meeting's own save passes them on then."""
    meeting = Meeting.objects.filter(pk=instance.meeting_id).first() if raw else instance.meeting
    if meeting is not None:
        instance.copy_from(meeting)


@receiver(post_save, sender=Meeting)
def pass_copies_on(sender, instance, **kwargs):
    """A meeting saved gives its rows its day and publication as they are now: a change
    of date, status or publication time reaches a person's page with the commit. A save
    that changes neither (most edits) writes no row."""
    copies = copies_of(instance)
    if copies == getattr(instance, "_copies_before", None):
        return
    for rows in (Attendance.objects, AssessmentReport.objects, Directive.objects):
        rows.filter(meeting=instance).update(**copies)


@receiver(pre_save, sender=Meeting)
def note_held_on(sender, instance, **kwargs):
    """When the meeting was held before this save: that month's tallies change too.
    In a transaction (as the admin saves) the row stays locked until the commit, so
    that two saves moving the meeting at once each see where the other left it."""
    saved = _saved(sender, instance, "held_on", "status", "published_at", lock=True)
    instance._held_before = saved and saved[0]
    if saved:  # what its rows were given (see pass_copies_on); a new meeting has none
        held_on, status, published_at = saved
        published = status == Meeting.Status.PUBLISHED
        instance._copies_before = copies_for(held_on, published_at, published)


@receiver(post_save, sender=Meeting)
def meeting_saved(sender, instance, **kwargs):
    ArticleVersion.objects.raise_for([instance.pk])
    after_commit(
        reindex=[instance.pk], recount=[getattr(instance, "_held_before", None), instance.held_on]
    )


@receiver(post_delete, sender=Meeting)
def meeting_deleted(sender, instance, **kwargs):
    engine().remove([instance.pk])
    note_changed([instance.pk])
    after_commit(recount=[instance.held_on])


@receiver(post_save, sender=Attendance)
@receiver(post_delete, sender=Attendance)
@receiver(post_save, sender=AssessmentReport)
@receiver(post_delete, sender=AssessmentReport)
@receiver(post_save, sender=Directive)
@receiver(post_delete, sender=Directive)
@receiver(post_save, sender=AssessmentResult)
@receiver(post_delete, sender=AssessmentResult)
def meeting_row_changed(sender, instance, **kwargs):
    meetings = meetings_of(instance)
    ArticleVersion.objects.raise_for(meetings)
    if sender in (AssessmentReport, AssessmentResult):  # the award tallies' months
        schedule_recount_of(meetings)
    after_commit(reindex=meetings)


# The way from a topic's tag to the meeting tagged, or the meeting of the report tagged.
# (A directive's topics are on topic pages, not on its meeting's article.)
TAGGED_MEETING = {
    Meeting.topics.through: "meeting_id",
    AssessmentReport.topics.through: "assessmentreport__meeting_id",
}


@receiver(m2m_changed, sender=Meeting.topics.through)
@receiver(m2m_changed, sender=AssessmentReport.topics.through)
def topics_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Topics given to or taken from a meeting, or from a report in it: the meeting's
    article prints them, and a meeting's own topics are also in its search document and
    its counts."""
    if reverse and action == "pre_clear":  # a topic taken from everything tagged: which
        tags = sender.objects.filter(topic=instance)
        meetings = list(tags.values_list(TAGGED_MEETING[sender], flat=True))
        instance._untagged = {**getattr(instance, "_untagged", {}), sender: meetings}
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        meetings = [instance.pk if isinstance(instance, Meeting) else instance.meeting_id]
    elif action == "post_clear":
        meetings = instance._untagged.pop(sender, [])
    else:
        field = "pk" if model is Meeting else "meeting_id"
        meetings = list(model.objects.filter(pk__in=pk_set).values_list(field, flat=True))
    if not meetings:
        return
    ArticleVersion.objects.raise_for(meetings)
    if sender is Meeting.topics.through:
        held_on = Meeting.objects.filter(pk__in=meetings).values_list("held_on", flat=True)
        after_commit(reindex=meetings, recount=held_on)


@receiver(pre_save, sender=Person)
@receiver(pre_save, sender=Organization)
@receiver(pre_save, sender=Topic)
@receiver(pre_save, sender=Column)
def note_names(sender, instance, **kwargs):
    """Which of the names that search documents read and articles print the save
    changes: only those change documents or articles (a topic's description is in
    neither, and rewriting the documents of a topic's 15,000 meetings took 16 s at
    100,000 meetings)."""
    names = {*SEARCHED_NAMES.get(sender, ()), *PRINTED_NAMES[sender]}
    columns = {field.attname for field in sender._meta.concrete_fields}
    fields = sorted(names & columns)
    # Locked, so that a save from a form opened before a rename sees the new name as
    # what it changes, not the old one as what it keeps.
    saved = _saved(sender, instance, *fields, lock=True)
    if saved is None:  # a new record
        instance._names_changed = names
        return
    instance._names_changed = {
        field
        for field, before in zip(fields, saved, strict=True)
        if before != getattr(instance, field)
    }
    # A name worked out from columns (a person's name in Chinese, from their other
    # names), compared as it was worked out before: another spelling changes no article.
    before = sender(**dict(zip(fields, saved, strict=True)))
    instance._names_changed.update(
        name for name in names - columns if getattr(before, name) != getattr(instance, name)
    )


def changes_any(instance, created, fields):
    """Whether the save changed any of `fields` of a record that was there before."""
    return not created and bool(instance._names_changed.intersection(fields))


@receiver(post_save, sender=Person)
@receiver(post_save, sender=Organization)
@receiver(post_save, sender=Topic)
@receiver(post_save, sender=Column)
def names_saved(sender, instance, created=False, **kwargs):
    """Articles print these records' names and addresses: a change to them may change
    any article."""
    if changes_any(instance, created, PRINTED_NAMES[sender]):
        NamesVersion.objects.raise_version()


@receiver(pre_delete, sender=Person)
@receiver(pre_delete, sender=Organization)
@receiver(pre_delete, sender=Topic)
@receiver(pre_delete, sender=Column)
def names_deleted(sender, instance, **kwargs):
    """A topic deleted leaves its articles without their tag, and no signal for them.
    Raised before the rows that go with the record raise their meetings' versions: every
    change that raises both raises the names first, so two never wait on each other."""
    NamesVersion.objects.raise_version()


@receiver(pre_delete, sender=Topic)
def topic_deleted(sender, instance, **kwargs):
    """Its tags go without a signal: its meetings' documents still name it."""
    after_commit(reindex=list(instance.meetings.values_list("pk", flat=True)))


@receiver(post_save, sender=Person)
def person_saved(sender, instance, created=False, **kwargs):
    """A renamed person changes the documents of every meeting they appear in."""
    if not changes_any(instance, created, SEARCHED_NAMES[sender]):
        return
    after_commit(
        reindex=[
            *Attendance.objects.filter(person=instance).values_list("meeting_id", flat=True),
            *AssessmentReport.objects.filter(reporter=instance).values_list(
                "meeting_id", flat=True
            ),
            *Directive.objects.filter(issued_by=instance).values_list("meeting_id", flat=True),
        ]
    )


@receiver(post_save, sender=Topic)
def topic_saved(sender, instance, created=False, **kwargs):
    if changes_any(instance, created, SEARCHED_NAMES[sender]):
        after_commit(reindex=instance.meetings.values_list("pk", flat=True))


@receiver(post_save, sender=Organization)
def organization_saved(sender, instance, created=False, **kwargs):
    if changes_any(instance, created, SEARCHED_NAMES[sender]):
        after_commit(
            reindex=AssessmentResult.objects.filter(organization=instance).values_list(
                "report__meeting_id", flat=True
            )
        )
