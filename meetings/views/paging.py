"""Page numbers from the query string, validated: a bad or out-of-range page is a 404."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.translation import gettext as _


def page_or_404(paginator, request, param="page"):
    try:
        return paginator.page(request.GET.get(param) or 1)
    except InvalidPage as error:
        raise Http404(_("There is no such page of results.")) from error


class CountedPaginator(Paginator):
    """A paginator given its number of items (e.g. from the tallies) instead of counting rows."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @property
    def count(self):
        return self.known_count
