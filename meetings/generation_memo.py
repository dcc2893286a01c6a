"""Small data that every list page shows (the topics, the columns, the archive's years),
read once per content generation by each process rather than once per page.

Every change to published content starts a new generation (see page_cache.bump), so a
value read in the current generation stays exact until the next change. The generation
is read before the value, so the value is at least as new as the generation it is kept
for; and nothing is kept while a read replica may not have the change that started it.
"""

import logging

from .page_cache import generation, look_up, replicas_may_lag

log = logging.getLogger(__name__)

_kept = {}  # name: (generation, value)


def request_generation(request):
    """The content generation a request is served in: the one the page cache read when
    it looked the request up, or one read now; None while the cache cannot be reached."""
    known = look_up(request).generation
    if known is not None:
        return known
    try:
        return generation()
    except Exception:
        log.warning("content generation unavailable; shared lists read for this page")
        return None


def once_per_generation(name, read, current):
    """What `read()` returns, read at most once per content generation `current` in this
    process (read every time while the generation is not known)."""
    if current is None:
        return read()
    kept = _kept.get(name)
    if kept is not None and kept[0] == current:
        return kept[1]
    may_lag = replicas_may_lag()  # judged after the generation, as for search rankings
    value = read()
    if not may_lag:
        _kept[name] = (current, value)
    return value


def forget():
    """Drop every kept value: a test's database is not the one before it."""
    _kept.clear()
