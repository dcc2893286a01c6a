"""The units' assessment standings: how often each was assessed, and how many mobile red
flags and yellow card warnings it got, in a year or in all years, sorted as asked."""

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from ..filters import StandingsForm
from ..generation_memo import once_per_generation, request_generation
from ..models import AwardTally, Organization
from .paging import page_or_404

PAGE_SIZE = 50


def assessed_years(request):
    """The years the table offers (AwardTally.objects.years), read once per content
    generation: two queries every request of the table and of its API made alike."""
    return once_per_generation(
        "assessed years", AwardTally.objects.years, request_generation(request)
    )


class StandingsView(TemplateView):
    """The table of units: which got yellow cards or red flags, and how often."""

    template_name = "meetings/standings.html"
    query_parameters = frozenset([*StandingsForm.base_fields, "page"])  # see page_cache

    def get(self, request, *args, **kwargs):
        form = StandingsForm(request.GET, assessed_years(request))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        rows = form.rows_in_order()
        page = page_or_404(Paginator(rows, PAGE_SIZE), request)
        StandingsForm.with_units(page.object_list)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                year=data["year"],
                kind=Organization.Kind(data["kind"]).label if data["kind"] else None,
                sort=data.get("sort") or "yellow_cards",
                page_obj=page,
                totals={
                    "units": len(rows),
                    "red_flags": sum(row["red_flags"] for row in rows),
                    "yellow_cards": sum(row["yellow_cards"] for row in rows),
                },
            )
        )
