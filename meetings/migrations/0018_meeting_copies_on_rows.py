"""Attendance and directive rows keep their meeting's day and publication (see
models/meeting_copies.py), copied here for the rows there are, before their new index
is built.

Not one transaction: adding a column locks its table until the transaction ends, which
would have held every page reading attendance (most of them) for the whole copy, about
35 s at 100,000 meetings on PostgreSQL. Each step commits on its own, and the rows are
copied 20,000 at a time, so a save waits for one batch at most. A run stopped halfway
leaves the fields added: run `migrate` again, and the copy starts over.
"""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery

BATCH = 20_000


def copy_meetings(apps, schema_editor):
    meeting = apps.get_model("meetings", "Meeting").objects.filter(pk=OuterRef("meeting_id"))
    copies = {
        "meeting_held_on": Subquery(meeting.values("held_on")[:1]),
        "meeting_public_from": Subquery(
            meeting.filter(status="published").values("published_at")[:1]
        ),
    }
    for name in ("Attendance", "Directive"):
        rows = apps.get_model("meetings", name).objects
        last = rows.aggregate(last=Max("pk"))["last"] or 0
        for start in range(0, last + 1, BATCH):
            rows.filter(pk__gte=start, pk__lt=start + BATCH).update(**copies)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("meetings", "0017_topic_description_zh"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="attendance",
            name="attendance_person_meeting_idx",
        ),
        migrations.RemoveIndex(
            model_name="directive",
            name="directive_issuer_meeting_idx",
        ),
        migrations.AddField(
            model_name="attendance",
            name="meeting_held_on",
            field=models.DateField(editable=False, null=True, verbose_name="meeting's day"),
        ),
        migrations.AddField(
            model_name="attendance",
            name="meeting_public_from",
            field=models.DateTimeField(
                editable=False,
                help_text="The meeting's publication time while it is published, else empty.",
                null=True,
                verbose_name="meeting public from",
            ),
        ),
        migrations.AddField(
            model_name="directive",
            name="meeting_held_on",
            field=models.DateField(editable=False, null=True, verbose_name="meeting's day"),
        ),
        migrations.AddField(
            model_name="directive",
            name="meeting_public_from",
            field=models.DateTimeField(
                editable=False,
                help_text="The meeting's publication time while it is published, else empty.",
                null=True,
                verbose_name="meeting public from",
            ),
        ),
        migrations.RunPython(copy_meetings, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="attendance",
            index=models.Index(
                fields=["person", "-meeting_held_on", "-meeting", "order"],
                include=("meeting_public_from", "title", "id"),
                name="attendance_person_record_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="directive",
            index=models.Index(
                fields=["issued_by", "-meeting_held_on", "-meeting", "order"],
                include=("meeting_public_from", "id"),
                name="directive_issuer_newest_idx",
            ),
        ),
    ]
