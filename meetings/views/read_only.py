"""Addresses that only answer reading: the public pages, feeds, files and the API's docs."""

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def read_only(view):
    """GET and HEAD alone: anything else is answered 405, a POST too (not with a page
    about a missing CSRF token, which a read-only address has no use for)."""
    return csrf_exempt(require_safe(view))
