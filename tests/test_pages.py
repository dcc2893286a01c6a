"""Pages for people, organizations, topics and columns, and the home page."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import Attendance, Topic
from tests.browse_data import build_browse_data
from tests.factories import (
    edit,
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

# On SQLite a list narrowed by a topic on few rows counts the topic's tags, then gathers
# them (meetings/models/topic_tags.py): two queries more than on PostgreSQL.
GATHERED = 2 if connection.vendor == "sqlite" else 0


@pytest.fixture
def data(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_browse_data()


def page(client, name, slug):
    response = client.get(reverse(f"meetings:{name}", kwargs={"slug": slug} if slug else None))
    assert response.status_code == 200
    return response.content.decode()


def test_home_page_shows_latest_meetings_columns_topics_and_a_search_box(client, data):
    response = client.get(reverse("meetings:home"))
    html = response.content.decode()
    assert html.index("Ecological protection review") < html.index("Safety production work meeting")
    assert "Safety draft meeting" not in html
    assert 'href="/en/columns/key-projects/"' in html
    assert 'href="/en/topics/safety-production/"' in html
    assert '<input id="site-q" type="search" name="q"' in html


def test_the_home_page_shows_an_editors_new_section_and_meeting_counts_at_once(
    client, data, committed, shared_generation
):
    """Its columns and topics are read once per content generation, and every change an
    editor commits starts a new one."""
    assert 'Safety production</a><span class="count"> (2)</span>' in page(client, "home", None)
    with committed():
        make_column("Notices", slug="notices")
        make_meeting("A third safety meeting", topics=[Topic.objects.get(slug="safety-production")])
    html = page(client, "home", None)
    assert 'href="/en/columns/notices/"' in html
    assert 'Safety production</a><span class="count"> (3)</span>' in html


def test_person_page_shows_titles_over_time_meetings_directives_and_reports(client, db):
    person = make_person("Zhao Guibo", slug="zhao-guibo")
    early = make_meeting("Spring meeting", held_on=datetime.date(2021, 4, 1))
    late = make_meeting("Autumn meeting", held_on=datetime.date(2023, 10, 1))
    make_attendance(early, person, Attendance.Role.ATTENDED, title="deputy county head")
    make_attendance(late, person, Attendance.Role.PRESIDED, title="county head")
    make_directive(late, person, "stressed", "the harvest must be protected")
    make_report(
        early, person, "the first quarter assessment results of safety production", period="2021 Q1"
    )
    make_attendance(make_meeting("Hidden draft", published=False), person, title="secret title")

    html = page(client, "person", "zhao-guibo")
    assert html.index("county head") < html.index("deputy county head"), "most recent title first"
    assert "April 1, 2021" in html and "Oct. 1, 2023" in html
    assert "presided over the meeting" in html
    assert "Zhao Guibo stressed that the harvest must be protected" in html
    assert "the first quarter assessment results of safety production" in html
    assert "Hidden draft" not in html and "secret title" not in html
    assert "?person=zhao-guibo" in html


def test_person_page_lists_every_meeting_attended_newest_first_page_by_page(client, db):
    person = make_person("Qian Lan", slug="qian-lan")
    for day in range(1, 31):
        make_attendance(
            make_meeting(f"Session {day:02d}", held_on=datetime.date(2024, 4, day)),
            person,
            title="deputy director" if day <= 10 else "director",
        )
    first = page(client, "person", "qian-lan")
    assert first.index("Session 30") < first.index("Session 29") < first.index("Session 06")
    assert "Session 05" not in first
    second = client.get(reverse("meetings:person", kwargs={"slug": "qian-lan"}), {"page": 2})
    listed = second.content.decode()
    assert listed.index("Session 05") < listed.index("Session 01")
    assert "Session 06" not in listed
    titles = first[first.index('id="titles-caption"') : first.index('id="meetings-heading"')]
    assert titles.index("director") < titles.index("deputy director"), "most recent title first"
    assert "<td>20</td>" in titles and "<td>10</td>" in titles
    assert "April 11, 2024" in titles and "April 10, 2024" in titles


def test_a_persons_page_follows_each_change_to_their_meetings(client, db, make_staff):
    """The page reads a person's rows with their meetings' day and publication kept on
    them: a meeting moved, withdrawn, published again (by the admin's action) or
    scheduled shows at once."""
    person = make_person("Wen Jing", slug="wen-jing")
    spring = make_meeting("Spring meeting", held_on=datetime.date(2022, 4, 1))
    autumn = make_meeting("Autumn meeting", held_on=datetime.date(2022, 10, 1))
    make_attendance(spring, person, title="deputy county head")
    make_attendance(autumn, person, title="county head")
    make_directive(autumn, person, text="the harvest must be protected")
    make_report(autumn, person, subject="the harvest assessment")
    make_report(spring, person, subject="the sowing assessment")

    def shown():
        html = page(client, "person", "wen-jing")
        meetings = re.findall(r">(\w+) meeting</a>", html.split('id="meetings-heading"')[1])
        titles = html[html.index('id="titles-caption"') : html.index('id="meetings-heading"')]
        return meetings, re.findall(r"<td>((?:deputy )?county head)</td>", titles), html

    meetings, titles, html = shown()
    assert meetings[:2] == ["Autumn", "Spring"] and titles == ["county head", "deputy county head"]
    assert html.index("the harvest assessment") < html.index("the sowing assessment")

    spring.held_on = datetime.date(2023, 4, 1)  # the date corrected: now the latest
    spring.save()
    meetings, titles, html = shown()
    assert meetings[:2] == ["Spring", "Autumn"] and titles == ["deputy county head", "county head"]
    assert html.index("the sowing assessment") < html.index("the harvest assessment")

    autumn.status = autumn.Status.WITHDRAWN
    autumn.save()
    meetings, titles, html = shown()
    assert "Autumn" not in meetings and titles == ["deputy county head"]
    assert "the harvest must be protected" not in html
    assert "the harvest assessment" not in html and "the sowing assessment" in html

    later = timezone.now() + datetime.timedelta(hours=1)
    summer = make_meeting("Summer meeting", held_on=datetime.date(2023, 7, 1), published_at=later)
    make_attendance(summer, person, title="county head")
    assert "Summer" not in shown()[0], "scheduled: not public before its time"
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Summer" in shown()[0]

    autumn.status = autumn.Status.REVIEW
    autumn.save()
    response = make_staff("Publisher").post(  # published again, by the admin's action
        reverse("admin:meetings_meeting_changelist"),
        {"action": "publish", "_selected_action": [autumn.pk]},
    )
    assert response.status_code == 302
    meetings, _titles, html = shown()
    assert "Autumn" in meetings and "the harvest must be protected" in html
    assert "the harvest assessment" in html


@pytest.mark.parametrize("few_on_topic", [2000, 0], ids=["gathered", "walked"])
def test_a_topics_page_follows_each_change_to_its_meetings(client, db, monkeypatch, few_on_topic):
    """The topic page reads the newest reports and directives on it by the day and
    publication their meetings keep on them, whether SQLite gathers a topic's few rows or
    walks every row for a topic on many: a meeting moved, withdrawn or published shows
    there at once."""
    monkeypatch.setattr("meetings.models.topic_tags.FEW_TAGGED", few_on_topic)
    topic = make_topic("Flood control", slug="flood-control")
    spring = make_meeting("Spring meeting", held_on=datetime.date(2022, 4, 1))
    autumn = make_meeting("Autumn meeting", held_on=datetime.date(2022, 10, 1))
    winter = make_meeting("Winter meeting", held_on=datetime.date(2023, 1, 5), published=False)
    for meeting in (spring, autumn, winter):
        season = meeting.title.split()[0].lower()
        make_report(meeting, subject=f"the {season} flood assessment", topics=[topic])
        make_directive(meeting, text=f"the dykes must be checked before {season}", topics=[topic])
    make_report(make_meeting("Tax meeting"), subject="the tax assessment")  # another topic

    def shown():
        html = page(client, "topic", "flood-control")
        directives = html[
            html.index('id="directives-heading"') : html.index('id="results-heading"')
        ]
        return (
            re.findall(r"The (\w+) flood assessment", html),
            re.findall(r"checked before (\w+)", directives),
            html,
        )

    reports, directives, html = shown()
    assert reports == directives == ["autumn", "spring"]
    assert "tax assessment" not in html

    spring.held_on = datetime.date(2023, 4, 1)  # the date corrected: now the latest
    spring.save()
    assert shown()[:2] == (["spring", "autumn"], ["spring", "autumn"])

    autumn.status = autumn.Status.WITHDRAWN
    autumn.save()
    assert shown()[:2] == (["spring"], ["spring"])

    winter.status = winter.Status.PUBLISHED
    winter.published_at = timezone.now() - datetime.timedelta(minutes=1)
    winter.save()
    assert shown()[:2] == (["spring", "winter"], ["spring", "winter"])


def test_organization_page_shows_assessment_history_as_table_and_chart(client, data):
    town = data.town
    for quarter, (standing, award) in enumerate(
        [("excellent", "red_flag"), ("lagging", "yellow_card"), ("lagging", "yellow_card")], start=1
    ):
        meeting = make_meeting(
            f"Quarter {quarter} review", held_on=datetime.date(2023, quarter * 3, 28)
        )
        report = make_report(
            meeting, subject="the quarterly assessment results", period=f"2023 Q{quarter}"
        )
        make_result(report, organization=town, standing=standing, award=award, rank=quarter)
    html = page(client, "organization", "dongping-town")
    assert "1 mobile red flag" in html
    assert "3 yellow card warnings" in html  # two here and one in the browse data
    assert '<svg class="assessment-chart"' in html
    assert 'role="img"' in html and '<title id="chart-title">' in html
    table = html[html.index('id="history-table"') :]
    assert (
        table.index("2023 Q3")
        < table.index("2023 Q2")
        < table.index("2023 Q1")
        < table.index("2022 Q3")
    )
    assert "Investment promotion conference" in html, "the meetings that concern it"


def test_organization_page_without_awards_says_so_instead_of_counting_none(client, db):
    town = make_organization("Quiet Town", slug="quiet-town")
    report = make_report(make_meeting("Quarterly review"), subject="the quarterly results")
    make_result(report, organization=town, standing="excellent", award="red_flag", rank=1)
    html = page(client, "organization", "quiet-town")
    assert "1 mobile red flag" in html
    assert "No yellow card warnings" in html and "0 yellow card" not in html
    assert html.count("award-yellow") == 0, "no yellow badge for a town that got none"


def test_organization_page_counts_every_award_and_shows_the_latest_results(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _, _, organization, _ = build_sized(60)
    html = client.get(organization.get_absolute_url()).content.decode()
    assert "30 mobile red flags" in html and "30 yellow card warnings" in html
    table = html[html.index('id="history-table"') : html.index("</table>")]
    assert table.count("<tr>") == 1 + 50, "the header row and the latest 50 results"
    assert "The latest 50 are shown." in html
    assert 'type="text/csv"' in html, "the full history stays one click away"
    caption = "The latest 16 assessments, period by period (the table below lists them"
    assert caption in html, "the chart says it shows fewer than the table"


def test_organization_page_pages_its_meetings_newest_first(client, db):
    bureau = make_organization("Water Bureau", slug="water-bureau")
    for day in range(1, 24):
        meeting = make_meeting(f"Flood season meeting {day}", held_on=datetime.date(2024, 6, day))
        make_attendance(meeting, make_person(), organization=bureau)
    make_meeting("A meeting without the bureau", held_on=datetime.date(2024, 7, 1))
    make_attendance(make_meeting("Its draft", published=False), make_person(), organization=bureau)

    first = page(client, "organization", "water-bureau")
    assert first.count('class="meeting-item"') == 20
    assert first.index("Flood season meeting 23") < first.index("Flood season meeting 4")
    assert "Page 1 of 2" in first
    assert "without the bureau" not in first and "Its draft" not in first
    url = reverse("meetings:organization", kwargs={"slug": "water-bureau"})
    last = client.get(url, {"page": 2}).content.decode()
    listed = re.findall(r"Flood season meeting (\d+)<", last)
    assert listed == ["3", "2", "1"]
    assert client.get(url, {"page": 3}).status_code == 404


def test_organization_page_without_results_says_so(client, db):
    make_organization("Quiet Bureau", slug="quiet-bureau")
    assert "No assessment results recorded." in page(client, "organization", "quiet-bureau")


def test_topic_page_shows_meetings_directives_and_results_newest_first(client, data):
    html = page(client, "topic", "safety-production")
    assert html.index("县安全生产专题会议") < html.index("Safety production work meeting")
    assert "fire inspections must cover every village" in html
    assert "Safety draft meeting" not in html
    investment = page(client, "topic", "investment-promotion")
    assert "Dongping Town" in investment and "yellow card warning" in investment


def test_results_are_listed_by_rank_the_unranked_last_in_the_readers_language(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = make_topic("Road safety", slug="road-safety")
        meeting = make_meeting("Road safety review")
        report = make_report(meeting, topics=[topic])
        make_result(report, units_described="villages without a rank")
        make_result(report, units_described="two unnamed towns", standing="lagging", rank=3)
        east = make_organization("East Town", slug="east-town")
        make_result(report, east, standing="excellent", award="red_flag", rank=1)
        west = make_organization("West Town", slug="west-town")
        make_result(report, west, award="yellow_card", rank=2)
    url = reverse("meetings:topic", kwargs={"slug": "road-safety"})
    items = re.findall(r"<li>(.*?)</li>", client.get(url).content.decode())
    assert items[-4:] == [
        f'<a href="{east.get_absolute_url()}">East Town</a>: excellent '
        '<span class="award award-red">mobile red flag</span>',
        f'<a href="{west.get_absolute_url()}">West Town</a>: other '
        '<span class="award award-yellow">yellow card warning</span>',
        "two unnamed towns: lagging —",
        "villages without a rank: other —",
    ]
    article = client.get(meeting.get_absolute_url()).content.decode()
    assert article.index("East Town") < article.index("two unnamed towns")
    assert article.index("two unnamed towns") < article.index("villages without a rank")
    with translation.override("zh-hans"):
        chinese = client.get(topic.get_absolute_url()).content.decode()
    assert "优秀" in chinese and "流动红旗" in chinese and "黄牌警告" in chinese


def test_column_page_lists_its_meetings_and_those_of_its_sections(client, data):
    html = page(client, "column", "government-affairs-openness")
    for title in ("Ecological protection review", "Investment promotion conference"):
        assert title in html
    key = page(client, "column", "key-projects")
    assert "Investment promotion conference" in key and "Ecological protection review" not in key
    crumbs = key[
        key.index('class="breadcrumb"') : key.index("</nav>", key.index('class="breadcrumb"'))
    ]
    assert "Government Affairs Openness" in crumbs and "Key Projects" in crumbs


@pytest.mark.parametrize("name", ["person", "organization", "topic", "column", "meeting"])
def test_unknown_slugs_are_404_with_a_helpful_page(client, db, name):
    response = client.get(reverse(f"meetings:{name}", kwargs={"slug": "no-such-thing"}))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_sub_pages_beyond_the_last_are_404(client, data):
    response = client.get(
        reverse("meetings:topic", kwargs={"slug": "safety-production"}), {"page": "999"}
    )
    assert response.status_code == 404


def test_public_pages_set_no_cookie_and_carry_no_csrf_token(client, data):
    urls = [
        reverse("meetings:home"),
        reverse("meetings:meeting_list") + "?q=safety",
        data.m1.get_absolute_url(),
        data.feng.get_absolute_url(),
        data.town.get_absolute_url(),
        data.safety.get_absolute_url(),
        data.key.get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url


def build_sized(size):
    """A meeting, person, organization, topic and column with `size` rows each."""
    topic = make_topic()
    person = make_person()
    organization = make_organization()
    column = make_column()
    first = None
    for index in range(size):
        meeting = make_meeting(topics=[topic], column=column)
        first = first or meeting
        make_attendance(meeting, person, title=f"title {index % 3}", organization=organization)
        report = make_report(meeting, person, topics=[topic], period=f"{2000 + index} Q1")
        make_result(
            report, organization=organization, award="red_flag" if index % 2 else "yellow_card"
        )
        make_directive(meeting, person, topics=[topic])
    for _ in range(size):
        make_attendance(first, make_person(), organization=make_organization())
    return first, person, organization, topic


@pytest.mark.parametrize(
    "name, queries",
    [
        ("meeting", 7),
        ("person", 6),  # their record counted and paged, titles summed, directives, reports
        ("organization", 5),  # its history read with its totals of awards, in one pass
        # A page's meeting ids, then those meetings; on SQLite, for its meetings,
        # reports and directives, how many it tags, and, as they are few, which.
        ("topic", 9 + 3 * GATHERED),
        ("column", 8),
    ],
)
@pytest.mark.parametrize("size", [3, 60])
def test_pages_run_a_fixed_number_of_queries_whatever_the_size(
    client, db, django_assert_num_queries, django_capture_on_commit_callbacks, name, queries, size
):
    with django_capture_on_commit_callbacks(execute=True):  # the tallies are counted on commit
        meeting, person, organization, topic = build_sized(size)
    url = {
        "meeting": meeting.get_absolute_url(),
        "person": person.get_absolute_url(),
        "organization": organization.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "column": meeting.column.get_absolute_url(),
    }[name]
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    listed = response.content.decode().count('class="meeting-item"')
    assert listed == (0 if name in ("meeting", "person") else min(size, 20))


@pytest.mark.parametrize("size", [3, 60])
def test_home_and_list_run_a_fixed_number_of_queries(
    client,
    db,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    shared_generation,
    size,
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting, *_ = build_sized(size)
    with django_assert_num_queries(7):
        client.get(reverse("meetings:home"))
    with django_assert_num_queries(2):  # its columns and topics, once per content generation
        response = client.get(reverse("meetings:home"))
    assert response.content.decode().count('class="meeting-item"') == min(size, 10)
    # The page's ids, then its meetings; the archive's first and last year, the months
    # of the chosen year from the tallies, less any meeting scheduled for later.
    with django_assert_num_queries(11):
        response = client.get(
            reverse("meetings:meeting_list"), {"topic": [], "year": meeting.held_on.year}
        )
    assert response.content.decode().count('class="meeting-item"') == min(size, 20)
    # The topics, the columns and the archive's first and last year are read once per
    # content generation.
    with django_assert_num_queries(7):
        response = client.get(
            reverse("meetings:meeting_list"), {"year": meeting.held_on.year, "sort": "oldest"}
        )
    assert response.content.decode().count('class="meeting-item"') == min(size, 20)


def test_lists_leave_the_articles_text_in_the_database(
    client, db, django_capture_on_commit_callbacks
):
    """A list shows each meeting's title, day and summary; the article itself, which may
    run to pages, is read by the article page alone."""
    with django_capture_on_commit_callbacks(execute=True):
        meeting, _person, organization, topic = build_sized(3)
        edit(meeting, body="The whole article, paragraph after paragraph.")
    for url in [
        reverse("meetings:home"),
        reverse("meetings:meeting_list"),
        topic.get_absolute_url(),
        meeting.column.get_absolute_url(),
        organization.get_absolute_url(),
        reverse("api:meeting-list"),
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert meeting.title in response.content.decode()
        assert not [q for q in queries.captured_queries if '"body"' in q["sql"]], url


@pytest.mark.parametrize("size", [3, 60])
def test_a_list_by_person_counts_every_meeting_while_reading_its_page(
    client, db, django_assert_num_queries, django_capture_on_commit_callbacks, size
):
    with django_capture_on_commit_callbacks(execute=True):
        _meeting, person, *_ = build_sized(size)
    list_url = reverse("meetings:meeting_list")
    # The person, and whether a public meeting names them; the page's ids with the number
    # of all the person's meetings (they are not tallied), in one query rather than two;
    # the page's meetings and their topics; the archive's first and last year; the topics
    # and columns of the filter form.
    with django_assert_num_queries(9):
        response = client.get(list_url, {"person": person.slug})
    page = response.context["page_obj"]
    assert page.paginator.count == size
    assert f"{size} meetings found" in response.content.decode()
    last_number = page.paginator.num_pages
    last = client.get(list_url, {"person": person.slug, "page": last_number})
    assert len(last.context["page_obj"].object_list) == size - 20 * (last_number - 1)
    beyond = client.get(list_url, {"person": person.slug, "page": last_number + 1})
    assert beyond.status_code == 400
    assert f"Choose a page between 1 and {last_number}." in beyond.content.decode()


def test_a_long_history_says_that_only_the_latest_are_shown(client, db):
    person = make_person("Busy Speaker", slug="busy-speaker")
    column = make_column()
    for day in range(51):
        meeting = make_meeting(
            column=column, held_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=day)
        )
        make_directive(meeting, person, text=f"instruction number {day}")
    html = page(client, "person", "busy-speaker")
    assert "The latest 50 are shown. <a href=" in html
    assert "instruction number 50" in html and "instruction number 0<" not in html
    chinese = client.get(f"/zh-hans/people/{person.slug}/").content.decode()
    assert "仅显示最近50条。<a href=" in chinese, "no space after a Chinese full stop"


def test_a_persons_newest_directives_skip_unpublished_meetings_and_keep_each_meeting_together(
    client, db
):
    person = make_person("Busy Speaker", slug="busy-speaker")
    day = datetime.date(2024, 5, 6)
    # Two meetings on one day: the one recorded later (the afternoon's) comes first,
    # each with its own directives together, in their order.
    morning = make_meeting("Morning meeting", held_on=day)
    afternoon = make_meeting("Afternoon meeting", held_on=day)
    draft = make_meeting("Draft meeting", held_on=day + datetime.timedelta(days=1), published=False)
    for meeting in (morning, afternoon):
        make_directive(meeting, person, text=f"first point of the {meeting.title}", order=0)
        make_directive(meeting, person, text=f"second point of the {meeting.title}", order=1)
    make_directive(draft, person, text="a point not yet public")
    html = page(client, "person", "busy-speaker")
    shown = re.findall(r"(first|second) point of the (\w+) meeting", html)
    assert shown == [
        ("first", "Afternoon"),
        ("second", "Afternoon"),
        ("first", "Morning"),
        ("second", "Morning"),
    ]
    assert "not yet public" not in html


def test_someone_entered_only_for_a_draft_has_no_public_trace(client, db, settings):
    settings.SEARCH_RATE_PER_MINUTE = 10**9
    newcomer = make_person("Qin Lan", slug="qin-lan")
    make_attendance(make_meeting("Draft meeting", published=False), newcomer, title="county head")
    make_attendance(make_meeting("Public meeting"), make_person("Feng Jie", slug="feng-jie"))

    assert client.get("/en/people/qin-lan/").status_code == 404
    assert client.get("/en/people/qin-lan/feed.rss").status_code == 404
    assert client.get("/en/meetings/?person=qin-lan").status_code == 400
    assert "Qin Lan" not in client.get("/en/meetings/?q=Qin").content.decode()
    assert [p["slug"] for p in client.get("/api/people/").json()["results"]] == ["feng-jie"]
    assert "/people/qin-lan/" not in client.get("/sitemap-people.xml").content.decode()
    assert "/people/feng-jie/" in client.get("/sitemap-people.xml").content.decode()


def test_someone_who_only_reported_or_issued_a_directive_has_a_page(client, db):
    reporter, issuer = (
        make_person("Lu Ming", slug="lu-ming"),
        make_person("He Ping", slug="he-ping"),
    )
    meeting = make_meeting("Public meeting")
    make_report(meeting, reporter)
    make_directive(meeting, issuer)
    assert client.get("/en/people/lu-ming/").status_code == 200
    assert client.get("/en/people/he-ping/feed.rss").status_code == 200
    assert client.get("/en/meetings/?person=he-ping").status_code == 200


@pytest.mark.parametrize("page", ["topic", "column"])
def test_a_topic_or_columns_later_pages_list_the_next_meetings_newest_first(
    client, db, committed, page
):
    topic, column = make_topic(), make_column()
    with committed():  # the tallies that give the number of pages are counted on commit
        meetings = [
            make_meeting(
                f"Meeting {n}",
                topics=[topic],
                column=column,
                held_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            )
            for n in range(45)
        ]
    newest_first = [m.title for m in reversed(meetings)]
    url = (topic if page == "topic" else column).get_absolute_url()
    for number, expected in [(1, newest_first[:20]), (3, newest_first[40:])]:
        response = client.get(url, {"page": number})
        assert [m.title for m in response.context["page_obj"].object_list] == expected
    assert client.get(url, {"page": 4}).status_code == 404
