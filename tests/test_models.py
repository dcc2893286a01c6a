"""What the database refuses, and what the models answer."""

import pytest
from django.db import IntegrityError, transaction

from meetings.models import AssessmentResult, Attendance, Column, Meeting
from tests.factories import (
    make_column,
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
