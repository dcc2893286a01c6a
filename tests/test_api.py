"""A developer reads published meetings, people, organizations, topics and columns as JSON."""

import datetime
import json
import re
import threading
import time
from types import SimpleNamespace

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import AnonRateThrottle
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from meetings import ratelimit
from meetings.api import pagination
from meetings.models import Attendance, Column, Meeting, Organization, Person, Topic
from meetings.search import results
from tests.browse_data import build_browse_data
from tests.factories import (
    make_attendance,
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

MEETINGS = reverse("api:meeting-list")
PAGE = reverse("meetings:meeting_list")
PUBLISHED_SLUGS = [
    "ecological-protection-review",
    "county-safety-special-meeting",
    "investment-promotion-conference",
    "safety-production-work-meeting",
]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Throttles count requests in the cache: every test starts and ends with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_browse_data()


@pytest.fixture
def unpublished(data):
    """A meeting in each state the public must not see, all attended by Feng Jie."""
    past = timezone.now() - datetime.timedelta(days=3)
    review = make_meeting(
        "Safety review-stage meeting", slug="in-review", status=Meeting.Status.REVIEW
    )
    withdrawn = make_meeting(
        "Safety withdrawn meeting",
        slug="withdrawn",
        status=Meeting.Status.WITHDRAWN,
        published_at=past,
        withdrawn_at=past,
        withdrawn_reason="Published by mistake.",
    )
    for meeting in (review, withdrawn):
        meeting.topics.set([data.safety])
        make_attendance(meeting, data.feng)
    return [review, withdrawn, data.draft, data.scheduled]


def get_json(client, path, params=None, status=200, **headers):
    response = client.get(path, params or {}, HTTP_ACCEPT="application/json", **headers)
    assert response.status_code == status, response.content.decode()[:2000]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def detail(name, slug):
    return reverse(f"api:{name}-detail", kwargs={"slug": slug})


def test_the_meeting_list_shows_published_meetings_newest_first(client, data):
    page = get_json(client, MEETINGS)
    assert page["count"] == 4
    assert page["next"] is None and page["previous"] is None
    assert [m["slug"] for m in page["results"]] == PUBLISHED_SLUGS
    assert page["results"][2] == {
        "slug": "investment-promotion-conference",
        "title": "Investment promotion conference",
        "held_on": "2022-09-30",
        "column": {"slug": "key-projects", "name": "Key Projects", "name_zh": ""},
        "topics": [
            {"slug": "investment-promotion", "name": "Investment promotion", "name_zh": "招商引资"}
        ],
        "summary": "The county reviewed the third-quarter investment figures.",
        "url": "http://testserver/en/meetings/investment-promotion-conference/",
        "api_url": "http://testserver/api/meetings/investment-promotion-conference/",
    }


def test_a_meeting_shows_its_attendance_reports_results_and_directives(client, data):
    meeting = get_json(client, detail("meeting", "investment-promotion-conference"))
    assert meeting["attendance"] == [
        {
            "person": {"slug": "zhang-xiaorui", "name": "Zhang Xiaorui", "name_zh": "张晓瑞"},
            "role": "attended",
            "title": "deputy county head",
            "organization": None,
        }
    ]
    assert meeting["reports"] == [
        {
            "reporter": {"slug": "zhang-xiaorui", "name": "Zhang Xiaorui", "name_zh": "张晓瑞"},
            "subject": "the third quarter assessment results of investment promotion",
            "period": "2022 Q3",
            "topics": [
                {
                    "slug": "investment-promotion",
                    "name": "Investment promotion",
                    "name_zh": "招商引资",
                }
            ],
            "summary": "",
            "results": [
                {
                    "organization": {
                        "slug": "dongping-town",
                        "name": "Dongping Town",
                        "name_zh": "东坪镇",
                    },
                    "units_described": "",
                    "standing": "lagging",
                    "award": "yellow_card",
                    "rank": None,
                    "score": None,
                    "note": "",
                }
            ],
        }
    ]
    assert meeting["directives"] == []
    assert meeting["url"] == "http://testserver/en/meetings/investment-promotion-conference/"

    meeting = get_json(client, detail("meeting", "safety-production-work-meeting"))
    assert meeting["directives"] == [
        {
            "issued_by": {"slug": "feng-jie", "name": "Feng Jie", "name_zh": "冯杰"},
            "verb": "stressed",
            "text": "fire inspections must cover every village and every school",
            "topics": [{"slug": "safety-production", "name": "Safety production", "name_zh": ""}],
        }
    ]
    assert meeting["attendance"][0]["role"] == "speech"
    assert meeting["attendance"][0]["title"] == "secretary of the county party committee"


def test_a_meeting_carries_its_disclosure_metadata(client, db):
    office = make_organization("County Government Office", slug="county-government-office")
    revised = timezone.now() - datetime.timedelta(hours=1)
    make_meeting(
        "County executive meeting",
        slug="county-executive-meeting",
        location="Room 3, county government",
        index_number="000014349/2022-00123",
        document_number="County Gov. Minutes [2022] No. 7",
        issued_by=office,
        other_attendees="The heads of all departments attended.",
        other_statements="Lagging towns made a statement.",
        body="First paragraph.\n\nSecond paragraph.",
        revised_at=revised,
    )
    meeting = get_json(client, detail("meeting", "county-executive-meeting"))
    assert meeting["issued_by"] == {
        "slug": "county-government-office",
        "name": office.name,
        "name_zh": "",
    }
    assert meeting["index_number"] == "000014349/2022-00123"
    assert meeting["document_number"] == "County Gov. Minutes [2022] No. 7"
    assert meeting["location"] == "Room 3, county government"
    assert meeting["language"] == "en"
    assert meeting["other_attendees"] == "The heads of all departments attended."
    assert meeting["other_statements"] == "Lagging towns made a statement."
    assert meeting["body"] == "First paragraph.\n\nSecond paragraph."
    assert meeting["published_at"] is not None
    assert datetime.datetime.fromisoformat(meeting["revised_at"]) == revised
    assert meeting["source"] == ""


def test_a_generated_demonstration_meeting_says_so(client, db):
    make_meeting("Songhe County held a meeting", slug="generated", source=Meeting.SYNTHETIC)
    assert get_json(client, detail("meeting", "generated"))["source"] == "synthetic"


def test_a_result_for_units_the_article_does_not_name_has_no_organization(client, db):
    meeting = make_meeting(slug="unnamed-units")
    report = make_report(meeting)
    make_result(
        report, units_described="two excellent departments", standing="excellent", score="98.50"
    )
    result = get_json(client, detail("meeting", "unnamed-units"))["reports"][0]["results"][0]
    assert result["organization"] is None
    assert result["units_described"] == "two excellent departments"
    assert result["score"] == "98.50"


def test_people_organizations_topics_and_columns_are_listed_in_full(client, data):
    people = get_json(client, reverse("api:person-list"))["results"]
    assert [p["slug"] for p in people] == ["feng-jie", "li-guoliang", "zhang-xiaorui"]
    assert get_json(client, detail("person", "feng-jie")) == {
        "slug": "feng-jie",
        "name": "Feng Jie",
        "name_zh": "冯杰",
        "alt_names": ["冯杰"],
        "url": "http://testserver/en/people/feng-jie/",
        "meetings_url": "http://testserver/api/meetings/?person=feng-jie",
    }
    assert get_json(client, detail("organization", "dongping-town")) == {
        "slug": "dongping-town",
        "name": "Dongping Town",
        "name_zh": "东坪镇",
        "kind": "town",
        "parent": None,
        "url": "http://testserver/en/organizations/dongping-town/",
        "meetings_url": "http://testserver/api/meetings/?organization=dongping-town",
    }
    topics = get_json(client, reverse("api:topic-list"))["results"]
    assert [t["slug"] for t in topics] == [
        "ecological-protection",
        "investment-promotion",
        "safety-production",
    ]
    assert set(topics[0]) == {
        "slug",
        "name",
        "name_zh",
        "description",
        "description_zh",
        "url",
        "meetings_url",
    }
    columns = get_json(client, reverse("api:column-list"))["results"]
    assert {c["slug"]: c["parent"] for c in columns} == {
        "government-affairs-openness": None,
        "key-projects": "government-affairs-openness",
        "meeting-minutes": "government-affairs-openness",
    }
    assert columns[0]["order"] == 0


def read_every_page(client, url):
    """The slugs of every record a list shows, following `next` from the first page."""
    slugs = []
    while url:
        page = get_json(client, url)
        slugs += [record["slug"] for record in page["results"]]
        url = page["next"]
    return slugs


def test_paging_through_namesakes_shows_each_person_and_organization_once(client, db):
    """Forty-five people called Wang Wei and as many Xinhua Villages: the pages show
    each once, namesakes in the order of their addresses."""
    meeting = make_meeting()
    slugs = [f"wang-wei-{n:02}" for n in range(45)]
    for slug in reversed(slugs):  # created out of address order
        make_attendance(meeting, make_person("Wang Wei", slug=slug))
        make_organization("Xinhua Village", slug=slug.replace("wang-wei", "xinhua"))
    make_organization("Anping Town", slug="zz-anping")
    people = read_every_page(client, reverse("api:person-list"))
    assert people == slugs
    organizations = read_every_page(client, reverse("api:organization-list"))
    assert organizations == ["zz-anping", *(s.replace("wang-wei", "xinhua") for s in slugs)]


def test_a_persons_meetings_url_lists_their_published_meetings(client, data, unpublished):
    person = get_json(client, detail("person", "feng-jie"))
    meetings = get_json(client, person["meetings_url"])["results"]
    assert [m["slug"] for m in meetings] == [
        "county-safety-special-meeting",
        "safety-production-work-meeting",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "topic=safety-production",
        "topic=safety-production&topic=investment-promotion",
        "date_from=2022-06-01&date_to=2023-12-31",
        "date_from=2022-09-30&date_to=2022-09-30",
        "year=2022",
        "person=feng-jie",
        "organization=dongping-town",
        "column=key-projects",
        "column=government-affairs-openness&year=2024",
        "topic=ecological-protection&person=li-guoliang&date_from=2024-01-01",
        "sort=oldest",
        "sort=relevance",
        "q=safety",
        "q=Feng+Jei",
        "q=冯杰",
        "q=river+chief&sort=oldest",
        "q=safety&sort=relevance",
        "q=safety&sort=newest",
        "q=+++",
    ],
)
def test_each_filter_finds_the_same_meetings_as_the_meetings_page(client, data, query):
    page = client.get(f"{PAGE}?{query}")
    assert page.status_code == 200
    expected = [m.slug for m in page.context["page_obj"].object_list]
    found = get_json(client, f"{MEETINGS}?{query}")["results"]
    assert [m["slug"] for m in found] == expected


@pytest.fixture
def harbour_meetings(db, committed):
    """Twenty-five meetings about the harbour: two pages of results."""
    with committed():
        return [
            make_meeting(f"Harbour inspection {n}", held_on=datetime.date(2024, 1, 1 + n))
            for n in range(25)
        ]


def test_a_search_is_ranked_once_for_the_api_and_the_meetings_page(
    client, harbour_meetings, monkeypatch, shared_generation
):
    rankings = []
    rank_in_full = results._ranked
    monkeypatch.setattr(
        results, "_ranked", lambda *args: rankings.append(args) or rank_in_full(*args)
    )
    first = get_json(client, f"{MEETINGS}?q=harbour")
    assert len(rankings) == 1
    second = get_json(client, f"{MEETINGS}?q=harbour&page=2")
    page = client.get(PAGE, {"q": "harbour", "page": 2})
    assert len(rankings) == 1  # the later page, and the meetings page, read the kept one
    assert first["count"] == second["count"] == 25
    assert len(first["results"]) == 20 and len(second["results"]) == 5
    assert [m["slug"] for m in second["results"]] == [
        m.slug for m in page.context["page_obj"].object_list
    ]


def test_an_api_searchs_last_page_is_read_from_every_kept_result(
    client, harbour_meetings, monkeypatch
):
    """A kept ranking may hold only its first results (after an edit): "last" must ask
    for all of them, not for page one's."""
    asked = []
    rank = pagination.ranked_ids
    monkeypatch.setattr(
        pagination,
        "ranked_ids",
        lambda filterset, limit, wanted, current: (
            asked.append(wanted) or rank(filterset, limit, wanted, current)
        ),
    )
    last = get_json(client, f"{MEETINGS}?q=harbour&page=last")
    assert [m["title"] for m in last["results"]] == [
        f"Harbour inspection {n}" for n in range(4, -1, -1)
    ]
    assert asked == [pagination.MAX_PAGE * 20]


def test_an_api_searchs_pages_stop_where_the_meetings_pages_do(
    client, harbour_meetings, monkeypatch
):
    monkeypatch.setattr(pagination, "MAX_PAGE", 1)
    first = get_json(client, f"{MEETINGS}?q=harbour")
    assert first["count"] == 25  # every result is counted
    assert first["next"] is None  # but the pages stop at the last one listed
    response = client.get(f"{MEETINGS}?q=harbour&page=2")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Invalid page")


def test_a_client_may_ask_for_larger_or_smaller_pages(
    client, harbour_meetings, monkeypatch, shared_generation
):
    """A client reading every meeting asks for pages of up to 100; the next page's
    address keeps the size, and a search is ranked once however it is paged."""
    everything = get_json(client, MEETINGS, {"page_size": 100})
    assert [m["title"] for m in everything["results"]] == [
        f"Harbour inspection {n}" for n in range(24, -1, -1)
    ]
    by_ten = get_json(client, MEETINGS, {"page_size": 10})
    assert len(by_ten["results"]) == 10 and by_ten["count"] == 25
    assert "page_size=10" in by_ten["next"] and "page=2" in by_ten["next"]
    slugs = read_every_page(client, f"{MEETINGS}?page_size=10")
    assert slugs == [m["slug"] for m in everything["results"]]
    one = get_json(client, MEETINGS, {"page_size": 1})
    assert [m["title"] for m in one["results"]] == ["Harbour inspection 24"]

    rankings = []
    rank_in_full = results._ranked
    monkeypatch.setattr(
        results, "_ranked", lambda *args: rankings.append(args) or rank_in_full(*args)
    )
    whole = get_json(client, MEETINGS, {"q": "harbour", "page_size": 25})
    third = get_json(client, MEETINGS, {"q": "harbour", "page_size": 10, "page": 3})
    assert len(rankings) == 1, "one ranking, kept, for every page size"
    assert whole["count"] == third["count"] == 25 and third["next"] is None
    assert len(whole["results"]) == 25 and len(third["results"]) == 5
    assert [m["slug"] for m in third["results"]] == [m["slug"] for m in whole["results"]][20:]


def test_an_api_searchs_pages_hold_as_many_results_whatever_their_size(
    client, harbour_meetings, monkeypatch
):
    """The meetings page pages a search as far as its first pages of 20: a client asking
    for pages of 5 reaches the same results in more pages, and no further."""
    monkeypatch.setattr(pagination, "MAX_PAGE", 1)  # 20 results served
    fourth = get_json(client, MEETINGS, {"q": "harbour", "page_size": 5, "page": 4})
    assert len(fourth["results"]) == 5 and fourth["next"] is None
    assert fourth["count"] == 25, "every result is counted"
    get_json(client, MEETINGS, {"q": "harbour", "page_size": 5, "page": 5}, status=404)
    seventh = get_json(client, MEETINGS, {"q": "harbour", "page_size": 3, "page": 7})
    assert len(seventh["results"]) == 2, "pages of 3 reach the 20th result too"
    get_json(client, MEETINGS, {"q": "harbour", "page_size": 3, "page": 8}, status=404)


@pytest.mark.parametrize("size", ["0", "101", "-5", "1.5", "ten", "٣", "1\x00", "9" * 5000])
def test_a_page_size_that_is_not_1_to_100_answers_400(client, data, size):
    for url in (MEETINGS, f"{MEETINGS}?q=safety", reverse("api:person-list")):
        errors = get_json(client, url, {"page_size": size}, status=400)
        assert errors == {"page_size": ["Ask for a whole number of records from 1 to 100."]}
    chinese = get_json(
        client, MEETINGS, {"page_size": size}, status=400, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert chinese == {"page_size": ["每页条数须为1至100之间的整数。"]}


@pytest.mark.parametrize(
    "query, parameter, message",
    [
        ("date_from=2022-13-01", "date_from", "Enter a valid date."),
        ("date_to=yesterday", "date_to", "Enter a valid date."),
        ("topic=no-such-topic", "topic", "There is no topic “no-such-topic”."),
        ("person=nobody", "person", "There is no person with the address name “nobody”."),
        ("organization=nowhere", "organization", "There is no organization “nowhere”."),
        ("column=nothing", "column", "There is no column “nothing”."),
        ("date_from=2023-01-01&date_to=2022-01-01", "date_to", "The end date is before"),
        ("q=fire%00safety", "q", "Null characters are not allowed."),
        ("q=" + "a" * 10_000, "q", "Ensure this value has at most 200 characters"),
        ("year=abc", "year", "Enter a whole number."),
        ("year=99999", "year", "Ensure this value is less than or equal to 2100."),
        ("sort=sideways", "sort", "Select a valid choice."),
        ("topic=safety%00", "topic", "Null characters are not allowed."),
    ],
)
def test_invalid_filters_answer_400_with_the_messages_as_json(
    client, data, query, parameter, message
):
    errors = get_json(client, f"{MEETINGS}?{query}", status=400)
    assert message in " ".join(errors[parameter])


@pytest.mark.parametrize("page", ["2", "99999", "0", "-1", "abc"])
def test_a_page_that_does_not_exist_answers_404_as_json(client, data, page):
    assert "detail" in get_json(client, MEETINGS, {"page": page}, status=404)


def test_unpublished_meetings_never_appear_anywhere(client, data, unpublished):
    hidden = {m.slug for m in unpublished}
    for query in ["", "person=feng-jie", "topic=safety-production", "q=safety", "year=2023"]:
        found = {m["slug"] for m in get_json(client, f"{MEETINGS}?{query}")["results"]}
        assert found and not found & hidden, query
    for slug in hidden:
        get_json(client, detail("meeting", slug), status=404)
    everything = "".join(
        json.dumps(get_json(client, reverse(f"api:{name}-list")), ensure_ascii=False)
        for name in ["meeting", "person", "organization", "topic", "column"]
    )
    for meeting in unpublished:
        assert meeting.slug not in everything
        assert meeting.title not in everything


def test_a_meetings_address_ignores_the_list_filters(client, data):
    meeting = get_json(client, detail("meeting", "investment-promotion-conference"), {"year": 1999})
    assert meeting["slug"] == "investment-promotion-conference"


def test_unknown_records_answer_404(client, data):
    for name in ["person", "organization", "topic", "column"]:
        get_json(client, detail(name, "no-such-record"), status=404)


@pytest.mark.parametrize(
    "path", ["/api/meetings/中/", "/api/meetings/x/extra/", "/api/minutes/", "/api/people/a b/"]
)
def test_addresses_the_api_does_not_have_answer_404_as_json(client, db, path):
    assert get_json(client, path, status=404) == {"detail": "Not found."}


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_errors_raised_before_any_api_view_answer_as_json(client, db):
    """A query of more fields than Django reads, or a Host the site does not serve, is
    refused before any API view runs: under /api/ the answer is JSON all the same."""
    many = "&".join(f"f{n}=1" for n in range(20))
    response = client.get(f"/api/meetings/?{many}")
    assert response.status_code == 400
    assert response.json() == {"detail": "Malformed request."}
    response = client.get("/api/meetings/", HTTP_HOST="evil.example")
    assert response.status_code == 400 and response.json() == {"detail": "Malformed request."}
    assert client.get("/en/", HTTP_HOST="evil.example")["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_answers_as_json(db, rf):
    from meetings.views.errors import server_error

    response = server_error(rf.get("/api/meetings/"))
    assert response.status_code == 500
    assert json.loads(response.content) == {"detail": "A server error occurred."}
    assert server_error(rf.get("/en/"))["Content-Type"].startswith("text/html")


def test_the_schema_is_served_to_requests_made_at_once_and_ignores_a_version(client, db):
    """drf-spectacular's generator keeps state in globals: built by two threads at once,
    the schema failed (500). And a `version` went into a header and the schema."""
    from meetings.api.schema_view import SchemaView

    SchemaView._built.clear()
    statuses, start = [], threading.Barrier(6)

    def fetch():
        start.wait()
        statuses.append(Client().get("/api/schema/?format=json").status_code)

    threads = [threading.Thread(target=fetch) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6
    response = client.get("/api/schema/", {"format": "json", "version": "\n<x>"})
    assert response.status_code == 200
    assert response.json()["info"]["version"] == "1"
    disposition = 'inline; filename="Meeting records portal API.json"'
    assert response["Content-Disposition"] == disposition


def test_the_schema_is_kept_once_per_language_of_the_site_whatever_lang_asks(client, db):
    """drf-spectacular reads ?lang= as it is: made-up ones must not each cost a build
    and a copy kept for the life of the process."""
    from meetings.api.schema_view import SchemaView

    SchemaView._built.clear()
    for lang in ["x0", "x1", "zh-hans", "zh-Hans", "en", ""]:
        assert client.get("/api/schema/", {"format": "json", "lang": lang}).status_code == 200
    assert set(SchemaView._built) <= {code for code, _name in django_settings.LANGUAGES}


def test_a_missing_api_address_answers_404_in_the_callers_language(client, db):
    answer = get_json(client, "/api/meetings/中/", status=404, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer == {"detail": "未找到。"}


def test_other_addresses_keep_the_sites_404_page_and_the_api_its_redirects(client, db):
    page = client.get("/en/no-such-page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
    assert client.get("/api/meetings").status_code == 301, "the slash is added, not refused"


@pytest.mark.parametrize("size", [3, 30])
def test_the_meeting_list_runs_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, django_capture_on_commit_callbacks, size
):
    topics = [make_topic(), make_topic()]
    with django_capture_on_commit_callbacks(execute=True):  # the tallies are counted on commit
        for _ in range(size):
            make_meeting(topics=topics)
    # The total from the tallies, less meetings scheduled for later; the page; its topics.
    with django_assert_num_queries(4):
        page = get_json(client, MEETINGS)
    assert len(page["results"]) == min(size, 20)
    assert page["count"] == size
    # And the topic named in the filter; on SQLite, how many meetings it tags, and, as
    # they are few, which (see topic_tags).
    with django_assert_num_queries(5 + GATHERED):
        page = get_json(client, f"{MEETINGS}?topic={topics[0].slug}")
    assert page["count"] == size


def test_the_meeting_list_total_is_exact_whether_tallied_or_counted(client, data):
    """A topic's total comes from the tallies, a person's is counted: both are exact,
    and neither counts the draft or the meeting scheduled for later."""
    tallied = get_json(client, f"{MEETINGS}?topic=safety-production")
    assert tallied["count"] == len(tallied["results"]) == 2
    counted = get_json(client, f"{MEETINGS}?person={data.feng.slug}")
    assert counted["count"] == len(counted["results"])


@pytest.mark.parametrize("attendees", [3, 60])
def test_a_meeting_runs_a_fixed_number_of_queries(client, db, django_assert_num_queries, attendees):
    topic = make_topic()
    town = make_organization(kind="town")
    meeting = make_meeting(slug="big-meeting", topics=[topic])
    for n in range(attendees):
        make_attendance(meeting, role=Attendance.Role.ATTENDED, organization=town, order=n)
    for _ in range(attendees // 3):
        report = make_report(meeting, topics=[topic])
        make_result(report, make_organization(), standing="excellent", award="red_flag")
        make_result(report, units_described="two lagging towns", standing="lagging")
        make_directive(meeting, topics=[topic])
    # The meeting, its topics, attendance, reports, their topics and results,
    # directives and their topics.
    with django_assert_num_queries(8):
        found = get_json(client, detail("meeting", "big-meeting"))
    assert len(found["attendance"]) == attendees


def test_too_many_requests_answer_429(client, data, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    for _ in range(3):
        get_json(client, MEETINGS)
    response = client.get(MEETINGS, HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"]


def test_a_forged_forwarded_for_header_does_not_escape_the_rate_limit(client, data, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    for n in range(3):
        get_json(client, MEETINGS, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = client.get(MEETINGS, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_rate_limit(
    client, data, monkeypatch, settings
):
    """With one proxy trusted, the client is the address that proxy saw (portal.client_ip),
    not what the client wrote further left in X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    for n in range(3):
        get_json(client, MEETINGS, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.5")
    response = client.get(MEETINGS, HTTP_X_FORWARDED_FOR="10.0.0.99, 203.0.113.5")
    assert response.status_code == 429, "the forged part of the header is ignored"
    get_json(client, MEETINGS, HTTP_X_FORWARDED_FOR="203.0.113.6")


@pytest.fixture
def one_minute(monkeypatch):
    """The search limit counts per clock minute: the test's searches all fall in one."""
    now = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))


def test_api_searches_share_the_search_rate_limit_of_the_meetings_page(
    client, data, settings, one_minute
):
    settings.SEARCH_RATE_PER_MINUTE = 3
    assert client.get(PAGE, {"q": "safety"}).status_code == 200
    get_json(client, MEETINGS, {"q": "safety"})
    get_json(client, MEETINGS, {"q": "river chief"})
    response = client.get(MEETINGS, {"q": "safety"})
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]
    get_json(client, MEETINGS, {"topic": "safety-production"})  # browsing is not searching
    get_json(client, MEETINGS, {"q": "  "})
    get_json(client, detail("meeting", "investment-promotion-conference"), {"q": "safety"})


def test_the_openapi_schema_is_valid_and_documents_every_endpoint_and_filter(client, db):
    document = get_json(client, reverse("api:schema"), {"format": "json"})
    schemathesis.openapi.from_dict(document).validate()
    assert set(document["paths"]) == {
        "/api/meetings/",
        "/api/meetings/{slug}/",
        "/api/people/",
        "/api/people/{slug}/",
        "/api/organizations/",
        "/api/organizations/{slug}/",
        "/api/topics/",
        "/api/topics/{slug}/",
        "/api/columns/",
        "/api/columns/{slug}/",
        "/api/directives/",
        "/api/standings/",
    }
    meeting_list = document["paths"]["/api/meetings/"]["get"]
    parameters = {p["name"]: p for p in meeting_list["parameters"]}
    assert set(parameters) == {
        "q",
        "topic",
        "person",
        "organization",
        "column",
        "date_from",
        "date_to",
        "year",
        "sort",
        "page",
        "page_size",
    }
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["topic"]["schema"]["type"] == "array"
    assert parameters["sort"]["schema"]["enum"] == ["newest", "oldest", "relevance"]
    assert set(meeting_list["responses"]) == {"200", "400", "404", "429"}
    meeting = document["components"]["schemas"]["Meeting"]["properties"]
    assert {"attendance", "reports", "directives", "url", "index_number"} <= set(meeting)


def test_the_documentation_page_describes_endpoints_parameters_and_vocabularies(client, db):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    for parameter in ["q", "topic", "person", "organization", "column", "date_from", "year"]:
        assert f"<code>{parameter}</code>" in html
    assert "<code>300/minute</code>" in html
    assert "may search 60 times a minute" in html
    assert "20 records a page" in html
    assert "its first 500 pages" in html
    assert "<code>page_size</code>" in html and "from 1 to 100" in html
    assert "Mapping to OParl and Popolo" in html
    assert 'href="/api/meetings/"' in html
    assert "<script" not in html, "no scripts"


def test_the_documentation_page_is_styled_under_the_sites_content_security_policy(client, db):
    """The policy allows styles from the site's own files only: a <style> element or a
    style attribute would leave the page unstyled."""
    response = client.get(reverse("api:docs"))
    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "<style" not in html and "style=" not in html
    [stylesheet] = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    assert stylesheet.startswith("/static/")
    css = client.get(stylesheet)
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")
    assert b"border-collapse" in b"".join(css.streaming_content)


def test_the_api_root_lists_the_endpoints_as_json(client, db):
    # JSON only, even for a browser: the documentation page is /api/docs/.
    response = client.get(reverse("api:api-root"), HTTP_ACCEPT="text/html,application/json;q=0.9")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["meetings"] == "http://testserver/api/meetings/"
    assert response.json()["standings"] == "http://testserver/api/standings/"
    assert response.json()["directives"] == "http://testserver/api/directives/"


FILTERS_THAT_FIND_MEETINGS = [
    {},
    {"person": "feng-jie"},
    {"organization": "dongping-town"},
    {"column": "government-affairs-openness"},
    {"topic": ["safety-production", "ecological-protection"]},
    {"q": "safety"},
]


def generated_requests(operation):
    """Requests for `operation`: generated ones, invalid ones, and ones that find records.

    Generated slugs and page numbers almost never exist, so some requests name records
    and pages that do, to check what the serializers write against the schema.
    """
    resource = operation.path.split("/")[2]
    if operation.path.endswith("{slug}/"):
        records = {
            "meetings": Meeting.objects.published(),
            "people": Person.objects.all(),
            "organizations": Organization.objects.all(),
            "topics": Topic.objects.all(),
            "columns": Column.objects.all(),
        }[resource]
        slugs = list(records.values_list("slug", flat=True))
        known = [
            st.sampled_from(slugs).flatmap(
                lambda slug: operation.as_strategy(path_parameters={"slug": slug})
            )
        ]
    else:
        filters = FILTERS_THAT_FIND_MEETINGS if resource == "meetings" else [{}]
        known = [operation.as_strategy(query={**f, "page": 1}) for f in filters]
        known.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    return st.one_of(*known, operation.as_strategy())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_answers_generated_requests_as_its_schema_says(monkeypatch):
    """Schemathesis sends requests generated from the schema: no 500s, answers as documented."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    build_browse_data()
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())
    checks = [not_a_server_error, response_schema_conformance]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 12
    for operation in operations:

        @given(case=generated_requests(operation))
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],  # a busy CI machine generates slowly
        )
        def answers_as_documented(case):
            case.call_and_validate(checks=checks)

        answers_as_documented()
