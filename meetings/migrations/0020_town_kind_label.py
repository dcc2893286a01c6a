"""The name of the kind of organization "town" in the glossary's words."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0019_slugs_made_when_left_empty"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organization",
            name="kind",
            field=models.CharField(
                choices=[
                    ("party_committee", "Party committee"),
                    ("peoples_congress", "People's congress"),
                    ("government", "Government"),
                    ("cppcc", "CPPCC"),
                    ("court", "Court"),
                    ("procuratorate", "Procuratorate"),
                    ("department", "Department"),
                    ("town", "Town (street, convenience service centre)"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=20,
                verbose_name="kind",
            ),
        ),
    ]
