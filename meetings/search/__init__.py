"""Search: one QuerySet method (Meeting.objects.search), two engines, one index.

The index is kept current by meetings/signals.py: any change to a meeting or a row in
it queues the meeting in the search backlog, in the same transaction, and once the
transaction commits the documents are rewritten, as many as a second or two allows;
`manage.py reindex` works through whatever a large change left.
"""

import threading
import time

from django.db import transaction

from ..models import Meeting, SearchBacklogEntry
from .documents import document, meetings_for_indexing
from .engines import engine
from .text import MAX_QUERY_LENGTH, has_positive_terms, parse_query, snippet, whole

__all__ = [
    "MAX_QUERY_LENGTH",
    "forget_scheduled",
    "has_positive_terms",
    "parse_query",
    "reindex",
    "reindex_backlog",
    "reindex_scheduled",
    "schedule_reindex",
    "snippet",
    "whole",
]

BATCH = 500
RETRY_PAUSE = 0.05  # seconds before trying a busy meeting's document again
_written = threading.local()  # the backlog entries this thread's changes wrote


def reindex(pks):
    """Rewrite the search documents of the meetings `pks` (missing ones are removed)."""
    pks = sorted(set(pks))
    search_engine = engine()
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        rows = [(m.pk, *document(m)) for m in meetings_for_indexing(batch)]
        found = {row[0] for row in rows}
        search_engine.remove([pk for pk in batch if pk not in found])
        if rows:
            search_engine.write(rows)


def _entries_written():
    if getattr(_written, "entries", None) is None:
        _written.entries = []
    return _written.entries


def schedule_reindex(pks):
    """Queue the meetings `pks` in the search backlog, in the current transaction, for
    reindex_scheduled() to rewrite once it commits."""
    new = sorted({pk for pk in pks if pk is not None})
    _entries_written().extend(SearchBacklogEntry.objects.add(new))


def reindex_scheduled(until, batches=None):
    """Rewrite the documents this thread's committed changes queued (a transaction rolled
    back took its entries with it), a batch at a time: `batches` batches, the first tried
    whatever the time, or as many as there is time for until the time.monotonic()
    `until`. A meeting that another transaction holds is tried again until then, and
    after that waits in the backlog. True when some were rewritten."""
    written = _entries_written()
    done = tries = 0
    while written and (batches is None or done < batches):
        if (batches is None or tries) and time.monotonic() >= until:
            break
        tries += 1
        batch, written[:] = written[:BATCH], written[BATCH:]
        rewritten, busy = _rewrite(SearchBacklogEntry.objects.filter(pk__in=batch))
        done += bool(rewritten)
        if busy:  # its holder may be rewriting it from records older than ours
            again = SearchBacklogEntry.objects.filter(pk__in=batch, meeting_id__in=busy)
            written.extend(again.values_list("pk", flat=True))
            if not rewritten:
                time.sleep(RETRY_PAUSE)
    return done > 0


def forget_scheduled():
    """Leave whatever this thread queued and did not rewrite to `manage.py reindex`."""
    _entries_written().clear()


def reindex_backlog(batch_size=BATCH):
    """Rewrite the documents in the backlog, whoever queued them, oldest first, a batch
    at a time; yields how many documents each batch rewrote. Meetings that another
    transaction holds are passed over until the next run.

    After each batch a new content generation starts, so that no search ranked on the
    old documents is kept. Any number of workers can share the backlog (PostgreSQL:
    each skips the entries another holds).
    """
    from ..page_cache import bump

    passed_over = set()
    while True:
        entries = SearchBacklogEntry.objects.exclude(meeting_id__in=passed_over)
        rewritten, busy = _rewrite(entries, batch_size)
        if not rewritten and not busy:
            return
        passed_over |= busy
        if rewritten:
            bump(rewritten)
            yield len(rewritten)


def _rewrite(entries, limit=BATCH):
    """Rewrite the documents of the meetings of the first `limit` of `entries`, and take
    out every entry of those meetings (a meeting queued twice is rewritten once).
    Returns the meetings whose documents were rewritten and those left as busy.
    Each entry taken was committed before its meeting is read here.

    The meetings stay locked until their documents are written (PostgreSQL; SQLite
    writes one transaction at a time), so that a rewrite that read older records never
    lands after one that read newer. A meeting another transaction holds (its editor's
    save, an import, another rewrite) is left busy, its entries queued: waiting for it
    could take as long as an import, or deadlock with one.
    """
    with transaction.atomic():
        held = SearchBacklogEntry.objects.select_for_update(skip_locked=True)
        first = entries.select_for_update(skip_locked=True).order_by("pk")[:limit]
        queued = set(first.values_list("meeting_id", flat=True))
        meetings = lock_free_meetings(queued)
        busy = set(Meeting.objects.filter(pk__in=queued - meetings).values_list("pk", flat=True))
        meetings |= queued - busy  # and the deleted ones, whose documents go
        if meetings:
            taken = list(held.filter(meeting_id__in=meetings).values_list("pk", flat=True))
            reindex(meetings)
            SearchBacklogEntry.objects.filter(pk__in=taken).delete()
    return meetings, busy


def lock_free_meetings(pks):
    """Lock those of the meetings `pks` that no other transaction holds, until the
    current one ends; their ids."""
    free = Meeting.objects.select_for_update(skip_locked=True, no_key=True)
    return set(free.filter(pk__in=pks).values_list("pk", flat=True))
