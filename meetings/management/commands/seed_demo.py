"""python manage.py seed_demo [--meetings N] [--seed S]"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ...demo.bulk import gin_indexes_built_after
from ...demo.load_sample import load_sample
from ...demo.synthetic import generate
from ...interchange.load import ImportRejected
from ...models import AwardTally, Meeting, MeetingTally, NamesVersion
from ...page_cache import bump


class Command(BaseCommand):
    help = (
        "Load the sample meeting (idempotent), and with --meetings N also N generated "
        "meetings, marked source=“synthetic”, the same for the same --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--meetings",
            type=int,
            default=0,
            help="How many synthetic meetings to generate.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Seed for the generator (default 1)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds meetings (used by `make run`).",
        )

    def handle(self, *args, meetings, seed, if_empty, verbosity, **options):
        if meetings < 0:
            raise CommandError("--meetings must be zero or more.")
        if meetings > 2_000_000:
            raise CommandError("--meetings is limited to 2,000,000.")
        if if_empty and Meeting.objects.exists():
            self.stdout.write("The database already holds meetings: nothing loaded.")
            return
        started = time.monotonic()
        try:
            meeting = load_sample()
        except ImportRejected as rejected:
            raise CommandError(
                f"The sample meeting cannot be loaded: {len(rejected.problems)} problem(s), "
                "nothing written.\n"
                + rejected.report()
                + "\nChange or remove the records in the way, then run seed_demo again."
            ) from rejected
        self.stdout.write(f"Sample meeting ready: {meeting.get_absolute_url()}")
        if meetings:
            with gin_indexes_built_after(Meeting, meetings):
                created = generate(
                    meetings, seed=seed, stdout=self.stdout if verbosity > 1 else None
                )
            self.stdout.write(
                f"Synthetic meetings: {created} created, "
                f"{meetings - created} already present (seed {seed})."
            )
        MeetingTally.objects.rebuild()
        AwardTally.objects.rebuild()
        if meetings:
            # Fresh statistics after a bulk load, so the query planner picks the indexes
            # (SQLite has none at all until ANALYZE runs). A fixed statement.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        # Generated rows are written without signals: every cached page and article is
        # out of date.
        NamesVersion.objects.raise_version()
        bump()
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
