"""The benchmark's URLs: the portal's own, plus the two references it is measured against."""

from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path

from meetings.models import Meeting
from portal import urls as portal_urls


def floor(request):
    """The least a Django view can do: no query, no template. No page can be faster."""
    return HttpResponse("ok", content_type="text/plain")


def chrome(request):
    """The least a page of the site can do: the base template (header, menus, language
    switch, footer) with nothing in it and no query of its own. Every page renders it."""
    return TemplateResponse(request, "base.html", {})


def naive_search(request):
    """Search done the naive way: icontains over the same fields, newest first, counted."""
    word = request.GET.get("q", "")
    condition = (
        Q(title__icontains=word)
        | Q(summary__icontains=word)
        | Q(body__icontains=word)
        | Q(pk__in=Meeting.objects.filter(directives__text__icontains=word).values("pk"))
        | Q(pk__in=Meeting.objects.filter(reports__subject__icontains=word).values("pk"))
        | Q(pk__in=Meeting.objects.filter(attendances__person__name__icontains=word).values("pk"))
    )
    meetings = Meeting.objects.published().filter(condition)
    page = list(meetings.order_by("-held_on", "-pk").values_list("title", flat=True)[:20])
    return JsonResponse({"count": meetings.count(), "titles": page})


urlpatterns = [
    path("bench/floor", floor),
    path("bench/chrome", chrome),
    path("bench/naive-search", naive_search),
    *portal_urls.urlpatterns,
]
handler400, handler404, handler500 = (
    portal_urls.handler400,
    portal_urls.handler404,
    portal_urls.handler500,
)
