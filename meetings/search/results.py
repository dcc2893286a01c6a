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
import itertools
import logging
from array import array
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from portal.redis_cache import UNREACHABLE

from ..models import Meeting
from ..page_cache import changes_between, replicas_may_lag
from .engines import engine

log = logging.getLogger(__name__)

TIMEOUT = 60 * 60
# Raised whenever the same words come to find other meetings (a change of code, not of
# content), so that rankings stored by the previous release are not read back.
# 2: a full name finds the meetings that record the people so named.
# 3: and lists them newest first.
# 4: rankings are kept across generations (5: with the time they were made as of).
# 6: an excluded phrase is excluded.
# 7: or and exclusions bind as websearch_to_tsquery binds them; a possessive is its word.
# 8: a name's meetings are added where the rest of the query holds.
# 9: a name entered only in a draft names nobody.
# 10: letters and digits typed full width are the plain ones.
VERSION = 10

# The first results are given their sort values once a change is to be put in its place
# among them: the first ten pages. Later ones are kept as ids.
KEYED = 200
# How long before a ranking is made its search may have decided who is public: meetings
# published since then are looked at again when it is brought up to date.
PUBLICATION_MARGIN = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class Ranking:
    """A search's results as of a content generation."""

    generation: int
    as_of: datetime.datetime  # meetings published after this time are looked at again
    order: tuple  # the fields they are ordered by, "-" for descending, the id last
    count: int
    first: tuple  # the first results' sort values (once a change needed them), in order
    later: array  # the ids of the results after those, in order
    members: bytes | None  # one bit per meeting id, set for each result (None: not kept)

    @property
    def ids(self):
        return [*(values[-1] for values in self.first), *self.later]

    @property
    def known(self):
        """How many of the first results are known in order."""
        return len(self.first) + len(self.later)

    def covers(self, wanted):
        """Whether the first `wanted` results (or all, if fewer) are known in order."""
        return self.known >= min(wanted, self.count)


def ranked_ids(filterset, limit, wanted, current):
    """(number of results, ids of the first results in order) for a bound filterset: at
    most `limit` ids, and at least the first `wanted`.

    `current` is the content generation read before the filterset's queryset was made
    (which fixes the time that decides who is public), so that a publication falling due
    in between is not left out of a ranking kept for the generation it starts. None: the
    shared cache cannot be reached (see generation_memo.request_generation), so the
    search is ranked for this request alone and nothing is kept. Nothing is kept either
    where processes do not share one generation (local memory, settings.
    GENERATION_IS_SHARED): a change made in another worker or by a command would not
    reach this process's kept rankings, which served the results as they were."""
    wanted = min(limit, wanted)
    if current is None or not settings.GENERATION_IS_SHARED:
        return _ranked_alone(filterset, limit)
    # Each parameter's values in the order given: a filter reads the last of a repeated
    # one, so "q=safety&q=fire" and "q=fire&q=safety" are different searches.
    parameters = sorted(
        (name, tuple(values))
        for name, values in filterset.data.lists()
        if name not in ("page", "page_size")  # one ranking, however it is paged
    )
    digest = hashlib.sha256(repr(parameters).encode()).hexdigest()
    key = f"search:v{VERSION}:{digest}"
    try:
        # Decided before anything is read, after the generation (a bump records its time
        # first): a replica that may not have the latest change gives a ranking to serve,
        # not to keep, since only the meetings changed after it would ever be looked at
        # again.
        may_lag = replicas_may_lag()
        as_of = timezone.now() - PUBLICATION_MARGIN
        kept = cache.get(key)
        ranking = kept
        if ranking is not None and ranking.generation != current:
            ranking = _brought_up_to_date(ranking, filterset.qs, current, as_of, limit)
    except UNREACHABLE:
        log.warning("search rankings unavailable; ranked for this request alone")
        return _ranked_alone(filterset, limit)
    if ranking is None or not ranking.covers(wanted):
        ranking = _ranked(filterset.qs, current, as_of, limit)
        if may_lag:
            return ranking.count, ranking.ids
    if ranking is not kept:
        try:
            cache.set(key, ranking, TIMEOUT)
        except UNREACHABLE:
            log.warning("search rankings unavailable; this ranking is not kept")
    return ranking.count, ranking.ids


def _ranked_alone(filterset, limit):
    ranking = _ranked(filterset.qs, None, timezone.now(), limit)
    return ranking.count, ranking.ids


def _fields(order):
    return [field.lstrip("-") for field in order]


def _sort_values(row):
    """A result's sort values as kept: a day as its ordinal, so that it can be negated."""
    return tuple(value.toordinal() if isinstance(value, datetime.date) else value for value in row)


def _position(order):
    """A function of a result's sort values that sorts results in `order`."""
    descending = [field.startswith("-") for field in order]

    def position(values):
        pairs = zip(values, descending, strict=True)
        return tuple(-value if down else value for value, down in pairs)

    return position


def _ranked(results, current, as_of, limit):
    """Rank a search in full: its ids in order, and which meetings are results."""
    order = tuple(results.query.order_by)
    ids = results.values_list("pk", flat=True)
    if not engine().ranks_alone:
        ids = list(ids[:limit])
        count = len(ids) if len(ids) < limit else results.count()
        return Ranking(current, as_of, order, count, (), array("q", ids), None)
    # Every result, for a moment (92,000 ids for a common word): the ranking reads them
    # all anyway, and counting them in a query of their own would match every vector a
    # second time. Reading their sort values too cost a quarter more.
    ids = list(ids)
    return Ranking(current, as_of, order, len(ids), (), array("q", ids[:limit]), _members(ids))


def _brought_up_to_date(ranking, results, current, as_of, limit):
    """The ranking as of generation `current`, with the meetings changed since its own
    matched and ranked again; None if it cannot be (see the module's docstring).

    What changed is read from the primary database, so the ranking is exact whatever a
    replica has yet, and may be kept."""
    if ranking.members is None:
        return None
    changed = changes_between(ranking.generation, current)
    if changed is None:
        return None
    results = results.using(DEFAULT_DB_ALIAS)
    changed |= set(_published_since(ranking.as_of))
    if not changed:
        return replace(ranking, generation=current, as_of=as_of)
    position = _position(ranking.order)
    first, later = ranking.first, ranking.later
    # The sort values of the first results, read with the changed meetings the first
    # time they are needed: they are as they were, since those meetings did not change.
    unsorted = [] if first else [pk for pk in later[:KEYED] if pk not in changed]
    rows = results.filter(pk__in=[*changed, *unsorted]).values_list(*_fields(ranking.order))
    rows = {row[-1]: _sort_values(row) for row in rows}
    if unsorted:
        # A meeting gone, or out of its kept order: changed by a transaction whose new
        # generation has not started yet. Rank the search again rather than guess.
        first = [rows[pk] for pk in unsorted if pk in rows]
        if len(first) < len(unsorted) or any(
            position(a) > position(b) for a, b in itertools.pairwise(first)
        ):
            return None
        later = later[KEYED:]
    found = sorted((rows[pk] for pk in changed if pk in rows), key=position)
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
    # start of the order. A changed meeting that sorts before the last of the first
    # (as they were) takes its place among them. One that sorts after them belongs
    # somewhere among the later ones, whose sort values were not read, or after them:
    # the known results then end with the first (unless they were every result).
    every_result_known = ranking.known == ranking.count
    last = position(first[-1]) if first else None
    first = [values for values in first if values[-1] not in changed]
    later = array("q", (pk for pk in later if pk not in changed))
    for values in found:
        if last is not None and position(values) < last:
            bisect.insort(first, values, key=position)
        elif every_result_known and not later:
            first.append(values)
        else:
            later = array("q")
            break
    first = tuple(first[:limit])
    later = later[: max(0, limit - len(first))]
    return Ranking(current, as_of, ranking.order, count, first, later, bytes(members))


def _published_since(moment):
    """The meetings whose publication time came after `moment` and has arrived: a
    scheduled publication changes who is public without a write."""
    published = Meeting.objects.using(DEFAULT_DB_ALIAS).filter(
        status=Meeting.Status.PUBLISHED,
        published_at__gt=moment,
        published_at__lte=timezone.now(),
    )
    return published.values_list("pk", flat=True)


def _members(pks):
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
