"""The WSGI front door answers cached public pages before Django, and only those."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from portal.front_door import PageCacheFrontDoor
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


class RecordingDjango:
    """Django's handler, noting which requests reached it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.paths = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        return self.handler(environ, start_response)


def fetch(app, path, **headers):
    environ = RequestFactory()._base_environ(PATH_INFO=path, **headers)
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(response_headers)

    response = app(environ, start_response)
    answer["body"] = b"".join(response).decode()
    response.close()
    return answer


@pytest.fixture
def door(page_cache):
    # As Django's test client does: a request must not close the test's database
    # connection (it holds the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    django = RecordingDjango()
    yield PageCacheFrontDoor(django), django
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_cached_page_is_answered_without_django(door, committed, django_assert_num_queries):
    app, django = door
    with committed():
        meeting = make_meeting("Front door meeting")
    first = fetch(app, meeting.get_absolute_url())
    assert first["status"] == 200 and "Front door meeting" in first["body"]
    with django_assert_num_queries(0):
        again = fetch(app, meeting.get_absolute_url())
    assert again["body"] == first["body"]
    assert (
        again["headers"]["Content-Security-Policy"] == first["headers"]["Content-Security-Policy"]
    )
    assert django.paths == [meeting.get_absolute_url()]  # the second never reached Django


def test_an_edit_reaches_the_front_door_at_once(door, committed):
    app, _ = door
    with committed():
        meeting = make_meeting("Before the edit")
    fetch(app, meeting.get_absolute_url())
    with committed():
        meeting.title = "After the edit"
        meeting.save()
    assert "After the edit" in fetch(app, meeting.get_absolute_url())["body"]


def test_a_conditional_get_is_answered_304(door, committed):
    app, _ = door
    with committed():
        meeting = make_meeting("Conditional")
    etag = fetch(app, meeting.get_absolute_url())["headers"]["ETag"]
    answer = fetch(app, meeting.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert answer["status"] == 304 and answer["body"] == ""


def test_staff_and_unknown_hosts_always_reach_django(door, committed, settings):
    app, django = door
    with committed():
        meeting = make_meeting("Shared page")
    url = meeting.get_absolute_url()
    fetch(app, url)
    fetch(app, url, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=anything")
    assert fetch(app, url, HTTP_HOST="attacker.example")["status"] == 400
    assert django.paths == [url, url, url]


def test_posts_and_other_pages_reach_django(door):
    app, django = door
    fetch(app, "/api/meetings/")
    fetch(app, "/api/meetings/")
    assert django.paths == ["/api/meetings/", "/api/meetings/"]  # the API is not page-cached
