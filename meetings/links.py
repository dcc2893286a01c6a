"""Addresses of public pages by slug.

`reverse()` walks the URL patterns on every call, and a list page asks for hundreds
of addresses (each meeting, its column, its topics); a CSV of every meeting, for a
hundred thousand. An address depends only on the view, the slug, the language prefix,
the script prefix and the URLconf, and the slug is one part of it: each view is
reversed once per language, script prefix and URLconf, with a stand-in slug, and a
slug is put in the stand-in's place.
"""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.urls.converters import SlugConverter
from django.utils.translation import get_language

# What the URL patterns' <slug:...> converter accepts. Anything else is reversed as
# Django reverses it (which refuses it), so the shortcut never makes an address that
# reverse() would not.
SLUG = re.compile(SlugConverter.regex)
STAND_IN = "0-slug-stand-in-0"


def page_url(viewname, slug):
    """The address of the public page `viewname` (e.g. "meetings:topic") for `slug`."""
    return page_urls(viewname)(slug)


def page_urls(viewname):
    """page_url for many slugs in a row: a function of the slug, for the current
    language, script prefix and URLconf, which are looked up once."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _around_slug(viewname, get_language(), get_script_prefix(), urlconf)

    def url(slug):
        if SLUG.fullmatch(slug):
            return f"{before}{slug}{after}"
        return reverse(viewname, urlconf=urlconf, kwargs={"slug": slug})

    return url


@functools.lru_cache(maxsize=256)
def _around_slug(viewname, language, script_prefix, urlconf):
    """What comes before and after the slug in the view's address."""
    address = reverse(viewname, urlconf=urlconf, kwargs={"slug": STAND_IN})
    before, _, after = address.rpartition(STAND_IN)
    return before, after
