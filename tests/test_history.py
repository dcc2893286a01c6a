"""Every change is recorded with who and when, compared with the version before, restorable."""

import re

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from meetings.models import AssessmentReport, Attendance, Meeting, Person
from tests.admin_forms import meeting_post_data, submitted
from tests.factories import make_column, make_meeting, make_person, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(make_staff, django_capture_on_commit_callbacks):
    """A meeting saved twice by a publisher: its title changed, then an attendee added."""
    publisher = make_staff("Publisher", "li.publisher")
    with reversion.create_revision():  # as if entered through the admin
        meeting = make_meeting("Original title", published=False)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    person = make_person("Feng Jie")
    with django_capture_on_commit_callbacks(execute=True):
        publisher.post(url, meeting_post_data(meeting, title="Second title"))
        meeting.refresh_from_db()
        data = meeting_post_data(meeting)
        data.update(
            {
                "attendances-TOTAL_FORMS": "1",
                "attendances-0-order": "0",
                "attendances-0-person": str(person.pk),
                "attendances-0-role": "presided",
                "attendances-0-title": "county head",
                "attendances-0-organization": "",
            }
        )
        assert publisher.post(url, data).status_code == 302
    meeting.refresh_from_db()
    return publisher, meeting


def test_changes_are_listed_with_who_and_when_and_compared(edited):
    publisher, meeting = edited
    page = publisher.get(reverse("admin:meetings_meeting_changes", args=[meeting.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert len(re.findall(r"<h2 id=\"version-\d+\">[^<]*li\.publisher", html)) == 2
    assert len(re.findall(r"<h2 id=\"version-\d+\">", html)) == 3
    assert "<td>title</td><td>Original title</td><td>Second title</td>" in html
    assert 'Attendance: Feng Jie – presided over the meeting</td><td colspan="3">added' in html


def test_a_publisher_restores_an_earlier_version_with_its_rows(client, edited):
    publisher, meeting = edited
    first = Version.objects.get_for_object(meeting).order_by("pk").first()
    url = reverse("admin:meetings_meeting_revision", args=[meeting.pk, first.pk])
    assert publisher.get(url).status_code == 200
    # The form shows the version restored; saving it makes that the meeting again.
    restored_version = str(first.field_dict["version"])
    data = meeting_post_data(meeting, title="Original title", version_seen=restored_version)
    data.update({"attendances-TOTAL_FORMS": "0", "attendances-INITIAL_FORMS": "0"})
    response = publisher.post(url, data)
    assert response.status_code == 302
    restored = Meeting.objects.get(pk=meeting.pk)
    assert restored.title == "Original title"
    assert not Attendance.objects.filter(meeting=restored).exists(), (
        "the attendee added later is gone"
    )
    assert restored.version > meeting.version, "a restored meeting never reuses a version number"


def test_editors_cannot_restore(make_staff, edited):
    _, meeting = edited
    editor = make_staff("Editor")
    first = Version.objects.get_for_object(meeting).order_by("pk").first()
    url = reverse("admin:meetings_meeting_revision", args=[meeting.pk, first.pk])
    assert editor.get(url).status_code == 403


def test_a_deleted_meeting_is_recovered_with_its_rows(
    client, edited, django_capture_on_commit_callbacks
):
    publisher, meeting = edited
    delete = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert publisher.post(delete, {"post": "yes"}).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()

    listing = publisher.get(reverse("admin:meetings_meeting_recoverlist"))
    assert "Second title" in listing.content.decode()
    version = Version.objects.get_deleted(Meeting).get(object_id=str(meeting.pk))
    recover = reverse("admin:meetings_meeting_recover", args=[version.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher.post(recover, meeting_post_data(meeting))
    assert response.status_code == 302
    recovered = Meeting.objects.get(pk=meeting.pk)
    assert recovered.title == "Second title"
    assert [a.person.name for a in recovered.attendances.all()] == ["Feng Jie"]
    assert recovered in Meeting.objects.search("Second title") or recovered.status != "published"


def restore_url(meeting, version):
    return reverse("admin:meetings_meeting_revision", args=[meeting.pk, version.pk])


def restore(publisher, meeting, version):
    """Open the version's restore form and save it as shown."""
    page = publisher.get(restore_url(meeting, version))
    assert page.status_code == 200
    return page, publisher.post(restore_url(meeting, version), submitted(page))


def test_restoring_one_meeting_of_a_bulk_publication_leaves_the_others_as_they_are(
    client, make_staff, django_capture_on_commit_callbacks
):
    publisher = make_staff("Publisher")
    first = make_meeting("First draft", published=False, location="Town hall")
    second = make_meeting("Second draft", published=False, location="Town hall")
    with django_capture_on_commit_callbacks(execute=True):
        publisher.post(
            reverse("admin:meetings_meeting_changelist"),
            {"action": "publish", "_selected_action": [first.pk, second.pk], "index": "0"},
        )
    published = Version.objects.get_for_object(first).get()  # one revision holds both
    assert Version.objects.get_for_object(second).get().revision == published.revision
    second.refresh_from_db()
    change = reverse("admin:meetings_meeting_change", args=[second.pk])
    with django_capture_on_commit_callbacks(execute=True):
        publisher.post(change, meeting_post_data(second, location="County hall"))
    second.refresh_from_db()
    first.refresh_from_db()
    Meeting.objects.filter(pk=first.pk).update(location="Edited without the admin")

    with django_capture_on_commit_callbacks(execute=True):
        _page, response = restore(publisher, first, published)
    assert response.status_code == 302
    assert Meeting.objects.get(pk=first.pk).location == "Town hall"
    assert "Revised on" in client.get(first.get_absolute_url()).content.decode()
    untouched = Meeting.objects.get(pk=second.pk)
    assert untouched.location == "County hall", "the other meeting keeps its later edit"
    assert untouched.version == second.version


def test_restoring_names_the_person_a_recorded_attendee_was_merged_into(
    make_staff, django_capture_on_commit_callbacks
):
    publisher = make_staff("Publisher")
    kept = make_person("Liu Jie", slug="liu-jie")
    twin = make_person("Liu Jie (2)", slug="liu-jie-2")
    with reversion.create_revision():
        meeting = make_meeting("Safety meeting", published=False)
        Attendance.objects.create(meeting=meeting, person=twin, role="speech", title="deputy head")
        Attendance.objects.create(meeting=meeting, person=kept, role="attended")
        reversion.add_to_revision(meeting)
    recorded = Version.objects.get_for_object(meeting).get()
    people = reverse("admin:meetings_person_changelist")
    merge = {"action": "merge", "_selected_action": [kept.pk, twin.pk], "kept": kept.pk}
    assert publisher.post(people, {**merge, "confirm": "yes"}).status_code == 302
    Attendance.objects.filter(meeting=meeting).delete()

    with django_capture_on_commit_callbacks(execute=True):
        page, response = restore(publisher, meeting, recorded)
    assert "has since been merged into Liu Jie" in page.content.decode()
    assert response.status_code == 302
    rows = Attendance.objects.filter(meeting=meeting).order_by("role")
    assert [(a.person, a.role, a.title) for a in rows] == [
        (kept, "attended", ""),
        (kept, "speech", "deputy head"),
    ]
    assert list(Person.objects.filter(name__startswith="Liu Jie")) == [kept], (
        "the person merged away is not brought back"
    )


def test_a_version_naming_a_deleted_column_is_not_restored(
    make_staff, django_capture_on_commit_callbacks
):
    publisher = make_staff("Publisher")
    old_column, new_column = make_column("Old column"), make_column("New column")
    with reversion.create_revision():
        meeting = make_meeting("Moved meeting", published=False, column=old_column)
    recorded = Version.objects.get_for_object(meeting).get()
    Meeting.objects.filter(pk=meeting.pk).update(column=new_column)
    old_column.delete()

    response = publisher.get(restore_url(meeting, recorded), follow=True)
    assert "its column has since been deleted" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).column == new_column


def test_an_editor_cannot_take_a_report_out_of_a_published_meeting_by_restoring_it(make_staff):
    draft, published = make_meeting("Draft", published=False), make_meeting("Published")
    with reversion.create_revision():
        report = make_report(draft, subject="the flood season results")
    recorded = Version.objects.get_for_object(report).get()
    AssessmentReport.objects.filter(pk=report.pk).update(meeting=published)

    editor = make_staff("Editor")
    url = reverse("admin:meetings_assessmentreport_revision", args=[report.pk, recorded.pk])
    assert editor.get(url).status_code == 403
    assert editor.post(url, {}).status_code == 403
    assert AssessmentReport.objects.get(pk=report.pk).meeting == published


def test_a_restored_report_revises_its_public_meeting_and_overtakes_open_forms(
    client, make_staff, django_capture_on_commit_callbacks
):
    publisher = make_staff("Publisher")
    meeting = make_meeting("Safety meeting")
    with reversion.create_revision():
        report = make_report(meeting, subject="the first subject")
    recorded = Version.objects.get_for_object(report).get()
    AssessmentReport.objects.filter(pk=report.pk).update(subject="a later subject")
    opened = meeting_post_data(Meeting.objects.get(pk=meeting.pk))

    url = reverse("admin:meetings_assessmentreport_revision", args=[report.pk, recorded.pk])
    page = publisher.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher.post(url, submitted(page, form_id="assessmentreport_form"))
    assert response.status_code == 302
    assert AssessmentReport.objects.get(pk=report.pk).subject == "the first subject"
    assert "Revised on" in client.get(meeting.get_absolute_url()).content.decode()
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert "This meeting was saved elsewhere" in publisher.post(change, opened).content.decode()


def test_a_restore_the_database_refuses_is_a_message_and_a_row_moved_since_stays(
    make_staff,
):
    publisher = make_staff("Publisher")
    with reversion.create_revision():
        meeting = make_meeting("Old title", published=False, slug="the-slug")
        report = make_report(meeting, subject="moved later")
        reversion.add_to_revision(meeting)
    recorded = Version.objects.get_for_object(meeting).get()
    other = make_meeting("Other meeting", published=False)
    AssessmentReport.objects.filter(pk=report.pk).update(meeting=other)

    page, response = restore(publisher, meeting, recorded)
    assert "moved later" in page.content.decode() and "stays there" in page.content.decode()
    assert response.status_code == 302
    assert AssessmentReport.objects.get(pk=report.pk).meeting == other

    Meeting.objects.filter(pk=meeting.pk).update(slug="a-new-slug")
    make_meeting("Took the slug", slug="the-slug")
    response = publisher.get(restore_url(meeting, recorded), follow=True)
    assert "cannot be restored as it was" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).slug == "a-new-slug"


def test_moving_a_meeting_to_another_day_lists_the_day_alone_as_changed(
    edited, django_capture_on_commit_callbacks
):
    """Its attendance rows keep a copy of the day (models/meeting_copies.py), which is
    the meeting's change, not theirs."""
    publisher, meeting = edited
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        moved = meeting_post_data(meeting, held_on="2023-01-09")
        assert publisher.post(url, moved).status_code == 302
        # Saved once more: a version records the rows as its save found them, so the
        # copies moved by the first save would show as this version's change.
        meeting.refresh_from_db()
        assert publisher.post(url, meeting_post_data(meeting, title="Third")).status_code == 302
    html = publisher.get(reverse("admin:meetings_meeting_changes", args=[meeting.pk]))
    text = html.content.decode()
    assert "<td>held_on</td>" in text
    assert "meeting_held_on" not in text and "meeting_public_from" not in text
