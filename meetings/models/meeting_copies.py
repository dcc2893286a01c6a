"""What a meeting's rows (attendances, reports and directives) keep of their meeting: its
day, and the time from which the public may see it.

A person's page lists their attendances and directives of public meetings, newest
first, and sums up the titles they held. Read through each row's meeting, that is one
look-up in the meetings' index per row: 2,000 of them for a busy person, most of the
page's time at 100,000 meetings. With the two values on the rows, in an index that
starts with the person, the page reads the person's own index entries alone. A topic's
page likewise reads its newest reports and directives from their own index (see
topic_tags), where through the meetings it joined 800 meetings to find 50 reports.

signals.py keeps them in step: a row takes them from its meeting when it is saved, and
a meeting passes them to its rows whenever it is saved (every change of its day, its
status or its publication time is a save: the admin's form and actions, an import, a
restored version). Bulk writes (seed_demo) set them as they build the rows.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .topic_tags import tagged_with


class MeetingRowQuerySet(models.QuerySet):
    """What rows that keep copies of their meeting are asked, read from the copies."""

    def public(self):
        """Rows of meetings the public can see, told by the rows alone."""
        return self.filter(public_row_q())

    def newest_first_by_row_copies(self):
        """By their meeting's day, newest first, each meeting's rows together in their
        order: read from the top of an index on the copies, whatever narrows it."""
        return self.order_by(*newest_row_first())


class TaggedMeetingRowQuerySet(MeetingRowQuerySet):
    """The same, for rows tagged with topics (reports, directives)."""

    def on_topic(self, *topics):
        """Rows tagged with any of `topics` (see topic_tags)."""
        return tagged_with(self, topics)


class MeetingCopies(models.Model):
    meeting_held_on = models.DateField(_("meeting's day"), null=True, editable=False)
    meeting_public_from = models.DateTimeField(
        _("meeting public from"),
        null=True,
        editable=False,
        help_text=_("The meeting's publication time while it is published, else empty."),
    )

    class Meta:
        abstract = True

    def copy_from(self, meeting):
        for name, value in copies_of(meeting).items():
            setattr(self, name, value)


def copies_of(meeting):
    """The values a meeting's rows keep of it (see MeetingCopies)."""
    published = meeting.status == meeting.Status.PUBLISHED
    return copies_for(meeting.held_on, meeting.published_at, published)


def copies_for(held_on, published_at, published):
    """The values rows keep of a meeting held on `held_on`, published or not."""
    return {
        "meeting_held_on": held_on,
        "meeting_public_from": published_at if published else None,
    }


def public_row_q():
    """The condition for a row of a public meeting, read from the row itself: the same
    rows as published_q("meeting__"), without reaching the meeting."""
    return Q(meeting_public_from__lte=timezone.now())


def newest_row_first():
    """The order of rows of meetings by the copied day (see newest_meeting_first), whole:
    rows of one meeting in the same place are in the order they were written. Each
    newest-first index on the copies starts with these columns, so the key costs no sort."""
    return ("-meeting_held_on", "-meeting_id", "order", "id")
