"""A per-address rate limit for search, counted in the shared cache.

Each address may search SEARCH_RATE_PER_MINUTE times in a clock minute: generous
enough that a person never notices, low enough that a script cannot flood search.
"""

import time

from django.conf import settings
from django.core.cache import cache

from portal.client_ip import client_ip


def search_allowed(request):
    """Count this search; return (allowed, seconds until the next minute)."""
    now = time.time()
    minute = int(now // 60)
    key = f"search-rate:{client_ip(request)}:{minute}"
    if cache.add(key, 1, timeout=70):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=70)
            count = 1
    retry_after = max(1, 60 - int(now % 60))
    return count <= settings.SEARCH_RATE_PER_MINUTE, retry_after
