"""Search indexes that depend on the database.

PostgreSQL: pg_trgm, a GIN index on the stored search vector, and trigram GIN
indexes on people's names (for partial and misspelled names).
SQLite: an FTS5 table with one row per meeting (rowid = meeting id), with Porter
stemming to match PostgreSQL's English configuration.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE INDEX IF NOT EXISTS meeting_search_vector_gin "
    "ON meetings_meeting USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS person_name_trgm ON meetings_person USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS person_alt_names_trgm "
    "ON meetings_person USING gin (alt_names gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS meeting_search_vector_gin",
    "DROP INDEX IF EXISTS person_name_trgm",
    "DROP INDEX IF EXISTS person_alt_names_trgm",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS meetings_search "
    "USING fts5(a, b, c, d, tokenize = 'porter unicode61')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS meetings_search"]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            from meetings.search.engines import sqlite_has_fts5

            if not sqlite_has_fts5():
                return
        for statement in statements_by_vendor.get(vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
