"""Small data that every list page shows (the topics, the columns, the archive's years),
read once per content generation by each process rather than once per page.

Every change to published content starts a new generation (see page_cache.bump), so a
value read in the current generation stays exact until the next change. The generation
is read before the value, so the value is at least as new as the generation it is kept
for; and nothing is kept while a read replica may not have the change that started it.
"""

from .page_cache import generation, replicas_may_lag

_kept = {}  # name: (generation, value)


def once_per_generation(name, read, current=None):
    """What `read()` returns, read at most once per content generation in this process.

    `current` is the generation the caller has read already, if any (one cache round
    trip per request, however many values it asks for)."""
    if current is None:
        current = generation()
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
