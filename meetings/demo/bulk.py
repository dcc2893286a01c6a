"""Fast inserts for generated data: rows with their primary keys chosen up front.

Django's bulk_create builds one large INSERT per batch in Python; for a million rows
that dominates seeding. Here PostgreSQL gets COPY and SQLite a prepared INSERT run
with executemany. Keys are reserved before the insert, so children can point at their
parents without reading anything back; the PostgreSQL sequence is moved past them.
The SQL is fixed: table and column names come from the models, values are parameters
(or COPY data), never text built from input.
"""

import io

from django.db import connection
from django.utils import timezone


def reserve_ids(model, count):
    """`count` unused primary keys for `model`, as a range."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
    return range(start, start + count)


def insert(model, objects):
    """Insert `objects` (whose primary keys are set) in one go."""
    if not objects:
        return
    fields = model._meta.concrete_fields
    now = timezone.now()
    stamped = [
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for obj in objects:
        for name in stamped:
            setattr(obj, name, now)
    names = [field.attname for field in fields]
    # The generator only makes ints, strings, dates, aware datetimes and decimals, which
    # both drivers take as they are; Django's per-value conversion would double the time.
    rows = [[getattr(obj, name) for name in names] for obj in objects]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    if connection.vendor == "postgresql":
        _copy(table, columns, rows)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM "  # noqa: S608
                f"{table}))",
                [model._meta.db_table],
            )
    else:
        marks = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value):
    return "\\N" if value is None else str(value).translate(COPY_ESCAPES)


def _copy(table, columns, rows):
    """COPY in PostgreSQL's text format: tab-separated, \\N for NULL, specials escaped."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
