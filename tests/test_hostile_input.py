"""Whatever a visitor sends, no public URL answers 500: bad input gets 400 or 404.

Property-based: hypothesis sends random and adversarial values (unicode, NUL bytes,
huge strings, negative and huge numbers, malformed dates, repeated parameters, SQL
and full-text-search syntax) to every public URL's query parameters and path segments.
"""

from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.browse_data import build_browse_data

FILTERS = [
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
    "verb",
    "kind",
]
FRAGMENTS = [
    "' OR 1=1 --",
    "'; DROP TABLE meetings_meeting; --",
    '"',
    '"unclosed',
    "NEAR(a b)",
    "a:* & !b",
    "title:safety",
    "*",
    "(((",
    ")",
    "-",
    "or",
    "AND",
    "NOT",
    "\\",
    "%",
    "_",
    "%00",
    "\x00",
    "a\x00b",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "2022-13-45",
    "2022-02-30",
    "0000-00-00",
    "-1",
    "0",
    "1e9",
    "NaN",
    "Infinity",
    "9" * 40,
    "-" + "9" * 40,
    "１２３",
    "²",
    "２０２６",
    "安全\x00生产",
    "x" * 20_000,
    "safety-production",
    "feng-jie",
    "newest",
    "relevance",
    "required",
    "town",
    "all",
    "2026年",
    "🙂" * 50,
]
TEXT = st.characters(blacklist_categories=("Cs",))  # any character that UTF-8 can carry
VALUES = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(TEXT, max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
)
QUERIES = st.lists(st.tuples(st.sampled_from(FILTERS), VALUES), max_size=6)
SEGMENTS = st.one_of(st.sampled_from(FRAGMENTS), st.text(TEXT, min_size=1, max_size=60))

LISTS = [
    "/en/meetings/",
    "/zh-hans/meetings/",
    "/en/directives/",
    "/zh-hans/organizations/",
    "/en/meetings/feed.rss",
    "/en/meetings/feed.atom",
    "/en/meetings/calendar.ics",
    "/en/meetings/meetings.csv",
    "/api/meetings/",
    "/api/directives/",
    "/api/standings/",
]
DETAILS = [
    "/en/meetings/{}/",
    "/en/people/{}/",
    "/en/organizations/{}/",
    "/en/topics/{}/",
    "/en/columns/{}/",
    "/en/topics/{}/feed.rss",
    "/en/people/{}/calendar.ics",
    "/en/organizations/{}/assessments.csv",
    "/api/meetings/{}/",
    "/api/people/{}/",
]
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def data(db, django_capture_on_commit_callbacks, settings):
    settings.SEARCH_RATE_PER_MINUTE = 10**9
    with django_capture_on_commit_callbacks(execute=True):
        return build_browse_data()


def fetch(client, url):
    cache.clear()  # the API's rate limit counts in the cache
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


@pytest.mark.parametrize("path", LISTS)
@EXAMPLES
@given(query=QUERIES)
def test_query_parameters_never_cause_a_server_error(client, data, path, query):
    status = fetch(client, f"{path}?{urlencode(query)}")
    assert status in (200, 400, 404), (path, query, status)


@pytest.mark.parametrize("pattern", DETAILS)
@EXAMPLES
@given(segment=SEGMENTS, query=QUERIES)
def test_path_segments_never_cause_a_server_error(client, data, pattern, segment, query):
    url = pattern.format(quote(segment, safe=""))
    status = fetch(client, f"{url}?{urlencode(query)}")
    assert status in (200, 301, 400, 404), (url, query, status)


def test_queries_are_capped_in_length_and_pages_in_depth(client, data):
    assert fetch(client, "/en/meetings/?" + urlencode({"q": "safety " * 40})) == 400
    assert fetch(client, "/en/meetings/?page=501") == 400
    assert fetch(client, "/en/meetings/?page=1") == 200


@pytest.mark.django_db
def test_a_host_the_site_does_not_serve_gets_the_400_page(client):
    response = client.get("/en/meetings/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "attacker.example" not in response.content.decode()


def test_more_query_fields_than_django_reads_get_the_400_page(client, data):
    crowd = "&".join(f"a={i}" for i in range(1001))
    for path in ("/en/", "/en/meetings/", "/api/meetings/", "/en/meetings/feed.rss"):
        response = client.get(f"{path}?{crowd}")
        assert response.status_code == 400, path
    # and at an address with no page, or one without its language
    for path in ("/en/nope/", "/en/meetings/no-such-meeting/", "/", "/meetings/"):
        response = client.get(f"{path}?{crowd}")
        assert response.status_code == 400, path


def test_a_page_number_past_what_a_database_takes_is_a_404(client, data):
    for path in (
        "/en/organizations/dongping-town/",
        "/en/people/feng-jie/",
        "/en/topics/safety-production/",
        "/en/columns/key-projects/",
    ):
        assert fetch(client, f"{path}?page={10**18}") == 404, path


def test_a_year_with_a_fraction_is_refused_not_rounded(client, data):
    assert fetch(client, "/en/meetings/?year=2022.9") == 400
    assert fetch(client, "/api/meetings/?year=2022.9") == 400


def test_link_checkers_and_calendar_clients_may_ask_with_head(client, data):
    for path in (
        "/robots.txt",
        "/en/meetings/calendar.ics",
        "/en/meetings/meetings.csv",
        "/en/people/feng-jie/calendar.ics",
        "/en/organizations/dongping-town/assessments.csv",
    ):
        response = client.head(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body == b"", path
