"""Denormalised counts of published meetings, by month, column and topic.

Counting the meetings on a topic or in a column means reading tens of thousands of
rows at a hundred thousand meetings; summing a few hundred tallies does not. The
tallies count meetings whose status is "published"; those whose publication time
is still ahead (scheduled publishing, usually none) are counted live and taken
away, so a count is exact at every moment. signals.py has the tallies of the months
a transaction changed recounted once it commits.
"""

import collections
import datetime
import functools
import operator
import threading

from django.db import connection, models, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

# A fixed statement: two rebuilds never interleave (PostgreSQL; SQLite has one writer).
LOCK_SQL = "LOCK TABLE meetings_meetingtally IN EXCLUSIVE MODE"
DELETE_BATCH = 500
_months = threading.local()  # the months the current transaction changed
_DAY = models.DateField()


def schedule_recount(*days):
    """Have the tallies of the months of `days` (when changed meetings were held, before
    and after the change; a date or its text) recounted by recount_scheduled() once the
    current transaction commits, however much it changed. A month holds a thousand
    meetings where the site holds a hundred thousand: recounting every month took 0.6 s
    on each save."""
    pending = _months.__dict__.setdefault("pending", set())
    pending.update(_DAY.to_python(day).replace(day=1) for day in days if day is not None)


def schedule_recount_of(meetings):
    """Have the months of the meetings `meetings` (ids) recounted, as schedule_recount:
    their days are read when the recount runs (a report's or a result's change changes
    the award tallies of its meeting's month)."""
    _months.__dict__.setdefault("meetings", set()).update(pk for pk in meetings if pk)


def recount_scheduled():
    """Recount the months scheduled in this thread, meeting and award tallies together;
    a failed recount keeps them for the next."""
    from .award_tally import AwardTally
    from .meeting import Meeting

    pending = _months.__dict__.setdefault("pending", set())
    meetings = _months.__dict__.setdefault("meetings", set())
    months, of_meetings = set(pending), set(meetings)
    pending.clear()
    meetings.clear()
    try:
        if of_meetings:
            days = Meeting.objects.filter(pk__in=of_meetings).values_list("held_on", flat=True)
            months.update(day.replace(day=1) for day in days)
        with transaction.atomic():
            MeetingTally.objects.rebuild(months)  # takes the lock, held to the commit
            AwardTally.objects.rebuild(months)
    except Exception:
        pending.update(months)
        meetings.update(of_meetings)
        raise


def forget_recounts():
    """Drop the months this thread has scheduled and not recounted."""
    _months.__dict__.pop("pending", None)
    _months.__dict__.pop("meetings", None)


class MeetingTallyQuerySet(models.QuerySet):
    def rebuild(self, months=None):
        """Recount the tallies of `months` (first days), or of every month (about 0.6 s
        at 100,000 meetings), from the meetings."""
        from .meeting import Meeting

        replace_tallies(self, LOCK_SQL, months, lambda: tallies(Meeting, self.model, months))

    def published_count(self, columns=None, topic=None, year=None):
        """How many meetings the public can see, in `columns` (ids), on `topic`, in `year`.

        Each argument may be left out; together they narrow the count.
        """
        from .meeting import Meeting

        tallies = self.filter(topic=topic) if topic else self.filter(topic__isnull=True)
        scheduled = Meeting.objects.scheduled()
        if columns is not None:
            tallies = tallies.filter(column__in=columns)
            scheduled = scheduled.filter(column__in=columns)
        if topic is not None:
            scheduled = scheduled.filter(topics=topic)
        if year is not None:
            tallies = tallies.filter(month__year=year)
            scheduled = scheduled.filter(held_on__year=year)
        total = tallies.aggregate(meetings=Sum("meetings"))["meetings"] or 0
        return total - scheduled.count()

    def published_months(self, year):
        """The first day of each month of `year` in which the public can see a meeting."""
        from .meeting import Meeting

        rows = (
            self.filter(topic__isnull=True, month__year=year)
            .values("month")
            .annotate(total=Sum("meetings"))
            .order_by("month")
        )
        counts = {row["month"]: row["total"] for row in rows}
        scheduled = Meeting.objects.scheduled().filter(held_on__year=year)
        for held_on in scheduled.values_list("held_on", flat=True):
            counts[held_on.replace(day=1)] -= 1
        return [month for month, total in counts.items() if total > 0]

    def published_counts_by_topic(self):
        """{topic id: how many meetings on it the public can see}, for every topic with any."""
        from .meeting import Meeting, scheduled_q

        rows = self.filter(topic__isnull=False).values("topic").annotate(total=Sum("meetings"))
        counts = {row["topic"]: row["total"] for row in rows.order_by()}
        scheduled = Meeting.topics.through.objects.filter(scheduled_q("meeting__"))
        for topic_id in scheduled.values_list("topic_id", flat=True):
            counts[topic_id] -= 1
        return counts


class MeetingTally(models.Model):
    """How many published meetings were held in `month`, filed in `column`, on `topic`.

    The rows with no topic count every meeting once, whatever its topics.
    """

    month = models.DateField()
    column = models.ForeignKey("Column", on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("Topic", on_delete=models.CASCADE, null=True, related_name="+")
    meetings = models.PositiveIntegerField()

    objects = MeetingTallyQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["topic", "month"], name="tally_topic_month_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} column {self.column_id} topic {self.topic_id}: {self.meetings}"


def replace_tallies(tallies, lock_sql, months, count, period="month"):
    """Replace the `tallies` (a tally model's queryset) of `months` (first days, or the
    values of another `period` field; None: every one) with those `count()` makes, in
    one transaction. On PostgreSQL it first locks the table with `lock_sql`, a fixed
    statement, so that two rebuilds never interleave: the later waits, then replaces
    what the first wrote.

    Of the months named, only the rows that differ are written: a save changes a few of
    a month's counts, and rewriting all of them (a thousand units' award tallies, and as
    many again for their year) left that many dead rows per save, which slowed every
    read of the table until a vacuum came (the yearly award tallies grew from 1 to 35 MB
    over a benchmark's 450 saves). Every month (None) is rewritten whole.

    Returns the rows that changed, removed and added, as {field: value}; None when
    every month was rewritten."""
    if months is not None and not months:
        return []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(lock_sql)
        if months is None:
            tallies.all().delete()
            tallies.bulk_create(count(), batch_size=2000)
            return None
        fields = [f.attname for f in tallies.model._meta.concrete_fields if not f.primary_key]
        current = collections.defaultdict(list)  # a row's values: the ids of rows that hold them
        outdated = tallies.filter(**{f"{period}__in": months})
        for pk, *values in outdated.values_list("pk", *fields):
            current[tuple(values)].append(pk)
        added = []
        for tally in count():
            same = current.get(tuple(getattr(tally, name) for name in fields))
            if same:
                same.pop()  # kept as it is
            else:
                added.append(tally)
        stale = [pk for pks in current.values() for pk in pks]
        for start in range(0, len(stale), DELETE_BATCH):  # within SQLite's parameter limit
            tallies.filter(pk__in=stale[start : start + DELETE_BATCH]).delete()
        tallies.bulk_create(added, batch_size=2000)
    removed = [
        dict(zip(fields, values, strict=True)) for values, pks in current.items() for _ in pks
    ]
    return removed + [{name: getattr(tally, name) for name in fields} for tally in added]


def held_in(months, path=""):
    """The condition for meetings (reached through `path`) held in one of `months`."""
    return functools.reduce(
        operator.or_,
        (
            Q(**{f"{path}held_on__gte": month, f"{path}held_on__lt": _next_month(month)})
            for month in months
        ),
    )


def _next_month(month):
    return (month + datetime.timedelta(days=31)).replace(day=1)


def tallies(meeting_model, tally_model, months=None):
    """The tallies of the meetings as they are, unsaved (models may be a migration's):
    of `months` (first days), or of every month."""
    published = meeting_model.objects.filter(status="published", published_at__isnull=False)
    tagged = meeting_model.topics.through.objects.filter(
        meeting__status="published", meeting__published_at__isnull=False
    )
    if months is not None:
        published = published.filter(held_in(months))
        tagged = tagged.filter(held_in(months, "meeting__"))
    by_column = (
        published.annotate(month=TruncMonth("held_on"))
        .values("month", "column_id")
        .annotate(meetings=Count("id"))
        .order_by()
    )
    by_topic = (
        tagged.annotate(month=TruncMonth("meeting__held_on"))
        .values("month", "meeting__column_id", "topic_id")
        .annotate(meetings=Count("id"))
        .order_by()
    )
    return [
        *(
            tally_model(month=row["month"], column_id=row["column_id"], meetings=row["meetings"])
            for row in by_column
        ),
        *(
            tally_model(
                month=row["month"],
                column_id=row["meeting__column_id"],
                topic_id=row["topic_id"],
                meetings=row["meetings"],
            )
            for row in by_topic
        ),
    ]
