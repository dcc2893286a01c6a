"""Search results kept for the current content generation.

Ranking every match of a common word ("county" matches nearly every meeting) costs
hundreds of milliseconds however the query is written, because each match's
vector is read to rank it. So a search is ranked once: its result count and the
ordered ids of its first pages are stored under the content generation (see
page_cache), and every later request for the same words and filters, and every
further page, reads them back. Any change to published content starts a new
generation, so stored results are never out of date.
"""

import hashlib

from django.core.cache import cache

from ..page_cache import generation
from .engines import engine

TIMEOUT = 60 * 60
# Raised whenever the same words come to find other meetings (a change of code, not of
# content), so that rankings stored by the previous release are not read back.
# 2: a full name finds the meetings that record the people so named.
# 3: and lists them newest first.
VERSION = 3


def ranked_ids(filterset, limit):
    """(number of results, ids of the first `limit` results in order) for a bound filterset."""
    parameters = sorted(
        (name, value)
        for name, values in filterset.data.lists()
        if name != "page"
        for value in values
    )
    digest = hashlib.sha256(repr(parameters).encode()).hexdigest()
    key = f"search:v{VERSION}:{generation()}:{digest}"
    stored = cache.get(key)
    if stored is None:
        stored = _rank(filterset.qs, limit)
        cache.set(key, stored, TIMEOUT)
    return stored


def _rank(results, limit):
    """(number of results, ids of the first `limit`), as the engine counts best."""
    if engine().counts_from_ranking:
        # Every id, for a moment: 3.3 MB for a common word's 92,000 matches. Streaming
        # them through a server-side cursor instead cost 10-25 ms more.
        ids = list(results.values_list("pk", flat=True))
        return len(ids), ids[:limit]
    ids = list(results.values_list("pk", flat=True)[:limit])
    return (len(ids) if len(ids) < limit else results.count()), ids
