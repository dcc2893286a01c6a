"""Cached public pages: served without queries, and never stale after a change."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.factories import make_meeting

LIST = reverse("meetings:meeting_list")


pytestmark = pytest.mark.django_db


def test_a_cached_page_is_served_without_queries(
    client, page_cache, committed, django_assert_num_queries
):
    with committed():
        meeting = make_meeting("Cached meeting")
    first = client.get(meeting.get_absolute_url())
    assert first.status_code == 200 and first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(meeting.get_absolute_url())
    assert again.content == first.content


def test_an_edit_shows_at_once(client, page_cache, committed):
    with committed():
        meeting = make_meeting("Before the edit")
    assert "Before the edit" in client.get(meeting.get_absolute_url()).content.decode()
    with committed():
        meeting.title = "After the edit"
        meeting.save()
    assert "After the edit" in client.get(meeting.get_absolute_url()).content.decode()
    assert "After the edit" in client.get(LIST).content.decode()


def test_publishing_and_withdrawing_show_at_once(client, page_cache, committed):
    with committed():
        draft = make_meeting("Soon public", published=False)
    assert "Soon public" not in client.get(LIST).content.decode()
    with committed():
        draft.status, draft.published_at = Meeting.Status.PUBLISHED, timezone.now()
        draft.save()
    assert "Soon public" in client.get(LIST).content.decode()
    with committed():
        draft.status, draft.withdrawn_reason = Meeting.Status.WITHDRAWN, "In error."
        draft.save()
    assert client.get(draft.get_absolute_url()).status_code == 410
    assert "Soon public" not in client.get(LIST).content.decode()


def test_a_scheduled_publication_appears_when_due_without_any_write(client, page_cache, committed):
    due = timezone.now() + datetime.timedelta(minutes=5)
    with committed():
        make_meeting(
            "Scheduled meeting", status=Meeting.Status.PUBLISHED, published=False, published_at=due
        )
    assert "Scheduled meeting" not in client.get(LIST).content.decode()
    later = due + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Scheduled meeting" in client.get(LIST).content.decode()


def test_a_conditional_get_is_answered_304_without_rendering(
    client, page_cache, committed, django_assert_num_queries
):
    with committed():
        meeting = make_meeting("Conditional meeting")
    etag = client.get(meeting.get_absolute_url())["ETag"]
    with django_assert_num_queries(0):
        response = client.get(meeting.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 200  # not cached yet
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with committed():
        meeting.summary = "Changed."
        meeting.save()
    assert client.get(meeting.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_staff_previews_are_never_cached(admin_client, client, page_cache, committed):
    with committed():
        draft = make_meeting("Staff only", published=False)
    assert admin_client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_errors_are_not_cached(client, page_cache):
    assert client.get(LIST + "?date_from=bad").status_code == 400
    assert client.get(LIST).status_code == 200


def test_generated_meetings_show_at_once(client, page_cache):
    from django.core.management import call_command

    before = client.get(LIST).content.decode()
    assert "0 meetings found" in before
    call_command("seed_demo", meetings=5, seed=2, verbosity=0)
    assert "0 meetings found" not in client.get(LIST).content.decode()
