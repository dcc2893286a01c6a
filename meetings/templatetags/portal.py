"""Template helpers for the public site: language links and query-string editing."""

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, language_code):
    """The current page in another language (the language lives in the URL prefix)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language_code)


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
    """The current query string with `params` replacing existing values."""
    query = context["request"].GET.copy()
    for name, value in params.items():
        query[name] = value
    return f"?{query.urlencode()}"
