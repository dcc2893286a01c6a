"""What the database refuses, and what the models answer."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from meetings.models import AssessmentResult, Attendance, Column, Meeting
from tests.factories import (
    make_attendance,
    make_column,
    make_directive,
    make_meeting,
    make_organization,
    make_person,
    make_report,
    make_result,
    make_topic,
)

pytestmark = pytest.mark.django_db


def test_one_attendance_per_person_and_role_in_a_meeting():
    meeting, person = make_meeting(), make_person()
    Attendance.objects.create(meeting=meeting, person=person, role="attended")
    Attendance.objects.create(meeting=meeting, person=person, role="speech")  # another role is fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, person=person, role="attended")


@pytest.mark.parametrize("make", [make_column, make_topic, make_person, make_organization])
def test_slugs_are_unique(make):
    make(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make(slug="same")


def test_meeting_slugs_are_unique():
    make_meeting(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_meeting(slug="same")


def test_a_result_must_name_or_describe_its_unit():
    report = make_report(make_meeting())
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentResult.objects.create(report=report, award="red_flag")
    assert make_result(report, units_described="two towns").unit_name == "two towns"


def test_an_organization_has_one_result_per_report():
    report, town = make_report(make_meeting()), make_organization()
    make_result(report, organization=town)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_result(report, organization=town)


def test_published_means_published_and_due():
    import datetime

    from django.utils import timezone

    visible = make_meeting()
    make_meeting(published=False)
    make_meeting(published_at=timezone.now() + datetime.timedelta(days=1))
    make_meeting(status=Meeting.Status.PUBLISHED, published_at=None)
    assert list(Meeting.objects.published()) == [visible]


def test_column_path_and_descendants():
    root = make_column("Government Affairs Openness")
    child = make_column("Key Projects", parent=root)
    grandchild = make_column("Roads", parent=child)
    assert grandchild.path() == [root, child, grandchild]
    assert set(root.descendant_ids()) == {root.pk, child.pk, grandchild.pk}
    read_with_ancestors = Column.objects.select_related("parent__parent").get(pk=grandchild.pk)
    assert read_with_ancestors.path() == [root, child, grandchild]


def test_a_column_path_ends_even_in_a_loop_of_columns():
    """The admin cannot make one, but a path must never loop forever on bad data."""
    first = make_column("First")
    second = make_column("Second", parent=first)
    Column.objects.filter(pk=first.pk).update(parent=second)
    assert Column.objects.get(pk=second.pk).path() == [first, second]
    looped = Column.objects.select_related("parent__parent").get(pk=second.pk)
    assert looped.path() == [first, second]


def test_every_model_has_a_readable_name():
    meeting = make_meeting("Key work meeting")
    person = make_person("Feng Jie")
    attendance = Attendance.objects.create(meeting=meeting, person=person, role="speech")
    assert str(meeting) == "Key work meeting"
    assert str(attendance) == "Feng Jie – attended and made a speech"


def test_two_records_given_one_slug_at_once_are_both_saved(db, monkeypatch):
    """Two editors save a Chinese-titled meeting of one day at the same moment: both
    looked before either wrote, so both chose one slug; the second takes the next."""
    from meetings.models import slugs

    first = make_meeting("全县重点工作推进会", slug="", held_on=datetime.date(2022, 9, 30))
    assert first.slug == "meeting-2022-09-30"
    looks = []

    def looked_before_the_first_was_written(record, text, fallback):
        looks.append(record.slug)
        if len(looks) == 1:
            record.slug = "meeting-2022-09-30"
        else:
            real_fill_slug(record, text, fallback)

    real_fill_slug = slugs.fill_slug
    monkeypatch.setattr(slugs, "fill_slug", looked_before_the_first_was_written)
    second = make_meeting("全县重点工作推进会", slug="", held_on=datetime.date(2022, 9, 30))
    assert second.slug == "meeting-2022-09-30-2" and len(looks) == 2


def test_a_meeting_dumped_and_loaded_as_a_fixture_keeps_its_rows_copies(db, tmp_path):
    """loaddata saves raw, an attendance row before its meeting: the row cannot read
    its meeting yet, and the meeting passes its day and publication on as it loads."""
    from django.core.management import call_command

    meeting = make_meeting(held_on=datetime.date(2023, 5, 5))
    make_attendance(meeting)
    fixture = tmp_path / "meetings.json"
    call_command("dumpdata", "meetings.attendance", "meetings.meeting", output=str(fixture))
    Meeting.objects.all().delete()
    call_command("loaddata", str(fixture), verbosity=0)
    row, loaded = Attendance.objects.get(), Meeting.objects.get()
    assert row.meeting_held_on == datetime.date(2023, 5, 5)
    assert row.meeting_public_from == loaded.published_at is not None


def test_the_migration_gives_the_rows_there_are_their_meetings_copies(db, monkeypatch):
    """Migration 0018 copies each row's meeting's day and publication, batch by batch."""
    import importlib

    from django.apps import apps

    from meetings.models import Directive

    migration = importlib.import_module("meetings.migrations.0018_meeting_copies_on_rows")
    monkeypatch.setattr(migration, "BATCH", 2)  # rows in several batches
    public = make_meeting(held_on=datetime.date(2021, 6, 1))
    draft = make_meeting(held_on=datetime.date(2022, 7, 2), published=False)
    for meeting in (public, draft, public):
        make_attendance(meeting)
    make_directive(public, make_person())
    for rows in (Attendance.objects, Directive.objects):  # as they were before it
        rows.update(meeting_held_on=None, meeting_public_from=None)
    migration.copy_meetings(apps, None)
    copied = sorted(
        Attendance.objects.values_list("meeting_id", "meeting_held_on", "meeting_public_from")
    )
    assert copied == sorted(
        [
            (public.pk, datetime.date(2021, 6, 1), public.published_at),
            (public.pk, datetime.date(2021, 6, 1), public.published_at),
            (draft.pk, datetime.date(2022, 7, 2), None),
        ]
    )
    directive = Directive.objects.get()
    assert (directive.meeting_held_on, directive.meeting_public_from) == (
        datetime.date(2021, 6, 1),
        public.published_at,
    )


def test_the_migration_gives_the_reports_there_are_their_meetings_copies(db, monkeypatch):
    """Migration 0030 copies each report's meeting's day and publication, batch by batch."""
    import importlib

    from django.apps import apps

    from meetings.models import AssessmentReport

    migration = importlib.import_module("meetings.migrations.0030_report_meeting_copies")
    monkeypatch.setattr(migration, "BATCH", 2)  # reports in several batches
    public = make_meeting(held_on=datetime.date(2021, 6, 1))
    draft = make_meeting(held_on=datetime.date(2022, 7, 2), published=False)
    for meeting in (public, draft, public):
        make_report(meeting)
    AssessmentReport.objects.update(meeting_held_on=None, meeting_public_from=None)
    migration.copy_meetings(apps, None)
    copied = AssessmentReport.objects.values_list(
        "meeting_id", "meeting_held_on", "meeting_public_from"
    )
    assert sorted(copied) == sorted(
        [
            (public.pk, datetime.date(2021, 6, 1), public.published_at),
            (public.pk, datetime.date(2021, 6, 1), public.published_at),
            (draft.pk, datetime.date(2022, 7, 2), None),
        ]
    )
