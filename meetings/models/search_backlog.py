"""Meetings whose search documents are still to be rewritten, kept in the database.

A change writes its meetings here in its own transaction, so a rewrite is never lost:
not when a renamed topic's fifteen thousand documents outlast the request (the rest
is left to `manage.py reindex`), and not when the process stops halfway.
"""

from django.db import models


class SearchBacklogQuerySet(models.QuerySet):
    def add(self, meeting_ids):
        """Queue `meeting_ids`; returns the ids of the entries written."""
        entries = self.bulk_create(
            [self.model(meeting_id=pk) for pk in meeting_ids], batch_size=1000
        )
        return [entry.pk for entry in entries]


class SearchBacklogEntry(models.Model):
    """A meeting whose search document is to be rewritten from the records as they are.

    Not a foreign key: a deleted meeting's document is removed the same way. A meeting
    is queued once for each change; each entry is deleted by whoever rewrote the
    document after the entry was committed, so a change made meanwhile keeps its own.
    """

    meeting_id = models.BigIntegerField(db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    objects = SearchBacklogQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "search backlog entries"

    def __str__(self):
        return f"meeting {self.meeting_id}, queued {self.queued_at:%Y-%m-%d %H:%M:%S}"
