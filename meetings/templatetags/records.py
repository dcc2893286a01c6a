"""Small pieces of markup printed once per row: a unit, an award, a list of links.

They are filters rather than `{% include %}`s because a history table or a list page
prints hundreds of them, and an include costs a template context and a lookup each
time; format_html escapes every value, as the template would.
"""

import functools

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

register = template.Library()

AWARD_CLASSES = {"red_flag": "award award-red", "yellow_card": "award award-yellow"}


@register.filter
def choice_label(instance, field_name):
    """What instance.get_<field_name>_display() gives, from a table built once per field
    and language (Django's own method rebuilds its table of choices on every call, and
    each lazy label is translated again each time it is printed)."""
    value = getattr(instance, field_name)
    return _choice_labels(type(instance), field_name, get_language()).get(value, value)


@functools.cache
def _choice_labels(model, field_name, language):
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


@register.filter
def unit(result):
    """The assessed unit: a link to its organization, or the units as the article names them."""
    if result.organization_id is None:
        return result.units_described
    organization = result.organization
    return format_html('<a href="{}">{}</a>', organization.get_absolute_url(), organization.name)


@register.filter
def award(result):
    """A result's award as a coloured badge, or a dash when there is none."""
    css_class = AWARD_CLASSES.get(result.award)
    if css_class is None:
        return "—"
    return format_html('<span class="{}">{}</span>', css_class, choice_label(result, "award"))


@register.filter
def links(records, separator=", "):
    """Links to the pages of people, topics or organizations, between separators."""
    return format_html_join(
        separator, '<a href="{}">{}</a>', ((r.get_absolute_url(), r.name) for r in records)
    )


@register.filter
def topic_tags(topics):
    """A meeting's topics as a list of tags (nothing when it has none)."""
    items = format_html_join(
        "", '<li><a href="{}">{}</a></li>', ((t.get_absolute_url(), t.name) for t in topics)
    )
    return format_html('<ul class="tags">{}</ul>', items) if items else ""


@register.filter
def held_on(meeting):
    """The day a meeting was held, as a <time> element in the page's date format."""
    return format_html(
        '<time datetime="{}">{}</time>',
        meeting.held_on.isoformat(),
        date_format(meeting.held_on, "DATE_FORMAT"),
    )


@register.filter
def meeting_link(meeting):
    """A link to a meeting's article, titled with the meeting's title."""
    return format_html('<a href="{}">{}</a>', meeting.get_absolute_url(), meeting.title)


@register.filter
def result_items(results):
    """Assessment results as list items: the unit, its standing and its award."""
    return format_html_join(
        "",
        "<li>{}: {} {}</li>",
        ((unit(r), choice_label(r, "standing"), award(r)) for r in results),
    )
