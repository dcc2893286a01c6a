"""A small, known set of meetings for the browsing and search tests."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from meetings.models import Attendance, Meeting
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


def build_browse_data():
    """Four public meetings, a draft and a scheduled one. Call inside a captured on_commit."""
    root = make_column("Government Affairs Openness", slug="government-affairs-openness")
    key = make_column("Key Projects", slug="key-projects", parent=root)
    minutes = make_column("Meeting Minutes", slug="meeting-minutes", parent=root)
    safety = make_topic("Safety production", slug="safety-production")
    investment = make_topic("Investment promotion", slug="investment-promotion", name_zh="招商引资")
    ecology = make_topic("Ecological protection", slug="ecological-protection")
    feng = make_person("Feng Jie", slug="feng-jie", alt_names="冯杰")
    zhang = make_person("Zhang Xiaorui", slug="zhang-xiaorui", alt_names="张晓瑞")
    li = make_person("Li Guoliang", slug="li-guoliang")
    town = make_organization("Dongping Town", slug="dongping-town", kind="town", name_zh="东坪镇")

    m1 = make_meeting(
        "Safety production work meeting",
        slug="safety-production-work-meeting",
        held_on=datetime.date(2022, 3, 10),
        column=key,
        topics=[safety],
        summary="On March 10, the county held a safety production work meeting.",
    )
    make_attendance(
        m1, feng, Attendance.Role.SPEECH, title="secretary of the county party committee"
    )
    make_directive(
        m1,
        feng,
        "stressed",
        "fire inspections must cover every village and every school",
        topics=[safety],
    )

    m2 = make_meeting(
        "Investment promotion conference",
        slug="investment-promotion-conference",
        held_on=datetime.date(2022, 9, 30),
        column=key,
        topics=[investment],
        summary="The county reviewed the third-quarter investment figures.",
    )
    make_attendance(m2, zhang, title="deputy county head")
    report = make_report(
        m2,
        zhang,
        "the third quarter assessment results of investment promotion",
        period="2022 Q3",
        topics=[investment],
    )
    make_result(report, organization=town, standing="lagging", award="yellow_card")

    m3 = make_meeting(
        "县安全生产专题会议",
        slug="county-safety-special-meeting",
        held_on=datetime.date(2023, 5, 5),
        column=minutes,
        topics=[safety, ecology],
        summary="2023年5月5日，县召开安全生产专题会议，冯杰出席会议并讲话。",
        language="zh-hans",
    )
    make_attendance(m3, feng, Attendance.Role.SPEECH, title="县委书记")

    m4 = make_meeting(
        "Ecological protection review",
        slug="ecological-protection-review",
        held_on=datetime.date(2024, 1, 15),
        column=minutes,
        topics=[ecology],
        summary="The county reviewed the river chief system.",
        body="The safety of drinking water sources was also discussed.",
    )
    make_attendance(m4, li, title="deputy director")
    make_directive(m4, li, "required", "every river chief should patrol monthly", topics=[ecology])

    draft = make_meeting(
        "Safety draft meeting", published=False, held_on=datetime.date(2023, 1, 1), column=key
    )
    make_attendance(draft, feng)
    scheduled = make_meeting(
        "Safety scheduled meeting",
        held_on=datetime.date(2023, 2, 1),
        column=key,
        published_at=timezone.now() + datetime.timedelta(days=2),
        status=Meeting.Status.PUBLISHED,
    )
    make_attendance(scheduled, feng)
    return SimpleNamespace(**locals())
