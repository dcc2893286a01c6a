"""A per-address rate limit for search, counted in the shared cache.

Each address may search SEARCH_RATE_PER_MINUTE times in a clock minute: generous
enough that a person never notices, low enough that a script cannot flood search.
While the shared cache cannot be reached, each process counts its own searches, so
search stays open to people and still limited for scripts (per process, not per site).
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

from portal.client_ip import client_ip
from portal.redis_cache import UNREACHABLE

from .page_cache import cache_unreachable

log = logging.getLogger(__name__)

# Where this process counts while the shared cache is unreachable (the API's request
# rate too: see api.throttling).
COUNTED_HERE = LocMemCache("counted-here", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


def search_allowed(request):
    """Count this search; return (allowed, seconds until the next minute)."""
    now = time.time()
    minute = int(now // 60)
    key = f"search-rate:{client_ip(request)}:{minute}"
    count = counted(request, lambda counts: _count(counts, key))
    retry_after = max(1, 60 - int(now % 60))
    return count <= settings.SEARCH_RATE_PER_MINUTE, retry_after


def counted(request, count):
    """`count(counts)` in the shared cache, or in this process's own (COUNTED_HERE) while
    the shared cache is unreachable."""
    if not cache_unreachable(request):
        try:
            return count(cache)
        except UNREACHABLE:
            log.warning("rate limit counted in this process: the cache is unreachable")
    return count(COUNTED_HERE)


def _count(counts, key):
    if counts.add(key, 1, timeout=70):
        return 1
    try:
        return counts.incr(key)
    except ValueError:  # expired between add and incr
        counts.set(key, 1, timeout=70)
        return 1
