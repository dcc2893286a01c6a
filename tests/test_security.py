"""Safe on the open internet: deploy settings, headers, cookies, health, logs, lockout, limits."""

import datetime
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.db import OperationalError
from django.db.models import F
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x9Q2" * 12,
    "DJANGO_ALLOWED_HOSTS": "meetings.example.org",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_admin_path_is_configurable():
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = {
        **clean,
        **PRODUCTION,
        "DJANGO_ADMIN_PATH": "staff-only-7f3a",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "/staff-only-7f3a/", result.stderr


@pytest.mark.django_db
def test_security_headers_on_every_public_page(client):
    response = client.get(reverse("meetings:home"), secure=True)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_the_admin_is_covered_by_the_same_policy(client):
    response = client.get(reverse("admin:login"), secure=True)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_host_only_and_secure(client, django_user_model):
    django_user_model.objects.create_superuser(
        "chief", "chief@example.invalid", "Long-pass-phrase-42"
    )
    page = client.get(reverse("admin:login"), secure=True)
    csrf = page.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["path"] == "/" and not csrf["domain"]
    response = client.post(
        reverse("admin:login"),
        {"username": "chief", "password": "Long-pass-phrase-42", "csrfmiddlewaretoken": csrf.value},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["path"] == "/"


@pytest.mark.django_db
def test_healthz_answers_200_with_a_database_and_503_without(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "up"}
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_one_structured_log_line_per_request_without_secrets(client, caplog, django_user_model):
    django_user_model.objects.create_user("clerk", password="Secret-Password-99")
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get(reverse("meetings:meeting_list") + "?q=private+words")
        client.post(reverse("admin:login"), {"username": "clerk", "password": "Secret-Password-99"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.requests"]
    assert len(lines) == 2
    assert lines[0]["path"] == "/en/meetings/" and lines[0]["status"] == 200
    assert isinstance(lines[0]["duration_ms"], float)
    everything = caplog.text
    assert "private words" not in everything and "private+words" not in everything
    assert "Secret-Password-99" not in everything


# -- Admin lockout --------------------------------------------------------------------------


@pytest.fixture
def staff_member(db, django_user_model):
    django_user_model.objects.create_user("clerk", password="Right-Password-77", is_staff=True)


def login(client, password, address="203.0.113.5", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": "clerk", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def test_five_failed_logins_lock_the_user_at_that_address_for_15_minutes(client, staff_member):
    for _ in range(4):
        assert login(client, "wrong").status_code == 200
    locked = login(client, "wrong")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert login(client, "Right-Password-77").status_code == 429, "even the right password waits"
    assert login(client, "Right-Password-77", address="198.51.100.9").status_code == 302, (
        "another address is not locked"
    )
    # Fifteen minutes later the lock has expired.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(minutes=15, seconds=1)
    )
    assert login(client, "Right-Password-77").status_code == 302


def test_a_successful_login_resets_the_count(client, staff_member):
    for _ in range(4):
        login(client, "wrong")
    assert login(client, "Right-Password-77").status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "wrong").status_code == 200, "the count started again"


def test_the_lockout_ignores_forwarded_addresses_unless_a_proxy_is_trusted(
    client, staff_member, settings
):
    for index in range(5):
        login(client, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{index}")
    assert login(client, "wrong", HTTP_X_FORWARDED_FOR="192.0.2.77").status_code == 429, (
        "a spoofed header does not escape the lock"
    )
    settings.TRUSTED_PROXY_COUNT = 1
    assert login(client, "Right-Password-77", HTTP_X_FORWARDED_FOR="192.0.2.77").status_code == 302


# -- Search rate limit -----------------------------------------------------------------------


@pytest.fixture
def low_search_limit(settings, db):
    settings.SEARCH_RATE_PER_MINUTE = 3
    cache.clear()
    yield
    cache.clear()


def test_search_is_rate_limited_per_address_with_a_clear_page(client, low_search_limit):
    url = reverse("meetings:meeting_list")
    for _ in range(3):
        assert client.get(url, {"q": "safety"}, REMOTE_ADDR="203.0.113.7").status_code == 200
    limited = client.get(url, {"q": "safety"}, REMOTE_ADDR="203.0.113.7")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "Too many searches from your address" in limited.content.decode()
    assert client.get(url, REMOTE_ADDR="203.0.113.7").status_code == 200, "browsing is not limited"
    assert client.get(url, {"q": "safety"}, REMOTE_ADDR="203.0.113.8").status_code == 200


def test_words_in_a_feed_calendar_or_file_count_as_searches(client, low_search_limit):
    outputs = ["/en/meetings/feed.rss", "/en/meetings/calendar.ics", "/en/meetings/meetings.csv"]
    for url in outputs:
        assert client.get(url, {"q": "safety"}, REMOTE_ADDR="203.0.113.9").status_code == 200
    for url in outputs:
        limited = client.get(url, {"q": "safety"}, REMOTE_ADDR="203.0.113.9")
        assert limited.status_code == 429, url
        assert 1 <= int(limited["Retry-After"]) <= 60
    assert client.get(outputs[0], REMOTE_ADDR="203.0.113.9").status_code == 200, "no words"


def test_the_default_limit_is_generous(settings):
    assert settings.SEARCH_RATE_PER_MINUTE >= 60
