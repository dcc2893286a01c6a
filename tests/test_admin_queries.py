"""Staff pages answer in a number of queries that does not grow with the records behind
them, and read only what they show."""

import datetime
import importlib

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


def test_a_search_of_the_meetings_list_finds_by_each_field_from_an_index(rf, admin_user):
    """A word in none of 100,000 meetings took 1.8 s on PostgreSQL to find in none of
    them; there a trigram index serves each search field."""
    from django.contrib import admin

    from meetings.models import Meeting

    make_meeting("Flood control meeting", document_number="Chen Office [2024] No. 7")
    make_meeting("Budget meeting")
    request = rf.get("/", {"q": "chen"})
    request.user = admin_user
    meeting_admin = admin.site.get_model_admin(Meeting)
    found, _ = meeting_admin.get_search_results(request, Meeting.objects.order_by(), "chen")
    assert [meeting.title for meeting in found] == ["Flood control meeting"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as if the table were large: no reading it whole
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = found.explain()
        every_field = len(meeting_admin.search_fields)
        assert plan.count("Bitmap Index Scan on meeting_admin_search_trgm") == every_field, plan


def test_the_admin_search_index_covers_the_fields_the_meetings_list_searches():
    from django.contrib import admin

    from meetings.models import Meeting

    trigram_index = importlib.import_module("meetings.migrations.0016_meeting_admin_search_trgm")
    assert admin.site.get_model_admin(Meeting).search_fields == trigram_index.COLUMNS


def meeting_of(size):
    """A meeting with `size` attendees (each of a unit), reports and directives, each of
    these tagged with two topics; and the people it names."""
    from tests.factories import make_directive, make_organization, make_report, make_topic

    topics = [make_topic(), make_topic()]
    meeting = make_meeting(topics=topics)
    people = [make_person() for _ in range(size)]
    for order, person in enumerate(people):
        make_attendance(
            meeting, person, order=order, title="deputy head", organization=make_organization()
        )
        make_report(meeting, person, order=order, topics=topics)
        make_directive(meeting, person, order=order, topics=topics)
    return meeting, people


def change_page(client, meeting):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_large_meeting_opens_in_as_many_queries_as_a_small_one(staff_client):
    small, _ = meeting_of(1)
    large, people = meeting_of(8)
    change_page(staff_client, small)  # the first page also reads what stays cached after
    _html, small_queries = change_page(staff_client, small)
    html, large_queries = change_page(staff_client, large)
    assert large_queries == small_queries, "the pickers of each row asked for their records"
    for person in people:  # every row's pickers still show who and what it names
        assert html.count(f'<option value="{person.pk}" selected>{person.name}</option>') == 3
    organization = large.attendances.first().organization
    assert f'<option value="{organization.pk}" selected>{organization.name}</option>' in html
    topic = large.topics.first()
    assert html.count(f'<option value="{topic.pk}" selected>{topic.name}</option>') == 1 + 8 + 8


def test_a_person_picked_in_a_form_sent_back_with_errors_is_still_shown(staff_client):
    from tests.admin_forms import meeting_post_data

    meeting, _ = meeting_of(1)
    newcomer = make_person("Guo Lan")
    data = meeting_post_data(meeting, held_on="not a date")
    data["attendances-0-person"] = str(newcomer.pk)
    response = staff_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 200
    assert f'<option value="{newcomer.pk}" selected>Guo Lan</option>' in response.content.decode()


def test_a_report_with_many_results_opens_in_as_many_queries_as_with_one(staff_client):
    from tests.factories import make_organization, make_report, make_result

    def report_page(count):
        report = make_report(make_meeting())
        units = [make_organization() for _ in range(count)]
        for unit in units:
            make_result(report, unit)
        url = reverse("admin:meetings_assessmentreport_change", args=[report.pk])
        with CaptureQueriesContext(connection) as queries:
            html = staff_client.get(url).content.decode()
        for unit in units:
            assert f'<option value="{unit.pk}" selected>{unit.name}</option>' in html
        return len(queries)

    report_page(1)  # the first page also reads what stays cached after
    assert report_page(8) == report_page(1)


def test_a_page_far_down_the_meetings_list_skips_the_earlier_meetings_by_id(
    staff_client, monkeypatch
):
    from meetings.admin.meeting import MeetingAdmin

    monkeypatch.setattr(MeetingAdmin, "list_per_page", 2)
    column = make_meeting().column
    names = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
    for day, name in names.items():
        make_meeting(f"Day {name} meeting", held_on=datetime.date(2024, 3, day), column=column)
    with CaptureQueriesContext(connection) as queries:
        html = staff_client.get(reverse("admin:meetings_meeting_changelist"), {"p": 2}).content
    html = html.decode()
    shown = [name for name in ("six", "five", "four", "three") if f"Day {name} meeting" in html]
    assert shown == ["four", "three"], "newest first, the second page of two"
    skipping = [q["sql"] for q in queries if "OFFSET" in q["sql"]]
    assert skipping and all('"title"' not in sql for sql in skipping), (
        "the meetings before the page are passed as ids, not read whole"
    )


def test_a_search_of_the_meetings_list_counts_the_meetings_found_only(staff_client):
    make_meeting("Flood prevention meeting")
    make_meeting("Budget meeting")
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(reverse("admin:meetings_meeting_changelist"), {"q": "flood"})
    assert "Flood prevention meeting" in response.content.decode()
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1, "every meeting was counted again, for a total beside the count"
