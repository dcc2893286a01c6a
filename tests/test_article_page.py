"""A visitor reads the sample meeting as a government-affairs article."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Meeting
from tests.factories import (
    make_attendance,
    make_column,
    make_directive,
    make_meeting,
    make_organization,
    make_person,
    make_report,
    make_result,
)

pytestmark = pytest.mark.django_db

SAMPLE_ATTENDEES = [
    ("Feng Jie", "secretary of the county party committee"),
    ("Liu Jie", "deputy secretary of the county party committee"),
    ("An Lu", None),
    ("Hu Jun", None),
    ("Zhang Xiaorui", None),
    ("He Bingzheng", None),
    ("Chang Xiangqian", None),
    ("Li Guoliang", None),
    ("Wang Wei", "deputy directors of the standing committee of the county people&#x27;s congress"),
    ("Zhang Jianxun", None),
    ("Yan Yang", None),
    ("He Xiaoming", None),
    ("Guo Jianjun", "deputy county leaders"),
    ("Xu Cunfei", "a member of the party group of the county government"),
    ("Li Jun", "president of the county people&#x27;s court"),
    ("Liu Shixiong", "chief procurator of the county people&#x27;s procuratorate"),
    ("Huang Chunsheng", "political commissar of the county public security bureau"),
    ("Zhao Guibo", "deputy secretary of the county party committee and head of the county"),
]


def article_text(response):
    html = response.content.decode()
    body = html[html.index('<div class="article-body"') : html.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body))


def test_sample_article_names_every_attendee_with_title_in_the_articles_order(
    client, sample_meeting
):
    response = client.get(sample_meeting.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    positions = []
    for name, title in SAMPLE_ATTENDEES:
        assert f">{name}</a>" in html
        positions.append(html.index(f">{name}</a>"))
        if title:
            assert title in html
    assert positions == sorted(positions), "attendees are printed in the article's order"


def test_sample_article_reads_like_the_original(client, sample_meeting):
    text = article_text(client.get(sample_meeting.get_absolute_url()))
    assert (
        "Feng Jie, secretary of the county party committee, attended the meeting and made a speech."
        in text
    )
    assert (
        "Zhao Guibo, deputy secretary of the county party committee and head of the county, "
        "presided over the meeting." in text
    )
    assert (
        "At the meeting, Liu Jie reported the comprehensive evaluation results "
        "of key work observation;" in text
    )
    assert (
        "Hu Jun, Zhang Xiaorui, He Bingzheng, He Xiaoming and Guo Jianjun respectively reported "
        "the third quarter assessment results of key project construction" in text
    )
    assert (
        "the “mobile red flag” was awarded to two excellent departments and two towns, and the "
        "“yellow card warning” was issued to two lagging departments and two towns." in text
    )


def test_sample_article_shows_both_awards_and_all_three_directives(client, sample_meeting):
    response = client.get(sample_meeting.get_absolute_url())
    text = article_text(response)
    assert 'class="award award-red">mobile red flag<' in response.content.decode()
    assert 'class="award award-yellow">yellow card warning<' in response.content.decode()
    assert (
        "Feng Jie pointed out that the whole county should focus on high-quality delisting" in text
    )
    assert "Feng Jie required that we should focus on economic operation" in text
    assert (
        "Feng Jie stressed that we should focus on the overall social harmony and stability" in text
    )
    assert "welcome the successful convening of the 20th CPC National Congress." in text


def test_article_has_breadcrumb_and_disclosure_metadata(client, sample_meeting):
    sample_meeting.index_number = "11530000-2022-00042"
    sample_meeting.document_number = "Office Letter [2022] No. 7"
    sample_meeting.issued_by = make_organization("County Government Office")
    sample_meeting.save()
    response = client.get(sample_meeting.get_absolute_url())
    html = response.content.decode()
    crumbs = re.findall(r'<nav class="breadcrumb".*?</nav>', html, re.S)[0]
    assert [re.sub(r"<[^>]+>|\s+", "", c) for c in re.findall(r"<li.*?</li>", crumbs, re.S)] == [
        "Home",
        "GovernmentAffairsOpenness",
        "KeyProjects",
        "Article",
    ]
    for text in [
        "11530000-2022-00042",
        "Office Letter [2022] No. 7",
        "County Government Office",
        "Sept. 30, 2022",
    ]:
        assert text in html


def test_people_and_topics_link_to_their_pages(client, sample_meeting):
    html = client.get(sample_meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:person", kwargs={"slug": "feng-jie"}) in html
    assert reverse("meetings:topic", kwargs={"slug": "safety-production"}) in html


def test_named_units_link_to_their_organization_page(client):
    meeting = make_meeting()
    town = make_organization("Dongping Town", slug="dongping-town")
    make_result(make_report(meeting), organization=town, standing="lagging", award="yellow_card")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert '<a href="/en/organizations/dongping-town/">Dongping Town</a>' in html


def test_drafts_are_not_found_by_the_public(client):
    draft = make_meeting(published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_meetings_published_in_the_future_stay_hidden_until_then(client):
    scheduled = make_meeting(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    Meeting.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_staff_preview_unpublished_meetings(staff_client):
    draft = make_meeting("Draft meeting on flood control", published=False)
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this meeting is not public yet" in response.content.decode()


def test_text_entered_by_staff_is_escaped(client):
    meeting = make_meeting("<script>alert(1)</script>", summary="<img src=x onerror=alert(1)>")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def build_meeting_with(attendees):
    meeting = make_meeting()
    for order in range(attendees):
        make_attendance(
            meeting,
            role=Attendance.Role.ATTENDED,
            title=f"title {order % 4}",
            order=order,
            organization=make_organization(),
        )
    report = make_report(meeting)
    for _ in range(attendees // 3):
        make_result(report, organization=make_organization(), award="red_flag")
    for _ in range(attendees // 10 + 1):
        make_directive(meeting, issued_by=make_person())
    return meeting


@pytest.mark.parametrize("depth, queries", [(3, 5), (5, 6)])
def test_the_breadcrumb_names_every_column_above_the_meeting(
    client, db, django_assert_num_queries, depth, queries
):
    """Three levels are read with the meeting; a deeper tree costs one query more."""
    column = None
    for level in range(1, depth + 1):
        column = make_column(f"Level {level}", parent=column)
    meeting = make_meeting(column=column)
    with django_assert_num_queries(queries):
        html = client.get(meeting.get_absolute_url()).content.decode()
    crumbs = re.findall(r'<nav class="breadcrumb".*?</nav>', html, re.S)[0]
    names = [
        re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<li.*?</li>", crumbs, re.S)
    ]
    assert names == ["Home", *(f"Level {level}" for level in range(1, depth + 1)), "Article"]


@pytest.mark.parametrize("attendees", [3, 60])
def test_article_page_runs_the_same_queries_for_any_meeting_size(
    client, django_assert_num_queries, attendees
):
    meeting = build_meeting_with(attendees)
    # The meeting with its column's breadcrumb, then its topics, attendance, reports (and
    # their topics and results) and directives.
    with django_assert_num_queries(7):
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200


def test_a_generated_meeting_says_so_and_is_kept_out_of_search_engines(client, sample_meeting):
    """A visitor opening a demonstration meeting is told it is made up; search engines
    are asked not to index it, and no structured data names a government publisher. The
    user's sample article is a real record and carries none of this."""
    from django.core.management import call_command

    call_command("seed_demo", meetings=5, seed=2, verbosity=0)
    generated = Meeting.objects.published().filter(source="synthetic").first()
    html = client.get(generated.get_absolute_url()).content.decode()
    notice = re.search(r'<p class="notice notice-synthetic" role="note">(.*?)</p>', html)
    assert notice and "not a real government record" in notice.group(1)
    assert html.index(notice.group(0)) < html.index('<div class="article-body"')
    assert '<meta name="robots" content="noindex">' in html
    assert "application/ld+json" not in html

    real = client.get(sample_meeting.get_absolute_url()).content.decode()
    assert "notice-synthetic" not in real and "noindex" not in real
    assert "application/ld+json" in real


def test_proceedings_without_awards_end_with_a_full_stop(client, db):
    """The clauses of "At the meeting, …" are joined with semicolons; the last one,
    whatever it is, ends the sentence."""
    english = make_meeting("Budget review", language="en")
    make_report(english, make_person("Lu Ping"), "the budget figures")
    make_report(english, make_person("Wu Hao"), "the budget figures")
    text = article_text(client.get(english.get_absolute_url()))
    assert "At the meeting, Lu Ping and Wu Hao respectively reported the budget figures." in text
    chinese = make_meeting("预算审议会", language="zh-hans")
    make_report(chinese, make_person("陆平"), "预算执行情况")
    text = article_text(client.get(chinese.get_absolute_url()))
    assert "会上，陆平通报了预算执行情况。" in text


def test_other_statements_entered_as_a_sentence_read_as_a_clause(client, db):
    """The help text's example ends with a full stop; the article goes on after it."""
    meeting = make_meeting(
        other_statements="Major comrades in charge of lagging towns made a statement.",
        language="en",
    )
    make_result(
        make_report(meeting, make_person("Lu Ping"), "the assessment results"),
        organization=make_organization("Dongping Town"),
        standing="excellent",
        award="red_flag",
    )
    text = article_text(client.get(meeting.get_absolute_url()))
    assert (
        "Major comrades in charge of lagging towns made a statement; "
        "the “mobile red flag” was awarded to Dongping Town." in text
    )
    alone = make_meeting(other_statements="各乡镇主要负责同志作表态发言。", language="zh-hans")
    assert "会上，各乡镇主要负责同志作表态发言。" in article_text(
        client.get(alone.get_absolute_url())
    )


def test_someone_who_gave_a_report_is_not_said_to_have_reported_twice(client, db):
    """An editor who records Hu Jun as having "reported", and enters his report, reads
    "Hu Jun reported the results…" once, not "…; Hu Jun, deputy director, reported;"."""
    meeting = make_meeting("Quarterly review", language="en")
    hu, lu = make_person("Hu Jun"), make_person("Lu Ping")
    make_attendance(meeting, hu, "reported", title="deputy director")
    make_attendance(meeting, lu, "reported", title="director of the finance bureau")
    make_report(meeting, hu, "the investment results")
    text = article_text(client.get(meeting.get_absolute_url()))
    assert "At the meeting, Hu Jun reported the investment results; Lu Ping" in text
    assert "Hu Jun, deputy director, reported" not in text
    assert "Lu Ping, director of the finance bureau, reported" in text, "no report of his own"
