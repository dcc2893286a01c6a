"""Denormalised counts of each unit's assessment results, by month: how often it was
assessed, and how often it got a mobile red flag or a yellow card warning.

The table of units (/organizations/) asks "which towns got yellow cards twice this
year?". Counted from the results, that reads every result of the year through its
report and meeting: 94 ms for one year and 354 ms for all years at 100,000 meetings
(450,000 results) on PostgreSQL. Summing these tallies reads one row per unit and month.

They are recounted with the meeting tallies (see tally.recount_scheduled): the months
of every meeting saved or deleted, and of every meeting whose reports or results
changed. Like the meeting tallies they count meetings whose status is "published",
and those whose publication time is still ahead are counted live and taken away.

The table reads their sums by year (YearlyAwardTally), summed again from the months
whenever those are recounted: all years of a hundred thousand meetings are 141,000
monthly rows (20 ms to sum on PostgreSQL) but 13,000 yearly ones. Its view of all years
reads the sums of those (AllYearsAwardTally), one row per unit: summing the 13,000 took
10 ms, and reading 1,400 sums cost as much again in Python.
"""

import datetime
import functools
import operator

from django.db import models, transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from .tally import held_in, replace_tallies

RED_FLAG, YELLOW_CARD = "red_flag", "yellow_card"  # AssessmentResult.Award's values
# A fixed statement: two rebuilds never interleave (PostgreSQL; SQLite has one writer).
LOCK_SQL = "LOCK TABLE meetings_awardtally IN EXCLUSIVE MODE"
YEARLY_LOCK_SQL = "LOCK TABLE meetings_yearlyawardtally IN EXCLUSIVE MODE"
ALL_YEARS_LOCK_SQL = "LOCK TABLE meetings_allyearsawardtally IN EXCLUSIVE MODE"


class AwardTallyQuerySet(models.QuerySet):
    def rebuild(self, months=None):
        """Recount the tallies of `months` (first days), or of every month, from the
        results, then sum the years of those months again (YearlyAwardTally), and every
        year of the units whose counts changed (AllYearsAwardTally). Two
        rebuilds never interleave: on PostgreSQL each locks the tables, so one that
        started later waits, then replaces what the first wrote (on SQLite there is one
        writer)."""
        from .assessment import AssessmentResult

        with transaction.atomic():
            changed = replace_tallies(
                self, LOCK_SQL, months, lambda: award_tallies(AssessmentResult, self.model, months)
            )
            # The years of the units whose months changed: most saves change none.
            yearly, years, units = YearlyAwardTally.objects.all(), None, None
            if changed is not None:
                years = {row["month"].year for row in changed}
                units = {row["organization_id"] for row in changed}
                yearly = yearly.filter(organization__in=units)
            replace_tallies(
                yearly,
                YEARLY_LOCK_SQL,
                years,
                lambda: yearly_tallies(self.model, YearlyAwardTally, years, units),
                period="year",
            )
            replace_tallies(
                AllYearsAwardTally.objects.all(),
                ALL_YEARS_LOCK_SQL,
                units,
                lambda: all_years_tallies(YearlyAwardTally, AllYearsAwardTally, units),
                period="organization",
            )

    def standings(self, year=None, kinds=()):
        """Each unit assessed at a public meeting (held in `year`; of one of `kinds`),
        with its names and counts: [{"organization": id, "name", "name_zh", "assessed",
        "red_flags", "yellow_cards"}]."""
        from .assessment import AssessmentResult
        from .meeting import scheduled_q

        scheduled = AssessmentResult.objects.filter(
            scheduled_q("report__meeting__"), organization__isnull=False
        )
        if year is None:
            tallies = AllYearsAwardTally.objects.all()
        else:  # one row per unit and year
            tallies = YearlyAwardTally.objects.filter(year=year)
            scheduled = scheduled.filter(report__meeting__held_on__year=year)
        if kinds:
            tallies = tallies.filter(organization__kind__in=kinds)
            scheduled = scheduled.filter(organization__kind__in=kinds)
        counts = {
            row["organization"]: row
            for row in tallies.values(
                "organization",
                "assessed",
                "red_flags",
                "yellow_cards",
                name=F("organization__name"),
                name_zh=F("organization__name_zh"),
            ).order_by()
        }
        for row in scheduled.values("organization", "award").annotate(n=Count("id")).order_by():
            counted = counts.get(row["organization"])
            if counted is None:  # saved since the last recount: not counted yet either
                continue
            counted["assessed"] -= row["n"]
            if row["award"] == RED_FLAG:
                counted["red_flags"] -= row["n"]
            elif row["award"] == YELLOW_CARD:
                counted["yellow_cards"] -= row["n"]
        return [row for row in counts.values() if row["assessed"] > 0]

    def years(self):
        """The years from the first in which some unit was assessed to the last in which
        the public can see a result, newest first. The first is read from the end of the
        month index, where listing the distinct months read every tally (18 ms at
        100,000 meetings); the last from the newest public meetings, since the tallies
        count meetings published for later too: a year of those alone would open the
        table empty, and say that something is to come. A year in between with nothing
        public shows an empty table, not an error."""
        from .assessment import AssessmentResult
        from .meeting import published_q

        first = self.aggregate(first=Min("month"))["first"]
        newest = (
            AssessmentResult.objects.filter(
                published_q("report__meeting__"), organization__isnull=False
            )
            .order_by("-report__meeting__held_on")
            .values_list("report__meeting__held_on", flat=True)
            .first()
        )
        if first is None or newest is None:
            return []
        return list(range(newest.year, min(first.year, newest.year) - 1, -1))


class UnitAwardCounts(models.Model):
    """How often `organization` was assessed at published meetings of a period, and how
    often it got each award."""

    organization = models.ForeignKey("Organization", on_delete=models.CASCADE, related_name="+")
    assessed = models.PositiveIntegerField()
    red_flags = models.PositiveIntegerField()
    yellow_cards = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return (
            f"{self.period} organization {self.organization_id}: {self.assessed} assessed, "
            f"{self.red_flags} red, {self.yellow_cards} yellow"
        )


class AwardTally(UnitAwardCounts):
    """A unit's counts of the meetings held in `month`."""

    month = models.DateField()

    objects = AwardTallyQuerySet.as_manager()

    class Meta:
        ordering = ["month", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "organization"], name="one_award_tally_per_unit_and_month"
            )
        ]

    @property
    def period(self):
        return f"{self.month:%Y-%m}"


class YearlyAwardTally(UnitAwardCounts):
    """A unit's award tallies summed over the months of `year`."""

    year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["year", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organization"], name="one_award_tally_per_unit_and_year"
            )
        ]

    @property
    def period(self):
        return str(self.year)


def yearly_tallies(monthly_model, yearly_model, years=None, units=None):
    """The monthly tallies summed by year and unit, unsaved (models may be a
    migration's): of `years` and `units` (organization ids), or of every one."""
    monthly = monthly_model.objects.all()
    if units is not None:
        monthly = monthly.filter(organization__in=units)
    if years is not None:  # as ranges of days, which the month index finds
        monthly = monthly.filter(
            functools.reduce(
                operator.or_,
                (Q(month__range=(datetime.date(y, 1, 1), datetime.date(y, 12, 31))) for y in years),
                Q(pk__in=[]),
            )
        )
    rows = summed(monthly.annotate(year=ExtractYear("month")), "year", "organization_id")
    return [yearly_model(**row) for row in rows]


class AllYearsAwardTally(UnitAwardCounts):
    """A unit's award tallies summed over every year."""

    class Meta:
        ordering = ["organization"]
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="one_all_years_tally_per_unit")
        ]

    @property
    def period(self):
        return "all years"


def all_years_tallies(yearly_model, all_years_model, units=None):
    """The yearly tallies summed by unit, unsaved (models may be a migration's): of
    `units` (organization ids), or of every one."""
    yearly = yearly_model.objects.all()
    if units is not None:
        yearly = yearly.filter(organization__in=units)
    return [all_years_model(**row) for row in summed(yearly, "organization_id")]


def summed(tallies, *by):
    """Each count of `tallies` summed for each value of the fields `by`."""
    counts = ("assessed", "red_flags", "yellow_cards")  # UnitAwardCounts'
    return tallies.values(*by).annotate(**{name: Sum(name) for name in counts}).order_by()


def award_tallies(result_model, tally_model, months=None):
    """The award tallies of the results as they are, unsaved (models may be a
    migration's): of `months` (first days), or of every month."""
    results = result_model.objects.filter(
        organization__isnull=False,
        report__meeting__status="published",
        report__meeting__published_at__isnull=False,
    )
    if months is not None:
        results = results.filter(held_in(months, "report__meeting__"))
    rows = (
        results.annotate(month=TruncMonth("report__meeting__held_on"))
        .values("month", "organization_id")
        .annotate(
            assessed=Count("id"),
            red_flags=Count("id", filter=Q(award=RED_FLAG)),
            yellow_cards=Count("id", filter=Q(award=YELLOW_CARD)),
        )
        .order_by()
    )
    return [tally_model(**row) for row in rows]
