"""Rows tagged with topics (meetings, reports, directives), found by their tags.

A list of the newest rows on a topic is read best by walking every row newest first and
checking each one's tags (a correlated EXISTS), stopping at a page's worth: that reads
about rows / tagged rows times a page, 240 of 100,000 meetings for a topic on one in
twelve. For a topic on few rows the same walk reads nearly every row before it has a
page (SQLite does, and takes 90 ms over 100,000 meetings for a topic on five of them,
400 over 200,000 directives), so a topic's rows are gathered by their tags when they
are few, and the database sorts them.
"""

from django.db.models import Exists, OuterRef

# Up to how many tags the rows are gathered by them; beyond it, they are walked.
FEW_TAGGED = 2000


def tagged_with(rows, topics):
    """`rows` narrowed to those tagged with any of `topics` (one query to count the tags,
    and one more to gather them when they are few)."""
    field = rows.model.topics.field
    owner = field.m2m_field_name()
    tags = field.remote_field.through.objects.filter(topic__in=topics)
    if tags[: FEW_TAGGED + 1].count() > FEW_TAGGED:
        return rows.filter(Exists(tags.filter(**{owner: OuterRef("pk")})))
    return rows.filter(pk__in=list(tags.values_list(f"{owner}_id", flat=True)))
