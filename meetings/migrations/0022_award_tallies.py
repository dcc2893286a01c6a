"""Each unit's assessment results counted by month (see models/award_tally.py)."""

import django.db.models.deletion
from django.db import migrations, models

from meetings.models.award_tally import award_tallies


def count_existing_results(apps, schema_editor):
    Tally = apps.get_model("meetings", "AwardTally")
    Tally.objects.bulk_create(
        award_tallies(apps.get_model("meetings", "AssessmentResult"), Tally), batch_size=2000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0021_slug_taken_message"),
    ]

    operations = [
        migrations.CreateModel(
            name="AwardTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("assessed", models.PositiveIntegerField()),
                ("red_flags", models.PositiveIntegerField()),
                ("yellow_cards", models.PositiveIntegerField()),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="meetings.organization",
                    ),
                ),
            ],
            options={
                "ordering": ["month", "organization"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("month", "organization"),
                        name="one_award_tally_per_unit_and_month",
                    )
                ],
            },
        ),
        migrations.RunPython(count_existing_results, migrations.RunPython.noop),
    ]
