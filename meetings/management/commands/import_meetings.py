"""python manage.py import_meetings FILE"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ...interchange.load import ImportRejected, load
from ...search import reindex_backlog

MAX_SHOWN = 200


def read_text(file):
    """The text of `file` (- for standard input), read as UTF-8 with or without a BOM."""
    if file == "-":
        stream = getattr(sys.stdin, "buffer", None)
        return stream.read().decode("utf-8-sig") if stream else sys.stdin.read()
    with open(file, encoding="utf-8-sig") as stream:
        return stream.read()


class Command(BaseCommand):
    help = (
        "Load a file written by export_meetings. The whole file is checked first; if any "
        "record is bad, nothing is written and every problem is listed. Loading the same "
        "file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to load (- for standard input).")

    def handle(self, *args, file, **options):
        try:
            document = json.loads(read_text(file))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text: {error.reason}") from error
        except RecursionError as error:
            raise CommandError(
                f"{file} is not an export: its lists or objects are nested too deeply. "
                "Nothing was imported."
            ) from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file} is not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno}. Nothing was imported."
            ) from error
        try:
            changed = load(document)
        except ImportRejected as rejected:
            raise CommandError(
                f"{file} was not imported: {len(rejected.problems)} problem(s), nothing written.\n"
                + rejected.report(MAX_SHOWN)
            ) from rejected
        # A large file changes more search documents than its commit rewrites.
        rewritten = sum(reindex_backlog())
        summary = ", ".join(f"{count} {section}" for section, count in changed.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file}: created or changed {summary}; "
                f"{rewritten} more search documents rewritten from the backlog."
            )
        )
