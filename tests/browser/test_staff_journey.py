"""A publisher enters a meeting in the admin, keeps it as a draft, then publishes it.

Everything is done as a person would: typing into the admin's forms, picking people
from the autocomplete lists, adding a new person through the "+" pop-up window.
The public, in a browser that has never logged in, sees nothing until publication,
then the whole article in order.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meetings.models import Meeting, Organization

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "County work safety promotion meeting on flood season"
SLUG = "county-work-safety-promotion-meeting-on-flood-season-2024-06-20"  # title and day
NEW_PERSON = "Qin Mingyuan"
ATTENDEES = [
    # (name, role, title as printed), in the article's order
    ("Feng Jie", "speech", "secretary of the county party committee"),
    ("Zhang Xiaorui", "attended", "deputy county head"),
    (NEW_PERSON, "attended", "director of the county emergency management bureau"),
]
REPORT_SUBJECT = "the third quarter assessment results of work safety"
DIRECTIVES = [
    ("Feng Jie", "stressed", "every town should inspect its reservoirs before the rains"),
    ("Zhang Xiaorui", "required", "the lagging units should rectify within one month"),
]


def pick(page, field, text):
    """Choose `text` in the admin's autocomplete (select2) box of the form row `field`
    (a person is listed as "Name (latest title; address name)")."""
    page.locator(f"{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    exact = re.compile(rf"^\s*{re.escape(text)}(\s*\(.*\))?\s*$")
    page.locator(".select2-results__option").filter(has_text=exact).first.click()


def add_inline_row(page, prefix):
    """Click "Add another …" under the inline `prefix`; return the new row's selector."""
    total = int(page.locator(f"#id_{prefix}-TOTAL_FORMS").input_value())
    page.locator(f"#{prefix}-group .add-row a").click()
    row = f"#{prefix}-{total}"
    expect(page.locator(row)).to_be_visible()
    return row


def log_in(page, url, user):
    page.goto(url + reverse("admin:login") + "?next=" + reverse("admin:index"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", user.raw_password)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(user.username)


def enter_meeting(page, url):
    page.goto(url + reverse("admin:meetings_meeting_add"))
    page.locator("#id_title").press_sequentially(TITLE)
    expect(page.locator("#id_slug")).to_have_value("")  # made when saved, from title and day
    page.fill("#id_held_on", "2024-06-20")
    pick(page, ".field-column", "Key Projects")
    pick(page, ".field-topics", "Safety production")
    pick(page, ".field-topics", "Ecological protection")
    page.select_option("#id_language", "en")
    page.fill(
        "#id_summary", "On June 20, the county held a meeting on work safety in the flood season."
    )

    for order, (name, role, title) in enumerate(ATTENDEES, start=1):
        row = add_inline_row(page, "attendances")
        page.fill(f"{row} .field-order input", str(order))
        if name == NEW_PERSON:
            # The person is not in the records yet: add them in the pop-up window.
            with page.expect_popup() as opened:
                page.click(f"{row} .field-person a.add-related")
            popup = opened.value
            popup.locator("#id_name").press_sequentially(NEW_PERSON)
            popup.fill("#id_alt_names", "秦明远")
            expect(popup.locator("#id_slug")).to_have_value("qin-mingyuan")
            with popup.expect_event("close"):
                popup.click("input[name=_save]")
            expect(page.locator(f"{row} .field-person .select2-selection")).to_contain_text(
                NEW_PERSON
            )
        else:
            pick(page, f"{row} .field-person", name)
        page.select_option(f"{row} .field-role select", role)
        page.fill(f"{row} .field-title input", title)

    row = add_inline_row(page, "reports")
    pick(page, f"{row} .field-reporter", "Zhang Xiaorui")
    page.fill(f"{row} .field-subject input", REPORT_SUBJECT)
    page.fill(f"{row} .field-period input", "2024 Q3")
    pick(page, f"{row} .field-topics", "Safety production")

    for order, (name, verb, text) in enumerate(DIRECTIVES, start=1):
        row = add_inline_row(page, "directives")
        page.fill(f"{row} .field-order input", str(order))
        pick(page, f"{row} .field-issued_by", name)
        page.select_option(f"{row} .field-verb select", verb)
        page.fill(f"{row} .field-text textarea", text)

    expect(page.locator("#id_status")).to_have_value("draft")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)


def enter_results(page, red_flag, yellow_card):
    """From the saved meeting, open the report's own page and enter two results; saved,
    they lead back to the meeting. Leaving the meeting's form with a change unsaved asks
    first."""
    page.fill("#id_location", "Meeting room 3")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.click("text=Enter the results of this report")
    assert asked == ["beforeunload"], "the change would be lost without a word"
    expect(page.locator("#id_location")).to_have_value("Meeting room 3")
    page.fill("#id_location", "")
    page.click("input[name=_continue]")  # saved as it was
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.click("text=Enter the results of this report")
    expect(page.locator("h1")).to_contain_text("Change assessment report")
    for rank, (organization, standing, award) in enumerate(
        [(red_flag, "excellent", "red_flag"), (yellow_card, "lagging", "yellow_card")],
        start=1,
    ):
        row = add_inline_row(page, "results")
        pick(page, f"{row} .field-organization", organization.name)
        page.select_option(f"{row} .field-standing select", standing)
        page.select_option(f"{row} .field-award select", award)
        page.fill(f"{row} .field-rank input", str(rank))
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("Change meeting")


def publish(page, url, meeting):
    page.goto(url + reverse("admin:meetings_meeting_changelist") + f"?q={SLUG}")
    page.check(f"input[name=_selected_action][value='{meeting.pk}']")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    expect(page.locator(".messagelist .success")).to_contain_text("1 meeting is now")


def test_a_publisher_enters_a_meeting_and_publishes_it(site, new_context, publisher):
    staff = new_context().new_page()
    public = new_context().new_page()  # another browser profile: never logged in
    towns = Organization.objects.filter(kind="town").order_by("name")
    red_flag, yellow_card = towns[0], towns[1]

    log_in(staff, site.url, publisher)
    enter_meeting(staff, site.url)
    enter_results(staff, red_flag, yellow_card)

    meeting = Meeting.objects.get(slug=SLUG)
    assert meeting.status == Meeting.Status.DRAFT
    article_url = site.url + meeting.get_absolute_url()
    assert public.goto(article_url).status == 404
    # Staff see the draft at its address, marked as a preview.
    staff.goto(article_url)
    expect(staff.locator(".notice-preview")).to_be_visible()

    publish(staff, site.url, meeting)

    response = public.goto(article_url)
    assert response.status == 200
    expect(public.locator("h1")).to_have_text(TITLE)
    expect(public.locator(".notice-preview")).to_have_count(0)

    opening = " ".join(public.locator(".article-body .attendees").inner_text().split())
    assert opening == (
        "Feng Jie, secretary of the county party committee, attended the meeting and made "
        "a speech. Zhang Xiaorui, deputy county head, Qin Mingyuan, director of the county "
        "emergency management bureau, attended the meeting."
    )
    proceedings = " ".join(public.locator(".article-body .proceedings").inner_text().split())
    assert proceedings == (
        f"At the meeting, Zhang Xiaorui reported {REPORT_SUBJECT}; the “mobile red flag” was "
        f"awarded to {red_flag.name}, and the “yellow card warning” was issued to "
        f"{yellow_card.name}."
    )
    directives = public.locator(".article-body .directive")
    expect(directives).to_have_text(
        [f"{name} {verb} that {text}" for name, verb, text in DIRECTIVES]
    )
    results = public.locator(".results table.data tbody tr")
    expect(results).to_have_count(2)
    expect(results.nth(0)).to_contain_text(red_flag.name)
    expect(results.nth(0).locator(".award-red")).to_have_text("mobile red flag")
    expect(results.nth(1)).to_contain_text(yellow_card.name)
    expect(results.nth(1).locator(".award-yellow")).to_have_text("yellow card warning")
    expect(public.locator(".disclosure")).to_contain_text("Safety production")
    expect(public.locator(".disclosure")).to_contain_text("Ecological protection")

    # The person added through the pop-up has a public page listing the meeting.
    public.click(f".article-body .attendees a:text-is('{NEW_PERSON}')")
    expect(public.locator("h1")).to_contain_text(NEW_PERSON)
    expect(public.locator("main")).to_contain_text(TITLE)
