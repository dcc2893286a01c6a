"""What a member of the public does: search, filter, browse people and organizations,
switch language, enlarge the text, and get around with the keyboard alone."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting, Topic

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ATTENDEE = "Huang Chunsheng"  # the political commissar in the sample article


def test_searching_an_attendees_name_from_the_home_page_finds_the_article(site, page):
    page.goto(site.url + "/en/")
    page.get_by_label("Search meetings, people and topics").fill(ATTENDEE)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/en/meetings/\?q=Huang\+Chunsheng$"))
    expect(page.locator("h1")).to_have_text(f"Search results for “{ATTENDEE}”")
    expect(page.locator(".best-matches")).to_contain_text(ATTENDEE)
    page.locator(".meeting-list").get_by_role("link", name=site.meeting.title).click()

    expect(page).to_have_url(site.url + site.meeting.get_absolute_url())
    expect(page.locator("h1")).to_have_text(site.meeting.title)
    expect(page.locator(".article-body .attendees")).to_contain_text(
        f"{ATTENDEE}, political commissar of the county public security bureau"
    )


def test_filtering_the_list_by_topic_and_dates_then_removing_a_filter(site, page):
    topic = Topic.objects.get(slug="safety-production")
    start, end = datetime.date(2018, 1, 1), datetime.date(2022, 12, 31)
    published = Meeting.objects.published()
    in_range = published.filter(held_on__range=(start, end))
    expected = in_range.filter(topics=topic).count()
    assert 0 < expected < in_range.count() < published.count()

    page.goto(site.url + "/en/meetings/")
    expect(page.locator(".result-count")).to_have_text(f"{published.count()} meetings found")
    filters = page.locator("form.filters")
    topics_checkbox = filters.get_by_label(topic.name, exact=True)
    expect(topics_checkbox).to_be_hidden()  # the topics are folded away
    filters.locator(".topic-choices summary").click()
    topics_checkbox.check()
    filters.get_by_label("From").fill(start.isoformat())
    filters.get_by_label("To", exact=True).fill(end.isoformat())
    filters.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"topic=safety-production"))
    expect(page.locator(".result-count")).to_have_text(
        f"{expected} meeting{'s' if expected != 1 else ''} found"
    )
    chips = page.locator(".chips li")
    expect(chips).to_have_count(3)
    expect(chips.nth(0)).to_contain_text(f"Topic: {topic.name}")
    items = page.locator(".meeting-item")
    for index in range(items.count()):
        item = items.nth(index)
        expect(item.locator(".tags")).to_contain_text(topic.name)
        held_on = datetime.date.fromisoformat(item.locator("time").get_attribute("datetime"))
        assert start <= held_on <= end
    expect(filters.locator(".topic-choices")).to_have_attribute("open", "")  # open when used

    page.get_by_role("link", name=f"Remove filter Topic: {topic.name}").click()

    expect(page).not_to_have_url(re.compile("topic="))
    expect(chips).to_have_count(2)
    expect(page.locator(".result-count")).to_have_text(f"{in_range.count()} meetings found")
    expect(filters.get_by_label("From")).to_have_value(start.isoformat())


def test_a_person_page_and_an_organization_page_with_its_chart(site, page):
    page.goto(site.url + site.meeting.get_absolute_url())
    page.locator(".article-body .attendees").get_by_role("link", name=ATTENDEE).click()

    expect(page.locator("h1")).to_have_text(ATTENDEE)
    titles = page.get_by_role("region", name="Titles as printed in meeting records")
    expect(titles).to_contain_text("political commissar of the county public security bureau")
    expect(page.get_by_role("link", name=site.meeting.title).first).to_be_visible()

    organization = site.organization
    page.goto(site.url + organization.get_absolute_url())
    expect(page.locator("h1")).to_have_text(organization.name)
    chart = page.get_by_role("img", name=f"Assessment standing of {organization.name}")
    expect(chart).to_be_visible()
    assert chart.evaluate("svg => svg.tagName") == "svg"
    # One mark per result, the same results as the table beside it.
    rows = page.locator("#history-table tbody tr")
    expect(chart.locator("g")).to_have_count(rows.count())
    red_flags = organization.assessment_results.filter(award="red_flag").count()
    expect(chart.locator(".mark-red")).to_have_count(red_flags)
    expect(page.locator("#history-table .award-red")).to_have_count(red_flags)


def test_switching_to_chinese_and_back_keeps_the_page(site, page):
    address = site.meeting.get_absolute_url()
    page.goto(site.url + address)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("link", name="中文").click()

    expect(page).to_have_url(site.url + address.replace("/en/", "/zh-hans/", 1))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("navigation", name="主导航")).to_contain_text("首页")
    expect(page.locator("h1")).to_have_text(site.meeting.title)  # the article's own words

    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(site.url + address)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Home")


def test_large_text_is_remembered_across_pages_and_reloads(site, page):
    page.goto(site.url + "/en/")
    html = page.locator("html")
    toggle = page.get_by_role("button", name="Large text")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    normal_size = page.evaluate("() => getComputedStyle(document.body).fontSize")

    toggle.click()

    expect(html).to_have_class(re.compile(r"\blarge-text\b"))
    expect(toggle).to_have_attribute("aria-pressed", "true")
    larger_size = page.evaluate("() => getComputedStyle(document.body).fontSize")
    assert float(larger_size.rstrip("px")) > float(normal_size.rstrip("px"))

    page.reload()
    expect(html).to_have_class(re.compile(r"\blarge-text\b"))
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.goto(site.url + "/en/meetings/")
    expect(html).to_have_class(re.compile(r"\blarge-text\b"))

    page.get_by_role("button", name="Large text").click()
    page.reload()
    expect(html).not_to_have_class(re.compile(r"\blarge-text\b"))


def focus_path(page, presses, stop=None):
    """Press Tab `presses` times (or until `stop` matches); describe each focused element."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const e = document.activeElement;
                const where = e.closest('form.filters') ? 'filters '
                    : e.closest('.meeting-list') ? 'results ' : '';
                return where + e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                    + (e.className ? '.' + e.className.split(' ')[0] : '');
            }"""
        )
        seen.append(focused)
        if stop and re.search(stop, focused):
            break
    return seen


def test_the_keyboard_alone_reaches_the_skip_link_search_filters_and_results(site, page):
    page.goto(site.url + "/en/")
    assert focus_path(page, 1) == ["a.skip-link"]
    expect(page.locator(".skip-link")).to_be_in_viewport()  # hidden until focused
    path = focus_path(page, 12, stop="input#site-q")
    assert path[-1] == "input#site-q", path

    page.goto(site.url + "/en/meetings/")
    path = focus_path(page, 60, stop="^results a")
    assert path[0] == "a.skip-link"
    expected = [
        "input#site-q",
        "filters summary",  # the form's own fold
        "filters input#id_q",
        "filters summary",  # the topics' fold
        "filters select#id_column",
        "filters input#id_date_from",
        "filters input#id_date_to",
        "filters select#id_sort",
        "filters button",
        "results a",
    ]
    position = -1
    for step in expected:  # each reached by Tab, in this order
        assert step in path[position + 1 :], f"not reached by Tab: {step}, path: {path}"
        position = path.index(step, position + 1)

    # The skip link moves the keyboard past the header, straight to the content.
    page.goto(site.url + "/en/meetings/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    assert focus_path(page, 1) == ["filters summary"]


def test_on_a_phone_results_come_first_and_wide_tables_scroll(site, page):
    """At 375 pixels the filters are folded above the results, one tap away; a results
    table wider than the screen scrolls sideways, and a chart opens on its newest end."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site.url + "/en/meetings/?q=safety")
    expect(page.locator(".result-count")).to_be_in_viewport()
    query = page.locator("form.filters").get_by_label("Keywords")
    expect(query).to_be_hidden()
    page.get_by_text("Filter meetings").click()
    expect(query).to_be_visible()
    expect(query).to_have_value("safety")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site.url + "/en/meetings/?q=safety")
    expect(page.locator("form.filters").get_by_label("Keywords")).to_be_visible()

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site.url + site.meeting.get_absolute_url())
    table = page.locator(".article .table-scroll").first
    assert table.evaluate("t => t.scrollWidth > t.clientWidth"), "wider than the screen"
    table.focus()
    page.keyboard.press("ArrowRight")
    expect(table).not_to_have_js_property("scrollLeft", 0)

    page.goto(site.url + site.organization.get_absolute_url())
    chart = page.locator(".chart")
    assert chart.evaluate("c => c.scrollWidth > c.clientWidth"), "wider than the screen"
    assert chart.evaluate("c => c.scrollLeft + c.clientWidth >= c.scrollWidth - 1")
