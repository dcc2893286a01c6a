"""Search rankings, kept across changes of content.

Ranking every match of a common word ("county" matches nearly every meeting) costs
hundreds of milliseconds however the query is written, because each match's vector is
read to rank it. So a search is ranked once and kept as a Ranking: its number of
results, the order of its first pages and, on PostgreSQL, which meetings are results at
all. Every later request for the same words and filters, and every further page, reads
it back.

Any change to published content starts a new generation (see page_cache), and a ranking
kept from an earlier one is not served as it is. When the change was to some meetings'
own records (an editor's save), the ranking is brought up to date: those meetings alone
are matched and ranked again and moved in it, which is exact on PostgreSQL, where a
meeting's rank is a function of its own document (ts_rank). Otherwise (a person or a
topic renamed, a column moved, a change whose meetings were not recorded, and always on
SQLite, where bm25 weighs each word by the whole index) the search is ranked again.
"""

import bisect
import datetime
import hashlib
from array import array
from dataclasses import dataclass, replace

from django.core.cache import cache

from ..page_cache import changes_between, generation, replicas_may_lag
from .engines import engine

TIMEOUT = 60 * 60
# Raised whenever the same words come to find other meetings (a change of code, not of
# content), so that rankings stored by the previous release are not read back.
# 2: a full name finds the meetings that record the people so named.
# 3: and lists them newest first.
# 4: rankings are kept across generations, with the sort values of their first pages.
VERSION = 4

# How a ranking keeps each value its results are ordered by: an array's type code.
STORED_AS = {"rank": "d", "held_on": "l", "pk": "q"}
# The first results are kept with their sort values once a change is to be put in its
# place among them: the first ten pages. Later ones are kept as ids.
KEYED = 200


@dataclass(frozen=True)
class Ranking:
    """A search's results as of a content generation."""

    generation: int
    order: tuple  # the fields they are ordered by, "-" for descending, the id last
    count: int
    first: tuple  # the first results: one array of values per field of `order`
    later: array  # the ids of the results after those, in order
    members: bytes | None  # one bit per meeting id, set for each result (None: not kept)

    @property
    def ids(self):
        return [*self.first[-1], *self.later]

    @property
    def known(self):
        """How many of the first results are known in order."""
        return len(self.first[-1]) + len(self.later)

    def covers(self, wanted):
        """Whether the first `wanted` results (or all, if fewer) are known in order."""
        return self.known >= min(wanted, self.count)


def ranked_ids(filterset, limit, wanted=None):
    """(number of results, ids of the first results in order) for a bound filterset: at
    most `limit` ids, and at least the first `wanted` (default: `limit`)."""
    parameters = sorted(
        (name, value)
        for name, values in filterset.data.lists()
        if name != "page"
        for value in values
    )
    digest = hashlib.sha256(repr(parameters).encode()).hexdigest()
    key = f"search:v{VERSION}:{digest}"
    wanted = min(limit, wanted or limit)
    current = generation()
    kept = cache.get(key)
    ranking = kept
    if ranking is not None and ranking.generation != current:
        ranking = _brought_up_to_date(ranking, filterset.qs, current, limit)
    if ranking is None or not ranking.covers(wanted):
        ranking = _ranked(filterset.qs, current, limit)
    # A replica may not have the latest change yet: such a ranking is served, not kept,
    # since only the meetings changed after it would ever be looked at again.
    if ranking is not kept and not replicas_may_lag():
        cache.set(key, ranking, TIMEOUT)
    return ranking.count, ranking.ids


def _fields(order):
    return [field.lstrip("-") for field in order]


def _stored(value):
    return value.toordinal() if isinstance(value, datetime.date) else value


def _first(rows, fields):
    """Rows of sort values (stored form) as one array per field."""
    columns = list(zip(*rows, strict=True)) or [() for _field in fields]
    return tuple(
        array(STORED_AS[field], values) for field, values in zip(fields, columns, strict=True)
    )


def _ranked(results, current, limit):
    """Rank a search in full: its ids in order, and which meetings are results."""
    order = tuple(results.query.order_by)
    first = _first([], _fields(order))  # their sort values are read when first needed
    ids = results.values_list("pk", flat=True)
    if not engine().ranks_alone:
        ids = list(ids[:limit])
        count = len(ids) if len(ids) < limit else results.count()
        return Ranking(current, order, count, first, array("q", ids), None)
    # Every result, for a moment (92,000 ids for a common word): the ranking reads them
    # all anyway, and counting them in a query of their own would match every vector a
    # second time. Reading their sort values too cost a quarter more.
    ids = list(ids)
    return Ranking(current, order, len(ids), first, array("q", ids[:limit]), _members(ids))


def _position(order):
    """A function of a result's sort values that sorts results in `order`."""
    descending = [field.startswith("-") for field in order]

    def position(values):
        pairs = zip(values, descending, strict=True)
        return tuple(-value if down else value for value, down in pairs)

    return position


class _Positions:
    """The positions of a ranking's first results, worked out as bisect asks for them."""

    def __init__(self, first, position):
        self.first, self.position = first, position

    def __len__(self):
        return len(self.first[-1])

    def __getitem__(self, index):
        return self.position(tuple(column[index] for column in self.first))


def _brought_up_to_date(ranking, results, current, limit):
    """The ranking as of generation `current`, with the meetings changed since its own
    matched and ranked again; None if it cannot be (see the module's docstring)."""
    if ranking.members is None:
        return None
    changed = changes_between(ranking.generation, current)
    if changed is None:
        return None
    if not changed:
        return replace(ranking, generation=current)
    fields = _fields(ranking.order)
    position = _position(ranking.order)
    first, later = ranking.first, ranking.later
    # The sort values of the first results, read with the changed meetings the first
    # time they are needed: they are as they were, since those meetings did not change.
    unsorted = [] if len(first[-1]) else [pk for pk in later[:KEYED] if pk not in changed]
    rows = results.filter(pk__in=[*changed, *unsorted]).values_list(*fields)
    rows = {row[-1]: tuple(map(_stored, row)) for row in rows}
    if unsorted:
        if not rows.keys() >= set(unsorted):
            return None  # a change that was not recorded
        first = _first(sorted((rows[pk] for pk in unsorted), key=position), fields)
        later = later[KEYED:]
    found = [rows[pk] for pk in changed if pk in rows]
    members = bytearray(ranking.members)
    count = ranking.count
    for pk in changed:
        if _is_member(members, pk):
            count -= 1
            members[pk >> 3] &= ~(1 << (pk & 7)) & 0xFF
    for *_values, pk in found:
        _add(members, pk)
        count += 1
    # Without the changed meetings, the first results and the later ones are still the
    # start of the order. A changed meeting that sorts among the first takes its place
    # there. One that sorts after them belongs somewhere among the later ones or after
    # them, where no sort values were kept: the known results then end with the first
    # (unless they were every result).
    first = tuple(array(column.typecode, column) for column in first)
    for index in reversed([i for i, pk in enumerate(first[-1]) if pk in changed]):
        for column in first:
            del column[index]
    later = array("q", (pk for pk in later if pk not in changed))
    every_result_known = ranking.known == ranking.count
    positions = _Positions(first, position)
    last = positions[len(positions) - 1] if len(positions) else None
    for values in sorted(found, key=position):
        if last is not None and position(values) < last:
            index = bisect.bisect_left(positions, position(values))
        elif every_result_known and not later:
            index = len(positions)
        else:
            del later[:]
            break
        for column, value in zip(first, values, strict=True):
            column.insert(index, value)
    for column in first:
        del column[limit:]
    del later[max(0, limit - len(first[-1])) :]
    return Ranking(current, ranking.order, count, first, later, bytes(members))


def _members(pks):
    pks = list(pks)
    members = bytearray((max(pks) >> 3) + 1 if pks else 0)
    for pk in pks:
        members[pk >> 3] |= 1 << (pk & 7)
    return bytes(members)


def _add(members, pk):
    if pk >> 3 >= len(members):
        members.extend(bytes((pk >> 3) + 1 - len(members)))
    members[pk >> 3] |= 1 << (pk & 7)


def _is_member(members, pk):
    return pk >> 3 < len(members) and bool(members[pk >> 3] & (1 << (pk & 7)))
