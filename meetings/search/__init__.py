"""Search: one QuerySet method (Meeting.objects.search), two engines, one index.

The index is kept current by meetings/signals.py: any change to a meeting or a row
in it schedules the meeting, and the index is rewritten once when the transaction
commits.
"""

import threading

from django.db import transaction

from .documents import document, meetings_for_indexing
from .engines import engine
from .text import MAX_QUERY_LENGTH, has_positive_terms, parse_query, snippet, whole

__all__ = [
    "MAX_QUERY_LENGTH",
    "has_positive_terms",
    "parse_query",
    "reindex",
    "schedule_reindex",
    "snippet",
    "whole",
]

BATCH = 500
_pending = threading.local()


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


def schedule_reindex(pks):
    """Reindex `pks` when the current transaction commits (at once outside one).

    Saving a meeting with sixty attendance rows schedules it sixty times; the
    pending set makes that one rewrite.
    """
    pending = getattr(_pending, "pks", None)
    if pending is None:
        pending = _pending.pks = set()
    pending.update(pk for pk in pks if pk is not None)
    transaction.on_commit(_flush)


def _flush():
    """Rewrite the pending documents, then start a new content generation: the change's
    own generation began before they were rewritten (a person in 2,000 meetings takes
    seconds), and a search ranked in between must not be kept."""
    from ..page_cache import bump

    pks, _pending.pks = getattr(_pending, "pks", None), None
    if pks:
        reindex(pks)
        bump()
