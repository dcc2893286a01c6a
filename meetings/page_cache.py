"""Public pages cached in the shared cache, and never stale.

Every cached page is keyed by a content *generation*, a number that any change to
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


def generation():
    """The current content generation (it starts at 1)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        cache.set(NEXT_DUE_KEY, _next_due() or "none", timeout=None)
        return cache.get(GENERATION_KEY, 1)
    due = cache.get(NEXT_DUE_KEY)
    if due not in (None, "none") and timezone.now() >= due:
        bump()
        return cache.get(GENERATION_KEY, value + 1)
    return value


def cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # staff may see previews: never share their pages
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "meetings"


class PublicPageCacheMiddleware:
    """Serve and store public pages by generation; answer conditional GETs with 304."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.store(request, self.get_response(request))

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE or not cacheable(request):
            return None
        try:
            current = generation()
            etag = f'W/"g{current}"'
            if etag in request.headers.get("If-None-Match", ""):
                response = HttpResponseNotModified()
                response["ETag"] = etag
                return response
            key = f"page:{current}:{hashlib.sha256(request.get_full_path().encode()).hexdigest()}"
            cached = cache.get(key)
        except Exception:
            log.exception("page cache unavailable; serving uncached")
            return None
        if cached is not None:
            return cached
        request.page_cache = (key, etag)
        return None

    def store(self, request, response):
        key, etag = getattr(request, "page_cache", (None, None))
        if key is None or response.status_code != 200 or response.streaming or response.cookies:
            return response
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        try:
            cache.set(key, response, PAGE_TIMEOUT)
        except Exception:
            log.exception("page cache unavailable; page not stored")
        return response
