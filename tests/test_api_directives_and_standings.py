"""A data journalist asks the API what the directives page and the units' table answer:
the same directives and the same counts, as JSON, with the same filters and errors."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from tests.factories import (
    make_directive,
    make_meeting,
    make_organization,
    make_person,
    make_report,
    make_result,
    make_topic,
)


@pytest.fixture
def records(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        safety = make_topic("Safety production", slug="safety-production")
        chen = make_person("Chen Qiang", slug="chen-qiang", alt_names="陈强")
        spring = make_meeting("Spring meeting", held_on=datetime.date(2026, 3, 2))
        draft = make_meeting("Draft", held_on=datetime.date(2026, 4, 2), published=False)
        make_directive(spring, chen, "required", "mines are checked", topics=[safety])
        make_directive(spring, chen, "stressed", "roads are cleared")
        make_directive(draft, chen, "required", "not public yet", topics=[safety])
        east = make_organization("East Town", slug="east-town", kind="town")
        west = make_organization("West Town", slug="west-town", kind="town")
        report = make_report(spring)
        make_result(report, organization=east, award="yellow_card")
        make_result(report, organization=west, award="red_flag")
        make_result(make_report(draft), organization=west, award="yellow_card")
    return chen


def test_the_directives_a_citizen_asks_for(client, records):
    answer = client.get("/api/directives/", {"topic": "safety-production", "verb": "required"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    [directive] = body["results"]
    assert directive["text"] == "mines are checked"
    assert directive["issued_by"] == {"slug": "chen-qiang", "name": "Chen Qiang", "name_zh": "陈强"}
    assert directive["meeting"]["title"] == "Spring meeting"
    assert directive["meeting"]["held_on"] == "2026-03-02"
    assert directive["topics"][0]["slug"] == "safety-production"
    everything = client.get("/api/directives/").json()
    assert [d["text"] for d in everything["results"]] == ["mines are checked", "roads are cleared"]


def test_the_units_counts_a_researcher_asks_for(client, records):
    body = client.get("/api/standings/", {"kind": "town", "year": "2026"}).json()
    assert [
        (row["organization"]["slug"], row["assessed"], row["red_flags"], row["yellow_cards"])
        for row in body["results"]
    ] == [("east-town", 1, 0, 1), ("west-town", 1, 1, 0)], "the draft's yellow card is not counted"
    assert body["results"][0]["url"] == "http://testserver/en/organizations/east-town/"
    by_red = client.get("/api/standings/", {"sort": "red_flags"}).json()["results"]
    assert by_red[0]["organization"]["slug"] == "west-town"


@pytest.mark.parametrize(
    "url, params, field",
    [
        ("/api/directives/", {"verb": "shouted"}, "verb"),
        ("/api/directives/", {"person": "nobody"}, "person"),
        ("/api/standings/", {"year": "1900"}, "year"),
        ("/api/standings/", {"kind": "village"}, "kind"),
        ("/api/standings/", {"sort": "worst"}, "sort"),
    ],
)
def test_a_bad_value_answers_400_naming_the_parameter(client, records, url, params, field):
    answer = client.get(url, params)
    assert answer.status_code == 400
    assert list(answer.json()) == [field]


def test_the_lists_read_the_same_few_queries_however_long(
    client, records, django_capture_on_commit_callbacks
):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries("/api/directives/"), queries("/api/standings/?year=all")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting("Long meeting", held_on=datetime.date(2026, 5, 5))
        report = make_report(meeting)
        for n in range(15):
            make_directive(meeting, make_person(), "required", f"task {n}")
            make_result(report, organization=make_organization(kind="town"), award="red_flag")
    assert (queries("/api/directives/"), queries("/api/standings/?year=all")) == few


def test_both_are_in_the_schema(client, db):
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/directives/" in schema["paths"] and "/api/standings/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/standings/"]["get"]["parameters"]}
    assert {"year", "kind", "sort"} <= parameters


def test_smaller_pages_serve_as_many_directives_and_no_more(
    client, records, monkeypatch, django_capture_on_commit_callbacks
):
    from meetings.views import directives

    monkeypatch.setattr(directives, "MAX_PAGE", 1)
    monkeypatch.setattr("meetings.api.views.DirectivePagination.page_size", 2)  # 2 served
    first = client.get("/api/directives/", {"page_size": 1}).json()
    assert (first["count"], first["more"], len(first["results"])) == (2, False, 1)
    second = client.get("/api/directives/", {"page_size": 1, "page": 2}).json()
    texts = {d["text"] for d in first["results"] + second["results"]}
    assert texts == {"mines are checked", "roads are cleared"}
    assert client.get("/api/directives/", {"page_size": 1, "page": 3}).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):  # a third: past what is served
        make_directive(Meeting.objects.get(title="Spring meeting"), text="dams are inspected")
    first = client.get("/api/directives/", {"page_size": 1}).json()
    assert (first["count"], first["more"]) == (2, True)
    assert client.get("/api/directives/", {"page_size": 1, "page": 3}).status_code == 404


def test_past_what_the_pages_serve_the_count_says_so(client, records, monkeypatch):
    from meetings.views import directives

    monkeypatch.setattr(directives, "MAX_PAGE", 1)
    monkeypatch.setattr("meetings.api.views.DirectivePagination.page_size", 1)
    body = client.get("/api/directives/").json()
    assert (body["count"], body["more"]) == (1, True), "one page of one served, more match"
    assert client.get("/api/directives/", {"page": 2}).status_code == 404
    body = client.get("/api/directives/", {"verb": "stressed"}).json()
    assert (body["count"], body["more"]) == (1, False)
