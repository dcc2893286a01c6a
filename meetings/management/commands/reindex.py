"""python manage.py reindex [--all] [--follow [--interval SECONDS]]"""

import argparse
import time

from django.core.management.base import BaseCommand

from ...models import Meeting, SearchBacklogEntry
from ...search import reindex_backlog


def seconds(text):
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 < s ≤ 3600).")
    return value


class Command(BaseCommand):
    help = (
        "Rewrite the search documents waiting in the search backlog: those of a renamed "
        "topic, person or organization that the request saving it had no time for. "
        "--all queues every meeting first (after restoring a database, say); --follow "
        "keeps watching the backlog, as a worker beside the app servers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="everything",
            help="Rewrite the documents of every meeting.",
        )
        parser.add_argument(
            "--follow",
            action="store_true",
            help="Do not stop when the backlog is empty: look again every --interval seconds.",
        )
        parser.add_argument(
            "--interval",
            type=seconds,
            default=5.0,
            help="Seconds between looks at an empty backlog with --follow (default 5).",
        )

    def handle(self, *args, everything, follow, interval, verbosity, **options):
        if everything:
            queued = SearchBacklogEntry.objects.add(
                Meeting.objects.order_by("pk").values_list("pk", flat=True).iterator()
            )
            self.stdout.write(f"Queued every meeting: {len(queued)}.")
        while True:
            done = 0
            for batch in reindex_backlog():
                done += batch
                if verbosity > 1:
                    self.stdout.write(f"  {done} rewritten")
            if done or not follow:
                self.stdout.write(f"Search documents rewritten: {done}.")
            if not follow:
                return
            time.sleep(interval)
