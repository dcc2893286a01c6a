"""Page numbers from the query string, validated: a bad or out-of-range page is a 404."""

from django.core.paginator import EmptyPage, InvalidPage, PageNotAnInteger, Paginator
from django.db.models import Count, Window
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from ..models import Meeting

MAX_OFFSET = 2**31


def page_or_404(paginator, request, param="page"):
    """The page the request asks for; a bad or out-of-range number is a 404."""
    try:
        return paginator.page(request.GET.get(param) or 1)
    except InvalidPage as error:
        raise Http404(_("There is no such page of results.")) from error


class LimitedPages:
    """A paginator's pages up to `max_pages` (None: all of them), for a list that refuses
    the pages after: the number of pages it says and whether there is a next page stop
    there, while `count` is of every item and `left_out` says some are past them."""

    max_pages = None

    @cached_property
    def num_pages(self):
        pages = Paginator.num_pages.func(self)
        return pages if self.max_pages is None else min(pages, self.max_pages)

    @property
    def left_out(self):
        return self.max_pages is not None and self.count > self.max_pages * self.per_page


class CountedPaginator(LimitedPages, Paginator):
    """A paginator given its number of items (e.g. from the tallies) instead of counting rows."""

    def __init__(self, object_list, per_page, count, max_pages=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count
        self.max_pages = max_pages

    @property
    def count(self):
        return self.known_count


class CountingPaginator(LimitedPages, Paginator):
    """Pages of the ids of a queryset, each read in one query with the number of all
    results: every row carries the count (a window over the whole result, computed
    before the page is cut). Counting in a query of its own reads every matching row a
    second time, which for a person with two thousand meetings takes as long as
    finding the page."""

    def __init__(self, object_list, per_page, max_pages=None, **kwargs):
        if kwargs.get("orphans"):
            raise ValueError("CountingPaginator reads exactly one page: it has no orphans.")
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        if bottom > MAX_OFFSET:  # past any result, and past what a database takes
            raise EmptyPage(self.error_messages["no_results"])
        rows = self.object_list.annotate(results=Window(Count("pk"))).values_list("pk", "results")
        rows = list(rows[bottom : bottom + self.per_page])
        if rows:
            self.count = rows[0][1]  # sets the cached property: no count query
        elif number == 1:
            self.count = 0
        self.validate_number(number)  # past the last page, counts (only then) and raises
        return self._get_page([pk for pk, _ in rows], number, self)


class CappedPaginator(LimitedPages, Paginator):
    """Pages up to `max_pages`, counting no further than the rows they can show and
    one more: "more than can be shown" needs no count of all 200,000 directives, say."""

    def __init__(self, object_list, per_page, max_pages):
        super().__init__(object_list, per_page)
        self.max_pages = max_pages

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.max_pages * self.per_page + 1].count()


def listed_page(meetings, count, request, per_page=20):
    """The requested page of `meetings` (`count` of them), cut from their ids: a deep page
    skips thousands of ids in an index, where skipping whole rows would read them all
    (finding a topic's page 400 took 80 ms, 25 from its ids; a column's 78, 3)."""
    ids = meetings.values_list("pk", flat=True)
    return with_listed_meetings(page_or_404(CountedPaginator(ids, per_page, count), request))


def with_listed_meetings(page, *also):
    """The page with its meeting ids replaced by those meetings, read as a list shows them
    (with the fields named in `also`)."""
    by_id = Meeting.objects.published().for_listing(*also).in_bulk(list(page.object_list))
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    return page
