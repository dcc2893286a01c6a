"""python manage.py recount"""

from django.core.management.base import BaseCommand

from ...models import AllYearsAwardTally, AwardTally, MeetingTally, YearlyAwardTally


class Command(BaseCommand):
    help = (
        "Recount every denormalised count from the records: the meetings by month, column "
        "and topic, and each unit's assessments and awards by month, by year and over all "
        "years. Each save recounts the months it touched (and their sums); this is for "
        'after a failure the log reported ("after a change was saved, recount_scheduled '
        'failed"), or a database changed by hand.'
    )

    def handle(self, *args, **options):
        MeetingTally.objects.rebuild()
        AwardTally.objects.rebuild()
        self.stdout.write(
            f"Recounted: {MeetingTally.objects.count()} meeting tallies, "
            f"{AwardTally.objects.count()} award tallies by month, "
            f"{YearlyAwardTally.objects.count()} by year, "
            f"{AllYearsAwardTally.objects.count()} over all years."
        )
