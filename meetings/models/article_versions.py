"""How often what each article shows has changed, so that a cached article can outlive
changes to other meetings (see page_cache).

An article shows its meeting, the meeting's rows and topics, and the names and
addresses of the people, organizations, topics and columns it mentions. Each meeting
has an ArticleVersion, raised by any change to the meeting, its rows or its topics; and
NamesVersion, one number for the whole site, is raised by any change to a person,
organization, topic or column that was already there. Both are raised in the
transaction that makes the change (meetings/signals.py), so no committed change is
missing from them, and they only ever go up: they live apart from the meeting, where
neither a save from a stale form nor a restore from the history writes them, and a
meeting's outlives it, so a meeting deleted and restored with its old id starts above
every number its articles were cached with.
"""

from django.db import models
from django.db.models import F, OuterRef, Subquery

NAMES_ROW = 1


class ArticleVersionQuerySet(models.QuerySet):
    def raise_for(self, meeting_ids):
        """Count one more change to the articles of `meeting_ids`, in this transaction."""
        ids = {pk for pk in meeting_ids if pk is not None}
        if not ids:
            return
        self.bulk_create([self.model(meeting_id=pk, value=0) for pk in ids], ignore_conflicts=True)
        self.filter(meeting_id__in=ids).update(value=F("value") + 1)


class ArticleVersion(models.Model):
    # Not a foreign key: kept when the meeting is deleted (see above).
    meeting_id = models.BigIntegerField(unique=True)
    value = models.PositiveBigIntegerField()

    objects = ArticleVersionQuerySet.as_manager()

    def __str__(self):
        return f"meeting {self.meeting_id}: article version {self.value}"


class NamesVersionQuerySet(models.QuerySet):
    def raise_version(self):
        """Count one more change to the names articles print, in this transaction."""
        self.bulk_create([self.model(pk=NAMES_ROW, value=0)], ignore_conflicts=True)
        self.filter(pk=NAMES_ROW).update(value=F("value") + 1)


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
