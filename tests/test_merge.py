"""A person entered twice is merged into one, and nothing about them is lost."""

import pytest
from django.urls import reverse
from reversion.models import Version

from meetings.models import Attendance, Person
from tests.factories import (
    make_attendance,
    make_directive,
    make_meeting,
    make_organization,
    make_person,
    make_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicates():
    kept = make_person("Feng Jie", slug="feng-jie", alt_names="冯杰")
    twin = make_person("Feng Jie (2)", slug="feng-jie-2", alt_names="Fengjie")
    shared, own = make_meeting("Shared meeting"), make_meeting("Twin's meeting")
    make_attendance(shared, kept, "speech")
    make_attendance(shared, twin, "speech")  # the same person twice: one row survives
    make_attendance(own, twin, "attended", title="county secretary")
    make_directive(own, twin, text="safety first")
    make_report(own, twin, subject="the safety assessment")
    return kept, twin, shared, own


def merge(client, kept, *people):
    return client.post(
        reverse("admin:meetings_person_changelist"),
        {
            "action": "merge",
            "_selected_action": [str(p.pk) for p in (kept, *people)],
            "kept": str(kept.pk),
            "confirm": "yes",
        },
    )


def test_a_publisher_merges_duplicates(client, make_staff, duplicates):
    kept, twin, shared, own = duplicates
    publisher = make_staff("Publisher")
    page = publisher.post(
        reverse("admin:meetings_person_changelist"),
        {"action": "merge", "_selected_action": [str(kept.pk), str(twin.pk)]},
    )
    assert "Choose the record to keep" in page.content.decode()
    assert merge(publisher, kept, twin).status_code == 302

    assert not Person.objects.filter(pk=twin.pk).exists()
    kept.refresh_from_db()
    assert kept.alt_name_list == ["冯杰", "Feng Jie (2)", "Fengjie"]
    assert Attendance.objects.filter(meeting=shared, person=kept).count() == 1
    assert Attendance.objects.get(meeting=own).person == kept
    assert own.directives.get().issued_by == kept
    assert own.reports.get().reporter == kept

    response = client.get("/en/people/feng-jie-2/")
    assert response.status_code == 301
    assert response["Location"] == "/en/people/feng-jie/"
    assert client.get(response["Location"]).status_code == 200

    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(kept)]
    assert "Merged Feng Jie (2) into Feng Jie" in comments


def test_redirects_follow_a_second_merge(client, make_staff, duplicates):
    kept, twin, *_ = duplicates
    third = make_person("Feng Jie (3)", slug="feng-jie-3")
    publisher = make_staff("Publisher")
    merge(publisher, kept, twin)
    merge(publisher, third, kept)
    assert client.get("/en/people/feng-jie-2/")["Location"] == "/en/people/feng-jie-3/"
    assert client.get("/en/people/feng-jie/")["Location"] == "/en/people/feng-jie-3/"


def test_editors_cannot_merge(make_staff, duplicates):
    kept, twin, *_ = duplicates
    editor = make_staff("Editor")
    merge(editor, kept, twin)
    assert Person.objects.filter(pk=twin.pk).exists()


def test_a_merge_keeps_the_title_and_organization_only_the_duplicate_recorded(
    make_staff, duplicates
):
    kept, twin, shared, _own = duplicates
    county = make_organization("Nansong County")
    Attendance.objects.filter(meeting=shared, person=twin).update(
        title="secretary of the county party committee", organization=county
    )
    assert merge(make_staff("Publisher"), kept, twin).status_code == 302

    row = Attendance.objects.get(meeting=shared, person=kept)
    assert row.title == "secretary of the county party committee"
    assert row.organization == county


def test_a_merge_keeps_the_kept_persons_own_title(make_staff, duplicates):
    kept, twin, shared, _own = duplicates
    Attendance.objects.filter(meeting=shared, person=kept).update(title="county head")
    Attendance.objects.filter(meeting=shared, person=twin).update(title="deputy county head")
    merge(make_staff("Publisher"), kept, twin)
    assert Attendance.objects.get(meeting=shared, person=kept).title == "county head"


def test_links_and_subscriptions_to_a_merged_person_keep_working(
    client, make_staff, duplicates, django_capture_on_commit_callbacks
):
    kept, twin, _shared, own = duplicates
    with django_capture_on_commit_callbacks(execute=True):
        merge(make_staff("Publisher"), kept, twin)
    for output in ("feed.rss", "feed.atom", "calendar.ics"):
        response = client.get(f"/en/people/feng-jie-2/{output}?year=2024")
        assert response.status_code == 301, output
        assert response["Location"] == f"/en/people/feng-jie/{output}?year=2024"
    listing = client.get("/en/meetings/?person=feng-jie-2")
    assert listing.status_code == 200
    assert own.get_absolute_url() in listing.content.decode()
    api = client.get("/api/meetings/?person=feng-jie-2").json()
    assert own.slug in [meeting["slug"] for meeting in api["results"]]
    assert client.get("/en/meetings/?person=nobody-at-all").status_code == 400
    page = client.get("/en/people/feng-jie-2/?page=2")  # a later page stays that page
    assert (page.status_code, page["Location"]) == (301, "/en/people/feng-jie/?page=2")
    record = client.get("/api/people/feng-jie-2/?format=json")
    assert (record.status_code, record["Location"]) == (301, "/api/people/feng-jie/?format=json")
    assert client.get(record["Location"]).json()["slug"] == "feng-jie"
    assert client.get("/api/people/nobody-at-all/").status_code == 404


def test_a_merged_address_gives_away_no_one_the_public_cannot_see(
    client, make_staff, duplicates, django_capture_on_commit_callbacks
):
    """The meetings that made the kept person public are withdrawn: their old address
    answers as their own does, not with a redirect naming them."""
    kept, twin, shared, own = duplicates
    with django_capture_on_commit_callbacks(execute=True):
        merge(make_staff("Publisher"), kept, twin)
        for meeting in (shared, own):
            meeting.status = meeting.Status.WITHDRAWN
            meeting.save()
    assert client.get("/en/people/feng-jie/").status_code == 404
    assert client.get("/en/people/feng-jie-2/").status_code == 404
    assert client.get("/en/people/feng-jie-2/feed.rss").status_code == 404
    assert client.get("/api/people/feng-jie-2/").status_code == 404
    assert client.get("/en/meetings/", {"person": "feng-jie-2"}).status_code == 400
    assert client.get("/api/meetings/", {"person": "feng-jie-2"}).status_code == 400
