"""The WSGI front door: a cached public page is answered before Django's handler runs.

It asks the page cache exactly what PublicPageCacheMiddleware asks (same rules, and
the answer is kept in the WSGI environ, so a miss costs one look-up, not two), so a
page is served from here only if the middleware would serve it; anything else, a miss
included, goes to Django, and is stored there.
Skipping the handler and the middleware stack is what lets two workers answer a few
thousand cached requests a second.
"""

import time

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest

from meetings.page_cache import look_up

from .middleware import log_request


class PageCacheFrontDoor:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if settings.PAGE_CACHE and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            started = time.perf_counter()
            request = WSGIRequest(environ)
            response = look_up(request).page  # a miss is remembered for the middleware
            if response is not None:
                log_request(request, response, started)
                response._handler_class = type(self)
                start_response(
                    f"{response.status_code} {response.reason_phrase}", list(response.items())
                )
                return response
        return self.application(environ, start_response)
