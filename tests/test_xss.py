"""Text entered by staff is text everywhere it appears: no output runs it as code."""

import csv
import io
import json
import re

import feedparser
import icalendar
import pytest
from django.urls import reverse

from meetings.models import (
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Column,
    Directive,
    Meeting,
    Organization,
    Person,
    Topic,
)
from tests.factories import (
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

PAYLOAD = (
    '<script>alert("x")</script><img src=x onerror=alert(1)>'
    '<a href="javascript:alert(2)">j</a></script>"\'&'
)
FORMULA = '=HYPERLINK("http://evil.invalid","x")'
# What must never appear in an HTML (or XML) output: the payload as markup.
DANGEROUS = ["<script>alert", "<img src=x", 'href="javascript:']
MODELS = [
    Column,
    Topic,
    Organization,
    Person,
    Meeting,
    Attendance,
    AssessmentReport,
    AssessmentResult,
    Directive,
]


def text_fields(model):
    return [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "get_internal_type", None)
        and f.get_internal_type() in ("CharField", "TextField")
        and not getattr(f, "choices", None)
        and f.editable
        and f.name not in ("slug", "old_slug")
    ]


def fill(obj, text):
    for name in text_fields(type(obj)):
        limit = obj._meta.get_field(name).max_length
        setattr(obj, name, text if not limit else text[:limit])
    obj.save()


@pytest.fixture
def hostile(db, django_capture_on_commit_callbacks):
    """A published meeting whose every text field, and every related record's, is hostile."""
    with django_capture_on_commit_callbacks(execute=True):
        column, topic = make_column(slug="evil-column"), make_topic(slug="evil-topic")
        organization, person = make_organization(slug="evil-org"), make_person(slug="evil-person")
        meeting = make_meeting(
            slug="evil-meeting", column=column, topics=[topic], issued_by=organization
        )
        attendance = make_attendance(meeting, person, organization=organization)
        report = make_report(meeting, person, topics=[topic], period="2024 Q1")
        result = make_result(report, organization=organization, award="red_flag")
        directive = make_directive(meeting, person, topics=[topic])
        for obj in (
            column,
            topic,
            organization,
            person,
            meeting,
            attendance,
            report,
            result,
            directive,
        ):
            fill(obj, PAYLOAD)
        # The title starts with a formula, for the spreadsheet check.
        Meeting.objects.filter(pk=meeting.pk).update(title=FORMULA + PAYLOAD)
    return meeting


def test_every_text_field_of_every_model_is_filled(hostile):
    for model in MODELS:
        fields = text_fields(model)
        assert fields, model
        obj = model.objects.first()
        for name in fields:
            value = getattr(obj, name)
            assert value.startswith((PAYLOAD[:20], FORMULA)), (model, name)


def body(response):
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()


HTML_PAGES = [
    ("meetings:home", {}),
    ("meetings:meeting", {"slug": "evil-meeting"}),
    ("meetings:person", {"slug": "evil-person"}),
    ("meetings:organization", {"slug": "evil-org"}),
    ("meetings:topic", {"slug": "evil-topic"}),
    ("meetings:column", {"slug": "evil-column"}),
    ("meetings:directive_list", {}),  # the hostile directive, its meeting and its issuer
    ("meetings:standings", {}),  # the hostile unit, assessed in the hostile meeting
]


@pytest.mark.parametrize("name, kwargs", HTML_PAGES)
def test_pages_show_the_payload_as_text(client, hostile, name, kwargs):
    html = body(client.get(reverse(name, kwargs=kwargs)))
    for bad in DANGEROUS:
        assert bad not in html, (name, bad)
    assert "&lt;script&gt;alert(" in html, (name, "the payload is shown, as text")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_search_results_and_snippets_escape_the_payload(client, hostile):
    html = body(client.get(reverse("meetings:meeting_list"), {"q": "alert script"}))
    assert "1 meeting found" in html
    for bad in DANGEROUS:
        assert bad not in html
    assert "<mark>" in html


def test_the_page_title_and_meta_tags_escape_the_payload(client, hostile):
    html = body(client.get(hostile.get_absolute_url()))
    head = html[: html.index("</head>")]
    for bad in DANGEROUS:
        assert bad not in head
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert "</script" not in block
    data = json.loads(block)
    assert data["@graph"][0]["description"] == PAYLOAD


@pytest.mark.parametrize("kind", ["feed_rss", "feed_atom"])
def test_feeds_carry_the_payload_as_text(client, hostile, kind):
    raw = body(client.get(reverse(f"meetings:{kind}")))
    for bad in ("<script", "<img", "<a href"):  # as XML text, quotes may stay unescaped
        assert bad not in raw
    feed = feedparser.parse(raw)
    assert not feed.bozo
    entry = feed.entries[0]
    assert entry.title == FORMULA + PAYLOAD
    # The description is escaped HTML: a reader shows the payload, it does not run it.
    assert "&lt;script&gt;" in entry.summary


def test_the_calendar_carries_the_payload_as_data(client, hostile):
    calendar = icalendar.Calendar.from_ical(body(client.get(reverse("meetings:calendar"))))
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == FORMULA + PAYLOAD
    assert str(event["description"]) == PAYLOAD


def test_csv_files_neutralise_formulas(client, hostile):
    rows = list(
        csv.reader(io.StringIO(body(client.get(reverse("meetings:meetings_csv"))).lstrip("\ufeff")))
    )
    assert rows[1][1].startswith("'=HYPERLINK(")
    org_rows = list(
        csv.reader(
            io.StringIO(
                body(
                    client.get(reverse("meetings:organization_csv", kwargs={"slug": "evil-org"}))
                ).lstrip("\ufeff")
            )
        )
    )
    assert org_rows[1][org_rows[0].index("meeting")].startswith("'=HYPERLINK(")


def test_the_api_returns_the_payload_as_json_strings(client, hostile):
    response = client.get("/api/meetings/evil-meeting/")
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["title"] == FORMULA + PAYLOAD
    assert data["summary"] == PAYLOAD


def test_the_admin_escapes_the_payload(admin_client, hostile):
    for url in (
        reverse("admin:meetings_meeting_changelist"),
        reverse("admin:meetings_meeting_change", args=[hostile.pk]),
        reverse("admin:meetings_person_changelist"),
        reverse("admin:meetings_assessmentreport_changelist"),
    ):
        html = body(admin_client.get(url))
        for bad in DANGEROUS:
            assert bad not in html, (url, bad)
