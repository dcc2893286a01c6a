"""A meeting's day is checked by the field itself, in forms and imports alike."""

from django.db import migrations, models

import meetings.models.meeting


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0022_award_tallies"),
    ]

    operations = [
        migrations.AlterField(
            model_name="meeting",
            name="held_on",
            field=models.DateField(
                help_text="The day the meeting took place.",
                validators=[meetings.models.meeting.validate_meeting_day],
                verbose_name="held on",
            ),
        ),
    ]
