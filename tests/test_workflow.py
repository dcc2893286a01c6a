"""Nothing is published before a publisher approves it: the two roles, through the admin."""

import datetime
from unittest import mock

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from meetings.models import AssessmentReport, Meeting
from tests.admin_forms import meeting_post_data, report_post_data
from tests.factories import (
    make_attendance,
    make_column,
    make_meeting,
    make_person,
    make_report,
    make_result,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:meetings_meeting_changelist")
ADD = reverse("admin:meetings_meeting_add")
REPORT_ADD = reverse("admin:meetings_assessmentreport_add")


def change_url(meeting):
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def new_meeting_data(column, status):
    meeting = Meeting(
        title="Flood control meeting",
        slug="flood-control-meeting",
        held_on=datetime.date(2024, 6, 1),
        column=column,
        summary="On June 1, the county held a flood control meeting.",
        status=status,
        language="en",
    )
    data = meeting_post_data(meeting)
    data.pop("version_seen")
    return data


def run_action(client, action, *meetings):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [str(m.pk) for m in meetings], "index": "0"},
    )


def test_an_editor_creates_a_draft_and_submits_it_for_review(make_staff):
    editor = make_staff("Editor")
    response = editor.post(ADD, new_meeting_data(make_column(), "draft"))
    assert response.status_code == 302
    meeting = Meeting.objects.get(slug="flood-control-meeting")
    assert meeting.status == "draft"
    run_action(editor, "submit_for_review", meeting)
    meeting.refresh_from_db()
    assert meeting.status == "review"


def test_an_editor_cannot_publish_through_the_form(make_staff):
    editor = make_staff("Editor")
    response = editor.post(ADD, new_meeting_data(make_column(), "published"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_editor_cannot_publish_through_the_action(make_staff):
    editor = make_staff("Editor")
    meeting = make_meeting(published=False, status="review")
    assert (
        "publish"
        not in editor.get(CHANGELIST).context["action_form"].fields["action"].choices.__repr__()
    )
    run_action(editor, "publish", meeting)
    meeting.refresh_from_db()
    assert meeting.status == "review"


def test_an_editor_can_only_view_a_published_meeting(make_staff):
    editor = make_staff("Editor")
    meeting = make_meeting()
    page = editor.get(change_url(meeting))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode(), "no save button"
    data = meeting_post_data(meeting, title="Changed by an editor")
    assert editor.post(change_url(meeting), data).status_code == 403
    meeting.refresh_from_db()
    assert meeting.title != "Changed by an editor"


def test_an_editor_cannot_delete_a_meeting(make_staff):
    editor = make_staff("Editor")
    meeting = make_meeting(published=False)
    response = editor.post(
        reverse("admin:meetings_meeting_delete", args=[meeting.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_publisher_publishes_what_is_in_review(client, make_staff):
    publisher = make_staff("Publisher")
    meeting = make_meeting(published=False, status="review")
    assert client.get(meeting.get_absolute_url()).status_code == 404
    run_action(publisher, "publish", meeting)
    meeting.refresh_from_db()
    assert meeting.status == "published"
    assert meeting.published_at is not None
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_a_publisher_schedules_publication_and_it_happens_without_a_job(client, make_staff):
    publisher = make_staff("Publisher")
    meeting = make_meeting(published=False, status="review")
    due = timezone.localtime() + datetime.timedelta(days=1)
    data = meeting_post_data(
        meeting,
        status="published",
        published_at_0=due.strftime("%Y-%m-%d"),
        published_at_1=due.strftime("%H:%M:%S"),
    )
    assert publisher.post(change_url(meeting), data).status_code == 302
    assert client.get(meeting.get_absolute_url()).status_code == 404
    later = timezone.now() + datetime.timedelta(days=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_a_publisher_withdraws_with_a_public_correction_notice(client, make_staff):
    publisher = make_staff("Publisher")
    meeting = make_meeting("Meeting on road safety")
    without_reason = meeting_post_data(meeting, status="withdrawn")
    response = publisher.post(change_url(meeting), without_reason)
    assert "Say why the meeting is withdrawn" in response.content.decode()
    data = meeting_post_data(meeting, status="withdrawn", withdrawn_reason="Published in error.")
    assert publisher.post(change_url(meeting), data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.withdrawn_at is not None
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 410
    # A browser asks again next time: published again, the article is back at once.
    assert "max-age=0" in page["Cache-Control"] and "must-revalidate" in page["Cache-Control"]
    html = page.content.decode()
    assert f"Withdrawn on {date_format(timezone.localtime(meeting.withdrawn_at))}" in html
    assert "Published in error." in html
    assert (
        "Meeting on road safety"
        not in client.get(reverse("meetings:meeting_list")).content.decode()
    )


def test_a_meeting_never_public_cannot_be_withdrawn_and_stays_unknown(client, make_staff):
    publisher = make_staff("Publisher")
    draft = make_meeting("Draft on road safety", published=False)
    data = meeting_post_data(draft, status="withdrawn", withdrawn_reason="Not needed.")
    response = publisher.post(change_url(draft), data)
    assert "Only a published meeting can be withdrawn" in response.content.decode()
    assert Meeting.objects.get(pk=draft.pk).status == "draft"

    # Withdrawn before its publication time came, as an import may have it.
    later = timezone.now() + datetime.timedelta(days=3)
    scheduled = make_meeting("Scheduled on road safety", published_at=later, status="withdrawn")
    Meeting.objects.filter(pk=scheduled.pk).update(withdrawn_at=timezone.now())
    for meeting in (draft, scheduled):
        Meeting.objects.filter(pk=meeting.pk).update(status="withdrawn")
        assert client.get(meeting.get_absolute_url()).status_code == 404


def test_staff_preview_a_meeting_in_review(make_staff):
    editor = make_staff("Editor")
    meeting = make_meeting("Preview me", published=False, status="review")
    response = editor.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this meeting is not public yet" in response.content.decode()


def test_an_article_edited_after_publication_says_revised_on(client, make_staff):
    publisher = make_staff("Publisher")
    meeting = make_meeting("Key work meeting")
    make_attendance(meeting, title="county head")
    assert "Revised on" not in client.get(meeting.get_absolute_url()).content.decode()
    data = meeting_post_data(meeting, summary="A corrected lead.")
    assert publisher.post(change_url(meeting), data).status_code == 302
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Revised on" in html and "A corrected lead." in html


def test_editing_a_draft_is_not_a_revision(client, make_staff):
    publisher = make_staff("Publisher")
    meeting = make_meeting(published=False)
    publisher.post(change_url(meeting), meeting_post_data(meeting, summary="Still a draft."))
    run_action(publisher, "publish", meeting)
    assert "Revised on" not in client.get(meeting.get_absolute_url()).content.decode()


def test_an_editor_cannot_add_a_report_to_a_published_meeting_on_the_report_page(make_staff):
    editor = make_staff("Editor")
    meeting = make_meeting("Safety meeting")
    report = AssessmentReport(meeting=meeting, reporter=make_person(), subject="the safety results")
    response = editor.post(REPORT_ADD, report_post_data(report))
    assert response.status_code == 200
    assert "only a publisher can add a report to it" in response.content.decode()
    assert not meeting.reports.exists()


def test_an_editor_cannot_move_a_report_into_a_published_meeting(make_staff):
    editor = make_staff("Editor")
    published, draft = make_meeting("Published meeting"), make_meeting(published=False)
    report = make_report(draft)
    url = reverse("admin:meetings_assessmentreport_change", args=[report.pk])
    response = editor.post(url, report_post_data(report, meeting=str(published.pk)))
    assert (
        "only a publisher can add a report to it or move one into it" in response.content.decode()
    )
    assert not published.reports.exists()


def test_results_changed_on_the_report_page_revise_the_article_and_overtake_open_forms(
    client, make_staff, django_capture_on_commit_callbacks
):
    publisher = make_staff("Publisher")
    with reversion.create_revision():  # as if entered through the admin
        meeting = make_meeting("Safety meeting")
        report = make_report(meeting)
        make_result(report, units_described="two towns", award="red_flag")
        reversion.add_to_revision(meeting)
    opened = meeting_post_data(meeting)  # the meeting's form, opened in another tab

    url = reverse("admin:meetings_assessmentreport_change", args=[report.pk])
    data = report_post_data(report, **{"results-0-award": "yellow_card"})
    with django_capture_on_commit_callbacks(execute=True):
        assert publisher.post(url, data).status_code == 302
    assert "Revised on" in client.get(meeting.get_absolute_url()).content.decode()
    changes = publisher.get(reverse("admin:meetings_meeting_changes", args=[meeting.pk]))
    assert "yellow_card" in changes.content.decode(), "the meeting's history shows the change"

    response = publisher.post(change_url(meeting), opened)
    assert "This meeting was saved elsewhere" in response.content.decode()
    assert report.results.get().award == "yellow_card"


def test_a_report_deleted_on_its_page_revises_the_article(client, make_staff):
    meeting = make_meeting("Safety meeting")
    report = make_report(meeting, subject="the flood season results")
    url = reverse("admin:meetings_assessmentreport_delete", args=[report.pk])
    assert make_staff("Publisher").post(url, {"post": "yes"}).status_code == 302
    article = client.get(meeting.get_absolute_url()).content.decode()
    assert "flood season results" not in article
    assert "Revised on" in article
