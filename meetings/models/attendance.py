"""Who took part in a meeting, in what role and with what title at the time."""

import reversion
from django.db import models
from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .meeting_copies import MeetingCopies, MeetingRowQuerySet, newest_row_first


class AttendanceQuerySet(MeetingRowQuerySet):
    def record_of(self, person):
        """A person's attendances at public meetings, newest first, read in the order of
        the person's own index entries: no meeting is looked up until a page of them is
        read. (Through the meetings, a busy person's 2,000 rows were 2,000 look-ups in
        the meetings' index, or, asked for the newest 25, a walk over every meeting by
        date: the slowest query on the site at 100,000 meetings.)"""
        return self.public().filter(person=person).order_by(*newest_row_first())

    def titles_of(self, person):
        """Each title a person is printed with at public meetings, as dicts of the title,
        when it was first and last held and how often, the most recently held first:
        counted from the person's index entries."""
        held = self.record_of(person).exclude(title="").order_by().values("title")
        return list(
            held.annotate(
                first_held=Min("meeting_held_on"),
                last_held=Max("meeting_held_on"),
                times=Count("pk"),
            ).order_by("-last_held", "title")
        )

    def latest_titles(self, people, language=None):
        """{person id: the title they were last printed with} for `people` (ids or a
        queryset): the title of their latest meeting by its day that gives them one.
        `language`: only the titles printed in articles in that language.

        For each person, their own index entries newest first (see meeting_copies), up
        to the first row with a title: a few entries for most. Numbering all of each
        person's rows to keep the newest read 2,000 rows for a busy one, and joined each
        to its meeting for a language: 20 to 40 ms for the namesakes a search offers.
        """
        rows = self.filter(person=OuterRef("pk")).exclude(title="")
        if language is not None:  # the titles printed in articles of that language
            rows = rows.filter(meeting__language=language)
        newest = rows.order_by(*newest_row_first()).values("title")[:1]
        person_model = self.model._meta.get_field("person").related_model
        titled = (
            person_model.objects.filter(pk__in=people)
            .annotate(latest_title=Subquery(newest))
            .exclude(latest_title=None)
        )
        return dict(titled.values_list("pk", "latest_title"))


@reversion.register()
class Attendance(MeetingCopies):
    """One person's part in one meeting, with the title printed in the article."""

    class Role(models.TextChoices):
        PRESIDED = "presided", _("presided over the meeting")
        SPEECH = "speech", _("attended and made a speech")
        REPORTED = "reported", _("reported")
        STATEMENT = "statement", _("made a statement")
        ATTENDED = "attended", _("attended the meeting")

    meeting = models.ForeignKey(
        "Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(
        "Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        default=Role.ATTENDED,
        help_text=_(
            "What the article says the person did. An assessment report is entered under "
            "“Assessment reports”, which names its reporter: “reported” here is for a "
            "report the meeting heard without recorded results."
        ),
    )
    title = models.CharField(
        pgettext_lazy("held by a person", "title"),
        max_length=300,
        blank=True,
        help_text=_(
            "The title exactly as the article prints it, e.g. “secretary of the county party "
            "committee”. Attendees printed together under one title share it."
        ),
    )
    organization = models.ForeignKey(
        "Organization",
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
        help_text=_("The body the title belongs to, if known."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        indexes = [
            # A person's record newest first, their titles and their meetings, read from
            # the index alone (see meeting_copies; the key ends with what the public
            # filter and the titles read, since SQLite ignores `include`).
            models.Index(
                fields=[
                    "person",
                    "-meeting_held_on",
                    "-meeting",
                    "order",
                    "id",
                    "meeting_public_from",
                    "title",
                ],
                name="attendance_by_person_idx",
            ),
            models.Index(fields=["organization", "meeting"], name="attendance_org_meeting_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "role"],
                name="one_attendance_per_person_and_role",
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}"

    def absorb(self, other):
        """Take what `other`, a row of the same person and role that is about to go,
        says and this row leaves blank (its title and organization); True if any."""
        taken = False
        if not self.title and other.title:
            self.title, taken = other.title, True
        if self.organization_id is None and other.organization_id is not None:
            self.organization_id, taken = other.organization_id, True
        return taken
