"""A trigram index for the staff's search of meetings, on PostgreSQL.

The meeting admin searches its five search fields with `icontains`, which Django writes
as UPPER(column) LIKE UPPER('%word%'): no B-tree serves it, so each search read all
100,000 meetings four times (the page, its count, and the first and last day and the
years of the date hierarchy), 1.8 s for a word no meeting has. One GIN index over the
five upper-cased columns serves the LIKE of each, OR-ed in one bitmap. A word most
meetings have is still read from the table: the index cannot spare that.

Built concurrently, so saving a meeting does not wait for it (about 7 s at 100,000).
"""

from django.db import migrations

COLUMNS = ["title", "summary", "slug", "index_number", "document_number"]  # MeetingAdmin's


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        expressions = ", ".join(f"UPPER({column}::text) gin_trgm_ops" for column in COLUMNS)
        # A concurrent build that failed (a lock timeout, a cancelled deploy) leaves an
        # invalid index of that name, which IF NOT EXISTS would keep: drop it and build.
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS meeting_admin_search_trgm")
        schema_editor.execute(
            "CREATE INDEX CONCURRENTLY meeting_admin_search_trgm "
            f"ON meetings_meeting USING gin ({expressions})"
        )
        # The planner knows how many meetings a word matches only from the statistics of
        # the index's expressions, which only ANALYZE gathers. Without them it guessed,
        # and found the first and last day of a search by walking every meeting by date.
        schema_editor.execute("ANALYZE meetings_meeting")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS meeting_admin_search_trgm")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("meetings", "0015_keep_search_vectors_inline"),
    ]

    operations = [migrations.RunPython(create, drop)]
