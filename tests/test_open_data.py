"""Feeds, calendars, CSV, the sitemap and structured data, each read with a real parser."""

import csv
import datetime
import importlib
import io
import json
import re

import feedparser
import icalendar
import pytest
from django.test import Client
from django.urls import clear_url_caches, reverse
from django.utils import timezone, translation
from lxml import etree

import portal.urls
from meetings.models import Meeting
from meetings.sitemaps import PortalSitemap
from tests.browse_data import build_browse_data
from tests.factories import (
    edit,
    make_attendance,
    make_directive,
    make_meeting,
    make_organization,
    make_person,
    make_report,
    make_result,
    make_topic,
)


@pytest.fixture
def data(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_browse_data()


def get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.content[:300])
    return b"".join(response.streaming_content) if response.streaming else response.content


NEWEST_FIRST = [
    "Ecological protection review",
    "县安全生产专题会议",
    "Investment promotion conference",
    "Safety production work meeting",
]


def publish_in_date_order(data):
    """Give the browse data publication times in the order the meetings were held."""
    for days, meeting in enumerate([data.m1, data.m2, data.m3, data.m4]):
        Meeting.objects.filter(pk=meeting.pk).update(
            published_at=timezone.now() - datetime.timedelta(days=10 - days)
        )


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_site_feed_lists_published_meetings_newest_first(client, data, kind):
    publish_in_date_order(data)
    feed = feedparser.parse(get(client, reverse(f"meetings:feed_{kind}")))
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == NEWEST_FIRST
    first = feed.entries[0]
    assert first.link == "http://testserver/en/meetings/ecological-protection-review/"
    assert first.summary == "The county reviewed the river chief system."
    assert [tag.term for tag in first.tags] == ["Ecological protection"]


@pytest.mark.parametrize(
    "url_name, slug, expected",
    [
        (
            "topic_feed_rss",
            "safety-production",
            ["县安全生产专题会议", "Safety production work meeting"],
        ),
        ("person_feed_atom", "feng-jie", ["县安全生产专题会议", "Safety production work meeting"]),
        ("organization_feed_rss", "dongping-town", ["Investment promotion conference"]),
        (
            "column_feed_atom",
            "meeting-minutes",
            ["Ecological protection review", "县安全生产专题会议"],
        ),
    ],
)
def test_scoped_feeds(client, data, url_name, slug, expected):
    publish_in_date_order(data)
    feed = feedparser.parse(get(client, reverse(f"meetings:{url_name}", kwargs={"slug": slug})))
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == expected


def test_a_filtered_list_has_a_feed_with_the_same_filters(client, data):
    publish_in_date_order(data)
    url = reverse("meetings:feed_rss") + "?year=2022&topic=investment-promotion"
    feed = feedparser.parse(get(client, url))
    assert [entry.title for entry in feed.entries] == ["Investment promotion conference"]
    assert feed.feed.link.endswith("/en/meetings/?year=2022&topic=investment-promotion")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_filtered_feed_names_itself_with_its_filters(client, data, kind):
    """A feed reader that follows the self link keeps the filters it subscribed with."""
    for url in [
        reverse(f"meetings:feed_{kind}") + "?year=2022&topic=investment-promotion",
        reverse(f"meetings:topic_feed_{kind}", kwargs={"slug": "safety-production"}) + "?q=fire",
    ]:
        feed = feedparser.parse(get(client, url))
        [self_link] = [link.href for link in feed.feed.links if link.rel == "self"]
        assert self_link == f"http://testserver{url}"
    unfiltered = reverse(f"meetings:feed_{kind}")
    feed = feedparser.parse(get(client, unfiltered))
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [
        f"http://testserver{unfiltered}"
    ]


def test_every_feed_has_an_id_of_its_own(client, data):
    """Readers tell feeds apart by their id (RFC 4287): a topic's feed of one year is not
    its feed of every year, nor the site's feed of that topic or of two topics."""
    topic_feed = reverse("meetings:topic_feed_atom", kwargs={"slug": "safety-production"})
    site_feed = reverse("meetings:feed_atom")
    urls = [
        topic_feed,
        f"{topic_feed}?year=2022",
        f"{topic_feed}?topic=investment-promotion",
        f"{site_feed}?topic=safety-production",
        f"{site_feed}?topic=safety-production&topic=investment-promotion",
        site_feed,
    ]
    ids = [feedparser.parse(get(client, url)).feed.id for url in urls]
    assert len(set(ids)) == len(urls), ids
    assert ids[1] == f"http://testserver{topic_feed}?year=2022"
    topic = feedparser.parse(get(client, f"{topic_feed}?year=2022")).feed
    assert topic.link == "http://testserver/en/topics/safety-production/"


def test_read_only_addresses_answer_other_methods_with_405(data):
    """A POST to a page, a feed or a file gets "method not allowed", not a page about a
    missing CSRF token."""
    client = Client(enforce_csrf_checks=True)  # as a browser or a script meets the site
    for url in [
        "/en/meetings/feed.rss",
        "/en/topics/safety-production/feed.atom",
        "/en/meetings/calendar.ics",
        "/en/meetings/meetings.csv",
        "/en/organizations/dongping-town/assessments.csv",
        "/sitemap.xml",
        "/robots.txt",
        "/en/",
        "/en/meetings/",
        f"/en/meetings/{data.m1.slug}/",
        "/en/people/feng-jie/",
        "/en/organizations/",
        "/en/organizations/dongping-town/",
        "/en/topics/safety-production/",
        "/en/directives/",
        "/healthz",
        "/api/docs/",
    ]:
        for method in (client.post, client.put, client.delete, client.options):
            response = method(url)
            assert response.status_code == 405, (url, method)
            assert response["Allow"] == "GET, HEAD", url
        assert client.head(url).status_code == 200, url


def test_a_feed_is_not_dated_by_its_newest_meeting(client, data):
    """A meeting withdrawn from the feed would leave that date as it was, telling a
    revalidating cache that the feed holding it is current."""
    response = client.get(reverse("meetings:feed_rss"))
    assert "Last-Modified" not in response


@pytest.mark.parametrize(
    "language, author", [("en", "Meeting records portal"), ("zh-hans", "会议记录门户")]
)
def test_the_atom_feed_names_its_author_in_the_readers_language(client, data, language, author):
    """RFC 4287: a feed whose entries name no author must name one itself."""
    with translation.override(language):
        url = reverse("meetings:feed_atom")
    tree = etree.fromstring(get(client, url))
    atom = {"a": "http://www.w3.org/2005/Atom"}
    assert tree.xpath("a:author/a:name/text()", namespaces=atom) == [author]
    assert tree.xpath("a:entry", namespaces=atom)


def test_feeds_refuse_bad_filters_and_unknown_scopes(client, data):
    assert b"date_from: Enter a valid date." in get(
        client, reverse("meetings:feed_rss") + "?date_from=x", 400
    )
    get(client, reverse("meetings:topic_feed_rss", kwargs={"slug": "nothing"}), 404)


def test_every_page_announces_its_feeds(client, data):
    html = client.get(reverse("meetings:home")).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    html = client.get(
        reverse("meetings:topic", kwargs={"slug": "safety-production"})
    ).content.decode()
    assert 'href="/en/topics/safety-production/feed.atom"' in html
    html = client.get(reverse("meetings:meeting_list") + "?year=2022").content.decode()
    assert 'title="These meetings (RSS)" href="/en/meetings/feed.rss?year=2022"' in html


def test_calendars_feeds_and_files_answer_in_the_readers_language(client, data, settings):
    with translation.override("zh-hans"):
        urls = [
            reverse("meetings:feed_rss"),
            reverse("meetings:calendar"),
            reverse("meetings:meetings_csv"),
        ]
    refused, limited = "以下筛选条件无法使用：", "此地址搜索过于频繁，请一分钟后再试。"
    calendar = icalendar.Calendar.from_ical(get(client, urls[1]))
    assert str(calendar["x-wr-calname"]) == "会议"
    for url in urls:
        answer = get(client, f"{url}?date_from=2022-13-01", 400).decode()
        assert answer.startswith(f"{refused}\ndate_from: ")
    settings.SEARCH_RATE_PER_MINUTE = 0
    for url in urls:
        assert get(client, f"{url}?q=safety", 429).decode() == f"{limited}\n"


def test_calendar_has_one_event_per_meeting(client, data):
    calendar = icalendar.Calendar.from_ical(get(client, reverse("meetings:calendar")))
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == set(NEWEST_FIRST)
    event = events["Investment promotion conference"]
    assert event.decoded("dtstart") == datetime.date(2022, 9, 30)
    assert str(event["url"]) == "http://testserver/en/meetings/investment-promotion-conference/"


def test_an_event_keeps_its_uid_whatever_name_the_site_is_reached_by(client, data, settings):
    """A subscribed calendar updates an event by its UID: a UID that changed with the
    host name, or with the database id after a restore, duplicated or overwrote events."""
    settings.ALLOWED_HOSTS = ["meetings.example.gov.cn", "localhost", "testserver"]

    def uids(host):
        ical = get(client, reverse("meetings:calendar"), HTTP_HOST=host)
        events = icalendar.Calendar.from_ical(ical).walk("VEVENT")
        return {str(e["summary"]): str(e["uid"]) for e in events}

    assert uids("localhost") == uids("meetings.example.gov.cn")
    assert uids("localhost")["Investment promotion conference"] == (
        "meeting-investment-promotion-conference@meetings.example.gov.cn"
    )


def test_scoped_calendars(client, data):
    for url_name, slug, expected in [
        ("person_calendar", "li-guoliang", {"Ecological protection review"}),
        ("topic_calendar", "investment-promotion", {"Investment promotion conference"}),
        ("organization_calendar", "dongping-town", {"Investment promotion conference"}),
    ]:
        body = get(client, reverse(f"meetings:{url_name}", kwargs={"slug": slug}))
        calendar = icalendar.Calendar.from_ical(body)
        assert {str(e["summary"]) for e in calendar.walk("VEVENT")} == expected


def read_csv(body):
    assert body.startswith("\ufeff".encode()), "a byte-order mark for spreadsheet programs"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_filtered_list_downloads_as_csv(client, data):
    rows = read_csv(get(client, reverse("meetings:meetings_csv") + "?topic=safety-production"))
    assert rows[0][:3] == ["held_on", "title", "column"]
    assert [row[1] for row in rows[1:]] == ["县安全生产专题会议", "Safety production work meeting"]
    assert rows[1][3] == "Ecological protection; Safety production"


def test_the_whole_list_downloads_as_csv_a_row_per_meeting_in_the_lists_order(client, db):
    office = make_organization("County Government Office")
    water, roads = make_topic("Water supply"), make_topic("Roads")
    tagged = make_meeting(
        "Water and roads meeting",
        held_on=datetime.date(2024, 5, 2),
        topics=[water, roads],
        issued_by=office,
        index_number="11532-2024-0007",
    )
    untagged = make_meeting("Untagged meeting", held_on=datetime.date(2024, 5, 3))
    make_meeting("A draft", held_on=datetime.date(2024, 5, 4), published=False)

    rows = read_csv(get(client, reverse("meetings:meetings_csv")))

    assert [row[1] for row in rows[1:]] == ["Untagged meeting", "Water and roads meeting"]
    header, newest, older = rows
    as_read = dict(zip(header, older, strict=True))
    assert as_read["held_on"] == "2024-05-02"
    assert as_read["topics"] == "Roads; Water supply"
    assert as_read["issued_by"] == "County Government Office"
    assert as_read["index_number"] == "11532-2024-0007"
    assert as_read["url"] == "http://testserver" + tagged.get_absolute_url()
    assert dict(zip(header, newest, strict=True))["topics"] == ""
    assert dict(zip(header, newest, strict=True))["issued_by"] == ""
    assert newest[-1] == "http://testserver" + untagged.get_absolute_url()


@pytest.mark.parametrize("meetings", [3, 30])
def test_the_csv_reads_the_same_number_of_queries_however_many_meetings_it_lists(
    client, db, django_assert_num_queries, meetings
):
    topics = [make_topic(), make_topic()]
    for _ in range(meetings):
        make_meeting(topics=topics, issued_by=make_organization())
    with django_assert_num_queries(1):  # every row and its topics, in one query
        rows = read_csv(get(client, reverse("meetings:meetings_csv")))
    assert len(rows) == meetings + 1


def test_a_search_downloads_as_csv_in_the_order_of_relevance(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting("Flood control meeting", summary="Flood control. Flood control.")
        make_meeting("Budget meeting", summary="Budget, and one word on flood control.")
        make_meeting("Roads meeting", summary="Roads.")
    rows = read_csv(get(client, reverse("meetings:meetings_csv") + "?q=flood+control"))
    assert [row[1] for row in rows[1:]] == ["Flood control meeting", "Budget meeting"]


def test_an_organizations_assessment_history_downloads_as_csv(client, data):
    rows = read_csv(
        get(client, reverse("meetings:organization_csv", kwargs={"slug": "dongping-town"}))
    )
    assert rows[0][:6] == [
        "period",
        "assessment",
        "standing",
        "standing_label",
        "award",
        "award_label",
    ]
    assert rows[1][:6] == [
        "2022 Q3",
        "the third quarter assessment results of investment promotion",
        "lagging",
        "lagging",
        "yellow_card",
        "yellow card warning",
    ]
    with translation.override("zh-hans"):
        url = reverse("meetings:organization_csv", kwargs={"slug": "dongping-town"})
    chinese = read_csv(get(client, url))
    assert chinese[1][2:6] == ["lagging", "落后", "yellow_card", "黄牌警告"]


def test_the_chinese_file_names_columns_topics_and_offices_in_chinese(client, data):
    with translation.override("zh-hans"):
        url = reverse("meetings:meetings_csv")
    edit(data.safety, name_zh="安全生产")
    rows = {row[1]: row for row in read_csv(get(client, f"{url}?topic=safety-production"))}
    assert rows["县安全生产专题会议"][3] == "Ecological protection; 安全生产"
    english = read_csv(get(client, "/en/meetings/meetings.csv?topic=safety-production"))
    assert english[1][3] == "Ecological protection; Safety production"


def test_csv_cells_cannot_be_formulas(client, data):
    Meeting.objects.filter(pk=data.m1.pk).update(
        title='=HYPERLINK("http://evil.invalid","click")', summary="+1+1", location="@SUM(A1)"
    )
    rows = read_csv(get(client, reverse("meetings:meetings_csv")))
    row = next(r for r in rows if "HYPERLINK" in r[1])
    assert row[1] == '\'=HYPERLINK("http://evil.invalid","click")'
    assert row[4] == "'+1+1"


@pytest.fixture
def pasted_from_word(db):
    """A meeting whose texts were pasted from Word: Shift+Enter is a vertical tab, a page
    break a form feed, and stray control characters come along."""
    return make_meeting(
        "Flood control\x0bwork meeting",
        slug="flood-control",
        summary="The county\x0creviewed\x08 the dykes.\x1f",
        location="Room 3\x0bcounty government",
        topics=[make_topic("Flood\x0bcontrol", slug="flood-control")],
    )


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_carry_text_pasted_from_word(client, pasted_from_word, kind):
    topic_url = reverse(f"meetings:topic_feed_{kind}", kwargs={"slug": "flood-control"})
    for url in [reverse(f"meetings:feed_{kind}"), topic_url]:
        body = get(client, url)
        etree.fromstring(body)  # well-formed XML 1.0
        feed = feedparser.parse(body)
        assert not feed.bozo, feed.bozo_exception
        [entry] = feed.entries
        assert entry.title == "Flood control\nwork meeting"
        assert entry.summary == "The county\nreviewed the dykes."
        assert [tag.term for tag in entry.tags] == ["Flood\ncontrol"]
    assert feed.feed.title.startswith("Flood\ncontrol")


def test_the_calendar_carries_text_pasted_from_word(client, pasted_from_word):
    body = get(client, reverse("meetings:calendar"))
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", body.replace(b"\r\n", b""))
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["summary"]) == "Flood control\nwork meeting"
    assert str(event["description"]) == "The county\nreviewed the dykes."
    assert str(event["location"]) == "Room 3\ncounty government"


def test_the_csv_keeps_text_pasted_from_word_as_it_was_saved(client, pasted_from_word):
    [_header, row] = read_csv(get(client, reverse("meetings:meetings_csv")))
    assert row[1] == "Flood control\x0bwork meeting"
    assert row[4] == "The county\x0creviewed\x08 the dykes.\x1f"


def test_a_deduction_stays_a_number_in_the_assessment_history(client, data):
    """A negative score is a number a spreadsheet can add up; a note that starts with a
    minus is still text, quoted so that it cannot run as a formula."""
    report = make_report(make_meeting(slug="deductions"))
    make_result(report, data.town, score="-3.00", rank=4, note="-2 points for late reports")
    rows = read_csv(
        get(client, reverse("meetings:organization_csv", kwargs={"slug": "dongping-town"}))
    )
    header, row = rows[0], next(r for r in rows if r[-1].endswith("/deductions/"))
    cells = dict(zip(header, row, strict=True))
    assert cells["score"] == "-3.00"
    assert cells["rank"] == "4"
    assert cells["note"] == "'-2 points for late reports"


def test_the_sitemap_lists_every_public_page_with_lastmod(client, data):
    index = etree.fromstring(get(client, "/sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert len(sections) == 5
    urls, lastmods = set(), {}
    for section in sections:
        tree = etree.fromstring(get(client, section.replace("http://testserver", "")))
        for url in tree.findall("s:url", ns):
            loc = url.find("s:loc", ns).text
            urls.add(loc)
            lastmod = url.find("s:lastmod", ns)
            lastmods[loc] = lastmod.text if lastmod is not None else None
    for path in [
        "/en/meetings/safety-production-work-meeting/",
        "/zh-hans/meetings/safety-production-work-meeting/",
        "/en/people/feng-jie/",
        "/en/organizations/dongping-town/",
        "/en/topics/safety-production/",
        "/en/columns/key-projects/",
    ]:
        assert f"http://testserver{path}" in urls
    assert lastmods["http://testserver/en/meetings/safety-production-work-meeting/"]
    assert lastmods["http://testserver/en/people/feng-jie/"]


SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_generated_demonstration_meetings_are_left_out_of_the_sitemap(client, db):
    make_meeting(slug="a-real-meeting")
    make_meeting(slug="a-generated-meeting", source=Meeting.SYNTHETIC)
    listed = sitemap_entries(client, "/sitemap-meetings.xml")
    assert "http://testserver/en/meetings/a-real-meeting/" in listed
    assert not any("a-generated-meeting" in url for url in listed)


def sitemap_entries(client, url):
    """Each <loc> of a sitemap or sitemap index with its <lastmod> text, or None."""
    tree = etree.fromstring(get(client, url))
    return {
        entry.findtext("s:loc", namespaces=SITEMAP): entry.findtext("s:lastmod", namespaces=SITEMAP)
        for entry in tree.xpath("s:url | s:sitemap", namespaces=SITEMAP)
    }


def meetings_loaded(monkeypatch):
    """A list that grows by one for each meeting read from the database."""
    loaded = []
    from_db = Meeting.from_db.__func__

    def counting(cls, *args):
        loaded.append(args)
        return from_db(cls, *args)

    monkeypatch.setattr(Meeting, "from_db", classmethod(counting))
    return loaded


@pytest.mark.parametrize("size", [7, 25])
def test_search_engines_read_the_sitemap_a_page_of_meetings_at_a_time(
    client, db, monkeypatch, django_assert_num_queries, size
):
    """However many meetings there are, the index reads none of them and each page of
    the meetings' sitemap reads its own: here three meetings a page, in two languages."""
    monkeypatch.setattr(PortalSitemap, "limit", 6)
    slugs = [make_meeting(slug=f"meeting-{n:02}").slug for n in range(size)]
    loaded = meetings_loaded(monkeypatch)
    # Each of the 5 sections' size and newest date (people's read from 3 kinds of row).
    with django_assert_num_queries(12):
        index = sitemap_entries(client, "/sitemap.xml")
    assert loaded == []
    meeting_pages = [loc for loc in index if "sitemap-meetings" in loc]
    assert len(meeting_pages) == -(-size // 3)

    with django_assert_num_queries(2):  # the number of meetings, then page 2's
        page = sitemap_entries(client, "/sitemap-meetings.xml?p=2")
    assert len(loaded) == 3
    assert list(page) == [
        f"http://testserver/{language}/meetings/{slug}/"
        for slug in slugs[3:6]
        for language in ("en", "zh-hans")
    ]
    get(client, f"/sitemap-meetings.xml?p={len(meeting_pages) + 1}", status=404)
    tree = etree.fromstring(get(client, "/sitemap-meetings.xml"))
    alternates = tree.xpath(
        "s:url[1]/xhtml:link",
        namespaces={**SITEMAP, "xhtml": "http://www.w3.org/1999/xhtml"},
    )
    assert [(link.get("hreflang"), link.get("href")) for link in alternates] == [
        ("en", "http://testserver/en/meetings/meeting-00/"),
        ("zh-hans", "http://testserver/zh-hans/meetings/meeting-00/"),
        ("x-default", "http://testserver/meetings/meeting-00/"),
    ]


def local_day(moment):
    return timezone.localtime(moment).date().isoformat()


def test_the_sitemap_says_when_each_page_last_changed(client, db, django_assert_num_queries):
    """A person's page changes with every meeting that records them, whether they
    attended, reported or gave directives; an organization never assessed has no date,
    and the index still dates the organizations' section."""
    now = timezone.now()
    old, recent, newest = (now - datetime.timedelta(days=d) for d in (60, 20, 5))
    attended = make_meeting(slug="attended", published_at=old)
    reported = make_meeting(slug="reported", published_at=recent)
    directed = make_meeting(slug="directed", published_at=newest)
    make_meeting(slug="revised", published_at=old, revised_at=now)
    feng, li = make_person("Feng Jie", slug="feng-jie"), make_person("Li Ming", slug="li-ming")
    make_attendance(attended, feng)
    make_attendance(attended, li)
    make_result(make_report(reported, li), make_organization(slug="dongping-town"))
    make_organization(slug="never-assessed")
    make_directive(directed, feng)

    with django_assert_num_queries(5):  # how many, the page, its dates from 3 kinds of row
        people = sitemap_entries(client, "/sitemap-people.xml")
    assert people["http://testserver/en/people/feng-jie/"] == local_day(newest)
    assert people["http://testserver/zh-hans/people/li-ming/"] == local_day(recent)
    organizations = sitemap_entries(client, "/sitemap-organizations.xml")
    assert organizations["http://testserver/en/organizations/dongping-town/"] == local_day(recent)
    assert organizations["http://testserver/en/organizations/never-assessed/"] is None
    meetings = sitemap_entries(client, "/sitemap-meetings.xml")
    assert meetings["http://testserver/en/meetings/revised/"] == local_day(now)

    index = sitemap_entries(client, "/sitemap.xml")
    sections = {loc.rsplit("/", 1)[1]: lastmod for loc, lastmod in index.items()}
    assert datetime.datetime.fromisoformat(sections["sitemap-meetings.xml"]) == now
    assert datetime.datetime.fromisoformat(sections["sitemap-people.xml"]) == newest
    assert datetime.datetime.fromisoformat(sections["sitemap-organizations.xml"]) == recent


def test_robots_txt_points_at_the_sitemap(client, db):
    body = get(client, "/robots.txt").decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


@pytest.fixture
def admin_moved_to(settings):
    """Moves the admin, as DJANGO_ADMIN_PATH does, for one test."""
    original = settings.ADMIN_PATH

    def move(path):
        settings.ADMIN_PATH = path
        importlib.reload(portal.urls)
        clear_url_caches()

    yield move
    move(original)


def test_robots_txt_does_not_give_away_where_the_admin_was_moved(client, db, admin_moved_to):
    admin_moved_to("staff-only-7f3a/")
    body = get(client, "/robots.txt").decode()
    assert "staff-only" not in body and "/admin/" not in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert client.get("/staff-only-7f3a/").status_code == 302, "the admin asks to log in there"


def json_ld_blocks(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_article_pages_carry_json_ld_open_graph_and_canonical(client, data):
    html = client.get(data.m1.get_absolute_url()).content.decode()
    [graph] = json_ld_blocks(html)
    article, event = graph["@graph"]
    assert (
        article["@type"] == "NewsArticle"
        and article["headline"] == "Safety production work meeting"
    )
    assert event["@type"] == "Event" and event["startDate"] == "2022-03-10"
    assert event["attendee"][0] == {
        "@type": "Person",
        "name": "Feng Jie",
        "jobTitle": "secretary of the county party committee",
    }
    assert '<meta property="og:title" content="Safety production work meeting">' in html
    assert (
        '<link rel="canonical" href="http://testserver/en/meetings/safety-production-work-meeting/">'
        in html
    )
    assert (
        'hreflang="zh-hans" href="http://testserver/zh-hans/meetings/safety-production-work-meeting/"'
        in html
    )


def test_json_ld_cannot_be_closed_by_text_in_a_record(client, data):
    Meeting.objects.filter(pk=data.m1.pk).update(summary='</script><script>alert("x")</script>')
    html = client.get(data.m1.get_absolute_url()).content.decode()
    assert "</script><script>alert" not in html
    [graph] = json_ld_blocks(html)
    assert graph["@graph"][0]["description"] == '</script><script>alert("x")</script>'


# -- Nothing unpublished leaks -------------------------------------------------------------


@pytest.fixture
def hidden(data, django_capture_on_commit_callbacks):
    """Four meetings the public must not see, each with a word found nowhere else."""
    hidden = []
    with django_capture_on_commit_callbacks(execute=True):
        for status, word, published_at in [
            ("draft", "Zebradraft", None),
            ("review", "Zebrareview", None),
            ("published", "Zebrascheduled", timezone.now() + datetime.timedelta(days=3)),
            ("withdrawn", "Zebrawithdrawn", timezone.now() - datetime.timedelta(days=3)),
        ]:
            meeting = make_meeting(
                f"{word} meeting",
                slug=word.lower(),
                status=status,
                published=False,
                published_at=published_at,
                column=data.key,
                topics=[data.safety],
                summary=f"{word} lead",
            )
            make_attendance(meeting, data.feng)
            make_result(
                make_report(meeting, topics=[data.safety]), organization=data.town, award="red_flag"
            )
            hidden.append(meeting)
    return hidden


def public_outputs(client, data):
    urls = [
        reverse("meetings:home"),
        reverse("meetings:meeting_list"),
        reverse("meetings:meeting_list") + "?q=lead",  # only the hidden meetings say "lead"
        reverse("meetings:feed_rss"),
        reverse("meetings:feed_atom"),
        reverse("meetings:calendar"),
        reverse("meetings:meetings_csv"),
        reverse("meetings:organization_csv", kwargs={"slug": "dongping-town"}),
        "/sitemap-meetings.xml",
        "/api/meetings/",
        "/api/meetings/?q=lead",
    ]
    for kind, slug in [
        ("topic", "safety-production"),
        ("person", "feng-jie"),
        ("organization", "dongping-town"),
        ("column", "key-projects"),
    ]:
        urls += [
            reverse(f"meetings:{kind}", kwargs={"slug": slug}),
            reverse(f"meetings:{kind}_feed_rss", kwargs={"slug": slug}),
            reverse(f"meetings:{kind}_feed_atom", kwargs={"slug": slug}),
            reverse(f"meetings:{kind}_calendar", kwargs={"slug": slug}),
        ]
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        yield url, response.status_code, body.decode("utf-8", "replace").lower()


def test_unpublished_meetings_leak_through_no_channel(client, data, hidden):
    for url, status, body in public_outputs(client, data):
        assert status == 200, url
        for word in ("zebradraft", "zebrareview", "zebrascheduled", "zebrawithdrawn"):
            assert word not in body, f"{word} leaked through {url}"
    for meeting in hidden:
        assert client.get(meeting.get_absolute_url()).status_code in (404, 410)
        assert client.get(f"/api/meetings/{meeting.slug}/").status_code == 404


def test_the_site_has_an_icon_for_browser_tabs_and_feed_readers(client, db):
    home = client.get("/en/").content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*emblem[^"]*\.svg" type="image/svg\+xml">', home)
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].startswith("/static/img/emblem")
