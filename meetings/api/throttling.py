"""The API's rate limits: requests per client, and searches as the rest of the site counts them."""

import logging

from rest_framework.throttling import AnonRateThrottle, BaseThrottle

from portal.client_ip import client_ip
from portal.redis_cache import UNREACHABLE

from ..page_cache import cache_unreachable
from ..ratelimit import COUNTED_HERE, search_allowed

log = logging.getLogger(__name__)


class ClientRateThrottle(AnonRateThrottle):
    """DRF's anonymous rate (API_ANON_RATE) per client address as portal.client_ip finds
    it: DRF's own would take X-Forwarded-For as the client writes it."""

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        """Counted in this process while the shared cache is unreachable."""
        if not cache_unreachable(request):
            try:
                return super().allow_request(request, view)
            except UNREACHABLE:
                log.warning("API rate counted in this process: the cache is unreachable")
        self.cache = COUNTED_HERE
        return super().allow_request(request, view)


class SearchRateThrottle(BaseThrottle):
    """The site's search limit (meetings.ratelimit): words in `q` count as a search, the
    same count the meetings page, feeds, calendars and files keep."""

    retry_after = None

    def allow_request(self, request, view):
        if not (request.query_params.get("q") or "").strip():
            return True
        allowed, self.retry_after = search_allowed(request)
        return allowed

    def wait(self):
        return self.retry_after
