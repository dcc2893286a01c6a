"""The meeting list's pages, read as the meetings page reads them.

Counting the meetings on a topic means reading every one of them (about 100 ms on
SQLite at 100,000 meetings); the tallies (meetings/models/tally.py) give the same
number from a few hundred rows whenever the filters in use are tallied. A search is
ranked once and kept (meetings/search/results.py), the same ranking for the page and
the API: ranking a common word's 92,000 matches for every request took 330 ms.
"""

from functools import partial

from django.core.paginator import Paginator
from django_filters.rest_framework import DjangoFilterBackend
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


class MeetingPagination(PageNumberPagination):
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
        MAX_PAGE pages, while `count` is of every result."""
        limit = MAX_PAGE * self.page_size
        asked = request.query_params.get(self.page_query_param) or "1"
        if asked in self.last_page_strings:  # "last": DRF reads it as the last page
            wanted = limit
        else:
            try:
                wanted = min(max(int(asked), 1), MAX_PAGE) * self.page_size
            except ValueError:
                wanted = self.page_size  # refused below, by the paginator, with DRF's message
        current = getattr(view, "content_generation", None)
        if current is None:  # read by the view for a search (None: the cache is unreachable)
            current = request_generation(request)
        count, ids = ranked_ids(filterset, limit, wanted, current)
        self.django_paginator_class = partial(CountedPaginator, count=count, max_pages=MAX_PAGE)
        super().paginate_queryset(ids, request, view)
        return list(with_listed_meetings(self.page))
