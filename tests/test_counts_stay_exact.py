"""Result counts come from denormalised tallies and searches from stored rankings;
a visitor never sees either disagree with what is published."""

import datetime
from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from meetings import signals
from meetings.models import Meeting, MeetingTally
from tests.factories import edit, make_column, make_meeting, make_topic

LIST = reverse("meetings:meeting_list")


def found(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.context["page_obj"].paginator.count


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what a transaction's commit would run (tallies, search index, page cache)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def site(db, on_commit):
    with on_commit():
        parent = make_column("Openness", slug="openness")
        child = make_column("Key projects", slug="key-projects", parent=parent)
        safety = make_topic("Safety production", slug="safety")
        roads = make_topic("Roads", slug="roads")
        make_meeting(
            "Safety 2023", topics=[safety], column=child, held_on=datetime.date(2023, 5, 1)
        )
        make_meeting(
            "Both 2024", topics=[safety, roads], column=child, held_on=datetime.date(2024, 2, 1)
        )
        make_meeting("Roads 2024", topics=[roads], column=parent, held_on=datetime.date(2024, 3, 1))
        make_meeting("Draft", topics=[safety], column=child, published=False)
    return parent, child, safety, roads


def test_counts_by_topic_column_and_year_match_the_meetings_listed(client, site):
    assert found(client) == 3
    assert found(client, topic="safety") == 2
    assert found(client, topic="roads", year=2024) == 2
    assert found(client, column="openness") == 3  # a column counts the columns below it
    assert found(client, column="key-projects", topic="roads") == 1
    assert found(client, year=2022) == 0
    assert found(client, topic=["safety", "roads"]) == 3  # several topics: counted live
    page = client.get(reverse("meetings:topic", kwargs={"slug": "safety"}))
    assert page.context["page_obj"].paginator.count == 2
    home = client.get(reverse("meetings:home")).content.decode()
    assert 'Safety production</a><span class="count"> (2)</span>' in home
    assert 'Roads</a><span class="count"> (2)</span>' in home


def test_publishing_withdrawing_and_retagging_change_the_counts_at_once(client, site, on_commit):
    safety = site[2]
    draft = Meeting.objects.get(title="Draft")
    with on_commit():
        draft.status = Meeting.Status.PUBLISHED
        draft.published_at = timezone.now() - datetime.timedelta(minutes=1)
        draft.save()
    assert found(client, topic="safety") == 3
    with on_commit():
        draft.topics.remove(safety)
    assert found(client, topic="safety") == 2
    with on_commit():
        Meeting.objects.get(title="Safety 2023").delete()
        both = Meeting.objects.get(title="Both 2024")
        both.status = Meeting.Status.WITHDRAWN
        both.save()
    assert found(client, topic="safety") == 0
    assert found(client) == 2


def test_moving_refiling_and_untagging_recount_only_the_months_they_touch(client, site, on_commit):
    parent, _child, safety, _roads = site
    with on_commit():
        make_meeting("Roads 2022", column=parent, held_on=datetime.date(2022, 7, 1))
    july = MeetingTally.objects.get(month=datetime.date(2022, 7, 1), topic=None)
    with on_commit():
        moved = Meeting.objects.get(title="Safety 2023")
        moved.held_on = datetime.date(2024, 2, 10)
        moved.column = parent
        moved.save()
    assert found(client, year=2023) == 0
    assert found(client, year=2024) == 3
    assert found(client, column="openness") == 4
    assert found(client, column="key-projects") == 1
    assert found(client, topic="safety", year=2024) == 2
    with on_commit():
        safety.meetings.clear()
    assert found(client, topic="safety") == 0
    assert found(client, topic="roads") == 2
    assert MeetingTally.objects.filter(pk=july.pk).exists(), (
        "July 2022, which nothing touched, kept its tallies"
    )
    tallies = MeetingTally.objects.order_by("month", "column", "topic")
    recounted = list(tallies.values_list("month", "column", "topic", "meetings"))
    MeetingTally.objects.rebuild()
    assert list(tallies.values_list("month", "column", "topic", "meetings")) == recounted, (
        "every month recounted at once agrees"
    )


def test_a_recount_that_failed_is_done_with_the_next_change(client, site, on_commit, caplog):
    """The editor's change is saved either way: the failure is logged, not shown to them."""
    moved = Meeting.objects.get(title="Safety 2023")
    failing = mock.patch.object(
        MeetingTally.objects, "rebuild", side_effect=DatabaseError("lock timeout")
    )
    with failing, on_commit():
        edit(moved, held_on=datetime.date(2021, 6, 1))
    assert "recount_scheduled failed" in caplog.text
    assert found(client, year=2021) == 0, "not recounted yet"
    with on_commit():
        make_meeting("Roads 2025", held_on=datetime.date(2025, 1, 1))
    assert found(client, year=2023) == 0
    assert found(client, year=2021) == 1


def test_a_meeting_dated_by_text_is_counted(client, site, on_commit):
    with on_commit():
        make_meeting("Dated by text", held_on="2024-03-05")
    assert found(client, year=2024) == 3


def test_a_page_rendered_while_the_change_is_recounted_is_not_kept(
    client, site, page_cache, on_commit
):
    """A visitor who asks for the home page after a meeting is saved but before its
    month is recounted sees the old count, but the next visitor does not."""
    home = reverse("meetings:home")
    assert 'Roads</a><span class="count"> (2)</span>' in client.get(home).content.decode()
    recount = signals.recount_scheduled

    def visited_during_the_recount():
        client.get(home)
        recount()

    visitor = mock.patch.object(signals, "recount_scheduled", visited_during_the_recount)
    with visitor, on_commit():
        make_meeting("Roads 2025", topics=[site[3]], held_on=datetime.date(2025, 1, 1))
    assert 'Roads</a><span class="count"> (3)</span>' in client.get(home).content.decode()


def test_a_scheduled_meeting_is_counted_only_once_its_time_has_come(client, site, on_commit):
    parent, roads = site[0], site[3]
    with on_commit():
        scheduled = make_meeting(
            "Tomorrow's article", topics=[roads], column=parent, held_on=datetime.date(2024, 4, 1)
        )
        scheduled.published_at = timezone.now() + datetime.timedelta(hours=1)
        scheduled.save()
    assert MeetingTally.objects.published_count(topic=roads) == 2
    assert found(client, topic="roads") == 2
    home = client.get(reverse("meetings:home")).content.decode()
    assert 'Roads</a><span class="count"> (2)</span>' in home
    Meeting.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )  # the time passes: no write to the meeting is needed for it to count
    assert found(client, topic="roads") == 3


def test_a_stored_search_is_replaced_as_soon_as_content_changes(client, site, on_commit):
    assert found(client, q="safety") == 2
    with on_commit():
        make_meeting("Safety inspection 2025", held_on=datetime.date(2025, 1, 1))
    response = client.get(LIST, {"q": "safety"})
    assert response.context["page_obj"].paginator.count == 3
    assert "Safety inspection 2025" in response.content.decode()


def test_later_pages_of_a_search_come_from_the_stored_ranking(client, db, on_commit):
    with on_commit():
        for day in range(25):
            make_meeting(f"Harvest review {day}", held_on=datetime.date(2024, 1, 1 + day))
    first = client.get(LIST, {"q": "harvest", "sort": "newest"})
    second = client.get(LIST, {"q": "harvest", "sort": "newest", "page": 2})
    shown = [m.title for m in first.context["page_obj"]] + [
        m.title for m in second.context["page_obj"]
    ]
    assert shown == [f"Harvest review {day}" for day in range(24, -1, -1)]
    assert second.context["page_obj"].paginator.count == 25


def test_a_search_with_more_results_than_are_kept_still_counts_them_all(
    client, db, on_commit, monkeypatch
):
    """Only the first pages of a ranking are stored; the count is of every result."""
    monkeypatch.setattr("meetings.views.browse.MAX_PAGE", 1)  # keep 20 ids
    with on_commit():
        for day in range(23):
            make_meeting(f"Harvest review {day}", held_on=datetime.date(2024, 1, 1 + day))
        make_meeting("Flood control drill", held_on=datetime.date(2024, 2, 1))
    response = client.get(LIST, {"q": "harvest", "sort": "newest"})
    assert response.context["page_obj"].paginator.count == 23
    assert [m.title for m in response.context["page_obj"]] == [
        f"Harvest review {day}" for day in range(22, 2, -1)
    ]
    assert found(client, q="drill") == 1
    assert found(client, q="nothing-of-the-sort") == 0
