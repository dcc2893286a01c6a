"""The units' assessment standings: how often each was assessed, and how many mobile red
flags and yellow card warnings it got, in a year or in all years, sorted as asked."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from ..models import AwardTally, Organization
from ..models.names import is_chinese
from .paging import page_or_404

PAGE_SIZE = 50
ALL_YEARS = "all"


class StandingsForm(forms.Form):
    """What the table shows. Every value is checked: a bad one is a 400 saying why."""

    SORTS = {
        "yellow_cards": (_("Most yellow card warnings"), ("-yellow_cards", "red_flags")),
        "red_flags": (_("Most mobile red flags"), ("-red_flags", "yellow_cards")),
        "assessed": (_("Most often assessed"), ("-assessed", "-red_flags")),
        "name": (_("Name"), ()),
    }

    year = forms.CharField(label=_("Year"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Organization.Kind.choices],
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[(value, label) for value, (label, _order) in SORTS.items()],
    )

    def __init__(self, data, years):
        super().__init__(data)
        self.years = years
        self.fields["year"].widget = forms.Select(
            choices=[(str(year), str(year)) for year in years] + [(ALL_YEARS, _("All years"))]
        )

    def clean_year(self):
        """A year with assessments (the newest when none is asked), or None for all."""
        value = self.cleaned_data["year"].strip().removesuffix("年")
        if value == ALL_YEARS:
            return None
        if not value:
            return self.years[0] if self.years else None
        if not value.isdigit() or int(value) not in self.years:
            raise ValidationError(
                _("There are no assessment results for “%(value)s”."),
                code="invalid_year",
                params={"value": value},
            )
        return int(value)

    def rows_in_order(self):
        """The units' rows (AwardTally.objects.standings) for the valid form's choices,
        each with its unit's "name" in the page's language, in the order asked."""
        data = self.cleaned_data
        rows = AwardTally.objects.standings(
            year=data["year"], kinds=[data["kind"]] if data["kind"] else ()
        )
        by_unit = {row["organization"]: row for row in rows}
        chinese = is_chinese(get_language())
        names = Organization.objects.filter(pk__in=list(by_unit))
        for pk, name, name_zh in names.values_list("pk", "name", "name_zh"):
            by_unit[pk]["name"] = name_zh if name_zh and chinese else name
        return self.ordered(rows)

    def ordered(self, rows):
        """`rows` (AwardTally.objects.standings, with each unit's "name" added) in the
        order asked; ties by name."""
        by_name = sorted(rows, key=lambda row: row["name"].casefold())
        order = self.SORTS[self.cleaned_data.get("sort") or "yellow_cards"][1]
        for key in reversed(order):
            by_name.sort(key=lambda row: row[key.lstrip("-")], reverse=key.startswith("-"))
        return by_name


class StandingsView(TemplateView):
    """The table of units: which got yellow cards or red flags, and how often."""

    template_name = "meetings/standings.html"

    def get(self, request, *args, **kwargs):
        form = StandingsForm(request.GET, AwardTally.objects.years())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        rows = form.rows_in_order()
        page = page_or_404(Paginator(rows, PAGE_SIZE), request)
        with_units(page.object_list)
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


def with_units(rows):
    """Give each of `rows` its unit (`unit`), read in one query: for the rows shown, not
    every unit the table counts."""
    units = Organization.objects.only("name", "name_zh", "slug", "kind").in_bulk(
        [row["organization"] for row in rows]
    )
    for row in rows:
        row["unit"] = units[row["organization"]]
    return rows
