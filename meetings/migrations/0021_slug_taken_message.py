"""A slug already taken is refused with what to do about it (see models/slugs.py)."""

from django.db import migrations, models

HELP = (
    "The address on the site: Latin letters, digits and hyphens. Left empty, it is made "
    "from the name or title when saved (from the day, or a number, for one in Chinese "
    "characters)."
)
TAKEN = (
    "This address is taken already. If the record there is the same one, pick it instead "
    "of adding a new one; if not, make this address different, for example by adding "
    "“-2”, or leave it empty to have it numbered when saved."
)


def slug(max_length):
    return models.SlugField(
        blank=True,
        error_messages={"unique": TAKEN},
        help_text=HELP,
        max_length=max_length,
        unique=True,
        verbose_name="slug",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0020_town_kind_label"),
    ]

    operations = [
        migrations.AlterField(model_name="meeting", name="slug", field=slug(200)),
        migrations.AlterField(model_name="organization", name="slug", field=slug(200)),
        migrations.AlterField(model_name="person", name="slug", field=slug(100)),
    ]
