"""Keep a meeting's search vector in its row on PostgreSQL.

PostgreSQL moves a row's long values to its TOAST table once the row passes about 2 kB
(toast_tuple_target). Since documents name units and awards in both languages, most
meetings' vectors (2.1 kB on average at 100,000 meetings) were stored there, and a
search that ranks 92,000 matches fetched each from the TOAST table: a common word's
first search took twice as long. Rows up to 8 kB now stay whole. Vectors already moved
come back as the search backlog rewrites them (migration 0014 queued every meeting).
"""

from django.db import migrations


def keep_inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE meetings_meeting SET (toast_tuple_target = 8160)")


def default_target(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE meetings_meeting RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0014_rewrite_search_documents"),
    ]

    operations = [migrations.RunPython(keep_inline, default_target)]
