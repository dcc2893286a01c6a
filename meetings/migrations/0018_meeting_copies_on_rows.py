"""Attendance and directive rows keep their meeting's day and publication (see
models/meeting_copies.py), copied here for the rows there are, before their new index
is built."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_meetings(apps, schema_editor):
    meeting = apps.get_model("meetings", "Meeting").objects.filter(pk=OuterRef("meeting_id"))
    for name in ("Attendance", "Directive"):
        apps.get_model("meetings", name).objects.update(
            meeting_held_on=Subquery(meeting.values("held_on")[:1]),
            meeting_public_from=Subquery(
                meeting.filter(status="published").values("published_at")[:1]
            ),
        )


class Migration(migrations.Migration):
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
