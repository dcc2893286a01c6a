"""A visitor filters the meeting list by topic, date, person, organization and column."""

import datetime
import re
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from meetings.models import Topic
from tests.browse_data import build_browse_data
from tests.factories import make_column, make_meeting

LIST = reverse("meetings:meeting_list")


@pytest.fixture
def data(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_browse_data()


def titles(response):
    assert response.status_code == 200, response.content.decode()[:2000]
    return [m.title for m in response.context["page_obj"].object_list]


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            "",
            [
                "Ecological protection review",
                "县安全生产专题会议",
                "Investment promotion conference",
                "Safety production work meeting",
            ],
        ),
        ("topic=safety-production", ["县安全生产专题会议", "Safety production work meeting"]),
        (
            "topic=safety-production&topic=investment-promotion",
            [
                "县安全生产专题会议",
                "Investment promotion conference",
                "Safety production work meeting",
            ],
        ),
        (
            "date_from=2022-06-01&date_to=2023-12-31",
            ["县安全生产专题会议", "Investment promotion conference"],
        ),
        ("date_from=2022-09-30&date_to=2022-09-30", ["Investment promotion conference"]),
        ("year=2022", ["Investment promotion conference", "Safety production work meeting"]),
        ("person=feng-jie", ["县安全生产专题会议", "Safety production work meeting"]),
        ("organization=dongping-town", ["Investment promotion conference"]),
        (
            "column=key-projects",
            ["Investment promotion conference", "Safety production work meeting"],
        ),
        ("column=government-affairs-openness&year=2024", ["Ecological protection review"]),
        ("topic=safety-production&year=2023", ["县安全生产专题会议"]),
        (
            "topic=ecological-protection&person=li-guoliang&date_from=2024-01-01",
            ["Ecological protection review"],
        ),
        (
            "sort=oldest",
            [
                "Safety production work meeting",
                "Investment promotion conference",
                "县安全生产专题会议",
                "Ecological protection review",
            ],
        ),
    ],
)
def test_filters_give_exactly_the_expected_meetings(client, data, query, expected):
    assert titles(client.get(f"{LIST}?{query}")) == expected


def test_drafts_and_scheduled_meetings_are_never_listed(client, data):
    html = client.get(f"{LIST}?person=feng-jie").content.decode()
    assert "Safety draft meeting" not in html
    assert "Safety scheduled meeting" not in html


def test_active_filters_are_shown_as_removable_chips(client, data):
    response = client.get(f"{LIST}?topic=safety-production&topic=ecological-protection&year=2023")
    html = response.content.decode()
    assert "Topic: Safety production" in html
    assert "Year: 2023" in html
    # Removing one topic keeps the other filters.
    assert 'href="?topic=ecological-protection&amp;year=2023"' in html
    assert "1 meeting found" in html


def test_year_and_month_archive_links(client, data):
    html = client.get(f"{LIST}?year=2022").content.decode()
    for year in ("2022", "2023", "2024"):
        assert f'href="?year={year}"' in html
    assert 'href="?year=2022&amp;date_from=2022-09-01&amp;date_to=2022-09-30"' in html


def test_archive_links_keep_the_other_filters(client, data):
    html = client.get(f"{LIST}?topic=safety-production&year=2022&page=1").content.decode()
    assert 'href="?topic=safety-production&amp;year=2023"' in html
    assert (
        'href="?topic=safety-production&amp;year=2022'
        '&amp;date_from=2022-09-01&amp;date_to=2022-09-30"'
    ) in html
    month = f"{LIST}?topic=safety-production&year=2022&date_from=2022-09-01&date_to=2022-09-30"
    html = client.get(month).content.decode()
    assert 'href="?topic=safety-production&amp;year=2023"' in html, "a year replaces the dates"


def test_a_person_the_site_does_not_know_can_be_corrected_in_the_form(client, data):
    html = client.get(f"{LIST}?person=nobody&year=2022").content.decode()
    assert '<input type="text" name="person" value="nobody"' in html
    assert '<label for="id_person">Person</label>' in html
    assert 'type="hidden" name="person"' not in html
    html = client.get(f"{LIST}?person=feng-jie").content.decode()
    assert '<input type="hidden" name="person" value="feng-jie">' in html


def test_month_links_name_only_months_with_public_meetings(client, data):
    html = client.get(f"{LIST}?year=2023").content.decode()
    assert 'href="?year=2023&amp;date_from=2023-05-01&amp;date_to=2023-05-31"' in html
    # January holds only a draft, February only a meeting scheduled for later.
    assert "date_from=2023-01-01" not in html
    assert "date_from=2023-02-01" not in html


def test_pages_of_results(client, data, settings):
    from meetings.views import browse

    original, browse.PAGE_SIZE = browse.PAGE_SIZE, 3
    try:
        first = client.get(LIST)
        second = client.get(f"{LIST}?page=2")
    finally:
        browse.PAGE_SIZE = original
    assert len(first.context["page_obj"].object_list) == 3
    assert titles(second) == ["Safety production work meeting"]
    assert "Page 2 of 2" in second.content.decode()
    # The next page, like the filters applied, opens at the results, where a keyboard
    # user goes on from, not at the top of the page.
    assert 'href="?page=2#results" rel="next"' in first.content.decode()
    assert 'id="results" tabindex="-1"' in first.content.decode()
    assert 'class="filters" method="get" action="/en/meetings/#results"' in first.content.decode()


def test_the_last_page_offered_is_the_last_that_can_be_shown(client, data, monkeypatch):
    """More meetings are found than the list shows pages of (two of one meeting here,
    500 of twenty on the site): the last page offered says so, links to no next page
    that would be refused, and says how to see the rest, while the count is of them
    all."""
    from meetings.views import browse

    monkeypatch.setattr(browse, "PAGE_SIZE", 1)
    monkeypatch.setattr(browse, "MAX_PAGE", 2)
    for query in ["county", ""]:
        response = client.get(LIST, {"q": query, "page": 2})
        html = response.content.decode()
        assert response.context["page_obj"].paginator.count == (3 if query else 4)
        assert "Page 2 of 2" in html
        assert 'rel="next"' not in html
        assert "Only the first 2 pages of results can be shown." in html
        assert client.get(LIST, {"q": query, "page": 3}).status_code == 400
    first = client.get(LIST, {"q": "county"}).content.decode()
    assert 'rel="next"' in first
    assert "Only the first 2 pages of results can be shown." in first
    monkeypatch.setattr(browse, "MAX_PAGE", 3)
    assert "can be shown" not in client.get(LIST, {"q": "county", "page": 3}).content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("date_from=2022-13-01", "Enter a valid date."),
        ("date_to=yesterday", "Enter a valid date."),
        ("topic=no-such-topic", "There is no topic “no-such-topic”."),
        ("person=nobody", "There is no person with the address name “nobody”."),
        ("organization=nowhere", "There is no organization “nowhere”."),
        ("column=nothing", "There is no column “nothing”."),
        ("date_from=2023-01-01&date_to=2022-01-01", "The end date is before the start date."),
        ("page=99999", "There is no such page of results."),
        ("page=abc", "There is no such page of results."),
        ("page=-1", "There is no such page of results."),
        ("q=fire%00safety", "Null characters are not allowed."),
        ("q=" + "a" * 10_000, "Ensure this value has at most 200 characters"),
        ("year=abc", "Enter a whole number."),
        ("year=99999", "Ensure this value is less than or equal to 2100."),
        ("sort=sideways", "Select a valid choice."),
        ("topic=safety%00", "Null characters are not allowed."),
    ],
)
def test_invalid_input_gets_a_clear_message_and_status_400(client, data, query, message):
    response = client.get(f"{LIST}?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "meetings found" not in html, "never silently unfiltered results"
    # A field in error points screen readers to its message, which is on the page.
    ids = set(re.findall(r' id="([^"]+)"', html))
    for described_by in re.findall(r'aria-describedby="([^"]+)"', html):
        assert set(described_by.split()) <= ids, described_by


def test_a_persons_meetings_are_looked_up_by_id_on_postgresql(data):
    """PostgreSQL scanned every public meeting to hash-join a busy person's meeting ids
    (27 ms at 100,000 meetings); an array of those ids is looked up one by one."""

    from meetings.models import Meeting, Organization, Person

    feng, town = Person.objects.get(slug="feng-jie"), Organization.objects.get(slug="dongping-town")
    for meetings in [
        Meeting.objects.published().with_person(feng),
        Meeting.objects.published().concerning(town),
    ]:
        sql = str(meetings.query)
        assert ("= ANY(ARRAY(" in sql) is (connection.vendor == "postgresql"), sql


def test_the_topic_choices_say_that_any_of_them_will_do(client, data):
    """Two topics chosen find the meetings on either: the form says so."""
    form = filters_form(client.get(LIST))
    assert '<fieldset aria-describedby="topic-hint">' in form
    assert "Meetings on any of the topics chosen are shown." in form
    both = client.get(LIST, {"topic": ["safety-production", "investment-promotion"]})
    one = [client.get(LIST, {"topic": t}) for t in ("safety-production", "investment-promotion")]
    assert both.context["page_obj"].paginator.count > max(
        page.context["page_obj"].paginator.count for page in one
    )


def test_the_column_menu_offers_every_column_and_keeps_the_one_chosen(client, data):
    response = client.get(LIST, {"column": "key-projects"})
    menu = response.content.decode().split('<select name="column"')[1].split("</select>")[0]
    for name in ("Government Affairs Openness", "Key Projects", "Meeting Minutes"):
        assert f">{name}</option>" in menu
    assert '<option value="key-projects" selected>Key Projects</option>' in menu
    everything = client.get(LIST).content.decode().split('<select name="column"')[1]
    assert '<option value="" selected>All columns</option>' in everything


@pytest.mark.parametrize("year", ["2023年", " 2023 ", "２０２３"])
def test_a_year_is_taken_as_a_chinese_reader_writes_it(client, data, year):
    assert client.get(LIST, {"year": year}).context["page_obj"].paginator.count == (
        client.get(LIST, {"year": "2023"}).context["page_obj"].paginator.count
    )


def test_a_year_typed_wrong_stays_in_its_field_beside_the_message(client, data):
    """A number field would show nothing of “２０２２年度” next to the error about it."""
    response = client.get(LIST, {"year": "2022年度"})
    assert response.status_code == 400
    field = re.search(r'<input[^>]*name="year"[^>]*>', filters_form(response)).group()
    assert 'value="2022年度"' in field and 'inputmode="numeric"' in field
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_year_error"' in field
    assert (
        '<li id="id_year_error"><a href="#id_year"><strong>Year:</strong></a> '
        "Enter a whole number.</li>"
    ) in response.content.decode(), "the message leads to the field"
    assert "<title>Error: Meetings" in response.content.decode(), "the title says it failed"


def selected_sort(response):
    """[(what the selected option sends, what it says)] of the sort menu."""
    menu = response.content.decode().split('<select name="sort"')[1].split("</select>")[0]
    return re.findall(r'<option value="(\w*)" selected>([^<]+)</option>', menu)


@pytest.mark.parametrize(
    "query, shown",
    [
        ({}, [("", "Newest first")]),
        ({"q": "safety"}, [("", "Relevance")]),  # a search is ranked unless asked otherwise
        ({"q": "safety", "sort": "oldest"}, [("oldest", "Oldest first")]),
        ({"sort": "relevance"}, [("", "Newest first")]),  # nothing to rank without words
        ({"year": "abc"}, [("", "Newest first")]),  # the form with an error keeps its menu right
    ],
)
def test_the_sort_menu_shows_the_order_the_results_are_in(client, data, query, shown):
    """Submitting the form again keeps the order the visitor is looking at, and words
    added to the form of a list in its own order are ranked."""
    assert selected_sort(client.get(LIST, query)) == shown


def test_words_added_in_the_filter_form_are_ranked(client, data):
    """The form of the plain list sends what its menu shows selected, with the words."""
    page = client.get(LIST)
    ((sent, _label),) = selected_sort(page)
    ranked = client.get(LIST, {"q": "safety", "sort": sent})
    assert selected_sort(ranked) == [("", "Relevance")]
    assert ranked.context["filterset"].sort_order == "relevance"


def filters_form(response):
    form = response.content.decode().split('<form class="filters"')[1].split("</form>")[0]
    return form


def test_an_editors_changes_to_topics_columns_and_years_show_in_the_filters_at_once(
    client, data, committed, shared_generation
):
    """The topics, the columns and the archive's years are read once per content
    generation: every change an editor commits starts a new one."""
    client.get(LIST)
    with committed():
        topic = Topic.objects.get(slug="safety-production")
        topic.name = "Work safety"
        topic.save()
        make_column("Notices", slug="notices")
        make_meeting("An old meeting", held_on=datetime.date(2015, 5, 1))
    response = client.get(LIST)
    form = filters_form(response)
    assert "Work safety" in form and "Safety production" not in form
    assert '<option value="notices">Notices</option>' in form
    assert '<a href="?year=2015">2015</a>' in response.content.decode()


def test_while_a_replica_may_lag_the_filters_are_read_for_each_page(
    client, data, monkeypatch, shared_generation
):
    monkeypatch.setattr("meetings.generation_memo.replicas_may_lag", lambda: True)
    client.get(LIST)
    Topic.objects.filter(slug="safety-production").update(name="Work safety")  # no new generation
    assert "Work safety" in filters_form(client.get(LIST))


def test_while_the_cache_is_down_the_list_still_shows_its_filters(client, data, shared_generation):
    broken = mock.patch.object(
        caches["default"], "get_many", side_effect=ConnectionError("Redis went away")
    )
    with broken:
        response = client.get(LIST)
    assert response.status_code == 200
    form = filters_form(response)
    assert "Safety production" in form and '<option value="key-projects">' in form


def test_where_each_process_has_its_own_cache_the_filters_are_read_for_each_page(
    client, data, settings
):
    """In local memory, each worker and each command has its own content generation, so
    a change made by another process never starts a new one here."""
    settings.GENERATION_IS_SHARED = False
    client.get(LIST)
    Topic.objects.filter(slug="safety-production").update(name="Work safety")  # elsewhere
    assert "Work safety" in filters_form(client.get(LIST))


def test_with_the_page_cache_on_the_filters_are_kept_too(
    client, data, page_cache, committed, django_assert_num_queries
):
    client.get(LIST, {"sort": "oldest"})
    with django_assert_num_queries(5):  # the page's count, ids, meetings and their topics
        response = client.get(LIST, {"sort": "newest"})
    assert "Safety production" in filters_form(response)
    with committed():
        topic = Topic.objects.get(slug="safety-production")
        topic.name = "Work safety"
        topic.save()
    assert "Work safety" in filters_form(client.get(LIST, {"sort": "relevance"}))


def test_a_cache_that_fails_is_asked_once_per_page(client, data, page_cache):
    """A Redis that hangs costs a list page one time-out, not one per value kept."""
    broken = mock.patch.object(
        caches["default"], "get_many", side_effect=ConnectionError("Redis went away")
    )
    with broken as get_many:
        response = client.get(LIST)
    assert response.status_code == 200
    assert get_many.call_count == 1


def test_a_cache_that_fails_after_the_generation_is_read_keeps_nothing(
    client, data, monkeypatch, shared_generation
):
    def failing():
        raise ConnectionError("Redis went away")

    monkeypatch.setattr("meetings.generation_memo.replicas_may_lag", failing)
    assert client.get(LIST).status_code == 200
    Topic.objects.filter(slug="safety-production").update(name="Work safety")  # no new generation
    assert "Work safety" in filters_form(client.get(LIST))
