"""A search is ranked once and kept. After an editor's change to some meetings it reads
exactly as a search ranked afresh would; on PostgreSQL it gets there by ranking the
changed meetings alone, not every match again."""

import datetime
import itertools
import random
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import page_cache, signals
from meetings.models import Meeting
from meetings.search import engines, results
from tests.factories import edit, make_attendance, make_meeting, make_person

LIST = reverse("meetings:meeting_list")
DAY = datetime.date(2025, 1, 1)

# Rankings are kept where every process shares one content generation (with Redis).
pytestmark = pytest.mark.usefixtures("shared_generation")


@pytest.fixture
def harbour(db, committed):
    """Nine meetings about the harbour, held on different days, one naming it three
    times; and two meetings about other things."""
    with committed():
        meetings = [
            make_meeting(f"Harbour inspection {n}", held_on=DAY + datetime.timedelta(days=n))
            for n in range(8)
        ]
        meetings.append(make_meeting("Harbour dredging: the harbour and the harbour wall"))
        others = [make_meeting("Budget meeting"), make_meeting("Forestry meeting")]
    return meetings, others


@pytest.fixture
def full_rankings(monkeypatch):
    """The searches ranked in full, every match read, as they happen."""
    ranked = []
    rank_in_full = results._ranked

    def counted(*args, **kwargs):
        ranked.append(args)
        return rank_in_full(*args, **kwargs)

    monkeypatch.setattr(results, "_ranked", counted)
    return ranked


def listed(client, query, **params):
    """(number found, titles of the page in order) as a visitor sees them."""
    status, *shown = seen(client, query, **params)
    assert status == 200
    return tuple(shown)


def seen(client, query, **params):
    """(status, number found, titles of the page in order); a page past the last is a 400."""
    response = client.get(LIST, {"q": query, **params})
    page = response.context.get("page_obj")
    if page is None:
        return response.status_code, None, None
    return (
        response.status_code,
        page.paginator.count,
        [meeting.title for meeting in page.object_list],
    )


def afresh(client, query, **params):
    """What the same search shows ranked in full, leaving what was kept alone."""
    with mock.patch.object(results, "VERSION", f"afresh-{next(_fresh)}"):
        return seen(client, query, **params)


_fresh = itertools.count()


def updates_alone():
    """Whether this database's ranking is brought up to date meeting by meeting."""
    return engines.engine().ranks_alone


def test_a_repeated_parameter_in_another_order_is_another_search(client, harbour, committed):
    """The last of a repeated parameter is the one a filter reads: "q=budget&q=harbour"
    searches the harbour, and must not be served what "q=harbour&q=budget" kept."""
    with committed():
        make_meeting("Budget review", held_on=DAY)

    def titles(query_string):
        response = client.get(f"{LIST}?{query_string}")
        assert response.status_code == 200
        return {meeting.title for meeting in response.context["page_obj"].object_list}

    assert titles("q=harbour&q=budget") == {"Budget meeting", "Budget review"}
    assert len(titles("q=budget&q=harbour")) == 9
    oldest = client.get(f"{LIST}?q=harbour&sort=newest&sort=oldest").context["page_obj"]
    newest = client.get(f"{LIST}?q=harbour&sort=oldest&sort=newest").context["page_obj"]
    assert [m.title for m in oldest.object_list] == [m.title for m in reversed(newest.object_list)]


def test_a_meeting_edited_to_match_takes_its_place_in_the_kept_results(
    client, harbour, committed, full_rankings
):
    count, titles = listed(client, "harbour")
    assert count == 9
    assert titles[0] == "Harbour dredging: the harbour and the harbour wall"
    _harbour, (budget, _forestry) = harbour

    with committed():
        edit(budget, title="Harbour budget meeting")
    count, titles = listed(client, "harbour")

    assert count == 10
    assert "Harbour budget meeting" in titles
    assert len(full_rankings) == (1 if updates_alone() else 2)
    assert (200, count, titles) == afresh(client, "harbour")


def test_meetings_edited_away_withdrawn_or_deleted_leave_the_kept_results(
    client, harbour, committed, full_rankings
):
    (first, second, third, *_rest), _others = harbour
    assert listed(client, "harbour")[0] == 9

    with committed():
        edit(first, title="Quay inspection")
    with committed():
        edit(second, status="withdrawn", withdrawn_reason="Filed twice.")
    with committed():
        third.delete()
    count, titles = listed(client, "harbour")

    assert count == 6
    assert not {"Quay inspection", second.title, third.title} & set(titles)
    assert len(full_rankings) == (1 if updates_alone() else 2)
    assert (200, count, titles) == afresh(client, "harbour")


def test_a_meeting_moved_to_another_day_moves_in_results_listed_by_date(
    client, harbour, committed, full_rankings
):
    meetings, _others = harbour
    newest_first = listed(client, "harbour", sort="newest")[1]
    assert newest_first[0] == "Harbour inspection 7"

    with committed():
        edit(meetings[0], held_on=datetime.date(2026, 6, 1))
    count, titles = listed(client, "harbour", sort="newest")

    assert titles[0] == "Harbour inspection 0"
    assert len(full_rankings) == (1 if updates_alone() else 2)
    assert (200, count, titles) == afresh(client, "harbour", sort="newest")


def test_a_new_person_named_as_the_words_searched_turns_the_search_to_their_meetings(
    client, db, committed, full_rankings
):
    """A full name finds the meetings that record people of that name, not the text:
    a change to people, not to any meeting, so the search is ranked again."""
    with committed():
        make_meeting("Dock review", body="The notes of Lin Quay were read out.")
        attended = make_meeting("Pier review")
    assert listed(client, "Lin Quay")[1] == ["Dock review"]

    with committed():
        person = make_person("Lin Quay")
    with committed():
        make_attendance(attended, person)

    assert listed(client, "Lin Quay")[1] == ["Pier review"]
    assert len(full_rankings) == 2


def test_a_change_whose_meetings_are_not_known_ranks_the_search_again(
    client, harbour, committed, full_rankings
):
    listed(client, "harbour")
    page_cache.bump()  # as a scheduled publication, or a retried bump, starts one

    assert listed(client, "harbour")[0] == 9
    assert len(full_rankings) == 2


def test_a_later_page_whose_results_an_edit_left_unknown_is_ranked_again(
    client, db, committed, monkeypatch, full_rankings
):
    """Only the first results are kept with what they are sorted by. A changed meeting
    that sorts after them may belong anywhere among the later ones, which are then
    ranked again when a page of them is asked for."""
    monkeypatch.setattr(results, "KEYED", 5)
    with committed():
        meetings = [
            make_meeting(f"Harbour patrol {n}", held_on=DAY + datetime.timedelta(days=n))
            for n in range(45)
        ]
    assert len(listed(client, "harbour", sort="newest", page=3)[1]) == 5

    with committed():
        edit(meetings[30], held_on=datetime.date(2020, 1, 1))  # now the oldest
    count, titles = listed(client, "harbour", sort="newest", page=3)

    assert titles[-1] == "Harbour patrol 30"
    assert (200, count, titles) == afresh(client, "harbour", sort="newest", page=3)
    assert len(full_rankings) == 2 + 1  # and the one afresh


def test_after_any_run_of_edits_the_kept_results_read_as_a_fresh_search(
    client, db, committed, monkeypatch, full_rankings, settings
):
    """Edits come one, two or three at a time between searches, so that a kept ranking
    is brought across several changes at once."""
    settings.SEARCH_RATE_PER_MINUTE = 10_000
    monkeypatch.setattr(results, "KEYED", 7)
    rng = random.Random(7)
    titles = ["Harbour works", "Harbour and harbour wall", "Harbour wall", "Road works"]
    with committed():
        meetings = [
            make_meeting(rng.choice(titles), held_on=DAY + datetime.timedelta(days=day))
            for day in (rng.randrange(30) for _n in range(60))
        ]
    searches = [("harbour", 1), ("harbour", 2), ("harbour", 3), ("wall harbour", 1)]
    for query, page in searches:
        seen(client, query, page=page)
    ranked_again = 0
    for step in range(20):
        for _edit in range(rng.randint(1, 3)):
            with committed():
                meeting = rng.choice(meetings)
                change = rng.choice(["title", "day", "withdraw", "publish"])
                if change == "title":
                    edit(meeting, title=rng.choice(titles))
                elif change == "day":
                    edit(meeting, held_on=DAY + datetime.timedelta(days=rng.randrange(30)))
                elif change == "withdraw":
                    edit(meeting, status="withdrawn", withdrawn_reason="Withdrawn.")
                else:
                    edit(meeting, status="published")
        ranked_before = len(full_rankings)
        kept = [seen(client, query, page=page) for query, page in searches]
        ranked_again += len(full_rankings) - ranked_before
        fresh = [afresh(client, query, page=page) for query, page in searches]
        assert kept == fresh, f"after step {step}"
        assert kept[0][0] == 200 and kept[3][0] == 200  # first pages, never empty here
    if updates_alone():  # most were brought up to date, not ranked again
        assert ranked_again < 20 * len(searches) / 2


def test_with_replicas_a_search_ranked_just_after_a_change_is_not_kept(
    client, harbour, committed, settings, full_rankings
):
    """Only the meetings changed later are ever looked at again: a ranking read from a
    replica that had not caught up would stay behind."""
    settings.REPLICA_DATABASES = ["default"]  # the router then reads from "default" itself
    meetings, _others = harbour
    with committed():
        edit(meetings[0], title="Harbour inspection, revised")
    listed(client, "harbour")
    listed(client, "harbour")
    assert len(full_rankings) == 2, "a replica might have lagged: ranked again"

    settings.REPLICA_LAG_SECONDS = 0
    listed(client, "harbour")
    listed(client, "harbour")
    assert len(full_rankings) == 3, "once replicas have caught up, the ranking is kept"


def test_a_publication_time_that_arrives_unnoticed_is_caught_by_the_next_change(
    client, harbour, committed
):
    """The cache may lose the time a scheduled publication is due, so that no new
    generation starts when it arrives; the next change still brings it in."""
    due = timezone.now() + datetime.timedelta(minutes=5)
    with committed():
        make_meeting("Harbour review, scheduled", published=False, status="published")
        Meeting.objects.filter(title="Harbour review, scheduled").update(published_at=due)
    _meetings, (budget, _forestry) = harbour
    assert listed(client, "harbour")[0] == 9

    with mock.patch("django.utils.timezone.now", return_value=due + datetime.timedelta(seconds=1)):
        page_cache.cache.delete(page_cache.NEXT_DUE_KEY)
        with committed():
            edit(budget, title="Budget meeting, revised")
        count, titles = listed(client, "harbour")

    assert count == 10
    assert "Harbour review, scheduled" in titles


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_outside_a_transaction_that_fails_halfway_is_still_seen(client):
    """Outside a transaction a save is committed before the receivers that name its
    meeting run: if one of them fails, the search must not be taken as unchanged."""
    meetings = [make_meeting(f"Harbour survey {n}") for n in range(3)]
    assert listed(client, "harbour")[0] == 3

    failing = mock.patch.object(
        signals.ArticleVersion.objects, "raise_for", side_effect=RuntimeError("gone")
    )
    with failing, pytest.raises(RuntimeError):
        edit(meetings[0], status="withdrawn", withdrawn_reason="Filed twice.")

    count, titles = listed(client, "harbour")
    assert count == 2
    assert "Harbour survey 0" not in titles


def test_a_change_to_more_meetings_than_are_kept_ranks_the_search_again(
    client, harbour, committed, monkeypatch, full_rankings
):
    monkeypatch.setattr(page_cache, "MAX_CHANGES_KEPT", 2)
    meetings, _others = harbour
    listed(client, "harbour")
    with committed():
        for meeting in meetings[:3]:
            edit(meeting, title=f"Quay {meeting.title}")

    assert listed(client, "harbour")[0] == 9
    assert len(full_rankings) == 2


def test_a_lost_record_of_one_change_among_several_ranks_the_search_again(
    client, harbour, committed, full_rankings
):
    meetings, _others = harbour
    listed(client, "harbour")
    before = page_cache.generation()
    with committed():
        edit(meetings[0], title="Quay inspection")
    with committed():
        edit(meetings[1], title="Harbour inspection, revised")
    page_cache.cache.delete(page_cache.CHANGES_KEY.format(before + 1))

    count, titles = listed(client, "harbour")

    assert count == 8
    assert "Quay inspection" not in titles
    assert len(full_rankings) == 2


def test_with_replicas_and_no_time_of_the_last_change_a_full_ranking_is_not_kept(
    client, harbour, settings, full_rankings
):
    settings.REPLICA_DATABASES = ["default"]
    settings.REPLICA_LAG_SECONDS = 0
    page_cache.cache.delete(page_cache.CHANGED_AT_KEY)  # lost: it may have been just now
    listed(client, "harbour")
    listed(client, "harbour")
    assert len(full_rankings) == 2


def test_a_change_committed_before_its_generation_starts_is_not_taken_as_unchanged(
    client, db, committed, monkeypatch, settings
):
    """The first update reads the sort values of the first results, which have not
    changed as far as the kept ranking knows. One may have, committed by a change whose
    new generation has not started yet: the search is then ranked again."""
    monkeypatch.setattr(results, "KEYED", 5)
    with committed():
        meetings = [
            make_meeting(f"Harbour patrol {n}", held_on=DAY + datetime.timedelta(days=n))
            for n in range(45)
        ]
    listed(client, "harbour", sort="newest")
    newest = meetings[-1]
    Meeting.objects.filter(pk=newest.pk).update(held_on=datetime.date(2000, 1, 1))  # no bump
    with committed():
        edit(meetings[0], title="Harbour patrol, first")

    count, titles = listed(client, "harbour", sort="newest", page=3)

    assert titles[-1] == "Harbour patrol 44"
    assert (200, count, titles) == afresh(client, "harbour", sort="newest", page=3)


def test_with_replicas_after_the_cache_lost_everything_rankings_are_kept_once_lag_is_past(
    client, harbour, settings, full_rankings
):
    settings.REPLICA_DATABASES = ["default"]
    page_cache.cache.clear()  # Redis lost its data: a change may have been just now
    listed(client, "harbour")
    listed(client, "harbour")
    assert len(full_rankings) == 2

    settings.REPLICA_LAG_SECONDS = 0
    listed(client, "harbour")
    listed(client, "harbour")
    assert len(full_rankings) == 3


def test_without_a_shared_generation_no_ranking_is_kept(client, harbour, settings):
    """In local memory each worker, and each command, has its own generation: a change
    made by another (withdrawn here without this process hearing of it) must not leave
    this process serving a ranking it kept."""
    settings.GENERATION_IS_SHARED = False
    first = client.get(LIST, {"q": "harbour"}).context["page_obj"]
    assert first.paginator.count > 1
    withdrawn = first.object_list[0]
    Meeting.objects.filter(pk=withdrawn.pk).update(status=Meeting.Status.WITHDRAWN)
    again = client.get(LIST, {"q": "harbour"}).context["page_obj"]
    assert again.paginator.count == first.paginator.count - 1
    assert withdrawn.pk not in [meeting.pk for meeting in again.object_list]
