"""The directives list's order from an index (see Directive.Meta.indexes).

Built concurrently on PostgreSQL, so saving a meeting (which writes its directives)
does not wait for it; a plain build elsewhere.
"""

from django.db import migrations, models

INDEX = models.Index(
    fields=["-meeting_held_on", "-meeting", "order"],
    include=("meeting_public_from", "verb", "id"),
    name="directive_newest_idx",
)


def create(apps, schema_editor):
    directive = apps.get_model("meetings", "Directive")
    if schema_editor.connection.vendor == "postgresql":
        # A concurrent build that failed leaves an invalid index of that name: drop it.
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX.name}")
        schema_editor.add_index(directive, INDEX, concurrently=True)
    else:
        schema_editor.add_index(directive, INDEX)


def drop(apps, schema_editor):
    directive = apps.get_model("meetings", "Directive")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(directive, INDEX, concurrently=True)
    else:
        schema_editor.remove_index(directive, INDEX)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("meetings", "0023_meeting_day_validated"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create, drop)],
            state_operations=[migrations.AddIndex(model_name="directive", index=INDEX)],
        )
    ]
