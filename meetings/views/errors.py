"""Error pages rendered with the site's layout, so a visitor always has a way on."""

from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.shortcuts import render
from django.utils.cache import patch_cache_control


def bad_request(request, exception=None):
    # The query string may be what was bad (more fields than Django reads): the page,
    # whose search box shows the words searched, must not read it again.
    request.GET = QueryDict()
    return render(request, "errors/400.html", status=400)


def page_not_found(request, exception=None):
    if not _query_readable(request):  # what is wrong is the query, as on any other page
        return bad_request(request, exception)
    return must_ask_again(render(request, "errors/404.html", status=404))


def must_ask_again(response):
    """A response no browser keeps without asking again: a page that is gone or missing
    now (a meeting withdrawn, or scheduled) may be there at the next visit."""
    patch_cache_control(response, max_age=0, must_revalidate=True)
    return response


def server_error(request):
    if not _query_readable(request):
        request.GET = QueryDict()
    return render(request, "errors/500.html", status=500)


def _query_readable(request):
    try:
        request.GET  # noqa: B018 (read here, so that the page's search box can read it)
    except TooManyFieldsSent:
        return False
    return True
