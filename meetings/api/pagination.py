"""The meeting list's pages, read as the meetings page reads them.

Counting the meetings on a topic means reading every one of them (about 100 ms on
SQLite at 100,000 meetings); the tallies (meetings/models/tally.py) give the same
number from a few hundred rows whenever the filters in use are tallied. A search is
ranked once and kept (meetings/search/results.py), the same ranking for the page and
the API: ranking a common word's 92,000 matches for every request took 330 ms.
"""

from functools import partial

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from ..generation_memo import request_generation
from ..search.results import ranked_ids
from ..views.browse import MAX_PAGE
from ..views.paging import CountedPaginator, with_listed_meetings


class MeetingFilterBackend(DjangoFilterBackend):
    """django-filter's backend, leaving its filterset on the view for the pagination."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class PortalPagination(PageNumberPagination):
    """Numbered pages of the default size, or of `page_size` records (1 to 100) when the
    client asks: a client reading every record makes a fifth of the requests."""

    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = "Records a page, from 1 to 100 (20 when left out)."

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def get_page_size(self, request):
        """The size asked for; a size that is not a whole number from 1 to 100 answers
        400, where DRF would serve the default size (or 100) without a word."""
        asked = request.query_params.get(self.page_size_query_param, "")
        if not asked:
            return self.page_size
        size = int(asked) if asked.isascii() and asked.isdigit() and len(asked) <= 3 else 0
        if not 1 <= size <= self.max_page_size:
            message = _("Ask for a whole number of records from 1 to %(most)d.")
            raise ValidationError(
                {self.page_size_query_param: [message % {"most": self.max_page_size}]}
            )
        return size

    def depth_in_pages(self, request, pages):
        """How many pages of the size asked for hold what `pages` of the default size
        hold (the last one in part): a list served so far is served as far whatever the
        page size."""
        return max(1, -(-pages * self.page_size // self.get_page_size(request)))


class MeetingPagination(PortalPagination):
    """Numbered pages whose total is read from the tallies when the filters allow it, and
    a search's pages from its kept ranking."""

    def paginate_queryset(self, queryset, request, view=None):
        filterset = getattr(view, "filterset", None)
        if filterset is not None and (filterset.form.cleaned_data.get("q") or "").strip():
            return self.paginate_ranking(filterset, request, view)
        count = filterset.tallied_count() if filterset is not None else None
        self.django_paginator_class = (
            Paginator if count is None else partial(CountedPaginator, count=count)
        )
        return super().paginate_queryset(queryset, request, view)

    def paginate_ranking(self, filterset, request, view):
        """A page of a search's kept ranking, as the meetings page pages it: up to
        MAX_PAGE pages of the default size (as many results in fewer, larger pages),
        while `count` is of every result."""
        limit = MAX_PAGE * self.page_size  # the results kept, whatever the page size
        size, pages = self.get_page_size(request), self.depth_in_pages(request, MAX_PAGE)
        asked = request.query_params.get(self.page_query_param) or "1"
        if asked in self.last_page_strings:  # "last": DRF reads it as the last page
            wanted = limit
        else:
            try:
                wanted = min(max(int(asked), 1), pages) * size
            except ValueError:
                wanted = size  # refused below, by the paginator, with DRF's message
        current = getattr(view, "content_generation", None)
        if current is None:  # read by the view for a search (None: the cache is unreachable)
            current = request_generation(request)
        count, ids = ranked_ids(filterset, limit, wanted, current)
        self.django_paginator_class = partial(CountedPaginator, count=count, max_pages=pages)
        super().paginate_queryset(ids, request, view)
        return list(with_listed_meetings(self.page))
