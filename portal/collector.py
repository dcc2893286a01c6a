"""Garbage collection settled for a long-running server process.

What start-up loads (Django, the settings, the apps' modules, the URL patterns) lives
as long as the process. Frozen, it is left out of every later collection, which
otherwise scans all of it again, at random, in the middle of about one request in
twenty on the pages that build a thousand rows. Fewer, larger collections of the
youngest objects then do the work of many small ones; reference counting still frees
almost everything the moment a request is done.
"""

import gc

YOUNGEST_THRESHOLD = 10_000  # Python's default is 700 allocations


def settle():
    """Call once the process has loaded the site and before it serves requests."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_THRESHOLD, older, oldest)
