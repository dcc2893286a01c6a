"""Error pages rendered with the site's layout, so a visitor always has a way on; under
/api/, JSON as the API's own errors are, whatever raised them (a bad Host header, a
query of too many fields, an address no API view matched, a server error)."""

from django.core.exceptions import TooManyFieldsSent
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from rest_framework.exceptions import APIException, NotFound, ParseError


def bad_request(request, exception=None):
    if _is_api(request):
        return _api_error(ParseError)
    # The query string may be what was bad (more fields than Django reads): the page,
    # whose search box shows the words searched, must not read it again.
    request.GET = QueryDict()
    return render(request, "errors/400.html", status=400)


def page_not_found(request, exception=None):
    if not _query_readable(request):  # what is wrong is the query, as on any other page
        return bad_request(request, exception)
    if _is_api(request):
        return _api_error(NotFound)
    return must_ask_again(render(request, "errors/404.html", status=404))


def must_ask_again(response):
    """A response no browser keeps without asking again: a page that is gone or missing
    now (a meeting withdrawn, or scheduled) may be there at the next visit."""
    patch_cache_control(response, max_age=0, must_revalidate=True)
    return response


def server_error(request):
    if _is_api(request):
        return _api_error(APIException)
    if not _query_readable(request):
        request.GET = QueryDict()
    return render(request, "errors/500.html", status=500)


def _query_readable(request):
    try:
        request.GET  # noqa: B018 (read here, so that the page's search box can read it)
    except TooManyFieldsSent:
        return False
    return True


def _is_api(request):
    return request.path.startswith(reverse("api:api-root"))


def _api_error(exception_class):
    """The JSON body DRF gives `exception_class`, with its status."""
    detail = str(exception_class.default_detail)
    return JsonResponse({"detail": detail}, status=exception_class.status_code)
