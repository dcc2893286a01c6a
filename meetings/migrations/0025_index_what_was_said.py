"""Queue every meeting's search document to be rewritten, for what documents hold now:
each directive's verb in English and Chinese, after its speaker's name as an article
prints it ("Chen Qiang required", "陈强要求"), so that "stressed", "强调" or "陈强要求" find
the meetings where it was said.

Queued, not rewritten here, as in 0014: `manage.py reindex` works through the backlog.
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
        ("meetings", "0024_directive_newest_index"),
    ]

    operations = [
        migrations.RunPython(queue_every_meeting, migrations.RunPython.noop),
    ]
