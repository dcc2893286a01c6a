"""Slugs may be left empty in forms: saving makes one (see models/slugs.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0018_meeting_copies_on_rows"),
    ]

    operations = [
        migrations.AlterField(
            model_name="meeting",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text=(
                    "The address on the site: Latin letters, digits and hyphens. Left "
                    "empty, it is made from the name or title when saved (from the day, or "
                    "a number, for one in Chinese characters)."
                ),
                max_length=200,
                unique=True,
                verbose_name="slug",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text=(
                    "The address on the site: Latin letters, digits and hyphens. Left "
                    "empty, it is made from the name or title when saved (from the day, or "
                    "a number, for one in Chinese characters)."
                ),
                max_length=200,
                unique=True,
                verbose_name="slug",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text=(
                    "The address on the site: Latin letters, digits and hyphens. Left "
                    "empty, it is made from the name or title when saved (from the day, or "
                    "a number, for one in Chinese characters)."
                ),
                max_length=100,
                unique=True,
                verbose_name="slug",
            ),
        ),
    ]
