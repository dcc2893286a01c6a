"""Who took part in a meeting, in what role and with what title at the time."""

import reversion
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _


class AttendanceQuerySet(models.QuerySet):
    def record_of(self, person):
        """A person's attendances at public meetings, newest first, as light rows
        (pk, held_on, meeting_id, order, title).

        Read in one pass over the person's own rows, each joined to the covering
        index of public meetings, and sorted here. Asking the database for "the newest
        25" instead makes it walk every meeting by date looking for the person, which
        at 100,000 meetings was the slowest query on the site.
        """
        from .meeting import published_q

        rows = (
            self.filter(published_q("meeting__"), person=person)
            .order_by()
            .values_list("pk", "meeting__held_on", "meeting_id", "order", "title")
        )
        return sorted(rows, key=lambda row: (row[1], row[2], -row[3]), reverse=True)

    def latest_titles(self, people):
        """{person id: the title they were last printed with} for `people` (ids or a
        queryset): the title of their latest meeting by its day that gives them one.

        One pass over these people's own rows, each numbered within its person. Asking
        for each person's newest titled row (ORDER BY the day, LIMIT 1) made PostgreSQL
        walk every meeting by date until it met the person: 15,000 meetings a person on
        average at 100,000 meetings, all of them for someone never given a title, and
        420 ms for the twenty people a picker lists.
        """
        newest_first = Window(
            RowNumber(),
            partition_by=F("person_id"),
            order_by=[F("meeting__held_on").desc(), F("meeting_id").desc(), F("order").asc()],
        )
        rows = (
            self.filter(person__in=people)
            .exclude(title="")
            .annotate(newest=newest_first)
            .filter(newest=1)
            .order_by()
            .values_list("person_id", "title")
        )
        return dict(rows)


def titles_held(record):
    """Each title in a record (see record_of): first and last held, and how often,
    most recently held first."""
    spans = {}
    for _pk, held_on, _meeting_id, _order, title in record:
        if not title:
            continue
        span = spans.setdefault(
            title, {"title": title, "first_held": held_on, "last_held": held_on, "times": 0}
        )
        span["first_held"] = min(span["first_held"], held_on)
        span["last_held"] = max(span["last_held"], held_on)
        span["times"] += 1
    return sorted(spans.values(), key=lambda span: (-span["last_held"].toordinal(), span["title"]))


@reversion.register()
class Attendance(models.Model):
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
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ATTENDED)
    title = models.CharField(
        _("title"),
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
        indexes = [  # a person's or an organization's meetings, read from the index alone
            # and with what a person's record shows: the order and title as key columns, so
            # that SQLite, which ignores `include`, reads the record from the index too
            models.Index(
                fields=["person", "meeting", "order", "title"],
                include=["id"],
                name="attendance_person_meeting_idx",
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
