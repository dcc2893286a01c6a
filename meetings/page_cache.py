"""Public pages cached in the shared cache, and never stale.

Every cached page is stored with a content *generation*, a number that any change to
published content raises (signals.py bumps it when a transaction that changed a
record commits). A publication time that arrives without any write (scheduled
publishing) is a change too: the time of the next one is kept beside the number,
and the first request after it raises the number. So a visitor never sees a page
older than the content, and a conditional GET whose ETag carries the current
generation is answered 304 without rendering or querying.

Only anonymous GET requests for the public site are cached (a staff member's
preview never is), only 200 answers, and only when PAGE_CACHE is on: it needs a
cache shared by every app server (Redis), or a single process.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .commit_hooks import once_after_commit

log = logging.getLogger(__name__)

GENERATION_KEY = "content:generation"
NEXT_DUE_KEY = "content:next-due"
PAGE_TIMEOUT = 24 * 60 * 60


def _next_due():
    from .models import Meeting

    upcoming = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED, published_at__gt=timezone.now()
    ).order_by("published_at")
    return upcoming.values_list("published_at", flat=True).first()


def bump_on_commit():
    """Bump once when the current transaction commits, however many rows it changed."""
    once_after_commit(bump)


def bump():
    """Record that published content changed: every cached page is now out of date."""
    try:
        if not cache.add(GENERATION_KEY, 2, timeout=None):
            cache.incr(GENERATION_KEY)
        cache.set(NEXT_DUE_KEY, _next_due() or "none", timeout=None)
    except Exception:  # a cache outage must not break saving content
        log.exception("could not raise the content generation")


def generation(fetched=None):
    """The current content generation (it starts at 1).

    `fetched` is what a cache.get_many() that included GENERATION_KEY and NEXT_DUE_KEY
    returned, so that a caller can read them with its own keys in one round trip.
    """
    if fetched is None:
        fetched = cache.get_many([GENERATION_KEY, NEXT_DUE_KEY])
    value = fetched.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        cache.set(NEXT_DUE_KEY, _next_due() or "none", timeout=None)
        return cache.get(GENERATION_KEY, 1)
    due = fetched.get(NEXT_DUE_KEY)
    if due not in (None, "none") and timezone.now() >= due:
        bump()
        return cache.get(GENERATION_KEY, value + 1)
    return value


def may_be_cached(request):
    """A request that may be answered from the cache: an anonymous GET or HEAD
    (over HTTPS where the site insists on it, so the redirect is never skipped)."""
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        # Staff may see previews: never share their pages.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
        and _host_is_allowed(request)
    )


def _host_is_allowed(request):
    """Leave a host outside ALLOWED_HOSTS to Django, which answers it with its 400 page."""
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


def is_public_page(request):
    """Known only after the URL is resolved: a page of the public site."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "meetings"


def look_up(request):
    """Return (response, key, generation) for a request.

    The response is the stored page, or a 304 when the visitor already has it, if it
    shows the current generation; otherwise None, and the key and generation say where
    to store the page once it is rendered (both None: it must not be stored).
    """
    if not may_be_cached(request):
        return None, None, None
    key = f"page:{hashlib.sha256(request.get_full_path().encode()).hexdigest()}"
    try:
        fetched = cache.get_many([GENERATION_KEY, NEXT_DUE_KEY, key])
        current = generation(fetched)
    except Exception:
        log.exception("page cache unavailable; serving uncached")
        return None, None, None
    stored_generation, page = fetched.get(key, (None, None))
    if stored_generation != current:
        return None, key, current
    etag = f'W/"g{current}"'
    if etag in request.headers.get("If-None-Match", ""):
        page = HttpResponseNotModified()
        page["ETag"] = etag
    return page, key, current


def store(request, response, key, current):
    """Keep a public page with the generation it shows; an older one is replaced."""
    if (
        not is_public_page(request)
        or response.status_code != 200
        or response.streaming
        or response.cookies
    ):
        return
    response["ETag"] = f'W/"g{current}"'
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    try:
        cache.set(key, (current, response), PAGE_TIMEOUT)
    except Exception:
        log.exception("page cache unavailable; page not stored")


class PublicPageCacheMiddleware:
    """Serve and store public pages by generation; answer conditional GETs with 304.

    It stands near the top of MIDDLEWARE (only the request log is above it), so a hit
    skips everything below, and a stored page keeps every header that the middleware
    below added. A page is kept under its address with the generation it shows, so a
    hit is one cache round trip (the generation, the next due time and the page, read
    together) and no query. Under gunicorn, portal/front_door.py answers hits even
    before Django's handler.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response, key, current = look_up(request)
        if response is not None:
            return response
        response = self.get_response(request)
        if key is not None:
            store(request, response, key, current)
        return response
