"""Staff pages answer in a number of queries that does not grow with the records behind
them, and read only what they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_attendance, make_meeting, make_person

pytestmark = pytest.mark.django_db


def picker(client, term):
    """What the meeting form's person picker lists for `term`, as its labels."""
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "meetings", "model_name": "attendance", "field_name": "person"},
    )
    return [result["text"] for result in response.json()["results"]]


def test_the_list_of_people_does_not_look_up_titles_it_does_not_show(staff_client):
    chen = make_person("Chen Qiang", slug="chen-qiang")
    make_attendance(make_meeting(), chen, title="county head")
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(reverse("admin:meetings_person_changelist"), {"q": "Chen"})
    assert "Chen Qiang" in response.content.decode()
    assert not [q["sql"] for q in queries if "meetings_attendance" in q["sql"]], (
        "the list shows names, not titles: reading every person's attendance made it take 1.8 s"
    )


def test_the_picker_names_each_person_with_the_title_of_their_latest_meeting(staff_client):
    wang = make_person("Wang Wei", slug="wang-wei")
    namesake = make_person("Wang Wei", slug="wang-wei-2")
    # Entered last, but held first: the title printed at the later meeting is the latest.
    make_attendance(make_meeting(held_on=datetime.date(2024, 5, 1)), wang, title="county head")
    make_attendance(make_meeting(held_on=datetime.date(2023, 1, 1)), wang, title="deputy head")
    make_attendance(make_meeting(held_on=datetime.date(2024, 6, 1)), wang)  # no title printed
    make_attendance(make_meeting(held_on=datetime.date(2022, 1, 1)), namesake, title="director")
    assert sorted(picker(staff_client, "Wang Wei")) == [
        "Wang Wei (county head; wang-wei)",
        "Wang Wei (director; wang-wei-2)",
    ]


def test_the_picker_asks_as_many_queries_for_many_people_as_for_one(staff_client):
    def people_called_li(count):
        for n in range(count):
            person = make_person(f"Li Na {n}")
            for day in range(1, 4):
                meeting = make_meeting(held_on=datetime.date(2024, 1, day))
                make_attendance(meeting, person, title=f"title {n}-{day}")

    people_called_li(1)
    with CaptureQueriesContext(connection) as one:
        assert [label.split(";")[0] for label in picker(staff_client, "Li Na")] == [
            "Li Na 0 (title 0-3"
        ]
    people_called_li(6)
    with CaptureQueriesContext(connection) as seven:
        labels = picker(staff_client, "Li Na")
    assert len(labels) == 7 and all("(title " in label for label in labels)
    assert len(seven) == len(one)
