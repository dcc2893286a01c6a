"""Template helpers for the public site: language links and query-string editing."""

import json

from django import template
from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from meetings.models.names import is_chinese

register = template.Library()

JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def language_url(context, language_code):
    """The current page in another language (the language lives in the URL prefix); for
    an address that is no page (the 404 page), the home page in that language."""
    request = context["request"]
    path = request.get_full_path()
    translated = translate_url(path, language_code)
    if translated == path and language_code != get_language():
        with translation.override(language_code):
            return reverse("meetings:home")
    return translated


@register.simple_tag(takes_context=True)
def query_without(context, name, value=None):
    """The current query string without `name` (or without just one of its values)."""
    query = context["request"].GET.copy()
    if value is None:
        query.pop(name, None)
    else:
        query.setlist(name, [v for v in query.getlist(name) if v != str(value)])
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_with(context, **params):
    """The current query string with `params` replacing existing values (None: removed)."""
    query = context["request"].GET.copy()
    for name, value in params.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None, language_code=None):
    """An absolute URL of `path` (default: this page without its query), in a language."""
    request = context["request"]
    path = path or request.path
    if language_code:
        path = translate_url(path, language_code)
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:  # the 400 page for a host the site does not serve
        return path


@register.filter
def json_ld(data):
    """A <script type="application/ld+json"> block; <, > and & are escaped so no text
    inside can close the script element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder)
    text = text.translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def query_only(context):
    """This page's filters as a query string (without the page number), or ""."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


@register.simple_tag
def sentence_gap():
    """What goes between two sentences of the page's language: a space in English, none
    in Chinese, whose full stop (。) is the gap ("仅显示最近50条。下载CSV文件")."""
    return "" if is_chinese(get_language()) else " "
