"""Staff enter a whole meeting through the admin, and bad input is refused with form errors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AssessmentReport, Meeting, Person
from tests.admin_forms import management, meeting_post_data, report_post_data
from tests.factories import (
    make_attendance,
    make_column,
    make_meeting,
    make_organization,
    make_person,
    make_report,
    make_result,
    make_topic,
)

pytestmark = pytest.mark.django_db


def meeting_form(column, **overrides):
    data = {
        "title": "Safety production work meeting",
        "slug": "safety-production-work-meeting",
        "held_on": "2024-05-06",
        "location": "County government meeting room",
        "column": str(column.pk),
        "summary": "On May 6, the county held a safety production work meeting.",
        "other_attendees": "",
        "other_statements": "",
        "body": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "index_number": "",
        "document_number": "",
        "source": "",
        "language": "en",
        **management("attendances", 0),
        **management("reports", 0),
        **management("directives", 0),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:meetings_meeting_changelist",
        "admin:meetings_meeting_add",
        "admin:meetings_person_changelist",
        "admin:meetings_organization_changelist",
        "admin:meetings_topic_changelist",
        "admin:meetings_column_changelist",
        "admin:meetings_assessmentreport_changelist",
    ],
)
def test_admin_pages_render_for_staff(staff_client, url_name):
    make_meeting()
    assert staff_client.get(reverse(url_name)).status_code == 200


def test_meeting_change_page_offers_inlines_autocomplete_and_view_on_site(staff_client):
    meeting = make_meeting()
    make_report(meeting)
    html = staff_client.get(
        reverse("admin:meetings_meeting_change", args=[meeting.pk])
    ).content.decode()
    assert 'id="attendances-group"' in html
    assert 'id="reports-group"' in html
    assert 'id="directives-group"' in html
    assert "admin-autocomplete" in html
    assert "Enter the results of this report" in html
    assert reverse("admin:meetings_person_add") in html, "people can be added from the meeting form"
    assert "View on site" in html


def test_in_chinese_a_meetings_title_is_its_heading_and_an_attendees_their_post(staff_client):
    """One English word, two Chinese ones: 标题 for an article, 职务 for a person."""
    meeting = make_meeting()
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    html = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert 'for="id_title">标题:</label>' in html
    assert "职务" in html.split('id="attendances-group"')[1]


def test_staff_switch_the_admin_between_english_and_chinese(staff_client):
    """Whatever their browser asks for, staff choose the admin's language in its header."""
    index = reverse("admin:index")
    html = staff_client.get(index).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html.split('class="language-switch"')[1]
    assert '<label for="admin-language">Language</label>' in html
    assert '<option value="en" lang="en" selected>English</option>' in html
    assert '<option value="zh-hans" lang="zh-hans">简体中文</option>' in html
    assert "Staff data entry" in html

    response = staff_client.post(reverse("set_language"), {"language": "zh-hans", "next": index})
    assert response.status_code == 302 and response["Location"] == index
    cookie = response.cookies["django_language"]
    assert cookie["path"] == index and cookie["httponly"], "the admin's choice alone"
    chinese = staff_client.get(index).content.decode()
    assert "工作人员数据录入" in chinese and "会议记录门户" in chinese
    assert '<option value="zh-hans" lang="zh-hans" selected>简体中文</option>' in chinese
    assert '<label for="admin-language">语言</label>' in chinese

    staff_client.post(reverse("set_language"), {"language": "en", "next": index})
    assert "Staff data entry" in staff_client.get(index).content.decode()


def test_the_language_switch_refuses_a_post_from_elsewhere(django_user_model):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("chief", None, "pw-1-tests"))
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/admin/"})
    assert response.status_code == 403
    html = client.get(reverse("admin:index")).content.decode()
    assert '<option value="en" lang="en" selected>English</option>' in html


def test_staff_save_a_meeting_with_attendance_reports_and_directives(staff_client):
    column, topic = make_column(), make_topic()
    chair, reporter = make_person("Zhao Guibo"), make_person("Liu Jie")
    data = meeting_form(
        column,
        topics=[str(topic.pk)],
        **management("attendances", 2),
        **{
            "attendances-0-order": "0",
            "attendances-0-person": str(chair.pk),
            "attendances-0-role": "presided",
            "attendances-0-title": "county head",
            "attendances-1-order": "1",
            "attendances-1-person": str(reporter.pk),
            "attendances-1-role": "attended",
            "attendances-1-title": "deputy secretary",
        },
        **management("reports", 1),
        **{
            "reports-0-order": "0",
            "reports-0-reporter": str(reporter.pk),
            "reports-0-subject": "the safety production assessment results",
            "reports-0-period": "2024 Q1",
            "reports-0-summary": "",
        },
        **management("directives", 1),
        **{
            "directives-0-order": "0",
            "directives-0-issued_by": str(chair.pk),
            "directives-0-verb": "stressed",
            "directives-0-text": "safety comes first",
        },
    )
    response = staff_client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    meeting = Meeting.objects.get(slug="safety-production-work-meeting")
    assert [a.person.name for a in meeting.attendances.all()] == ["Zhao Guibo", "Liu Jie"]
    assert meeting.reports.get().period == "2024 Q1"
    assert meeting.directives.get().text == "safety comes first"
    assert list(meeting.topics.all()) == [topic]


def test_results_are_entered_on_the_report(staff_client):
    report = make_report(make_meeting())
    data = {
        "meeting": str(report.meeting_id),
        "reporter": str(report.reporter_id),
        "subject": report.subject,
        "period": "2024 Q1",
        "summary": "",
        "order": "0",
        **management("results", 1),
        "results-0-units_described": "two towns",
        "results-0-standing": "lagging",
        "results-0-award": "yellow_card",
    }
    response = staff_client.post(
        reverse("admin:meetings_assessmentreport_change", args=[report.pk]), data
    )
    assert response.status_code == 302
    meeting_form = reverse("admin:meetings_meeting_change", args=[report.meeting_id])
    assert response["Location"] == meeting_form, "back to the meeting it was opened from"
    result = AssessmentReport.objects.get(pk=report.pk).results.get()
    assert (result.units_described, result.award) == ("two towns", "yellow_card")


def assert_refused(response, message):
    assert response.status_code == 200, "the form is shown again, not a server error"
    assert message in response.content.decode()


def test_an_attendance_without_a_person_is_refused(staff_client):
    data = meeting_form(
        make_column(),
        **management("attendances", 1),
        **{
            "attendances-0-order": "0",
            "attendances-0-role": "attended",
            "attendances-0-title": "deputy",
        },
    )
    assert_refused(
        staff_client.post(reverse("admin:meetings_meeting_add"), data), "This field is required."
    )
    assert not Meeting.objects.exists()


def test_a_directive_without_text_is_refused(staff_client):
    person = make_person()
    data = meeting_form(
        make_column(),
        **management("directives", 1),
        **{
            "directives-0-order": "0",
            "directives-0-issued_by": str(person.pk),
            "directives-0-verb": "required",
        },
    )
    assert_refused(
        staff_client.post(reverse("admin:meetings_meeting_add"), data), "This field is required."
    )
    assert not Meeting.objects.exists()


def test_a_bad_date_is_refused(staff_client):
    data = meeting_form(make_column(), held_on="2024-02-30")
    assert_refused(
        staff_client.post(reverse("admin:meetings_meeting_add"), data),
        "Enter a day that exists, year first: 2022-09-30 (or 2022/9/30).",
    )
    assert not Meeting.objects.exists()


def test_the_same_person_twice_in_one_role_is_refused(staff_client):
    person = make_person()
    row = {"order": "0", "person": str(person.pk), "role": "attended", "title": ""}
    data = meeting_form(
        make_column(),
        **management("attendances", 2),
        **{f"attendances-{i}-{k}": v for i in (0, 1) for k, v in row.items()},
    )
    assert_refused(
        staff_client.post(reverse("admin:meetings_meeting_add"), data),
        "Please correct the duplicate",
    )
    assert not Meeting.objects.exists()


def test_a_result_that_neither_names_nor_describes_a_unit_is_refused(staff_client):
    report = make_report(make_meeting())
    data = {
        "meeting": str(report.meeting_id),
        "reporter": str(report.reporter_id),
        "subject": report.subject,
        "period": "",
        "summary": "",
        "order": "0",
        **management("results", 1),
        "results-0-standing": "excellent",
        "results-0-award": "red_flag",
    }
    response = staff_client.post(
        reverse("admin:meetings_assessmentreport_change", args=[report.pk]), data
    )
    assert_refused(response, "Choose the organization, or describe the units as the article does.")
    assert not report.results.exists()


def test_the_public_cannot_reach_the_admin(client):
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def attendance_rows(meeting):
    return [(a.person.name, a.role, a.title) for a in meeting.attendances.order_by("order")]


def test_two_attendees_of_one_role_swap_people(staff_client):
    meeting = make_meeting()
    wang, li = make_person("Wang Wei"), make_person("Li Jun")
    make_attendance(meeting, wang, "attended", title="county head", order=0)
    make_attendance(meeting, li, "attended", title="deputy county head", order=1)
    data = meeting_post_data(
        meeting, **{"attendances-0-person": str(li.pk), "attendances-1-person": str(wang.pk)}
    )
    response = staff_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302
    assert attendance_rows(meeting) == [
        ("Li Jun", "attended", "county head"),
        ("Wang Wei", "attended", "deputy county head"),
    ]


def test_a_row_takes_the_person_and_role_of_a_row_deleted_below_it(staff_client):
    meeting = make_meeting()
    wang, li = make_person("Wang Wei"), make_person("Li Jun")
    make_attendance(meeting, li, "speech", order=0)
    make_attendance(meeting, wang, "speech", title="county head", order=1)
    data = meeting_post_data(
        meeting, **{"attendances-0-person": str(wang.pk), "attendances-1-DELETE": "on"}
    )
    response = staff_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302
    assert attendance_rows(meeting) == [("Wang Wei", "speech", "")]


def result_row(i, organization, award):
    return {
        f"results-{i}-organization": str(organization.pk),
        f"results-{i}-standing": "lagging",
        f"results-{i}-award": award,
    }


def test_one_unit_named_twice_in_a_report_is_refused(staff_client):
    report = make_report(make_meeting())
    town = make_organization("Longjin Town")
    data = report_post_data(
        report,
        **management("results", 2),
        **result_row(0, town, "red_flag"),
        **result_row(1, town, "yellow_card"),
    )
    url = reverse("admin:meetings_assessmentreport_change", args=[report.pk])
    assert_refused(
        staff_client.post(url, data), "Please correct the duplicate data for organization"
    )
    assert not report.results.exists()


def test_a_result_renamed_to_the_unit_of_a_new_row_is_refused(staff_client):
    report = make_report(make_meeting())
    town, other = make_organization("Longjin Town"), make_organization("Fengsong Town")
    make_result(report, organization=other, award="red_flag")
    data = report_post_data(report, **{"results-0-organization": str(town.pk)})
    data.update(management("results", 2, 1))
    data.update(result_row(1, town, "yellow_card"))
    url = reverse("admin:meetings_assessmentreport_change", args=[report.pk])
    assert_refused(
        staff_client.post(url, data), "Please correct the duplicate data for organization"
    )
    assert [r.organization for r in report.results.all()] == [other]


def test_the_person_picker_tells_people_of_one_name_apart(staff_client):
    first, second = (
        make_person("Ma Haiyan", slug="ma-haiyan"),
        make_person("Ma Haiyan", slug="ma-haiyan-2"),
    )
    make_attendance(make_meeting(), first, title="deputy county head")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Ma Haiyan",
            "app_label": "meetings",
            "model_name": "attendance",
            "field_name": "person",
        },
    )
    labels = sorted(result["text"] for result in response.json()["results"])
    assert labels == ["Ma Haiyan (deputy county head; ma-haiyan)", "Ma Haiyan (ma-haiyan-2)"]
    assert str(second) == "Ma Haiyan", "everywhere else a person is their name"


def test_a_topic_is_given_its_chinese_name_which_no_other_topic_may_have(staff_client):
    make_topic("Safety production", slug="safety-production", name_zh="安全生产")
    add = reverse("admin:meetings_topic_add")
    form = {"name": "Work safety", "slug": "work-safety", "name_zh": "安全生产", "description": ""}
    response = staff_client.post(add, form)
    assert response.status_code == 200
    assert "Another topic has this name in Chinese." in response.content.decode()
    response = staff_client.post(add, {**form, "name_zh": "安全工作"})
    assert response.status_code == 302
    html = staff_client.get("/zh-hans/topics/work-safety/").content.decode()
    assert "<h1>安全工作</h1>" in html


def test_a_row_added_without_an_order_goes_after_the_others(staff_client):
    """The order field of a new row starts empty: left so, the row is printed last, not
    before everyone entered (at 0 it went first); an order typed in is kept."""
    meeting = make_meeting()
    chair, deputy = make_person("Zhao Guibo"), make_person("Liu Jie")
    make_attendance(meeting, chair, "presided", order=1)
    make_attendance(meeting, deputy, "attended", order=2)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert 'name="attendances-__prefix__-order" class="vIntegerField" min="0"' in (
        staff_client.get(url).content.decode()
    ), "the new row's order is empty"
    data = meeting_post_data(meeting)
    data.update(management("attendances", 4, 2))
    newcomer, first = make_person("Wang Wei"), make_person("An Lu")
    for index, person, order in [(2, newcomer, ""), (3, first, "0")]:
        data.update(
            {
                f"attendances-{index}-order": order,
                f"attendances-{index}-person": str(person.pk),
                f"attendances-{index}-role": "attended",
                f"attendances-{index}-title": "",
                f"attendances-{index}-organization": "",
            }
        )
    assert staff_client.post(url, data).status_code == 302
    assert [name for name, _role, _title in attendance_rows(meeting)] == [
        "An Lu",
        "Zhao Guibo",
        "Liu Jie",
        "Wang Wei",
    ]


def test_a_title_or_name_in_chinese_gets_an_address_without_typing_one(staff_client):
    """The admin fills the slug from Latin letters only: left empty, it is made when the
    record is saved, from the day for a meeting, numbered where it is taken."""
    column = make_column()
    add = reverse("admin:meetings_meeting_add")
    for expected in ("meeting-2022-09-30", "meeting-2022-09-30-2"):
        data = meeting_form(
            column, title="全县召开当前重点工作推进会", slug="", held_on="2022-09-30"
        )
        assert staff_client.post(add, data).status_code == 302
        assert Meeting.objects.filter(slug=expected, title="全县召开当前重点工作推进会").exists()
    english = meeting_form(column, slug="")
    assert staff_client.post(add, english).status_code == 302
    assert Meeting.objects.filter(slug="safety-production-work-meeting-2024-05-06").exists()

    people = reverse("admin:meetings_person_add")
    for name, expected in [
        ("冯杰", "person"),
        ("Feng Jie", "feng-jie"),
        ("Feng Jie", "feng-jie-2"),
    ]:
        response = staff_client.post(people, {"name": name, "slug": "", "alt_names": ""})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Person.objects.get(slug=expected).name == name


def test_a_namesake_whose_address_is_taken_is_told_what_to_do(staff_client):
    make_person("Feng Jie", slug="feng-jie")
    people = reverse("admin:meetings_person_add")
    response = staff_client.post(people, {"name": "Feng Jie", "slug": "feng-jie", "alt_names": ""})
    assert_refused(response, "This address is taken already. If the record there is the same one")
    assert "adding “-2”" in response.content.decode()
    assert Person.objects.count() == 1


@pytest.mark.parametrize("typed", ["2022年9月30日", "2022/9/30", "2022.09.30", "2022-09-30"])
def test_a_day_is_taken_as_staff_in_china_type_it(staff_client, typed):
    data = meeting_form(make_column(), held_on=typed, slug="")
    response = staff_client.post(
        reverse("admin:meetings_meeting_add"), data, HTTP_ACCEPT_LANGUAGE="zh-CN"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Meeting.objects.get().held_on.isoformat() == "2022-09-30"


@pytest.mark.parametrize("typed", ["2202-09-30", "1922-09-30"])
def test_a_day_with_a_mistyped_year_is_refused(staff_client, typed):
    data = meeting_form(make_column(), held_on=typed)
    response = staff_client.post(reverse("admin:meetings_meeting_add"), data)
    assert_refused(response, "A meeting is held between Oct. 1, 1949 and a year from today")
    assert not Meeting.objects.exists()


def test_a_title_used_every_quarter_gets_an_address_of_its_own_each_time(staff_client):
    """A county holds its "key work promotion meeting" every quarter: each is saved
    without touching the address, which is made from the title and the day."""
    column, add = make_column(), reverse("admin:meetings_meeting_add")
    assert 'id="id_slug"' in staff_client.get(add).content.decode()
    for day in ("2022-06-30", "2022-09-30", "2022-09-30"):
        data = meeting_form(column, title="Key work promotion meeting", slug="", held_on=day)
        assert staff_client.post(add, data).status_code == 302
    assert sorted(Meeting.objects.values_list("slug", flat=True)) == [
        "key-work-promotion-meeting-2022-06-30",
        "key-work-promotion-meeting-2022-09-30",
        "key-work-promotion-meeting-2022-09-30-2",
    ]


def test_a_published_meetings_address_cannot_be_changed(staff_client):
    """Links to a meeting the public could read, and search engines, keep finding it."""
    draft, published = make_meeting(published=False), make_meeting()
    change = reverse("admin:meetings_meeting_change", args=[draft.pk])
    assert 'name="slug"' in staff_client.get(change).content.decode(), "a draft's can"
    change = reverse("admin:meetings_meeting_change", args=[published.pk])
    assert 'name="slug"' not in staff_client.get(change).content.decode()
    data = meeting_post_data(published, slug="another-address")
    assert staff_client.post(change, data).status_code == 302
    published.refresh_from_db()
    assert published.slug != "another-address"
    assert published.title == data["title"]


def with_report_rows(meeting, deleted=()):
    """The meeting form with its reports' rows, those in `deleted` ticked for deletion."""
    reports = list(meeting.reports.all())
    data = meeting_post_data(meeting, **management("reports", len(reports), len(reports)))
    for i, report in enumerate(reports):
        data.update(
            {
                f"reports-{i}-id": str(report.pk),
                f"reports-{i}-meeting": str(meeting.pk),
                f"reports-{i}-order": str(report.order),
                f"reports-{i}-reporter": str(report.reporter_id),
                f"reports-{i}-subject": report.subject,
                f"reports-{i}-period": report.period,
                f"reports-{i}-summary": report.summary,
            }
        )
        if report in deleted:
            data[f"reports-{i}-DELETE"] = "on"
    return data


def test_a_report_with_results_is_not_deleted_with_them_unseen(staff_client):
    """The meeting form does not show a report's results: deleting the report there took
    its red flags and yellow cards with it, without a word."""
    meeting = make_meeting()
    scored = make_report(meeting, subject="the third quarter results")
    for town in ("Dongping Town", "Xiping Town"):
        make_result(scored, organization=make_organization(town), award="red_flag")
    empty = make_report(meeting, subject="an oral report")
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert "2 results entered" in staff_client.get(change).content.decode()
    response = staff_client.post(change, with_report_rows(meeting, deleted=[scored]))
    assert_refused(
        response,
        "The report “the third quarter results” has 2 assessment results. Delete them first",
    )
    assert scored.results.count() == 2
    response = staff_client.post(change, with_report_rows(meeting, deleted=[empty]))
    assert response.status_code == 302
    assert list(meeting.reports.all()) == [scored]


def test_a_meeting_published_again_forgets_why_it_was_withdrawn(staff_client):
    meeting = make_meeting()
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    withdrawn = meeting_post_data(meeting, status="withdrawn", withdrawn_reason="A wrong date.")
    assert staff_client.post(change, withdrawn).status_code == 302
    meeting.refresh_from_db()
    assert meeting.withdrawn_reason == "A wrong date."
    assert (
        staff_client.post(change, meeting_post_data(meeting, status="published")).status_code == 302
    )
    meeting.refresh_from_db()
    assert meeting.withdrawn_reason == ""
    again = meeting_post_data(meeting, status="withdrawn")
    assert_refused(staff_client.post(change, again), "Say why the meeting is withdrawn")


def test_the_meeting_list_tells_scheduled_meetings_from_public_ones(staff_client):
    later = timezone.now() + datetime.timedelta(days=3)
    make_meeting("Public now")
    make_meeting("Public in three days", published_at=later)
    make_meeting("A draft", published=False)
    changelist = reverse("admin:meetings_meeting_changelist")
    html = staff_client.get(changelist).content.decode()
    assert "Scheduled: public from" in html
    for value, titles in [
        ("now", ["Public now"]),
        ("scheduled", ["Public in three days"]),
        ("no", ["A draft"]),
    ]:
        listed = staff_client.get(changelist, {"public": value}).context["cl"].result_list
        assert sorted(m.title for m in listed) == titles, value


def test_a_publication_day_without_its_time_says_what_to_do(staff_client):
    add = reverse("admin:meetings_meeting_add")
    data = meeting_form(make_column(), status="published", published_at_0="2024-05-06")
    assert_refused(staff_client.post(add, data), "Enter the time as well, such as 09:00")
    data = meeting_form(make_column(), status="published", published_at_1="09:00")
    assert_refused(staff_client.post(add, data), "Enter the day as well, year first")
    data = meeting_form(
        make_column(), status="published", published_at_0="2024-02-30", published_at_1="09:00"
    )
    assert_refused(staff_client.post(add, data), "Enter a day that exists, year first")
    assert not Meeting.objects.exists()


def test_a_long_title_keeps_the_day_in_its_address_and_digits_alone_make_none(staff_client):
    column, add = make_column(), reverse("admin:meetings_meeting_add")
    long_title = "Meeting on " + "rural revitalization and road building " * 6
    data = meeting_form(column, title=long_title.strip(), slug="", held_on="2024-03-01")
    assert staff_client.post(add, data).status_code == 302
    data = meeting_form(column, title="县委常委会第12次会议", slug="", held_on="2024-03-01")
    assert staff_client.post(add, data).status_code == 302
    long_slug, chinese_slug = Meeting.objects.order_by("pk").values_list("slug", flat=True)
    assert long_slug.startswith("meeting-on-rural-revitalization")
    assert long_slug.endswith("-2024-03-01") and "--" not in long_slug
    assert len(long_slug) <= 200
    assert chinese_slug == "meeting-2024-03-01"


def test_a_day_written_year_first_with_slashes_is_taken_in_english_too(staff_client):
    data = meeting_form(make_column(), held_on="2022/9/30", slug="")
    response = staff_client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Meeting.objects.get().held_on.isoformat() == "2022-09-30"
