"""Assessment reports heard at a meeting and the results they announced."""

from typing import NamedTuple

import reversion
from django.db import models
from django.db.models import Count, F, Q, Window
from django.utils.translation import gettext_lazy as _

from .meeting_copies import MeetingCopies, TaggedMeetingRowQuerySet


class AssessmentReportQuerySet(TaggedMeetingRowQuerySet):
    def reported_by_newest_first(self, person):
        """The reports a person gave at public meetings, newest first, read in the order
        of the person's own index entries (see meeting_copies)."""
        return self.public().filter(reporter=person).newest_first_by_row_copies()


@reversion.register(follow=["results"])
class AssessmentReport(MeetingCopies):
    """A report of assessment results, e.g. the third-quarter assessment of key work."""

    meeting = models.ForeignKey(
        "Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        "Person",
        verbose_name=_("reporter"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    subject = models.CharField(
        _("subject"),
        max_length=300,
        help_text=_(
            "What was reported, as the article says it, e.g. “the comprehensive evaluation "
            "results of key work”. Reports with the same subject in a row are printed together."
        ),
    )
    period = models.CharField(
        _("period"),
        max_length=50,
        blank=True,
        help_text=_("The period assessed, e.g. “2022 Q3”."),
    )
    topics = models.ManyToManyField(
        "Topic", verbose_name=_("topics"), blank=True, related_name="reports"
    )
    summary = models.TextField(_("summary"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = AssessmentReportQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("assessment report")
        verbose_name_plural = _("assessment reports")
        indexes = [
            # A person's reports, and the meetings they reported at, from the index
            # alone (see meeting_copies: each index ends its key with the publication
            # time the public filter reads, since SQLite ignores `include`).
            models.Index(
                fields=[
                    "reporter",
                    "-meeting_held_on",
                    "-meeting",
                    "order",
                    "id",
                    "meeting_public_from",
                ],
                name="report_by_reporter_idx",
            ),
            # A topic's newest reports: read from the top of the index, each checked
            # for the topic, until there are enough.
            models.Index(
                fields=["-meeting_held_on", "-meeting", "order", "id", "meeting_public_from"],
                name="report_newest_first_idx",
            ),
        ]

    def __str__(self):
        return f"{self.reporter}: {self.subject}"


# A report's results by rank, the unranked last on every database (SQLite would put
# them first), then as entered.
RESULT_ORDER = (F("rank").asc(nulls_last=True), "pk")


class ResultLine(NamedTuple):
    """One result as a list of many prints it: the unit, its standing and its award."""

    report_id: int
    organization_slug: str | None
    organization_name: str | None
    organization_name_zh: str | None
    units_described: str
    standing: str
    award: str


class AssessmentResultQuerySet(models.QuerySet):
    def with_award_totals(self):
        """Each row carries how many mobile red flags and yellow card warnings the
        whole queryset holds (`red_flags`, `yellow_cards`): window counts, taken before
        any slice, so a page of a history and its totals are read in one pass."""
        award = self.model.Award
        return self.annotate(
            red_flags=Window(Count("pk", filter=Q(award=award.RED_FLAG))),
            yellow_cards=Window(Count("pk", filter=Q(award=award.YELLOW_CARD))),
        )

    def lines_by_report(self, reports):
        """{report id: [ResultLine, ...] in the report's order} for `reports`, in one query.

        Plain rows rather than model instances: a topic page lists 300 results, and
        building a result and an organization instance for each took longer than
        reading and printing them.
        """
        lines = {}
        rows = self.filter(report__in=reports).order_by(*RESULT_ORDER)
        for line in rows.values_list(
            "report_id",
            "organization__slug",
            "organization__name",
            "organization__name_zh",
            "units_described",
            "standing",
            "award",
        ):
            lines.setdefault(line[0], []).append(ResultLine(*line))
        return lines


@reversion.register()
class AssessmentResult(models.Model):
    """One unit's (or a group of unnamed units') standing and award in a report."""

    class Standing(models.TextChoices):
        EXCELLENT = "excellent", _("excellent")
        LAGGING = "lagging", _("lagging")
        OTHER = "other", _("other")

    class Award(models.TextChoices):
        RED_FLAG = "red_flag", _("mobile red flag")
        YELLOW_CARD = "yellow_card", _("yellow card warning")
        NONE = "none", _("none")

    report = models.ForeignKey(
        "AssessmentReport",
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    organization = models.ForeignKey(
        "Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment_results",
        help_text=_("The unit assessed. Leave empty when the article does not name it."),
    )
    units_described = models.CharField(
        _("units as described"),
        max_length=200,
        blank=True,
        help_text=_(
            "When the article does not name the units, its words for them, e.g. "
            "“two excellent departments”. Never invent names."
        ),
    )
    standing = models.CharField(
        _("standing"), max_length=20, choices=Standing.choices, default=Standing.OTHER
    )
    award = models.CharField(_("award"), max_length=20, choices=Award.choices, default=Award.NONE)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = AssessmentResultQuerySet.as_manager()

    class Meta:
        ordering = ["report", *RESULT_ORDER]
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | ~Q(units_described=""),
                name="result_names_a_unit_or_describes_units",
                violation_error_message=_(
                    "Choose the organization, or describe the units as the article does."
                ),
            ),
            models.UniqueConstraint(
                fields=["report", "organization"],
                condition=Q(organization__isnull=False),
                name="one_result_per_organization_in_a_report",
                violation_error_message=_("This organization already has a result in the report."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "award"], name="result_org_award_idx"),
            models.Index(fields=["organization", "report"], name="result_org_report_idx"),
        ]

    def __str__(self):
        unit = self.organization or self.units_described
        return f"{unit}: {self.get_standing_display()}, {self.get_award_display()}"

    @property
    def unit_name(self):
        return self.organization.name if self.organization_id else self.units_described
