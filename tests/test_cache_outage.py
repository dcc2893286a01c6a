"""When Redis cannot be reached, the public site still answers: every page, search
included, is served from the database, uncached, and nothing a visitor asks for fails."""

import time
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.cache import caches
from redis.exceptions import ConnectionError as RedisConnectionError
from rest_framework.throttling import AnonRateThrottle

from meetings import ratelimit
from meetings.models import Meeting
from tests.admin_forms import meeting_post_data
from tests.browse_data import build_browse_data

# Nothing listens on port 1: every cache call fails at once, as with a Redis that is down.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "portal.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def data(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_browse_data()


@pytest.fixture
def redis_down(data, settings):
    """Production's settings with Redis (the page cache on, one shared generation), and
    then Redis goes away."""
    settings.PAGE_CACHE = True
    settings.GENERATION_IS_SHARED = True
    settings.CACHES = UNREACHABLE_REDIS
    ratelimit.COUNTED_HERE.clear()
    yield
    caches["default"].close()
    ratelimit.COUNTED_HERE.clear()


@pytest.fixture
def one_minute(monkeypatch):
    """The search limit counts per clock minute: the test's searches all fall in one."""
    now = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))


def body(response):
    content = b"".join(response) if response.streaming else response.content
    assert response.status_code == 200, content.decode()[:2000]
    return content.decode()


def test_while_redis_is_down_a_visitor_can_still_search(client, redis_down):
    page = body(client.get("/en/meetings/", {"q": "fire inspections"}))
    assert "Safety production work meeting" in page
    assert "Investment promotion conference" not in page


def test_while_redis_is_down_a_search_by_name_still_finds_the_meetings(client, redis_down):
    page = body(client.get("/en/meetings/", {"q": "Feng Jie"}))
    assert "Safety production work meeting" in page


def test_while_redis_is_down_a_search_pages_through_its_results(client, redis_down):
    response = client.get("/en/meetings/", {"q": "county", "page": "9"})
    assert response.status_code == 400
    assert "There is no such page of results" in response.content.decode()


def test_while_redis_is_down_the_api_answers_and_searches(client, redis_down):
    listed = client.get("/api/meetings/")
    assert listed.status_code == 200
    assert listed.json()["count"] == 4
    searched = client.get("/api/meetings/", {"q": "fire inspections"})
    assert searched.status_code == 200
    assert [m["title"] for m in searched.json()["results"]] == ["Safety production work meeting"]


SAFETY = "Safety production work meeting"


@pytest.mark.parametrize(
    "address, shows",
    [
        ("/en/", SAFETY),
        ("/en/meetings/", SAFETY),
        ("/en/meetings/safety-production-work-meeting/", "fire inspections must cover"),
        ("/en/people/feng-jie/", SAFETY),
        ("/en/topics/safety-production/", SAFETY),
        ("/en/organizations/dongping-town/", "Dongping Town"),
        ("/en/meetings/feed.rss?q=fire", SAFETY),
        ("/en/meetings/calendar.ics?q=fire", SAFETY),
        ("/en/meetings/meetings.csv?q=fire", SAFETY),
    ],
)
def test_while_redis_is_down_every_public_page_is_served(client, redis_down, address, shows):
    assert shows in body(client.get(address))


def test_while_redis_is_down_a_script_is_still_held_to_the_search_rate(
    client, redis_down, settings, one_minute
):
    settings.SEARCH_RATE_PER_MINUTE = 2
    assert client.get("/en/meetings/", {"q": "fire"}).status_code == 200
    assert client.get("/api/meetings/", {"q": "fire"}).status_code == 200
    refused = client.get("/en/meetings/", {"q": "fire"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get("/en/meetings/", {"topic": "safety-production"}).status_code == 200


def test_while_redis_is_down_the_api_still_limits_each_client(client, redis_down, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    for _ in range(3):
        assert client.get("/api/meetings/").status_code == 200
    refused = client.get("/api/meetings/")
    assert refused.status_code == 429
    assert "throttled" in refused.json()["detail"]
    other = client.get("/api/meetings/", REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200, "each address is counted on its own"


def test_a_cache_that_goes_away_in_the_middle_of_a_search_still_answers(
    client, data, shared_generation
):
    """The content generation is read, then Redis fails when the kept ranking is asked for."""
    cache = caches["default"]
    get = cache.get
    asked = []

    def get_until_rankings(key, *args, **kwargs):
        if key.startswith("search:"):
            asked.append(key)
            raise RedisConnectionError("Redis went away")
        return get(key, *args, **kwargs)

    with mock.patch.object(cache, "get", side_effect=get_until_rankings):
        page = body(client.get("/en/meetings/", {"q": "fire inspections"}))
    assert asked, "the kept ranking was asked for"
    assert SAFETY in page


def test_while_redis_is_down_an_editor_signs_in_and_saves_a_correction(
    client, redis_down, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_superuser("editor", "editor@example.invalid", "pw-for-tests-1")
    signed_in = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "pw-for-tests-1", "next": "/admin/"},
    )
    assert signed_in.status_code == 302, signed_in.content.decode()[:2000]
    meeting = Meeting.objects.get(slug="safety-production-work-meeting")
    change = f"/admin/meetings/meeting/{meeting.pk}/change/"
    assert client.get(change).status_code == 200
    data = meeting_post_data(meeting, title="Safety production work meeting (corrected)")
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(change, data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    client.logout()
    article = body(client.get("/en/meetings/safety-production-work-meeting/"))
    assert "Safety production work meeting (corrected)" in article
    found = body(client.get("/en/meetings/", {"q": "corrected"}))
    assert "Safety production work meeting (corrected)" in found
