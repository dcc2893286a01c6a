"""The lists' filters: the public query interface of /meetings/ (and the API), of
/directives/ and of the units' table, /organizations/.

Parameter names are a public contract: q, topic (repeatable), person, organization,
column, date_from, date_to, year, sort for meetings; topic, person, verb, year for
directives. Invalid values make the form invalid; the view answers 400 with the errors
instead of silently dropping a filter.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import (
    AwardTally,
    Column,
    Directive,
    Meeting,
    MeetingTally,
    Organization,
    Person,
    PersonRedirect,
    Topic,
)
from .models.names import is_chinese
from .search import MAX_QUERY_LENGTH
from .search.text import lone_characters


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """One record, named by its slug."""


class PersonChoiceField(django_filters.fields.ModelChoiceField):
    """A person by slug, or by the slug of a person merged into them since, so that
    links and subscriptions made before a merge keep working."""

    def to_python(self, value):
        try:
            person = super().to_python(value)
        except ValidationError:
            moved_to = PersonRedirect.objects.person_moved_from(value)
            if moved_to is None:
                raise
            return moved_to
        if person is not None and not person.is_on_record():  # named only in drafts
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return person


@extend_schema_field(OpenApiTypes.STR)
class PersonFilter(SlugFilter):
    field_class = PersonChoiceField


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Several records, each named by its slug (the parameter repeated)."""


class YearField(forms.IntegerField):
    """A whole number, with the 年 a Chinese reader writes after a year: "2022年"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("年")
        return super().to_python(value)


def year_name(year):
    """A year as the page's language writes it: "2022", "2022年"."""
    return pgettext("a calendar year", "%(year)s") % {"year": year}


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    """A year, as a whole number: "2022.9" is refused, not read as 2022."""

    field_class = YearField


def topics_filter():
    """`topic`, repeatable: records on any of the topics named by their slugs (the
    filterset's filter_topics applies it)."""
    return SlugsFilter(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topics",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no topic “%(value)s”.")},
    )


def person_filter():
    """`person`: a person by slug, or by a merged person's old one (filter_person)."""
    return PersonFilter(
        label=_("Person"),
        queryset=Person.objects.all(),
        to_field_name="slug",
        method="filter_person",
        widget=forms.TextInput,
        error_messages={
            "invalid_choice": _("There is no person with the address name “%(value)s”.")
        },
    )


def validate_searchable(query):
    """Refuse words that can find nothing, saying why, rather than show no results."""
    lone = lone_characters(query)
    if lone:
        raise ValidationError(
            _(
                "Write Chinese words of two or more characters together: a single "
                "character (%(characters)s) cannot be searched on its own."
            ),
            code="lone_character",
            params={"characters": "、".join(dict.fromkeys(lone))},
        )


class MeetingFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class MeetingFilter(django_filters.FilterSet):
    SORTS = [
        ("newest", _("Newest first")),
        ("oldest", _("Oldest first")),
        ("relevance", _("Relevance")),
    ]

    q = django_filters.CharFilter(
        label=_("Keywords"),
        method="filter_search",
        validators=[MaxLengthValidator(MAX_QUERY_LENGTH), validate_searchable],
    )
    topic = topics_filter()
    person = person_filter()
    organization = SlugFilter(
        label=_("Organization"),
        queryset=Organization.objects.all(),
        to_field_name="slug",
        method="filter_organization",
        widget=forms.TextInput,
        error_messages={"invalid_choice": _("There is no organization “%(value)s”.")},
    )
    column = SlugFilter(
        label=_("Column"),
        queryset=Column.objects.all(),
        to_field_name="slug",
        method="filter_column",
        error_messages={"invalid_choice": _("There is no column “%(value)s”.")},
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="held_on",
        lookup_expr="gte",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="held_on",
        lookup_expr="lte",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    year = YearFilter(
        label=_("Year"),
        field_name="held_on",
        method="filter_year",
        min_value=1949,
        max_value=2100,
        # Text, not a number field, which shows nothing of a year typed wrong (“２０２２年”
        # or “abc”) next to the message about it.
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORTS, method="filter_sort", empty_label=None
    )

    class Meta:
        model = Meeting
        fields = []
        form = MeetingFilterForm

    def filter_search(self, meetings, name, value):
        return meetings.search(value) if value.strip() else meetings

    def filter_topics(self, meetings, name, topics):
        if not topics:
            return meetings
        return meetings.on_topic(*topics)

    def filter_person(self, meetings, name, person):
        return meetings.with_person(person) if person else meetings

    def filter_organization(self, meetings, name, organization):
        return meetings.concerning(organization) if organization else meetings

    def filter_column(self, meetings, name, column):
        return meetings.in_column(column) if column else meetings

    def filter_year(self, meetings, name, year):
        if year is None:
            return meetings
        return meetings.filter(held_on__year=int(year))

    def filter_sort(self, meetings, name, value):
        return meetings  # applied in `qs`, after every filter, see below

    def tallied_count(self):
        """The number of results read from the tallies, or None when the filters in use
        (words, a person, an organization, a date range, several topics) are not tallied."""
        data = self.form.cleaned_data
        topics = list(data.get("topic") or [])
        untallied = ("q", "person", "organization", "date_from", "date_to")
        if any(data.get(name) for name in untallied) or len(topics) > 1:
            return None
        column = data.get("column")
        year = data.get("year")
        return MeetingTally.objects.published_count(
            columns=column.descendant_ids() if column else None,
            topic=topics[0] if topics else None,
            year=int(year) if year is not None else None,
        )

    @property
    def sort_order(self):
        sort = self.form.cleaned_data.get("sort") if self.is_bound else None
        searching = (
            bool((self.form.cleaned_data.get("q") or "").strip()) if self.is_bound else False
        )
        if not sort:
            sort = "relevance" if searching else "newest"
        if sort == "relevance" and not searching:
            sort = "newest"
        return sort

    @property
    def qs(self):
        meetings = super().qs
        order = {
            "newest": ["-held_on", "-pk"],
            "oldest": ["held_on", "pk"],
            "relevance": ["-rank", "-held_on", "-pk"],
        }[self.sort_order]
        return meetings.order_by(*order)


class DirectiveFilter(django_filters.FilterSet):
    """What was pointed out, required or stressed: by topic, by person, by verb, by year."""

    topic = topics_filter()
    person = person_filter()
    verb = django_filters.ChoiceFilter(
        label=_("What was said"),
        choices=Directive.Verb.choices,
        empty_label=_("Anything"),
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not one of pointed_out, required, stressed, called_for, other."
            )
        },
    )
    year = YearFilter(
        label=_("Year"),
        field_name="meeting_held_on",
        lookup_expr="year",
        min_value=1949,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Directive
        fields = []

    def filter_topics(self, directives, name, topics):
        return directives.on_topic(*topics) if topics else directives

    def filter_person(self, directives, name, person):
        return directives.filter(issued_by=person) if person else directives


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
        error_messages={"invalid_choice": _("There is no kind of unit “%(value)s”.")},
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[(value, label) for value, (label, _order) in SORTS.items()],
        error_messages={"invalid_choice": _("The table cannot be sorted by “%(value)s”.")},
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
        if value.lower() == ALL_YEARS:
            return None
        if not value:
            return self.years[0] if self.years else None
        # isdecimal, not isdigit: "²" is a digit that int() refuses, as it refuses a
        # number of thousands of digits.
        if not (value.isdecimal() and len(value) <= 4) or int(value) not in self.years:
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
        if is_chinese(get_language()):
            for row in rows:
                row["name"] = row["name_zh"] or row["name"]
        return self.ordered(rows)

    def ordered(self, rows):
        """`rows` (AwardTally.objects.standings, each "name" in the page's language) in
        the order asked; ties by name."""
        by_name = sorted(rows, key=lambda row: row["name"].casefold())
        order = self.SORTS[self.cleaned_data.get("sort") or "yellow_cards"][1]
        for key in reversed(order):
            by_name.sort(key=lambda row: row[key.lstrip("-")], reverse=key.startswith("-"))
        return by_name

    @staticmethod
    def with_units(rows):
        """Give each of `rows` its unit (`unit`), read in one query: for the rows shown, not
        every unit the table counts."""
        units = Organization.objects.only("name", "name_zh", "slug", "kind").in_bulk(
            [row["organization"] for row in rows]
        )
        for row in rows:
            row["unit"] = units[row["organization"]]
        return rows
