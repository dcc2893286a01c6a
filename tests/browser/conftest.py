"""Browser fixtures: one Chromium for the session, a fresh page per test, a live
server holding the demo data, and a publisher who logs in to the admin.

Playwright drives Debian's Chromium (/usr/bin/chromium, or $CHROMIUM): Playwright's
own browser download is never used. Where Chromium is missing, every browser test is
skipped with the reason, never passed silently.
"""

import os
import shutil
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import sync_playwright

from meetings.models import Meeting, Organization

# Debian's Chromium; $CHROMIUM names another executable.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAMPLE_SLUG = "county-key-work-promotion-meeting-2022-09-30"
SYNTHETIC_MEETINGS = 30
PUBLISHER_PASSWORD = "browser-journey-pw-1"


def chromium_path():
    """The Chromium executable, or None."""
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which(os.path.basename(CHROMIUM))


@pytest.fixture(scope="session")
def playwright():
    # Playwright's sync API keeps an event loop running in the test thread from here on.
    # Django then refuses ORM calls unless told that they are safe, and its connection
    # handler starts a second set of connections for "async" code, which would lack what
    # the test database was set up with (the data that serialized_rollback restores).
    # Hand it the connections already in use, so every test keeps the same ones.
    in_use = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as instance:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in in_use.items():
            connections[alias] = connection
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    """One Chromium for the whole session; each test opens its own contexts in it."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            f"Chromium not found: {CHROMIUM} is missing and no `chromium` is on the PATH "
            "(`make test` installs Debian's chromium package where apt-get is available)"
        )
    chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def new_context(browser):
    """new_context(**options) opens a separate browser profile, closed after the test.

    A script error, or anything the Content-Security-Policy blocks, fails the test.
    """
    contexts = []
    problems = []

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"{message.location.get('url')}: {message.text}")

    def open_context(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.on("weberror", lambda error: problems.append(str(error.error)))
        context.on("console", on_console)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def site(live_server, settings):
    """The live server with the sample meeting and generated meetings, and the records
    that the journeys visit."""
    settings.SEARCH_RATE_PER_MINUTE = 10_000
    cache.clear()  # rate-limit counts and cached pages from earlier tests
    call_command("seed_demo", "--meetings", str(SYNTHETIC_MEETINGS), verbosity=0)
    meeting = Meeting.objects.get(slug=SAMPLE_SLUG)
    organization = (
        Organization.objects.annotate(results=Count("assessment_results"))
        .order_by("-results", "slug")
        .first()
    )
    return SimpleNamespace(
        url=live_server.url,
        meeting=meeting,
        person=meeting.attendances.select_related("person").first().person,
        organization=organization,
        topic=meeting.topics.order_by("slug").first(),
        column=meeting.column,
    )


@pytest.fixture
def publisher(django_user_model):
    """A staff member of the Publisher group, with a password to type into the login form."""
    user = django_user_model.objects.create_user(
        "publisher", "publisher@example.invalid", PUBLISHER_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Publisher"))
    user.raw_password = PUBLISHER_PASSWORD
    return user


@pytest.fixture
def public_pages(site):
    """public_pages(language) -> {name: address} of the pages every check visits."""

    def addresses(language):
        with translation.override(language):
            return {
                "home": reverse("meetings:home"),
                "list": reverse("meetings:meeting_list"),
                "search": reverse("meetings:meeting_list")
                + "?"
                + urlencode({"q": site.person.name}),
                "article": site.meeting.get_absolute_url(),
                "person": site.person.get_absolute_url(),
                "organization": site.organization.get_absolute_url(),
                "topic": site.topic.get_absolute_url(),
                "column": site.column.get_absolute_url(),
            }

    return addresses
