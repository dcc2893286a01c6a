"""Small pieces of markup printed once per row: a unit, an award, a list of links.

They are filters rather than `{% include %}`s because a history table or a list page
prints hundreds of them, and an include costs a template context and a lookup each
time. Every value is escaped, as the template would: plain strings with the standard
library's `html.escape` (what Django's `escape` calls, without the lazy-string check
around it, which cost more than the escaping on a page of 300 result rows), anything
else with `conditional_escape`, which leaves markup already marked safe alone.
"""

import functools
import html

from django import template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from ..filters import year_name
from ..links import page_urls
from ..models import AssessmentResult, Directive, Organization, Topic
from ..models.names import is_chinese
from ..search.text import CJK_RUN

register = template.Library()

AWARD_CLASSES = {"red_flag": "award award-red", "yellow_card": "award award-yellow"}


def _escape(value):
    if type(value) is str:  # not SafeString, which is a str too
        return html.escape(value)
    return conditional_escape(value)


def _markup(template, *values):
    """format_html with the cheaper escape: `template` is this module's own markup."""
    return mark_safe(template.format(*map(_escape, values)))  # noqa: S308 (each value escaped)


def _joined(separator, pieces):
    """Markup made of pieces that are each safe already, and an escaped separator."""
    return mark_safe(_escape(separator).join(pieces))  # noqa: S308 (every part escaped)


def _anchor(url, text, chinese_text=None):
    """A link with both values escaped, as plain text to join into a filter's markup;
    marked with the language of a name written in the other language's letters than the
    text around it, Chinese or not (by default the page's), for screen readers to read
    it so: "Liu Jie" in Chinese text."""
    if chinese_text is None:
        chinese_text = is_chinese(get_language())
    return f'<a href="{_escape(url)}"{_script_lang(text, chinese_text)}>{_escape(text)}</a>'


def _script_lang(text, chinese_around):
    """` lang="…"` for text whose letters are not those of the text around it (Chinese
    characters in English, none in Chinese), else nothing."""
    if bool(CJK_RUN.search(text)) == chinese_around or not text.strip():
        return ""
    return ' lang="en"' if chinese_around else ' lang="zh-hans"'


def _marked(text, chinese_around):
    """Text escaped, in a span marked with its language where its letters are not those
    of the text around it."""
    attr = _script_lang(text, chinese_around)
    return f"<span{attr}>{_escape(text)}</span>" if attr else _escape(text)


def _link(url, text, chinese_text=None):
    """_anchor, safe to print."""
    return mark_safe(_anchor(url, text, chinese_text))  # noqa: S308 (both values escaped)


@register.filter
def choice_label(instance, field_name, language=None):
    """What instance.get_<field_name>_display() gives, from a table built once per field
    and language (Django's own method rebuilds its table of choices on every call, and
    each lazy label is translated again each time it is printed)."""
    value = getattr(instance, field_name)
    labels = _choice_labels(type(instance), field_name, language or get_language())
    return labels.get(value, value)


@functools.cache
def _sentence_verbs(language):
    return Directive.sentence_verbs(language)


@functools.cache
def _choice_labels(model, field_name, language):
    with translation.override(language):
        return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


@register.filter
def name_in(record, language):
    """A person's, organization's, topic's or column's name for text in `language`."""
    return record.name_in(language)


@register.filter
def link_in(record, language):
    """A link to a person's, organization's or topic's page in text in `language` (an
    article's), named in it."""
    return _link(record.get_absolute_url(), record.name_in(language), is_chinese(language))


@register.filter
def unit(result, language=None):
    """The assessed unit: a link to its organization (named for text in `language`, by
    default the page's), or the units as the article names them."""
    if result.organization_id is None:
        return result.units_described
    organization, language = result.organization, language or get_language()
    return _link(
        organization.get_absolute_url(), organization.name_in(language), is_chinese(language)
    )


@register.filter
def award(result, language=None):
    """A result's award as a coloured badge, or a dash when there is none."""
    return _award_badge(result.award, language or get_language())


def _award_badge(value, language):
    css_class = AWARD_CLASSES.get(value)
    if css_class is None:
        return "—"
    label = _choice_labels(AssessmentResult, "award", language).get(value, value)
    return _markup('<span class="{}">{}</span>', css_class, label)


@register.filter
def page_link(record):
    """A link to a person's, organization's or topic's page, named in the page's language."""
    return _link(record.get_absolute_url(), record.shown_name)


@register.filter
def links(records, separator=None):
    """Links to the pages of people, topics or organizations, named in the page's
    language, between separators (by default the language's: 、 in Chinese)."""
    language = get_language()
    if separator is None:
        separator = "、" if is_chinese(language) else ", "
    return _joined(separator, _links(records, language))


@register.filter
def links_in(records, language):
    """Links in a sentence of text in `language` (an article's), named in it: A、B、C in
    Chinese, "A, B and C" in English."""
    anchors = _links(records, language)
    if is_chinese(language):
        return _joined("、", anchors)
    if len(anchors) > 2:
        anchors = [_joined(", ", anchors[:-1]), anchors[-1]]
    return _joined(" and ", anchors)


def _links(records, language):
    chinese = is_chinese(language)
    return [_link(r.get_absolute_url(), r.name_in(language), chinese) for r in records]


@register.filter
def as_clause(text, language):
    """Text entered as a sentence of its own ("… made a statement.") as one clause of a
    longer sentence, which the next clause follows: ended with a semicolon (；)."""
    text = text.strip().rstrip(".;。；").rstrip()
    if not text:
        return ""
    return text + ("；" if is_chinese(language) else ";")


@register.filter(is_safe=True)
def ends_sentence(markup, language):
    """Markup whose last clause ends with a semicolon (a list of clauses cut short)
    ended with a full stop instead: "." in English, "。" in Chinese."""
    text = str(conditional_escape(markup)).rstrip()
    if text.endswith((";", "；")):
        text = text[:-1] + ("。" if is_chinese(language) else ".")
    return mark_safe(text)  # noqa: S308 (the markup was escaped as it was rendered)


@register.filter
def topic_tags(topics):
    """A meeting's topics as a list of tags (nothing when it has none): one f-string
    per tag, since a list page prints sixty of them."""
    topic_url = page_urls(Topic.page_name)
    language = get_language()
    chinese = is_chinese(language)
    items = "".join(
        f"<li>{_anchor(topic_url(t.slug), t.name_in(language), chinese)}</li>" for t in topics
    )
    return mark_safe(f'<ul class="tags">{items}</ul>') if items else ""  # noqa: S308 (escaped)


@register.filter
def held_on(meeting):
    """The day a meeting was held, as a <time> element in the page's date format."""
    return day(meeting.held_on)


@register.filter
def day(value):
    """A date as a <time> element in the page's date format."""
    return _time_element(value, get_language())


@functools.lru_cache(maxsize=8192)
def _time_element(day, language):
    """Formatting a date in the language's format takes longer than anything else in a
    row; a day and a language always give the same markup, since date formats are
    settings and do not change while the site runs."""
    return _markup(
        '<time datetime="{}">{}</time>', day.isoformat(), date_format(day, "DATE_FORMAT")
    )


@register.filter
def meeting_link(meeting):
    """A link to a meeting's article, titled with the meeting's title (in its language)."""
    url, title = _escape(meeting.get_absolute_url()), _escape(meeting.title)
    return mark_safe(f'<a href="{url}"{lang_attr(meeting)}>{title}</a>')  # noqa: S308 (escaped)


@register.filter
def lang_attr(meeting):
    """` lang="…"` for a meeting's own text where its language is not the page's (a
    Chinese title on an English page is read with a Chinese voice), else nothing."""
    language = meeting.language
    if not language or language == get_language():
        return ""
    return mark_safe(f' lang="{_escape(language)}"')  # noqa: S308 (escaped)


@register.filter
def text_lang(text):
    """` lang="…"` for stored text whose language is not the page's, told by its letters
    (text with Chinese characters is Chinese, other text English), else nothing."""
    return mark_safe(_script_lang(text, is_chinese(get_language())))  # noqa: S308 (fixed)


@register.filter
def lang_marked(text):
    """Text escaped, and marked with its language where its letters are not the page's:
    a name without Chinese characters on a Chinese page."""
    return mark_safe(_marked(text, is_chinese(get_language())))  # noqa: S308 (escaped)


@register.filter
def in_language_of(text, meeting):
    """Text from a meeting's records, marked with the meeting's language where that is
    not the page's."""
    attr = lang_attr(meeting)
    return mark_safe(f"<span{attr}>{_escape(text)}</span>" if attr else _escape(text))  # noqa: S308


@register.filter
def directive_sentence(directive, words=None):
    """“<person> required that <text>”, or “<某某>要求，<text>”, written whole in the
    language of the directive's meeting, as its article says it, and marked with that
    language where it is not the page's; the person links to their page in the page's
    language. `words`: the text cut to that many words. Needs the directive's meeting
    (its language) and the person who issued it."""
    return _directive_sentence(directive, words, linked=True)


@register.filter
def own_directive_sentence(directive, words=None):
    """directive_sentence on the page of the person who issued it: their name unlinked."""
    return _directive_sentence(directive, words, linked=False)


def _directive_sentence(directive, words, linked):
    meeting, person = directive.meeting, directive.issued_by
    language = meeting.language or get_language()
    verb = _sentence_verbs(language).get(directive.verb, directive.verb)
    text = directive.text
    if words:  # Chinese is written without spaces: cut it at twice as many characters
        cut = Truncator(text)
        text = cut.chars(int(words) * 2) if is_chinese(language) else cut.words(int(words))
    name, chinese = person.name_in(language), is_chinese(language)
    name = _anchor(person.get_absolute_url(), name, chinese) if linked else _marked(name, chinese)
    if chinese:
        sentence = f"{name}{_escape(verb)}，{_escape(text)}"
    else:
        sentence = f"{name} {_escape(verb)} that {_escape(text)}"
    attr = lang_attr(meeting)
    return mark_safe(f"<span{attr}>{sentence}</span>" if attr else sentence)  # noqa: S308 (escaped)


@register.filter
def other_names(person, separator=" · "):
    """A person's names other than the one the page shows them by (see
    PrintedName.shown_name), each marked with its language where it is written in the
    other language's letters."""
    shown, chinese_page = person.shown_name, is_chinese(get_language())
    names = [name for name in (person.name, *person.alt_name_list) if name != shown]
    return _joined(separator, (_marked(name, chinese_page) for name in names))


@register.filter
def result_items(lines):
    """Results (ResultLine rows, see AssessmentResult.objects.lines_by_report) as list
    items: the unit, its standing and its award. A topic page prints 300 of them, so
    each is one f-string of escaped values and of labels escaped once per language."""
    language = get_language()
    chinese = is_chinese(language)
    standings = _escaped_labels(AssessmentResult, "standing", language)
    badges = _award_badges(language)
    organization_url = page_urls(Organization.page_name)
    colon = "：" if chinese else ": "
    items = []
    for line in lines:
        if line.organization_slug is None:
            assessed = _escape(line.units_described)
        else:
            name = (chinese and line.organization_name_zh) or line.organization_name
            assessed = _anchor(organization_url(line.organization_slug), name, chinese)
        standing = standings.get(line.standing)
        if standing is None:
            standing = _escape(line.standing)
        items.append(f"<li>{assessed}{colon}{standing} {badges.get(line.award, '—')}</li>")
    return mark_safe("".join(items))  # noqa: S308 (every value escaped above)


@functools.cache
def _escaped_labels(model, field_name, language):
    return {
        value: _escape(label)
        for value, label in _choice_labels(model, field_name, language).items()
    }


@functools.cache
def _award_badges(language):
    """{award: its badge's markup} for the awards that have a badge."""
    return {value: str(_award_badge(value, language)) for value in AWARD_CLASSES}


@register.filter
def as_year(year):
    """A year as the page's language writes it: "2022", "2022年"."""
    return year_name(year)
