"""A topic's directives and reports read from an index of their topic links alone, as its
meetings do since 0005: counting a topic's directives of one verb and year at 100,000
meetings read 16,500 link rows from the table (8.7 ms) where the index holds them (4.6)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0030_report_meeting_copies"),
    ]

    # The topic links' own tables are Django's, so their indexes are written out here.
    operations = [
        migrations.RunSQL(
            "CREATE INDEX directive_topics_topic_directive_idx "
            "ON meetings_directive_topics (topic_id, directive_id)",
            "DROP INDEX directive_topics_topic_directive_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX report_topics_topic_report_idx "
            "ON meetings_assessmentreport_topics (topic_id, assessmentreport_id)",
            "DROP INDEX report_topics_topic_report_idx",
        ),
    ]
