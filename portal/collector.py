"""Garbage collection settled for a long-running server process.

What start-up loads (Django, the settings, the apps' modules) lives as long as the
process. Frozen, it is left out of every later collection, which would otherwise scan
all of it again in the middle of a request. A page that builds a thousand rows (a
topic's page) set off such collections in about one request in twenty: its p95 at
100,000 meetings fell from 72 to 43 ms once start-up was frozen and the youngest
objects were collected less often. Reference counting still frees almost everything
the moment a request is done.

`make serve` runs gunicorn without --preload, so each worker settles itself once it has
imported portal.wsgi. (With --preload, Python's documentation advises freezing in the
parent just before the fork, without the collection first, to keep pages shared.)
"""

import gc

YOUNGEST_THRESHOLD = 10_000  # Python's default is 700 allocations


def settle():
    """Call once the process has loaded the site and before it serves requests."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_THRESHOLD, older, oldest)
