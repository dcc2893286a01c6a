"""The API's rate limits: requests per client, and searches as the rest of the site counts them."""

from rest_framework.throttling import AnonRateThrottle, BaseThrottle

from portal.client_ip import client_ip

from ..ratelimit import counted, search_allowed


class ClientRateThrottle(AnonRateThrottle):
    """DRF's anonymous rate (API_ANON_RATE) per client address as portal.client_ip finds
    it: DRF's own would take X-Forwarded-For as the client writes it."""

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        """Counted in this process while the shared cache is unreachable."""
        allow = super().allow_request

        def count(counts):
            self.cache = counts
            return allow(request, view)

        return counted(request, count)


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
