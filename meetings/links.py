"""Addresses of public pages by slug, remembered per language.

`reverse()` walks the URL patterns on every call, and a list page asks for hundreds
of addresses (each meeting, its column, its topics): remembering them is most of
the difference between a list that renders in a few milliseconds and one that
does not. An address depends only on the view, the slug, the language prefix, the
script prefix and the URLconf, so those are the key.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def page_url(viewname, slug):
    """The address of the public page `viewname` (e.g. "meetings:topic") for `slug`."""
    return page_urls(viewname)(slug)


def page_urls(viewname):
    """page_url for many slugs in a row: a function of the slug, for the current
    language, script prefix and URLconf, which are looked up once."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    language, script_prefix = get_language(), get_script_prefix()
    return lambda slug: _reverse(viewname, slug, language, script_prefix, urlconf)


@functools.lru_cache(maxsize=20_000)
def _reverse(viewname, slug, language, script_prefix, urlconf):
    return reverse(viewname, urlconf=urlconf, kwargs={"slug": slug})
