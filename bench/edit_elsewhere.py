"""Edit content while bench/run.py loads cached articles: what a newsroom does all day.

Run with the load test's settings (the same database and Redis). Every --interval
seconds, for --seconds, it saves one change through the ORM, in a transaction, as the
admin would, so the page cache hears of it as it hears of any edit:

- ``--touch meeting``: the summary of a meeting that is not among the loaded articles;
- ``--touch names``: the name of a column, which the articles' breadcrumbs print (any
  change to a name articles print counts as a change to every article);
- ``--touch nothing``: no edit, for comparison.

Every edit starts a new generation of cached pages (meetings/page_cache.py). A loaded
article is then checked with one query and served again if what it shows is unchanged
(the meeting edit), or rendered again (the column's new name).

Each edit is undone by the next, so the database ends as it began. Prints "ready" once
Django is loaded, then, at the end, the number of edits saved.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--touch", choices=["meeting", "names", "nothing"], required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--exclude", nargs="*", default=[], help="Slugs of the loaded articles.")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import transaction

    from meetings.models import Column, Meeting

    if args.touch == "names":
        record, field = Column.objects.order_by("pk").first(), "name"
    else:
        meetings = Meeting.objects.published().exclude(slug__in=args.exclude)
        record, field = meetings.order_by("pk").first(), "summary"
    original = getattr(record, field)
    edits = 0
    print("ready", flush=True)
    deadline = time.monotonic() + args.seconds
    while args.touch != "nothing" and time.monotonic() < deadline:
        edits += 1
        setattr(record, field, original if edits % 2 == 0 else f"{original} (revised)")
        with transaction.atomic():
            record.save(update_fields=[field])
        time.sleep(args.interval)
    if edits % 2:
        setattr(record, field, original)
        with transaction.atomic():
            record.save(update_fields=[field])
    print(edits)


if __name__ == "__main__":
    main()
