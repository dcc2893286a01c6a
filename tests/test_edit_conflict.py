"""Two staff edit the same meeting: the second save is refused and nothing is lost."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.admin_forms import meeting_post_data
from tests.factories import make_attendance, make_meeting, make_person

pytestmark = pytest.mark.django_db


def test_the_second_save_is_refused_and_keeps_its_input(make_staff):
    first, second = make_staff("Publisher", "first"), make_staff("Publisher", "second")
    meeting = make_meeting("Safety meeting", published=False)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    # Both open the form; it carries the version they saw.
    assert 'name="version_seen" value="1"' in first.get(url).content.decode()
    assert 'name="version_seen" value="1"' in second.get(url).content.decode()
    opened = meeting_post_data(meeting)

    assert first.post(url, {**opened, "title": "Safety meeting (first)"}).status_code == 302

    response = second.post(
        url, {**opened, "title": "Safety meeting (second)", "summary": "Second's lead."}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This meeting was saved elsewhere while you were editing it" in html
    assert 'value="Safety meeting (second)"' in html, "the second person's input stays in the form"
    assert "Second&#x27;s lead." in html
    assert Meeting.objects.get(pk=meeting.pk).title == "Safety meeting (first)"

    # Having merged by hand, they save again, now from the current version.
    assert 'name="version_seen" value="2"' in html
    merged = {**opened, "title": "Safety meeting (merged)", "version_seen": "2"}
    assert second.post(url, merged).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.version) == ("Safety meeting (merged)", 3)


def test_every_save_raises_the_version(make_staff):
    publisher = make_staff("Publisher")
    meeting = make_meeting(published=False)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    for expected in (2, 3):
        meeting.refresh_from_db()
        publisher.post(url, meeting_post_data(meeting, summary=f"Edit {expected}"))
        meeting.refresh_from_db()
        assert meeting.version == expected


def test_a_row_deleted_elsewhere_stays_deleted_and_the_merge_can_be_saved(make_staff):
    """One editor deletes an attendee while another edits the meeting. The second, told
    their save was overtaken, can save their merge (the admin no longer shows the row,
    so it could be neither corrected nor removed), and is told which row stayed deleted."""
    first, second = make_staff("Publisher", "first"), make_staff("Publisher", "second")
    meeting = make_meeting("Safety meeting", published=False)
    kept = make_attendance(meeting, make_person("Feng Jie"), order=0)
    gone = make_attendance(meeting, make_person("Li Guoliang"), order=1)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    opened = meeting_post_data(meeting)
    assert opened["attendances-1-id"] == str(gone.pk)

    assert first.post(url, {**opened, "attendances-1-DELETE": "on"}).status_code == 302
    assert list(meeting.attendances.all()) == [kept]

    edited = {**opened, "title": "Safety meeting (second)"}
    refused = second.post(url, edited).content.decode()
    assert "This meeting was saved elsewhere while you were editing it" in refused
    current = {**edited, "version_seen": str(Meeting.objects.get(pk=meeting.pk).version)}
    # The page shown lists the rows there are: the deleted one is no longer sent back.
    resent = {k: v for k, v in current.items() if not k.startswith("attendances-1-")}
    saved = second.post(url, resent, follow=True)
    assert saved.redirect_chain, saved.content.decode()[:3000]
    meeting.refresh_from_db()
    assert meeting.title == "Safety meeting (second)"
    assert list(meeting.attendances.all()) == [kept]
    assert "had been deleted elsewhere since you opened it, and it stays deleted" in (
        saved.content.decode()
    )
    # Sent back as it was opened, the row is named in the message.
    again = second.post(url, {**current, "version_seen": str(meeting.version)}, follow=True)
    assert "stays deleted: Li Guoliang – attended the meeting." in again.content.decode()
    assert list(meeting.attendances.all()) == [kept]
