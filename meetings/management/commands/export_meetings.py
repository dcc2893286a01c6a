"""python manage.py export_meetings [--output FILE]"""

import io
import os
import shutil
import sys

from django.core.management.base import BaseCommand, CommandError

from ...interchange.export import write


class Command(BaseCommand):
    help = (
        "Write all content (columns, topics, organizations, people, meetings with their "
        "attendance, reports, results and directives) as JSON keyed by slugs, in UTF-8."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, output=None, **options):
        if not output or output == "-":
            write_utf8(getattr(self.stdout, "_out", sys.stdout))
            return
        try:
            count = write_file(output)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        self.stderr.write(f"Exported {count} meetings to {output}.")


def write_utf8(stream):
    """Write the document to the text `stream` in UTF-8, whatever the stream's own encoding
    (a console's may not hold Chinese), through its bytes where it has them."""
    if not hasattr(stream, "buffer"):
        return write(stream)  # text only, e.g. a StringIO
    stream.flush()
    utf8 = io.TextIOWrapper(stream.buffer, encoding="utf-8")
    try:
        count = write(utf8)
        utf8.flush()
    finally:
        utf8.detach()  # the stream stays open
    return count


def write_file(path):
    """Write the document to `path`; return the number of meetings.

    A file that is there (an earlier backup) is replaced only once the new one is whole:
    the export is written beside it and renamed over it. Anything but a plain file (a
    device, a pipe, a link) is written to directly.
    """
    if os.path.lexists(path) and (os.path.islink(path) or not os.path.isfile(path)):
        with open(path, "w", encoding="utf-8") as stream:
            return write(stream)
    partial = f"{path}.{os.getpid()}.partial"
    try:
        with open(partial, "x", encoding="utf-8") as stream:
            if os.path.exists(path):
                shutil.copymode(path, partial)  # a backup readable by its owner alone stays so
            count = write(stream)
        os.replace(partial, path)
    except BaseException:
        if os.path.lexists(partial):
            os.remove(partial)
        raise
    return count
