"""The meeting list's pages: totals from the tallies, as on the meetings page.

Counting the meetings on a topic means reading every one of them (about 100 ms on
SQLite at 100,000 meetings); the tallies (meetings/models/tally.py) give the same
number from a few hundred rows whenever the filters in use are tallied.
"""

from functools import partial

from django.core.paginator import Paginator
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.pagination import PageNumberPagination

from ..views.paging import CountedPaginator


class MeetingFilterBackend(DjangoFilterBackend):
    """django-filter's backend, leaving its filterset on the view for the pagination."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class MeetingPagination(PageNumberPagination):
    """Numbered pages whose total is read from the tallies when the filters allow it."""

    def paginate_queryset(self, queryset, request, view=None):
        filterset = getattr(view, "filterset", None)
        count = filterset.tallied_count() if filterset is not None else None
        self.django_paginator_class = (
            Paginator if count is None else partial(CountedPaginator, count=count)
        )
        return super().paginate_queryset(queryset, request, view)
