"""The two search engines behind Meeting.objects.search(): PostgreSQL full-text
search and SQLite FTS5 (with a plain LIKE fallback where FTS5 is missing).

Both read the same parsed query (text.parse_query), index the same documents
(documents.document) and annotate matches with `rank`, higher is better.
"""

import difflib
import functools
import operator
import sqlite3

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import F, FloatField, Q, Value
from django.db.models.expressions import RawSQL

from .text import segment, to_fts5, to_websearch

CONFIG = "english"  # stems English words; Chinese arrives already split into bigrams

# Fixed statements: user input only ever travels as bound parameters.
WRITE_VECTORS_SQL = """
    UPDATE meetings_meeting AS m SET search_vector =
        setweight(to_tsvector('english', v.a), 'A')
        || setweight(to_tsvector('english', v.b), 'B')
        || setweight(to_tsvector('english', v.c), 'C')
        || setweight(to_tsvector('english', v.d), 'D')
    FROM (VALUES %s) AS v(id, a, b, c, d) WHERE m.id = v.id
"""
# Whether every text, indexed as a meeting's document is, matches the query.
NAMES_MATCH_SQL = (
    "SELECT bool_and(to_tsvector(%s::regconfig, name) "
    "@@ websearch_to_tsquery(%s::regconfig, %s)) FROM unnest(%s::text[]) AS name"
)
FTS_IDS_SQL = "SELECT rowid FROM meetings_search WHERE meetings_search MATCH %s"
# The scores of all matches are computed once and looked up per meeting: asking FTS5
# for one rowid's score runs the whole match again, for every meeting ranked (seconds
# for a name found in thousands of meetings).
FTS_RANK_SQL = (
    "WITH scores AS MATERIALIZED (SELECT rowid AS id, "
    "-bm25(meetings_search, 10.0, 5.0, 2.0, 1.0) AS score "
    "FROM meetings_search WHERE meetings_search MATCH %s) "
    "SELECT score FROM scores WHERE scores.id = meetings_meeting.id"
)
if sqlite3.sqlite_version_info < (3, 35):  # the keyword came in 3.35; Django supports 3.31
    FTS_RANK_SQL = FTS_RANK_SQL.replace("MATERIALIZED ", "")
# The tokenizer is the search index's own (migration 0002).
NAMES_TABLE_SQL = "CREATE VIRTUAL TABLE names USING fts5(text, tokenize = 'porter unicode61')"
NAMES_INSERT_SQL = "INSERT INTO names (text) VALUES (?)"
NAMES_MATCH_FTS5_SQL = "SELECT rowid FROM names WHERE names MATCH ?"
FTS_DELETE_SQL = "DELETE FROM meetings_search WHERE rowid = %s"
FTS_INSERT_SQL = "INSERT INTO meetings_search (rowid, a, b, c, d) VALUES (%s, %s, %s, %s, %s)"


class PostgresEngine:
    """Weighted tsvector in Meeting.search_vector (GIN-indexed), ranked with ts_rank.

    A meeting's rank is a function of its own document, so a kept ranking can be
    brought up to date one changed meeting at a time (see results.py). A search's
    results are counted by reading the ids of all of them, ranked: a count of its own
    would match every vector a second time (190 ms for a common word's 92,000 matches),
    while the ranking reads them all anyway. A window count in the ranking query was
    slower still: it buffers every matching row, vector and all.
    """

    ranks_alone = True

    def match(self, clauses):
        query = SearchQuery(to_websearch(clauses), search_type="websearch", config=CONFIG)
        return Q(search_vector=query), SearchRank(F("search_vector"), query)

    def all_match(self, texts, clauses, using=DEFAULT_DB_ALIAS):
        """Whether each of `texts` (a person's names, say), indexed as a meeting's
        document is, matches the query's words."""
        texts = [segment(text) for text in texts]
        with connections[using].cursor() as cursor:
            cursor.execute(NAMES_MATCH_SQL, [CONFIG, CONFIG, to_websearch(clauses), texts])
            return bool(cursor.fetchone()[0])

    def write(self, rows):
        """Store (pk, a, b, c, d) documents; one statement per batch."""
        from psycopg2.extras import execute_values

        with connection.cursor() as cursor:
            execute_values(cursor.cursor, WRITE_VECTORS_SQL, rows, page_size=500)

    def remove(self, pks):
        """Nothing to do: the vector is a column of the meeting row itself."""

    def similar_names(self, people, name):
        """A condition for people whose name has a part similar to `name` (pg_trgm, GIN-indexed)."""
        return Q(name__trigram_word_similar=name) | Q(alt_names__trigram_word_similar=name)


class SqliteEngine:
    """An FTS5 table (rowid = meeting id) with the four weighted columns, ranked by bm25.

    bm25 weighs each word by how many documents in the whole index have it, so any
    change may move every meeting's rank: a search is ranked again after each. Its
    results are counted in a query of their own, and only the first are read.
    """

    ranks_alone = False

    def match(self, clauses):
        """The meetings that match one of the query's alternatives: those that FTS5 finds,
        and those without the words of an alternative that only excludes (ranked 0)."""
        expression, excluding = to_fts5(clauses)
        conditions = [~Q(pk__in=self._ids(excluded)) for excluded in excluding]
        if expression:
            conditions.insert(0, Q(pk__in=self._ids(expression)))
            rank = RawSQL(FTS_RANK_SQL, [expression], output_field=FloatField())  # noqa: S611
        else:
            rank = Value(None, output_field=FloatField())
        if not conditions:
            return Q(pk__in=[]), rank
        return functools.reduce(operator.or_, conditions), rank

    @staticmethod
    def _ids(expression):
        return RawSQL(FTS_IDS_SQL, [expression])  # noqa: S611  (fixed SQL, bound parameter)

    def all_match(self, texts, clauses, using=DEFAULT_DB_ALIAS):
        """Whether each of `texts` (a person's names, say), indexed as a meeting's
        document is, matches the query's words: asked of a throwaway FTS5 table in
        memory with the index's tokenizer."""
        expression, excluding = to_fts5(clauses)
        names = sqlite3.connect(":memory:")
        try:
            names.execute(NAMES_TABLE_SQL)
            names.executemany(NAMES_INSERT_SQL, [(segment(text),) for text in texts])

            def found(query):
                return {row[0] for row in names.execute(NAMES_MATCH_FTS5_SQL, [query])}

            every = set(range(1, len(texts) + 1))
            matched = found(expression) if expression else set()
            for excluded in excluding:
                matched |= every - found(excluded)
        finally:
            names.close()
        return matched == every

    def write(self, rows):
        with connection.cursor() as cursor:
            cursor.executemany(FTS_DELETE_SQL, [(row[0],) for row in rows])
            cursor.executemany(FTS_INSERT_SQL, rows)

    def remove(self, pks):
        with connection.cursor() as cursor:
            cursor.executemany(FTS_DELETE_SQL, [(pk,) for pk in pks])

    def similar_names(self, people, name, cutoff=0.75):
        """A condition for people with a name close to `name`, by difflib's ratio over all names.

        SQLite has no trigram index; the people table is small enough to scan.
        """
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(name.lower())  # difflib caches what it learns about the second text
        matches = set()
        for pk, full, alt in people.values_list("pk", "name", "alt_names"):
            for candidate in [full, *alt.splitlines()]:
                candidate = candidate.strip().lower()
                if not candidate:
                    continue
                matcher.set_seq1(candidate)
                # The two quick ratios are upper bounds of ratio(): most names stop there.
                if (
                    matcher.real_quick_ratio() >= cutoff
                    and matcher.quick_ratio() >= cutoff
                    and matcher.ratio() >= cutoff
                ):
                    matches.add(pk)
        return Q(pk__in=matches)


class LikeEngine(SqliteEngine):
    """For an SQLite built without FTS5: every term must appear in the meeting's text."""

    def match(self, clauses):
        from ..models import Meeting

        condition = Q()
        for clause in clauses:
            if clause.is_or or clause.negated:
                continue
            for word in clause.words:
                condition &= (
                    Q(title__icontains=word)
                    | Q(summary__icontains=word)
                    | Q(body__icontains=word)
                    | Q(
                        pk__in=Meeting.objects.filter(directives__text__icontains=word).values("pk")
                    )
                    | Q(
                        pk__in=Meeting.objects.filter(
                            attendances__person__name__icontains=word
                        ).values("pk")
                    )
                )
        return condition, Value(0.0, output_field=FloatField())

    def all_match(self, texts, clauses, using=DEFAULT_DB_ALIAS):
        """Without FTS5 the meetings of the people found are always added."""
        return False

    def write(self, rows):
        """Nothing is stored: the fallback reads the tables themselves."""

    def remove(self, pks):
        """Nothing is stored."""


@functools.cache
def sqlite_has_fts5():
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def engine():
    """The engine for the default database, chosen by its vendor: the one place that asks."""
    if connection.vendor == "postgresql":
        return PostgresEngine()
    if sqlite_has_fts5():
        return SqliteEngine()
    return LikeEngine()
