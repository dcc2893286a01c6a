"""RSS 2.0 and Atom feeds of published meetings: all of them, one topic's, person's,
organization's or column's, each narrowed by the list page's query parameters."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .filters import MeetingFilter
from .scopes import answers_for_scope, scoped_meetings

FEED_SIZE = 50

# The control characters XML 1.0 and iCalendar's TEXT cannot carry. Text pasted from Word
# holds them: Shift+Enter is a vertical tab, a page break a form feed; both become the
# line break they stand for, the others are dropped.
CONTROL_CHARACTERS = {
    code: "\n" if code in (0x0B, 0x0C) else None
    for code in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]
}


def without_control_characters(value):
    """`value` with every text in it writable as XML or iCalendar; other values as they are."""
    if isinstance(value, (str, Promise)):
        return str(value).translate(CONTROL_CHARACTERS)
    if isinstance(value, (list, tuple)):
        return [without_control_characters(item) for item in value]
    if isinstance(value, dict):
        return {key: without_control_characters(item) for key, item in value.items()}
    return value


class ControlCharacterFree:
    """A feed writer that drops control characters from every text it is given (titles,
    descriptions, categories, author names...), where Django's would answer 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*without_control_characters(args), **without_control_characters(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*without_control_characters(args), **without_control_characters(kwargs))


class RssFeedWriter(ControlCharacterFree, Rss201rev2Feed):
    pass


class AtomFeedWriter(ControlCharacterFree, Atom1Feed):
    pass


class MeetingFeed(Feed):
    """Newest published meetings first. One instance serves every request: per-request
    state travels in the Scope object that get_object returns, never on self."""

    feed_type = RssFeedWriter

    csrf_exempt = True  # read-only: a POST is answered 405 below, not with a CSRF page
    query_parameters = frozenset(MeetingFilter.base_filters)  # no pages: see page_cache

    def __call__(self, request, *args, **kwargs):
        response = require_safe(answers_for_scope(super().__call__))(request, *args, **kwargs)
        # Django dates a feed by its newest item, and a meeting withdrawn from it leaves
        # that date as it was: a cache revalidating by it would be told the feed still
        # holding the withdrawn meeting is current. Pages carry no date either.
        if "Last-Modified" in response:
            del response["Last-Modified"]
        return response

    def get_object(self, request, kind=None, slug=None):
        scope = scoped_meetings(request, kind, slug)
        scope.query = request.GET.urlencode()
        scope.feed_url = f"{request.path}?{scope.query}" if scope.query else request.path
        scope.feed_guid = request.build_absolute_uri(scope.feed_url)
        return scope

    def feed_url(self, scope):
        # The self link names this feed, filters included (Django's default drops them).
        return scope.feed_url

    def title(self, scope):
        site = _("Meeting records")
        return f"{scope.title} · {site}" if scope.obj is not None else site

    def link(self, scope):
        """The page of the feed's record, or the list of its meetings."""
        if scope.obj is not None:
            return scope.obj.get_absolute_url()
        url = reverse("meetings:meeting_list")
        return f"{url}?{scope.query}" if scope.query else url

    def feed_guid(self, scope):
        """The feed's id, which readers tell feeds apart by (RFC 4287): its own address,
        filters included, where the link (Django's id) was one for a topic's feed of
        every year and of one."""
        return scope.feed_guid

    def author_name(self, scope):
        # Atom requires an author (RFC 4287): the portal publishes every meeting.
        return _("Meeting records portal")

    def description(self, scope):
        if scope.obj is not None:
            text = _("Published meetings concerning %(name)s, newest first.")
            return text % {"name": scope.title}
        return _("Published government meetings, newest first.")

    def items(self, scope):
        return (
            scope.meetings.order_by("-published_at", "-pk")
            .select_related("column")
            .prefetch_related("topics")[:FEED_SIZE]
        )

    def item_title(self, meeting):
        return meeting.title

    def item_description(self, meeting):
        # Readers treat descriptions as HTML: the plain-text lead is escaped to stay text.
        return escape(meeting.summary)

    def item_link(self, meeting):
        return meeting.get_absolute_url()

    def item_pubdate(self, meeting):
        return meeting.published_at

    def item_updateddate(self, meeting):
        return meeting.revised_at or meeting.published_at

    def item_categories(self, meeting):
        return [topic.shown_name for topic in meeting.topics.all()]


class MeetingAtomFeed(MeetingFeed):
    feed_type = AtomFeedWriter

    def subtitle(self, scope):
        return self.description(scope)
