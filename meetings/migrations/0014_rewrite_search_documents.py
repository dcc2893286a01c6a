"""Queue every meeting's search document to be rewritten, for what documents hold now:
letters and digits typed full width (ｓａｆｅｔｙ, ２０２２年) are indexed as the plain
ones they stand for; the standings and awards of the units assessed are indexed in
English and Chinese ("mobile red flag", "流动红旗"); a Chinese title is indexed with the
attendee's Chinese name after it, as articles print them ("县委书记冯杰").

Queued, not rewritten here: rewriting 100,000 documents takes minutes, which a
migration would spend holding its transaction. `manage.py reindex` (from cron, or a
worker with --follow) works through the backlog, and the admin's front page says how
many wait; searches meanwhile read the documents as they were. A meeting queued already
is queued again, in case a process of the release before takes its entry.
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
        ("meetings", "0013_chinese_names"),
    ]

    operations = [
        migrations.RunPython(queue_every_meeting, migrations.RunPython.noop),
    ]
