"""Queue every meeting's search document to be rewritten, for what documents hold now:
each attendee's role and each reporter's "reported" in English and Chinese, after their
name as an article prints it ("Chen Qiang presided over the meeting", "陈强主持会议"), so
that "主持会议", "讲话" or "通报" find the meetings where it was done.

Queued, not rewritten here, as in 0014 and 0025: `manage.py reindex` works through the
backlog.
"""

from django.db import migrations
from django.utils import timezone

# A fixed statement: one pass over the meetings, however many there are.
QUEUE_SQL = """
    INSERT INTO meetings_searchbacklogentry (meeting_id, queued_at)
    SELECT id, %s FROM meetings_meeting
"""


def queue_every_meeting(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(QUEUE_SQL, [connection.ops.adapt_datetimefield_value(timezone.now())])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0025_index_what_was_said"),
    ]

    operations = [
        migrations.RunPython(queue_every_meeting, migrations.RunPython.noop),
    ]
