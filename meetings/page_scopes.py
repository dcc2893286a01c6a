"""Scopes: what a cached page shows, so that a change elsewhere leaves it cached.

An article shows one meeting and the names of the people, organizations, topics and
columns it refers to. Every change says which scopes it touches (meeting_scope of each
meeting whose rows it changed, before and after the change; SHARED for those names),
and an article says which scopes it shows (page_cache.shows_only). Each scope has two
numbers in the cache:

- its *count*, raised by one after every committed change to it (an atomic increment,
  so two changes recorded at once never lower it);
- how many transactions are *changing* it: raised when a transaction first touches it,
  before the commit, and lowered once the count has been raised, after the commit.

A page keeps the counts it read before it read the database. Once the content
generation has moved on, it is served only while every count is still the same and
nothing is changing: a change committed since the render has raised a count, and one
whose recording failed halfway (a cache outage, a process that died) still shows as
changing. A count the cache lost starts again from the clock, above any earlier count;
a changing mark outlives every page that may have been cached while it was set.
"""

import collections
import contextlib
import logging
import threading
import time

from django.core.cache import cache

log = logging.getLogger(__name__)

COUNT_KEY = "content:scope:{}"
CHANGING_KEY = "content:changing:{}"
SHARED = "shared"  # people, organizations, topics and columns: named on many articles
# Longer than a cached page lives (page_cache.PAGE_TIMEOUT), plus the longest transaction.
CHANGING_TIMEOUT = 25 * 60 * 60

_transaction = threading.local()  # .touched: scopes changed; .marked: scopes marked changing
_lock = threading.Lock()
_unraised = set()  # scopes whose count a failed recording did not raise
_unsettled = collections.Counter()  # changing marks a failed recording did not lower


def meeting_scope(pk):
    """The scope of one meeting and its rows (attendance, reports, results, directives)."""
    return f"meeting:{pk}"


def _local(name):
    return _transaction.__dict__.setdefault(name, set())


def begin(scopes):
    """Mark `scopes` as changing, once per transaction, before it commits."""
    touched, marked = _local("touched"), _local("marked")
    touched.update(scopes)
    for scope in set(scopes) - marked:
        try:
            _increment(CHANGING_KEY.format(scope), 1, CHANGING_TIMEOUT)
        except Exception:  # a cache outage must not break saving content
            log.exception("could not mark a scope as changing")
            continue
        marked.add(scope)


def finish(scopes=()):
    """Record the changes of the committed transaction (and `scopes`): raise their
    counts, then lower their changing marks. Raises if the cache fails; what is left
    undone is done by the next call in this process."""
    touched, marked = _local("touched"), _local("marked")
    with _lock:
        unraised = {*scopes, *touched, *_unraised}
        unsettled = _unsettled + collections.Counter(marked)
        _unraised.clear()
        _unsettled.clear()
    touched.clear()
    marked.clear()
    try:
        while unraised:
            scope = next(iter(unraised))
            _increment(COUNT_KEY.format(scope), _from_the_clock())
            unraised.discard(scope)
        while unsettled:
            scope = next(iter(unsettled))
            with contextlib.suppress(ValueError):  # expired: nothing left to lower
                cache.decr(CHANGING_KEY.format(scope))
            unsettled[scope] -= 1
            if not unsettled[scope]:
                del unsettled[scope]
    finally:
        with _lock:
            _unraised.update(unraised)
            _unsettled.update(unsettled)


def counts(scopes):
    """{scope: count} now, for a page about to read what `scopes` hold."""
    keys = {scope: COUNT_KEY.format(scope) for scope in scopes}
    found = cache.get_many(list(keys.values()))
    for key in set(keys.values()) - set(found):  # never changed, or lost by the cache
        cache.add(key, _from_the_clock(), timeout=None)
        found[key] = cache.get(key)
    return {scope: found[key] for scope, key in keys.items()}


def unchanged(since):
    """Whether the scopes of `since` ({scope: count}) all still have those counts and
    none is being changed."""
    if not since:
        return False
    count_keys = {scope: COUNT_KEY.format(scope) for scope in since}
    changing_keys = [CHANGING_KEY.format(scope) for scope in since]
    found = cache.get_many([*count_keys.values(), *changing_keys])
    return all(found.get(key) == since[scope] for scope, key in count_keys.items()) and not any(
        found.get(key) for key in changing_keys
    )


def _increment(key, start, timeout=None):
    """Add the key at `start`, or raise it by one."""
    if cache.add(key, start, timeout=timeout):
        return
    try:
        cache.incr(key)
    except ValueError:  # gone between the two calls
        cache.add(key, start, timeout=timeout)
    if timeout is not None:
        cache.touch(key, timeout)


def _from_the_clock():
    """A first count above any an earlier run reached by one per change (microseconds)."""
    return time.time_ns() // 1000
