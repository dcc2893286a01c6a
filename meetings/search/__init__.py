"""Search: one QuerySet method (Meeting.objects.search), two engines, one index.

The index is kept current by meetings/signals.py: any change to a meeting or a row in
it schedules the meeting, in the search backlog of the same transaction, and once the
transaction commits the documents are rewritten, as many as a second or two allows;
`manage.py reindex` works through whatever a large change left.
"""

import threading
import time

from django.conf import settings
from django.db import transaction

from ..models import SearchBacklogEntry
from .documents import document, meetings_for_indexing
from .engines import engine
from .text import MAX_QUERY_LENGTH, has_positive_terms, parse_query, snippet, whole

__all__ = [
    "MAX_QUERY_LENGTH",
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
_pending = threading.local()  # {meeting id: its backlog entry ids} of this thread's changes


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


def _scheduled():
    if getattr(_pending, "entries", None) is None:
        _pending.entries = {}
    return _pending.entries


def schedule_reindex(pks):
    """Queue the meetings `pks` in the search backlog, in the current transaction, for
    reindex_scheduled() to rewrite once it commits.

    Saving a meeting with sixty attendance rows schedules it sixty times; it is queued
    once.
    """
    scheduled = _scheduled()
    new = sorted({pk for pk in pks if pk is not None and pk not in scheduled})
    for pk, entry in zip(new, SearchBacklogEntry.objects.add(new), strict=True):
        scheduled[pk] = entry


def reindex_scheduled(first_batch_only=False):
    """Rewrite the documents this thread's changes scheduled, a batch at a time for up to
    SEARCH_REINDEX_SECONDS, and take them from the backlog; the rest stays there for
    `manage.py reindex`. True when some were rewritten."""
    scheduled = _scheduled()
    started = time.monotonic()
    done = False
    while scheduled and time.monotonic() - started < settings.SEARCH_REINDEX_SECONDS:
        batch = sorted(scheduled)[:BATCH]
        reindex(batch)
        SearchBacklogEntry.objects.filter(pk__in=[scheduled.pop(pk) for pk in batch]).delete()
        done = True
        if first_batch_only:
            break
    if time.monotonic() - started >= settings.SEARCH_REINDEX_SECONDS:
        scheduled.clear()  # left to the backlog
    return done


def reindex_backlog(batch_size=BATCH):
    """Rewrite the documents in the backlog, whoever queued them, a batch at a time, and
    take their entries out; yields how many entries each batch did.

    After each batch a new content generation starts, so that no search ranked on the
    old documents is kept. On PostgreSQL a batch's entries stay locked while they are
    rewritten and entries another process holds are skipped, so any number of workers
    can share the backlog.
    """
    from ..page_cache import bump

    while True:
        with transaction.atomic():
            entries = SearchBacklogEntry.objects.select_for_update(skip_locked=True)
            first = entries.order_by("pk").values_list("meeting_id", flat=True)[:batch_size]
            meetings = set(first)
            if not meetings:
                return
            # Every entry of those meetings (a meeting queued twice is rewritten once),
            # read before their documents are, so each entry taken is older than the
            # rewrite that takes it out.
            taken = list(entries.filter(meeting_id__in=meetings).values_list("pk", flat=True))
            reindex(meetings)
            SearchBacklogEntry.objects.filter(pk__in=taken).delete()
        bump()
        yield len(taken)
