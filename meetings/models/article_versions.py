"""How often what each article shows has changed, so that a cached article can outlive
changes to other meetings (see page_cache).

An article shows its meeting, the meeting's rows and topics, and what
article.PRINTED_NAMES lists of the people, organizations, topics and columns it names.
ArticleVersion counts changes to one meeting, its rows and its topics; NamesVersion,
one number for the site, changes to those names. meetings/signals.py raises them in the
transaction that makes the change, so no committed change is missing from them.

Neither ever goes down. Each is raised to at least the clock (in microseconds), so a
database restored from a backup, or a meeting deleted and restored under its id, never
repeats a number that a page was cached with; and they live apart from the meeting,
where no save from a stale form and no restore from the history writes them.
"""

import time

from django.db import models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Greatest

NAMES_ROW = 1


def _raised(value):
    """One more than `value`, and at least the clock."""
    return Greatest(value + 1, Value(time.time_ns() // 1000))


class ArticleVersionQuerySet(models.QuerySet):
    def raise_for(self, meeting_ids):
        """Count one more change to the articles of `meeting_ids`, in this transaction."""
        ids = sorted({pk for pk in meeting_ids if pk is not None})
        if not ids:
            return
        self.bulk_create([self.model(meeting_id=pk, value=0) for pk in ids], ignore_conflicts=True)
        self.filter(meeting_id__in=ids).update(value=_raised(F("value")))


class ArticleVersion(models.Model):
    meeting_id = models.BigIntegerField(unique=True)  # not a key: it outlives the meeting
    value = models.PositiveBigIntegerField()

    objects = ArticleVersionQuerySet.as_manager()

    def __str__(self):
        return f"meeting {self.meeting_id}: article version {self.value}"


class NamesVersionQuerySet(models.QuerySet):
    def raise_version(self):
        """Count one more change to the names articles print, in this transaction."""
        self.bulk_create([self.model(pk=NAMES_ROW, value=0)], ignore_conflicts=True)
        self.filter(pk=NAMES_ROW).update(value=_raised(F("value")))


class NamesVersion(models.Model):
    value = models.PositiveBigIntegerField()

    objects = NamesVersionQuerySet.as_manager()

    def __str__(self):
        return f"names version {self.value}"


def stamp_annotations():
    """The two versions, to annotate meetings with (None before their first change)."""
    return {
        "article_version": Subquery(
            ArticleVersion.objects.filter(meeting_id=OuterRef("pk")).values("value")[:1]
        ),
        "names_version": Subquery(NamesVersion.objects.filter(pk=NAMES_ROW).values("value")[:1]),
    }
