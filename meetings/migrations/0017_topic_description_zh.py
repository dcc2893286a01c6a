"""A topic's description in Chinese, for the Chinese pages."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0016_meeting_admin_search_trgm"),
    ]

    operations = [
        migrations.AddField(
            model_name="topic",
            name="description_zh",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Shown instead of the description on the Chinese pages. "
                    "Leave empty when the description is in Chinese already."
                ),
                verbose_name="description in Chinese",
            ),
        ),
    ]
