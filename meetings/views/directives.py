"""What leaders pointed out, required and stressed: every directive of the public
meetings, newest first, narrowed by topic, person, verb and year."""

from django.views.generic import TemplateView

from ..filters import DirectiveFilter
from ..generation_memo import once_per_generation, request_generation
from ..models import Directive, Topic, meeting_link_fields
from .paging import CappedPaginator, page_or_404

PAGE_SIZE = 20
# 2,000 directives of any one choice of filters: counting past them (a topic's 16,000
# at 100,000 meetings took 48 ms, 10,000 of them 34) buys pages nobody turns to; a
# year and what was said narrow any topic or person to fewer.
MAX_PAGE = 100


class DirectiveListView(TemplateView):
    """Directives, filtered by the query string; bad input is a 400 that says why."""

    template_name = "meetings/directive_list.html"
    query_parameters = frozenset([*DirectiveFilter.base_filters, "page"])  # see page_cache

    def get(self, request, *args, **kwargs):
        filterset = DirectiveFilter(
            request.GET, queryset=Directive.objects.public().newest_first_by_row_copies()
        )
        generation = request_generation(request)
        context = self.get_context_data(
            filterset=filterset,
            form=filterset.form,
            topic_choices=once_per_generation(
                "topics", lambda: list(Topic.objects.only("slug", "name", "name_zh")), generation
            ),
            selected_topics=request.GET.getlist("topic"),
        )
        if not filterset.is_valid():
            return self.render_to_response(context, status=400)
        ids = filterset.qs.values_list("pk", flat=True)
        page = page_or_404(CappedPaginator(ids, PAGE_SIZE, MAX_PAGE), request)
        rows = (
            Directive.objects.select_related("meeting", "issued_by")
            .only("verb", "text", "issued_by", *meeting_link_fields())
            .in_bulk(list(page.object_list))
        )
        page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
        context.update(page_obj=page, person=filterset.form.cleaned_data.get("person"))
        return self.render_to_response(context)
