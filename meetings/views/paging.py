"""Page numbers from the query string, validated: a bad or out-of-range page is a 404."""

from django.core.paginator import InvalidPage
from django.http import Http404
from django.utils.translation import gettext as _


def page_or_404(paginator, request, param="page"):
    try:
        return paginator.page(request.GET.get(param) or 1)
    except InvalidPage as error:
        raise Http404(_("There is no such page of results.")) from error
