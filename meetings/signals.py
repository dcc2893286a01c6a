"""Keep the search index current: any change to what a meeting's document reads
schedules that meeting for reindexing (see search.schedule_reindex).

Raw saves count too: restoring a version from the history and loading fixtures
change what a meeting says as much as any form does.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import (
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
from .models.tally import recount_on_commit
from .page_cache import bump_on_commit
from .search import engine, schedule_reindex

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


def content_changed(sender, **kwargs):
    """Any change to public content outdates cached pages once the change commits."""
    bump_on_commit()


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


@receiver(post_save, sender=Meeting)
def meeting_saved(sender, instance, **kwargs):
    schedule_reindex([instance.pk])
    recount_on_commit()


@receiver(post_delete, sender=Meeting)
def meeting_deleted(sender, instance, **kwargs):
    engine().remove([instance.pk])
    recount_on_commit()


@receiver(post_save, sender=Attendance)
@receiver(post_delete, sender=Attendance)
@receiver(post_save, sender=AssessmentReport)
@receiver(post_delete, sender=AssessmentReport)
@receiver(post_save, sender=Directive)
@receiver(post_delete, sender=Directive)
def meeting_row_changed(sender, instance, **kwargs):
    schedule_reindex([instance.meeting_id])


@receiver(post_save, sender=AssessmentResult)
@receiver(post_delete, sender=AssessmentResult)
def result_changed(sender, instance, **kwargs):
    report = AssessmentReport.objects.filter(pk=instance.report_id)
    schedule_reindex(report.values_list("meeting_id", flat=True))


@receiver(m2m_changed, sender=Meeting.topics.through)
def meeting_topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        schedule_reindex((pk_set or []) if reverse else [instance.pk])
        recount_on_commit()


@receiver(post_save, sender=Person)
def person_saved(sender, instance, created=False, **kwargs):
    """A renamed person changes the documents of every meeting they appear in."""
    if created:
        return
    schedule_reindex(
        [
            *Attendance.objects.filter(person=instance).values_list("meeting_id", flat=True),
            *AssessmentReport.objects.filter(reporter=instance).values_list(
                "meeting_id", flat=True
            ),
            *Directive.objects.filter(issued_by=instance).values_list("meeting_id", flat=True),
        ]
    )


@receiver(post_save, sender=Topic)
def topic_saved(sender, instance, created=False, **kwargs):
    if not created:
        schedule_reindex(instance.meetings.values_list("pk", flat=True))


@receiver(post_save, sender=Organization)
def organization_saved(sender, instance, created=False, **kwargs):
    if not created:
        schedule_reindex(
            AssessmentResult.objects.filter(organization=instance).values_list(
                "report__meeting_id", flat=True
            )
        )
