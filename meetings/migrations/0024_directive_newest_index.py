"""The directives list's order from an index (see Directive.Meta.indexes)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0023_meeting_day_validated"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="directive",
            index=models.Index(
                fields=["-meeting_held_on", "-meeting", "order"],
                include=("meeting_public_from", "verb", "id"),
                name="directive_newest_idx",
            ),
        ),
    ]
