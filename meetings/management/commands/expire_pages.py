"""python manage.py expire_pages"""

from django.core.management.base import BaseCommand, CommandError

from ... import page_cache


class Command(BaseCommand):
    help = (
        "Start a new content generation: every cached page and kept search is read afresh "
        "on its next request. For a change saved while Redis could not be reached, by a "
        "command that exited before Redis answered again (it says so in its log)."
    )

    def handle(self, **options):
        page_cache.bump()
        if page_cache.owes_bump():
            page_cache.forget_debt()  # reported here: nothing left to retry at exit
            raise CommandError(
                "The cache could not be reached, so no new generation started. "
                "Run this again once Redis answers."
            )
        self.stdout.write("A new content generation started: cached pages are read afresh.")
