"""Public pages cached in the shared cache, and never stale.

Every cached page is stored with a content *generation*, a number that any change to
published content raises (signals.py bumps it when a transaction that changed a
record commits). A publication time that arrives without any write (scheduled
publishing) is a change too: the time of the next one is kept beside the number,
and the first request after it raises the number. So a visitor never sees a page
older than the content, and a conditional GET whose ETag carries the current
generation (and release) is answered 304 without rendering or querying.

An article outlives the generation: it is kept with the versions of what it shows
(its meeting and the names it prints, see models.article_versions), and a later
generation serves it again, after one query finds them unchanged, instead of rendering
it. Editors at work on other meetings leave every other article cached.

Only anonymous GET requests for the public site are cached (a staff member's
preview never is), only 200 answers, and only when PAGE_CACHE is on: it needs a
cache shared by every app server (Redis), or a single process.

What else keeps a page from going stale: generations start from the clock, so a Redis
that lost its data never hands out an old number (and an old ETag) again; a bump that
failed, or a cache found unreachable (where another process's bump may have failed), is
owed (owe_bump): the process serves uncached until it has raised the generation, which
it tries before each page and from a timer meanwhile (what this leaves uncovered, the
README says: a process that only serves pages already cached from a Redis that refuses
writes, and a process that exits owing); with read replicas, a page rendered within
REPLICA_LAG_SECONDS of a change is served but not kept, since the replica may not have
the change yet; a new release (other templates, code, translations or static files)
starts afresh; and a page is kept only for the query parameters its view reads (its
`query_parameters`), so made-up parameters cannot fill the cache.
"""

import atexit
import functools
import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import connections
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from portal.redis_cache import UNREACHABLE

log = logging.getLogger(__name__)

GENERATION_KEY = "content:generation"
NEXT_DUE_KEY = "content:next-due"
CHANGED_AT_KEY = "content:changed-at"
PAGE_TIMEOUT = 24 * 60 * 60
LOOKUP = "portal.page_cache.lookup"  # request.META (the WSGI environ): a look-up already made
NOT_MODIFIED_HEADERS = ("ETag", "Cache-Control", "Vary", "Content-Language")
# Which meetings each generation's change touched (see bump and changes_between).
CHANGES_KEY = "content:changes:{}"
CHANGES_TIMEOUT = 60 * 60
MAX_CHANGES_KEPT = 1000  # a larger change is kept as "anything may have changed"
MAX_STEPS_BRIDGED = 100

# How many times this process failed to raise the generation, or found the cache
# unreachable (where another process may have failed to), since it last raised it: while
# it is not 0 the process serves uncached, and raises the generation as soon as it can.
_debt = 0
_retry_timer = None
_exiting = False
_owing = threading.Lock()  # guards the three above
RETRY_SECONDS = 2


def _next_due():
    from .models import Meeting

    upcoming = Meeting.objects.scheduled().order_by("published_at")
    return upcoming.values_list("published_at", flat=True).first()


def _fresh_generation():
    """A first generation that no earlier run of the cache handed out: the clock, in
    microseconds, is past any number an earlier count reached by one per change."""
    return time.time_ns() // 1000


def bump(changed=None):
    """Record that published content changed: every cached page is now out of date.

    `changed` names the meetings whose records changed, when the change was to them
    alone (not to a person, a topic, a column...): kept with the new generation, it lets
    a stored search ranking be brought up to date instead of ranked again (see
    changes_between). None: anything may have changed.
    """
    global _debt
    with _owing:
        owed = _debt
    try:
        due = _next_due() or "none"  # read before any write: a failure writes nothing
        # The time first: a page looked up in the new generation must see that a read
        # replica may not have the change yet (see store).
        cache.set(CHANGED_AT_KEY, time.time(), timeout=None)
        new = _fresh_generation()
        if not cache.add(GENERATION_KEY, new, timeout=None):
            new = cache.incr(GENERATION_KEY)
        if changed is not None and len(changed) <= MAX_CHANGES_KEPT:
            cache.set(CHANGES_KEY.format(new), sorted(changed), CHANGES_TIMEOUT)
        cache.set(NEXT_DUE_KEY, due, timeout=None)
    except Exception as error:  # a cache outage must not break saving content
        if owed:
            log.warning("content generation still not raised: %r", error)
        else:
            log.exception("could not raise the content generation; retrying until it is")
        owe_bump()
        return
    with _owing:
        _debt = max(0, _debt - owed)  # what was owed since this bump began is owed still


def owe_bump():
    """Have the generation raised once the cache answers again: before this process
    serves another page (it serves them uncached until then), every RETRY_SECONDS
    meanwhile however idle it is, and once more as it exits (a command's change)."""
    global _debt
    with _owing:
        _debt += 1
        if _retry_timer is None and not _exiting:
            _start_retry_timer()


def owes_bump():
    """Whether this process owes the cache a new generation (see owe_bump)."""
    return _debt > 0


def _start_retry_timer():
    global _retry_timer
    _retry_timer = threading.Timer(RETRY_SECONDS, _retry)
    _retry_timer.daemon = True
    _retry_timer.start()


def _retry():
    global _retry_timer
    try:
        if _debt:
            bump()
    finally:
        connections.close_all()  # this thread's: a request's are closed by Django
        with _owing:
            _retry_timer = None
            if _debt and not _exiting:
                _start_retry_timer()


@atexit.register
def _last_try():
    global _exiting
    with _owing:
        _exiting = True  # no timer from here on
    if _debt:
        bump()
    if _debt:
        log.error(
            "exiting without raising the content generation: pages cached before the last "
            "change may be served until the next one, or for up to %s hours; run "
            "`manage.py expire_pages` once Redis answers",
            PAGE_TIMEOUT // 3600,
        )


def forget_debt():
    """Owe nothing, and wait for a retry under way: for a test (whose cache is not the one
    before), or a command that has reported the failure itself."""
    global _debt, _retry_timer
    while True:
        with _owing:
            _debt = 0
            timer = _retry_timer
        if timer is None:
            return
        timer.cancel()
        timer.join()
        with _owing:
            if _retry_timer is timer:  # cancelled before it ran
                _retry_timer = None


def changes_between(earlier, current):
    """The ids of the meetings changed from generation `earlier` to `current`, or None
    if what changed is not known: a change beyond meetings' own records, a generation
    started without its list (the first, after a failed bump, or read between the
    number and its list), or more steps or meetings than are worth going through."""
    if not earlier < current <= earlier + MAX_STEPS_BRIDGED:
        return None
    keys = [CHANGES_KEY.format(step) for step in range(earlier + 1, current + 1)]
    kept = cache.get_many(keys)
    if len(kept) < len(keys):
        return None
    changed = set().union(*kept.values())
    return changed if len(changed) <= MAX_CHANGES_KEPT else None


def generation(fetched=None):
    """The current content generation; None while this process owes a new one (see
    owe_bump): the cache does not know of a change this process may know of.

    `fetched` is what a cache.get_many() that included GENERATION_KEY and NEXT_DUE_KEY
    returned, so that a caller can read them with its own keys in one round trip.
    """
    if _debt:
        bump()
        if _debt:
            return None
        fetched = None
    if fetched is None:
        fetched = cache.get_many([GENERATION_KEY, NEXT_DUE_KEY])
    value, due = fetched.get(GENERATION_KEY), fetched.get(NEXT_DUE_KEY)
    if value is None or due is None:  # the first request, or the cache lost them
        cache.add(CHANGED_AT_KEY, time.time(), timeout=None)  # a change may be recent
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        cache.set(NEXT_DUE_KEY, _next_due() or "none", timeout=None)
        return cache.get(GENERATION_KEY)
    if due != "none" and timezone.now() >= due:
        bump()
        if _debt:
            return None
        return cache.get(GENERATION_KEY, value + 1)
    return value


def may_be_cached(request):
    """A request that may be answered from the cache (see is_shared_read)."""
    return settings.PAGE_CACHE and is_shared_read(request)


def is_shared_read(request):
    """An anonymous GET or HEAD, whose answer is the same for everyone (over HTTPS where
    the site insists on it, so the redirect is never skipped)."""
    return (
        request.method in ("GET", "HEAD")
        # Staff may see previews: never share their pages.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
        and _host_is_allowed(request)
    )


def mark_shareable(response, generation=None, stamp=None):
    """The validator and caching headers of a page every visitor may share (but staff,
    known by their session cookie, may see another)."""
    response["ETag"] = etag(generation, stamp)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])


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


def reads_parameters(*names):
    """Say which query parameters a function view reads (see parameters_read)."""

    def declare(view):
        view.query_parameters = frozenset(names)
        return view

    return declare


def parameters_read(request):
    """The query parameters the page resolved for `request` reads, as its view says in
    `query_parameters` (none where it does not say). A page asked for with any other is
    served but not kept, so that made-up parameters cannot fill the cache with copies of
    a page ("/?page=1" … "/?page=50" are all the home page)."""
    view = request.resolver_match.func
    view = getattr(view, "view_class", view)
    return getattr(view, "query_parameters", frozenset())


# What renders a page, besides the content: its templates, code, translations and the
# pinned versions of the libraries it uses (Django's form widgets print the list's filters).
RELEASE_SOURCES = (
    "templates/**/*.html",
    "meetings/**/*.py",
    "portal/**/*.py",
    "locale/**/*.mo",
    "requirements.txt",
)


@functools.cache
def release():
    """Which release renders the pages: a digest of its templates, code, translations and
    pinned libraries, and of the build of its static files (whose hashed names pages
    point to), read once per process. A deploy that changes how a page looks, but no
    content and no static file, still never serves a page the previous release rendered."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    sources = sorted(path for pattern in RELEASE_SOURCES for path in base.glob(pattern))
    if settings.STATIC_ROOT:
        sources.append(Path(settings.STATIC_ROOT, "staticfiles.json"))
    for path in sources:
        try:
            digest.update(path.read_bytes())
        except OSError:  # no static build yet (tests, development)
            digest.update(b"missing")
    return digest.hexdigest()[:12]


def etag(generation, stamp=None):
    """A page's validator: the release that rendered it, and the content generation, or
    for an article the versions it shows (which outlive generations)."""
    if stamp is not None:
        return f'W/"{release()}-a{stamp.meeting}.{stamp.article_version}.{stamp.names_version}"'
    return f'W/"{release()}-g{generation}"'


@dataclass(frozen=True)
class Lookup:
    """What the cache said about a request.

    `page` is the answer (the stored page, or a 304 when the visitor already has it);
    otherwise `key` says where to keep the page once rendered (None: never keep it).
    """

    page: HttpResponse | None = None
    key: str | None = None
    generation: int | None = None
    changed_at: float | None = None
    earlier_page: HttpResponse | None = None  # an article kept in an earlier generation
    earlier_stamp: tuple | None = None  # and what it showed (see revalidate)
    unavailable: bool = False  # the cache could not be reached: not tried again


def look_up(request):
    """Look a request up in the cache, once per request (the front door and the
    middleware share the answer through request.META)."""
    known = request.META.get(LOOKUP)
    if known is None:
        known = request.META[LOOKUP] = _look_up(request)
    return known


def cache_unreachable(request):
    """Whether this request's look-up found the cache unreachable, or this process owing
    it a new generation (see owe_bump): the rest of the request does not try it."""
    known = request.META.get(LOOKUP)
    return known is not None and known.unavailable


def _look_up(request):
    if not may_be_cached(request):
        return Lookup()
    # The scheme and host are part of the address: pages print absolute links.
    address = f"{release()} {request.build_absolute_uri()}"
    key = f"page:{hashlib.sha256(address.encode()).hexdigest()}"
    try:
        fetched = cache.get_many([GENERATION_KEY, NEXT_DUE_KEY, CHANGED_AT_KEY, key])
        current = generation(fetched)
    except UNREACHABLE as error:
        if _debt:  # logged in full when it began
            log.warning("page cache still unreachable; serving uncached: %r", error)
        else:
            log.exception("page cache unreachable; serving uncached")
        owe_bump()  # a change made meanwhile may have missed the cache
        return Lookup(unavailable=True)
    except Exception:
        log.exception("page cache unavailable; serving uncached")
        return Lookup(unavailable=True)
    if current is None:  # a change this process may know of is not in the cache yet
        return Lookup(unavailable=True)
    stored_generation, page, stamp = fetched.get(key, (None, None, None))
    if stored_generation != current:
        return Lookup(
            key=key,
            generation=current,
            changed_at=fetched.get(CHANGED_AT_KEY),
            earlier_page=page if stamp is not None else None,
            earlier_stamp=stamp,
        )
    return Lookup(page=_answer(request, page))


def _answer(request, page):
    """The stored page, or a 304 if the visitor has it already."""
    if page["ETag"] not in request.headers.get("If-None-Match", ""):
        return page
    not_modified = HttpResponseNotModified()
    for header in NOT_MODIFIED_HEADERS:
        if header in page:
            not_modified[header] = page[header]
    return not_modified


def revalidate(request, lookup):
    """An article kept in an earlier generation is served, and kept for this one, while
    its meeting and the names it prints are as they were (see models.article_versions):
    changes to other meetings leave it alone. One query, on the primary database."""
    from .models import Meeting

    stamp = lookup.earlier_stamp
    if Meeting.objects.article_stamp(pk=stamp.meeting) != stamp:
        return lookup
    _keep(lookup.key, (lookup.generation, lookup.earlier_page, stamp))
    return Lookup(page=_answer(request, lookup.earlier_page))


def store(request, response, lookup):
    """Keep a public page with the generation it shows; an older one is replaced."""
    if (
        lookup.key is None
        or not is_public_page(request)
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or not parameters_read(request).issuperset(request.GET)
    ):
        return
    stamp = getattr(response, "article_stamp", None)
    if not response.has_header("ETag"):  # an article's view has marked it already
        mark_shareable(response, lookup.generation, stamp)
    if _replicas_may_lag(lookup.changed_at):
        return  # a replica may not have the change yet: serve this page, keep none
    _keep(lookup.key, (lookup.generation, response, stamp))


def _keep(key, entry):
    try:
        cache.set(key, entry, PAGE_TIMEOUT)
    except UNREACHABLE as error:
        # Reads answered, a write did not: Redis is out of memory, read-only after a
        # failover, or gone since the look-up. Another process's change may have failed
        # to raise the generation too.
        if _debt:  # logged in full when it began
            log.warning("page cache still refuses writes; page not stored: %r", error)
        else:
            log.exception("page cache refused a write; page not stored")
        owe_bump()
    except Exception:
        log.exception("page cache unavailable; page not stored")


def replicas_may_lag():
    """Whether a read replica may not have the latest change yet."""
    if not settings.REPLICA_DATABASES:
        return False
    return _replicas_may_lag(cache.get(CHANGED_AT_KEY))


def _replicas_may_lag(changed_at):
    """The same, from the time of the latest change (None: not known, so it may)."""
    return bool(settings.REPLICA_DATABASES) and (
        changed_at is None or time.time() - changed_at < settings.REPLICA_LAG_SECONDS
    )


class PublicPageCacheMiddleware:
    """Serve and store public pages by generation; answer conditional GETs with 304.

    It stands near the top of MIDDLEWARE (only the request log is above it), so a hit
    skips everything below, and a stored page keeps every header that the middleware
    below added. A page is kept under its address with the generation it shows, so a
    hit is one cache round trip (the generation, the next due time and the page, read
    together) and no query; an article from an earlier generation costs one query more
    (revalidate). Under gunicorn, portal/front_door.py answers hits even before
    Django's handler.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lookup = look_up(request)
        if lookup.earlier_page is not None:
            lookup = revalidate(request, lookup)
        if lookup.page is not None:
            return lookup.page
        response = self.get_response(request)
        store(request, response, lookup)
        return response
