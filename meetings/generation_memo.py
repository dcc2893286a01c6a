"""Small data that every list page shows (the topics, the columns, the archive's years),
read once per content generation by each process rather than once per page.

Every change to published content starts a new generation (see page_cache.bump), so a
value read in the current generation stays exact until the next change, provided every
process reads and raises the same generation (settings.GENERATION_IS_SHARED: with Redis).
The generation is read before the value, so the value is at least as new as the
generation it is kept for; and nothing is kept while a read replica may not have the
change that started it.
"""

import logging

from django.conf import settings

from portal.redis_cache import UNREACHABLE

from .page_cache import generation, look_up, owe_bump, replicas_may_lag

log = logging.getLogger(__name__)

_kept = {}  # name: (generation, value)


def request_generation(request):
    """The content generation a request is served in: the one the page cache read when
    it looked the request up, or one read now; None when the cache cannot be reached or
    this process owes it a new generation (see page_cache.owe_bump)."""
    lookup = look_up(request)
    if lookup.generation is not None or lookup.unavailable:
        return lookup.generation
    try:
        return generation()
    except UNREACHABLE:
        log.warning("content generation unreachable; shared lists read for this page")
        owe_bump()  # a change made meanwhile may have missed the cache
        return None
    except Exception:
        log.warning("content generation unavailable; shared lists read for this page")
        return None


def once_per_generation(name, read, current):
    """What `read()` returns, read at most once per content generation `current` in this
    process (read every time when `current` is None, or is this process's own)."""
    if current is None or not settings.GENERATION_IS_SHARED:
        return read()
    kept = _kept.get(name)
    if kept is not None and kept[0] == current:
        return kept[1]
    try:
        may_lag = replicas_may_lag()  # judged after the generation, as for search rankings
    except Exception:
        may_lag = True  # the cache failed since the generation was read: keep nothing
    value = read()
    if not may_lag:
        _kept[name] = (current, value)
    return value


def forget():
    """Drop every kept value: a test's database is not the one before it."""
    _kept.clear()
