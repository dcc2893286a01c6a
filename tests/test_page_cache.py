"""Cached public pages: served without queries, and never stale after a change."""

import datetime
import threading
import time
from contextlib import ExitStack, contextmanager
from io import StringIO
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from redis.exceptions import ResponseError

from meetings import page_cache as page_cache_module
from meetings import signals
from meetings.models import ArticleVersion, Meeting
from meetings.page_cache import generation
from meetings.views import pages
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

LIST = reverse("meetings:meeting_list")


pytestmark = pytest.mark.django_db


def test_a_cached_page_is_served_without_queries(
    client, page_cache, committed, django_assert_num_queries
):
    with committed():
        meeting = make_meeting("Cached meeting")
    first = client.get(meeting.get_absolute_url())
    assert first.status_code == 200 and first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(meeting.get_absolute_url())
    assert again.content == first.content


def test_an_edit_shows_at_once(client, page_cache, committed):
    with committed():
        meeting = make_meeting("Before the edit")
    assert "Before the edit" in client.get(meeting.get_absolute_url()).content.decode()
    with committed():
        meeting.title = "After the edit"
        meeting.save()
    assert "After the edit" in client.get(meeting.get_absolute_url()).content.decode()
    assert "After the edit" in client.get(LIST).content.decode()


def test_publishing_and_withdrawing_show_at_once(client, page_cache, committed):
    with committed():
        draft = make_meeting("Soon public", published=False)
    assert "Soon public" not in client.get(LIST).content.decode()
    with committed():
        draft.status, draft.published_at = Meeting.Status.PUBLISHED, timezone.now()
        draft.save()
    assert "Soon public" in client.get(LIST).content.decode()
    with committed():
        draft.status, draft.withdrawn_reason = Meeting.Status.WITHDRAWN, "In error."
        draft.save()
    assert client.get(draft.get_absolute_url()).status_code == 410
    assert "Soon public" not in client.get(LIST).content.decode()


def test_a_scheduled_publication_appears_when_due_without_any_write(client, page_cache, committed):
    due = timezone.now() + datetime.timedelta(minutes=5)
    with committed():
        make_meeting(
            "Scheduled meeting", status=Meeting.Status.PUBLISHED, published=False, published_at=due
        )
    assert "Scheduled meeting" not in client.get(LIST).content.decode()
    later = due + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Scheduled meeting" in client.get(LIST).content.decode()


def test_a_conditional_get_is_answered_304_without_rendering(
    client, page_cache, committed, django_assert_num_queries
):
    with committed():
        meeting = make_meeting("Conditional meeting")
    etag = client.get(meeting.get_absolute_url())["ETag"]
    with django_assert_num_queries(0):
        response = client.get(meeting.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    list_etag = client.get(LIST)["ETag"]
    with django_assert_num_queries(0):
        assert client.get(LIST, HTTP_IF_NONE_MATCH=list_etag).status_code == 304
    with committed():
        meeting.summary = "Changed."
        meeting.save()
    assert client.get(meeting.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_new_release_neither_serves_nor_confirms_the_previous_releases_pages(
    client, page_cache, committed, django_assert_num_queries
):
    with committed():
        meeting = make_meeting("Released meeting")
    url = meeting.get_absolute_url()
    before = client.get(url)
    with mock.patch("meetings.page_cache.release", return_value="the-next-release"):
        after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200, "rendered by the new release, not confirmed"
        assert after["ETag"] != before["ETag"]
        with django_assert_num_queries(0):
            assert client.get(url, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_a_release_is_told_apart_by_its_templates_code_and_translations(settings, tmp_path):
    from meetings.page_cache import release

    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = None
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("<p>Version one</p>")
    translations = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    translations.parent.mkdir(parents=True)
    translations.write_bytes(b"one")
    seen = set()
    try:
        for change in (
            lambda: None,
            lambda: template.write_text("<p>Version two</p>"),
            lambda: translations.write_bytes(b"two"),
            lambda: (tmp_path / "meetings").mkdir() or (tmp_path / "meetings/x.py").write_text("x"),
        ):
            change()
            release.cache_clear()
            seen.add(release())
    finally:
        release.cache_clear()
    assert len(seen) == 4


def test_staff_previews_are_never_cached(admin_client, client, page_cache, committed):
    with committed():
        draft = make_meeting("Staff only", published=False)
    assert admin_client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_errors_are_not_cached(client, page_cache):
    assert client.get(LIST + "?date_from=bad").status_code == 400
    assert client.get(LIST).status_code == 200


def test_generated_meetings_show_at_once(client, page_cache):
    from django.core.management import call_command

    before = client.get(LIST).content.decode()
    assert "0 meetings found" in before
    call_command("seed_demo", meetings=5, seed=2, verbosity=0)
    assert "0 meetings found" not in client.get(LIST).content.decode()


def test_a_cache_that_lost_its_data_never_repeats_an_old_etag(client, page_cache, committed):
    with committed():
        meeting = make_meeting("Survives a restart")
    old_etag = client.get(meeting.get_absolute_url())["ETag"]
    caches["default"].clear()  # Redis restarted without its data
    with committed():
        meeting.title = "Edited after the restart"
        meeting.save()
    again = client.get(meeting.get_absolute_url(), HTTP_IF_NONE_MATCH=old_etag)
    assert again.status_code == 200, "an old copy is never confirmed as current"
    assert "Edited after the restart" in again.content.decode()


def test_a_304_carries_the_caching_headers(client, page_cache, committed):
    with committed():
        meeting = make_meeting("Revalidated")
    first = client.get(meeting.get_absolute_url())
    response = client.get(meeting.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response["Cache-Control"] == first["Cache-Control"]
    assert response["Content-Language"] == "en"


def test_made_up_query_parameters_do_not_fill_the_cache(client, page_cache, committed):
    with committed():
        make_meeting("Listed")
    client.get(LIST, {"sort": "oldest", "tracking": "abc"})
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST, {"sort": "oldest", "tracking": "abc"})
    assert len(queries) > 0, "rendered again, not kept"
    client.get(LIST, {"sort": "oldest"})
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST, {"sort": "oldest"})
    assert len(queries) == 0, "a known parameter is kept"


@pytest.mark.parametrize(
    "page, params",
    [("home", {"page": "2"}), ("article", {"q": "fire"}), ("feed", {"page": "3"})],
)
def test_a_parameter_a_page_does_not_read_keeps_no_copy_of_it(
    client, page_cache, committed, page, params
):
    """The home page and an article read no parameter, a feed no page number: asked for
    with one, each is served, but not kept, so that fifty made-up page numbers do not
    keep fifty copies of the home page."""
    with committed():
        meeting = make_meeting("Listed")
    url = {
        "home": reverse("meetings:home"),
        "article": meeting.get_absolute_url(),
        "feed": reverse("meetings:feed_rss"),
    }[page]
    for _ in range(2):
        assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    assert len(queries) > 0, "rendered again, not kept"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 0, "kept without it"


@pytest.mark.parametrize(
    "url, params",
    [
        ("meetings:standings", {"kind": "town", "sort": "red_flags"}),
        ("meetings:directive_list", {"verb": "stressed", "page": "1"}),
        ("meetings:calendar", {"topic": "roads"}),
    ],
)
def test_the_lists_and_files_are_kept_by_the_parameters_they_read(
    client, page_cache, committed, url, params
):
    with committed():
        make_topic("Roads", slug="roads")
        make_meeting("Listed")
    client.get(reverse(url), params)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url), params).status_code == 200
    assert len(queries) == 0, "kept"
    client.get(reverse(url), {**params, "tracking": "x"})
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse(url), {**params, "tracking": "x"})
    assert len(queries) > 0, "a parameter it does not read: not kept"


def test_a_detail_pages_later_pages_are_kept(client, page_cache, committed):
    with committed():
        topic = make_topic("Roads")
        for day in range(1, 23):
            make_meeting(f"Roads {day}", held_on=datetime.date(2024, 1, day), topics=[topic])
    url = topic.get_absolute_url()
    client.get(url, {"page": "2"})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"page": "2"}).status_code == 200
    assert len(queries) == 0


def test_each_host_gets_pages_with_its_own_links(client, page_cache, committed, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    with committed():
        meeting = make_meeting("Two hosts")
    url = meeting.get_absolute_url()
    assert "http://one.example/" in client.get(url, HTTP_HOST="one.example").content.decode()
    two = client.get(url, HTTP_HOST="two.example").content.decode()
    assert "http://two.example/" in two and "one.example" not in two


def test_a_change_the_cache_missed_is_recorded_before_the_next_page(client, page_cache, committed):
    with committed():
        meeting = make_meeting("Before the outage")
    client.get(meeting.get_absolute_url())
    cache = caches["default"]
    outage = mock.patch.object(cache, "incr", side_effect=ConnectionError("Redis went away"))
    with outage, committed():
        meeting.title = "Edited during the outage"
        meeting.save()
    assert "Edited during the outage" in client.get(meeting.get_absolute_url()).content.decode()


@contextmanager
def cache_down_everywhere():
    """Every cache call fails, in every thread (a retry timer's too): Redis is down."""
    backend = type(caches["default"])
    went_away = ConnectionError("Redis went away")
    with ExitStack() as stack:
        for name in ("get", "get_many", "set", "add", "incr", "set_many"):
            stack.enter_context(mock.patch.object(backend, name, side_effect=went_away))
        yield


@contextmanager
def refusing_writes(everywhere=False):
    """Redis out of memory, or a replica left read-only by a failover: it answers reads
    and refuses writes, in this thread (the one the test serves from) or `everywhere`
    (a retry timer's thread too)."""
    refused = ResponseError("OOM command not allowed")
    target = type(caches["default"]) if everywhere else caches["default"]
    with ExitStack() as stack:
        for name in ("set", "add", "incr", "set_many"):
            stack.enter_context(mock.patch.object(target, name, side_effect=refused))
        yield


def settled_generation(before, seconds=5):
    """The shared generation, once it has moved past `before` and stayed put (as another
    worker reads it, while this process serves nothing); None if it never moves."""
    cache = caches["default"]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        current = cache.get(page_cache_module.GENERATION_KEY)
        if current != before:
            time.sleep(0.3)  # several retry periods: one new generation, not one per retry
            return current if cache.get(page_cache_module.GENERATION_KEY) == current else None
        time.sleep(0.02)
    return None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_the_cache_missed_reaches_every_process_once_it_is_back(
    client, page_cache, monkeypatch
):
    monkeypatch.setattr(page_cache_module, "RETRY_SECONDS", 0.05)
    meeting = make_meeting("Before the outage")
    client.get(meeting.get_absolute_url())
    before = caches["default"].get(page_cache_module.GENERATION_KEY)
    with cache_down_everywhere():
        meeting.title = "Edited during the outage"
        meeting.save()
        time.sleep(0.2)  # retried meanwhile, in vain
    assert settled_generation(before), "the editor's process raised it once Redis was back"
    assert _shows(client, meeting, "Edited during the outage")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_the_cache_was_unreachable_a_change_made_elsewhere_is_not_served_stale(
    client, page_cache, monkeypatch
):
    """Another process (an import, a worker) changed an article while the cache could
    not be reached, and could not raise the generation: a process that found the cache
    unreachable raises it once the cache is back."""
    monkeypatch.setattr(page_cache_module, "RETRY_SECONDS", 0.05)
    meeting = make_meeting("Kept before the outage")
    client.get(meeting.get_absolute_url())
    before = caches["default"].get(page_cache_module.GENERATION_KEY)
    with cache_down_everywhere():
        Meeting.objects.filter(pk=meeting.pk).update(title="Changed during the outage")
        ArticleVersion.objects.raise_for([meeting.pk])  # as that process's transaction did
        assert _shows(client, meeting, "Changed during the outage"), "served uncached"
    assert settled_generation(before)
    assert _shows(client, meeting, "Changed during the outage")


def test_a_cache_that_refuses_writes_serves_no_page_older_than_a_change(
    client, page_cache, committed, monkeypatch
):
    """A Redis out of memory, or a replica left read-only by a failover, still answers
    reads: the process that could not raise the generation serves its pages uncached."""
    monkeypatch.setattr(page_cache_module, "RETRY_SECONDS", 60)  # no retry in this test
    with committed():
        meeting = make_meeting("Before Redis refused writes")
    client.get(meeting.get_absolute_url())
    with refusing_writes():  # searches count and rank where they can
        assert client.get(LIST, {"q": "Redis"}).status_code == 200
        assert client.get("/api/meetings/", {"q": "Redis"}).status_code == 200
    with refusing_writes(), committed():
        meeting.title = "Saved while Redis refused writes"
        meeting.save()
    with refusing_writes():
        assert _shows(client, meeting, "Saved while Redis refused writes")
        assert client.get(LIST, {"q": "refused writes"}).status_code == 200
        assert client.get("/api/meetings/", {"q": "refused writes"}).status_code == 200


def test_a_process_that_finds_writes_refused_stops_serving_what_it_had_cached(
    client, page_cache, committed, monkeypatch
):
    """Another process's change could not raise the generation (Redis refused it): this
    process notices when it cannot store a page, and serves uncached from then on."""
    monkeypatch.setattr(page_cache_module, "RETRY_SECONDS", 60)  # no retry in this test
    with committed():
        meeting = make_meeting("Kept before Redis refused writes")
    client.get(meeting.get_absolute_url())
    Meeting.objects.filter(pk=meeting.pk).update(title="Changed while Redis refused writes")
    ArticleVersion.objects.raise_for([meeting.pk])  # as that process's transaction did
    with refusing_writes():
        assert client.get(LIST).status_code == 200  # a page to store, refused
        assert _shows(client, meeting, "Changed while Redis refused writes")


def test_while_its_retry_is_under_way_the_owing_process_still_serves_uncached(
    client, page_cache, committed, monkeypatch
):
    with committed():
        meeting = make_meeting("Before Redis refused writes")
    client.get(meeting.get_absolute_url())
    retrying, release = threading.Event(), threading.Event()
    next_due = page_cache_module._next_due

    def held_in_the_timer():  # the retry's first step, held while the page is asked for
        if threading.current_thread() is not threading.main_thread():
            retrying.set()
            release.wait(5)
        return next_due()

    monkeypatch.setattr(page_cache_module, "_next_due", held_in_the_timer)
    monkeypatch.setattr(page_cache_module, "RETRY_SECONDS", 0.01)
    with refusing_writes(everywhere=True):
        with committed():
            meeting.title = "Saved while Redis refused writes"
            meeting.save()
        assert retrying.wait(5), "a retry began"
        try:
            assert _shows(client, meeting, "Saved while Redis refused writes")
        finally:
            release.set()


def test_with_replicas_a_page_rendered_just_after_a_change_is_not_kept(
    client, page_cache, committed, settings
):
    settings.REPLICA_DATABASES = ["default"]  # the router then reads from "default" itself
    with committed():
        meeting = make_meeting("Fresh on the primary")
    client.get(meeting.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(meeting.get_absolute_url())
    assert len(queries) > 0, "a replica might have lagged: rendered again"
    settings.REPLICA_LAG_SECONDS = 0
    client.get(meeting.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(meeting.get_absolute_url())
    assert len(queries) == 0, "once replicas have caught up, the page is kept"


def _shows(client, meeting, text):
    return text in client.get(meeting.get_absolute_url()).content.decode()


def test_every_kind_of_change_to_an_article_shows_at_once(client, page_cache, committed):
    with committed():
        meeting = make_meeting("A meeting with rows", topics=[make_topic("Roads")])
        attendance = make_attendance(meeting, make_person("Wu Min"), title="deputy head")
        report = make_report(meeting, make_person("Lu Ping"))
        result = make_result(report, make_organization("Dongping Town"), note="first place")
        directive = make_directive(meeting, make_person("Qin Hao"), text="we should plant trees")
        make_meeting("Another meeting")
    assert _shows(client, meeting, "deputy head")
    water, fire, storm = make_topic("Water Safety"), make_topic("Fire Safety"), make_topic("Storm")
    steps = [  # (what the article shows after the change, the change)
        ("A meeting, renamed", lambda: edit(meeting, title="A meeting, renamed")),
        ("county head", lambda: edit(attendance, title="county head")),
        ("second place", lambda: edit(result, note="second place")),
        ("mend the dykes", lambda: edit(directive, text="mend the dykes")),
        ("Water Safety", lambda: water.meetings.add(meeting)),
        ("Fire Safety", lambda: fire.reports.add(report)),
        ("Storm", lambda: storm.reports.add(report)),
        ("Water and Fire", lambda: edit(water, name="Water and Fire")),
        ("Wu Minhua", lambda: edit(attendance.person, name="Wu Minhua")),
        ("Dongping Township", lambda: edit(result.organization, name="Dongping Township")),
        ("Key Work", lambda: edit(meeting.column, name="Key Work")),
        ("/wu-min-2/", lambda: edit(attendance.person, slug="wu-min-2")),
        ("Province Affairs", lambda: edit(meeting.column, parent=make_column("Province Affairs"))),
    ]
    for text, change in steps:
        assert not _shows(client, meeting, text), text  # cached as it was
        with committed():
            change()
        assert _shows(client, meeting, text), text
    with committed():
        water.meetings.clear()
        result.delete()
    assert not _shows(client, meeting, "Water and Fire")
    with committed():
        fire.reports.clear()
    assert not _shows(client, meeting, "Fire Safety")
    with committed():
        storm.delete()  # its tags go with it, without a signal of their own
    assert not _shows(client, meeting, "Storm")
    assert not _shows(client, meeting, "Dongping Township")
    old_address = meeting.get_absolute_url()
    with committed():
        edit(meeting, slug="a-new-address")
    assert client.get(old_address).status_code == 404


def test_names_in_chinese_show_at_once_in_a_cached_chinese_article(client, page_cache, committed):
    with committed():
        column = make_column("Openness")
        topic = make_topic("Roads")
        meeting = make_meeting("松河县召开会议", language="zh-hans", column=column, topics=[topic])
        attendance = make_attendance(meeting, make_person("Wu Min"), title="副县长")
        report = make_report(meeting, make_person("Lu Ping"), subject="交通考核结果")
        make_result(report, make_organization("Dongping Town"), award="red_flag")
    address = meeting.get_absolute_url().replace("/en/", "/zh-hans/")

    def shows(text):
        return text in client.get(address).content.decode()

    assert shows("副县长<a") and shows("Wu Min")
    steps = [  # (what the Chinese article prints after the change, the change)
        ("吴敏", lambda: edit(attendance.person, alt_names="Wu Ming\n吴敏")),
        ("东平镇", lambda: edit(report.results.get().organization, name_zh="东平镇")),
        ("道路交通", lambda: edit(topic, name_zh="道路交通")),
        ("开放专栏", lambda: edit(column, name_zh="开放专栏")),
    ]
    for text, change in steps:
        assert not shows(text), text  # cached as it was
        with committed():
            change()
        assert shows(text), text
    assert not shows("Wu Min<")


def test_a_report_moved_to_another_meeting_is_shown_and_found_only_there(
    client, page_cache, committed
):
    with committed():
        first, second = make_meeting("First meeting"), make_meeting("Second meeting")
        report = make_report(first, make_person("Lu Ping"), subject="the river chief review")
    assert _shows(client, first, "the river chief review")
    assert not _shows(client, second, "the river chief review")
    with committed():
        edit(report, meeting=second)
    assert not _shows(client, first, "the river chief review")
    assert _shows(client, second, "the river chief review")
    found = client.get(LIST, {"q": "river chief review"}).content.decode()
    assert "Second meeting" in found and "First meeting" not in found, "both reindexed"


def test_the_time_of_a_change_is_known_before_its_generation(page_cache, committed):
    """With read replicas, a page looked up in the new generation must already see that
    the change is recent, or a replica's older copy could be kept for the generation."""
    cache = caches["default"]
    incr, seen = cache.incr, []

    def raise_generation(key, *args, **kwargs):
        seen.append(cache.get("content:changed-at"))
        return incr(key, *args, **kwargs)

    with committed():
        make_meeting("A first change")  # the generation exists from here on
    before = cache.get("content:changed-at")
    with mock.patch.object(cache, "incr", side_effect=raise_generation), committed():
        make_meeting("A second change")
    assert seen and seen[0] > before


def test_a_saved_meeting_outdates_the_cached_pages_once(page_cache, committed):
    """Its counts, its search document and its pages are all current after one new
    generation, so every cached page is rendered again once, not once for each."""
    with committed():
        make_meeting("A first change")  # the generation exists from here on
    before = generation()
    with committed():
        meeting = make_meeting("Flood control drill", held_on=datetime.date(2024, 6, 1))
        make_attendance(meeting, make_person("Zhao Lei"))
        make_directive(meeting, make_person("Qian Hong"), text="Clear the drains.")
    assert generation() == before + 1


def test_an_article_outlives_changes_to_other_meetings(
    client, page_cache, committed, django_assert_num_queries
):
    """Editors work on other meetings all day: a cached article is checked with one
    query, not rendered again, and a visitor's copy is still confirmed with a 304."""
    with committed():
        article = make_meeting("A settled article", topics=[make_topic("Roads")])
        make_attendance(article, make_person("Wu Min"), title="deputy head")
        other = make_meeting("A meeting being edited")
    first = client.get(article.get_absolute_url())
    with committed():
        edit(other, title="A meeting edited again")
        make_attendance(other, make_person("Zhao Lei"))
    with django_assert_num_queries(1):
        again = client.get(article.get_absolute_url())
    assert again.content == first.content and again["ETag"] == first["ETag"]
    with django_assert_num_queries(0):
        client.get(article.get_absolute_url())
    with committed():
        edit(other, summary="Edited once more.")
    with django_assert_num_queries(1):
        confirmed = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert confirmed.status_code == 304
    assert "A meeting edited again" in client.get(LIST).content.decode(), "lists do change"


def test_an_article_changed_while_it_is_rendered_is_not_kept_as_it_was(
    client, page_cache, committed, monkeypatch
):
    """The page read the meeting before an editor's change committed and its rows after:
    it is served, but the next visitor gets the changed article."""
    with committed():
        meeting = make_meeting("A meeting being read")
        attendance = make_attendance(meeting, make_person("Wu Min"), title="deputy head")
    render = pages.article_context

    def edited_meanwhile(article):
        with committed():
            edit(attendance, title="county head")
        return render(article)

    monkeypatch.setattr(pages, "article_context", edited_meanwhile)
    assert _shows(client, meeting, "deputy head"), "read before the change"
    monkeypatch.setattr(pages, "article_context", render)
    assert _shows(client, meeting, "county head")


def test_a_meeting_restored_under_its_old_id_is_not_shown_as_it_was_cached(
    client, page_cache, committed
):
    with committed():
        meeting = make_meeting("The first text", slug="restored")
    assert _shows(client, meeting, "The first text")
    pk = meeting.pk
    with committed():
        meeting.delete()
    with committed():
        restored = make_meeting("The restored text", slug="restored", pk=pk)
    assert _shows(client, restored, "The restored text")


def test_edits_that_no_article_prints_leave_the_articles_cached(
    client, page_cache, committed, django_assert_num_queries
):
    """Another spelling of a person's name (searched, not printed), a directive's
    topics, a topic's description, an organization's kind and a column's place in the
    menu appear on no article."""
    with committed():
        topic, column = make_topic("Roads"), make_column("Openness")
        article = make_meeting("A settled article", topics=[topic], column=column)
        person = make_person("Wu Min", alt_names="吴敏")
        make_attendance(article, person)
        report = make_report(article, make_person("Lu Ping"))
        result = make_result(report, make_organization("Dongping Town"))
        directive = make_directive(article, make_person("Qin Hao"))
    client.get(article.get_absolute_url())
    for change in (
        lambda: edit(person, alt_names="Wu Ming\n吴敏"),
        lambda: topic.directives.add(directive),  # on the topic's page, not the article
        lambda: edit(topic, description="Roads, bridges and ferries."),
        lambda: edit(result.organization, kind="town"),
        lambda: edit(column, order=5),
    ):
        with committed():
            change()
        with django_assert_num_queries(1):
            client.get(article.get_absolute_url())


def test_an_edit_after_restoring_a_backup_shows_at_once(client, page_cache, committed):
    """The backup's version numbers are older than those the cached article was kept
    with: counting on from them must not arrive at the cached article's again."""
    with committed():
        meeting = make_meeting("The text before the backup was restored")
    assert _shows(client, meeting, "before the backup")
    stamp = Meeting.objects.article_stamp(pk=meeting.pk)
    Meeting.objects.filter(pk=meeting.pk).update(title="The text in the backup")
    ArticleVersion.objects.filter(meeting_id=meeting.pk).update(value=stamp.article_version - 1)
    with committed():
        edit(meeting, title="The text edited after the restore")
    assert _shows(client, meeting, "edited after the restore")


def test_without_the_page_cache_an_article_is_confirmed_with_one_query(
    client, admin_client, settings, committed, django_assert_num_queries
):
    """A single server with no Redis keeps no pages, but a visitor's copy of an article
    is still confirmed from its versions, without rendering it."""
    settings.PAGE_CACHE = False
    with committed():
        meeting = make_meeting("Confirmed without a cache")
    first = client.get(meeting.get_absolute_url())
    assert first["ETag"] and "must-revalidate" in first["Cache-Control"]
    with django_assert_num_queries(1):
        again = client.get(meeting.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert again["Vary"] == first["Vary"] == "Cookie", "staff get pages of their own"
    with committed():
        edit(meeting, summary="Edited since.")
    changed = client.get(meeting.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Edited since." in changed.content.decode()
    staff = admin_client.get(meeting.get_absolute_url(), HTTP_IF_NONE_MATCH=changed["ETag"])
    assert staff.status_code == 200 and "ETag" not in staff, "staff pages are their own"


def test_a_change_shows_even_if_the_server_is_stopped_right_after_saving_it(
    client, page_cache, committed
):
    """gunicorn stops a worker that overruns its timeout with SystemExit, which no
    logging handler catches: the change is saved, and must not stay hidden."""
    with committed():
        meeting = make_meeting("The text before the edit")
    assert _shows(client, meeting, "before the edit")
    stopped = mock.patch.object(signals, "recount_scheduled", side_effect=SystemExit(1))
    with stopped, pytest.raises(SystemExit), committed():
        edit(meeting, title="The text after the edit")
    assert _shows(client, meeting, "after the edit")


def test_an_operator_expires_every_cached_page_once_redis_is_back(client, page_cache):
    """A command that changed content while Redis was down, and exited before it came
    back, logs that `manage.py expire_pages` is needed: it starts a new generation."""
    meeting = make_meeting("Kept before an import during the outage")
    client.get(meeting.get_absolute_url())
    Meeting.objects.filter(pk=meeting.pk).update(title="Imported during the outage")
    ArticleVersion.objects.raise_for([meeting.pk])  # the import's change; its bump was lost
    assert not _shows(client, meeting, "Imported during the outage"), "served from the cache"
    output = StringIO()
    call_command("expire_pages", stdout=output)
    assert "A new content generation started" in output.getvalue()
    assert _shows(client, meeting, "Imported during the outage")


def test_expiring_pages_while_redis_is_still_down_says_so(page_cache):
    with cache_down_everywhere(), pytest.raises(CommandError, match="could not be reached"):
        call_command("expire_pages")
    assert not page_cache_module.owes_bump(), "reported, not left to retry at exit"
