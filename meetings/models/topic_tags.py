"""Rows tagged with topics (meetings, reports, directives), found by their tags.

A list of the newest rows on a topic is read best by walking every row newest first and
checking each one's tags (a correlated EXISTS), stopping at a page's worth: that reads
about rows / tagged rows times a page, 240 of 100,000 meetings for a topic on one in
twelve. For a topic on few rows the same walk reads nearly every row before it has a
page. PostgreSQL knows how many rows each topic tags (its statistics of the tags' table)
and gathers a rare topic's rows itself. SQLite walks whatever the topic (90 ms over
100,000 meetings for a topic on five of them, 400 over 200,000 directives), so there a
topic's rows are gathered by their tags when a count of them finds few, and sorted.
"""

from django.db import connections
from django.db.models import Exists, OuterRef

# Up to how many tags SQLite gathers the rows by them; beyond it, they are walked.
FEW_TAGGED = 2000


def tagged_with(rows, topics):
    """`rows` narrowed to those tagged with any of `topics`. On SQLite, one query to count
    the tags, and one more to gather them when they are few."""
    field = rows.model.topics.field
    owner = field.m2m_field_name()
    tags = field.remote_field.through.objects.filter(topic__in=topics)
    walk = rows.filter(Exists(tags.filter(**{owner: OuterRef("pk")})))
    if connections[rows.db].vendor == "postgresql":
        return walk
    if tags.using(rows.db)[: FEW_TAGGED + 1].count() > FEW_TAGGED:
        return walk
    return rows.filter(pk__in=list(tags.using(rows.db).values_list(f"{owner}_id", flat=True)))
