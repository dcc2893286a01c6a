"""Fast inserts for generated data: rows with their primary keys chosen up front.

Django's bulk_create builds one large INSERT per batch in Python; for a million rows
that dominates seeding. Here PostgreSQL gets COPY and SQLite a prepared INSERT run
with executemany. Keys are handed out before the insert, so children can point at their
parents without reading anything back; the PostgreSQL sequence is moved past them.
An insert is prepared (all the Python work) apart from being stored (the database's
work), so the two can run side by side. The SQL is fixed: table and column names come
from the models, values are parameters (or COPY data), never text built from input.
"""

import csv
import io
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone


class Keys:
    """Primary keys for new rows, per model, counting on from the largest in the table.

    The generator is the only writer while it runs, so keys are handed out here, and a
    chunk can be prepared while the one before it is still being written.
    """

    def __init__(self):
        self.next = {}

    def assign(self, model, objects):
        if model not in self.next:
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
                self.next[model] = cursor.fetchone()[0] + 1
        start = self.next[model]
        for offset, obj in enumerate(objects):
            obj.pk = start + offset
        self.next[model] = start + len(objects)
        return objects


@dataclass
class PreparedInsert:
    table: str  # quoted
    columns: str  # quoted, comma-separated
    db_table: str
    rows: list = None  # SQLite: parameters for executemany
    data: io.StringIO = None  # PostgreSQL: COPY data
    nullable: str = ""  # PostgreSQL: the columns whose empty quoted value means NULL


def prepare(model, objects):
    """The Python half of inserting `objects` (whose primary keys are set)."""
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
    quote = connection.ops.quote_name
    prepared = PreparedInsert(
        table=quote(model._meta.db_table),
        columns=", ".join(quote(field.column) for field in fields),
        db_table=model._meta.db_table,
    )
    if connection.vendor != "postgresql":
        prepared.rows = rows
        return prepared
    # COPY's CSV format, written by the csv module in C: every value quoted, so an
    # empty string stays one; a null is written as "" and FORCE_NULL turns it back
    # into NULL for the columns that may hold one.
    prepared.data = io.StringIO()
    csv.writer(prepared.data, quoting=csv.QUOTE_ALL).writerows(rows)
    prepared.data.seek(0)
    prepared.nullable = ", ".join(quote(field.column) for field in fields if field.null)
    return prepared


def store(prepared):
    """The database's half: write the rows of a prepared insert."""
    with connection.cursor() as cursor:
        if prepared.data is None:
            if prepared.rows:
                marks = ", ".join(["%s"] * len(prepared.rows[0]))
                cursor.executemany(
                    f"INSERT INTO {prepared.table} ({prepared.columns}) VALUES ({marks})",  # noqa: S608
                    prepared.rows,
                )
            return
        options = "FORMAT csv" + (
            f", FORCE_NULL ({prepared.nullable})" if prepared.nullable else ""
        )
        # Read in one piece: each read takes Python's lock, which the preparing thread
        # holds most of the time.
        cursor.cursor.copy_expert(
            f"COPY {prepared.table} ({prepared.columns}) FROM STDIN WITH ({options})",
            prepared.data,
            size=max(8192, len(prepared.data.getvalue())),
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM "  # noqa: S608
            f"{prepared.table}))",
            [prepared.db_table],
        )


@contextmanager
def gin_indexes_built_after(model, rows_to_add):
    """On PostgreSQL, drop `model`'s GIN indexes (the search vectors', the admin's
    trigrams) for a load of at least as many rows as the table holds, and build them
    again after it, once, from their own definitions.

    A GIN index takes each new row's words one by one, and the generator writes each
    meeting twice (its row, then its search document): at 100,000 meetings that was
    about 35 s of a seed's 200. Built after the load, they take about 12 s. Anything
    but a killed process (an error, Ctrl-C) builds them again; searches are slow while
    they are missing, so this is for loading demo data, not for a site in use.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    if rows_to_add < model.objects.count():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = %s AND indexdef LIKE %s",
            [model._meta.db_table, "% USING gin %"],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)  # as PostgreSQL wrote it out: no input in it
