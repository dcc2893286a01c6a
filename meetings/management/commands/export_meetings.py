"""python manage.py export_meetings [--output FILE]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from ...interchange.export import write


class Command(BaseCommand):
    help = (
        "Write all content (columns, topics, organizations, people, meetings with their "
        "attendance, reports, results and directives) as JSON keyed by slugs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, output=None, **options):
        if not output or output == "-":
            count = write(self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout)
        else:
            try:
                with open(output, "w", encoding="utf-8") as stream:
                    count = write(stream)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}") from error
            self.stderr.write(f"Exported {count} meetings to {output}.")
