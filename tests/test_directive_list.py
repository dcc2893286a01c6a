"""A citizen asks what was required on safety production this year: the directives list
answers, narrowed by topic, person, verb and year, newest first, every one reachable."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.views import directives
from tests.factories import edit, make_directive, make_meeting, make_person, make_topic

LIST = reverse("meetings:directive_list")


@pytest.fixture
def said(db):
    safety = make_topic("Safety production", slug="safety-production")
    roads = make_topic("Roads", slug="roads")
    chen = make_person("Chen Qiang", slug="chen-qiang", alt_names="陈强")
    zheng = make_person("Zheng Gang", slug="zheng-gang")
    spring = make_meeting("Spring safety meeting", held_on=datetime.date(2026, 3, 2))
    autumn = make_meeting("Autumn safety meeting", held_on=datetime.date(2026, 9, 8))
    last_year = make_meeting("Safety meeting of 2025", held_on=datetime.date(2025, 6, 1))
    draft = make_meeting("A draft", held_on=datetime.date(2026, 10, 1), published=False)
    make_directive(spring, chen, "required", "every town should check its mines", topics=[safety])
    make_directive(spring, zheng, "stressed", "roads must be cleared of snow", topics=[roads])
    make_directive(autumn, chen, "required", "fire drills are held monthly", topics=[safety])
    make_directive(autumn, zheng, "pointed_out", "accidents fell by a third", topics=[safety])
    make_directive(last_year, chen, "required", "helmets are worn on sites", topics=[safety])
    make_directive(draft, chen, "required", "this is not public yet", topics=[safety])
    return safety, chen, zheng, spring


def texts(response):
    return [directive.text for directive in response.context["page_obj"]]


def listed(client, status=200, **params):
    response = client.get(LIST, params)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def test_what_was_required_on_safety_production_this_year(client, said):
    response = listed(client, topic="safety-production", verb="required", year="2026")
    assert texts(response) == ["fire drills are held monthly", "every town should check its mines"]
    html = response.content.decode()
    assert "2 directives found" in html
    assert (
        '<a href="/en/people/chen-qiang/">Chen Qiang</a> required that fire drills are held '
        "monthly" in html
    )
    assert "Autumn safety meeting" in html and "Sept. 8, 2026" in html


def test_every_public_directive_newest_first_and_by_person(client, said):
    assert texts(listed(client)) == [
        "fire drills are held monthly",
        "accidents fell by a third",
        "every town should check its mines",
        "roads must be cleared of snow",
        "helmets are worn on sites",
    ], "the draft's directive is not shown"
    by_zheng = listed(client, person="zheng-gang")
    assert texts(by_zheng) == ["accidents fell by a third", "roads must be cleared of snow"]
    assert "Directives issued by" in by_zheng.content.decode()


def test_a_meeting_withdrawn_takes_its_directives_off_the_list(
    client, said, django_capture_on_commit_callbacks
):
    spring = said[3]
    with django_capture_on_commit_callbacks(execute=True):
        edit(spring, status=Meeting.Status.WITHDRAWN)
    assert "every town should check its mines" not in texts(listed(client))
    with django_capture_on_commit_callbacks(execute=True):
        edit(spring, status=Meeting.Status.PUBLISHED, published_at=timezone.now())
    assert "every town should check its mines" in texts(listed(client))


@pytest.mark.parametrize(
    "params, message",
    [
        (
            {"verb": "shouted"},
            "“shouted” is not one of pointed_out, required, stressed, called_for, other.",
        ),
        ({"year": "soon"}, "Enter a whole number."),
        ({"topic": "no-such-topic"}, "There is no topic “no-such-topic”."),
        ({"person": "nobody"}, "There is no person with the address name “nobody”."),
    ],
)
def test_a_bad_filter_is_a_400_that_says_which(client, said, params, message):
    html = listed(client, status=400, **params).content.decode()
    assert "Some of the filters could not be used" in html and message in html


def test_the_chinese_page_keeps_each_directive_in_its_articles_words(client, said):
    chinese = make_meeting("县安全生产会议", language="zh-hans", held_on=datetime.date(2026, 11, 1))
    make_directive(chinese, said[1], "stressed", "要压实安全生产责任", topics=[said[0]])
    html = client.get("/zh-hans/directives/", {"verb": "stressed"}).content.decode()
    assert '<a href="/zh-hans/people/chen-qiang/">陈强</a>强调，要压实安全生产责任' in html
    assert "工作部署" in html


def test_past_the_pages_it_can_show_it_says_so_rather_than_count_every_row(
    client, said, monkeypatch
):
    monkeypatch.setattr(directives, "PAGE_SIZE", 2)
    monkeypatch.setattr(directives, "MAX_PAGE", 2)
    html = listed(client).content.decode()
    assert "More directives than can be shown: the first 2 pages are shown." in html
    assert "Add words" not in html, "the page has no words to add"
    assert "Page 1 of 2" in html
    listed(client, status=404, page="3")
    assert "3 directives found" in listed(client, verb="required").content.decode()


def test_the_list_reads_the_same_few_queries_however_many_directives(client, said):
    listed(client)  # the topics, read once per content generation
    with CaptureQueriesContext(connection) as few:
        listed(client)
    meeting = make_meeting("A long meeting", held_on=datetime.date(2026, 5, 5))
    for n in range(30):
        make_directive(meeting, make_person(), "required", f"task {n} is done")
    listed(client)
    with CaptureQueriesContext(connection) as many:
        assert len(texts(listed(client))) == 20
    assert len(many) == len(few) <= 5


def test_topic_and_person_pages_lead_to_all_their_directives(client, said):
    topic = client.get("/en/topics/safety-production/").content.decode()
    assert 'href="/en/directives/?topic=safety-production"' in topic
    person = client.get("/en/people/chen-qiang/").content.decode()
    assert 'href="/en/directives/?person=chen-qiang"' in person


def test_every_verb_reads_as_english_and_long_chinese_is_cut_on_topic_pages(client, said):
    safety, chen = said[0], said[1]
    meeting = make_meeting("Flood meeting", held_on=datetime.date(2026, 6, 1))
    make_directive(meeting, chen, "called_for", "every village should be ready", topics=[safety])
    html = listed(client, verb="called_for").content.decode()
    assert "Chen Qiang</a> urged that every village should be ready" in html
    chinese = make_meeting("县防汛会议", language="zh-hans", held_on=datetime.date(2026, 6, 2))
    make_directive(chinese, chen, "required", "要" + "压实责任" * 60, topics=[safety])
    topic = client.get("/zh-hans/topics/safety-production/").content.decode()
    sentence = topic[topic.index("陈强</a>要求，") :].split("</p>")[0]
    assert "压实责任" * 40 not in sentence and len(sentence) < 160, "cut, as English text is"
