"""Notices for staff on the admin's front page."""

from django import template

from ..models import SearchBacklogEntry

register = template.Library()


@register.inclusion_tag("admin/includes/search_backlog.html")
def search_backlog():
    """How many meetings wait in the search backlog: a large change leaves some for
    `manage.py reindex`, and a backlog that only grows means no worker runs it."""
    waiting = SearchBacklogEntry.objects.values("meeting_id").distinct().count()
    oldest = SearchBacklogEntry.objects.order_by("pk").values_list("queued_at", flat=True).first()
    return {"waiting": waiting, "oldest": oldest}
